"""Lead KPIs of the sales family: how many leads became customers, and how many got a deal.

They register in ``SALES`` after the KPIs of ``kpikit.kpis.sales`` (the catalogue order is kept).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpikit.kpis.context import Context
from kpikit.kpis.definition import DAYS, HIGHER, LOWER, RATIO
from kpikit.kpis.identity import converted_leads
from kpikit.kpis.results import NotComputable, Res
from kpikit.kpis.sales import SALES
from kpikit.kpis.tables import is_in


@SALES.kpi(
    "lead_to_customer_rate", unit=RATIO, direction=HIGHER, tables=("leads",), bounded=True, matures=True,
    name_de="Lead-zu-Kunde-Rate", name_en="Lead-to-customer rate",
    explain_de="Anteil der im Zeitraum erfassten Leads, die (bis heute) Kunde wurden.",
    explain_en="Share of the leads created in the period that became customers (to date).",
    numerator_de="Leads, die Kunde wurden", numerator="leads created that became customers",
    denominator_de="erfasste Leads", denominator="leads created",
)
def lead_to_customer_rate(c: Context) -> Res:
    """Lead-to-customer rate: leads created that became customers / leads created, by ``created_at``.

    A lead became a customer when its ``converted`` flag is True or it has a ``converted_at``, when its
    ``customer_id`` is a customer (a won deal or an order), or when a won deal carries its ``lead_id``
    (``lead_outcomes``: the one definition the funnel, the checks and the exercises use too). Split by
    channel or campaign, the lead's own value counts.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        Converted leads (numerator) and leads (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> frame = pd.DataFrame({"lead_id": ["l1", "l2", "l3", "l4"],
    ...                       "created_at": ["2025-01-02", "2025-01-05", "2025-01-09", "2025-01-20"],
    ...                       "converted_at": ["2025-01-15", None, None, "2025-02-01"]})
    >>> company = kpikit.Company.from_frames(leads=frame)
    >>> kpikit.compute_kpis(company, "lead_to_customer_rate", period="all")["value"].tolist()
    [0.5]
    """
    rows = c.tables.table("leads")
    cell = c.cells.rows(rows, "created_at")
    den = c.cells.bincount(cell)
    return Res(num=c.cells.bincount(np.where(_converted(c, rows), cell, -1)), den=den, n=den, zero_reason="U_NO_LEADS")


@SALES.kpi(
    "lead_to_deal_rate", unit=RATIO, direction=HIGHER, tables=("leads", "deals"), bounded=True, matures=True,
    name_de="Lead-zu-Deal-Rate", name_en="Lead-to-deal rate",
    explain_de="Anteil der im Zeitraum erfassten Leads, zu denen es (bis heute) mindestens einen Deal gibt "
               "(verknüpft über deal.lead_id).",
    explain_en="Share of the leads created in the period that have at least one deal (to date), linked by "
               "deal.lead_id.",
    numerator_de="erfasste Leads mit Deal", numerator="leads created with a deal",
    denominator_de="erfasste Leads", denominator="leads created",
)
def lead_to_deal_rate(c: Context) -> Res:
    """Lead-to-deal rate: leads created with at least one deal whose ``lead_id`` is the lead / leads created.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        Leads with a deal (numerator) and leads (denominator and ``n``) per cell, by ``created_at``.

    Examples
    --------
    >>> import kpikit
    >>> frame = pd.DataFrame({"lead_id": ["l1", "l2", "l3", "l4"],
    ...                       "created_at": ["2025-01-02", "2025-01-05", "2025-01-09", "2025-01-20"]})
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "open", "lost"],
    ...                       "closed_at": ["2025-01-25", None, "2025-01-28"], "lead_id": ["l1", "l1", "l3"]})
    >>> company = kpikit.Company.from_frames(leads=frame, deals=deals)
    >>> kpikit.compute_kpis(company, "lead_to_deal_rate", period="all")[["value", "n"]].values.tolist()
    [[0.5, 4.0]]
    """
    rows = c.tables.table("leads")
    cell = c.cells.rows(rows, "created_at")
    with_deal = is_in(rows["lead_id"], c.tables.need("deals", "lead_id"))
    den = c.cells.bincount(cell)
    return Res(num=c.cells.bincount(np.where(with_deal, cell, -1)), den=den, n=den, zero_reason="U_NO_LEADS")


@SALES.kpi(
    "lead_to_win_days", unit=DAYS, direction=LOWER, tables=("leads",),
    name_de="Lead bis Abschluss (Tage)", name_en="Lead to win (days)",
    explain_de="Mittlere Dauer in Tagen von der Erfassung eines Leads bis er Kunde wurde (Kundendatum, sonst "
               "Abschluss seines ersten gewonnenen Deals), nach dem Datum des Abschlusses; der Median steht daneben.",
    explain_en="Mean days from a lead's creation to when it became a customer (its conversion date, else the close "
               "of its first won deal), by the date it was won; the median is reported alongside.",
    numerator_de="Tage von Lead bis Abschluss", numerator="days from lead created_at to won",
    denominator_de="Leads, die Kunde wurden", denominator="leads that became customers",
)
def lead_to_win_days(c: Context) -> Res:
    """Lead to win: days from ``leads.created_at`` to when the lead became a customer, by that date.

    When it became one is ``lead_outcomes(...).won_at``: ``converted_at``, else the close of its first won
    deal (``deals.lead_id``), else its customer's first purchase. Split by channel, the lead's channel counts.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        Summed days (numerator), leads won (denominator and ``n``) and the median per cell.

    Examples
    --------
    >>> import kpikit
    >>> leads = pd.DataFrame({"lead_id": ["l1", "l2", "l3"], "created_at": ["2025-01-01", "2025-01-05", "2025-01-09"]})
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "won", "lost"],
    ...                       "closed_at": ["2025-01-11", "2025-01-25", "2025-01-28"], "lead_id": ["l1", "l2", "l3"]})
    >>> company = kpikit.Company.from_frames(leads=leads, deals=deals)
    >>> kpikit.compute_kpis(company, "lead_to_win_days", period="all")[["value", "median", "n"]].values.tolist()
    [[15.0, 15.0, 2.0]]
    """
    rows = c.tables.table("leads")
    out = lead_outcomes(c, rows)
    created = rows["created_at"].to_numpy(dtype="datetime64[us]")
    days = (out.won_at - created).astype("timedelta64[s]").astype(float) / 86400.0
    ok = out.customer & ~np.isnan(days) & (days >= 0)
    when = pd.Series(out.won_at, index=rows.index)
    cell = c.cells.of(when, c.cells.seg.column(rows), ok)
    cnt = c.cells.bincount(cell)
    median = np.full(c.cells.n, np.nan)
    sel = cell >= 0
    if sel.any():
        med = pd.Series(days[sel]).groupby(cell[sel]).median()
        median[med.index.to_numpy()] = med.to_numpy()
    return Res(num=c.cells.bincount(cell, np.where(ok, days, 0.0)), den=cnt, n=cnt, median=median,
               zero_reason="U_NO_LEADS_WON")


def lead_outcomes(c: Context, rows: pd.DataFrame) -> LeadOutcomes:
    """What became of each lead: a deal, a won deal, a customer, and when it was won (the one definition).

    A lead became a customer when any of these holds (each where the data has it):

    - its ``converted`` flag is True or it has a ``converted_at``;
    - its ``customer_id`` is a customer (one with a won deal or an order, ``Customers.known``);
    - a won deal carries its ``lead_id`` (the usual CRM link: the converted lead became an opportunity).

    ``won_at`` is when: ``converted_at``, else the close of its first won deal, else its customer's first
    purchase (NaT where none is known). Raises ``NotComputable("N_NO_CONVERSION")`` when the data has
    none of the three links.

    Examples
    --------
    >>> import kpikit
    >>> from kpikit.kpis.context import Context
    >>> from kpikit.kpis.grid import Grid, Segments
    >>> leads = pd.DataFrame({"lead_id": ["l1", "l2", "l3"], "created_at": ["2025-01-02", "2025-01-05", "2025-01-09"]})
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2"], "status": ["won", "lost"],
    ...                       "closed_at": ["2025-01-25", "2025-01-28"], "lead_id": ["l1", "l2"]})
    >>> company = kpikit.Company.from_frames(leads=leads, deals=deals)
    >>> c = Context(company, Grid("all", *company.period), Segments(company.tables, None), "en")
    >>> out = lead_outcomes(c, company.leads)
    >>> out.deal.tolist(), out.won.tolist(), out.customer.tolist()
    ([True, True, False], [True, False, False], [True, False, False])
    """
    return c.memo(("lead_outcomes", id(rows)), lambda: _outcomes(c, rows))


@dataclass(frozen=True)
class LeadOutcomes:
    """Per lead (row of the leads table): with a deal, with a won deal, became a customer, and when."""

    deal: np.ndarray
    won: np.ndarray
    customer: np.ndarray
    won_at: np.ndarray
    linked: bool  # whether any of the three links exists in the data


def _outcomes(c: Context, rows: pd.DataFrame) -> LeadOutcomes:
    n = len(rows)
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    deal = won = np.zeros(n, dtype=bool)
    won_at = nat.copy()
    linked = False
    flagged = converted_leads(rows)
    customer = np.zeros(n, dtype=bool) if flagged is None else flagged.copy()
    if flagged is not None:
        linked = True
        if "converted_at" in rows:
            won_at = rows["converted_at"].to_numpy(dtype="datetime64[us]").copy()
    deals = c.tables.get("deals")
    if deals is not None and "lead_id" in deals and deals["lead_id"].notna().any():
        linked = True
        deal = is_in(rows["lead_id"], deals["lead_id"])
        wins = deals[deals["status"].eq("won").to_numpy(dtype=bool) & deals["lead_id"].notna().to_numpy()]
        first = wins.sort_values("closed_at", kind="stable").drop_duplicates("lead_id")
        pos = pd.Index(first["lead_id"]).get_indexer(rows["lead_id"])
        won = pos >= 0
        closed = first["closed_at"].to_numpy(dtype="datetime64[us]")
        won_at = np.where(np.isnat(won_at) & won, closed[np.maximum(pos, 0)] if len(closed) else nat, won_at)
        customer |= won
    if "customer_id" in rows and rows["customer_id"].notna().any():
        try:
            known = c.customers.known(rows["customer_id"])
        except NotComputable:
            known = None
        if known is not None:
            linked = True
            customer |= known
            codes = c.customers.code_of(rows["customer_id"])
            firsts = c.customers.firsts().first_at
            first_at = np.where(codes >= 0, firsts[np.maximum(codes, 0)] if len(firsts) else nat, nat)
            won_at = np.where(np.isnat(won_at) & known, first_at, won_at)
    if not linked:
        raise NotComputable("N_NO_CONVERSION")
    return LeadOutcomes(deal, won, customer, np.where(customer, won_at, nat), linked)


def _converted(c: Context, rows: pd.DataFrame) -> np.ndarray:
    """Which leads became customers (``lead_outcomes``)."""
    return lead_outcomes(c, rows).customer
