"""Issue #16, customers kept and lost: active customers, retention, churn, CAC payback and the cohort table.

Every figure is counted by hand on 3–6-row canonical frames (plain namespaces, what ``CompanyLike`` reads),
and on CDNOW the share of the Q1 1997 cohort that orders again is recounted with plain pandas.
"""

from __future__ import annotations

import math
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpikit import compute_kpis, load_company
from kpikit.kpis.cohorts import cohort_table
from kpikit.kpis.engine import wilson


def dates(*values):
    return pd.Series(pd.to_datetime(list(values)), dtype="datetime64[us]")


def text(*values):
    return pd.Series(list(values), dtype="str")


def flag(*values):
    return pd.Series(pd.array(list(values), dtype="boolean"))


def company(period=("2025-01-01", "2025-03-31"), **tables):
    return types.SimpleNamespace(tables=tables, period=tuple(pd.Timestamp(p) for p in period), undated=(),
                                 language="en", currency="CHF")


def orders(rows):
    """Orders from (customer, date, channel, revenue) tuples."""
    cust, day, channel, rev = zip(*rows, strict=True)
    return pd.DataFrame({"customer_id": text(*cust), "ordered_at": dates(*day), "channel": text(*channel),
                         "revenue": list(map(float, rev))})


def cells(frame, column="value"):
    return {(r.period, r.segment) if r.segment is not None else r.period: getattr(r, column)
            for r in frame.itertuples()}


# a: Jan A, Feb B · b: Jan B, Mar B · c: Jan A, Feb A · d: Feb A
MONTHLY = [("a", "2025-01-05", "A", 100), ("b", "2025-01-09", "B", 50), ("c", "2025-01-20", "A", 30),
           ("a", "2025-02-03", "B", 20), ("c", "2025-02-10", "A", 10), ("d", "2025-02-15", "A", 10),
           ("b", "2025-03-01", "B", 40)]


# --- active customers --------------------------------------------------------------------------------------
def test_active_customers_are_distinct_customers_with_an_order_per_period_and_segment():
    co = company(orders=orders(MONTHLY[:6]), period=("2025-01-01", "2025-02-28"))
    assert cells(compute_kpis(co, "active_customers")) == {"2025-01-01": 3.0, "2025-02-01": 3.0}
    split = cells(compute_kpis(co, "active_customers", by="channel"))
    # January: a, c in A, b in B; February: c, d in A, a in B
    assert split == {("2025-01-01", "A"): 2.0, ("2025-01-01", "B"): 1.0, ("2025-01-01", "–"): 0.0,
                     ("2025-02-01", "A"): 2.0, ("2025-02-01", "B"): 1.0, ("2025-02-01", "–"): 0.0}
    assert cells(compute_kpis(co, "active_customers", period="all")) == {"all": 4.0}


def test_active_customers_after_the_orders_end_are_unknown_not_zero():
    co = company(orders=orders(MONTHLY[:3]), period=("2025-01-01", "2025-04-30"))
    frame = compute_kpis(co, "active_customers")
    assert frame["value"].iloc[0] == 3.0
    assert frame["value"].iloc[1:].isna().all() and frame["note"].iloc[1:].str.contains("no data from 'orders'").all()


def test_active_customers_of_a_customer_list_alone():
    customers = pd.DataFrame({
        "customer_id": text("a", "b", "c", "d"),
        "created_at": dates("2024-12-01", "2025-01-15", "2025-02-10", "2024-11-01"),
        "churned_at": dates("2025-01-10", None, "2025-02-20", None),
        "churned": flag(True, False, True, True),  # d left, date unknown: not active
    })
    frame = compute_kpis(company(customers=customers), "active_customers")
    # January: a (active at its start) and b; February: b and c; March: b
    assert frame["value"].tolist() == [2.0, 2.0, 1.0]
    assert frame["note"].str.contains("customer list").all()


