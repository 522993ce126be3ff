"""Who the customers are: one integer code per customer, and each customer's first purchase.

A customer is the ``customer_id`` of a won deal (the deal itself when it names none) or of an order.
The first-customer rule, used by every KPI that needs it: a customer's first purchase is their first
won deal (by close date), or failing any won deal their first order.
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

    ``deals`` and ``orders`` hold the code of each row of ``won`` and of the orders table (None without rows);
    ``uniques`` the key of each code.
    """

    n: int
    uniques: pd.Index | list
    won: pd.DataFrame | None
    deals: np.ndarray | None
    orders: np.ndarray | None


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


class Customers:
    """The customers of one computation: their codes and first purchases, computed once."""

    def __init__(self, tables: Tables, cells: Cells) -> None:
        self.tables = tables
        self.cells = cells
        self._codes: CustomerCodes | None = None
        self._firsts: Firsts | None = None

    def codes(self) -> CustomerCodes:
        """The customer code of every won deal (with a close date) and every order."""
        if self._codes is None:
            parts = []
            won = None
            deals = self.tables.get("deals")
            if deals is not None and len(deals):
                won = deals[deals["status"].eq("won") & deals["closed_at"].notna()]
                parts.append(customer_key(won, "deal_id"))
            orders = self.tables.get("orders")
            if orders is not None and len(orders):
                parts.append(orders["customer_id"])
            codes, uniques = pd.factorize(pd.concat(parts, ignore_index=True)) if parts else (np.array([], int), [])
            self._codes = CustomerCodes(
                n=len(uniques), uniques=uniques, won=won,
                deals=codes[: len(won)] if won is not None else None,
                orders=codes[len(codes) - len(orders):] if orders is not None and len(orders) else None)
        return self._codes

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
        if not codes:
            raise NotComputable("N_NO_CUSTOMERS")
        if by and not any(by in f for f in (cc.won, orders) if f is not None):
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
