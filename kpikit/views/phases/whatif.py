"""Phase 4, what if: what a close rate higher by some points would have meant for deals, customers and revenue."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.core import fmt
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.views.phases.common import L, last_quarters

if TYPE_CHECKING:
    from kpikit.company.model import Company


def what_if_basis(company: Company, *, as_of=None) -> dict | None:
    """The figures the what-if rests on: closed and won deals, deal size, new customers and revenue.

    Taken over the last four complete quarters; None when there are no closed deals. Computed once,
    so that ``what_if_table`` can be redrawn cheaply for every slider value.

    Parameters
    ----------
    company : Company
        The company; needs deals.
    as_of : date-like, optional
        Cut-off date of the last four quarters. Default: the end of the data.

    Returns
    -------
    dict or None
        ``start``, ``end``, ``closed``, ``won``, ``avg_deal_size``, ``new_customers``, ``new_share``
        (new customers / won deals, at most 1), ``revenue`` and ``currency``.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> basis = what_if_basis(Company.from_frames(deals=deals, period=half_year))
    >>> basis["closed"], basis["won"], basis["avg_deal_size"], basis["revenue"]
    (4.0, 2.0, 1250.0, 2500.0)
    """
    span = last_quarters(company, as_of)
    if span is None or company.deals is None:
        return None
    frame = compute_kpis(company, ["close_rate", "avg_deal_size", "new_customers", "revenue"], period="all",
                         start=span[0], end=span[1])
    get = frame.set_index("kpi")
    closed = float(get.loc["close_rate", "denominator"])
    won = float(get.loc["close_rate", "numerator"])
    if not closed or math.isnan(closed):
        return None
    size = float(get.loc["avg_deal_size", "value"])
    new_customers = float(get.loc["new_customers", "value"])
    return {"start": span[0], "end": span[1], "closed": closed, "won": won,
            "avg_deal_size": 0.0 if math.isnan(size) else size, "new_customers": new_customers,
            "new_share": min(1.0, new_customers / won) if won else 0.0,
            "revenue": float(get.loc["revenue", "value"]), "currency": company.currency}


def signed(text: str, x: float) -> str:
    """``text`` with a ``+`` in front when ``x`` is not negative (a change, formatted).

    >>> signed("5", 5.0), signed("-5", -5.0), signed("0", 0.0)
    ('+5', '-5', '+0')
    """
    return text if x < 0 or text.startswith(("-", fmt.MINUS)) else f"+{text}"


def what_if_table(basis: dict | None, *, close_rate_points: float = 5.0, lang: str = "de") -> pd.DataFrame:
    """The what-if table for ``close_rate_points`` on a ``what_if_basis``.

    Extra won deals = closed deals × the extra points; extra revenue = extra won deals × average deal
    size; extra new customers = extra won deals × the share of won deals that were new customers.
    The close rate stays within 0 and 100 %.

    Parameters
    ----------
    basis : dict or None
        A ``what_if_basis``; None gives an empty table.
    close_rate_points : float
        Change of the close rate in percentage points.
    lang : {"de", "en"}
        Language of headers and names.

    Returns
    -------
    pandas.DataFrame
        Close rate, won deals, new customers and revenue: today, what if, change.

    Examples
    --------
    >>> basis = {"closed": 10.0, "won": 4.0, "avg_deal_size": 1000.0, "new_customers": 4.0, "new_share": 1.0,
    ...          "revenue": 4000.0, "currency": "CHF"}
    >>> what_if_table(basis, close_rate_points=10, lang="en").values.tolist()
    [['Close rate', '40.0 %', '50.0 %', '+10.0 pts'], ['Deals won', '4', '5', '+1'],
     ['New customers', '4', '5', '+1'], ['Revenue', "CHF 4'000", "CHF 5'000", "+CHF 1'000"]]
    """
    cols = [L("kpi", lang), L("today", lang), L("what_if", lang), L("change", lang)]
    if basis is None:
        return pd.DataFrame(columns=cols)
    closed, won, cur = basis["closed"], basis["won"], basis["currency"]
    rate = won / closed
    new_rate = min(1.0, max(0.0, rate + close_rate_points / 100))
    extra_won = (new_rate - rate) * closed
    extra_revenue = extra_won * basis["avg_deal_size"]
    extra_customers = extra_won * basis["new_share"]
    points = (new_rate - rate) * 100
    unit = L("points", lang)
    return pd.DataFrame([
        {L("kpi", lang): KPIS["close_rate"].name(lang), L("today", lang): fmt.value(rate, "ratio"),
         L("what_if", lang): fmt.value(new_rate, "ratio"),
         L("change", lang): f"{signed(fmt.number(points, 1), points)} {unit}"},
        {L("kpi", lang): L("stage_won", lang), L("today", lang): fmt.number(won),
         L("what_if", lang): fmt.number(won + extra_won),
         L("change", lang): signed(fmt.number(extra_won), extra_won)},
        {L("kpi", lang): KPIS["new_customers"].name(lang), L("today", lang): fmt.number(basis["new_customers"]),
         L("what_if", lang): fmt.number(basis["new_customers"] + extra_customers),
         L("change", lang): signed(fmt.number(extra_customers), extra_customers)},
        {L("kpi", lang): KPIS["revenue"].name(lang), L("today", lang): fmt.money(basis["revenue"], cur),
         L("what_if", lang): fmt.money(basis["revenue"] + extra_revenue, cur),
         L("change", lang): signed(fmt.money(extra_revenue, cur), extra_revenue)},
    ], columns=cols)


def what_if(company: Company, *, close_rate_points: float = 5.0, lang: str = "de", as_of=None) -> pd.DataFrame:
    """What a close rate higher by ``close_rate_points`` would have meant over the last four quarters.

    ``what_if_table`` on ``what_if_basis``: extra won deals = closed deals × the extra points; extra
    revenue = extra won deals × average deal size; extra new customers = extra won deals × the share
    of won deals that were new customers.

    Parameters
    ----------
    company : Company
        The company; needs deals.
    close_rate_points : float
        Change of the close rate in percentage points.
    lang : {"de", "en"}
        Language of headers and names.
    as_of : date-like, optional
        Cut-off date of the last four quarters. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        As ``what_if_table``.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> what_if(Company.from_frames(deals=deals, period=half_year), close_rate_points=25, lang="en")["What if"].tolist()
    ['75.0 %', '3', '3', "CHF 3'750"]
    """
    return what_if_table(what_if_basis(company, as_of=as_of), close_rate_points=close_rate_points, lang=lang)


__all__ = ["signed", "what_if", "what_if_basis", "what_if_table"]