# --- retention and churn from orders -----------------------------------------------------------------------
def test_retention_per_month_with_the_first_period_undefined():
    frame = compute_kpis(company(orders=orders(MONTHLY)), ["customer_retention_rate", "churn_rate"])
    ret = frame[frame["kpi"] == "customer_retention_rate"]
    churn = frame[frame["kpi"] == "churn_rate"]
    # January has no previous period in the data: undefined, not 0
    assert math.isnan(ret["value"].iloc[0]) and "no previous period" in ret["note"].iloc[0]
    assert math.isnan(churn["value"].iloc[0]) and "no previous period" in churn["note"].iloc[0]
    # February: a, b, c active in January, a and c again -> 2/3; March: a, c, d in February, none again -> 0/3
    assert ret[["numerator", "denominator", "n"]].iloc[1:].values.tolist() == [[2.0, 3.0, 3.0], [0.0, 3.0, 3.0]]
    assert ret["value"].iloc[1] == pytest.approx(2 / 3) and ret["value"].iloc[2] == 0.0
    assert churn[["numerator", "denominator"]].iloc[1:].values.tolist() == [[1.0, 3.0], [3.0, 3.0]]
    lo, hi = wilson(np.array([2.0]), np.array([3.0]))
    assert ret["ci_low"].iloc[1] == pytest.approx(lo[0]) and ret["ci_high"].iloc[1] == pytest.approx(hi[0])
    lo, hi = wilson(np.array([1.0]), np.array([3.0]))
    assert churn["ci_low"].iloc[1] == pytest.approx(lo[0]) and churn["ci_high"].iloc[1] == pytest.approx(hi[0])
    assert churn["note"].iloc[1:].str.contains("method: from orders, 1 − retention").all()
    assert ret["note"].iloc[1:].str.contains("segment of the previous period").all()


def test_retention_per_segment_counts_the_previous_periods_segment():
    split = cells(compute_kpis(company(orders=orders(MONTHLY)), "customer_retention_rate", by="channel"))
    assert split[("2025-02-01", "A")] == 1.0  # a and c ordered in A in January, both again (a now in B)
    assert split[("2025-02-01", "B")] == 0.0  # b ordered in B in January, not in February
    assert split[("2025-03-01", "B")] == 0.0 and split[("2025-03-01", "A")] == 0.0  # a (B); c, d (A): none again
    assert math.isnan(split[("2025-03-01", "–")])  # no customer without a channel


def test_retention_per_quarter_and_a_previous_period_before_the_range():
    rows = [("a", "2025-01-05", "A", 1), ("b", "2025-02-10", "A", 1), ("a", "2025-04-03", "A", 1),
            ("c", "2025-05-01", "A", 1), ("c", "2025-07-02", "A", 1)]
    quarter = compute_kpis(company(orders=orders(rows), period=("2025-01-01", "2025-09-30")),
                           "customer_retention_rate", period="quarter")
    # Q2: a, b active in Q1, a again -> 1/2; Q3: a, c active in Q2, c again -> 1/2
    assert math.isnan(quarter["value"].iloc[0])
    assert quarter[["numerator", "denominator"]].iloc[1:].values.tolist() == [[1.0, 2.0], [1.0, 2.0]]
    # orders before the company's period give its first month a previous period: a, b in December, a again
    early = [("a", "2024-12-05", "A", 1), ("b", "2024-12-10", "A", 1), ("a", "2025-01-03", "A", 1)]
    month = compute_kpis(company(orders=orders(early), period=("2025-01-01", "2025-01-31")), "customer_retention_rate")
    assert month["value"].tolist() == [0.5]


def test_retention_over_the_whole_period_and_after_the_orders_end_is_undefined():
    whole = compute_kpis(company(orders=orders(MONTHLY)), ["customer_retention_rate", "churn_rate"], period="all")
    assert whole["value"].isna().all() and whole["note"].str.contains("compares each period").all()
    late = compute_kpis(company(orders=orders(MONTHLY[:6]), period=("2025-01-01", "2025-04-30")), "churn_rate")
    assert late["value"].iloc[1] == pytest.approx(1 / 3)
    # March and April: no orders at all (the export ends in February) -> unknown, not 100 % churn
    assert late["value"].iloc[2:].isna().all() and late["note"].iloc[2:].str.contains("no data from 'orders'").all()


# --- churn: a customers table keeps its method ---------------------------------------------------------------
def test_churn_prefers_a_dated_customers_table_over_orders():
    customers = pd.DataFrame({
        "customer_id": text("a", "b", "c", "d"),
        "created_at": dates("2024-12-01", "2024-12-01", "2024-12-01", "2025-01-15"),
        "churned_at": dates("2025-01-10", None, "2025-02-05", "2025-02-20"),
    })
    co = company(orders=orders(MONTHLY), customers=customers, period=("2025-01-01", "2025-02-28"))
    month = compute_kpis(co, "churn_rate")
    assert month[["numerator", "denominator"]].values.tolist() == [[1.0, 3.0], [2.0, 3.0]]
    assert month["note"].str.contains("active at the period's start").all()


