"""Issue #15 (KPI part): the KPI engine on the new shapes, on hand-made 3–6-row canonical frames.

A converted flag makes a lead a customer; deals and orders inherit their lead's channel; each table's own
coverage (a channel's export that starts later is unknown before it, not 0; ``kpi_coverage``); undated
tables compute for grain ``all`` only; the new KPIs ``churn_rate``, ``sessions`` and ``visit_conversion_rate``.
The companies are plain namespaces with canonical frames (what ``CompanyLike`` reads).
"""

from __future__ import annotations

import math
import types

import numpy as np
import pandas as pd
import pytest

from kpikit import compute_kpis
from kpikit.kpis.engine import wilson


def dates(*values):
    return pd.Series(pd.to_datetime(list(values)), dtype="datetime64[us]")


def text(*values):
    return pd.Series(list(values), dtype="str")


def flag(*values):
    return pd.Series(pd.array(list(values), dtype="boolean"))


def company(period=("2025-01-01", "2025-03-31"), undated=(), **tables):
    span = (None, None) if period is None else tuple(pd.Timestamp(p) for p in period)
    return types.SimpleNamespace(tables=tables, period=span, undated=tuple(undated), language="en", currency="CHF")


def cells(frame, kpi, column="value"):
    rows = frame[frame["kpi"] == kpi]
    return {(r.period, r.segment) if r.segment is not None else r.period: getattr(r, column)
            for r in rows.itertuples()}


def leads_with_flag():
    return pd.DataFrame({
        "lead_id": text("l1", "l2", "l3", "l4"),
        "created_at": dates("2025-01-05", "2025-01-10", "2025-02-03", "2025-02-20"),
        "channel": text("A", "B", "A", "B"),
        "converted": flag(True, False, True, None),
        "converted_at": dates(None, None, "2025-03-01", None),
    })


# --- 1. a converted flag says a lead became a customer ------------------------------------------------
def test_leads_only_company_with_a_converted_flag_has_new_customers_and_a_rate():
    # base a606709: new_customers "neither deals nor orders", lead_to_customer_rate "no converted_at" (NaN)
    co = company(leads=leads_with_flag())
    month = compute_kpis(co, ["new_customers", "lead_to_customer_rate"], period="month")
    # l1 (flag) from its creation in January, l3 (flag and date) from converted_at in March
    assert cells(month, "new_customers") == {"2025-01-01": 1.0, "2025-02-01": 0.0, "2025-03-01": 1.0}
    whole = compute_kpis(co, "lead_to_customer_rate", period="all", by="channel")
    got = cells(whole, "lead_to_customer_rate")
    assert got[("all", "A")] == 1.0 and got[("all", "B")] == 0.0 and math.isnan(got[("all", "–")])
    assert cells(whole, "lead_to_customer_rate", "n")[("all", "B")] == 2.0  # the NA flag is "not converted"


def test_a_converted_lead_is_never_counted_twice_and_the_earlier_date_wins():
    leads = pd.DataFrame({
        "lead_id": text("l1", "l2", "l3"),
        "created_at": dates("2025-01-05", "2025-01-25", "2025-01-07"),
        "converted": flag(True, True, True),
        "customer_id": text("c1", None, None),
    })
    deals = pd.DataFrame({
        "deal_id": text("d1", "d2"), "status": text("won", "won"),
        "closed_at": dates("2025-02-10", "2025-01-20"),
        "customer_id": text("c1", "c2"), "lead_id": text(None, "l2"),
    })
    frame = compute_kpis(company(leads=leads, deals=deals), "new_customers", period="month")
    # c1: lead (05.01.) before deal (10.02.); c2: deal 20.01. before its lead l2; l3 links to no customer
    assert cells(frame, "new_customers") == {"2025-01-01": 2.0, "2025-02-01": 0.0, "2025-03-01": 0.0}


