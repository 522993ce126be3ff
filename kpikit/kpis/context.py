"""What a KPI function is given: the parts of one computation, each for one job, and how a result is finished.

``Context.cells`` is the period × segment grid, ``tables`` the company's tables and their date coverage,
``customers`` who the customers are and when they first bought, ``spend`` what was spent. ``finish``
turns a function's ``Res`` into a value and a note per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar

import numpy as np
import pandas as pd

from kpikit.core.i18n import t
from kpikit.kpis.grid import Cells, Grid, Segments
from kpikit.kpis.identity import Customers
from kpikit.kpis.results import Res
from kpikit.kpis.spend import Spend
from kpikit.kpis.tables import Tables

T = TypeVar("T")


class CompanyLike(Protocol):
    """What the KPI code reads of a company (``kpikit.Company``): its canonical tables and its period.

    ``language``, ``goals`` and ``undated`` (the names of the tables exported without dates) are read
    where present.
    """

    tables: Mapping[str, pd.DataFrame]
    period: tuple[pd.Timestamp | None, pd.Timestamp | None]


class Context:
    """Shared state of one computation: the cell grid, the tables, the customers, the spend, and a memo."""

    def __init__(self, company: CompanyLike, grid: Grid, seg: Segments, lang: str) -> None:
        self.lang = lang
        self.sources = tuple(getattr(company, "sources", ()) or ())  # what each file's columns were read as
        self.cells = Cells(grid, seg)
        self.tables = Tables(company.tables, self.cells, lang, tuple(getattr(company, "undated", ()) or ()))
        self.customers = Customers(self.tables, self.cells)
        self.spend = Spend(self.tables, self.cells, lang)
        self._memo: dict = {}

    def memo(self, key: str, fn: Callable[[], T]) -> T:
        """``fn()`` computed once per computation under ``key`` (for parts that two KPIs share)."""
        if key not in self._memo:
            self._memo[key] = fn()
        return self._memo[key]

    def finish(self, res: Res) -> tuple[np.ndarray, list[str | None]]:
        """Value per cell and its note (None where defined without remark)."""
        notes: list[str | None] = [None] * self.cells.n
        if res.value is not None:
            value = res.value
            if res.notes is not None:
                notes = list(res.notes)
        elif res.den is None:
            value = res.num.astype(float)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.where(res.den > 0, res.num / np.where(res.den > 0, res.den, 1.0), np.nan)
            for i in np.flatnonzero(~(res.den > 0)):
                notes[i] = t(res.zero_reason or "U_ZERO_DENOMINATOR", self.lang, period=self.cells.human(i, self.lang))
        if res.note_all:
            text = t(res.note_all, self.lang, **(res.note_params or {}))
            notes = [f"{n}; {text}" if n else text for n in notes]
        return value, notes

    def covered(self, res: Res, names: tuple[str, ...]) -> Res:
        """``res`` made undefined in the periods the tables ``names`` have no dates for (unknown, not 0).

        For sums without a denominator: a count of 0 where there are no data would read as "none".
        """
        gaps = np.zeros(self.cells.n, dtype=bool)
        for name in names:
            gaps |= self.tables.uncovered(name)
        if gaps.any():
            value, notes = self.finish(res)
            res.value = np.where(gaps, np.nan, value)
            res.notes = [g or n for g, n in zip(self.tables.coverage_notes(names, gaps), notes, strict=True)]
            if res.note_all:
                text = t(res.note_all, self.lang, **(res.note_params or {}))
                res.notes = [n if g else (f"{n}; {text}" if n and text not in n else n or text)
                             for g, n in zip(gaps, res.notes, strict=True)]
            res.note_all = None  # in the notes now
        return res
