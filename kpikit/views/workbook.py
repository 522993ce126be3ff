"""The Excel workbook of a plan run: the summary, KPIs per quarter, month and channel, goals, findings, rejected rows.

The first sheet is the client's summary (``kpikit.views.summary``, the same as the report's first
page). In the tables, periods read ``2024-Q4`` / ``2026-03``, dates are date cells shown as
``dd.mm.yyyy``, numbers stay numbers rounded to what they measure (money to 2 decimals, rates to 4),
grains and statuses are words of the report's language and a finding's evidence is a sentence, not JSON.
Workbook cells that look like formulas are neutralised, so a client's data cannot smuggle a formula into
Excel, and control characters that Excel cannot hold are replaced (and counted, on a notes sheet).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import findings_frame, run_checks
from kpikit.checks.evidence import evidence_text
from kpikit.checks.goals import goal_statuses
from kpikit.core import fmt
from kpikit.core.files import atomic_file
from kpikit.core.fmt import neutralise
from kpikit.core.i18n import has, t
from kpikit.core.text import clean_control
from kpikit.kpis.compare import add_comparisons
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.views.summary import Summary, summary

if TYPE_CHECKING:
    from kpikit.company.model import Company

DATE_FORMAT = "dd.mm.yyyy"
# Decimals kept per KPI unit in value columns; other float columns keep _DEFAULT_DECIMALS.
_DECIMALS = {"currency": 2, "ratio": 4, "count": 2, "days": 2, "months": 2}
_DEFAULT_DECIMALS = 4
_AMOUNT_COLUMNS = {"numerator": 2, "denominator": 2, "n": 2}


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
    formats = {"count": "#,##0", "currency": "#,##0.00", "days": "0.0", "months": "0.0"}
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


def _round(value: object, decimals: int) -> object:
    """A float rounded to ``decimals`` (NaN and non-floats as they are); p-values keep 3 significant digits."""
    if isinstance(value, float) and math.isfinite(value):  # numpy floats are floats too
        return round(float(value), decimals) if decimals >= 0 else float(f"{value:.3g}")
    return value


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its floats rounded to what they measure: by the row's KPI unit in value columns.

    Money keeps 2 decimals, rates 4, counts, days and months 2, numerators and denominators 2, p-values 3
    significant digits, any other float 4 decimals; they stay numbers (``466405.9499999998`` is
    ``466405.95``).

    >>> frame = pd.DataFrame({"kpi": ["cac", "close_rate"], "value": [466405.9499999998, 0.3684210526]})
    >>> _rounded(frame)["value"].tolist()
    [466405.95, 0.3684]
    """
    out = frame.copy()
    units = [KPIS[k].unit if k in KPIS else None for k in out["kpi"]] if "kpi" in out else [None] * len(out)
    for col in out.columns:
        if col in _VALUE_COLUMNS:
            places = [_DECIMALS.get(u, _DEFAULT_DECIMALS) for u in units]
        else:
            places = [-1 if col == "p_value" else _AMOUNT_COLUMNS.get(col, _DEFAULT_DECIMALS)] * len(out)
        if out[col].dtype == object or pd.api.types.is_float_dtype(out[col].dtype):
            values = [_round(v, d) for v, d in zip(out[col], places, strict=True)]
            out[col] = pd.Series(values, index=out.index, dtype=out[col].dtype)
    return out


def _periods(frame: pd.DataFrame, grain: str, lang: str, columns: tuple[str, ...] = ("period",)) -> pd.DataFrame:
    """Periods as people say them, ``2024-Q4`` / ``2026-03``, instead of the ISO date they start on."""
    out = frame.copy()
    for col in columns:
        if col in out:
            out[col] = [fmt.period_label(p, g, lang) if isinstance(p, str) and g else p
                        for p, g in zip(out[col], out["per"] if grain == "per" else [grain] * len(out), strict=True)]
    return out


def _evidence(evidence: object, lang: str) -> str:
    if not isinstance(evidence, dict) or not evidence:
        return ""
    return evidence_text(evidence, lang)


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
    for j, col in enumerate(frame.columns, start=1):  # dates as dates, dd.mm.yyyy (pandas ignores date_format)
        if pd.api.types.is_datetime64_any_dtype(frame[col].dtype) or any(isinstance(v, dt.date) for v in frame[col]):
            for i in range(len(frame)):
                sheet.cell(row=i + 2, column=j).number_format = DATE_FORMAT
    for col in sheet.columns:
        width = max((len(str(c.value)) for c in col[:200] if c.value is not None), default=8)
        sheet.column_dimensions[col[0].column_letter].width = min(60, max(8, width + 2))


# The colours of a goal status and a severity on the summary sheet (as on the report's first page); each also in words.
_FILLS = {"achieved": "D8F0DE", "on_track": "D8F0DE", "at_risk": "FDECCC", "off_track": "F9D6D2",
          "unknown": "ECEFF2", "no_goal": "ECEFF2", "critical": "F9D6D2", "warning": "FDECCC", "info": "ECEFF2"}
_SUMMARY_WIDTHS = {"A": 38, "B": 20, "C": 24, "D": 48, "E": 48, "F": 18}