def test_churn_of_a_flag_only_list_with_orders_uses_the_list_overall_and_the_orders_per_period():
    customers = pd.DataFrame({"customer_id": text("a", "b", "c", "d"), "churned": flag(True, False, True, False)})
    co = company(orders=orders(MONTHLY), customers=customers)
    whole = compute_kpis(co, "churn_rate", period="all")
    assert whole["value"].tolist() == [0.5] and "list" in whole["note"].iloc[0]
    month = compute_kpis(co, "churn_rate")
    assert month["value"].iloc[1] == pytest.approx(1 / 3) and "from orders" in month["note"].iloc[1]
    alone = compute_kpis(company(customers=customers), "churn_rate")  # no dates, no orders: as before
    assert alone["value"].isna().all() and set(alone["missing"]) == {"customers.churned_at"}


# --- CAC payback -------------------------------------------------------------------------------------------------
def payback_company():
    ads = pd.DataFrame({"date": dates("2025-01-05", "2025-02-05", "2025-03-05"), "channel": text("A", "A", "A"),
                        "spend": [300.0, 100.0, 50.0]})
    rows = [("a", "2025-01-05", "A", 50), ("b", "2025-01-09", "A", 30), ("a", "2025-01-20", "A", 20),
            ("a", "2025-02-03", "A", 40), ("c", "2025-02-10", "A", 10), ("d", "2025-03-10", "A", 0)]
    return company(campaigns=ads, orders=orders(rows))


def test_cac_payback_months_per_month_and_quarter():
    month = compute_kpis(payback_company(), "cac_payback_months")
    # January: CAC 300 / 2 = 150; new customers a, b spent 100 in January -> 50 per customer-month -> 3.0
    # February: CAC 100 / 1 (c); c's 10 (a is no new customer) -> 10.0 months
    assert month["value"].iloc[:2].tolist() == [pytest.approx(3.0), pytest.approx(10.0)]
    assert month["numerator"].iloc[:2].tolist() == [150.0, 100.0] and month["n"].iloc[:2].tolist() == [2.0, 1.0]
    # March: d's first order is 0.00 -> no revenue to pay back: undefined with the reason
    assert math.isnan(month["value"].iloc[2]) and "no revenue from new customers" in month["note"].iloc[2]
    assert month["unit"].eq("months").all() and month["note"].str.contains("revenue, not margin").all()
    quarter = compute_kpis(payback_company(), "cac_payback_months", period="quarter")
    # CAC 450 / 4 = 112.5; new customers' Q1 revenue 110 + 30 + 10 + 0 = 150 / 4 / 3 months = 12.5 -> 9.0
    assert quarter["value"].tolist() == [pytest.approx(9.0)]


def test_cac_payback_is_undefined_where_cac_is():
    rows = [("a", "2025-01-05", "A", 50)]
    frame = compute_kpis(company(orders=orders(rows), period=("2025-01-01", "2025-01-31")), "cac_payback_months")
    assert frame["value"].isna().all() and frame["note"].str.contains("spend").all()


def test_months_unit_is_shown_like_days_and_named():
    from kpikit.kpis.registry import KPIS

    kpi = KPIS["cac_payback_months"]
    assert kpi.show(7.26) == "7.3" and kpi.unit_label("de") == "Monate" and kpi.unit_label("en") == "months"


# --- cohort table --------------------------------------------------------------------------------------------------
def test_cohort_table_by_month_with_immature_cells():
    rows = [("a", "2025-01-05", "A", 1), ("b", "2025-01-09", "A", 1), ("c", "2025-01-20", "A", 1),
            ("a", "2025-02-03", "A", 1), ("b", "2025-04-10", "A", 1), ("d", "2025-02-15", "A", 1)]
    table = cohort_table(company(orders=orders(rows)), offsets=(1, 3), as_of="2025-04-30", lang="en")
    assert table.columns.tolist() == ["cohort", "customers", "after 1 mo.", "after 3 mo.", "order again"]
    assert table["cohort"].tolist() == ["2025-01", "2025-02"] and table["customers"].tolist() == [3, 1]
    # January (a, b, c): a in February -> 1/3; b in April (month 3) -> 1/3; a and b ordered again -> 2/3
    jan = table.iloc[0]
    assert jan["after 1 mo."] == pytest.approx(1 / 3) and jan["after 3 mo."] == pytest.approx(1 / 3)
    assert jan["order again"] == pytest.approx(2 / 3)
    # February (d): March observed, 0 (a real 0); May not over by 30.04.: immature, NaN not 0
    assert table.iloc[1]["after 1 mo."] == 0.0 and math.isnan(table.iloc[1]["after 3 mo."])
    assert table.attrs["immature"]["after 3 mo."].tolist() == [False, True]
    assert "not observable yet" in table.attrs["note"] and "30.04.2025" in table.attrs["note"]
    # the data's own last day is the default: April 10 leaves April (January + 3) unfinished
    assert math.isnan(cohort_table(company(orders=orders(rows)), offsets=(3,)).iloc[0, 2])


