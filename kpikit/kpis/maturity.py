"""Recent cohorts are not yet failures: which periods of a lead-dated KPI are still immature.

``lead_to_customer_rate`` counts the leads created in a period that became customers *to date*. Leads of
the last weeks have not had the time to convert, so the newest periods look bad although nothing went
wrong (right-censoring). A period is **immature** when it ends later than the end of the data minus the
conversion window: ``conversion_window_days`` of company.yaml when set (as funnel tools have), else the
median days from lead to win of the data itself (``lead_to_win_days`` over every lead won, at least
``MIN_WINS`` of them). The engine flags such rows (column ``immature``), the charts draw them apart and
the checks judge only mature periods.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kpikit.kpis.context import CompanyLike, Context
from kpikit.kpis.results import NotComputable

MIN_WINS = 5  # fewer leads won give no typical lead-to-win time


def conversion_window(company: CompanyLike, c: Context) -> tuple[float | None, str]:
    """The conversion window in days and where it comes from (``"config"``, ``"median"`` or ``"none"``).

    Parameters
    ----------
    company : Company
        Its ``conversion_window_days`` wins when set.
    c : Context
        A computation on the company (its leads and their outcomes, ``lead_outcomes``).

    Returns
    -------
    (float or None, str)
        Days, and the source; ``(None, "none")`` without leads or with fewer than ``MIN_WINS`` leads won.

    Examples
    --------
    >>> import kpikit
    >>> from kpikit.kpis.grid import Grid, Segments
    >>> leads = pd.DataFrame({"lead_id": list("abcde"), "created_at": ["2025-01-01"] * 5,
    ...                       "converted_at": ["2025-01-11", "2025-01-21", "2025-01-31", "2025-02-10", "2025-03-02"]})
    >>> company = kpikit.Company.from_frames(leads=leads)
    >>> c = Context(company, Grid("all", *company.period), Segments(company.tables, None), "en")
    >>> conversion_window(company, c)
    (30.0, 'median')
    """
    configured = getattr(company, "conversion_window_days", None)
    if configured:
        return float(configured), "config"
    return c.memo("conversion_window", lambda: _median_days(c))


def immature_after(company: CompanyLike, c: Context) -> pd.Timestamp | None:
    """Periods ending after this day hold leads younger than the conversion window; None: no window.

    Examples
    --------
    >>> import kpikit
    >>> from kpikit.kpis.grid import Grid, Segments
    >>> leads = pd.DataFrame({"lead_id": ["a"], "created_at": ["2025-01-01"]})
    >>> company = kpikit.Company.from_frames(leads=leads, period=("2025-01-01", "2025-06-30"),
    ...                                      conversion_window_days=45)
    >>> c = Context(company, Grid("all", *company.period), Segments(company.tables, None), "en")
    >>> str(immature_after(company, c).date())
    '2025-05-16'
    """
    end = company.period[1]
    days, _ = conversion_window(company, c)
    if end is None or days is None:
        return None
    return pd.Timestamp(end) - pd.Timedelta(days=math.ceil(days))


def company_window(company: CompanyLike) -> tuple[float | None, str]:
    """``conversion_window`` of a company on its own (a computation over its whole period).

    >>> import kpikit
    >>> leads = pd.DataFrame({"lead_id": ["a"], "created_at": ["2025-01-01"]})
    >>> company_window(kpikit.Company.from_frames(leads=leads, conversion_window_days=60))
    (60.0, 'config')
    """
    from kpikit.kpis.grid import Grid, Segments

    if company.period[0] is None or company.period[1] is None:
        return None, "none"
    return conversion_window(company, Context(company, Grid("all", *company.period), Segments(company.tables, None),
                                              "en"))


def _median_days(c: Context) -> tuple[float | None, str]:
    from kpikit.kpis.leads import lead_outcomes  # leads registers KPIs; imported when first needed

    rows = c.tables.get("leads")
    if rows is None:
        return None, "none"
    rows = c.tables.table("leads")
    try:
        got = lead_outcomes(c, rows)
    except NotComputable:
        return None, "none"
    created = rows["created_at"].to_numpy(dtype="datetime64[us]")
    days = (got.won_at - created).astype("timedelta64[s]").astype(float) / 86400.0
    days = days[got.customer & ~np.isnan(days) & (days >= 0)]
    if len(days) < MIN_WINS:
        return None, "none"
    return float(np.median(days)), "median"


__all__ = ["MIN_WINS", "company_window", "conversion_window", "immature_after"]
