"""Trainer widgets driven through their widget API: set values, then check outputs and state.

Numbers are checked against ``compute_kpis``, warnings against the kit's own check messages. No
timings here: responsiveness is measured in benchmarks/bench_widgets.py.
"""

import dataclasses
import datetime as dt
import html
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from kpikit import KPIS, compute_kpis, load_company
from kpikit.checks import check_selection
from kpikit.checks.goals import complete_series
from kpikit.views.phases import what_if, what_if_basis
from kpikit.views.widgets import (
    GoalBuilder,
    KpiExplorer,
    KpiPicker,
    WhatIf,
    goal_builder,
    kpi_explorer,
    kpi_picker,
)
from kpikit.views.widgets import what_if as what_if_widget

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def text(widget_html: str) -> str:
    """Widget HTML as the reader sees it (entities decoded)."""
    return html.unescape(widget_html)


@pytest.fixture(scope="module")
def minimal():
    return load_company(ROOT / "tests" / "data" / "minimal")


# --- KPI picker ---------------------------------------------------------------------------------------
def test_picker_starts_with_the_company_selection_and_accepts_it(demo_company):
    picker = kpi_picker(demo_company)
    assert picker.value == tuple(k for k in KPIS if k in demo_company.kpis)
    assert picker.valid
    # conversion_rate has no goal in the demo company: accepted, but warned about
    assert picker.codes == ["KPI_WITHOUT_GOAL"]
    shown = text(picker.output.value)
    assert "die Auswahl gilt" in shown or "Zahl stimmt" in shown
    assert "kpis: [new_customers, close_rate, conversion_rate, cac]" in shown
    assert picker.findings[0].message("de") in shown


def test_picker_refuses_nine_kpis_and_says_why(demo_company):
    picker = KpiPicker(demo_company)
    nine = list(KPIS)[:9]
    picker.value = nine
    assert len(picker.value) == 9 and not picker.valid
    assert picker.codes[0] == "KPI_COUNT_HIGH"
    shown = text(picker.output.value)
    assert "9 KPIs gewählt – gesteuert wird mit 3 bis 5 KPIs." in shown
    assert "mehr als 5 verwässern den Fokus" in shown
    assert "kpis: [" not in shown, "an invalid selection gets no company.yaml entry"
    # the findings are the kit's own checks, not a copy of them
    expected = check_selection(dataclasses.replace(demo_company, kpis=tuple(picker.value)))
    assert sorted(picker.codes) == sorted(f.code for f in expected)


def test_picker_refuses_two_kpis(demo_company):
    picker = KpiPicker(demo_company)
    picker.value = ("new_customers", "close_rate")
    assert not picker.valid and "KPI_COUNT_LOW" in picker.codes
    assert "2 KPIs gewählt" in text(picker.output.value)


def test_picker_follows_single_checkbox_clicks(demo_company):
    picker = KpiPicker(demo_company, selected=("new_customers", "close_rate", "cac"))
    assert picker.valid and picker.codes == []
    picker.checkboxes["cac"].value = False
    assert picker.value == ("new_customers", "close_rate") and not picker.valid
    picker.checkboxes["revenue"].value = True
    assert picker.valid and picker.codes == ["KPI_WITHOUT_GOAL", "GOAL_KPI_NOT_SELECTED"]  # cac has a goal
    assert picker.findings[0].kpi == "revenue"


def test_picker_warns_about_vanity_metrics(demo_company):
    picker = KpiPicker(demo_company, lang="en")
    picker.value = ("reach", "impressions", "ctr")
    assert "VANITY_METRIC" in picker.codes
    shown = text(picker.output.value)
    assert "reach alone" in shown and "mind the notes" in shown
    assert "Reichweite" not in shown


def test_picker_rejects_kpis_the_data_cannot_produce(minimal):
    picker = KpiPicker(minimal, selected=("close_rate", "cac", "leads"))
    assert not picker.valid
    assert "KPI_NOT_COMPUTABLE" in picker.codes
    finding = next(f for f in picker.findings if f.code == "KPI_NOT_COMPUTABLE")
    assert finding.kpi == "leads" and finding.severity == "critical"
    assert "nicht jede lässt sich aus den Daten berechnen" in text(picker.output.value)
    assert "Daten fehlen" in picker.checkboxes["leads"].description


