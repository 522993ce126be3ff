"""Customer KPIs: repeat purchases, the customer lifetime value and its ratio to the acquisition cost.

Each KPI is one block: its definition in the ``CUSTOMERS.kpi`` decorator and the function that computes
it per cell (period × segment) from the ``Context``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd  # noqa: F401 (the doctests use it)

from kpikit.kpis.context import Context
from kpikit.kpis.definition import CURRENCY, HIGHER, RATIO, Family
from kpikit.kpis.identity import customer_key
from kpikit.kpis.marketing import cac
from kpikit.kpis.results import Res

CUSTOMERS = Family("customers")


@CUSTOMERS.kpi(
    "repeat_purchase_rate", unit=RATIO, direction=HIGHER, tables=("orders",), bounded=True,
    name_de="Wiederkaufrate", name_en="Repeat purchase rate",
    explain_de="Anteil der Kunden mit Bestellungen im Zeitraum, die zwei oder mehr Bestellungen hatten.",
    explain_en="Share of customers with orders in the period who ordered two or more times.",
    numerator_de="Kunden mit 2+ Bestellungen", numerator="customers with 2+ orders",
    denominator_de="Kunden mit Bestellungen", denominator="customers with orders",
)
def repeat_purchase_rate(c: Context) -> Res:
    """Repeat purchase rate: customers with 2+ orders in the period / customers with orders in the period.

    An order is an ``order_id`` (the lines of a shop export repeat it: one order); without order ids,
    one order per customer and day (split rows of one order are no repeat).

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Repeat customers (numerator) and customers (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> orders = pd.DataFrame({"order_id": ["o1", "o2", "o3", "o4"], "customer_id": ["a", "a", "b", "c"],
    ...                        "ordered_at": ["2025-01-05", "2025-01-20", "2025-01-09", "2025-01-12"],
    ...                        "revenue": [100.0, 50.0, 30.0, 20.0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(orders=orders), "repeat_purchase_rate")[["value", "n"]]
          value    n
    0  0.333333  3.0
    """
    orders = c.tables.table("orders")
    cell = c.cells.rows(orders, "ordered_at")
    ok = cell >= 0
    every = c.customers.orders()  # dense codes: one per order
    order = every[ok]
    customer = c.customers.codes().orders[ok]
    cell = cell[ok].astype(np.int64)
    # one entry per order and cell: the lines of one order are one order (split by product, in each product)
    if not len(every) or int(every.max()) + 1 == len(every):
        once = np.arange(len(order))  # one row per order (no line items): nothing to fold
    else:
        _, once = np.unique(cell * (int(order.max()) + 1) + order, return_index=True)
    key = np.sort(cell[once] * (c.customers.codes().n + 1) + customer[once])
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], dtype=np.int64)
    count = np.diff(np.r_[start, len(key)])
    cells = key[start] // (c.customers.codes().n + 1)
    den = np.bincount(cells, minlength=c.cells.n).astype(float)
    num = np.bincount(cells[count >= 2], minlength=c.cells.n).astype(float)
    return Res(num=num, den=den, n=den, zero_reason="U_NO_ORDERS")


@CUSTOMERS.kpi(
    "customer_lifetime_value", unit=CURRENCY, direction=HIGHER, tables=("orders|deals",),
    name_de="Kundenwert (CLV)", name_en="Customer lifetime value (CLV)",
    explain_de="Historischer Kundenwert: kumulierter Umsatz bis Periodenende geteilt durch alle bis dahin "
               "gewonnenen Kunden (Methode: historischer Durchschnitt, keine Prognose).",
    explain_en="Historical customer value: cumulative revenue to the period end divided by all customers "
               "acquired to then (method: historical average, not a forecast).",
    numerator_de="kumulierter Umsatz", numerator="cumulative revenue",
    denominator_de="kumulierte Kunden", denominator="cumulative customers",
)
def customer_lifetime_value(c: Context) -> Res:
    """Customer lifetime value: cumulative revenue to the period end / customers acquired to then.

    Revenue and customers count from before the range on; split by a segment, a customer's revenue
    goes to the segment of their first purchase.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Cumulative revenue (numerator) and cumulative customers (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
    ...                        "ordered_at": ["2025-01-05", "2025-01-09", "2025-02-03", "2025-02-10"],
    ...                        "revenue": [100.0, 50.0, 30.0, 20.0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(orders=orders), "customer_lifetime_value")["value"].tolist()
    [75.0, 66.66666666666667]
    """
    rev, cust = c.memo("customer_lifetime_value", lambda: _cumulative(c))
    return Res(num=rev, den=cust, n=cust, zero_reason="U_NO_CUSTOMERS", note_all="U_CLV_METHOD")


def _cumulative(c: Context) -> tuple[np.ndarray, np.ndarray]:
    """Revenue and customers per cell, summed over the periods up to each, in the segment of the first purchase."""
    rev = c.tables.revenue()
    firsts = c.customers.firsts()
    cells = c.cells
    if rev.table == "orders":
        seg = firsts.seg[c.customers.codes().orders]
    else:  # won deals, a won deal without a close date included (it falls outside every period)
        codes = c.customers.code_of(customer_key(rev.rows, "deal_id"))
        seg = np.where(codes >= 0, firsts.seg[codes], cells.seg.n - 1)
    revenue = cells.bincount(cells.of_codes(rev.rows[rev.date].to_numpy(), seg, clip_before=True), rev.rows[rev.amount])
    customers = cells.bincount(cells.of_codes(firsts.first_at, firsts.seg, clip_before=True))
    shape = (cells.grid.n, cells.seg.n)
    return (np.cumsum(revenue.reshape(shape), axis=0).ravel(), np.cumsum(customers.reshape(shape), axis=0).ravel())


@CUSTOMERS.kpi(
    "ltv_cac_ratio", unit=RATIO, direction=HIGHER, tables=("orders|deals", "campaigns|costs"),
    name_de="CLV/CAC-Verhältnis", name_en="CLV/CAC ratio",
    explain_de="Kundenwert geteilt durch Akquisitionskosten; über 3 gilt oft als gesund.",
    explain_en="Customer value divided by acquisition cost; above 3 is often called healthy.",
    numerator_de="Kundenwert (CLV)", numerator="customer_lifetime_value",
    denominator_de="CAC", denominator="cac",
)
def ltv_cac_ratio(c: Context) -> Res:
    """CLV/CAC ratio: customer lifetime value / customer acquisition cost, where both are defined and CAC > 0.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        CLV (numerator), CAC (denominator) and their ratio per cell, with the reason of the part that is
        undefined.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20"], "channel": ["A", "B"], "spend": [100.0, 300.0]})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a"], "ordered_at": ["2025-01-05", "2025-01-09", "2025-01-20"],
    ...                        "revenue": [500.0, 300.0, 400.0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads, orders=orders), "ltv_cac_ratio")["value"].tolist()
    [3.0]
    """
    clv = c.finish(customer_lifetime_value(c))
    acq = c.finish(cac(c))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(np.isnan(clv[0]) | np.isnan(acq[0]) | (acq[0] <= 0), np.nan, clv[0] / acq[0])
    # an undefined ratio gives the reason of the part that is undefined, not CLV's method note
    notes = [b if np.isnan(cv) or cv <= 0 else a if np.isnan(lv) else (a or b)
             for a, b, lv, cv in zip(clv[1], acq[1], clv[0], acq[0], strict=True)]
    return Res(num=clv[0], den=acq[0], value=value, notes=notes)
