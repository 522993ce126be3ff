"""Shared fixtures: company folders built in tmp_path, the demo companies, and the row-count invariant."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"
DEMO_CONTROL = ROOT / "datasets" / "demo-control"
DATA = Path(__file__).resolve().parent / "data"


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
def demo_control_dir(tmp_path_factory) -> Path:
    """datasets/demo-control; when it has no company.yaml of its own, the demo's config over its exports."""
    if (DEMO_CONTROL / "company.yaml").is_file():
        return DEMO_CONTROL
    folder = tmp_path_factory.mktemp("demo-control")
    shutil.copy(DEMO / "company.yaml", folder / "company.yaml")
    shutil.copytree(DEMO_CONTROL / "exports", folder / "exports")
    return folder


@pytest.fixture(scope="session")
def demo_company(demo_dir):
    from kpikit import load_company

    return load_company(demo_dir)


@pytest.fixture(scope="session")
def demo_control_company(demo_control_dir):
    from kpikit import load_company

    return load_company(demo_control_dir)
