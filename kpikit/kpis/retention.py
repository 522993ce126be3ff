"""Customers kept and lost: active customers, retention, churn and the months a new customer takes to pay back CAC.

Each KPI is one block: its definition in the ``RETENTION.kpi`` decorator and the function that computes
it per cell (period × segment) from the ``Context``. Retention and churn from ``orders`` compare a period
with the one before it; a customer belongs to the segment of their orders in the previous period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.core.i18n import t
from kpikit.kpis.context import Context
from kpikit.kpis.definition import COUNT, HIGHER, LOWER, MONTHS, RATIO, Family
from kpikit.kpis.grid import _raw_index
from kpikit.kpis.identity import customer_key
from kpikit.kpis.marketing import cac
from kpikit.kpis.results import NotComputable, Res
from kpikit.kpis.tables import index_of

RETENTION = Family("retention")
MONTHS_OF = {"month": 1.0, "quarter": 3.0, "year": 12.0}
DAYS_PER_MONTH = 365.25 / 12


def _kept(c: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: customers active in the previous period (in its segment), those of them active again, and more.

    The third array says whether the previous period lies in the orders' dates (False for the first period).
    """
    orders = c.tables.table("orders")
    grid, nseg = c.cells.grid, c.cells.seg.n
    n = grid.n
    codes = _order_codes(c, orders)
    if grid.grain == "all":  # no previous period: nothing kept, nothing seen
        zero = np.zeros(c.cells.n)
        return zero, zero, zero.astype(bool)
    day = orders["ordered_at"].to_numpy(dtype="datetime64[us]")
    # the calendar period of each order, also for orders before a range that starts mid-period
    pos = np.where(np.isnat(day), n + 1, _raw_index(day, grid.grain) - grid.i0)
    pos = np.where(day >= grid.ends[-1] + np.timedelta64(1, "D"), np.maximum(pos, n), pos)
    segc = c.cells.seg.codes(c.cells.seg.column(orders))
    segc = segc if segc is not None else np.zeros(len(orders), dtype=np.int64)
    width = np.int64(c.customers.codes().n + 1)
    ok = codes >= 0
    now = ok & (pos >= 0) & (pos < n)
    active = np.unique(pos[now] * width + codes[now])  # (period, customer) with an order in the period
    before = ok & (pos >= -1) & (pos < n - 1)  # an order in the previous period of periods 0 .. n-1
    target = pos[before] + 1
    trio = np.unique((target * nseg + segc[before]) * width + codes[before])
    cell, code = trio // width, trio % width
    again = np.isin((cell // nseg) * width + code, active)
    den = np.bincount(cell, minlength=n * nseg).astype(float)
    num = np.bincount(cell[again], minlength=n * nseg).astype(float)
    first = orders["ordered_at"].min()
    seen = np.repeat(grid.starts > np.datetime64(first, "us"), nseg) if pd.notna(first) else np.zeros(n * nseg, bool)
    return num, den, seen


def _order_codes(c: Context, orders: pd.DataFrame) -> np.ndarray:
    """The customer code of each order (an empty array for an orders table without rows)."""
    codes = c.customers.codes().orders
    return codes if codes is not None else np.zeros(len(orders), dtype=np.int64)


def _period_notes(c: Context, res: Res, seen: np.ndarray, method: str) -> Res:
    """``res`` undefined in the first period of the data (no previous period), with the method in every note."""
    if c.cells.grid.grain == "all":
        res.value = np.full(c.cells.n, np.nan)
        res.notes = [t("U_RET_NEEDS_GRAIN", c.lang)] * c.cells.n
        return res
    value, notes = c.finish(Res(num=res.num, den=res.den, zero_reason=res.zero_reason))
    day = c.tables.table("orders")["ordered_at"].min()
    if pd.isna(day):  # no orders at all: nothing to compare
        raise NotComputable("U_NO_ORDERS", period="")
    first = f"{pd.Timestamp(day):%d.%m.%Y}"
    res.value = np.where(seen, value, np.nan)
    res.notes = [n if s else t("U_RET_NO_PREVIOUS", c.lang, period=c.cells.human(i, c.lang), first=first)
                 for i, (n, s) in enumerate(zip(notes, seen, strict=True))]
    res.note_all = method
    return c.covered(res, ("orders",))


@RETENTION.kpi(
    "active_customers", unit=COUNT, direction=HIGHER, tables=("orders|customers",),
    name_de="Aktive Kunden", name_en="Active customers",
    explain_de="Kunden mit mindestens einer Bestellung im Zeitraum; ohne Bestellungen aus der Kundenliste: bis "
               "Periodenende erfasst und nicht vor Periodenbeginn gekündigt.",
    explain_en="Customers with at least one order in the period; without orders, from the customer list: created "
               "by the period end and not churned before its start.",
    numerator_de="Kunden mit Bestellung im Zeitraum (sonst aktive Kunden der Liste)",
    numerator="customers with an order in the period (or active customers of the list)",
)
def active_customers(c: Context) -> Res:
    """Active customers: distinct ``customer_id`` with an order in the period.

    Split by a segment, a customer counts in every segment they ordered in. Without an orders table,
    from ``customers``: created by the period end (or without ``created_at``) and not churned before its
    start (``churned_at``); customers flagged ``churned`` without a date are left out (they have left).

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
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "a"],
    ...                        "ordered_at": ["2025-01-05", "2025-01-20", "2025-01-09", "2025-02-03"],
    ...                        "revenue": [100.0, 50.0, 30.0, 20.0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(orders=orders), "active_customers")["value"].tolist()
    [2.0, 1.0]
    """
    orders = c.tables.get("orders")
    if orders is None and c.tables.get("customers") is not None:
        cnt = _alive(c, c.tables.table("customers"))  # a list states who is a customer: no dates, no change
        return Res(num=cnt, n=cnt, note_all="U_ACTIVE_LIST")
    orders = c.tables.table("orders")
    cnt = c.cells.nunique(c.cells.rows(orders, "ordered_at"), _order_codes(c, orders))
    return c.covered(Res(num=cnt, n=cnt), ("orders",))


def _alive(c: Context, rows: pd.DataFrame) -> np.ndarray:
    """Customers of the list active in each cell: created by the period end, not churned before its start."""
    nat = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[us]")
    created = rows["created_at"].to_numpy(dtype="datetime64[us]") if "created_at" in rows else nat
    gone_at = rows["churned_at"].to_numpy(dtype="datetime64[us]") if "churned_at" in rows else nat
    flag = rows["churned"].fillna(False).to_numpy(dtype=bool) if "churned" in rows else np.zeros(len(rows), bool)
    seg = c.cells.seg
    codes = seg.codes(seg.column(rows))
    codes = codes if codes is not None else np.zeros(len(rows), dtype=np.int64)
    grid, nseg = c.cells.grid, seg.n
    n = grid.n
    first = np.where(np.isnat(created), 0, np.searchsorted(grid.ends + np.timedelta64(1, "D"), created, side="right"))
    dated = ~np.isnat(gone_at)
    last = np.where(dated, np.searchsorted(grid.starts, gone_at, side="right") - 1, n - 1)  # active at its start
    keep = ~(flag & ~dated) & (first <= last) & (first < n) & (last >= 0)
    lo, hi = np.maximum(first, 0), np.minimum(last, n - 1) + 1
    size = (n + 1) * nseg
    diff = (np.bincount(lo[keep] * nseg + codes[keep], minlength=size)
            - np.bincount(hi[keep] * nseg + codes[keep], minlength=size)).astype(float)
    return np.cumsum(diff.reshape(n + 1, nseg), axis=0)[:n].ravel()


@RETENTION.kpi(
    "customer_retention_rate", unit=RATIO, direction=HIGHER, tables=("orders",), bounded=True,
    name_de="Kundenbindungsrate (Retention)", name_en="Customer retention rate",
    explain_de="Anteil der in der Vorperiode aktiven Kunden (mit Bestellung), die in dieser Periode wieder "
               "bestellt haben; nach Segment zählt das Segment ihrer Bestellungen in der Vorperiode.",
    explain_en="Share of the customers active (ordering) in the previous period who ordered again in this one; "
               "by segment, the segment of their orders in the previous period counts.",
    numerator_de="Kunden aktiv in Vorperiode und Periode", numerator="customers active in previous and this period",
    denominator_de="in der Vorperiode aktive Kunden", denominator="customers active in the previous period",
)
def customer_retention_rate(c: Context) -> Res:
    """Customer retention rate: customers active in the previous period and again in this one / active before.

    Active means an order in the period. Split by a segment, a customer belongs to the segment(s) of their
    orders in the previous period; an order in this period in any segment keeps them. The first period
    of the data (no orders before it) and the whole period (grain ``all``, no previous period) are
    undefined with the reason, never 0.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Kept customers (numerator) and previous-period actives (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c", "a", "c"],
    ...                        "ordered_at": ["2025-01-05", "2025-01-09", "2025-01-20", "2025-02-03", "2025-02-10"],
    ...                        "revenue": [100.0, 50.0, 30.0, 20.0, 10.0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(orders=orders), "customer_retention_rate")["value"].tolist()
    [nan, 0.6666666666666666]
    """
    num, den, seen = c.memo("retention", lambda: _kept(c))
    res = Res(num=num, den=den, n=den, zero_reason="U_NO_PREVIOUS_ACTIVE")
    return _period_notes(c, res, seen, "U_RET_METHOD")


@RETENTION.kpi(
    "churn_rate", unit=RATIO, direction=LOWER, tables=("customers|orders",), bounded=True,
    name_de="Abwanderungsrate (Churn)", name_en="Churn rate",
    explain_de="Anteil der Kunden, die gekündigt haben: pro Periode die in der Periode gekündigten unter den zu "
               "Periodenbeginn aktiven Kunden (mit Kündigungsdatum), über den ganzen Zeitraum gekündigte / alle "
               "Kunden der Liste; ohne Kündigungsangaben aus den Bestellungen: 1 − Kundenbindungsrate.",
    explain_en="Share of customers who left: per period, those who churned in it among the customers active at "
               "its start (with a churn date); over the whole period, churned / all customers of the list; "
               "without churn data, from the orders: 1 − customer retention rate.",
    numerator_de="gekündigte (sonst nicht mehr bestellende) Kunden",
    numerator="churned (or no longer ordering) customers",
    denominator_de="Kunden (zu Periodenbeginn bzw. in der Vorperiode aktiv)",
    denominator="customers (active at period start or in the previous period)",
)
def churn_rate(c: Context) -> Res:
    """Churn rate from the ``customers`` table where it says who left, else from the orders; the note names the method.

    From ``customers``: a customer churned when ``churned`` is True or ``churned_at`` is set (and not after
    the period end). Over the whole period (grain ``all``): churned / all customers created by its end (a
    list). Per period: customers with ``churned_at`` in the period / customers active at its start
    (created before it, not churned before it); customers flagged churned without a date are left out.
    From ``orders`` (no churn column, or a list without dates per period): customers active in the previous
    period without an order in this one / customers active in the previous period (1 − retention), in the
    segment of their previous-period orders; the first period of the data is undefined.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Churned customers (numerator) and customers (denominator and ``n``) per cell.

    Examples
    --------
    >>> import types
    >>> import kpikit
    >>> customers = pd.DataFrame({"customer_id": ["a", "b", "c", "d"],
    ...                           "churned": pd.array([True, False, True, False], dtype="boolean")})
    >>> company = types.SimpleNamespace(tables={"customers": customers}, period=(None, None),
    ...                                 undated=("customers",))
    >>> kpikit.compute_kpis(company, "churn_rate", period="all")[["value", "n"]].values.tolist()
    [[0.5, 4.0]]
    """
    rows = c.tables.get("customers")
    has_orders = c.tables.get("orders") is not None
    if rows is not None:
        has_flag = "churned" in rows and bool(rows["churned"].notna().any())
        has_date = "churned_at" in rows and bool(rows["churned_at"].notna().any())
        if has_date or (has_flag and (c.cells.grid.grain == "all" or not has_orders)):
            return _churn_listed(c, rows, has_flag, has_date)
        if not has_orders:
            raise NotComputable("N_NO_COLUMN", table="customers", column="churned")
    if not has_orders:
        raise NotComputable("N_NO_TABLE", table="customers")
    kept, den, seen = c.memo("retention", lambda: _kept(c))
    res = Res(num=den - kept, den=den, n=den, zero_reason="U_NO_PREVIOUS_ACTIVE")
    return _period_notes(c, res, seen, "U_CHURN_ORDERS")


def _churn_listed(c: Context, rows: pd.DataFrame, has_flag: bool, has_date: bool) -> Res:
    """Churn from the ``customers`` table: a list (grain ``all``) or churned in the period / active at its start."""
    nat = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[us]")
    churned_at = rows["churned_at"].to_numpy(dtype="datetime64[us]") if "churned_at" in rows else nat
    created = rows["created_at"].to_numpy(dtype="datetime64[us]") if "created_at" in rows else nat
    flag = rows["churned"].fillna(False).to_numpy(dtype=bool) if has_flag else np.zeros(len(rows), dtype=bool)
    seg = c.cells.seg
    codes = seg.codes(seg.column(rows))
    codes = codes if codes is not None else np.zeros(len(rows), dtype=np.int64)
    grid, nseg = c.cells.grid, seg.n
    if grid.grain == "all":
        end = grid.ends[0] + np.timedelta64(1, "D")
        alive = np.isnat(created) | (created < end)
        gone = flag | (~np.isnat(churned_at) & (churned_at < end))
        cell = np.where(alive, codes, -1)
        den = c.cells.bincount(cell)
        return Res(num=c.cells.bincount(np.where(gone, cell, -1)), den=den, n=den,
                   zero_reason="U_NO_CUSTOMERS", note_all="U_CHURN_LIST")
    if not has_date:
        raise NotComputable("N_CHURN_NO_DATES", table="customers", column="churned_at")
    n = grid.n
    first = np.where(np.isnat(created), 0, np.searchsorted(grid.starts, created, side="left"))
    dated = ~np.isnat(churned_at)
    last = np.where(dated, grid.position(churned_at), n)  # the period it churned in (active at its start)
    keep = ~(flag & ~dated) & (first <= np.minimum(last, n - 1)) & (last >= 0) & (first < n)
    stop = np.minimum(last + 1, n)
    size = (n + 1) * nseg
    diff = (np.bincount(first[keep] * nseg + codes[keep], minlength=size)
            - np.bincount(stop[keep] * nseg + codes[keep], minlength=size)).astype(float)
    den = np.cumsum(diff.reshape(n + 1, nseg), axis=0)[:n].ravel()
    out = keep & dated & (last < n)
    num = np.bincount(last[out] * nseg + codes[out], minlength=n * nseg).astype(float)
    return Res(num=num, den=den, n=den, zero_reason="U_NO_ACTIVE_CUSTOMERS", note_all="U_CHURN_DATED")


@RETENTION.kpi(
    "cac_payback_months", unit=MONTHS, direction=LOWER, tables=("orders|deals", "campaigns|costs"),
    name_de="CAC-Amortisationsdauer (Monate)", name_en="CAC payback (months)",
    explain_de="Monate, bis der Umsatz eines Neukunden seine Akquisitionskosten deckt: CAC geteilt durch den "
               "monatlichen Umsatz pro Neukunde (Umsatz der Neukunden im Zeitraum / Neukunden / Monate des "
               "Zeitraums; mit customers.mrr: mittlerer MRR der Neukunden; Umsatz, nicht Marge).",
    explain_en="Months until a new customer's revenue covers their acquisition cost: CAC divided by the monthly "
               "revenue per new customer (revenue of the period's new customers in it / new customers / months "
               "of the period; with customers.mrr: the new customers' mean MRR; revenue, not margin).",
    numerator_de="CAC", numerator="cac",
    denominator_de="Monatsumsatz pro Neukunde", denominator="monthly revenue per new customer",
)
def cac_payback_months(c: Context) -> Res:
    """CAC payback in months: CAC / monthly gross revenue per new customer.

    Method: the revenue in the period of the customers whose first purchase falls in it (in the segment
    of that purchase), divided by those new customers and by the months of the period (1, 3, 12; a week
    or the whole range by its days / 30.44). Revenue is gross (the kit knows no margin). Undefined with
    the reason where CAC or that revenue is undefined or 0. Where the ``customers`` table has ``mrr``,
    the monthly revenue per new customer is instead the mean ``mrr`` of the period's new customers listed
    with one (the note names which method was used).

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        CAC (numerator), monthly revenue per new customer (denominator) and the months per cell; ``n``
        is the number of new customers.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05"], "channel": ["A"], "spend": [300.0]})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a"], "ordered_at": ["2025-01-05", "2025-01-09", "2025-01-20"],
    ...                        "revenue": [50.0, 30.0, 20.0]})
    >>> company = kpikit.Company.from_frames(campaigns=ads, orders=orders)
    >>> kpikit.compute_kpis(company, "cac_payback_months", period="month")["value"].tolist()
    [3.0]
    """
    acq, acq_notes = c.finish(cac(c))
    firsts = c.customers.firsts()
    cells = c.cells
    new = cells.bincount(cells.of_codes(firsts.first_at, firsts.seg))
    listed = c.tables.get("customers")
    if listed is not None and "mrr" in listed and listed["mrr"].notna().any():
        monthly, method = _mean_mrr(c, listed, firsts), "U_PAYBACK_MRR"
    else:
        monthly, method = _new_revenue(c, firsts, new), "U_PAYBACK_METHOD"
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(np.isnan(acq) | (acq <= 0) | ~(monthly > 0), np.nan, acq / monthly)
    notes = []
    for i in range(cells.n):
        period = cells.human(i, c.lang)
        if np.isnan(acq[i]) or acq[i] <= 0:
            notes.append(acq_notes[i] if np.isnan(acq[i]) and acq_notes[i] else t("U_PAYBACK_NO_CAC", c.lang,
                                                                                period=period))
        elif not monthly[i] > 0:
            notes.append(t("U_PAYBACK_NO_REVENUE", c.lang, period=period))
        else:
            notes.append(None)
    method = t(method, c.lang)
    notes = [f"{n}; {method}" if n else method for n in notes]
    return Res(num=acq, den=monthly, value=value, n=new, notes=notes)


def _new_revenue(c: Context, firsts, new: np.ndarray) -> np.ndarray:
    """Revenue of each cell's new customers in its period (segment of their first purchase) / them / months."""
    rev = c.tables.revenue()
    cells = c.cells
    if rev.table == "orders":
        code = _order_codes(c, rev.rows)
    else:
        code = c.customers.code_of(customer_key(rev.rows, "deal_id"))
    dates = rev.rows[rev.date].to_numpy(dtype="datetime64[us]")
    known = code >= 0
    first_at = np.where(known, firsts.first_at[np.maximum(code, 0)], np.datetime64("NaT"))
    same = known & (cells.grid.position(dates) == cells.grid.position(first_at))
    seg = np.where(known, firsts.seg[np.maximum(code, 0)], cells.seg.n - 1)
    revenue = cells.bincount(np.where(same, cells.of_codes(dates, seg), -1), rev.rows[rev.amount])
    grid = cells.grid
    months = MONTHS_OF.get(grid.grain)
    if months is None:  # a week, or the whole range: its days in average months
        per = np.repeat(((grid.ends - grid.starts) / np.timedelta64(1, "D") + 1) / DAYS_PER_MONTH, cells.seg.n)
    else:
        per = np.full(cells.n, months)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(new > 0, revenue / np.where(new > 0, new, 1.0) / per, np.nan)


def _mean_mrr(c: Context, listed: pd.DataFrame, firsts) -> np.ndarray:
    """Mean ``customers.mrr`` of each cell's new customers that the list gives an ``mrr`` for."""
    keys = pd.Series(c.customers.codes().uniques, dtype="str")
    at = index_of(keys, listed["customer_id"].astype("str"))
    mrr = np.where(at >= 0, listed["mrr"].to_numpy(dtype=float, na_value=np.nan)[np.maximum(at, 0)], np.nan)
    cell = np.where(np.isnan(mrr), -1, c.cells.of_codes(firsts.first_at, firsts.seg))
    count = c.cells.bincount(cell)
    total = c.cells.bincount(cell, np.nan_to_num(mrr))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(count > 0, total / np.where(count > 0, count, 1.0), np.nan)
