"""Which periods of a KPI table are complete by a cut-off date, and the dates each KPI's tables cover."""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from kpikit.kpis.registry import KPIS
from kpikit.kpis.tables import table_span
from kpikit.sources.schema import DATE, TABLES

MAX_GAP = pd.Timedelta(days=31)
EARLY = 5  # a table that stops more than 5 of its usual gaps (and a week) before the others has ended


def _dates_of(name: str, frame: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timedelta] | None:
    """First and last date of table ``name`` and its usual gap: the median step between its distinct days."""
    span = table_span(name, frame)
    if span is None:
        return None
    schema = TABLES.get(name)
    cols = [c.name for c in schema.columns if c.kind == DATE and c.name in frame] if schema else []
    days = [frame[c].to_numpy(dtype="datetime64[us]").astype("datetime64[D]") for c in cols]
    days = np.unique(np.concatenate(days)) if days else np.array([], dtype="datetime64[D]")
    days = days[~np.isnat(days)]
    gap = pd.Timedelta(np.median(np.diff(days))) if len(days) > 2 else pd.Timedelta(0)
    return span[0], span[1], gap


def covered_until(last: pd.Timestamp, gap: pd.Timedelta, end: pd.Timestamp) -> pd.Timestamp | None:
    """Up to when a table whose rows stop at ``last`` covers, when the company's data run to ``end``.

    A table that stops shortly before ``end`` (within 5 of its usual gaps, or a week) runs with the
    others: None, no limit of its own (a small firm's last deal of a quarter is rarely on its last day).
    One that stops long before, by its own rhythm, has ended: it covers up to its last date plus a
    quarter more than its usual gap (at most 31 days), so costs booked monthly still cover their month.

    >>> day = pd.Timestamp
    >>> covered_until(day("2025-08-18"), pd.Timedelta(days=30), day("2025-09-30")) is None  # sparse deals
    True
    >>> covered_until(day("2025-03-31"), pd.Timedelta(days=1), day("2025-06-30")).date()  # daily leads ended
    datetime.date(2025, 4, 2)
    """
    if end - last <= max(EARLY * gap, pd.Timedelta(days=7)):
        return None
    return last + min((gap * 1.25).ceil("D"), MAX_GAP)


def kpi_coverage(company, kpi: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The dates that all the tables of ``kpi`` cover: the latest first date, and the end of cover.

    The end is None while every table of the KPI runs about as long as the company's data (the last
    date of any of its dated tables); a table that ended long before the others covers only up to
    ``covered_until``. A need ``a|b`` covers the union of the tables of it that the company has; undated
    tables (``company.undated``) and missing tables cover nothing and are left out. ``(None, None)``
    when no table of the KPI has dates.

    >>> import types
    >>> days = pd.Series(pd.date_range("2025-01-02", "2025-03-20", freq="D"))
    >>> leads = pd.DataFrame({"lead_id": [f"l{i}" for i in range(len(days))], "created_at": days})
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2"], "status": ["won", "lost"], "lead_id": ["l1", "l2"],
    ...                       "closed_at": pd.to_datetime(["2025-02-10", "2025-06-30"])})
    >>> company = types.SimpleNamespace(tables={"leads": leads, "deals": deals})
    >>> [f"{d:%Y-%m-%d}" for d in kpi_coverage(company, "lead_to_deal_rate")]
    ['2025-02-10', '2025-03-22']
    >>> kpi_coverage(company, "close_rate")[1] is None  # the deals run to the end of the data
    True
    """
    undated = tuple(getattr(company, "undated", ()) or ())
    dated = {name: _dates(company, name) for name in company.tables if name not in undated}
    dated = {name: d for name, d in dated.items() if d is not None}
    if not dated:
        return None, None
    end = max(d[1] for d in dated.values())
    lo = hi = None
    for need in KPIS.check(kpi).tables:
        spans = [dated[name] for name in need.split("|") if name in dated]
        if not spans:
            continue
        first = min(s[0] for s in spans)
        ends = [covered_until(s[1], s[2], end) for s in spans]
        last = None if any(e is None for e in ends) else max(ends)
        lo = first if lo is None else max(lo, first)
        hi = last if hi is None else hi if last is None else min(hi, last)
    return lo, hi


def _dates(company, name: str):
    """``_dates_of`` one table of ``company``, computed once per table object.

    The memo holds a weak reference to each table, so it never keeps a company's data alive.
    """
    frame = company.tables[name]
    memo = _MEMO.get(id(frame))
    if memo is None or memo[0]() is not frame:
        memo = _MEMO[id(frame)] = (weakref.ref(frame), _dates_of(name, frame))
        while len(_MEMO) > 64:
            _MEMO.pop(next(iter(_MEMO)))
    return memo[1]


_MEMO: dict[int, tuple] = {}


def complete_periods(frame: pd.DataFrame, end, company=None) -> pd.DataFrame:
    """The rows of a ``compute_kpis`` table whose period ended on or before ``end``.

    ``end`` is a date (or anything ``pd.Timestamp`` reads); None keeps every row. With ``company``, each
    KPI's rows end where all of its tables still cover (``kpi_coverage``): a lead KPI stops where the
    lead export stops, even when the deals run on. The row order and the index are kept, so callers that
    reset the index say so.

    >>> frame = pd.DataFrame({"period": ["2025-01-01", "2025-04-01"],
    ...                       "period_end": ["2025-03-31", "2025-06-30"], "value": [1.0, 2.0]})
    >>> complete_periods(frame, "2025-05-31")["period"].tolist()
    ['2025-01-01']
    >>> len(complete_periods(frame, None))
    2
    """
    if end is None and company is None:
        return frame
    cut = pd.Series(pd.Timestamp(end) if end is not None else pd.NaT, index=frame.index, dtype="datetime64[us]")
    if company is not None and "kpi" in frame:
        for kpi in frame["kpi"].unique():
            last = kpi_coverage(company, kpi)[1] if kpi in KPIS else None
            if last is not None:
                rows = frame["kpi"].eq(kpi)
                cut[rows] = cut[rows].where(cut[rows].notna() & (cut[rows] <= last), pd.Timestamp(last))
    ends = pd.to_datetime(frame["period_end"])
    return frame[cut.isna() | (ends <= cut)]
