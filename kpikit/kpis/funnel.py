"""The funnel end to end: sessions → leads → leads with a deal → leads won → customers.

The leads created in a span are followed through the CRM with the one definition of what became of a
lead (``kpikit.kpis.leads.lead_outcomes``); sessions come from web analytics (the ``traffic`` table)
over the same span. Each step has its count, its rate from the step before with a Wilson interval and
the count that rate rests on; a step whose data is missing says what to capture instead of a number.
The step with the largest drop is the one with the lowest rate from the step before (the largest
relative loss), not the largest absolute loss: 10,000 sessions → 200 leads loses more people than
200 leads → 20 deals, yet 2 % of sessions becoming leads is the usual web figure, and the question is
where the rate is weakest.

Split by channel, each step counts in its own channel: sessions in the traffic channel, leads and
everything after in the lead's channel. Channels with the same name in web analytics and the CRM meet;
others show their sessions or their leads alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.core.i18n import check_lang, t
from kpikit.kpis.context import CompanyLike, Context
from kpikit.kpis.engine import wilson
from kpikit.kpis.grid import Grid, Segments
from kpikit.kpis.leads import lead_outcomes
from kpikit.kpis.results import NotComputable
from kpikit.kpis.traffic import sessions as _sessions_kpi

STEPS = ("sessions", "leads", "deals", "won", "customers")
COLUMNS = ["segment", "step", "label", "count", "base", "rate", "ci_low", "ci_high", "missing"]


def funnel_steps(company: CompanyLike, *, start=None, end=None, by: str | None = None,
                 lang: str | None = None) -> pd.DataFrame:
    """The funnel of the leads created between ``start`` and ``end``, one row per step (and segment).

    Parameters
    ----------
    company : Company
        The company: ``traffic`` for sessions, ``leads``, and ``deals`` with ``lead_id`` for the deal steps.
    start, end : date-like, optional
        The span (inclusive). Default: the company's period.
    by : {"channel", "campaign", ...}, optional
        Split dimension; None for the whole company.
    lang : {"de", "en"}, optional
        Language of the step labels and capture hints; default the company's.

    Returns
    -------
    pandas.DataFrame
        Columns ``segment`` (None without a split), ``step`` (one of ``STEPS``), ``label``, ``count``,
        ``base`` (the count of the step before, which the rate rests on), ``rate``, ``ci_low``,
        ``ci_high`` (Wilson 95 %) and ``missing`` (None, or what to capture for a step without data;
        its count is NaN). ``rate`` is NaN for the first available step, where the step before has no
        data or count 0, and where a step counts more than the one before (they are not nested, e.g.
        leads from fairs on top of web sessions).

    Examples
    --------
    >>> import kpikit
    >>> leads = pd.DataFrame({"lead_id": ["l1", "l2", "l3", "l4"],
    ...                       "created_at": ["2025-01-02", "2025-01-05", "2025-01-09", "2025-01-20"]})
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-25", "2025-01-28", "2025-01-30"], "lead_id": ["l1", "l2", "l3"],
    ...                       "customer_id": ["k1", "k2", "k1"]})
    >>> steps = funnel_steps(kpikit.Company.from_frames(leads=leads, deals=deals), lang="en")
    >>> steps[["step", "count", "rate"]].values.tolist()
    [['sessions', nan, nan], ['leads', 4.0, nan], ['deals', 3.0, 0.75], ['won', 2.0, 0.6666666666666666], \
['customers', 1.0, 0.5]]
    >>> largest_drop(steps)
    'customers'
    """
    lang = check_lang(lang or getattr(company, "language", "de"))
    p_start = pd.Timestamp(start) if start is not None else company.period[0]
    p_end = pd.Timestamp(end) if end is not None else company.period[1]
    if p_start is None or p_end is None:
        return pd.DataFrame(columns=COLUMNS)
    seg = Segments(company.tables, by)
    c = Context(company, Grid("all", p_start, p_end), seg, lang)
    counts = _counts(c)
    rows = []
    for s, label in enumerate(seg.labels):
        before = np.nan
        for step in STEPS:
            value = counts[step]
            count = np.nan if isinstance(value, str) else float(value[s])
            rows.append({"segment": label, "step": step, "label": t(f"F_STEP_{step}", lang), "count": count,
                         "base": before, "missing": value if isinstance(value, str) else None})
            if count == count:
                before = count
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("rate", "ci_low", "ci_high")])
    k, n = out["count"].to_numpy(float), out["base"].to_numpy(float)
    nested = (n > 0) & (k <= n)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(nested, k / n, np.nan)
    lo, hi = wilson(np.where(nested, k, np.nan), np.where(nested, n, 0.0))
    out["ci_low"], out["ci_high"] = lo, hi
    if by is not None:  # a segment without any count of its own is no row of the funnel
        seen = out.groupby("segment", sort=False)["count"].transform(lambda x: x.fillna(0).gt(0).any())
        out = out[seen.to_numpy(dtype=bool)]
    return out[COLUMNS].reset_index(drop=True)


def largest_drop(steps: pd.DataFrame, segment=None) -> str | None:
    """The step with the lowest rate from the step before (the largest relative drop), or None.

    Parameters
    ----------
    steps : pandas.DataFrame
        A ``funnel_steps`` table.
    segment : str, optional
        The segment to look at; default the first (the whole company without a split).

    Returns
    -------
    str or None
        A step of ``STEPS`` (the first of equal rates); None when no step has a rate below 100 %.

    Examples
    --------
    >>> steps = pd.DataFrame({"segment": [None] * 3, "step": ["sessions", "leads", "deals"],
    ...                       "count": [10000.0, 300.0, 60.0], "rate": [np.nan, 0.03, 0.2]})
    >>> largest_drop(steps)  # 9,700 sessions lost in absolute terms, yet 3 % is the weakest rate
    'leads'
    """
    if steps.empty:
        return None
    first = steps["segment"].iloc[0]
    key = first if segment is None else segment
    part = steps[steps["segment"].isna()] if key is None else steps[steps["segment"] == key]
    rated = part.dropna(subset=["rate"])
    if rated.empty or rated["rate"].min() >= 1:
        return None  # nothing is lost anywhere
    return str(rated.loc[rated["rate"].idxmin(), "step"])


def _counts(c: Context) -> dict[str, np.ndarray | str]:
    """Per step, the count per segment (the grid has one period), or the message of what to capture."""
    out: dict[str, np.ndarray | str] = {}
    tables = c.tables
    if tables.get("traffic") is None:
        out["sessions"] = "F_CAPTURE_sessions"
    else:
        try:
            res = _sessions_kpi(c)
            rows = c.cells.bincount(c.cells.rows(tables.table("traffic"), "date"))
            # a channel that web analytics never names has no sessions to count, not zero sessions
            out["sessions"] = np.where(rows > 0, np.asarray(res.num, dtype=float), np.nan)
        except NotComputable:
            out["sessions"] = "F_CAPTURE_sessions"
    leads = tables.get("leads")
    if leads is None:
        for step in STEPS[1:]:
            out[step] = "F_CAPTURE_leads"
        return _texts(out, c.lang)
    rows = tables.table("leads")
    cell = c.cells.rows(rows, "created_at")
    out["leads"] = c.cells.bincount(cell)
    try:
        got = lead_outcomes(c, rows)
    except NotComputable:
        out["deals"] = out["won"] = "F_CAPTURE_deals"
        out["customers"] = "F_CAPTURE_customers"
        return _texts(out, c.lang)
    deals = tables.get("deals")
    if deals is None or "lead_id" not in deals or not deals["lead_id"].notna().any():
        out["deals"] = out["won"] = "F_CAPTURE_deals"
        became = got.customer
    else:
        out["deals"] = c.cells.bincount(np.where(got.deal, cell, -1))
        out["won"] = c.cells.bincount(np.where(got.won, cell, -1))
        became = got.customer & got.won  # the customers step follows the won deals
    out["customers"] = c.cells.nunique(np.where(became, cell, -1), _customer_keys(rows, deals))
    return _texts(out, c.lang)


def _customer_keys(leads: pd.DataFrame, deals: pd.DataFrame | None) -> np.ndarray:
    """Who each lead became: its customer id, else that of its first won deal, else the lead itself."""
    key = pd.Series(pd.NA, index=leads.index, dtype="object")
    if "customer_id" in leads:
        key = leads["customer_id"].astype("object")
    if deals is not None and "lead_id" in deals and "customer_id" in deals:
        won = deals[deals["status"].eq("won").to_numpy(dtype=bool)].dropna(subset=["lead_id", "customer_id"])
        first = won.sort_values("closed_at", kind="stable").drop_duplicates("lead_id")
        via_deal = leads["lead_id"].map(pd.Series(first["customer_id"].to_numpy(), index=first["lead_id"]))
        key = key.where(key.notna(), via_deal.astype("object"))
    own = "lead:" + leads["lead_id"].astype(str)
    return ("customer:" + key.astype(str)).where(key.notna(), own).to_numpy()


def _texts(out: dict[str, np.ndarray | str], lang: str) -> dict[str, np.ndarray | str]:
    return {k: t(v, lang) if isinstance(v, str) else v for k, v in out.items()}


__all__ = ["COLUMNS", "STEPS", "funnel_steps", "largest_drop"]
