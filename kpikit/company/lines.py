"""Orders as shops export them: one row per line item, the order id repeated on each line.

Shopify and WooCommerce write one row per product of an order. In ``orders`` a repeated ``order_id`` is
therefore no duplicate but another line of the same order: every line loads, the order's revenue is the
sum of its lines, and the KPIs count orders by distinct id (``kpikit.kpis.identity.order_codes``).

``fit_order_lines`` runs before the row rules (``kpikit.company.rules.apply_rules``), vectorised:

- a line that leaves ``customer_id`` or ``ordered_at`` blank takes its order's (Shopify writes some
  order fields on the first line only);
- a line whose ``customer_id`` or day of ``ordered_at`` (the time of day may differ) contradicts its
  order's first line is set aside as ``ORDER_LINES_DISAGREE``, naming the first line;
- ``revenue`` blank on a line whose order has a revenue on another line reads 0 (a total written once);
- with ``order_total`` mapped (the order's total, on the first line only or repeated on every line, as
  WooCommerce's "Order Total" is), the total counts once per order: on the first line that carries it,
  the other lines 0; a line with another total is set aside. ``revenue`` then takes the total, unless it
  is mapped to a line amount of its own.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd

from kpikit.company.collect import Collector, show
from kpikit.sources.raw import Raw
from kpikit.sources.schema import Table

LINE_TABLE = "orders"
LINES_DISAGREE = "ORDER_LINES_DISAGREE"  # the reason code (``kpikit.company.rules.Reason``)


class Source(Protocol):
    """What the order lines need of a source (``kpikit.company.rules.Source``)."""

    table: Table
    raw: Raw
    canon: pd.DataFrame
    constants: dict
    collected: Collector
    id_codes: np.ndarray | None
    generated_ids: bool


ORDER_FIELDS = ("customer_id", "ordered_at")  # what all lines of one order share


def order_groups(ids: pd.Series, codes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The order code of each row (-1 without an id) and, per row, the position of its order's first row.

    >>> codes, first = order_groups(pd.Series(["#1", "#2", "#1", None, "#1"]))
    >>> codes.tolist(), first.tolist()
    ([0, 1, 0, -1, 0], [0, 1, 0, 3, 0])
    """
    if codes is None:
        codes = pd.factorize(ids, use_na_sentinel=True)[0]
    n = len(codes)
    first = np.arange(n)
    if not n:
        return codes, first
    has = codes >= 0
    starts = np.full(int(codes.max()) + 1 if has.any() else 0, n, dtype=np.int64)
    np.minimum.at(starts, codes[has], np.flatnonzero(has))
    first[has] = starts[codes[has]]
    return codes, first