def _write_summary(book, page: Summary, changed: list[int]) -> None:
    """The summary sheet, first in ``book``: facts, the chosen KPIs, the top findings, the data quality."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(_sheet_name(page.label("sheet")), 0)
    wrap = Alignment(wrap_text=True, vertical="top")
    row = [1]

    def line(*values: object, bold: bool = False, fills: dict | None = None, size: int | None = None,
             numbers: tuple[int, ...] = ()) -> None:
        height = 1
        for j, v in enumerate(values, start=1):  # a number text of the kit ("+53 %") is not a formula
            cell = sheet.cell(row=row[0], column=j, value=clean_control(v) if j in numbers else _cell(v, changed))
            cell.alignment = wrap
            if bold or size:
                cell.font = Font(bold=True, size=size or 11)
            if isinstance(v, dt.date):
                cell.number_format = DATE_FORMAT
            if fills and j in fills:
                cell.fill = PatternFill("solid", fgColor=_FILLS[fills[j]])
            width = _SUMMARY_WIDTHS.get(cell.column_letter, 12)
            height = max(height, -(-len(str(v)) // width) if isinstance(v, str) else 1)
        if height > 1:
            sheet.row_dimensions[row[0]].height = 15 * height
        row[0] += 1

    label = page.label
    line(f"{page.company} – {label('heading')}", size=14)
    row[0] += 1
    line(label("company"), page.company)
    line(label("period"), page.period)
    line(label("cut_off"), page.cut_off_date or page.cut_off)
    row[0] += 1
    line(label("kpis"), bold=True, size=12)
    if page.kpis:
        line(*(label(h) for h in ("kpi", "last_period", "value", "change", "target", "status")), bold=True)
        for k in page.kpis:
            line(k.name, k.period, k.value, k.change, k.target, k.status_word, fills={6: k.status}, numbers=(4,))
    else:
        line(label("no_kpis"))
    row[0] += 1
    line(label("findings"), bold=True, size=12)
    if page.findings:
        line(*(label(h) for h in ("finding", "severity", "certainty", "message", "recommendation")), bold=True)
        for f in page.findings:
            line(f.title, f.severity_word, f.certainty, f.message, f.recommendation, fills={2: f.severity})
        line(t("SUMMARY_findings_more", page.lang, shown=len(page.findings), total=page.findings_total))
    else:
        line(label("no_findings"))
    row[0] += 1
    line(label("quality"), page.quality, bold=False)
    sheet.cell(row=row[0] - 1, column=1).font = Font(bold=True)
    for letter, width in _SUMMARY_WIDTHS.items():
        sheet.column_dimensions[letter].width = width


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


@contextlib.contextmanager
def _openpyxl_temp_files_removed():
    """Remove the temporary files openpyxl leaves in the system's temporary folder when a save fails.

    openpyxl writes each sheet to a file there first and removes the files only when the process
    exits; a workbook that fails half-way (a full disk) would leave them for the whole run.
    """
    from openpyxl.worksheet import _writer

    before = set(_writer.ALL_TEMP_FILES)
    try:
        yield
    except BaseException:
        for path in set(_writer.ALL_TEMP_FILES) - before:
            with contextlib.suppress(OSError):
                os.remove(path)
        raise


def write_workbook(company: Company, out: Path, *, lang: str = "de", as_of: object = None,
                   page: Summary | None = None) -> Path:
    """An Excel workbook: the summary, KPIs per quarter and per month, per channel, goals, findings, rejected rows.

    The first sheet ("Übersicht" / "Summary") holds the report's first page (``kpikit.views.summary``).
    Periods are labels (``2024-Q4``), dates date cells shown ``dd.mm.yyyy``, numbers rounded to their
    unit (``_rounded``), grains in words and the findings' evidence as text in ``lang`` (its last column).

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
    page : Summary, optional
        The summary sheet's content, when the caller has computed it already (the runner, for the
        report's first page too); default ``summary(company, lang=lang, as_of=as_of)``.

    Returns
    -------
    Path
        ``out``.
    """

    def findings(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.assign(
            severity=frame["severity"].map(lambda v: t(f"severity_{v}", lang)),
            confidence=frame["confidence"].map(lambda v: t(f"confidence_{v}", lang) if isinstance(v, str) else None),
            evidence=frame["evidence"].map(lambda e: _evidence(e, lang)))
        return frame[[c for c in frame.columns if c != "evidence"] + ["evidence"]]  # evidence last

    def goals(frame: pd.DataFrame) -> pd.DataFrame:
        frame = _periods(frame, "per", lang, ("baseline_period", "actual_period"))
        return frame.assign(status=frame["status"].map(lambda v: t(f"status_{v}", lang)),
                            per=frame["per"].map(lambda v: t(f"grain1_{v}", lang) if isinstance(v, str) else v),
                            deadline=frame["deadline"].map(lambda v: dt.date.fromisoformat(v) if v else None))

    quarter = add_comparisons(compute_kpis(company, period="quarter", lang=lang), company)
    sheets = {
        t("REPORT_sheet_quarter", lang): _periods(quarter, "quarter", lang),
        t("REPORT_sheet_month", lang): _periods(compute_kpis(company, period="month", lang=lang), "month", lang),
        t("REPORT_sheet_channel", lang): _periods(compute_kpis(company, period="quarter", by="channel", lang=lang),
                                                  "quarter", lang),
        t("REPORT_sheet_goals", lang): goals(goal_statuses(company, as_of=as_of)),
        t("REPORT_sheet_findings", lang): findings(findings_frame(run_checks(company, as_of=as_of), lang)),
        t("REPORT_sheet_rejected", lang): company.rejected,
    }
    changed = [0]  # text cells (headers included) whose control characters were replaced
    with _openpyxl_temp_files_removed(), atomic_file(out) as fh, pd.ExcelWriter(fh, engine="openpyxl") as writer:
        _write_summary(writer.book, page or summary(company, lang=lang, as_of=as_of), changed)
        for name, frame in sheets.items():
            frame = _rounded(frame.reset_index(drop=True))
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