def test_cohort_table_by_quarter_in_german():
    rows = [("a", "2025-01-05", "A", 1), ("b", "2025-02-09", "A", 1), ("a", "2025-04-03", "A", 1),
            ("c", "2025-05-01", "A", 1), ("c", "2025-07-02", "A", 1)]
    table = cohort_table(company(orders=orders(rows), period=("2025-01-01", "2025-09-30")), offsets=(1, 2),
                         grain="quarter", as_of="2025-09-30")
    assert table.columns.tolist() == ["Kohorte", "Kunden", "nach 1 Q.", "nach 2 Q.", "bestellen wieder"]
    assert table["Kohorte"].tolist() == ["2025-Q1", "2025-Q2"]
    assert table.iloc[0, 2:].tolist() == [0.5, 0.0, 0.5]  # a in Q2; nobody of Q1 in Q3; a again
    assert table.iloc[1, 2] == 1.0 and math.isnan(table.iloc[1, 3])  # c in Q3; Q4 not observed yet


def test_cohort_table_from_a_customer_list_without_orders():
    customers = pd.DataFrame({
        "customer_id": text("a", "b", "c", "d", "e"),
        "created_at": dates("2025-01-03", "2025-01-20", "2025-01-25", "2025-02-01", None),
        "churned_at": dates("2025-01-30", "2025-02-20", None, None, None),
        "churned": flag(True, True, False, True, False),  # d left at an unknown date; e has no start
    })
    table = cohort_table(company(customers=customers), offsets=(1, 2), as_of="2025-03-31", lang="en")
    # January: a gone before February; b kept in February, gone in March; c kept -> 2/3, 1/3
    assert table["customers"].tolist() == [3]
    assert table.iloc[0]["after 1 mo."] == pytest.approx(2 / 3) and table.iloc[0]["after 2 mo."] == pytest.approx(1 / 3)
    assert math.isnan(table.iloc[0]["order again"]) and table.attrs["set_aside"] == 2


# --- CDNOW: the Q1 1997 cohort, recounted with plain pandas ----------------------------------------------------
ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-data"


@pytest.mark.realdata
@pytest.mark.skipif(not REAL.is_dir(), reason=f"real data not present at {REAL} (only CI and developers have it)")
def test_cdnow_share_of_the_q1_1997_cohort_that_orders_again():
    raw = pd.read_csv(REAL / "cdnow_transactions" / "CDNOW_master.txt", sep=r"\s+",
                      dtype={"customer_id": str, "date": str})
    day = pd.to_datetime(raw["date"], format="%Y%m%d")
    first = day.groupby(raw["customer_id"]).transform("min")
    cohort = raw.loc[first.between("1997-01-01", "1997-03-31"), "customer_id"].unique()
    again = raw.loc[day > first, "customer_id"].unique()
    share = len(set(again) & set(cohort)) / len(cohort)  # pandas: 11'516 of 23'570 order again on a later day
    assert len(cohort) == 23_570 and round(share, 4) == 0.4886
    company = load_company(ROOT / "tests" / "data" / "real" / "cdnow")
    table = cohort_table(company, grain="quarter", offsets=(1,), lang="en")
    assert table["cohort"].tolist() == ["1997-Q1"] and table["customers"].tolist() == [23_570]
    assert table["order again"].iloc[0] == pytest.approx(share) and round(table["order again"].iloc[0], 4) == 0.4886
    # retention of Q2 1997: of the 23'570 active in Q1, 5'376 ordered in Q2 (pandas recount below)
    q = day.dt.to_period("Q")
    q1 = set(raw.loc[q == pd.Period("1997Q1"), "customer_id"])
    q2 = set(raw.loc[q == pd.Period("1997Q2"), "customer_id"])
    frame = compute_kpis(company, ["customer_retention_rate", "churn_rate"], period="quarter")
    apr = frame[frame["period"] == "1997-04-01"].set_index("kpi")
    assert apr.loc["customer_retention_rate", "numerator"] == len(q1 & q2) == 5_376
    assert apr.loc["customer_retention_rate", "denominator"] == len(q1) == 23_570
    assert round(apr.loc["customer_retention_rate", "value"], 4) == 0.2281
    assert apr.loc["churn_rate", "value"] == pytest.approx(1 - apr.loc["customer_retention_rate", "value"])
    assert table["after 1 qtr."].iloc[0] == pytest.approx(5_376 / 23_570)  # the cohort is all of Q1's actives


