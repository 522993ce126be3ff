"""Shared fixtures: company folders built in tmp_path, the demo companies, and the row-count invariant."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"
DEMO_CONTROL = ROOT / "datasets" / "demo-control"


def _write_company(folder: Path, config: str, files: dict[str, bytes | str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "company.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
    return folder


@pytest.fixture(scope="session")
def write_company():
    """``write_company(folder, config, files)``: like ``make_company`` for a folder of your choice."""
    return _write_company


@pytest.fixture
def make_company(tmp_path):
    """``make_company(config, files={...}, name="firma")`` writes a company folder and returns its path.

    ``config`` is the text of company.yaml (dedented); ``files`` maps paths relative to the folder to
    bytes (written as is) or str (written as UTF-8).
    """

    def make(config: str, files: dict[str, bytes | str] | None = None, name: str = "firma") -> Path:
        return _write_company(tmp_path / name, config, files)

    return make


def assert_rows_add_up(company) -> None:
    """rows read = rows loaded + rows rejected, per source and overall; tables and `rejected` agree."""
    for s in company.sources:
        assert s.rows_read == s.rows_loaded + s.rows_rejected, s
    assert company.rows_read == company.rows_loaded + company.rows_rejected
    for table, frame in company.tables.items():
        assert len(frame) == sum(s.rows_loaded for s in company.sources if s.table == table), table
    rejected = company.rejected
    for s in company.sources:
        mine = rejected[(rejected["table"] == s.table) & (rejected["file"] == s.file)]
        assert mine["row"].nunique() == s.rows_rejected, s


@pytest.fixture
def rows_add_up():
    """The invariant check as a fixture (tests call ``rows_add_up(company)``)."""
    return assert_rows_add_up


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return DEMO


@pytest.fixture(scope="session")
def demo_company(demo_dir):
    from kpikit import load_company

    return load_company(demo_dir)


# --- real runs of the console script, started in the background -------------------------------------
# Validating a demo company takes seconds (mostly reading its workbooks). The CLI tests that run the
# installed ``kpikit`` script therefore start it as soon as collection is done, so the runs overlap the
# in-process tests; the tests then only collect the output.
BROKEN_DEALS = "deal_id;stauts;closed_at\nD1;won;01.01.2025\n"  # the status column is misspelt


def kpikit_command() -> list[str]:
    """The installed console script beside this interpreter, else on PATH, else the module."""
    beside = Path(sys.executable).with_name("kpikit")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("kpikit")
    return [found] if found else [sys.executable, "-m", "kpikit.cli"]


def run_kpikit(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("KPIKIT_LANG", None)
    return subprocess.Popen(
        [*kpikit_command(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


_BACKGROUND: dict[str, subprocess.Popen] = {}
_SCRATCH: list[str] = []


def _start_background() -> dict[str, subprocess.Popen]:
    if _BACKGROUND:
        return _BACKGROUND
    scratch = Path(tempfile.mkdtemp(prefix="kpikit-cli-"))
    _SCRATCH.append(str(scratch))
    control = DEMO_CONTROL
    if not (control / "company.yaml").is_file():
        control = scratch / "demo-control"
        control.mkdir()
        shutil.copy(DEMO / "company.yaml", control / "company.yaml")
        shutil.copytree(DEMO_CONTROL / "exports", control / "exports")
    broken = _write_company(
        scratch / "kaputt", "sources: {deals: exports/deals.csv}\n", {"exports/deals.csv": BROKEN_DEALS}
    )
    _BACKGROUND.update(
        {
            "demo-de": run_kpikit("validate", str(DEMO)),
            "demo-en": run_kpikit("validate", str(DEMO), "--lang", "en"),
            "control": run_kpikit("validate", str(control)),
            "broken": run_kpikit("validate", str(broken)),
        }
    )
    return _BACKGROUND


def pytest_collection_finish(session):
    if hasattr(session.config, "workerinput"):
        return  # under pytest-xdist the fixture starts them in the worker that needs them
    if any(
        item.path.name == "test_cli.py" and item.name.startswith("test_script_") for item in session.items
    ):
        _start_background()


def pytest_sessionfinish(session, exitstatus):
    for proc in _BACKGROUND.values():
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    for folder in _SCRATCH:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def background() -> dict[str, subprocess.Popen]:
    """Running (or finished) ``kpikit validate`` processes: demo-de, demo-en, control, broken."""
    return _start_background()