def carriers(present: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Per row: the position of the first row of its order where ``present`` (-1 where none, or without an order).

    >>> carriers(np.array([False, True, True, True]), np.array([0, 0, 1, 0])).tolist()
    [1, 1, 2, 1]
    """
    n = len(codes)
    out = np.full(n, -1, dtype=np.int64)
    lined = codes >= 0
    pos = np.flatnonzero(present & lined)
    if len(pos):
        starts = np.full(int(codes.max()) + 1, n, dtype=np.int64)
        np.minimum.at(starts, codes[pos], pos)
        out[lined] = np.where(starts[codes[lined]] < n, starts[codes[lined]], -1)
    return out


def _at(values: pd.Series, carrier: np.ndarray) -> pd.Series:
    """The value at each row's carrier (NA where the row has none)."""
    taken = values.iloc[np.maximum(carrier, 0)].reset_index(drop=True)
    return taken.where(pd.Series(carrier >= 0))


def _same(a: pd.Series, b: pd.Series, kind: str) -> np.ndarray:
    """Where ``a`` and ``b`` agree (dates: on the day; amounts: to the cent); blanks agree with anything."""
    if kind == "ordered_at":
        a, b = a.dt.normalize(), b.dt.normalize()
    if kind == "money":
        agree = np.abs(a.to_numpy(dtype=float, na_value=np.nan) - b.to_numpy(dtype=float, na_value=np.nan)) < 0.005
    else:
        agree = (a == b).fillna(False).to_numpy(dtype=bool)
    return agree | a.isna().to_numpy() | b.isna().to_numpy()


def _disagree(s: Source, name: str, codes: np.ndarray, kind: str) -> np.ndarray:
    """Set aside the lines whose ``name`` contradicts the first line of their order that has one.

    Returns each row's carrier (the position of that first line, -1 where the order has no value).
    """
    collected, values = s.collected, s.canon[name]
    usable = ~collected.unreadable(name) & ~collected.reject
    carrier = carriers(values.notna().to_numpy() & usable, codes)
    expected = _at(values, carrier)
    clash = (codes >= 0) & usable & ~_same(values, expected, kind)
    if clash.any():
        source = collected.source_name.get(name)  # the file's values, as the file writes them
        raw = s.raw.frame[source].reset_index(drop=True) if source in s.raw.frame else values
        shown = np.empty(len(values), dtype=object)  # the first line's value, for the set-aside lines only
        idx = np.flatnonzero(clash)
        shown[idx] = [show(v) for v in raw.iloc[carrier[idx]]]
        collected.collect_error(clash, LINES_DISAGREE, name, raw,
                                first_row=collected.rows[np.maximum(carrier, 0)], expected=shown,
                                order=s.canon["order_id"].to_numpy(dtype=object),
                                id_column=collected.source_name.get("order_id", "order_id"))
    return carrier


def _total_is_revenue(s: Source) -> bool:
    """Whether ``revenue`` is read from the ``order_total`` column (mapped to no line amount of its own)."""
    names = s.collected.source_name
    return "order_total" in s.canon and names.get("revenue") == names.get("order_total")


def fit_order_lines(s: Source) -> None:
    """Fill the blanks of an order's lines from the order, set aside lines that contradict it (see the module).

    Changes ``s.canon`` in place; failures go to ``s.collected`` as ``ORDER_LINES_DISAGREE``.

    >>> import kpikit
    >>> orders = pd.DataFrame({"order_id": ["#1", "#1", "#2", "#2"], "customer_id": ["a", None, "b", "c"],
    ...                        "ordered_at": ["2025-01-05 10:15", None, "2025-01-06", "2025-01-06"],
    ...                        "revenue": [80.0, None, 20.0, 5.0]})
    >>> company = kpikit.Company.from_frames(orders=orders)
    >>> company.orders[["order_id", "customer_id", "revenue"]].values.tolist()
    [['#1', 'a', 80.0], ['#1', 'a', 0.0], ['#2', 'b', 20.0]]
    >>> company.rejected["code"].tolist()
    ['ORDER_LINES_DISAGREE']
    """
    canon, collected = s.canon, s.collected
    if s.table.name != LINE_TABLE or s.generated_ids or "order_id" not in canon or not len(canon):
        return
    codes, first = order_groups(canon["order_id"], s.id_codes)
    if not (first != np.arange(len(codes)))[codes >= 0].any() and "order_total" not in canon:
        return  # one row per order: nothing to fit
    for name in ORDER_FIELDS:
        if name not in canon or name in s.constants:
            continue
        carrier = _disagree(s, name, codes, name)
        values = canon[name]
        blank = (carrier >= 0) & values.isna().to_numpy() & ~collected.unreadable(name)
        if blank.any():
            canon[name] = values.where(~pd.Series(blank, index=values.index), _at(values, carrier))
    _fit_revenue(s, codes)


def _fit_revenue(s: Source, codes: np.ndarray) -> None:
    """Revenue of the lines: an order total counted once per order; a blank beside an order's revenue reads 0."""
    canon, collected = s.canon, s.collected
    if "revenue" not in canon or "revenue" in s.constants:
        return
    n, lined = len(canon), codes >= 0
    if "order_total" in canon and "order_total" not in s.constants:
        carrier = _disagree(s, "order_total", codes, "money")
        if _total_is_revenue(s):
            revenue = canon["order_total"].to_numpy(dtype=float, na_value=np.nan).copy()
            revenue[lined & (carrier >= 0) & (np.arange(n) != carrier)] = 0.0
            canon["revenue"] = revenue
            return
    revenue = canon["revenue"]
    usable = ~collected.unreadable("revenue") & ~collected.reject
    carrier = carriers(revenue.notna().to_numpy() & usable, codes)
    fill = revenue.isna().to_numpy() & ~collected.unreadable("revenue") & (carrier >= 0)
    if fill.any():
        values = revenue.to_numpy(dtype=float, na_value=np.nan).copy()
        values[fill] = 0.0
        canon["revenue"] = values
