"""Issue #17: the phase tables a client reads: titles not codes, nothing claimed that is not so, one number style."""

import dataclasses
import re

import pandas as pd
import pytest

from kpikit import Company
from kpikit.checks import run_checks
from kpikit.views import phases
from kpikit.views.phases.analysis import channel_comparison
from kpikit.views.phases.goals import goal_findings
from kpikit.views.phases.review import diagnoses, proposed_goals

CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")  # a finding code such as CLOSE_RATE_FALLING_LEADS_FLAT
# what the number style (kpikit.core.fmt) never shows
VIOLATIONS = {
    "4+ digits without apostrophe": re.compile(r"(?<![\w'.\-/])\d{4,}(?![\d'\-./])"),
    "% without a space": re.compile(r"\d%"),
    "ASCII minus before a digit": re.compile(r"(?<![\w\d])-\d"),
    "raw float": re.compile(r"(?<![\d.])\d+\.\d{4,}"),
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_findings_tables_show_titles_not_codes(demo_company, lang):
    table = diagnoses(demo_company, lang=lang)
    cells = [str(v) for v in table.to_numpy().ravel()]
    assert not [c for c in cells if CODE.match(c)], "a finding code is shown instead of its short title"
    title = "Befund" if lang == "de" else "Finding"
    titles = set(table[title])
    flat = "Abschlussrate sinkt bei gleich vielen Leads" if lang == "de" else "Close rate falling, leads flat"
    assert flat in titles
    assert len(table) == len(run_checks(demo_company))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_goal_findings_say_what_was_checked_not_nothing_to_flag(demo_company, lang):
    text = " ".join(str(v) for v in goal_findings(demo_company, lang=lang).to_numpy().ravel())
    assert "nichts zu beanstanden" not in text and "nothing to flag" not in text
    assert "SMART" in text and ("Tabelle" in text if lang == "de" else "table" in text)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_empty_goal_proposal_says_why(demo_company, lang):
    table = proposed_goals(dataclasses.replace(demo_company, goals=[]), lang=lang)
    assert len(table) == 1 and "company.yaml" in " ".join(map(str, table.to_numpy().ravel()))


def test_channel_comparison_covers_every_channel_of_any_table():
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "channel": ["Google Ads", "Google Ads", "Messe"],
                          "created_at": ["2025-01-06", "2025-01-20", "2025-02-03"]})
    deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
                          "channel": ["Empfehlung", "Empfehlung", "Empfehlung"],
                          "closed_at": ["2025-02-03", "2025-02-17", "2025-03-02"], "customer_id": ["K1", "K2", "K3"]})
    half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    table = channel_comparison(Company.from_frames(leads=leads, deals=deals, period=half_year), lang="en")
    assert set(table["Channel"]) == {"Google Ads", "Messe", "Empfehlung"}  # Empfehlung: deals only
    row = table.set_index("Channel").loc["Empfehlung"]
    assert row["Close rate"] == "66.7 % (n = 3)"  # a rate says how many deals it rests on


def test_demo_channel_comparison_lists_the_channels_of_leads_deals_and_spend(demo_company):
    table = channel_comparison(demo_company, lang="de")
    assert {"Empfehlung", "Messe", "Webshop", "Google Ads", "LinkedIn Ads", "Meta Ads", "Newsletter"} <= set(
        table["Kanal"])


@pytest.mark.parametrize("lang", ["de", "en"])
def test_phase_tables_use_one_number_style(demo_company, lang):
    c = demo_company
    tables = {
        "snapshot": phases.snapshot(c, lang=lang), "baselines": phases.baselines(c, lang=lang),
        "goals": phases.goals_table(c, lang=lang), "funnel": phases.funnel(c, lang=lang),
        "channels": channel_comparison(c, lang=lang), "field_fill": phases.field_fill(c, lang=lang),
        "rejected": phases.rejected_summary(c, lang=lang), "findings": diagnoses(c, lang=lang),
        "proposed_goals": proposed_goals(c, lang=lang),
    }
    bad = []
    for name, table in tables.items():
        for cell in map(str, table.to_numpy().ravel()):
            for why, pattern in VIOLATIONS.items():
                if pattern.search(cell) and not re.fullmatch(r"[\w.\-/]+\.(csv|xlsx|tsv)", cell):
                    bad.append((name, why, cell[:80]))
    assert not bad, bad


@pytest.mark.parametrize("lang", ["de", "en"])
def test_widget_views_use_one_number_style(demo_company, lang):
    import html

    from kpikit.views.widgets import goal_builder, kpi_explorer, kpi_picker, what_if

    bad = []
    for widget in (goal_builder, kpi_picker, what_if, kpi_explorer):
        page = widget(demo_company, lang=lang).static_html()
        text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>|<img[^>]*>", "", page, flags=re.S)))
        bad += [(widget.__name__, why, m.group(0)) for why, pattern in VIOLATIONS.items()
                for m in pattern.finditer(text)]
    assert not bad, bad
