"""Phase helpers on small companies: what a notebook shows when there is little to show."""

from __future__ import annotations

import pandas as pd

from kpikit import Company
from kpikit.kpis.registry import KPIS
from kpikit.views import phases


def company(goals=(), kpis=("new_customers", "close_rate", "cac", "conversion_rate", "reach")):
    deals = pd.DataFrame({
        "deal_id": [f"D{i}" for i in range(12)],
        "status": ["won"] * 4 + ["lost"] * 6 + ["open"] * 2,
        "created_at": pd.to_datetime(["2025-01-10"] * 12),
        "closed_at": pd.to_datetime(["2025-02-10"] * 10 + [None] * 2),
        "amount": [1000.0] * 12,
        "customer_id": [f"K{i}" for i in range(12)],
    })
    return Company.from_frames(deals=deals, kpis=list(kpis), goals=list(goals),
                               period=(pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31")))


def test_without_goals_the_tables_say_so():
    c = company()
    assert phases.goals_table(c, lang="de").iloc[0].tolist()[1] == "Noch keine Ziele in company.yaml definiert."
    found = phases.goal_findings(c, lang="en")
    assert found.iloc[0, 0] == "No goals defined in company.yaml yet." and "goal builder" in found.iloc[0, 1]
    assert "Keine abgewiesenen Zeilen" in phases.rejected_summary(c, lang="de").iloc[0].tolist()[-1]


def test_proposal_keeps_three_kpis_when_none_has_a_goal():
    proposal = phases.proposed_kpis(company(), lang="en")
    decisions = dict(zip(proposal["id"], proposal["Decision"], strict=True))
    assert list(decisions.values()).count("keep") == 3
    assert [k for k, d in decisions.items() if d == "keep"] == ["new_customers", "close_rate", "cac"]
    assert proposal.set_index("id").loc["new_customers", "Reason"] == "no goal yet: write a SMART goal for it"


def test_quiz_counts_open_deals_once_and_does_not_always_put_the_answer_first():
    q = phases.quiz(company(), lang="en", as_of="2025-12-31")[0]
    # last four quarters: 4 won, 6 lost, 2 open → 12 deals, close rate 40 %, the trap 4/12
    assert "4 deals were won and 6 lost; 12 deals were created" in q["question"]
    assert q["answer"] == "40.0 %" and set(q["choices"]) == {"40.0 %", "33.3 %"}
    assert q["choices"] == sorted(q["choices"])


def test_charts_without_values_say_so_instead_of_drawing_1970():
    import matplotlib

    matplotlib.use("Agg")
    from kpikit.views import plots

    c = company()
    fig = plots.kpi_by_segment(c, "cac", lang="de")  # no campaigns at all: nothing per channel
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("Keine Werte für diese Grafik" in t for t in texts)
    assert not [lbl.get_text() for lbl in fig.axes[0].get_xticklabels() if "1970" in lbl.get_text()]
    fig = plots.channel_bars(c, "cac", lang="en")
    assert any("No values for this chart" in t.get_text() for t in fig.axes[0].texts)
    fig = plots.kpi_trend(c, "new_customers", period="month", lang="en")
    ticks = [tick for tick in fig.axes[0].get_yticks() if tick >= 0]
    assert all(float(tick).is_integer() for tick in ticks), ticks
    plots.plt.close("all")


def test_funnel_note_says_why_the_funnel_stops_at_the_leads():
    c = company()
    assert "Without a 'leads' table" in phases.funnel_note(c, lang="en")
    leads = pd.DataFrame({"lead_id": ["L1"], "created_at": pd.to_datetime(["2025-01-05"])})
    with_leads = Company.from_frames(deals=c.deals, leads=leads, kpis=list(c.kpis))
    assert "lead_id" in phases.funnel_note(with_leads, lang="de")
    linked = Company.from_frames(deals=c.deals.assign(lead_id="L1"), leads=leads, kpis=list(c.kpis),
                                 period=(c.period[0], c.period[1]))
    note = phases.funnel_note(linked, lang="de", as_of=c.period[1])
    assert "lead_id" not in note and "Deals" not in note
    assert "Sitzungen" in note and "sources.traffic" in note  # the one step still missing: web analytics


def test_quiz_shows_the_company_currency():
    c = company()
    c.currency = "EUR"
    questions = " ".join(q["question"] for q in phases.quiz(c, lang="de"))
    assert "EUR 2'000" in questions and "EUR 1'600" in questions and "CHF" not in questions
    assert "CHF" not in phases.quiz_html(c, lang="en")


def test_phase_kpis_are_chosen_from_what_is_computable_and_the_rest_is_named_with_what_to_capture():
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "channel": ["Web", "Messe", "Web"],
                          "created_at": pd.to_datetime(["2025-01-06", "2025-02-03", "2025-05-17"])})
    c = Company.from_frames(leads=leads)
    assert phases.choose_kpis(c, phases.TREND_KPIS) == ["leads"]
    assert phases.choose_kpis(c, phases.SEGMENT_KPIS)  # none of close rate, CAC: falls back to a computable one
    for lang in ("de", "en"):
        note = phases.missing_note(c, phases.TREND_KPIS, lang=lang)
        assert all(KPIS[k].name(lang) in note for k in ("close_rate", "new_customers", "cac")), note
        assert KPIS["leads"].name(lang) + " (" not in note
    assert "Deals" in phases.missing_note(c, ["close_rate"], lang="de")  # what to capture: the deals
    assert phases.missing_note(c, ["leads"], lang="en") == ""


