"""Reference figures published for the real data sets in ../shared/real-data.

Each company folder under tests/data/real only maps columns and values; no preprocessing code.
The figures come out of ``kpikit kpis DIR --period all --format json``, as a consultant would run it.
"""

import json
from pathlib import Path

import pytest

from kpikit.cli import main

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-data"
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not REAL.is_dir(), reason=f"real data not present at {REAL} (only CI and developers have it)"),
]


def _kpis(capsys, company: str, *args: str) -> dict:
    status = main(["kpis", str(ROOT / "tests" / "data" / "real" / company), "--format", "json", *args])
    out = capsys.readouterr().out
    assert status == 0
    return {(r["kpi"], r["period"]): r for r in json.loads(out)}


def test_maven_crm(capsys):
    rows = _kpis(capsys, "maven", "--period", "all")
    close = rows["close_rate", "all"]
    assert close["numerator"] == 4238 and close["denominator"] == 4238 + 2473
    assert round(close["value"] * 100, 2) == 63.15
    assert rows["revenue", "all"]["value"] == 10_005_534
    assert round(rows["avg_deal_size", "all"]["value"], 2) == 2360.91
    cycle = rows["sales_cycle_days", "all"]
    assert round(cycle["value"], 2) == 51.78
    assert cycle["median"] == 57


def test_facebook_ads_kag(capsys):
    rows = _kpis(capsys, "kag", "--period", "all")
    assert rows["impressions", "all"]["value"] == 213_434_828
    assert round(rows["ctr", "all"]["value"] * 100, 6) == 0.017881
    assert round(rows["cost_per_click", "all"]["value"], 3) == 1.538
    assert round(rows["cost_per_lead", "all"]["value"], 2) == 17.99
    assert round(rows["cost_per_acquisition", "all"]["value"], 2) == 54.41
    assert round(rows["marketing_spend", "all"]["value"], 2) == 58705.23


def test_facebook_ads_spend_by_campaign(capsys):
    main(["kpis", str(ROOT / "tests/data/real/kag"), "--period", "all", "--by", "campaign",
          "--kpi", "marketing_spend", "--format", "json"])
    spend = {r["segment"]: r["value"] for r in json.loads(capsys.readouterr().out)}
    assert round(spend["916"], 2) == 149.71
    assert round(spend["936"], 2) == 2893.37
    assert round(spend["1178"], 2) == 55662.15


def test_cdnow(capsys):
    rows = _kpis(capsys, "cdnow", "--period", "all")
    assert round(rows["revenue", "all"]["value"], 2) == 2_500_315.63
    assert rows["revenue_per_customer", "all"]["denominator"] == 23_570
    assert round(rows["revenue_per_customer", "all"]["value"], 2) == 106.08
    monthly = _kpis(capsys, "cdnow", "--period", "month", "--kpi", "new_customers")
    assert [monthly["new_customers", m]["value"] for m in ("1997-01-01", "1997-02-01", "1997-03-01")] == [
        7846, 8476, 7248
    ]
    assert monthly["new_customers", "1997-04-01"]["value"] == 0


def test_facebook_ads_without_a_made_up_date(capsys):
    """#15: the KAG file has no dates; "@none" says so, and the published figures come out over the whole list."""
    rows = _kpis(capsys, "kag-undated", "--period", "all")
    assert rows["impressions", "all"]["value"] == 213_434_828
    assert round(rows["cost_per_lead", "all"]["value"], 2) == 17.99
    assert round(rows["cost_per_acquisition", "all"]["value"], 2) == 54.41
    assert round(rows["marketing_spend", "all"]["value"], 2) == 58705.23
    assert main(["kpis", str(ROOT / "tests/data/real/kag-undated"), "--period", "quarter", "--lang", "en"]) == 0
    assert "no dates" in capsys.readouterr().out
    quarters = _kpis(capsys, "kag-undated", "--period", "quarter", "--kpi", "marketing_spend")
    assert quarters == {}  # no period grid without dates, and no row pretending one


def test_maven_deals_alone_run_the_whole_plan(tmp_path):
    """#15: a company of deals only (the Maven pipeline) finishes all seven notebooks."""
    status = main(["run", str(ROOT / "tests/data/real/maven"), "--out", str(tmp_path), "--lang", "en"])
    assert status == 0
    record = json.loads(next(tmp_path.glob("*/latest/run.json")).read_text(encoding="utf-8"))
    assert [n["status"] for n in record["notebooks"]] == ["ok"] * 7
