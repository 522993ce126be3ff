"""Which periods of a KPI table are complete by a cut-off date, and the dates each KPI's tables cover."""

from __future__ import annotations

import pandas as pd

from kpikit.kpis.registry import KPIS
from kpikit.kpis.tables import table_span


def kpi_coverage(company, kpi: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The dates that all the tables of ``kpi`` cover: the latest first date and the earliest last date.

    A need ``a|b`` covers the union of the tables of it that the company has; undated tables
    (``company.undated``) and missing tables cover nothing and are left out. ``(None, None)`` when no
    table of the KPI has dates.

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
        spans = [table_span(name, company.tables[name]) for name in need.split("|")
                 if name in company.tables and name not in undated]
        spans = [s for s in spans if s is not None]
        if not spans:
            continue
        first, last = min(s[0] for s in spans), max(s[1] for s in spans)
        lo = first if lo is None else max(lo, first)
        hi = last if hi is None else min(hi, last)
    return lo, hi


def complete_periods(frame: pd.DataFrame, end, company=None) -> pd.DataFrame:
    """The rows of a ``compute_kpis`` table whose period ended on or before ``end``.

    ``end`` is a date (or anything ``pd.Timestamp`` reads); None keeps every row. With ``company``, each
    KPI's rows end at the last date all of its tables cover as well (``kpi_coverage``): a lead KPI stops
    where the lead export stops, even when the deals run on. The row order and the index are kept, so
    callers that reset the index say so.

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
