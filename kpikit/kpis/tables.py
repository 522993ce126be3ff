"""The company's tables as a KPI sees them: present or not, their columns, and the periods their dates cover.

A period that a table's dates do not reach at all is unknown for the KPIs of that table, not 0: an ad
export of March says nothing about June.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kpikit.core.i18n import t
from kpikit.kpis.grid import Cells
from kpikit.kpis.results import NotComputable
from kpikit.sources.schema import DATE, TABLES


def is_in(values: pd.Series, pool: pd.Series | pd.Index) -> np.ndarray:
    """Whether each of ``values`` is one of ``pool``; a missing value never is.

    pandas' ``isin`` on two Arrow string columns takes a slow path (about 20 times Arrow's ``is_in``
    on 100 k rows); this takes Arrow's where both are Arrow arrays of one type.

    >>> is_in(pd.Series(["a", "b", None, "c"]), pd.Series(["c", "a", None]))
    array([ True, False, False,  True])
    """
    left = getattr(values.array, "_pa_array", None)
    right = getattr(pool.array, "_pa_array", None)
    if left is not None and right is not None and left.type == right.type:
        pool_set = pc.drop_null(right.combine_chunks() if hasattr(right, "combine_chunks") else right)
        return pc.fill_null(pc.is_in(left, value_set=pool_set), False).to_numpy(zero_copy_only=False)
    return values.isin(pool.dropna()).to_numpy() & values.notna().to_numpy()


class Revenue(NamedTuple):
    """The rows revenue is measured on: orders by order date, else won deals by close date."""

    table: str
    rows: pd.DataFrame
    date: str
    amount: str


class Tables:
    """Access to the canonical tables of one computation, with each table's date coverage."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], cells: Cells, lang: str) -> None:
        self._tables = tables
        self.cells = cells
        self.lang = lang
        self._memo: dict = {}

    def get(self, name: str) -> pd.DataFrame | None:
        """The canonical table ``name``, or None when the company has none."""
        return self._tables.get(name)

    def table(self, name: str) -> pd.DataFrame:
        """The canonical table ``name``; raise ``NotComputable`` when the company has none."""
        frame = self._tables.get(name)
        if frame is None:
            raise NotComputable("N_NO_TABLE", table=name)
        return frame

    def has(self, name: str, column: str | None = None) -> bool:
        """Whether table ``name`` exists (and holds any value in ``column``)."""
        frame = self._tables.get(name)
        if frame is None:
            return False
        return column is None or (column in frame and bool(frame[column].notna().any()))

    def need(self, name: str, column: str) -> pd.Series:
        """Column ``column`` of table ``name``; raise ``NotComputable`` when absent or empty."""
        frame = self.table(name)
        if column not in frame or not frame[column].notna().any():
            raise NotComputable("N_NO_COLUMN", table=name, column=column)
        return frame[column]

    def revenue(self) -> Revenue:
        """Where revenue is measured: the orders if there is an orders table, else the won deals."""
        orders = self._tables.get("orders")
        if orders is not None:
            return Revenue("orders", orders, "ordered_at", "revenue")
        deals = self.table("deals")
        if "amount" not in deals:
            raise NotComputable("N_NO_COLUMN", table="deals", column="amount")
        return Revenue("deals", deals[deals["status"].eq("won")], "closed_at", "amount")

    def span(self, name: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """Earliest and latest date of table ``name`` over its date columns, or None without dates."""
        if ("span", name) not in self._memo:
            frame = self._tables.get(name)
            span = None
            if frame is not None:
                cols = [c.name for c in TABLES[name].columns if c.kind == DATE and c.name in frame]
                lows = [frame[c].min() for c in cols if frame[c].notna().any()]
                highs = [frame[c].max() for c in cols if frame[c].notna().any()]
                span = (min(lows), max(highs)) if lows else None
            self._memo["span", name] = span
        return self._memo["span", name]

    def uncovered(self, name: str) -> np.ndarray:
        """Cells whose period lies wholly outside the dates of table ``name`` (no data there: unknown, not 0).

        A table's dates span from its earliest to its latest date in any date column; a period that
        overlaps that span at all counts as covered.
        """
        if ("uncovered", name) not in self._memo:
            span = self.span(name)
            if span is None:
                outside = np.ones(self.cells.n, dtype=bool)
            else:
                lo, hi = (np.datetime64(x, "us") for x in span)
                grid = self.cells.grid
                outside = np.repeat((grid.ends < lo) | (grid.starts > hi), self.cells.seg.n)
            self._memo["uncovered", name] = outside
        return self._memo["uncovered", name]

    def coverage_notes(self, names: tuple[str, ...], mask: np.ndarray) -> list[str | None]:
        """Per cell: why it is undefined when ``mask`` (outside the dates of one of ``names``), else None."""
        out: list[str | None] = [None] * self.cells.n
        for i in np.flatnonzero(mask):
            for name in names:
                if self._tables.get(name) is not None and self.uncovered(name)[i]:
                    span = self.span(name)
                    first, last = (f"{span[0]:%d.%m.%Y}", f"{span[1]:%d.%m.%Y}") if span else ("–", "–")
                    out[i] = t("U_NOT_COVERED", self.lang, table=name, first=first, last=last,
                               period=self.cells.human(i, self.lang))
                    break
        return out
