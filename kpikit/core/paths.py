"""Paths anchored once: the demo company and the company a notebook should use."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "datasets" / "demo"


def demo_path() -> Path:
    """The built-in demo company (in a source checkout or editable install)."""
    return DEMO


def resolve_company_dir(company_dir: str | os.PathLike | None = None) -> Path:
    """The company folder a notebook works on.

    An empty value means: ``$KPIKIT_COMPANY`` if set (``make lab`` sets it), else the demo company.
    Relative paths are taken from the current directory, then from the project root.
    """
    value = str(company_dir or "").strip() or os.environ.get("KPIKIT_COMPANY", "").strip()
    if not value:
        return DEMO
    path = Path(value).expanduser()
    if not path.is_absolute() and not path.exists() and (ROOT / path).exists():
        path = ROOT / path
    return path
