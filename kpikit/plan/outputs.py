"""What a plan run hands over, written into its run folder: the report and the workbook.

The runner writes each company's workbook while the notebooks run (it needs none of them) and its
report when its last notebook is done; ``write_outputs`` writes both, one after the other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from kpikit.core.files import atomic_write
from kpikit.core.version import __version__
from kpikit.plan import phases
from kpikit.views.report import write_report
from kpikit.views.summary import Summary, summary
from kpikit.views.workbook import write_workbook

if TYPE_CHECKING:
    from kpikit.company.load import Company


def write_outputs(company: Company, folder: Path, notebooks: list[Path], *, lang: str = "de",
                  as_of: str | None = None) -> list[str]:
    """The hand-over of a run into ``folder``: ``bericht.html`` from the executed ``notebooks`` and ``kpis.xlsx``.

    Both open with the same first page, computed once from the company, its chosen KPIs, goals
    and findings (``kpikit.views.summary``); the findings are those the runner cached for the
    notebooks (``company.checked``). A report or workbook that fails leaves ``report-error.txt`` or
    ``workbook-error.txt`` with its traceback instead; an ``OSError`` (a full disk) is raised. The
    runner writes the two apart (``write_workbook_output`` while the notebooks run, then
    ``write_report_output``).

    Parameters
    ----------
    company : Company
        The loaded company.
    folder : Path
        The run folder (the runner's temporary one); an existing run's folder rewrites its outputs.
    notebooks : list of Path
        The executed notebooks, in order (``[]`` writes the first page and the workbook only).
    lang : {"de", "en"}
        Language of the report and the workbook.
    as_of : str, optional
        Cut-off date (ISO); default the end of the data.

    Returns
    -------
    list of str
        What failed (``"report: …"``, ``"workbook: …"``); empty when both were written.
    """
    page, book_errors = write_workbook_output(company, folder, lang=lang, as_of=as_of)
    return write_report_output(company, folder, notebooks, lang=lang, as_of=as_of, page=page) + book_errors


def write_workbook_output(company: Company, folder: Path, *, lang: str = "de",
                          as_of: str | None = None) -> tuple[Summary | None, list[str]]:
    """``kpis.xlsx`` into ``folder`` (see ``write_outputs``); returns the first page and what failed.

    The first page is ``None`` when it cannot be computed; the workbook then tries on its own.
    """
    try:
        page = summary(company, lang=lang, as_of=as_of)
    except Exception:  # each writer then tries on its own and records what fails, with its traceback
        page = None
    return page, _written("workbook", folder, lambda: write_workbook(company, folder / "kpis.xlsx", lang=lang,
                                                                     as_of=as_of, page=page))


def write_report_output(company: Company, folder: Path, notebooks: list[Path], *, lang: str = "de",
                        as_of: str | None = None, page: Summary | None = None) -> list[str]:
    """``bericht.html`` into ``folder`` from the executed ``notebooks`` (see ``write_outputs``); what failed."""
    return _written("report", folder, lambda: write_report(company, notebooks, folder / "bericht.html",
                                                           phases=phases.PHASES, lang=lang, as_of=as_of, page=page))


def _written(what: str, folder: Path, write) -> list[str]:
    """Call ``write``; a failure other than ``OSError`` leaves ``<what>-error.txt`` and is returned."""
    try:
        write()
    except OSError:
        raise
    except Exception as err:
        atomic_write(folder / f"{what}-error.txt", traceback.format_exc().encode("utf-8"))
        return [f"{what}: {err}"]
    return []


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB chunks (run.json's ``inputs_sha256``)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run_record(name: str, company_dir: str, status: str) -> dict:
    """The fields every ``run.json`` starts with."""
    return {"company": name, "company_dir": company_dir, "status": status, "kpikit_version": __version__,
            "python": platform.python_version(), "created": dt.datetime.now().isoformat(timespec="seconds")}


__all__ = ["run_record", "sha256_file", "write_outputs", "write_report_output", "write_workbook_output"]