# --- 2. the lead's own channel ----------------------------------------------------------------------------
def funnel():
    leads = pd.DataFrame({
        "lead_id": text("l1", "l2", "l3"),
        "created_at": dates("2025-01-01", "2025-01-03", "2025-01-05"),
        "channel": text("A", "B", "A"),
        "customer_id": text("c1", "c2", "c3"),
    })
    deals = pd.DataFrame({  # no channel and no created_at of their own
        "deal_id": text("d1", "d2", "d3"), "status": text("won", "lost", "won"),
        "closed_at": dates("2025-01-11", "2025-01-20", "2025-01-25"),
        "customer_id": text("c1", "c2", "c3"), "lead_id": text("l1", "l2", "l3"),
    })
    orders = pd.DataFrame({"customer_id": text("c1", "c2"), "ordered_at": dates("2025-01-15", "2025-02-01"),
                           "revenue": [100.0, 50.0]})
    return company(leads=leads, deals=deals, orders=orders)


def test_deals_and_orders_inherit_their_leads_channel():
    # base a606709: "cannot be split by 'channel'" for all three
    frame = compute_kpis(funnel(), ["new_customers", "lead_to_customer_rate", "revenue"], period="all",
                         by="channel")
    assert cells(frame, "new_customers")[("all", "A")] == 2.0
    assert cells(frame, "new_customers")[("all", "B")] == 1.0  # c2 lost its deal but ordered (its lead: B)
    assert cells(frame, "new_customers")[("all", "–")] == 0.0
    assert cells(frame, "lead_to_customer_rate")[("all", "A")] == 1.0
    assert cells(frame, "lead_to_customer_rate")[("all", "B")] == 1.0
    assert cells(frame, "revenue")[("all", "A")] == 100.0 and cells(frame, "revenue")[("all", "B")] == 50.0


def test_sales_cycle_starts_at_the_leads_first_contact_when_the_deal_has_no_created_at():
    # base a606709: "column 'created_at' is missing in deals"
    frame = compute_kpis(funnel(), "sales_cycle_days", period="all")
    assert frame["value"].tolist() == [15.0] and frame["median"].tolist() == [15.0]  # 10 and 20 days


def test_input_frames_are_not_changed_by_the_join():
    co = funnel()
    before = {k: v.copy() for k, v in co.tables.items()}
    compute_kpis(co, period="month", by="channel")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(co.tables[name], frame)


# --- 3. each table's own coverage ---------------------------------------------------------------------------
def test_a_channel_whose_export_starts_later_is_unknown_before_its_start_not_zero():
    ads = pd.DataFrame({
        "date": dates("2025-01-10", "2025-02-10", "2025-03-10", "2025-03-12"),
        "channel": text("A", "A", "A", "B"),
        "spend": [10.0, 10.0, 10.0, 20.0], "impressions": [100.0, 100.0, 100.0, 300.0],
    })
    frame = compute_kpis(company(campaigns=ads), "impressions", period="month", by="channel")
    got = cells(frame, "impressions")
    assert math.isnan(got[("2025-01-01", "B")]) and math.isnan(got[("2025-02-01", "B")])  # base: 0.0
    assert got[("2025-03-01", "B")] == 300.0 and got[("2025-01-01", "A")] == 100.0
    note = cells(frame, "impressions", "note")[("2025-01-01", "B")]
    assert "campaigns" in note and "12.03.2025" in note


def test_a_lead_kpi_ends_where_the_lead_export_ends_even_when_deals_run_on():
    from kpikit.kpis.periods import complete_periods, kpi_coverage  # base a606709: no kpi_coverage

    days = pd.Series(pd.date_range("2025-01-05", "2025-03-31", freq="D").as_unit("us"))  # a lead every day
    leads = pd.DataFrame({"lead_id": text(*[f"l{i}" for i in range(len(days))]), "created_at": days,
                          "converted": pd.array([i == 0 for i in range(len(days))], dtype="boolean")})
    deals = pd.DataFrame({"deal_id": text("d1", "d2"), "status": text("won", "won"),
                          "closed_at": dates("2025-02-01", "2025-06-30"), "lead_id": text("l0", None)})
    co = company(period=("2025-01-01", "2025-06-30"), leads=leads, deals=deals)
    # the leads stop three months before the deals: they cover up to their last day and a bit (1 day × 1.25)
    assert kpi_coverage(co, "leads") == (pd.Timestamp("2025-01-05"), pd.Timestamp("2025-04-02"))
    assert kpi_coverage(co, "close_rate")[1] is None  # the deals run to the end of the data: no limit
    frame = compute_kpis(co, ["leads", "close_rate"], period="quarter")
    done = complete_periods(frame, co.period[1], company=co)
    assert done[done["kpi"] == "leads"]["period"].tolist() == ["2025-01-01"]
    assert done[done["kpi"] == "close_rate"]["period"].tolist() == ["2025-01-01", "2025-04-01"]


