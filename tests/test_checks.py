"""Every check fires on a minimal case and stays silent on its healthy twin; diagnoses find the stories."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpikit import Company, Goal, load_company
from kpikit.checks import (
    check_channels,
    check_computable,
    check_goals,
    check_noise,
    check_selection,
    check_window,
    diagnose,
    goal_status,
    missing_parts,
    run_checks,
)
from kpikit.cli import main
from kpikit.company.simulate import synthetic_company

ROOT = Path(__file__).resolve().parents[1]
SMART = {"statement": "Mehr Abschlüsse", "target": 0.4, "per": "month", "deadline": pd.Timestamp("2025-12-31").date()}


def codes(findings):
    return [f.code for f in findings]


def deals_by_month(per_month: list[tuple[int, int]], start="2025-01-01"):
    """Deals closed per month: (won, lost) pairs."""
    rows = []
    for m, (won, lost) in enumerate(per_month):
        day = (pd.Timestamp(start) + pd.DateOffset(months=m) + pd.Timedelta(days=10)).date().isoformat()
        rows += [("won", day)] * won + [("lost", day)] * lost
    return pd.DataFrame({"deal_id": [f"d{i}" for i in range(len(rows))], "status": [r[0] for r in rows],
                         "closed_at": [r[1] for r in rows], "customer_id": [f"c{i}" for i in range(len(rows))]})


def company(kpis=(), goals=(), months=3, won_lost=(10, 20), **frames):
    if not frames:
        frames = {"deals": deals_by_month([won_lost] * months)}
    end = pd.Timestamp("2025-01-01") + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    return Company.from_frames(kpis=kpis, goals=goals, period=("2025-01-01", end), **frames)


# --- selection ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("kpis", "fires"), [
    (["leads", "new_customers", "close_rate", "cac", "revenue", "reach"], "KPI_COUNT_HIGH"),
    (["new_customers", "close_rate", "cac", "revenue", "leads"], None),
    (["close_rate", "cac"], "KPI_COUNT_LOW"),
    (["close_rate", "cac", "new_customers"], None),
])
def test_kpi_count(kpis, fires):
    goals = [Goal(id=k, kpi=k, **SMART) for k in kpis]
    found = [c for c in codes(check_selection(company(kpis, goals))) if c.startswith("KPI_COUNT")]
    assert found == ([fires] if fires else [])


def test_kpi_without_goal_and_its_healthy_twin():
    kpis = ["close_rate", "cac", "new_customers"]
    lonely = check_selection(company(kpis, [Goal(id="a", kpi="close_rate", **SMART)]))
    assert sorted(f.kpi for f in lonely if f.code == "KPI_WITHOUT_GOAL") == ["cac", "new_customers"]
    healthy = check_selection(company(kpis, [Goal(id=k, kpi=k, **SMART) for k in kpis]))
    assert "KPI_WITHOUT_GOAL" not in codes(healthy)


def test_goal_without_kpi_and_its_healthy_twin():
    kpis = ["close_rate", "cac", "new_customers"]
    goals = [Goal(id=k, kpi=k, **SMART) for k in kpis]
    assert "GOAL_WITHOUT_KPI" in codes(check_selection(company(kpis, [*goals, Goal(id="vage", statement="x")])))
    assert "GOAL_WITHOUT_KPI" not in codes(check_selection(company(kpis, goals)))


def test_vanity_metric_and_its_healthy_twin():
    vain = check_selection(company(["reach", "impressions", "ctr"]))
    assert "VANITY_METRIC" in codes(vain)
    assert "VANITY_METRIC" not in codes(check_selection(company(["reach", "impressions", "new_customers"])))


# --- goals ----------------------------------------------------------------------------------------------------
def test_goal_not_smart_names_what_is_missing():
    goal = Goal(id="mehr", statement="Mehr Abschlüsse", kpi="close_rate", target=0.4)
    finding = [f for f in check_goals(company(goals=[goal])) if f.code == "GOAL_NOT_SMART"]
    assert finding and finding[0].evidence["missing"] == ["per", "deadline"]
    assert "per und deadline" in finding[0].message("de")
    assert "GOAL_NOT_SMART" not in codes(check_goals(company(goals=[Goal(id="ok", kpi="close_rate", **SMART)])))


def test_missing_parts():
    assert missing_parts(Goal(id="x")) == ["statement", "kpi", "target", "per", "deadline"]


@pytest.mark.parametrize(("target", "status"), [(0.9, "off_track"), (0.30, "achieved")])
def test_goal_status(target, status):
    goal = Goal(id="g", statement="s", kpi="close_rate", target=target, per="month",
                deadline=pd.Timestamp("2025-12-31").date())
    result = goal_status(company(goals=[goal], months=6), goal)  # close rate 10/30 every month
    assert result.status == status
    assert result.baseline == pytest.approx(1 / 3) and result.periods == 6


def test_goal_on_track_and_at_risk_against_the_straight_line():
    # Close rate rises from 20 % to 30 % over 6 months; target 40 % by month 11.
    deals = deals_by_month([(2 * i + 20, 80 - 2 * i) for i in range(6)])
    goal = Goal(id="g", statement="s", kpi="close_rate", target=0.40, per="month",
                deadline=pd.Timestamp("2025-11-30").date())
    c = Company.from_frames(deals=deals, goals=[goal], period=("2025-01-01", "2025-06-30"))
    assert goal_status(c, goal).status == "on_track"
    slow = Goal(id="g", statement="s", kpi="close_rate", target=0.40, per="month",
                deadline=pd.Timestamp("2025-07-31").date())
    assert goal_status(c, slow).status in ("at_risk", "off_track")


def test_goal_off_track_finding_and_healthy_twin():
    bad = Goal(id="g", statement="s", kpi="close_rate", target=0.9, per="month",
               deadline=pd.Timestamp("2025-04-30").date())
    assert "GOAL_OFF_TRACK" in codes(check_goals(company(goals=[bad])))
    good = Goal(id="g", statement="s", kpi="close_rate", target=0.2, per="month",
                deadline=pd.Timestamp("2025-04-30").date())
    assert not check_goals(company(goals=[good]))


# --- impatience and noise ------------------------------------------------------------------------------------
def test_window_too_short_says_how_many_more_weeks():
    short = check_window(company(months=3))
    assert codes(short) == ["WINDOW_TOO_SHORT"]
    assert short[0].evidence["complete_periods"] == 3 and short[0].evidence["more_weeks"] == 13
    assert not check_window(company(months=8))


def test_too_few_observations_from_a_power_calculation():
    few = [f for f in check_noise(company(["close_rate"], months=4)) if f.code == "TOO_FEW_OBSERVATIONS"]
    assert few and few[0].evidence["needed_n_per_period"] > 30
    assert few[0].evidence["weeks_needed"] > 4
    weeks = few[0].evidence["weeks_needed"]
    said = few[0].recommendation("de")
    assert (f"etwa {weeks} Wochen" in said) if weeks <= 104 else ("mehr als zwei Jahre" in said), said
    many = company(["close_rate"], months=4, won_lost=(300, 600))
    assert "TOO_FEW_OBSERVATIONS" not in codes(check_noise(many))


def test_change_within_noise_and_a_real_change():
    noisy = company(["close_rate"], deals=deals_by_month([(10, 20), (10, 20), (14, 16)]))
    assert "CHANGE_WITHIN_NOISE" in codes(check_noise(noisy))
    real = company(["close_rate"], deals=deals_by_month([(100, 900), (100, 900), (300, 700)]))
    assert "CHANGE_WITHIN_NOISE" not in codes(check_noise(real))


def test_kpi_not_computable_says_what_to_capture():
    found = check_computable(company(["cac", "close_rate", "new_customers"]))
    assert [f.kpi for f in found] == ["cac"]
    assert found[0].severity == "critical"
    assert "Kampagnenberichte" in found[0].recommendation("de")
    costs = pd.DataFrame({"date": ["2025-01-31"], "category": ["marketing"], "amount": [500.0]})
    assert not check_computable(company(["cac", "close_rate", "new_customers"],
                                        deals=deals_by_month([(10, 20)] * 3), costs=costs))


def test_checks_collect_everything_at_once():
    c = company(["reach", "impressions"], [Goal(id="vage")])
    found = set(codes(run_checks(c)))
    assert {"KPI_COUNT_LOW", "KPI_WITHOUT_GOAL", "GOAL_WITHOUT_KPI", "GOAL_NOT_SMART", "VANITY_METRIC",
            "WINDOW_TOO_SHORT", "KPI_NOT_COMPUTABLE"} <= found


# --- diagnoses ---------------------------------------------------------------------------------------------------
def test_close_rate_story_is_diagnosed_and_null_is_quiet():
    story = diagnose(synthetic_company(10_001, close_rate_factor_last_two_quarters=0.55))
    found = [f for f in story if f.code == "CLOSE_RATE_FALLING_LEADS_FLAT"]
    assert found and found[0].evidence["window"] == ["2026-Q2", "2026-Q3"]
    assert found[0].confidence in ("high", "very_high")
    assert not [f for f in diagnose(synthetic_company(1)) if f.code.startswith("CLOSE_RATE")]


def test_cac_story_names_the_channel():
    story = diagnose(synthetic_company(20_002, spend_growth_channel="LinkedIn Ads", spend_growth_per_quarter=0.35))
    channels = [f.segment for f in story if f.code == "CAC_RISING" and f.segment]
    assert channels == ["LinkedIn Ads"]


def test_false_positive_rate_on_no_trend_simulations():
    # The benchmark runs 200 seeds against a 5 % target; here 20 seeds against 10 %.
    fired = sum(bool(diagnose(synthetic_company(seed))) for seed in range(100, 120))
    assert fired <= 2


@pytest.fixture(scope="module")
def demo_findings():
    return run_checks(load_company(ROOT / "datasets" / "demo"))


def test_demo_close_rate_story_in_the_right_quarters(demo_findings):
    close = [f for f in demo_findings if f.code == "CLOSE_RATE_FALLING_LEADS_FLAT"]
    assert len(close) == 1
    ev = close[0].evidence
    assert ev["window"] == ["2026-Q2", "2026-Q3"]
    assert ev["close_rate_window"] < 0.25 < 0.35 < ev["close_rate_baseline"]
    assert abs(ev["leads_change"]) < 0.15 and ev["leads_flat"]
    assert ev["p_value"] < 0.001


def test_demo_cac_story_in_linkedin(demo_findings):
    by_channel = [f for f in demo_findings if f.code == "CAC_RISING" and f.segment]
    assert [f.segment for f in by_channel] == ["LinkedIn Ads"]
    ev = by_channel[0].evidence
    assert ev["ratio"] > 2 and ev["window"] == ["2026-Q2", "2026-Q3"]
    assert "LinkedIn Ads" in by_channel[0].message("de") and "LinkedIn Ads" in by_channel[0].message("en")


def test_demo_config_mistakes_in_the_second_yaml():
    found = run_checks(load_company(ROOT / "datasets" / "demo" / "company-zu-viele-kpis.yaml"))
    assert "KPI_COUNT_HIGH" in codes(found)
    assert "reach" in [f.kpi for f in found if f.code == "KPI_WITHOUT_GOAL"]
    assert {"GOAL_WITHOUT_KPI", "GOAL_NOT_SMART"} <= set(codes(found))


def test_control_company_shows_no_diagnosis():
    found = run_checks(load_company(ROOT / "datasets" / "demo-control"))
    assert not [f for f in found if f.code.startswith(("CLOSE_RATE_FALLING", "CAC_RISING", "RETENTION_FALLING"))]


def test_demo_story_c_bean_subscription_customers_leave(demo_findings):
    falling = [f for f in demo_findings if f.code == "RETENTION_FALLING"]
    assert [f.segment for f in falling] == ["Bohnen-Abo Business"]  # that product alone, not the others
    ev = falling[0].evidence
    assert ev["dimension"] == "product" and ev["window"] == ["2026-Q2", "2026-Q3"]
    assert ev["retention_baseline"] - ev["retention_window"] > 0.2
    assert "«Bohnen-Abo Business»" in falling[0].message("de") and "ß" not in falling[0].message("de")
    assert "'Bohnen-Abo Business'" in falling[0].message("en")


def test_retention_counts_by_hand_and_the_group_of_the_first_order():
    from kpikit.checks.retention import diagnose_retention, kept_by_quarter

    # a: Q1, Q2, Q3; b: Q1 only; c: Q1, Q2; d: Q2, Q3 (new in Q2: not kept, not in Q1's base)
    orders = pd.DataFrame({
        "customer_id": ["a", "b", "c", "a", "c", "d", "a", "d"],
        "ordered_at": ["2025-01-05", "2025-02-01", "2025-03-01", "2025-04-02", "2025-05-09", "2025-06-01",
                       "2025-07-01", "2025-08-08"],
        "revenue": [10.0] * 8, "product": ["Abo", "Shop", "Shop", "Shop", "Abo", "Abo", "Abo", "Abo"]})
    company = Company.from_frames(orders=orders, period=("2025-01-01", "2025-09-30"))
    overall = kept_by_quarter(company)
    assert overall.active.loc[""].tolist() == [3, 3] and overall.kept.loc[""].tolist() == [2, 2]
    by_product = kept_by_quarter(company, dim="product")  # a: Abo (first order), b, c: Shop, d: Abo
    assert by_product.active.loc["Abo"].tolist() == [1, 2] and by_product.kept.loc["Abo"].tolist() == [1, 2]
    assert by_product.active.loc["Shop"].tolist() == [2, 1] and by_product.kept.loc["Shop"].tolist() == [1, 0]
    assert diagnose_retention(company) == []  # three quarters of four customers are no evidence
    listed = Company.from_frames(orders=orders, customers=pd.DataFrame({"customer_id": ["c"], "product": ["Abo"]}),
                                 period=("2025-01-01", "2025-09-30"))
    assert kept_by_quarter(listed, dim="product").active.loc["Abo"].tolist() == [2, 3]  # the list wins for c


# --- CLI -------------------------------------------------------------------------------------------------------
def test_cli_check_json_contract(capsys):
    assert main(["check", str(ROOT / "datasets" / "demo"), "--format", "json", "--lang", "en"]) == 1
    findings = json.loads(capsys.readouterr().out)
    for f in findings:
        assert {"code", "severity", "kpi", "message", "evidence", "recommendation"} <= set(f)
        assert f["severity"] in ("info", "warning", "critical")
    assert any(f["code"] == "CAC_RISING" and f["segment"] == "LinkedIn Ads" for f in findings)


def test_cli_check_text_and_exit_codes(capsys, tmp_path):
    assert main(["check", str(ROOT / "datasets" / "demo")]) == 1
    out = capsys.readouterr().out
    assert "LinkedIn Ads" in out and "Empfehlung" in out and "ß" not in out
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_findings_in_both_languages(demo_findings):
    for f in demo_findings:
        assert f.message("de") and f.message("en") and f.recommendation("de") and f.recommendation("en")
        assert "ß" not in f.message("de") + f.recommendation("de")


def test_stats_against_scipy_reference_values():
    """Reference values computed with scipy 1.17 (not a dependency), frozen here so the test always runs.

    binom.cdf(13, 47, 0.474), binom.cdf(0, 10, 0.3), binom.cdf(9, 10, 0.3); 2 * norm.sf(2.886751345948129);
    kendalltau(arange(30), y).pvalue for the seeded series below.
    """
    from kpikit.kpis.stats import binom_cdf, mann_kendall, two_proportion_test

    assert binom_cdf(13, 47, 0.474) == pytest.approx(0.004573178106973602, rel=1e-9)
    assert binom_cdf(0, 10, 0.3) == pytest.approx(0.028247524900000005, rel=1e-9)
    assert binom_cdf(9, 10, 0.3) == pytest.approx(0.9999940951, rel=1e-9)
    test = two_proportion_test(50, 100, 30, 100)
    assert abs(test.statistic) == pytest.approx(2.886751345948129, rel=1e-9)
    assert test.p_value == pytest.approx(0.003892417122778628, rel=1e-6)
    rng = np.random.default_rng(0)
    y = rng.normal(size=30) + np.arange(30) * 0.1
    # Mann–Kendall uses the normal approximation, kendalltau the exact null distribution (n = 30).
    assert mann_kendall(y).p_value == pytest.approx(2.4092178700649936e-05, abs=1e-4)


def test_channels_unmatched_fires_when_crm_and_ads_name_channels_differently():
    deals = pd.DataFrame({"deal_id": ["A", "B"], "status": ["won", "lost"],
                          "closed_at": pd.to_datetime(["2025-01-10", "2025-01-11"]),
                          "channel": ["Bezahlte Suche", "Organische Suche"]})
    campaigns = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02"]),
                              "channel": ["Google Ads", "Newsletter"], "spend": [100.0, 0.0]})
    found = check_channels(Company.from_frames(deals=deals, campaigns=campaigns))
    assert [f.code for f in found] == ["CHANNELS_UNMATCHED"]
    assert found[0].evidence["ad_channels_not_in_crm"] == ["Google Ads"]  # no spend, no question: Newsletter
    assert "sources.deals.values.channel" in found[0].recommendation("de")
    assert "«Google Ads»" in found[0].message("de") and "'Google Ads'" in found[0].message("en")
    # the example mapping pairs channels by meaning, not alphabetically
    crm = deals.assign(channel=["Bezahlte Suche", "Adressliste"])
    ads = campaigns.assign(channel=["Google Ads", "Facebook Ads"], spend=[100.0, 50.0])
    more = pd.concat([crm, crm.assign(deal_id=["C", "D"], channel=["Organische Suche", "Social Media"])])
    found = check_channels(Company.from_frames(deals=more, campaigns=ads))
    assert "«Bezahlte Suche»: Google Ads" in found[0].recommendation("de")
    found = check_channels(Company.from_frames(deals=more[more["channel"] != "Bezahlte Suche"], campaigns=ads))
    assert "«Social Media»: Facebook Ads" in found[0].recommendation("de")
    # the healthy twin: the CRM names the paid channel as the ad platform does (case and spaces aside)
    twin = deals.assign(channel=["google ads ", "Organische Suche"])
    assert check_channels(Company.from_frames(deals=twin, campaigns=campaigns)) == []
