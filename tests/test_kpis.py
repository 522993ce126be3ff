"""Every KPI against small hand-computed tables, plus invariants shared by the whole registry."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpikit import KPIS, Company, DataError, compute_kpis, load_company
from kpikit.kpis.definition import Family
from kpikit.kpis.engine import wilson
from kpikit.kpis.registry import Registry

PERIOD = ("2025-01-01", "2025-03-31")
NAN = float("nan")


def deals_frame():
    return pd.DataFrame({
        "deal_id": ["d1", "d2", "d3", "d4", "d5", "d6"],
        "status": ["won", "lost", "won", "open", "won", "lost"],
        "created_at": ["2025-01-05", "2025-01-10", "2025-01-15", "2025-02-01", "2025-02-05", "2025-02-20"],
        "closed_at": ["2025-01-20", "2025-01-25", "2025-02-10", None, "2025-02-15", "2025-03-05"],
        "amount": [1000, 500, 3000, 2000, 1500, 800],
        "customer_id": ["c1", "c2", "c3", "c4", "c1", "c5"],
        "channel": ["Google", "Google", "LinkedIn", "LinkedIn", "Google", "Google"],
        "owner": ["A", "B", "A", "B", "A", "B"],
    })


def leads_frame():
    return pd.DataFrame({
        "lead_id": ["l1", "l2", "l3", "l4", "l5"],
        "created_at": ["02.01.2025", "03.01.2025", "04.01.2025", "01.02.2025", "01.03.2025"],
        "channel": ["Google", "Google", "LinkedIn", "LinkedIn", "Google"],
        "converted_at": ["20.01.2025", None, "10.02.2025", None, None],
    })


def campaigns_frame():
    return pd.DataFrame({
        "date": ["2025-01-01", "2025-01-15", "2025-02-01"],
        "channel": ["Google", "LinkedIn", "Google"],
        "spend": [100.0, 300.0, 200.0],
        "impressions": [1000, 2000, 1000],
        "clicks": [50, 20, 0],
        "leads": [5, 2, 0],
        "conversions": [1, 0, 0],
        "reach": [800, None, 900],
    })


def costs_frame():
    return pd.DataFrame({
        "date": ["2025-01-31", "2025-01-31", "2025-02-28"],
        "category": ["marketing", "sales", "sales"],
        "amount": [600.0, 1000.0, 1000.0],
    })


def orders_frame():
    return pd.DataFrame({
        "order_id": ["o1", "o2", "o3", "o4", "o5"],
        "customer_id": ["c1", "c1", "c2", "c1", "c3"],
        "ordered_at": ["2025-01-10", "2025-01-20", "2025-01-15", "2025-02-05", "2025-02-07"],
        "revenue": [100.0, 50.0, 0.0, 200.0, 300.0],
    })


@pytest.fixture
def sales():
    return Company.from_frames(deals=deals_frame(), leads=leads_frame(), campaigns=campaigns_frame(),
                               costs=costs_frame(), period=PERIOD)


@pytest.fixture
def shop():
    return Company.from_frames(orders=orders_frame(), period=PERIOD)


def values(frame, kpi, segment=None):
    rows = frame[(frame["kpi"] == kpi) & frame["segment"].map(lambda s: s == segment)]
    return dict(zip(rows["period"], rows["value"], strict=True))


def row(frame, kpi, period, segment=None):
    sel = frame[(frame["kpi"] == kpi) & (frame["period"] == period) & frame["segment"].map(lambda s: s == segment)]
    assert len(sel) == 1
    return sel.iloc[0]


def assert_values(got: dict, expected: dict):
    assert set(got) == set(expected)
    for key, want in expected.items():
        if isinstance(want, float) and math.isnan(want):
            assert math.isnan(got[key]), key
        else:
            assert got[key] == pytest.approx(want), key


M1, M2, M3 = "2025-01-01", "2025-02-01", "2025-03-01"


def test_leads(sales):
    assert_values(values(compute_kpis(sales, "leads", period="month"), "leads"), {M1: 3, M2: 1, M3: 1})


def test_close_rate_is_won_over_won_plus_lost(sales):
    monthly = compute_kpis(sales, "close_rate", period="month")
    assert_values(values(monthly, "close_rate"), {M1: 0.5, M2: 1.0, M3: 0.0})
    total = row(compute_kpis(sales, "close_rate", period="all"), "close_rate", "all")
    assert (total["numerator"], total["denominator"], total["n"]) == (3, 5, 5)
    assert total["value"] == pytest.approx(0.6)
    assert total["value"] != pytest.approx(3 / 6), "won/all deals is not the close rate"
    lo, hi = wilson(np.array([3.0]), np.array([5.0]))
    assert (total["ci_low"], total["ci_high"]) == pytest.approx((lo[0], hi[0]))
    assert total["ci_low"] < 0.6 < total["ci_high"]


def test_close_rate_undefined_without_closed_deals():
    deals = pd.DataFrame({"deal_id": ["a", "b"], "status": ["open", "won"], "closed_at": [None, "2025-01-10"]})
    company = Company.from_frames(deals=deals, period=("2025-01-01", "2025-02-28"))
    feb = row(compute_kpis(company, "close_rate", period="month", lang="en"), "close_rate", M2)
    assert math.isnan(feb["value"]) and feb["denominator"] == 0
    assert feb["note"] == "no deals closed in 2025-02"
    de = row(compute_kpis(company, "close_rate", period="month", lang="de"), "close_rate", M2)
    assert de["note"] == "keine abgeschlossenen Deals in 2025-02"
    empty = Company.from_frames(deals=deals.assign(status="open"), period=("2025-01-01", "2025-02-28"))
    assert row(compute_kpis(empty, "close_rate", period="all", lang="en"), "close_rate", "all")["note"] == \
        "no deals closed over the whole period"


def test_close_rate_by_channel(sales):
    frame = compute_kpis(sales, "close_rate", period="all", by="channel")
    assert row(frame, "close_rate", "all", "Google")["value"] == pytest.approx(2 / 4)
    assert row(frame, "close_rate", "all", "LinkedIn")["value"] == pytest.approx(1.0)


def test_avg_deal_size(sales):
    frame = compute_kpis(sales, "avg_deal_size", period="month", lang="en")
    assert_values(values(frame, "avg_deal_size"), {M1: 1000, M2: 2250, M3: NAN})
    assert row(frame, "avg_deal_size", M3)["note"] == "no deals won in 2025-03"


def test_sales_cycle_mean_and_median(sales):
    frame = compute_kpis(sales, "sales_cycle_days", period="all")
    total = row(frame, "sales_cycle_days", "all")
    assert total["value"] == pytest.approx((15 + 26 + 10) / 3)
    assert total["median"] == 15
    monthly = compute_kpis(sales, "sales_cycle_days", period="month")
    assert row(monthly, "sales_cycle_days", M2)["median"] == pytest.approx(18)


def test_new_customers_count_first_won_deal_only(sales):
    # c1 wins twice (Jan and Feb) but is new once, in January.
    frame = compute_kpis(sales, "new_customers", period="month")
    assert_values(values(frame, "new_customers"), {M1: 1, M2: 1, M3: 0})


def test_new_customers_from_orders_without_deals(shop):
    assert_values(values(compute_kpis(shop, "new_customers", period="month"), "new_customers"), {M1: 2, M2: 1, M3: 0})


def test_new_customer_first_deal_before_period_is_not_new():
    deals = pd.DataFrame({"deal_id": ["a", "b"], "status": ["won", "won"], "customer_id": ["c", "c"],
                          "closed_at": ["2024-12-20", "2025-01-10"]})
    company = Company.from_frames(deals=deals, period=("2025-01-01", "2025-01-31"))
    assert row(compute_kpis(company, "new_customers", period="all"), "new_customers", "all")["value"] == 0


def test_revenue_from_won_deals_without_orders(sales):
    assert_values(values(compute_kpis(sales, "revenue", period="month"), "revenue"), {M1: 1000, M2: 4500, M3: 0})


def test_revenue_and_revenue_per_customer_from_orders(shop):
    frame = compute_kpis(shop, ["revenue", "revenue_per_customer"], period="month")
    assert_values(values(frame, "revenue"), {M1: 150, M2: 500, M3: 0})
    # c2's 0.00 order still counts c2 as a customer in January.
    assert_values(values(frame, "revenue_per_customer"), {M1: 75, M2: 250, M3: NAN})
    total = row(compute_kpis(shop, "revenue_per_customer", period="all"), "revenue_per_customer", "all")
    assert (total["numerator"], total["denominator"]) == (650, 3)


def test_revenue_per_customer_from_deals(sales):
    frame = compute_kpis(sales, "revenue_per_customer", period="month")
    assert_values(values(frame, "revenue_per_customer"), {M1: 1000, M2: 2250, M3: NAN})


def test_pipeline_value_at_period_end(sales):
    frame = compute_kpis(sales, "pipeline_value", period="month")
    # End of Jan: d3 open (closes 10 Feb). End of Feb: d4 (open) + d6 (closes 5 Mar). End of Mar: d4.
    assert_values(values(frame, "pipeline_value"), {M1: 3000, M2: 2800, M3: 2000})
    assert row(compute_kpis(sales, "pipeline_value", period="all"), "pipeline_value", "all")["value"] == 2000


def test_lead_to_customer_rate(sales):
    frame = compute_kpis(sales, "lead_to_customer_rate", period="month")
    assert_values(values(frame, "lead_to_customer_rate"), {M1: 2 / 3, M2: 0.0, M3: 0.0})


def test_campaign_rates_and_costs(sales):
    frame = compute_kpis(sales, ["ctr", "conversion_rate", "cost_per_click", "cost_per_lead",
                                 "cost_per_acquisition", "impressions"], period="month", lang="en")
    # March lies after the last campaign row: unknown, not 0 (the rates are undefined there anyway)
    assert_values(values(frame, "impressions"), {M1: 3000, M2: 1000, M3: NAN})
    assert row(frame, "impressions", M3)["note"].startswith("no data from 'campaigns' in 2025-03")
    assert_values(values(frame, "ctr"), {M1: 70 / 3000, M2: 0.0, M3: NAN})
    assert row(frame, "ctr", M3)["note"] == "no impressions in 2025-03"
    assert_values(values(frame, "conversion_rate"), {M1: 7 / 70, M2: NAN, M3: NAN})
    assert_values(values(frame, "cost_per_click"), {M1: 400 / 70, M2: NAN, M3: NAN})
    assert row(frame, "cost_per_click", M2)["note"] == "no clicks in 2025-02"
    assert_values(values(frame, "cost_per_lead"), {M1: 400 / 7, M2: NAN, M3: NAN})
    assert_values(values(frame, "cost_per_acquisition"), {M1: 400.0, M2: NAN, M3: NAN})


def test_cost_per_lead_falls_back_to_crm_leads():
    camp = campaigns_frame().drop(columns=["leads"])
    company = Company.from_frames(campaigns=camp, leads=leads_frame(), period=PERIOD)
    jan = row(compute_kpis(company, "cost_per_lead", period="month", lang="en"), "cost_per_lead", M1)
    assert jan["value"] == pytest.approx(400 / 3)
    assert "leads created in the CRM" in jan["note"]


def test_reach_uses_impressions_where_reach_is_missing_and_says_so(sales):
    frame = compute_kpis(sales, "reach", period="month", lang="en")
    jan = row(frame, "reach", M1)
    assert jan["value"] == 800 + 2000
    assert "impressions stand in" in jan["note"] and "upper bound" in jan["note"]


def test_conversion_rate_above_one_is_undefined_not_clipped():
    camp = pd.DataFrame({"date": ["2025-01-01"], "channel": ["Meta"], "spend": [10.0], "clicks": [2],
                         "leads": [5]})
    company = Company.from_frames(campaigns=camp, period=("2025-01-01", "2025-01-31"))
    r = row(compute_kpis(company, "conversion_rate", period="all", lang="en"), "conversion_rate", "all")
    assert math.isnan(r["value"]) and "exceeds denominator" in r["note"]


def test_marketing_spend_and_cac(sales):
    frame = compute_kpis(sales, ["marketing_spend", "cac"], period="month", lang="en")
    # no campaign or cost rows after February: March's spend is unknown, not CHF 0
    assert_values(values(frame, "marketing_spend"), {M1: 1000, M2: 200, M3: NAN})
    assert_values(values(frame, "cac"), {M1: 2000, M2: 1200, M3: NAN})
    for kpi in ("marketing_spend", "cac"):
        assert row(frame, kpi, M3)["note"].startswith("no data from 'campaigns' in 2025-03 (data from"), kpi
    total = row(compute_kpis(sales, "cac", period="all"), "cac", "all")
    assert (total["numerator"], total["denominator"], total["value"]) == (3200, 2, 1600)


def test_cac_by_channel_uses_attributable_spend_and_marks_unknown(sales):
    frame = compute_kpis(sales, "cac", period="all", by="channel", lang="en")
    google = row(frame, "cac", "all", "Google")  # spend 300, new customers c1 -> 300
    assert google["value"] == pytest.approx(300)
    assert "(2'600)" in google["note"]  # marketing 600 + sales 2'000 without a channel are named, not spread
    linkedin = row(frame, "cac", "all", "LinkedIn")  # spend 300, new customer c3
    assert linkedin["value"] == pytest.approx(300)


def test_repeat_purchase_rate(shop):
    frame = compute_kpis(shop, "repeat_purchase_rate", period="month")
    assert_values(values(frame, "repeat_purchase_rate"), {M1: 0.5, M2: 0.0, M3: NAN})
    assert row(compute_kpis(shop, "repeat_purchase_rate", period="all"), "repeat_purchase_rate", "all")[
        "value"] == pytest.approx(1 / 3)


def test_repeat_purchase_without_order_id_counts_split_rows_once():
    orders = orders_frame().drop(columns=["order_id"])
    orders.loc[len(orders)] = ["c3", "2025-02-07", 10.0]  # second row of c3's order on the same day
    company = Company.from_frames(orders=orders, period=PERIOD)
    r = row(compute_kpis(company, "repeat_purchase_rate", period="all"), "repeat_purchase_rate", "all")
    assert r["value"] == pytest.approx(1 / 3)


def test_customer_lifetime_value_is_cumulative_and_names_its_method(shop):
    frame = compute_kpis(shop, "customer_lifetime_value", period="month", lang="en")
    assert_values(values(frame, "customer_lifetime_value"), {M1: 75, M2: 650 / 3, M3: 650 / 3})
    assert "historical average" in row(frame, "customer_lifetime_value", M1)["note"]


def test_ltv_cac_ratio():
    company = Company.from_frames(deals=deals_frame(), orders=orders_frame(), costs=costs_frame(), period=PERIOD)
    frame = compute_kpis(company, ["customer_lifetime_value", "cac", "ltv_cac_ratio"], period="all")
    clv, cac = row(frame, "customer_lifetime_value", "all")["value"], row(frame, "cac", "all")["value"]
    assert row(frame, "ltv_cac_ratio", "all")["value"] == pytest.approx(clv / cac)


def test_missing_table_is_not_computable_with_reason(shop):
    r = row(compute_kpis(shop, "close_rate", period="all", lang="en"), "close_rate", "all")
    assert math.isnan(r["value"]) and r["note"] == "not computable: table 'deals' is missing (add it under " \
        "sources in company.yaml)"


def test_missing_optional_column_is_not_computable_with_reason():
    deals = deals_frame().drop(columns=["amount"])
    company = Company.from_frames(deals=deals, period=PERIOD)
    r = row(compute_kpis(company, "avg_deal_size", period="all", lang="en"), "avg_deal_size", "all")
    assert math.isnan(r["value"]) and "column 'amount' is missing in deals" in r["note"]


def test_missing_required_column_is_a_clear_error():
    with pytest.raises(DataError, match="closed_at"):
        Company.from_frames(deals=deals_frame().drop(columns=["closed_at"]))


def test_bad_arguments_name_the_allowed_values(sales):
    with pytest.raises(ValueError, match=r"Got period='day'\. Must be one of"):
        compute_kpis(sales, period="day")
    with pytest.raises(ValueError, match=r"Got by='colour'"):
        compute_kpis(sales, by="colour")
    with pytest.raises(ValueError, match="Did you mean 'close_rate'"):
        compute_kpis(sales, "closerate")


def test_weeks_start_on_monday(sales):
    frame = compute_kpis(sales, "leads", period="week")
    starts = pd.to_datetime(frame["period_start"])
    assert (starts.dt.day_of_week == 0).all()
    assert frame["value"].sum() == 5


# --- invariants over the whole registry -----------------------------------------------------------------
def test_every_kpi_is_registered_with_its_own_function():
    functions = [k.function for k in KPIS.values()]
    assert all(callable(f) for f in functions) and len(set(functions)) == len(functions)
    assert all(f.__name__ == k or k == "customer_lifetime_value" for k, f in zip(KPIS, functions, strict=True))
    contract = {"leads", "new_customers", "revenue", "revenue_per_customer", "close_rate", "avg_deal_size",
                "sales_cycle_days", "pipeline_value", "lead_to_customer_rate", "reach", "impressions", "ctr",
                "conversion_rate", "cost_per_click", "cost_per_lead", "cost_per_acquisition", "marketing_spend",
                "cac", "repeat_purchase_rate", "customer_lifetime_value", "ltv_cac_ratio"}
    assert contract <= set(KPIS)


def test_registry_lists_sorted_names_and_rejects_unknown_and_twice_registered_kpis():
    assert KPIS.names() == sorted(KPIS)
    with pytest.raises(ValueError, match=r"Got kpi='nope'\. Must be one of \['leads', 'new_customers', "):
        KPIS.check("nope")
    family = Family("twice")
    family.kpi("close_rate", **{f: getattr(KPIS["close_rate"], f) for f in (
        "name_de", "name_en", "explain_de", "explain_en", "numerator", "numerator_de", "unit", "direction",
        "tables")})(lambda c: None)
    with pytest.raises(ValueError, match="'close_rate' is registered twice"):
        Registry([Family("empty"), family, family])


@pytest.mark.parametrize("kpi", sorted(KPIS))
def test_definition_is_complete(kpi):
    k = KPIS[kpi]
    assert k.name_de and k.name_en and k.explain_de and k.explain_en and k.numerator and k.numerator_de
    assert bool(k.denominator) == bool(k.denominator_de)
    assert k.unit in {"count", "currency", "ratio", "days", "months"}
    assert k.direction in {"higher", "lower"}
    assert k.tables
    if kpi.endswith("_rate") or kpi == "ctr":
        assert k.bounded and k.denominator


@pytest.fixture(scope="module")
def full():
    return Company.from_frames(deals=deals_frame(), leads=leads_frame(), campaigns=campaigns_frame(),
                               costs=costs_frame(), orders=orders_frame(), period=PERIOD)


@pytest.fixture(scope="module")
def demo():
    return load_company(Path(__file__).resolve().parents[1] / "datasets" / "demo")


@pytest.mark.parametrize("kpi", sorted(KPIS))
def test_rates_lie_in_unit_interval_and_nothing_is_infinite(kpi, demo):
    for by in (None, "channel"):
        frame = compute_kpis(demo, kpi, period="quarter", by=by)
        v = frame["value"].dropna()
        assert np.isfinite(v).all()
        if KPIS[kpi].bounded:
            assert ((v >= 0) & (v <= 1)).all()
            ci = frame.dropna(subset=["value"])
            assert (ci["ci_low"] <= ci["value"] + 1e-12).all() and (ci["value"] <= ci["ci_high"] + 1e-12).all()
        # Undefined exactly where a reason is given.
        undefined = frame["value"].isna()
        assert frame.loc[undefined, "note"].notna().all()


@pytest.mark.parametrize("kpi", sorted(KPIS))
def test_row_order_does_not_matter(kpi, full):
    shuffled = Company.from_frames(period=PERIOD, **{
        name: frame.sample(frac=1.0, random_state=7).reset_index(drop=True) for name, frame in {
            "deals": deals_frame(), "leads": leads_frame(), "campaigns": campaigns_frame(),
            "costs": costs_frame(), "orders": orders_frame()}.items()})
    for by in (None, "channel"):
        a = compute_kpis(full, kpi, period="month", by=by)
        b = compute_kpis(shuffled, kpi, period="month", by=by)
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)


@pytest.mark.parametrize("kpi", sorted(KPIS))
def test_input_is_not_changed(kpi, full):
    before = {name: frame.copy(deep=True) for name, frame in full.tables.items()}
    compute_kpis(full, kpi, period="month", by="channel")
    compute_kpis(full, kpi, period="all")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(full.tables[name], frame)


@pytest.mark.parametrize("kpi", sorted(KPIS))
def test_missing_table_gives_a_reason_not_a_crash(kpi):
    empty = Company.from_frames(leads=leads_frame(), period=PERIOD)
    frame = compute_kpis(empty, kpi, period="month")
    assert len(frame) == 3
    # every period has a value or says why not
    assert (frame["value"].notna() | frame["note"].notna()).all()


def test_ad_export_of_one_month_leaves_other_quarters_unknown_not_zero(make_company, capsys):
    # A consultant's first day: 9 months of CRM deals, but the ad export covers March only.
    from kpikit import load_company
    from kpikit.cli import main

    deals = ["deal_id,status,created_at,closed_at,amount,customer_id"]
    for i, month in enumerate([1, 2, 3, 4, 5, 6, 7, 8, 9]):
        deals.append(f"D{i},won,2025-{month:02d}-02,2025-{month:02d}-20,1000,K{i}")
        deals.append(f"E{i},lost,2025-{month:02d}-03,2025-{month:02d}-21,500,L{i}")
    campaigns = "date,channel,spend,impressions,clicks\n" + "".join(
        f"2025-03-{d:02d},Google Ads,100,1000,10\n" for d in range(1, 32))
    folder = make_company("sources: {deals: deals.csv, campaigns: ads.csv}\n",
                          {"deals.csv": "\n".join(deals) + "\n", "ads.csv": campaigns})
    frame = compute_kpis(load_company(folder), ["marketing_spend", "cac", "impressions", "reach", "new_customers"],
                         period="quarter", lang="de")
    q = {(r.kpi, r.period): r for r in frame.itertuples()}
    assert q[("marketing_spend", "2025-01-01")].value == 3100 and q[("cac", "2025-01-01")].value == 3100 / 3
    for kpi in ("marketing_spend", "cac", "impressions", "reach"):
        for quarter in ("2025-04-01", "2025-07-01"):
            r = q[(kpi, quarter)]
            assert math.isnan(r.value), (kpi, quarter)
            assert r.note.startswith("keine Daten aus «campaigns» in 2025-Q")
            assert "vom 01.03.2025 bis 31.03.2025" in r.note
    assert q[("new_customers", "2025-04-01")].value == 3  # the CRM covers the quarter: a real count
    # the comparison of the last quarter has nothing to compare for CAC, and says so instead of crashing
    assert main(["kpis", str(folder), "--period", "quarter", "--compare", "--include-incomplete"]) == 0
    out = capsys.readouterr().out
    assert "Kundenakquisitionskosten (CAC): – · Vorperiode CHF 1'033 (nicht vergleichbar)" in out
    cac_line = next(line for line in out.splitlines() if line.startswith("Kundenakquisitionskosten"))
    assert "CHF 0" not in cac_line and cac_line.split()[-2:] == ["–", "–"]
    assert "Kundenakquisitionskosten (CAC): –" in out


def test_kpis_table_names_periods_and_lists_each_reason_once(make_company, capsys):
    from kpikit.cli import main

    deals = "deal_id,status,created_at,closed_at,amount,customer_id\n" + "".join(
        f"D{m},won,2025-{m:02d}-02,2025-{m:02d}-20,1000,K{m}\n" for m in range(1, 10))
    ads = "date,channel,spend,impressions,clicks\n2025-03-01,Google Ads,100,1000,10\n"
    folder = make_company("sources: {deals: deals.csv, campaigns: ads.csv}\n", {"deals.csv": deals, "ads.csv": ads})
    assert main(["kpis", str(folder), "--period", "quarter", "--lang", "en", "--include-incomplete"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[1].split()
    assert header == ["2025-Q1", "2025-Q2", "2025-Q3*"]  # the running quarter (data to 20.09.) is marked
    undefined, notes = out.split("'–' means undefined:")[1].split("Notes on the values:")
    spend = [line for line in undefined.splitlines() if line.strip().startswith("Marketing spend")]
    assert len(spend) == 1 and spend[0].endswith("(2025-Q2, 2025-Q3)")  # one line, both periods
    assert "campaign spend only" in notes  # a caveat on a value that is shown is not hidden


def test_lead_to_deal_rate_counts_leads_with_a_deal_once():
    # l1 has two deals, l4 one, l2, l3 and l5 none; d4 names a lead that is not in the table
    deals = deals_frame().assign(lead_id=["l1", "l1", "l4", "lX", None, None])
    c = Company.from_frames(deals=deals, leads=leads_frame(), period=PERIOD)
    frame = compute_kpis(c, "lead_to_deal_rate", period="month", lang="en")
    assert_values(values(frame, "lead_to_deal_rate"),
                  {M1: 1 / 3, M2: 1.0, M3: 0.0})
    jan = row(frame, "lead_to_deal_rate", M1)
    assert (jan["numerator"], jan["denominator"], jan["n"]) == (1, 3, 3)
    lo, hi = wilson(np.array([1.0]), np.array([3.0]))
    assert jan["ci_low"] == pytest.approx(lo[0]) and jan["ci_high"] == pytest.approx(hi[0])
    by = compute_kpis(c, "lead_to_deal_rate", period="month", by="channel", lang="en")
    assert_values(values(by, "lead_to_deal_rate", "Google"), {M1: 0.5, M2: NAN, M3: 0.0})
    assert_values(values(by, "lead_to_deal_rate", "LinkedIn"), {M1: 0.0, M2: 1.0, M3: NAN})
    assert row(by, "lead_to_deal_rate", M2, "Google")["note"] == "no leads in 2025-02"


def test_lead_to_deal_rate_undefined_without_lead_ids_on_deals(sales):
    frame = compute_kpis(sales, "lead_to_deal_rate", period="month")
    assert frame["value"].isna().all() and (frame["missing"] == "deals.lead_id").all()
    assert frame["note"].iloc[0] == "nicht berechenbar: Spalte «lead_id» fehlt in deals"
    empty = Company.from_frames(deals=deals_frame().assign(lead_id=[None] * 6), leads=leads_frame(), period=PERIOD)
    assert compute_kpis(empty, "lead_to_deal_rate")["missing"].eq("deals.lead_id").all()