# --- 4. undated tables ----------------------------------------------------------------------------------------
def undated_leads():
    frame = leads_with_flag()
    return frame.assign(created_at=dates(None, None, None, None), converted_at=dates(None, None, None, None))


def test_an_undated_table_computes_over_the_whole_period_with_all_its_rows():
    # base a606709: period (None, None) gives an empty frame
    co = company(period=None, undated=("leads",), leads=undated_leads())
    frame = compute_kpis(co, ["leads", "new_customers", "lead_to_customer_rate"], period="all")
    assert cells(frame, "leads") == {"all": 4.0}
    assert cells(frame, "new_customers") == {"all": 2.0}  # l1 and l3, the converted ones
    assert cells(frame, "lead_to_customer_rate") == {"all": 0.5}
    assert frame["note"].isna().all()


def test_an_undated_table_is_not_computable_per_month_and_says_what_to_capture():
    deals = pd.DataFrame({"deal_id": text("d1", "d2"), "status": text("won", "lost"),
                          "closed_at": dates("2025-01-10", "2025-02-10")})
    co = company(undated=("leads",), leads=undated_leads(), deals=deals)
    frame = compute_kpis(co, ["leads", "lead_to_customer_rate", "close_rate"], period="month")
    leads = frame[frame["kpi"] == "leads"]
    assert leads["value"].isna().all()  # base: 0 leads every month
    assert leads["note"].str.contains("no dates").all() and set(leads["missing"]) == {"leads.created_at"}
    assert frame[frame["kpi"] == "close_rate"]["value"].tolist() == [1.0, 0.0, pytest.approx(math.nan, nan_ok=True)]
    de = compute_kpis(co, "leads", period="month", lang="de")["note"].iloc[0]
    assert "keine Datumsangaben" in de and "ß" not in de
    whole = compute_kpis(co, "lead_to_customer_rate", period="all")
    assert whole["value"].tolist() == [0.5]  # NaT in converted_at stays "not converted"


# --- 5. new KPIs ------------------------------------------------------------------------------------------------
def test_churn_rate_of_a_customer_list_with_a_flag():
    customers = pd.DataFrame({"customer_id": text("a", "b", "c", "d"), "churned": flag(True, False, True, False),
                              "created_at": dates(None, None, None, None)})
    co = company(period=None, undated=("customers",), customers=customers)
    frame = compute_kpis(co, "churn_rate", period="all")
    lo, hi = wilson(np.array([2.0]), np.array([4.0]))
    assert frame[["value", "n", "numerator", "denominator"]].values.tolist() == [[0.5, 4.0, 2.0, 4.0]]
    assert frame["ci_low"].iloc[0] == pytest.approx(lo[0]) and frame["ci_high"].iloc[0] == pytest.approx(hi[0])
    assert "list" in frame["note"].iloc[0]


def test_churn_rate_of_dated_customers_counts_those_active_at_the_periods_start():
    customers = pd.DataFrame({
        "customer_id": text("a", "b", "c", "d"),
        "created_at": dates("2024-12-01", "2024-12-01", "2024-12-01", "2025-01-15"),
        "churned_at": dates("2025-01-10", None, "2025-02-05", "2025-02-20"),
    })
    co = company(period=("2025-01-01", "2025-02-28"), customers=customers)
    month = compute_kpis(co, "churn_rate", period="month")
    assert month[["numerator", "denominator"]].values.tolist() == [[1.0, 3.0], [2.0, 3.0]]
    assert month["note"].str.contains("active at the period's start").all()
    whole = compute_kpis(co, "churn_rate", period="all")
    assert whole["value"].tolist() == [0.75]  # as a list: a, c and d of four churned by 28.02.


