"""Any subset of tables runs the whole plan: the demo company cut down to each single table and each pair.

The single-table companies go through ``run_plan`` (real papermill kernels, in one batch so that the
worker pool and the warm kernels are shared); the pairs execute the same seven notebooks' code cells
in this process, with the parameters a run would set, which checks the same code paths in a fraction
of the time (each papermill kernel costs a start-up and a company load). Both lists are driven by
``TABLES``: a new table of the demo company (``customers``, ``traffic``) joins by its name alone.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import matplotlib
import nbformat
import pytest
import yaml

from kpikit.plan import PHASES, run_plan

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"
NOTEBOOKS = [ROOT / "notebooks" / p.notebook for p in PHASES]
# The demo company's tables, each of which must run the plan alone and with any other one.
TABLES = ("leads", "deals", "orders", "campaigns", "costs")
pytestmark = pytest.mark.slow


def _files(entry) -> list[str]:
    entries = entry if isinstance(entry, list) else [entry]
    return [e["file"] for e in entries]


def subset_company(folder: Path, tables: tuple[str, ...]) -> Path:
    """A copy of the demo company with only ``tables`` (their sources and files), no goals and no KPI list."""
    config = yaml.safe_load((DEMO / "company.yaml").read_text(encoding="utf-8"))
    sources = {name: config["sources"][name] for name in tables}
    keep = {k: v for k, v in config.items() if k not in ("sources", "goals", "kpis")}
    folder.mkdir(parents=True)
    (folder / "company.yaml").write_text(yaml.safe_dump({**keep, "name": "Nur " + "+".join(tables),
                                                          "sources": sources}, allow_unicode=True),
                                         encoding="utf-8")
    for entry in sources.values():
        for name in _files(entry):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(DEMO / name, folder / name)
    return folder


SINGLES = [(name,) for name in TABLES]
PAIRS = list(itertools.combinations(TABLES, 2))


@pytest.fixture(scope="module")
def single_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("subsets")
    dirs = [subset_company(base / "-".join(s), s) for s in SINGLES]
    return run_plan(dirs, out=base / "out", jobs=2, progress=False, warm_kernels=True)


@pytest.mark.parametrize("index", range(len(SINGLES)), ids=["-".join(s) for s in SINGLES])
def test_single_table_runs_all_seven_notebooks(single_runs, index):
    run = single_runs[index]
    failed = [(nb.notebook, nb.error) for nb in run.notebooks if nb.status != "ok"]
    assert not failed, failed
    assert run.status == "ok" and len(run.notebooks) == len(PHASES)
    record = json.loads((Path(run.out_dir) / "run.json").read_text(encoding="utf-8"))
    assert record["status"] == "ok"
    assert [n["status"] for n in record["notebooks"]] == ["ok"] * len(PHASES)


def _run_in_process(company_dir: Path, lang: str) -> None:
    """Execute every code cell of the seven notebooks in a fresh namespace with the run's parameters."""
    for path in NOTEBOOKS:
        nb = nbformat.read(str(path), as_version=4)
        namespace: dict = {}
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            exec(compile(cell.source, f"{path.name}", "exec"), namespace)  # noqa: S102 - our own notebooks
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update(company_dir=str(company_dir), lang=lang)


@pytest.mark.parametrize("pair", PAIRS, ids=["-".join(p) for p in PAIRS])
def test_pair_of_tables_runs_all_seven_notebooks(pair, tmp_path, monkeypatch, capsys):
    matplotlib.use("Agg")
    monkeypatch.setenv("KPIKIT_BATCH", "1")
    company_dir = subset_company(tmp_path / "-".join(pair), pair)
    _run_in_process(company_dir, "en" if "costs" in pair else "de")


def test_one_constant_date_inside_a_quarter_runs_all_seven_notebooks(tmp_path, monkeypatch, write_company):
    # Leads and deals all dated 2024-05-15 (a snapshot given a made-up date): no complete period at all.
    matplotlib.use("Agg")
    monkeypatch.setenv("KPIKIT_BATCH", "1")
    leads = "id,source,created\n" + "".join(f"L{i},{'Web' if i % 2 else 'Messe'},15.05.2024\n" for i in range(8))
    deals = "id,lead,stage,closed,amount\n" + "".join(
        f"D{i},L{i},{'won' if i % 3 else 'lost'},15.05.2024,1000\n" for i in range(6))
    folder = write_company(tmp_path / "konstant", """
        name: Konstant AG
        currency: EUR
        sources:
          leads:
            file: leads.csv
            columns: {lead_id: id, channel: source, created_at: created}
          deals:
            file: deals.csv
            columns: {deal_id: id, lead_id: lead, status: stage, closed_at: closed, created_at: closed,
                      amount: amount, customer_id: lead}
        """, {"leads.csv": leads, "deals.csv": deals})
    _run_in_process(folder, "de")
