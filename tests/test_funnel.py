"""Leads linked to their deals: one definition of "a lead became a customer", counted by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kpikit import Company, compute_kpis, load_company

# A Salesforce-like pair of exports: leads with their origin, opportunities carrying the lead id.
# By hand: L1 (won), L3 (won) and L6 (two won deals, counted once) became customers; L2 lost, L5 open,
# L4, L7, L8 without a deal; D9's lead is not in the export. The deals' own source disagrees with the
# lead's on D3: per channel the lead's channel counts.
LEADS = ("Lead ID;Created Date;origin\n"
         "L1;06.01.2025;Google\nL2;08.01.2025;Google\nL3;14.01.2025;Messe\nL8;20.01.2025;Messe\n"
         "L4;03.02.2025;Google\nL5;05.02.2025;Messe\nL6;11.02.2025;LinkedIn\nL7;19.02.2025;LinkedIn\n")
DEALS = ("Opportunity ID;Lead ID;Stage;Close Date;Amount;Deal Source\n"
         "D1;L1;Closed Won;27.01.2025;1'200.00;Google\n"
         "D2;L2;Closed Lost;30.01.2025;800.00;Google\n"
         "D3;L3;Closed Won;17.02.2025;2'000.00;Google\n"
         "D5;L5;Negotiation;;500.00;Messe\n"
         "D6;L6;Closed Won;25.02.2025;900.00;LinkedIn\n"
         "D6B;L6;Closed Won;28.02.2025;300.00;LinkedIn\n"
         "D9;L99;Closed Won;20.02.2025;100.00;Google\n")
CONFIG = """\
name: Linked leads
sources:
  leads:
    file: exports/leads.csv
    columns: {lead_id: Lead ID, created_at: Created Date, channel: origin}
  deals:
    file: exports/deals.csv
    columns: {deal_id: Opportunity ID, lead_id: Lead ID, status: Stage, closed_at: Close Date, amount: Amount,
              channel: Deal Source}
    values: {status: {Closed Won: won, Closed Lost: lost, Negotiation: open}}
