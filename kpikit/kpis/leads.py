"""Lead KPIs of the sales family: how many leads became customers, and how many got a deal.

They register in ``SALES`` after the KPIs of ``kpikit.kpis.sales`` (the catalogue order is kept).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.kpis.context import Context
from kpikit.kpis.definition import HIGHER, RATIO
from kpikit.kpis.identity import converted_leads
from kpikit.kpis.results import NotComputable, Res
from kpikit.kpis.sales import SALES
from kpikit.kpis.tables import is_in


@SALES.kpi(
    "lead_to_customer_rate", unit=RATIO, direction=HIGHER, tables=("leads",), bounded=True,
    name_de="Lead-zu-Kunde-Rate", name_en="Lead-to-customer rate",
    explain_de="Anteil der im Zeitraum erfassten Leads, die (bis heute) Kunde wurden.",
    explain_en="Share of the leads created in the period that became customers (to date).",
    numerator_de="Leads, die Kunde wurden", numerator="leads created that became customers",
    denominator_de="erfasste Leads", denominator="leads created",
)
def lead_to_customer_rate(c: Context) -> Res:
    """Lead-to-customer rate: leads created that became customers / leads created, by ``created_at``.

    A lead became a customer when its ``converted`` flag is True or it has a ``converted_at``; without
    either column, when its ``customer_id`` is a customer (a won deal or an order); without customer ids,
    when a won deal carries its ``lead_id``. Split by channel or campaign, the lead's own value counts.

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
    "lead_to_deal_rate", unit=RATIO, direction=HIGHER, tables=("leads", "deals"), bounded=True,
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


def _converted(c: Context, rows: pd.DataFrame) -> np.ndarray:
    """Which leads became customers: ``converted`` or ``converted_at`` where the leads say, else their customer_id."""
    flagged = converted_leads(rows)
    if flagged is not None:
        return flagged
    if "customer_id" in rows and rows["customer_id"].notna().any():
        return c.customers.known(rows["customer_id"])
    deals = c.tables.get("deals")
    if deals is not None and "lead_id" in deals and deals["lead_id"].notna().any():
        # the usual CRM link: a converted lead became an opportunity, and that one was won
        won = deals.loc[deals["status"].eq("won").to_numpy(dtype=bool), "lead_id"]
        return is_in(rows["lead_id"], won)
    raise NotComputable("N_NO_CONVERSION")
