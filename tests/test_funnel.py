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
