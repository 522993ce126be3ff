"""Who the customers are: one integer code per customer, and each customer's first purchase.

A customer is the ``customer_id`` of a won deal (the deal itself when it names none), of an order, or of a
converted lead (``leads.converted`` True or a ``leads.converted_at``): such a lead's key is its
``customer_id``, else the customer of its won deal (``deals.lead_id``), else the lead itself (only in a
company without won deals and orders: a lead linked to no customer might be one of theirs, counted twice).
The first-customer rule, used by every KPI that needs it: a customer's first purchase is the earliest of
their won deals (by close date) and converted leads (by ``converted_at``, else ``created_at``), or failing
both their first order (counted with them when earlier than a converted lead and no deal is won).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpikit.kpis.grid import Cells
from kpikit.kpis.results import NotComputable
from kpikit.kpis.tables import Tables, is_in


@dataclass(frozen=True)
class CustomerCodes:
    """One factorisation of the customer keys of the won deals and the orders.

    ``deals`` and ``orders`` hold the code of each row of ``won`` and of the orders table (None without rows),
    ``leads`` the code of each row of ``converted`` (the converted leads); ``uniques`` the key of each code.
    """

    n: int
    uniques: pd.Index | list
    won: pd.DataFrame | None
    deals: np.ndarray | None
    orders: np.ndarray | None
    converted: pd.DataFrame | None = None
    leads: np.ndarray | None = None


@dataclass(frozen=True)
class Firsts:
    """Per customer code: the date of the first purchase (datetime64[us]) and its segment code."""

    first_at: np.ndarray
    seg: np.ndarray


def customer_key(frame: pd.DataFrame, fallback: str) -> pd.Series:
    """Who a row belongs to: ``customer_id``, else the ``fallback`` column as text.

    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "customer_id": ["c1", None, "c1"]})
    >>> customer_key(deals, "deal_id").tolist()
    ['c1', 'd2', 'c1']
    """
    if "customer_id" in frame and frame["customer_id"].notna().any():
        return frame["customer_id"].fillna(frame[fallback].astype("str") if fallback in frame else "?")
    return frame[fallback]


def order_codes(orders: pd.DataFrame) -> np.ndarray:
    """One integer per order row, equal for the lines of one order: its ``order_id``, else customer and day.

    A shop export repeats the order id on each line item; rows without an order id count one order per
    customer and day (split rows of one order are no second order).

    >>> orders = pd.DataFrame({"order_id": ["#1", "#1", "#2", None, None],
    ...                        "customer_id": ["a", "a", "b", "c", "c"],
    ...                        "ordered_at": pd.to_datetime(["2025-01-05 10:00", "2025-01-05 10:00",
    ...                                                      "2025-01-06 08:00", "2025-01-07 09:00",
    ...                                                      "2025-01-07 17:00"])})
    >>> order_codes(orders).tolist()
    [0, 0, 1, 2, 2]
    """
    ids = orders["order_id"] if "order_id" in orders else None
    if ids is not None and ids.notna().all():
        return pd.factorize(ids)[0].astype(np.int64)
    codes = (pd.factorize(ids, use_na_sentinel=True)[0].astype(np.int64) if ids is not None
             else np.full(len(orders), -1, dtype=np.int64))
    none = codes < 0
    by_day = pd.DataFrame({"c": orders["customer_id"].to_numpy()[none],
                           "d": orders["ordered_at"].dt.normalize().to_numpy()[none]})
    days = by_day.groupby(["c", "d"], sort=False, dropna=False).ngroup().to_numpy().astype(np.int64)
    codes[none] = codes.max(initial=-1) + 1 + days
    return codes


def converted_leads(leads: pd.DataFrame) -> np.ndarray | None:
    """Which leads became customers: ``converted`` True or a ``converted_at``; None when neither column says.

    >>> leads = pd.DataFrame({"lead_id": ["l1", "l2", "l3"], "converted": pd.array([True, False, None], "boolean"),
    ...                       "converted_at": pd.to_datetime([None, None, "2025-01-03"])})
    >>> converted_leads(leads).tolist()
    [True, False, True]
    """
    flag = "converted" in leads and bool(leads["converted"].notna().any())
    dated = "converted_at" in leads and bool(leads["converted_at"].notna().any())
    if not flag and not dated:
        return None
    out = np.zeros(len(leads), dtype=bool)
    if flag:
        out |= leads["converted"].fillna(False).to_numpy(dtype=bool)
    if dated:
        out |= leads["converted_at"].notna().to_numpy()
    return out


def lead_customer_key(converted: pd.DataFrame, won: pd.DataFrame | None) -> tuple[pd.Series, np.ndarray]:
    """The customer key of converted leads: ``customer_id``, else the customer of their won deal, else the lead.

    The second value says which leads are linked to a customer (the first two cases).

    >>> leads = pd.DataFrame({"lead_id": ["l1", "l2", "l3"], "customer_id": ["c1", None, None]})
    >>> won = pd.DataFrame({"deal_id": ["d1"], "lead_id": ["l2"], "customer_id": ["c9"]})
    >>> key, linked = lead_customer_key(leads, won)
    >>> key.tolist(), linked.tolist()
    (['c1', 'c9', 'l3'], [True, True, False])
    """
    key = converted["customer_id"] if "customer_id" in converted else pd.Series(None, index=converted.index,
                                                                                 dtype="str")
    if won is not None and len(won) and "lead_id" in won and key.isna().any():
        linked = won[won["lead_id"].notna()]
        by_lead = pd.Series(customer_key(linked, "deal_id").to_numpy(), index=linked["lead_id"].to_numpy())
        by_lead = by_lead[~by_lead.index.duplicated(keep="first")]
        hit = by_lead.index.get_indexer(converted["lead_id"])
        via = pd.Series(by_lead.array.take(hit, allow_fill=True), index=converted.index)
        key = key.where(key.notna(), via)
    found = key.notna().to_numpy()
    if found.all():
        return key, found
    return key.where(key.notna(), converted["lead_id"].astype("str")), found


class Customers:
    """The customers of one computation: their codes and first purchases, computed once."""

    def __init__(self, tables: Tables, cells: Cells) -> None:
        self.tables = tables
        self.cells = cells
        self._codes: CustomerCodes | None = None
        self._firsts: Firsts | None = None
        self._orders: np.ndarray | None = None

    def codes(self) -> CustomerCodes:
        """The customer code of every won deal (with a close date), every order and every converted lead."""
        if self._codes is None:
            parts = []
            won = converted = None
            deals = self.tables.get("deals")
            if deals is not None and len(deals):
                won = deals[deals["status"].eq("won") & deals["closed_at"].notna()]
                parts.append(customer_key(won, "deal_id"))
            orders = self.tables.get("orders")
            if orders is not None and len(orders):
                parts.append(orders["customer_id"])
            leads = self.tables.get("leads")
            mask = converted_leads(leads) if leads is not None and len(leads) else None
            if mask is not None:
                converted = leads[mask]
                key, linked = lead_customer_key(converted, won)
                if parts and not linked.all():  # an unlinked lead may be one of their customers: not counted then
                    converted, key = converted[linked], key[linked]
                parts.append(key)
            codes, uniques = pd.factorize(pd.concat(parts, ignore_index=True)) if parts else (np.array([], int), [])
            n_won = len(won) if won is not None else 0
            n_orders = len(orders) if orders is not None and len(orders) else 0
            self._codes = CustomerCodes(
                n=len(uniques), uniques=uniques, won=won,
                deals=codes[:n_won] if won is not None else None,
                orders=codes[n_won:n_won + n_orders] if n_orders else None,
                converted=converted, leads=codes[n_won + n_orders:] if converted is not None else None)
        return self._codes

    def orders(self) -> np.ndarray:
        """The order code of every row of the orders table (``order_codes``: lines of one order share it)."""
        if self._orders is None:
            self._orders = order_codes(self.tables.table("orders"))
        return self._orders

    def code_of(self, keys: pd.Series) -> np.ndarray:
        """The customer code of each key; -1 for keys that are no customer."""
        return pd.Index(self.codes().uniques).get_indexer(keys)

    def known(self, keys: pd.Series) -> np.ndarray:
        """Whether each key is a customer: one with a first purchase under the rule of ``firsts``.

        Raises ``NotComputable`` where ``firsts`` does (no deals nor orders; a split they cannot follow).
        """
        self.firsts()
        return is_in(keys, pd.Index(self.codes().uniques))

    def firsts(self) -> Firsts:
        """Each customer's first purchase (the first-customer rule above) and the segment it falls in.

        The orders of a customer with a won deal do not count; of two purchases on the first date, the
        earlier row does.
        """
        if self._firsts is None:
            self._firsts = self._first_purchases()
        return self._firsts

    def _first_purchases(self) -> Firsts:
        cc = self.codes()
        seg = self.cells.seg
        by = seg.by
        codes, dates, segs = [], [], []
        has_deal = np.zeros(cc.n, dtype=bool)
        if cc.deals is not None:
            won = cc.won
            has_deal[cc.deals] = True
            codes.append(cc.deals)
            dates.append(won["closed_at"].to_numpy(dtype="datetime64[us]"))
            if by:
                segs.append(seg.codes(seg.column(won)) if by in won else np.full(len(won), seg.n - 1))
        orders = self.tables.get("orders")
        if cc.orders is not None:
            keep = ~has_deal[cc.orders]
            codes.append(cc.orders[keep])
            dates.append(orders["ordered_at"].to_numpy(dtype="datetime64[us]")[keep])
            if by:
                order_seg = seg.codes(seg.column(orders)) if by in orders else np.full(len(orders), seg.n - 1)
                segs.append(order_seg[keep])
        conv = cc.converted
        if cc.leads is not None:  # a converted lead: from its conversion date, else from its creation
            when = conv["created_at"].to_numpy(dtype="datetime64[us]")
            if "converted_at" in conv:
                at = conv["converted_at"].to_numpy(dtype="datetime64[us]")
                when = np.where(np.isnat(at), when, at)
            codes.append(cc.leads)
            dates.append(when)
            if by:
                segs.append(seg.codes(seg.column(conv)) if by in conv else np.full(len(conv), seg.n - 1))
        if not codes:
            raise NotComputable("N_NO_CUSTOMERS")
        if by and not any(by in f for f in (cc.won, orders, conv) if f is not None):
            raise NotComputable("N_NO_DIMENSION", dim=by)
        codes, dates = np.concatenate(codes), np.concatenate(dates)
        order = np.lexsort((dates, codes))  # stable: by customer, then date, then row order
        sc = codes[order]
        first = order[np.r_[True, sc[1:] != sc[:-1]]] if len(sc) else order
        first_at = np.full(cc.n, np.datetime64("NaT"), dtype="datetime64[us]")
        first_at[codes[first]] = dates[first]
        first_seg = np.full(cc.n, seg.n - 1, dtype=np.int64)
        if by:
            first_seg[codes[first]] = np.concatenate(segs)[first]
        return Firsts(first_at, first_seg)