def _undated_leads_company():
    """A dated company made undated the way the loader marks a snapshot export: all NaT and ``undated``."""
    import shutil
    import tempfile
    from pathlib import Path

    import yaml

    from kpikit import load_company

    root = Path(__file__).resolve().parents[1] / "datasets" / "demo"
    config = yaml.safe_load((root / "company.yaml").read_text(encoding="utf-8"))
    folder = Path(tempfile.mkdtemp()) / "leads"
    (folder / "exports").mkdir(parents=True)
    shutil.copyfile(root / config["sources"]["leads"]["file"], folder / config["sources"]["leads"]["file"])
    keep = {k: v for k, v in config.items() if k not in ("sources", "goals", "kpis")}
    (folder / "company.yaml").write_text(yaml.safe_dump({**keep, "sources": {"leads": config["sources"]["leads"]}},
                                                        allow_unicode=True), encoding="utf-8")
    c = load_company(folder, lang="de")
    c.leads["created_at"] = pd.Series(pd.NaT, index=c.leads.index, dtype="datetime64[us]")
    c.undated = ("leads",)
    return c, folder


def test_undated_data_window_finding_says_no_dates_not_weeks():
    from kpikit.checks.window import check_window

    c, _ = _undated_leads_company()
    found = check_window(c)
    assert [f.code for f in found] == ["WINDOW_UNDATED"]
    for lang in ("de", "en"):
        text = found[0].message(lang) + found[0].recommendation(lang)
        assert "leads" in text and "Woche" not in text and "week" not in text


def test_undated_data_every_phase_says_once_that_trends_need_dates(monkeypatch):
    from pathlib import Path

    import matplotlib
    import nbformat
    from IPython.display import Markdown
    from matplotlib.figure import Figure

    from kpikit.plan import PHASES

    matplotlib.use("Agg")
    monkeypatch.setenv("KPIKIT_BATCH", "1")
    c, folder = _undated_leads_company()
    note = phases.trend_note(c, lang="de")
    assert note.startswith("Diese Daten haben keine Datumsangaben (leads)")
    root = Path(__file__).resolve().parents[1] / "notebooks"
    for phase in PHASES:
        shown: list = []
        namespace: dict = {}
        nb = nbformat.read(str(root / phase.notebook), as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            exec(compile(cell.source, phase.notebook, "exec"), namespace)  # noqa: S102 - our own notebooks
            if "parameters" in cell.metadata.get("tags", []):
                namespace["company_dir"] = str(folder)
            if "phases.setup()" in cell.source:  # the loaded company, made undated; displays collected
                namespace.update(company=c, display=shown.append)
            last = cell.source.strip().splitlines()[-1]
            if not last.startswith((" ", "for ", "if ", "from ", "import ", "plots.")) and "=" not in last:
                shown.append(eval(last, namespace))  # noqa: S307 - the cell's displayed value
        said = [s for s in shown if isinstance(s, Markdown) and s.data == note]
        assert len(said) == 1, (phase.notebook, len(said))
        figures = [s for s in shown if isinstance(s, Figure)]
        # no trend chart: phases 2 and 6 show only trends, phase 5 keeps its funnel and channel bars
        assert len(figures) <= {2: 0, 5: 2, 6: 0}.get(phase.number, len(figures)), phase.notebook


def test_funnel_note_without_deals_does_not_blame_their_lead_id():
    leads = pd.DataFrame({"lead_id": ["L1", "L2"], "created_at": pd.to_datetime(["2025-01-06", "2025-02-03"])})
    note = phases.funnel_note(Company.from_frames(leads=leads), lang="en")
    assert "there are no deals" in note and "do not carry" not in note