def test_picker_labels_goal_kpis_and_rejects_unknown_ids(demo_company):
    picker = KpiPicker(demo_company, lang="en")
    assert picker.checkboxes["new_customers"].description == "New customers · goal neukunden"
    with pytest.raises(ValueError, match=r"Got value=\['close_rat'\]"):
        picker.value = ("close_rat",)
    with pytest.raises(ValueError, match="Got selected="):
        KpiPicker(demo_company, selected=("nope",))


# --- goal builder -------------------------------------------------------------------------------------
def test_goal_builder_lists_every_missing_part(demo_company):
    builder = GoalBuilder(demo_company)
    assert builder.missing == ["statement", "kpi", "target", "per", "deadline"]
    assert "Noch nicht SMART – es fehlt: Aussage, KPI, Zielwert, Raster, Termin" in text(builder.output.value)


def fill(builder, *, statement='Bis 31.12.2026 "120" Neukunden pro Quartal', kpi="new_customers", target=120.0,
         per="quarter", deadline=dt.date(2026, 12, 31)):
    builder.statement.value = statement
    builder.kpi.value = kpi
    builder.target.value = target
    builder.per.value = per
    builder.deadline.value = deadline


def test_goal_builder_yields_a_smart_goal_as_valid_yaml(demo_company):
    builder = goal_builder(demo_company)
    fill(builder)
    assert builder.missing == [] and builder.warnings == []
    shown = text(builder.output.value)
    assert "SMART – Eintrag für company.yaml:" in shown
    entry = yaml.safe_load(builder.yaml())[0]
    assert entry == {"id": "neues_ziel", "statement": 'Bis 31.12.2026 "120" Neukunden pro Quartal',
                     "kpi": "new_customers", "target": 120.0, "per": "quarter", "deadline": dt.date(2026, 12, 31)}


def test_goal_builder_shows_latest_value_and_needed_step(demo_company):
    builder = goal_builder(demo_company)
    fill(builder)
    frame = compute_kpis(demo_company, "new_customers", period="quarter")
    last = complete_series(frame, demo_company).dropna(subset=["value"]).iloc[-1]
    assert builder.latest() == ("2026-Q3", last["value"])
    shown = text(builder.output.value)
    assert f"Letzter Wert (2026-Q3): {last['value']:.0f}." in shown
    # one quarter from the end of the data (30.09.2026) to the deadline
    assert f"Nötig bis zum Termin: +{120 - last['value']:.0f} pro Quartal über 1 Perioden." in shown


def test_goal_builder_warns_about_percent_past_deadline_and_met_targets(demo_company):
    builder = GoalBuilder(demo_company, lang="en")
    fill(builder, kpi="close_rate", target=40.0, statement="Close rate 40 %")
    assert any("40.0 % as 0.40" in w for w in builder.warnings)
    builder.target.value = 0.4
    assert builder.warnings == []
    builder.deadline.value = dt.date(2026, 3, 31)
    assert builder.warnings == ["The deadline is not after the cut-off date 30.09.2026."]
    builder.deadline.value = dt.date(2027, 3, 31)
    builder.target.value = 0.1
    assert builder.warnings and "already met" in builder.warnings[0]
    assert "SMART, but please check:" in text(builder.output.value)


def test_goal_builder_without_company_still_builds(demo_company):
    builder = GoalBuilder()
    fill(builder)
    assert builder.missing == [] and builder.latest() is None
    assert "neues_ziel" in builder.static_html()


# --- what-if ------------------------------------------------------------------------------------------
def test_what_if_matches_the_engine(demo_company):
    widget = what_if_widget(demo_company, points=5)
    basis = what_if_basis(demo_company)
    frame = compute_kpis(demo_company, ["close_rate", "revenue"], period="all", start=basis["start"],
                         end=basis["end"]).set_index("kpi")
    closed, won = frame.loc["close_rate", "denominator"], frame.loc["close_rate", "numerator"]
    assert (basis["closed"], basis["won"]) == (closed, won)
    table = widget.table()
    pd.testing.assert_frame_equal(table, what_if(demo_company, close_rate_points=5))
    extra = 0.05 * closed
    assert table.iloc[1, 2] == f"{won + extra:,.0f}".replace(",", "'")
    assert f"{closed:,.0f}".replace(",", "'") + " abgeschlossene Deals" in text(widget.output.value)


