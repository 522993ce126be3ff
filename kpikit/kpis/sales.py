"""Sales KPIs: leads, new customers, revenue, deals won and lost, the sales cycle and the pipeline.

Each KPI is one block: its definition in the ``SALES.kpi`` decorator and the function that computes it
per cell (period × segment) from the ``Context``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.kpis.context import Context
from kpikit.kpis.definition import COUNT, CURRENCY, DAYS, HIGHER, LOWER, RATIO, Family
from kpikit.kpis.identity import customer_key
from kpikit.kpis.results import Res

SALES = Family("sales")


@SALES.kpi(
    "leads", unit=COUNT, direction=HIGHER, tables=("leads",),
    name_de="Leads", name_en="Leads",
    explain_de="Anzahl neuer Interessenten (Leads), die im Zeitraum erfasst wurden.",
    explain_en="Number of new prospects (leads) created in the period.",
    numerator_de="erfasste Leads", numerator="leads created",
)
def leads(c: Context) -> Res:
    """Leads: the count of leads by ``created_at``; unknown in periods the leads table has no dates for.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        The count per cell as numerator and ``n``.

    Examples
    --------
    >>> import kpikit
    >>> frame = pd.DataFrame({"lead_id": ["l1", "l2", "l3"], "created_at": ["2025-01-02", "2025-01-20", "2025-02-03"]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(leads=frame), "leads")["value"].tolist()
    [2.0, 1.0]
    """
    rows = c.tables.table("leads")
    cnt = c.cells.bincount(c.cells.rows(rows, "created_at"))
    return c.covered(Res(num=cnt, n=cnt), ("leads",))


@SALES.kpi(
    "new_customers", unit=COUNT, direction=HIGHER, tables=("deals|orders|leads",),
    name_de="Neukunden", name_en="New customers",
    explain_de="Kunden, deren erster gewonnener Deal (oder sonst erste Bestellung) in den Zeitraum fällt; ein "
               "als konvertiert markierter Lead zählt ab seinem Konversionsdatum (sonst Erfassungsdatum).",
    explain_en="Customers whose first won deal, or failing that first order, falls in the period; a lead "
               "marked as converted counts from its conversion date (else its creation date).",
    numerator_de="Kunden mit erstem gewonnenem Deal (sonst erster Bestellung) im Zeitraum",
    numerator="customers with first won deal or first order in period",
)
def new_customers(c: Context) -> Res:
    """New customers: customers whose first purchase (``Customers.firsts``) falls in the period.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        The count per cell as numerator and ``n``.

    Examples
    --------
    >>> import kpikit
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "won", "won"],
    ...                       "closed_at": ["2025-01-05", "2025-01-09", "2025-02-03"], "customer_id": ["a", "b", "a"]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(deals=deals), "new_customers")["value"].tolist()
    [2.0, 0.0]
    """
    f = c.customers.firsts()
    cnt = c.cells.bincount(c.cells.of_codes(f.first_at, f.seg))
    return Res(num=cnt, n=cnt)


@SALES.kpi(
    "revenue", unit=CURRENCY, direction=HIGHER, tables=("orders|deals",),
    name_de="Umsatz", name_en="Revenue",
    explain_de="Umsatz aus Bestellungen (nach Bestelldatum); ohne Bestelldaten die Summe gewonnener Deals "
               "(nach Abschlussdatum).",
    explain_en="Order revenue by order date; without orders, the sum of won deal amounts by close date.",
    numerator_de="Umsatz aus Bestellungen (sonst Betrag gewonnener Deals)",
    numerator="order revenue (or won deal amount)",
)
def revenue(c: Context) -> Res:
    """Revenue: the sum of ``orders.revenue`` by order date, without orders of won ``deals.amount`` by close date.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        The sum per cell as numerator.

    Examples
    --------
    >>> import kpikit
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a"], "ordered_at": ["2025-01-05", "2025-01-09", "2025-02-03"],
    ...                        "revenue": [100.0, 50.0, 30.0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(orders=orders), "revenue")["value"].tolist()
    [150.0, 30.0]
    """
    rev = c.tables.revenue()
    return Res(num=c.cells.bincount(c.cells.rows(rev.rows, rev.date), rev.rows[rev.amount]))


@SALES.kpi(
    "revenue_per_customer", unit=CURRENCY, direction=HIGHER, tables=("orders|deals",),
    name_de="Umsatz pro Kunde", name_en="Revenue per customer",
    explain_de="Umsatz geteilt durch die Zahl verschiedener Kunden mit Bestellung (bzw. gewonnenem Deal) "
               "im Zeitraum; auch Bestellungen über 0.00 zählen den Kunden.",
    explain_en="Revenue divided by the distinct customers with an order (or a won deal) in the period; "
               "a 0.00 order counts the customer.",
    numerator_de="Umsatz", numerator="revenue",
    denominator_de="verschiedene Kunden mit Bestellung oder gewonnenem Deal",
    denominator="distinct customers with an order or won deal",
)
def revenue_per_customer(c: Context) -> Res:
    """Revenue per customer: revenue / distinct customers with an order (or a won deal) in the period.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        Revenue (numerator) and distinct customers (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a"], "ordered_at": ["2025-01-05", "2025-01-09", "2025-01-20"],
    ...                        "revenue": [100.0, 50.0, 30.0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(orders=orders), "revenue_per_customer")["value"].tolist()
    [90.0]
    """
    rev = c.tables.revenue()
    cell = c.cells.rows(rev.rows, rev.date)
    if rev.table == "orders":
        den = c.cells.nunique(cell, c.customers.codes().orders)
    else:
        den = c.cells.nunique(cell, customer_key(rev.rows, "deal_id").to_numpy())
    # say where the customers were looked for: "no customers" beside new customers from the deals contradicts
    why = "U_NO_ORDERING_CUSTOMERS" if rev.table == "orders" else "U_NO_PAYING_CUSTOMERS"
    return Res(num=c.cells.bincount(cell, rev.rows[rev.amount]), den=den, n=den, zero_reason=why)


@SALES.kpi(
    "close_rate", unit=RATIO, direction=HIGHER, tables=("deals",), bounded=True,
    name_de="Abschlussrate", name_en="Close rate",
    explain_de="Anteil gewonnener an allen abgeschlossenen (gewonnenen + verlorenen) Deals im Zeitraum. "
               "Gewonnene / alle Deals ist eine andere Zahl.",
    explain_en="Share of won among all closed (won + lost) deals in the period. Won / all deals is a "
               "different figure.",
    numerator_de="gewonnene Deals", numerator="won deals",
    denominator_de="gewonnene + verlorene Deals", denominator="won + lost deals",
)
def close_rate(c: Context) -> Res:
    """Close rate: won deals / (won + lost deals), by close date; open deals do not count.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        Won deals (numerator) and closed deals (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3", "d4"], "status": ["won", "lost", "lost", "open"],
    ...                       "closed_at": ["2025-01-05", "2025-01-20", "2025-01-28", None]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(deals=deals), "close_rate")[["value", "n"]].values.tolist()
    [[0.3333333333333333, 3.0]]
    """
    deals = c.tables.table("deals")
    cell = c.cells.rows(deals, "closed_at")
    won = c.cells.bincount(np.where(deals["status"].eq("won").to_numpy(), cell, -1))
    lost = c.cells.bincount(np.where(deals["status"].eq("lost").to_numpy(), cell, -1))
    return Res(num=won, den=won + lost, n=won + lost, zero_reason="U_NO_CLOSED_DEALS")


@SALES.kpi(
    "avg_deal_size", unit=CURRENCY, direction=HIGHER, tables=("deals",),
    name_de="Durchschnittlicher Auftragswert", name_en="Average deal size",
    explain_de="Durchschnittlicher Betrag der im Zeitraum gewonnenen Deals.",
    explain_en="Average amount of the deals won in the period.",
    numerator_de="Betrag gewonnener Deals", numerator="won amount",
    denominator_de="gewonnene Deals", denominator="won deals",
)
def avg_deal_size(c: Context) -> Res:
    """Average deal size: won amount / won deals (with an amount), by close date.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        Won amount (numerator) and won deals (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "won", "lost"],
    ...                       "closed_at": ["2025-01-05", "2025-01-20", "2025-01-28"], "amount": [1000, 3000, 500]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(deals=deals), "avg_deal_size")["value"].tolist()
    [2000.0]
    """
    deals = c.tables.table("deals")
    amount = c.tables.need("deals", "amount")
    won = (deals["status"].eq("won") & amount.notna()).to_numpy()
    cell = c.cells.rows(deals, "closed_at", won)
    cnt = c.cells.bincount(cell)
    return Res(num=c.cells.bincount(cell, amount), den=cnt, n=cnt, zero_reason="U_NO_WON_DEALS")


@SALES.kpi(
    "sales_cycle_days", unit=DAYS, direction=LOWER, tables=("deals",),
    name_de="Verkaufszyklus (Tage)", name_en="Sales cycle (days)",
    explain_de="Mittlere Dauer in Tagen von der Erstellung bis zum Abschluss gewonnener Deals (ohne "
               "Erstelldatum ab dem Erstkontakt des Leads); der Median steht daneben.",
    explain_en="Mean days from creation (without one, from the lead's first contact) to close of won deals; "
               "the median is reported alongside.",
    numerator_de="Tage von Erstellung bis Abschluss", numerator="days from created_at to closed_at",
    denominator_de="gewonnene Deals", denominator="won deals",
)
def sales_cycle_days(c: Context) -> Res:
    """Sales cycle: days from ``created_at`` to ``closed_at`` / won deals, by close date; the median alongside.

    A deal without ``created_at`` starts at its lead's ``created_at`` (first contact), through ``lead_id``.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        Summed days (numerator), won deals (denominator and ``n``) and the median per cell.

    Examples
    --------
    >>> import kpikit
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "won", "won"],
    ...                       "created_at": ["2025-01-01", "2025-01-01", "2025-01-12"],
    ...                       "closed_at": ["2025-01-05", "2025-01-21", "2025-01-30"]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(deals=deals), "sales_cycle_days")[["value", "median"]]
       value  median
    0   14.0    18.0
    """
    deals = c.tables.table("deals")
    created = c.tables.inherit_date("deals", "created_at")
    days = (deals["closed_at"] - created).dt.total_seconds().to_numpy() / 86400.0
    ok = deals["status"].eq("won").to_numpy() & ~np.isnan(days)
    cell = c.cells.rows(deals, "closed_at", ok)
    cnt = c.cells.bincount(cell)
    median = np.full(c.cells.n, np.nan)
    sel = cell >= 0
    if sel.any():
        med = pd.Series(days[sel]).groupby(cell[sel]).median()
        median[med.index.to_numpy()] = med.to_numpy()
    return Res(num=c.cells.bincount(cell, days), den=cnt, n=cnt, median=median, zero_reason="U_NO_WON_DEALS")


@SALES.kpi(
    "pipeline_value", unit=CURRENCY, direction=HIGHER, tables=("deals",),
    name_de="Pipeline-Wert", name_en="Pipeline value",
    explain_de="Summe der Beträge aller Deals, die am Ende des Zeitraums offen sind.",
    explain_en="Total amount of the deals open at the end of the period.",
    numerator_de="Betrag der am Periodenende offenen Deals", numerator="amount of deals open at period end",
)
def pipeline_value(c: Context) -> Res:
    """Pipeline value: the amount of the deals created by the period's end and not yet closed at its end.

    Parameters
    ----------
    c : Context
        The computation.

    Returns
    -------
    Res
        The open amount (numerator) and the number of open deals (``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "open", "lost"],
    ...                       "created_at": ["2025-01-03", "2025-01-10", "2025-01-12"],
    ...                       "closed_at": ["2025-02-05", None, "2025-01-30"], "amount": [1000, 2000, 500]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(deals=deals), "pipeline_value")[["value", "n"]].values.tolist()
    [[3000.0, 2.0], [2000.0, 1.0]]
    """
    deals = c.tables.table("deals")
    created = c.tables.need("deals", "created_at")
    amount = c.tables.need("deals", "amount").fillna(0.0).to_numpy()
    grid, seg = c.cells.grid, c.cells.seg
    n, nseg = grid.n, seg.n
    start = np.maximum(grid.position(created), 0)
    closed = deals["status"].isin(["won", "lost"]).to_numpy() & deals["closed_at"].notna().to_numpy()
    stop = np.where(closed, grid.position(deals["closed_at"]), n)
    stop = np.clip(stop, 0, n)
    ok = (start < n) & (start < stop) & created.notna().to_numpy()
    codes = seg.codes(seg.column(deals))
    codes = codes if codes is not None else np.zeros(len(deals), dtype=np.int64)
    size = (n + 1) * nseg
    diff = (np.bincount(start[ok] * nseg + codes[ok], amount[ok], minlength=size)
            - np.bincount(stop[ok] * nseg + codes[ok], amount[ok], minlength=size))
    level = np.cumsum(diff.reshape(n + 1, nseg), axis=0)[:n].ravel()
    cnt_diff = (np.bincount(start[ok] * nseg + codes[ok], minlength=size)
                - np.bincount(stop[ok] * nseg + codes[ok], minlength=size)).astype(float)
    cnt = np.cumsum(cnt_diff.reshape(n + 1, nseg), axis=0)[:n].ravel()
    return Res(num=np.round(level, 6), n=np.round(cnt))
