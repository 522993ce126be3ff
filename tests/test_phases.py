"""Phase helpers on small companies: what a notebook shows when there is little to show."""

from __future__ import annotations

import pandas as pd

from kpikit import Company
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
    linked = Company.from_frames(deals=c.deals.assign(lead_id="L1"), leads=leads, kpis=list(c.kpis))
    assert phases.funnel_note(linked, lang="de") == ""
