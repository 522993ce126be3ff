"""What was spent: campaign spend and marketing costs per cell, sales costs, and where spend is unknown.

Costs (the ``costs`` table) carry no segment: split by a segment, only campaign spend is attributable, and
a segment without campaign rows has unknown spend, not zero spend.
"""

from __future__ import annotations

import numpy as np

from kpikit.core.i18n import t
from kpikit.kpis.grid import Cells
from kpikit.kpis.results import NotComputable
from kpikit.kpis.tables import Tables


class Spend:
    """Spend and costs of one computation."""

    def __init__(self, tables: Tables, cells: Cells, lang: str) -> None:
        self.tables = tables
        self.cells = cells
        self.lang = lang

    def marketing(self) -> tuple[np.ndarray, float | None]:
        """Campaign spend plus marketing costs per cell, and the marketing costs left out of a split.

        With a split only campaign spend can be attributed to a segment; the second value is then the
        sum of the marketing costs (None without a costs table or without a split).
        """
        cells = self.cells
        total = np.zeros(cells.n)
        found = False
        camp = self.tables.get("campaigns")
        if camp is not None:
            cell = cells.rows(camp, "date")
            total += cells.bincount(cell, camp["spend"])
            if cells.by is not None:
                # A segment with no campaign rows has unknown spend, not zero spend.
                total = np.where(cells.bincount(cell) > 0, total, np.nan)
            found = True
        unattributed = None
        costs = self.tables.get("costs")
        if costs is not None:
            m = costs["category"].eq("marketing").to_numpy()
            if cells.by is None:
                total += cells.bincount(cells.of(costs["date"], None, m), costs["amount"])
                found = True
            else:
                unattributed = float(costs.loc[m, "amount"].sum())
        if not found:
            raise NotComputable("N_NO_SPEND")
        # Spend of a period that one of its sources does not cover at all is unknown, not 0 (an ad
        # export of March says nothing about June).
        gaps = self.gaps()
        if gaps.any():
            total = np.where(gaps, np.nan, total)
        return total, unattributed

    def gaps(self) -> np.ndarray:
        """Cells outside the dates of the campaigns table, or of the costs table where it counts."""
        gaps = np.zeros(self.cells.n, dtype=bool)
        if self.tables.get("campaigns") is not None:
            gaps |= self.tables.uncovered("campaigns")
        if self.tables.get("costs") is not None and self.cells.by is None:
            gaps |= self.tables.uncovered("costs")
        return gaps

    def sales_costs(self) -> np.ndarray:
        """Sales costs per cell (all zero when split by a segment or without a costs table)."""
        costs = self.tables.get("costs")
        if costs is None or self.cells.by is not None:
            return np.zeros(self.cells.n)
        m = costs["category"].eq("sales").to_numpy()
        total = self.cells.bincount(self.cells.of(costs["date"], None, m), costs["amount"])
        return np.where(self.tables.uncovered("costs"), np.nan, total)

    def unknown_notes(self, spend: np.ndarray) -> list[str | None]:
        """Per cell: why ``spend`` is unknown there (no data for the period, or none for the segment), else None."""
        covered = self.tables.coverage_notes(("campaigns", "costs"), self.gaps() & np.isnan(spend))
        return [covered[i] or (t("U_NO_SPEND_SEGMENT", self.lang, period=self.cells.human(i, self.lang))
                               if np.isnan(x) else None)
                for i, x in enumerate(spend)]
