"""Which periods of a KPI table are complete by a cut-off date."""

from __future__ import annotations

import pandas as pd


def complete_periods(frame: pd.DataFrame, end) -> pd.DataFrame:
    """The rows of a ``compute_kpis`` table whose period ended on or before ``end``.

    ``end`` is a date (or anything ``pd.Timestamp`` reads); None keeps every row. The row order and the
    index are kept, so callers that reset the index say so.

    >>> frame = pd.DataFrame({"period": ["2025-01-01", "2025-04-01"],
    ...                       "period_end": ["2025-03-31", "2025-06-30"], "value": [1.0, 2.0]})
    >>> complete_periods(frame, "2025-05-31")["period"].tolist()
    ['2025-01-01']
    >>> len(complete_periods(frame, None))
    2
    """
    if end is None:
        return frame
    return frame[pd.to_datetime(frame["period_end"]) <= pd.Timestamp(end)]