def test_what_if_slider_redraws_and_shows_signs(demo_company):
    widget = WhatIf(demo_company, lang="en")
    widget.slider.value = -10
    assert widget.value == -10
    table = widget.table()
    changes = table.iloc[:, 3].tolist()
    assert changes[0] == "−10.0 pts" and all("+−" not in c and "+CHF −" not in c for c in changes)
    assert all(c.startswith(("−", "CHF −")) for c in changes)
    assert "−10.0 pts" in widget.output.value
    widget.value = 20
    assert widget.table().iloc[0, 3] == "+20.0 pts"


def test_what_if_without_closed_deals_says_so(demo_company):
    empty = dataclasses.replace(demo_company, tables={k: v for k, v in demo_company.tables.items() if k != "deals"})
    widget = WhatIf(empty)
    assert widget.table().empty
    assert "Keine abgeschlossenen Deals" in text(widget.output.value)


# --- KPI explorer -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def explorer(demo_company):
    return kpi_explorer(demo_company, grains=("week", "month", "quarter"))


def reset(e, *, kpi="close_rate", period="quarter", channel="__total__"):
    e.kpi.value, e.period.value, e.channel.value = kpi, period, channel
    e.range.index = (0, len(e.months) - 1)


def engine_rows(company, kpi, period, segment=None):
    frame = compute_kpis(company, kpi, period=period, by="channel" if segment else None)
    return complete_series(frame, company, segment=segment)


def test_explorer_total_matches_compute_kpis(explorer, demo_company):
    reset(explorer)
    expected = engine_rows(demo_company, "close_rate", "quarter")
    data = explorer.data
    assert data["period"].tolist() == expected["period"].tolist()
    np.testing.assert_allclose(data["value"].to_numpy(float), expected["value"].to_numpy(float))
    np.testing.assert_allclose(explorer.lines["__total__"].get_ydata(), expected["value"].to_numpy(float))
    assert explorer.title == "Abschlussrate · pro Quartal · Gesamt"


def test_explorer_channel_against_total(explorer, demo_company):
    reset(explorer, kpi="cac", period="month", channel="LinkedIn Ads")
    expected = engine_rows(demo_company, "cac", "month", segment="LinkedIn Ads")
    shown = explorer.series("LinkedIn Ads")
    assert shown["period"].tolist() == expected["period"].tolist()
    np.testing.assert_allclose(shown["value"].to_numpy(float), expected["value"].to_numpy(float), equal_nan=True)
    assert explorer.lines["LinkedIn Ads"].get_visible() and explorer.lines["__total__"].get_visible()
    assert explorer.lines["__total__"].get_linestyle() == "--"  # the total is the reference
    assert set(explorer.data["segment"].dropna()) == {"LinkedIn Ads"}
    assert "CHF" in explorer.ax.yaxis.get_major_formatter()(1234.0, 0)


def test_explorer_all_channels_shows_only_channels_with_values(explorer):
    reset(explorer, kpi="cac", channel="__all__")
    visible = {name for name, line in explorer.lines.items() if line.get_visible()}
    assert visible == set(explorer.shown()) and "__total__" not in visible
    assert "Website" not in visible, "organic search has no spend, so no CAC"
    assert {"Google Ads", "LinkedIn Ads", "Meta Ads"} <= visible


def test_explorer_time_range_limits_the_periods(explorer):
    reset(explorer, period="month")
    explorer.range.index = (len(explorer.months) - 12, len(explorer.months) - 1)
    data = explorer.data
    assert len(data) == 12
    assert pd.to_datetime(data["period_start"]).min() == explorer.months[-12]


def test_explorer_goal_line_notes_and_noise_hint(explorer):
    reset(explorer, kpi="close_rate", period="quarter")
    assert explorer.goal_line.get_visible() and explorer.goal_line.get_ydata()[0] == 0.40
    assert "Zielwert 40.0 % (abschlussrate)" in text(explorer.header.value)
    assert "95-%-Vertrauensbereich" in text(explorer.summary.value)
    explorer.period.value = "month"
    assert not explorer.goal_line.get_visible(), "the goal is set per quarter"
    explorer.period.value = "week"
    assert "Rauschen, kein Trend" in text(explorer.summary.value)
    reset(explorer, kpi="cac", channel="Website")
    assert "Perioden ohne Wert" in text(explorer.summary.value)


