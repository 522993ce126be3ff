"""Issue #15: a company of each export shape runs the whole plan, and its figures equal a hand count.

The companies in tests/data/shapes/plan_* are mapped by company.yaml alone (no made-up date, no added id
column): a contact list without ids and with a ``Converted`` flag, a customer list with a churn flag and
no dates, a headerless session log, a funnel whose deals carry only the lead id, and a bank's contact
list without ids or dates. One ``run_plan`` call runs all of them (shared worker pool and warm kernels);
the expected figures are counted with plain pandas from the files themselves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import kpikit
from kpikit.plan import PHASES, run_plan

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
COMPANIES = sorted(p for p in SHAPES.glob("plan_*") if p.is_dir())
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("shapes")
    return dict(zip(COMPANIES, run_plan(COMPANIES, out=out, jobs=2, progress=False, warm_kernels=True),
                    strict=True))


@pytest.mark.parametrize("folder", COMPANIES, ids=[p.name for p in COMPANIES])
def test_each_shape_runs_all_seven_notebooks(runs, folder):
    run = runs[folder]
    failed = [(nb.notebook, nb.error) for nb in run.notebooks if nb.status != "ok"]
    assert not failed and run.status == "ok", failed
    record = json.loads((Path(run.out_dir) / "run.json").read_text(encoding="utf-8"))
    assert [n["status"] for n in record["notebooks"]] == ["ok"] * len(PHASES)
    assert (Path(run.out_dir) / "bericht.html").is_file() and (Path(run.out_dir) / "kpis.xlsx").is_file()


def _all(folder: str, kpis: list[str], by: str | None = None) -> pd.DataFrame:
    company = kpikit.load_company(SHAPES / folder)
    return kpikit.compute_kpis(company, kpis, period="all", by=by).set_index(["kpi", "segment"])


def test_contact_list_converted_flag_counts_new_customers():
    raw = pd.read_csv(SHAPES / "plan_contacts_converted" / "leads.csv")
    got = _all("plan_contacts_converted", ["leads", "new_customers", "lead_to_customer_rate"])
    assert got.loc[("leads", None), "value"] == len(raw)
    assert got.loc[("new_customers", None), "value"] == (raw["Converted"] == 1).sum()
    assert got.loc[("lead_to_customer_rate", None), "value"] == pytest.approx((raw["Converted"] == 1).mean())


def test_funnel_deals_inherit_their_leads_channel():
    leads = pd.read_csv(SHAPES / "plan_funnel_lead_channel" / "leads.csv")
    deals = pd.read_csv(SHAPES / "plan_funnel_lead_channel" / "deals.csv")
    won = leads.assign(won=leads["mql_id"].isin(deals["mql_id"]))
    expected = won.groupby("origin")["won"].mean()
    got = _all("plan_funnel_lead_channel", ["lead_to_customer_rate", "new_customers"], by="channel")
    for channel, rate in expected.items():
        assert got.loc[("lead_to_customer_rate", channel), "value"] == pytest.approx(rate), channel
        assert got.loc[("new_customers", channel), "value"] == won[won["origin"] == channel]["won"].sum()


def test_session_log_visit_conversion_rate():
    raw = pd.read_csv(SHAPES / "plan_session_log" / "sessions.csv", header=None,
                      names=["date", "channel", "pages", "bought"])
    got = _all("plan_session_log", ["sessions", "visit_conversion_rate"], by="channel")
    for channel, rows in raw.groupby("channel"):
        assert got.loc[("sessions", channel), "value"] == len(rows)
        assert got.loc[("visit_conversion_rate", channel), "value"] == pytest.approx(rows["bought"].mean())
        assert got.loc[("visit_conversion_rate", channel), "n"] == len(rows)


def test_customer_list_churn_rate_of_a_list():
    raw = pd.read_csv(SHAPES / "plan_customer_churn" / "customers.csv")
    got = _all("plan_customer_churn", ["churn_rate"])
    assert got.loc[("churn_rate", None), "value"] == pytest.approx((raw["Churn"] == "Yes").mean())
    assert got.loc[("churn_rate", None), "n"] == len(raw)


def test_bank_contacts_without_ids_or_dates():
    raw = pd.read_csv(SHAPES / "plan_snapshot_leads" / "contacts.csv", sep=";")
    company = kpikit.load_company(SHAPES / "plan_snapshot_leads")
    assert company.undated == ("leads",) and company.leads["lead_id"].tolist()[:3] == ["2", "3", "4"]
    got = _all("plan_snapshot_leads", ["leads", "lead_to_customer_rate"], by="channel")
    for channel, rows in raw.groupby("contact"):
        assert got.loc[("leads", channel), "value"] == len(rows)
        assert got.loc[("lead_to_customer_rate", channel), "value"] == pytest.approx((rows["y"] == "yes").mean())
