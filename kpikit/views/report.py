"""The hand-over documents of a plan run: one offline HTML report and one Excel workbook.

The HTML report holds all phase notebooks with their code hidden, images embedded and its own
inline stylesheet: it loads nothing from the internet. Workbook cells that look like formulas are
neutralised, so a client's data cannot smuggle a formula into Excel.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import findings_frame, run_checks
from kpikit.checks.goals import goal_statuses
from kpikit.core.files import atomic_file, atomic_write
from kpikit.core.fmt import neutralise
from kpikit.core.i18n import has, t
from kpikit.core.version import __version__
from kpikit.kpis.compare import add_comparisons
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS

if TYPE_CHECKING:
    from kpikit.company.model import Company

CSS = """
body { font-family: "Helvetica Neue", Arial, sans-serif; color: #1d2733; max-width: 1080px; margin: 0 auto;
       padding: 24px 32px 64px; line-height: 1.5; }
header { border-bottom: 3px solid #1f5f8b; margin-bottom: 24px; }
header h1 { margin-bottom: 4px; } header p { color: #5d6d7e; margin-top: 0; }
nav ul { columns: 2; list-style: none; padding-left: 0; } nav a { color: #1f5f8b; text-decoration: none; }
table.dataframe tbody th, table.dataframe thead tr th:first-child:empty { display: none; }
section.phase { border-top: 1px solid #d5dde5; padding-top: 12px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; }
th, td { border: 1px solid #d5dde5; padding: 4px 8px; text-align: left !important; vertical-align: top; }
th { background: #eef3f7; }
img { max-width: 100%; }
a.anchor-link { visibility: hidden; text-decoration: none; margin-left: .3em; color: #8aa1b5; }
h1:hover > a.anchor-link, h2:hover > a.anchor-link, h3:hover > a.anchor-link { visibility: visible; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; font-size: 12px; }
.jp-OutputArea-output pre { white-space: pre-wrap; }
.error { border-left: 4px solid #c0392b; padding-left: 8px; }
footer { color: #5d6d7e; font-size: 12px; margin-top: 48px; }
"""

def _notebook_body(path: Path) -> str:
    """The HTML of one executed notebook: outputs only, without stderr and live widget views."""
    # nbconvert and nbformat take about a second to import (measured with -X importtime); only the
    # HTML report needs them, not the workbook or ``import kpikit.views.report``
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(path), as_version=4)
    nb.metadata.pop("widgets", None)  # widget state is for live sessions; the report shows static views
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream"
                                                                    and o.get("name") == "stderr")]
        for o in cell.outputs:
            o.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    return body


def write_report(company: Company, notebooks: list[Path], out: Path, *, phases: Sequence = (),
                 lang: str = "de") -> Path:
    """Combine executed phase notebooks into one self-contained HTML file with code hidden.

    Parameters
    ----------
    company : Company
        The company of the run; its name heads the report.
    notebooks : list of Path
        The executed notebooks, in order; a missing one gets a placeholder section.
    out : Path
        The HTML file to write, whole or not at all.
    phases : sequence of Phase
        The plan's phases (``kpikit.plan.PHASES``): a notebook named in one gets its number, title
        and days as its heading; any other notebook is headed by its file name.
    lang : {"de", "en"}
        Language of the headings.

    Returns
    -------
    Path
        ``out``.
    """
    sections, toc = [], []
    for path in notebooks:
        phase = next((p for p in phases if p.notebook == Path(path).name), None)
        heading = (f"{phase.number}. {phase.title(lang)} ({t('L_days', lang)} {phase.days})" if phase
                   else Path(path).stem)
        anchor = f"phase-{phase.number if phase else len(toc) + 1}"
        toc.append(f'<li><a href="#{anchor}">{html.escape(heading)}</a></li>')
        body = _notebook_body(Path(path)) if Path(path).is_file() else "<p class='error'>–</p>"
        sections.append(f'<section class="phase" id="{anchor}">{body}</section>')
    title = t("REPORT_title", lang)
    created = t("REPORT_created", lang, date=dt.date.today().strftime("%d.%m.%Y"), version=__version__)
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(company.name)} – {title}</title>
<style>{CSS}</style></head><body>
<header><h1>{html.escape(company.name)} – {title}</h1>
<p>{created}</p></header>
<nav><h2>{t("REPORT_contents", lang)}</h2><ul>{''.join(toc)}</ul></nav>
{''.join(sections)}
<footer>kpikit {__version__}</footer></body></html>"""
    return atomic_write(out, page.encode("utf-8"))


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise).astype(object)
        elif pd.api.types.is_datetime64_any_dtype(out[col].dtype):
            out[col] = out[col].dt.tz_localize(None) if getattr(out[col].dt, "tz", None) else out[col]
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


_VALUE_COLUMNS = {"value", "ci_low", "ci_high", "median", "previous", "last_year",
                  "change", "target", "target_gap", "baseline", "actual", "expected", "projected"}


def _header(column: object, lang: str) -> str:
    """The workbook header of ``column`` in ``lang`` (``REPORT_col_<column>``); other columns keep their name.

    >>> _header("ci_low", "en"), _header("=x", "de")
    ('95% CI low', "'=x")
    """
    key = f"REPORT_col_{column}"
    return neutralise(t(key, lang) if has(key) else str(column))


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


def write_workbook(company: Company, out: Path, *, lang: str = "de", as_of: object = None) -> Path:
    """An Excel workbook: KPIs per quarter and per month, per channel, goals, findings and rejected rows.

    Headers, severities, statuses and units are in ``lang``; cells that look like formulas are
    neutralised; rates, amounts and counts get number formats by their KPI.

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
    with atomic_file(out) as fh, pd.ExcelWriter(fh, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame = frame.reset_index(drop=True)
            shown = _safe(frame)
            if "unit" in frame and "kpi" in frame:  # the unit in words of the report's language, not a code
                shown["unit"] = [KPIS[k].unit_label(lang) if k in KPIS else u
                                 for k, u in zip(frame["kpi"], frame["unit"], strict=True)]
            shown.columns = [_header(c, lang) for c in frame.columns]
            shown.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            _number_formats(sheet, frame)
            for col in sheet.columns:
                width = max((len(str(c.value)) for c in col[:200] if c.value is not None), default=8)
                sheet.column_dimensions[col[0].column_letter].width = min(60, max(8, width + 2))
    return out