def test_an_orders_table_without_rows_gives_reasons_not_a_crash():
    empty = orders([("a", "2025-01-05", "A", 1)]).iloc[:0]
    frame = compute_kpis(company(orders=empty), ["active_customers", "customer_retention_rate", "churn_rate"])
    assert frame["value"].isna().all() and frame["note"].notna().all()
    assert frame.loc[frame["kpi"] == "churn_rate", "note"].str.startswith("no orders").all()


def test_a_range_that_starts_mid_month_places_earlier_orders_of_that_month_in_it_not_before():
    rows = [("a", "2024-12-05", "A", 1), ("b", "2025-01-10", "A", 1), ("a", "2025-02-03", "A", 1),
            ("b", "2025-02-04", "A", 1)]
    frame = compute_kpis(company(orders=orders(rows), period=("2025-01-15", "2025-02-28")), "customer_retention_rate")
    # January: a in December, not again in January -> 0/1 (b's 10 January is January, not December);
    # February: b active in January, again -> 1/1
    assert frame[["numerator", "denominator"]].values.tolist() == [[0.0, 1.0], [1.0, 1.0]]


def test_active_customers_come_from_the_orders_where_a_customer_list_exists_too():
    customers = pd.DataFrame({"customer_id": text("a", "b", "x"), "created_at": dates("2024-01-01", None, None)})
    frame = compute_kpis(company(orders=orders(MONTHLY), customers=customers), "active_customers")
    assert frame["value"].tolist() == [3.0, 3.0, 1.0]  # a, b, c · a, c, d · b: the list's x never ordered
    assert frame["note"].isna().all()


def test_cac_payback_per_channel_uses_the_channels_spend_and_new_customers():
    ads = pd.DataFrame({"date": dates("2025-01-05", "2025-01-06"), "channel": text("A", "B"),
                        "spend": [300.0, 100.0]})
    rows = [("a", "2025-01-05", "A", 50), ("b", "2025-01-09", "B", 25), ("a", "2025-01-20", "A", 25)]
    co = company(campaigns=ads, orders=orders(rows), period=("2025-01-01", "2025-01-31"))
    split = cells(compute_kpis(co, "cac_payback_months", by="channel"))
    # A: CAC 300 / 1 (a), a's 75 in January -> 4.0; B: CAC 100 / 1 (b), b's 25 -> 4.0
    assert split[("2025-01-01", "A")] == pytest.approx(4.0) and split[("2025-01-01", "B")] == pytest.approx(4.0)
    assert math.isnan(split[("2025-01-01", "–")])  # no spend without a channel: unknown, not free


def test_cac_payback_from_the_mrr_of_new_customers_where_the_list_has_it():
    listed = pd.DataFrame({"customer_id": text("a", "b", "c"), "mrr": [40.0, 60.0, None]})
    co = payback_company()
    co.tables["customers"] = listed
    month = compute_kpis(co, "cac_payback_months")
    # January: CAC 150, mean MRR of a and b (50) -> 3.0; February: c has no MRR -> undefined with the reason
    assert month["value"].iloc[0] == pytest.approx(3.0) and month["denominator"].iloc[0] == 50.0
    assert math.isnan(month["value"].iloc[1]) and "no revenue from new customers" in month["note"].iloc[1]
    assert month["note"].str.contains("mean MRR").all()


def test_the_retention_diagnosis_and_the_exercise_count_what_the_kpi_counts():
    """One definition of retention: the KPI, the diagnosis' counts and exercise 5's expected answers agree."""
    from pathlib import Path

    import kpikit
    from kpikit.checks.retention import kept_by_quarter
    from kpikit.exercises import ex05_customers as ex5

    demo = kpikit.load_company(Path(__file__).resolve().parents[1] / "datasets" / "demo")
    kpi = kpikit.compute_kpis(demo, "customer_retention_rate", period="quarter").set_index("period")
    kept = kept_by_quarter(demo)
    for period in kept.periods:
        assert kpi.loc[period, "denominator"] == kept.active.loc["", period]
        assert kpi.loc[period, "numerator"] == kept.kept.loc["", period]
    small = kpikit.Company.from_frames(orders=ex5.small_orders())
    frame = kpikit.compute_kpis(small, ["customer_retention_rate", "churn_rate"], period="quarter")
    last = frame[frame["period"] == frame["period"].max()].set_index("kpi")["value"]
    assert last["customer_retention_rate"] == ex5.expected_retention()
    assert last["churn_rate"] == ex5.expected_churn()
