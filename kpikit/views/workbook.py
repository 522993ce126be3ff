"""The Excel workbook of a plan run: KPIs per quarter, month and channel, goals, findings, rejected rows.

Workbook cells that look like formulas are neutralised, so a client's data cannot smuggle a formula into
Excel, and control characters that Excel cannot hold are replaced (and counted, on a notes sheet).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import findings_frame, run_checks
from kpikit.checks.goals import goal_statuses
from kpikit.core.files import atomic_file
from kpikit.core.fmt import neutralise
from kpikit.core.i18n import has, t
from kpikit.core.text import clean_control
from kpikit.kpis.compare import add_comparisons
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS

if TYPE_CHECKING:
    from kpikit.company.model import Company


def _cell(value: object, changed: list[int]) -> object:
    """One text cell for Excel: control characters replaced (counted in ``changed``), formulas defused."""
    if isinstance(value, str):
        clean = clean_control(value)
        if clean != value:
            changed[0] += 1
        return neutralise(clean)
    return value


def _safe(frame: pd.DataFrame, changed: list[int]) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(lambda v: _cell(v, changed)).astype(object)
        elif pd.api.types.is_datetime64_any_dtype(out[col].dtype):
            out[col] = out[col].dt.tz_localize(None) if getattr(out[col].dt, "tz", None) else out[col]
    out.columns = [_cell(str(c), changed) for c in out.columns]
    return out


_VALUE_COLUMNS = {"value", "ci_low", "ci_high", "median", "previous", "last_year",
                  "change", "target", "target_gap", "baseline", "actual", "expected", "projected"}


def _header(column: object, lang: str) -> str:
    """The workbook header of ``column`` in ``lang`` (``REPORT_col_<column>``); other columns keep their name.

    >>> _header("ci_low", "en"), _header("=x", "de")
    ('95% CI low', "'=x")
    """
    key = f"REPORT_col_{column}"
    return neutralise(clean_control(t(key, lang) if has(key) else str(column)))


def _number_formats(sheet, frame: pd.DataFrame) -> None:
    """Rates as percentages, amounts with thousands separators, counts as whole numbers, per row's KPI."""
    if "kpi" not in frame:
        return
    formats = {"count": "#,##0", "currency": "#,##0.00", "days": "0.0"}
    for j, col in enumerate(frame.columns, start=1):
        if col in ("change_pct", "change_yoy_pct"):
            for i in range(len(frame)):
                sheet.cell(row=i + 2, column=j).number_format = "0.0%"
        elif col in _VALUE_COLUMNS:
            for i, kpi in enumerate(frame["kpi"]):
                k = KPIS.get(kpi)
                if k is None:
                    continue
                fmt = ("0.0%" if k.bounded else "0.00") if k.unit == "ratio" else formats.get(k.unit)
                if fmt:
                    sheet.cell(row=i + 2, column=j).number_format = fmt


# The workbook's custom document property with the number of cells whose control characters were replaced.
CLEANED_PROPERTY = "kpikit_cells_cleaned"
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(name: str) -> str:
    """A valid Excel sheet name: no control characters or ``[]:*?/`` or backslash, at most 31 characters."""
    return clean_control(name).translate(_SHEET_FORBIDDEN)[:31]


def _write_sheet(writer, name: str, shown: pd.DataFrame, frame: pd.DataFrame) -> None:
    shown.to_excel(writer, sheet_name=name, index=False)
    sheet = writer.sheets[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _number_formats(sheet, frame)
    for col in sheet.columns:
        width = max((len(str(c.value)) for c in col[:200] if c.value is not None), default=8)
        sheet.column_dimensions[col[0].column_letter].width = min(60, max(8, width + 2))


def cleaned_cells(workbook: Path) -> int | None:
    """How many cells of a ``write_workbook`` workbook had control characters replaced.

    Parameters
    ----------
    workbook : Path
        A workbook written by ``write_workbook``.

    Returns
    -------
    int or None
        The count recorded in the workbook (its custom property ``kpikit_cells_cleaned``); None for a
        workbook without it.
    """
    import re
    import zipfile

    with zipfile.ZipFile(workbook) as z:
        if "docProps/custom.xml" not in z.namelist():
            return None
        xml = z.read("docProps/custom.xml").decode("utf-8")
    hit = re.search(rf'name="{CLEANED_PROPERTY}"[^>]*>\s*<vt:i4>(\d+)</vt:i4>', xml)
    return int(hit.group(1)) if hit else None


def write_workbook(company: Company, out: Path, *, lang: str = "de", as_of: object = None) -> Path:
    """An Excel workbook: KPIs per quarter and per month, per channel, goals, findings and rejected rows.

    Headers, severities, statuses and units are in ``lang``; cells that look like formulas are
    neutralised; rates, amounts and counts get number formats by their KPI. C0 control characters
    that Excel cannot store (all but tab, newline and CR) are replaced by U+FFFD in every cell, header
    and sheet name; how many cells were changed is said on a last sheet (notes, only when there were
    any) and recorded in the workbook (``cleaned_cells``).

    Parameters
    ----------
    company : Company
        The company whose KPIs, goals, findings and rejected rows are written.
    out : Path
        The ``.xlsx`` file to write, whole or not at all.
    lang : {"de", "en"}
        Language of the sheet names, headers and labels.
    as_of : date-like, optional
        Judge goals and findings by the complete periods up to this date (default: the end of the data).

    Returns
    -------
    Path
        ``out``.
    """

    def findings(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(
            evidence=frame["evidence"].map(lambda e: json.dumps(e, ensure_ascii=False, default=str)),
            severity=frame["severity"].map(lambda v: t(f"severity_{v}", lang)),
            confidence=frame["confidence"].map(lambda v: t(f"confidence_{v}", lang) if isinstance(v, str) else None))

    def goals(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(status=frame["status"].map(lambda v: t(f"status_{v}", lang)))

    sheets = {
        t("REPORT_sheet_quarter", lang): add_comparisons(compute_kpis(company, period="quarter", lang=lang), company),
        t("REPORT_sheet_month", lang): compute_kpis(company, period="month", lang=lang),
        t("REPORT_sheet_channel", lang): compute_kpis(company, period="quarter", by="channel", lang=lang),
        t("REPORT_sheet_goals", lang): goals(goal_statuses(company, as_of=as_of)),
        t("REPORT_sheet_findings", lang): findings(findings_frame(run_checks(company, as_of=as_of), lang)),
        t("REPORT_sheet_rejected", lang): company.rejected,
    }
    changed = [0]  # text cells (headers included) whose control characters were replaced
    with atomic_file(out) as fh, pd.ExcelWriter(fh, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame = frame.reset_index(drop=True)
            shown = _safe(frame, changed)
            if "unit" in frame and "kpi" in frame:  # the unit in words of the report's language, not a code
                shown["unit"] = [KPIS[k].unit_label(lang) if k in KPIS else u
                                 for k, u in zip(frame["kpi"], frame["unit"], strict=True)]
            shown.columns = [_cell(_header(c, lang), changed) for c in frame.columns]
            _write_sheet(writer, _sheet_name(name), shown, frame)
        if changed[0]:  # say so in the workbook, and record it for run.json (``cleaned_cells``)
            notes = pd.DataFrame({t("REPORT_col_note", lang): [t("REPORT_note_control", lang, n=changed[0])]})
            _write_sheet(writer, _sheet_name(t("REPORT_sheet_notes", lang)), notes, notes)
        from openpyxl.packaging.custom import IntProperty

        writer.book.custom_doc_props.append(IntProperty(name=CLEANED_PROPERTY, value=changed[0]))
    return out