"""


@pytest.fixture
def linked(make_company, rows_add_up):
    folder = make_company(CONFIG, {"exports/leads.csv": LEADS, "exports/deals.csv": DEALS})
    company = load_company(folder, lang="en")
    rows_add_up(company)
    return company


def _values(frame: pd.DataFrame, key: str) -> dict:
    return {row[key]: (row["value"], row["n"]) for _, row in frame.iterrows()}


def test_lead_to_customer_rate_through_the_deals_lead_id_equals_a_hand_count(linked):
    overall = compute_kpis(linked, "lead_to_customer_rate", period="all")
    assert overall[["value", "n"]].values.tolist() == [[3 / 8, 8.0]]
    per_channel = compute_kpis(linked, "lead_to_customer_rate", period="all", by="channel")
    assert _values(per_channel[per_channel["segment"] != "–"], "segment") == {
        "Google": (1 / 3, 3.0), "Messe": (1 / 3, 3.0), "LinkedIn": (1 / 2, 2.0)}
    assert per_channel.loc[per_channel["segment"] == "–", "n"].tolist() == [0.0]  # every lead has its channel
    per_month = compute_kpis(linked, "lead_to_customer_rate", period="month")
    assert per_month["value"].tolist() == [2 / 4, 1 / 4]


def test_lead_to_deal_rate_and_days_to_win_equal_a_hand_count(linked):
    deal = compute_kpis(linked, "lead_to_deal_rate", period="all")
    assert deal[["value", "n"]].values.tolist() == [[5 / 8, 8.0]]
    # days to the first won deal: L1 21, L3 34, L6 14 -> mean 23, median 21
    days = compute_kpis(linked, "lead_to_win_days", period="all")
    assert days[["value", "median", "n"]].values.tolist() == [[23.0, 21.0, 3.0]]
    # by the month it was won: January L1 (21 days); February L3 (34) and L6 (14)
    monthly = compute_kpis(linked, "lead_to_win_days", period="month")
    assert monthly[["value", "n"]].values.tolist() == [[21.0, 1.0], [24.0, 2.0]]


def test_a_lead_with_a_customer_id_becomes_a_customer_only_with_a_win_or_an_order():
    leads = pd.DataFrame({"lead_id": ["l1", "l2", "l3"], "created_at": ["2025-01-02", "2025-01-05", "2025-01-09"],
                          "customer_id": ["k1", "k2", None]})
    orders = pd.DataFrame({"customer_id": ["k1"], "ordered_at": ["2025-01-20"], "revenue": [50.0]})
    company = Company.from_frames(leads=leads, orders=orders)
    frame = compute_kpis(company, ["lead_to_customer_rate", "lead_to_win_days"], period="all")
    got = dict(zip(frame["kpi"], frame["value"], strict=True))
    assert got == {"lead_to_customer_rate": 1 / 3, "lead_to_win_days": 18.0}


def test_leads_without_any_link_to_customers_are_not_computable_with_a_reason():
    leads = pd.DataFrame({"lead_id": ["l1", "l2"], "created_at": ["2025-01-02", "2025-01-05"]})
    frame = compute_kpis(Company.from_frames(leads=leads), "lead_to_customer_rate", period="all")
    assert frame["value"].isna().all() and frame["note"].str.len().gt(0).all()


# --- the funnel end to end ---------------------------------------------------------------------------------

def _web_company(**extra):
    traffic = pd.DataFrame({"date": ["2025-01-03", "2025-01-04", "2025-02-10", "2025-02-11"],
                            "channel": ["Google", "Messe", "Google", "LinkedIn"], "sessions": [60.0, 2.0, 40.0, 50.0]})
    leads = pd.DataFrame({"lead_id": [f"L{i}" for i in range(1, 9)],
                          "created_at": ["2025-01-06", "2025-01-08", "2025-01-14", "2025-01-20", "2025-02-03",
                                         "2025-02-05", "2025-02-11", "2025-02-19"],
                          "channel": ["Google", "Google", "Messe", "Messe", "Google", "Messe", "LinkedIn", "LinkedIn"]})
    deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D5", "D6", "D7"],
                          "lead_id": ["L1", "L2", "L3", "L5", "L6", "L7"],
                          "status": ["won", "lost", "won", "open", "won", "won"],
                          "closed_at": ["2025-01-27", "2025-01-30", "2025-02-17", None, "2025-02-25", "2025-02-26"],
                          "customer_id": ["K1", "K2", "K3", None, "K3", "K7"]})
    return Company.from_frames(traffic=traffic, leads=leads, deals=deals, period=("2025-01-01", "2025-03-31"),
                               **extra)


def test_funnel_steps_from_sessions_to_customers_equal_a_hand_count():
    from kpikit.kpis.funnel import funnel_steps, largest_drop

    steps = funnel_steps(_web_company(), lang="en")
    # 152 sessions -> 8 leads -> 6 with a deal -> 4 won (L1, L3, L6, L7) -> 3 customers (L3 and L6 are both K3)
    assert steps["count"].tolist() == [152.0, 8.0, 6.0, 4.0, 3.0]
    assert steps["base"].tolist()[1:] == [152.0, 8.0, 6.0, 4.0]
    assert steps["rate"].tolist()[1:] == [8 / 152, 6 / 8, 4 / 6, 3 / 4]
    assert (steps["ci_low"].iloc[1:] < steps["rate"].iloc[1:]).all()
    assert largest_drop(steps) == "leads"  # 5.3 % of sessions became leads: the weakest rate
    by = funnel_steps(_web_company(), by="channel", lang="en")
    messe = by[by["segment"] == "Messe"].set_index("step")["count"]
    assert messe.tolist() == [2.0, 3.0, 2.0, 2.0, 1.0]  # L3 and L6 won, both became K3
    # 2 sessions, 3 leads: fair leads are not web visits, the steps are not nested, so no rate
    assert by[(by["segment"] == "Messe") & (by["step"] == "leads")]["rate"].isna().all()
    assert largest_drop(by, "Messe") == "customers"  # 2 won leads, 1 customer
    linked_in = by[by["segment"] == "LinkedIn"].set_index("step")["count"].tolist()
    assert linked_in == [50.0, 2.0, 1.0, 1.0, 1.0]


def test_a_missing_step_says_what_to_capture_instead_of_a_number():
    from kpikit.kpis.funnel import funnel_steps

    leads = pd.DataFrame({"lead_id": ["L1", "L2"], "created_at": ["2025-01-06", "2025-01-08"],
                          "converted_at": ["2025-01-20", None]})
    steps = funnel_steps(Company.from_frames(leads=leads), lang="de").set_index("step")
    assert steps.loc[["sessions", "deals", "won"], "count"].isna().all()
    assert "sources.traffic" in steps.loc["sessions", "missing"]
    assert "lead_id" in steps.loc["deals", "missing"]
    assert steps.loc["customers", "count"] == 1.0 and steps.loc["customers", "rate"] == 0.5  # from the leads


def test_the_funnel_view_names_the_largest_drop_in_both_languages():
    from kpikit.views import phases

    company = _web_company()
    table = phases.funnel(company, lang="en", as_of="2025-03-31")
    assert table.iloc[:, 1].tolist() == ["152", "8", "6", "4", "3"]
    for lang, word in (("de", "Grösster Abfall"), ("en", "Largest drop")):
        note = phases.funnel_note(company, lang=lang, as_of="2025-03-31")
        assert word in note and "ß" not in note


# --- recent cohorts are not yet failures -----------------------------------------------------------------

def _young_company(window=None):
    # every month 10 leads; each converts 40 days after creation, if it had the time (data end 2025-06-30)
    created = pd.date_range("2025-01-01", "2025-06-30", freq="MS").repeat(10) + pd.to_timedelta(
        list(range(10)) * 6, unit="D")
    converted = created + pd.Timedelta(days=40)
    converted = converted.where(converted <= pd.Timestamp("2025-06-30"))
    leads = pd.DataFrame({"lead_id": [f"L{i}" for i in range(len(created))], "created_at": created,
                          "converted_at": converted})
    from kpikit import Goal
    goal = Goal(id="g", statement="50 % Lead-zu-Kunde", kpi="lead_to_customer_rate", target=0.5, per="month",
                deadline=pd.Timestamp("2025-12-31").date())
    return Company.from_frames(leads=leads, kpis=["lead_to_customer_rate"], goals=[goal],
                               period=("2025-01-01", "2025-06-30"), conversion_window_days=window)


def test_periods_younger_than_the_median_lead_to_win_time_are_immature():
    frame = compute_kpis(_young_company(), "lead_to_customer_rate", period="month")
    # median lead-to-win 40 days: months ending after 2025-05-21 (May, June) are immature
    assert frame["immature"].tolist() == [False, False, False, False, True, True]
    assert frame["value"].tolist()[:4] == [1.0, 1.0, 1.0, 1.0] and frame["value"].iloc[5] == 0.0
    configured = compute_kpis(_young_company(window=90), "lead_to_customer_rate", period="month")
    assert configured["immature"].tolist() == [False, False, False, True, True, True]
    other = compute_kpis(_young_company(), "leads", period="month")
    assert not other["immature"].any()  # a count of leads is final the day they come in


def test_no_falling_rate_finding_comes_from_immature_periods():
    from kpikit import run_checks
    from kpikit.checks import goal_status

    company = _young_company()
    status = goal_status(company, company.goals[0])
    assert status.actual == 1.0 and status.actual_period == "2025-04-01"  # the last mature month
    assert status.status == "achieved"
    found = run_checks(company)
    codes = {f.code for f in found}
    assert "IMMATURE_PERIODS" in codes and "CHANGE_WITHIN_NOISE" not in codes
    assert not {"GOAL_OFF_TRACK", "GOAL_AT_RISK"} & codes
    immature = next(f for f in found if f.code == "IMMATURE_PERIODS")
    assert immature.evidence["periods"] == ["2025-05-01", "2025-06-01"]
    assert "40 Tage" in immature.message("de") and "40 days" in immature.message("en")


def test_a_conversion_window_out_of_range_is_a_clear_config_error(make_company):
    from kpikit.core.errors import KpikitError

    folder = make_company(CONFIG + "conversion_window_days: 0\n",
                          {"exports/leads.csv": LEADS, "exports/deals.csv": DEALS})
    with pytest.raises(KpikitError) as err:
        load_company(folder, lang="en")
    assert "conversion_window_days" in str(err.value) and "3650" in str(err.value)