def test_sessions_and_visit_conversion_rate_per_channel():
    web = pd.DataFrame({
        "date": dates("2025-01-03", "2025-01-04", "2025-01-05", "2025-02-06", "2025-02-07"),
        "channel": text("A", "A", "B", "A", "B"),
        "sessions": [1.0, 1.0, 1.0, 1.0, 1.0],  # a per-session export: one row, one session
        "conversions": [1.0, 0.0, 0.0, 1.0, 1.0],
    })
    co = company(period=("2025-01-01", "2025-02-28"), traffic=web)
    assert cells(compute_kpis(co, "sessions", period="month"), "sessions") == {"2025-01-01": 3.0, "2025-02-01": 2.0}
    whole = compute_kpis(co, "visit_conversion_rate", period="all")
    lo, hi = wilson(np.array([3.0]), np.array([5.0]))
    assert whole[["value", "n"]].values.tolist() == [[0.6, 5.0]]
    assert whole["ci_low"].iloc[0] == pytest.approx(lo[0]) and whole["ci_high"].iloc[0] == pytest.approx(hi[0])
    split = cells(compute_kpis(co, "visit_conversion_rate", period="all", by="channel"), "visit_conversion_rate")
    assert split[("all", "A")] == pytest.approx(2 / 3) and split[("all", "B")] == 0.5


def test_churn_per_period_needs_churn_dates_and_says_so():
    customers = pd.DataFrame({"customer_id": text("a", "b", "c"), "churned": flag(True, False, False),
                              "created_at": dates("2025-01-02", "2025-01-05", "2025-02-01")})
    frame = compute_kpis(company(customers=customers), "churn_rate", period="month")
    assert frame["value"].isna().all() and set(frame["missing"]) == {"customers.churned_at"}
    whole = compute_kpis(company(customers=customers), "churn_rate", period="all")
    assert whole["value"].tolist() == [pytest.approx(1 / 3)]


def test_customers_inherit_their_leads_channel_for_churn_and_a_later_traffic_channel_is_unknown_before_it():
    leads = pd.DataFrame({"lead_id": text("l1", "l2", "l3"),
                          "created_at": dates("2025-01-01", "2025-01-02", "2025-01-03"),
                          "channel": text("A", "B", "B"), "customer_id": text("a", "b", "c")})
    customers = pd.DataFrame({"customer_id": text("a", "b", "c"), "churned": flag(True, True, False),
                              "created_at": dates("2025-01-10", "2025-01-11", "2025-01-12")})
    split = cells(compute_kpis(company(leads=leads, customers=customers), "churn_rate", period="all", by="channel"),
                  "churn_rate")
    assert split[("all", "A")] == 1.0 and split[("all", "B")] == 0.5
    web = pd.DataFrame({"date": dates("2025-01-03", "2025-02-04", "2025-02-05"), "channel": text("A", "A", "B"),
                        "sessions": [5.0, 6.0, 7.0]})
    got = cells(compute_kpis(company(traffic=web), "sessions", period="month", by="channel"), "sessions")
    assert got[("2025-01-01", "A")] == 5.0 and math.isnan(got[("2025-01-01", "B")]) and got[("2025-02-01", "B")] == 7.0


def test_a_table_covers_up_to_its_usual_gap_after_its_last_date():
    """Costs booked on the 1st of each month cover that month; deals of every day stop at their last day."""
    from kpikit.kpis.periods import complete_periods

    costs = pd.DataFrame({"date": dates("2025-01-01", "2025-02-01", "2025-03-01"),
                          "category": text("marketing", "marketing", "marketing"), "amount": [10.0, 10.0, 10.0]})
    days = pd.date_range("2025-01-01", "2025-02-14", freq="D")
    deals = pd.DataFrame({"deal_id": text(*[f"d{i}" for i in range(len(days))]),
                          "status": text(*["won"] * len(days)),
                          "closed_at": pd.Series(days.as_unit("us"))})
    co = company(period=("2025-01-01", "2025-03-31"), costs=costs, deals=deals)
    frame = compute_kpis(co, ["marketing_spend", "close_rate"], period="month")
    done = complete_periods(frame, co.period[1], company=co)
    assert done[done["kpi"] == "marketing_spend"]["period"].tolist() == ["2025-01-01", "2025-02-01", "2025-03-01"]
    assert done[done["kpi"] == "close_rate"]["period"].tolist() == ["2025-01-01"]