def test_explorer_redraws_once_per_change_and_changes_the_png(explorer):
    reset(explorer)
    before, png = explorer.redraws, explorer.png
    explorer.kpi.value = "new_customers"
    assert explorer.redraws == before + 1
    assert explorer.png != png and explorer.png.startswith(b"\x89PNG") and len(explorer.png) > 5000
    explorer.kpi.value = "close_rate"
    assert explorer.png == png, "a state seen before comes from the cache"


def test_explorer_in_english(demo_company):
    e = KpiExplorer(demo_company, lang="en", grains=("quarter",), kpis=["close_rate", "new_customers"],
                    kpi="close_rate")
    assert e.title == "Close rate · per quarter · Total"
    assert e.period.options == (("quarter", "quarter"),)
    assert "Latest complete period 2026-Q3" in text(e.summary.value)
    assert [label for label, _ in e.kpi.options] == ["Close rate", "New customers"]  # in the order given
    assert e.channel.options[:2] == (("Total", "__total__"), ("All channels", "__all__"))


def test_explorer_rejects_bad_arguments(demo_company):
    with pytest.raises(ValueError, match="Got grains="):
        KpiExplorer(demo_company, grains=("day",), period="day")
    with pytest.raises(ValueError, match="Got kpis="):
        KpiExplorer(demo_company, grains=("year",), period="year", kpis=["close_rat"])
    with pytest.raises(ValueError, match="Got channel="):
        KpiExplorer(demo_company, grains=("year",), period="year", channel="TikTok")


def test_explorer_on_the_minimal_company(minimal):
    e = KpiExplorer(minimal, grains=("quarter",))
    assert "leads" not in e.kpis and "close_rate" in e.kpis
    assert e.kpi.value == "close_rate"
    assert not math.isnan(e.data["value"].dropna().iloc[-1])


# --- live and static views ----------------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda c: kpi_picker(c), lambda c: goal_builder(c), lambda c: what_if_widget(c),
    lambda c: kpi_explorer(c, grains=("quarter",))], ids=["picker", "goal", "what_if", "explorer"])
def test_each_widget_has_a_live_and_a_static_view(make, demo_company):
    widget = make(demo_company)
    bundle = widget._repr_mimebundle_()
    assert WIDGET_VIEW in bundle, "JupyterLab renders the live widget"
    assert bundle["text/html"].startswith("<p><i>"), "batch runs and reports show the static view"
    assert bundle["text/html"] == widget.static_html()


def test_static_explorer_view_embeds_the_chart(demo_company):
    e = kpi_explorer(demo_company, grains=("quarter",))
    assert "data:image/png;base64," in e.static_html()


def test_widgets_load_lazily():
    # matplotlib loads only when an explorer draws its first chart
    code = ("import sys, kpikit.views.widgets as w; w.KpiPicker, w.GoalBuilder, w.WhatIf, w.KpiExplorer; "
            "assert 'matplotlib' not in sys.modules and 'seaborn' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_explorer_in_a_batch_run_computes_only_its_starting_view(demo_company, monkeypatch):
    monkeypatch.setenv("KPIKIT_BATCH", "1")
    explorer = kpi_explorer(demo_company, kpi="cac", period="quarter")
    assert {key[:2] for key in explorer.store.series} == {("quarter", "cac")}
    expected = compute_kpis(demo_company, "cac", period="quarter")
    expected = expected[pd.to_datetime(expected["period_end"]) <= explorer.end]
    assert explorer.series()["value"].tolist() == pytest.approx(expected["value"].tolist(), nan_ok=True)
    assert "CAC" in text(explorer.static_html())


def test_explorer_on_one_constant_date_inside_a_quarter_says_there_is_one_incomplete_period(monkeypatch):
    # Every lead and deal dated 2024-05-15: no period is complete, yet the KPIs are computable.
    from kpikit import Company
    from kpikit.core.i18n import t

    monkeypatch.setenv("KPIKIT_BATCH", "1")
    day = ["2024-05-15"] * 3
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "channel": ["Web", "Messe", "Web"], "created_at": day})
    deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"], "closed_at": day,
                          "created_at": day, "customer_id": ["K1", "K2", "K3"], "channel": ["Web", "Messe", "Web"]})
    company = Company.from_frames(leads=leads, deals=deals)
    for lang in ("de", "en"):
        explorer = kpi_explorer(company, lang=lang, period="quarter")
        assert explorer.kpi.value == "leads"
        assert html.escape(t("W_one_open_period", lang, end="15.05.2024")) in explorer.summary.value
        assert "close_rate" in explorer.kpis
