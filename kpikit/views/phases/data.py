"""Phases 1 and 3, the data: which tables there are, gaps in capture, filled fields, rejected rows, computability."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import capture_advice
from kpikit.core import fmt
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.sources.schema import TABLES
from kpikit.views.phases.common import L

if TYPE_CHECKING:
    from kpikit.company.model import Company

# The date that places a row of each table in a month (deals without created_at: closed_at).
MAIN_DATE = {"leads": "created_at", "deals": "created_at", "orders": "ordered_at", "campaigns": "date",
             "costs": "date"}


def snapshot(company: Company, *, lang: str = "de") -> pd.DataFrame:
    """Which tables the company has: files, rows, rejected rows, date range, columns filled.

    Parameters
    ----------
    company : Company
        The company.
    lang : {"de", "en"}
        Language of the headers.

    Returns
    -------
    pandas.DataFrame
        One row per canonical table (absent ones too); a column of skipped rows (report totals and
        footers a preset recognised) when there are any.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> snapshot(Company.from_frames(deals=deals), lang="en").set_index("Table").loc["deals"].astype(str).tolist()
    ['<deals>', '3', '0', '03.02.2025', '18.08.2025', '4/11']
    """
    rows = []
    for name, table in TABLES.items():
        frame = company.tables.get(name)
        sources = [s for s in company.sources if s.table == name]
        if frame is None:
            rows.append({L("table", lang): name, L("files", lang): "–", L("rows", lang): 0,
                         L("rejected", lang): 0, L("from", lang): "–", L("to", lang): "–",
                         L("columns", lang): L("absent", lang)})
            continue
        dates = [c.name for c in table.columns if c.kind == "date" and c.name in frame]
        lo = min((frame[c].min() for c in dates if frame[c].notna().any()), default=None)
        hi = max((frame[c].max() for c in dates if frame[c].notna().any()), default=None)
        filled = [c for c in table.names if c in frame and frame[c].notna().any()]
        rows.append({
            L("table", lang): name, L("files", lang): ", ".join(s.file for s in sources),
            L("rows", lang): fmt.count(len(frame)),
            L("rejected", lang): fmt.count(sum(s.rows_rejected for s in sources)),
            L("from", lang): lo.strftime("%d.%m.%Y") if lo is not None else "–",
            L("to", lang): hi.strftime("%d.%m.%Y") if hi is not None else "–",
            L("columns", lang): f"{len(filled)}/{len(table.names)}",
        })
    if any(s.skipped for s in company.sources):
        # report totals and footers a preset recognised: not data, but shown so that no line vanishes unseen
        for row in rows:
            row[L("skipped", lang)] = sum(s.rows_skipped for s in company.sources if s.table == row[L("table", lang)])
    return pd.DataFrame(rows)


def completeness(company: Company, *, lang: str = "de") -> pd.DataFrame:
    """Rows per month and table; an empty month is a gap in capture.

    Parameters
    ----------
    company : Company
        The company.
    lang : {"de", "en"}
        Language of the month header.

    Returns
    -------
    pandas.DataFrame
        One row per month of the company's period, one column of row counts per table present
        (dated by ``MAIN_DATE``); empty without a period.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-02-12", "2025-04-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> completeness(Company.from_frames(deals=deals), lang="en").values.tolist()
    [['2025-02', 2], ['2025-03', 0], ['2025-04', 1]]
    """
    start, end = company.period
    if start is None:
        return pd.DataFrame()
    months = pd.period_range(start, end, freq="M")
    out = pd.DataFrame(index=[str(m) for m in months])
    for name, col in MAIN_DATE.items():
        frame = company.tables.get(name)
        if frame is None:
            continue
        if col not in frame or frame[col].isna().all():
            col = "closed_at" if name == "deals" else col
        counts = frame[col].dropna().dt.to_period("M").astype(str).value_counts()
        out[name] = counts.reindex(out.index, fill_value=0).astype(int)
    out.index.name = L("month", lang)
    return out.reset_index()


def field_fill(company: Company, *, lang: str = "de") -> pd.DataFrame:
    """Share of filled values per canonical field (an unmapped field shows as missing).

    Parameters
    ----------
    company : Company
        The company.
    lang : {"de", "en"}
        Language of the headers.

    Returns
    -------
    pandas.DataFrame
        One row per field of each table present: table, field, share filled (``"75 %"``).

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-12", "2025-04-18", "2025-05-02"],
    ...                       "amount": [1000.0, None, 800.0, 500.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> fill = field_fill(Company.from_frames(deals=deals), lang="en").set_index("Field")["Filled"]
    >>> fill[["deal_id", "amount", "owner"]].tolist()
    ['100 %', '75 %', '0 %']
    """
    rows = []
    for name, table in TABLES.items():
        frame = company.tables.get(name)
        if frame is None:
            continue
        for col in table.names:
            share = float(frame[col].notna().mean()) if col in frame and len(frame) else 0.0
            rows.append({L("table", lang): name, L("field", lang): col, L("filled", lang): fmt.percent(share, 0)})
    return pd.DataFrame(rows)


def rejected_summary(company: Company, *, lang: str = "de") -> pd.DataFrame:
    """Rejected rows grouped by file and reason, with example rows.

    Parameters
    ----------
    company : Company
        The company; its ``rejected`` rows.
    lang : {"de", "en"}
        Language of the headers.

    Returns
    -------
    pandas.DataFrame
        One row per file and reason code: count, the first five row numbers, message and fix. Without
        rejected rows one row that says so.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "maybe", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-02-12", "2025-04-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> rejected_summary(Company.from_frames(deals=deals), lang="en").iloc[0, :4].astype(str).tolist()
    ['<deals>', 'INVALID_VALUE', '1', '3']
    """
    rej = company.rejected
    cols = [L("file", lang), L("code", lang), L("count", lang), L("row", lang), L("message", lang), L("fix", lang)]
    if rej.empty:  # say so, rather than show an empty table
        return pd.DataFrame([{L("file", lang): "–", L("message", lang): L("no_rejected", lang)}])
    rows = []
    for (file, code), part in rej.groupby(["file", "code"], sort=True):
        rows.append({L("file", lang): file, L("code", lang): code, L("count", lang): fmt.count(len(part)),
                     L("row", lang): ", ".join(fmt.count(r) for r in part["row"].head(5)),
                     L("message", lang): part["message"].iloc[0], L("fix", lang): part["fix"].iloc[0]})
    return pd.DataFrame(rows, columns=cols)


def computability(company: Company, *, lang: str = "de") -> pd.DataFrame:
    """Every KPI: computable from the data at hand, and if not, what to capture in CRM or ad tools.

    Parameters
    ----------
    company : Company
        The company.
    lang : {"de", "en"}
        Language of headers, names and advice.

    Returns
    -------
    pandas.DataFrame
        One row per catalogue KPI: name, id, computable, why not, and what to capture
        (``kpikit.checks.capture_advice``, by the missing table or column).

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> table = computability(Company.from_frames(deals=deals), lang="en").set_index("id")
    >>> table.loc[["close_rate", "leads"], "Computable"].tolist()
    ['yes', 'no']
    """
    overall = compute_kpis(company, list(KPIS), period="all", lang=lang)
    rows = []
    for _, r in overall.iterrows():
        missing = r["missing"] if isinstance(r["missing"], str) else None
        capture = capture_advice(missing, lang) if missing else ""
        rows.append({L("kpi", lang): r["name"], "id": r["kpi"],
                     L("computable", lang): L("no" if missing else "yes", lang),
                     L("note", lang): r["note"] if missing else "", L("capture", lang): capture})
    return pd.DataFrame(rows)


__all__ = ["MAIN_DATE", "completeness", "computability", "field_fill", "rejected_summary", "snapshot"]
