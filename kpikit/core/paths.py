"""Paths anchored once: the demo company and the company a notebook should use."""

from __future__ import annotations

import errno
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


def company_path(company_dir: str | os.PathLike) -> Path:
    """The company folder (or YAML file) of ``company_dir``, resolved, for the plan runner.

    A path that does not exist is returned as it is (``load_company`` says so, with the fix). A path
    that cannot be looked at raises a ``DataError`` naming it: a symbolic link loop
    (``COMPANY_LOOP``), a path too long for the file system (``COMPANY_LONG``), or another fault of the
    file system (``COMPANY_UNREADABLE``, e.g. no permission).

    >>> company_path(DEMO) == DEMO.resolve()
    True
    """
    from kpikit.core.errors import DataError

    raw = str(company_dir)
    try:
        resolved = resolve_company_dir(company_dir).resolve()
        try:
            os.stat(resolved)
        except (FileNotFoundError, NotADirectoryError):
            return resolved
    except RuntimeError as err:  # Python < 3.13: "Symlink loop from ..."
        raise DataError("COMPANY_LOOP", file=_short(raw), path=_short(raw)) from err
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise DataError("COMPANY_LOOP", file=_short(raw), path=_short(raw)) from err
        if err.errno == errno.ENAMETOOLONG:
            raise DataError("COMPANY_LONG", file=_short(raw), path=_short(raw), length=len(raw)) from err
        raise DataError("COMPANY_UNREADABLE", file=_short(raw), path=_short(raw),
                        detail=err.strerror or type(err).__name__) from err
    return resolved


def _short(text: str, width: int = 120) -> str:
    """``text`` cut in the middle to ``width`` characters, for a message.

    >>> _short("a" * 10, 7)
    'aaa…aaa'
    """
    if len(text) <= width:
        return text
    half = (width - 1) // 2
    return f"{text[:half]}…{text[-half:]}"
