"""Which periods of a KPI table are complete by a cut-off date, and the dates each KPI's tables cover."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.kpis.registry import KPIS
from kpikit.kpis.tables import table_span
from kpikit.sources.schema import DATE, TABLES

MAX_GAP = pd.Timedelta(days=31)


def _covered_until(name: str, frame: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First date of table ``name`` and the date its rows stop covering: its last date plus its usual gap.

    The usual gap is the median step between its distinct days, with a quarter added for months of
    different length (at most 31 days): leads created every day cover up to the day after their last;
    costs booked on the 1st of each month cover that month.
    """
    span = table_span(name, frame)
    if span is None:
        return None
    schema = TABLES.get(name)
    cols = [c.name for c in schema.columns if c.kind == DATE and c.name in frame] if schema else []
    days = [frame[c].to_numpy(dtype="datetime64[us]").astype("datetime64[D]") for c in cols]
    days = np.unique(np.concatenate(days)) if days else np.array([], dtype="datetime64[D]")
    days = days[~np.isnat(days)]
    gap = pd.Timedelta(np.median(np.diff(days))) * 1.25 if len(days) > 2 else pd.Timedelta(0)
    return span[0], span[1] + min(gap.ceil("D"), MAX_GAP)


def kpi_coverage(company, kpi: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The dates that all the tables of ``kpi`` cover: the latest first date and the earliest end of cover.

    A table covers from its first date up to its last date plus its usual gap between dates (leads of
    every day: their last day; costs booked monthly: a month after the last booking). A need ``a|b``
    covers the union of the tables of it that the company has; undated tables (``company.undated``) and
    missing tables cover nothing and are left out. ``(None, None)`` when no table of the KPI has dates.

    >>> import types
    >>> leads = pd.DataFrame({"lead_id": ["l1", "l2"], "created_at": pd.to_datetime(["2025-01-02", "2025-03-20"])})
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2"], "status": ["won", "lost"], "lead_id": ["l1", "l2"],
    ...                       "closed_at": pd.to_datetime(["2025-02-10", "2025-06-30"])})
    >>> company = types.SimpleNamespace(tables={"leads": leads, "deals": deals})
    >>> [f"{d:%Y-%m-%d}" for d in kpi_coverage(company, "lead_to_deal_rate")]
    ['2025-02-10', '2025-03-20']
    """
    undated = tuple(getattr(company, "undated", ()) or ())
    lo = hi = None
    for need in KPIS.check(kpi).tables:
        spans = [_covered(company, name) for name in need.split("|")
                 if name in company.tables and name not in undated]
        spans = [s for s in spans if s is not None]
        if not spans:
            continue
        first, last = min(s[0] for s in spans), max(s[1] for s in spans)
        lo = first if lo is None else max(lo, first)
        hi = last if hi is None else min(hi, last)
    return lo, hi


def _covered(company, name: str):
    """``_covered_until`` of one table of ``company``, computed once per table object."""
    frame = company.tables[name]
    memo = _MEMO.get(id(frame))
    if memo is None or memo[0] is not frame:
        memo = _MEMO[id(frame)] = (frame, _covered_until(name, frame))
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
