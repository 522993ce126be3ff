"""The cell grid of one computation: periods (``Grid``) × segments (``Segments``), and sums per cell (``Cells``).

Every KPI is aggregated on this grid with single-pass ``np.bincount`` calls; a row's cell is
``period position × number of segments + segment code``, and -1 for rows outside the range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpikit.core.errors import DataError
from kpikit.core.fmt import period_label
from kpikit.core.i18n import t
from kpikit.kpis.results import NotComputable

GRAINS = ("all", "year", "quarter", "month", "week")
MAX_YEARS = 60  # a longer period is a typo (01.01.0001, 2199) or a config slip: 48,000 months would eat the memory
NO_SEGMENT = "–"  # segment label for rows without a value in the split dimension


def _raw_index(d: np.ndarray, grain: str) -> np.ndarray:
    if grain == "month":
        return d.astype("datetime64[M]").astype(np.int64)
    if grain == "quarter":
        return d.astype("datetime64[M]").astype(np.int64) // 3
    if grain == "year":
        return d.astype("datetime64[Y]").astype(np.int64)
    if grain == "week":  # ISO weeks start on Monday; 1970-01-01 was a Thursday
        return (d.astype("datetime64[D]").astype(np.int64) + 3) // 7
    raise ValueError(grain)


def _start_of(i: np.ndarray, grain: str) -> np.ndarray:
    if grain == "month":
        return i.astype("datetime64[M]").astype("datetime64[us]")
    if grain == "quarter":
        return (i * 3).astype("datetime64[M]").astype("datetime64[us]")
    if grain == "year":
        return i.astype("datetime64[Y]").astype("datetime64[us]")
    return (i * 7 - 3).astype("datetime64[D]").astype("datetime64[us]")


class Grid:
    """The periods between ``start`` and ``end`` (inclusive) at one grain.

    >>> grid = Grid("quarter", pd.Timestamp("2025-02-10"), pd.Timestamp("2025-08-01"))
    >>> grid.n, grid.label(0), grid.human(2, "en")
    (3, '2025-01-01', 'in 2025-Q3')
    """

    def __init__(self, grain: str, start: pd.Timestamp, end: pd.Timestamp) -> None:
        self.grain = grain
        self.start = pd.Timestamp(start).normalize()
        self.end = pd.Timestamp(end).normalize()
        self._end_excl = (self.end + pd.Timedelta(days=1)).to_datetime64()
        if self.end - self.start > pd.Timedelta(days=366 * MAX_YEARS):
            day = "{0.day:02d}.{0.month:02d}.{0.year:04d}".format
            raise DataError("PERIOD_TOO_LONG", file="company.yaml", start=day(self.start), end=day(self.end),
                            years=MAX_YEARS)
        if grain == "all":
            self.i0 = 0
            self.starts = np.array([self.start.to_datetime64()], dtype="datetime64[us]")
            self.ends = np.array([self.end.to_datetime64()], dtype="datetime64[us]")
        else:
            self.i0 = int(_raw_index(np.array([self.start.to_datetime64()]), grain)[0])
            i1 = int(_raw_index(np.array([self.end.to_datetime64()]), grain)[0])
            idx = np.arange(self.i0, i1 + 1)
            self.starts = _start_of(idx, grain)
            self.ends = _start_of(idx + 1, grain) - np.timedelta64(1, "D")
        self.n = len(self.starts)

    def position(self, dates: pd.Series | np.ndarray) -> np.ndarray:
        """Period position of each date: <0 before the range, >=n after it; NaT -> a large sentinel."""
        d = np.asarray(dates, dtype="datetime64[us]")
        nat = np.isnat(d)
        if self.grain == "all":
            pos = np.where(d < self.start.to_datetime64(), -1, np.where(d < self._end_excl, 0, 1))
        else:
            pos = _raw_index(d, self.grain) - self.i0
            pos = np.where(d >= self._end_excl, np.maximum(pos, self.n), pos)
            pos = np.where(d < self.start.to_datetime64(), np.minimum(pos, -1), pos)
        return np.where(nat, np.iinfo(np.int64).max // 4, pos).astype(np.int64)

    def label(self, i: int) -> str:
        """Period as the contract writes it: ``all`` or the ISO date it starts on."""
        return "all" if self.grain == "all" else str(self.starts[i])[:10]

    def human(self, i: int, lang: str) -> str:
        """Period as people say it, with its preposition: in 2025-03, in 2025-Q1, im ganzen Zeitraum."""
        if self.grain == "all":
            return t("KPI_WHOLE_PERIOD", lang)
        return t("KPI_IN_PERIOD", lang, period=period_label(self.label(i), self.grain, lang))


def _key(values: pd.Series | np.ndarray) -> tuple:
    """Identity of a column's data (and a reference that keeps it alive while cached)."""
    arr = values.array if isinstance(values, pd.Series) else values
    pa_array = getattr(arr, "_pa_array", None)
    if pa_array is not None:
        return ("pa", id(pa_array)), pa_array
    arr = np.asarray(arr)
    return ("np", arr.__array_interface__["data"][0], arr.shape, arr.dtype.str), arr


class Segments:
    """The values of the split dimension ``by``, shared by all tables, sorted, then ``NO_SEGMENT``."""

    def __init__(self, tables: dict[str, pd.DataFrame], by: str | None) -> None:
        self.by = by
        if by is None:
            self.labels: list[str | None] = [None]
            return
        values: set[str] = set()
        for frame in tables.values():
            if by in frame:
                values.update(frame[by].dropna().unique().tolist())
        self.labels = [*sorted(values), NO_SEGMENT]
        self._memo: dict = {}
        self._cat = pd.CategoricalDtype(self.labels[:-1])

    @property
    def n(self) -> int:
        """Number of segments."""
        return len(self.labels)

    def column(self, frame: pd.DataFrame) -> pd.Series | None:
        """The segment column of ``frame`` for the current split, or None."""
        by = self.by
        return None if by is None else frame[by] if by in frame else None

    def codes(self, values: pd.Series | None) -> np.ndarray | None:
        """Segment code of each value (the last code for missing values); None without a split."""
        if self.by is None:
            return None
        if values is None:
            raise NotComputable("N_NO_DIMENSION", dim=self.by)
        key, keep = _key(values)
        hit = self._memo.get(key)
        if hit is not None:
            return hit[1]
        pa_array = getattr(values.array, "_pa_array", None) if isinstance(values, pd.Series) else None
        if pa_array is not None:
            idx = pc.index_in(pa_array, value_set=pa.array(self.labels[:-1], type=pa_array.type))
            codes = pc.fill_null(idx, self.n - 1).to_numpy().astype(np.int64)
        else:
            codes = pd.Categorical(values, dtype=self._cat).codes.astype(np.int64)
            codes = np.where(codes < 0, self.n - 1, codes)
        self._memo[key] = (keep, codes)
        return codes


class Cells:
    """The cells (period × segment) of one computation and the sums per cell.

    >>> grid = Grid("month", pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-28"))
    >>> cells = Cells(grid, Segments({}, None))
    >>> cell = cells.of(pd.Series(pd.to_datetime(["2025-01-03", "2025-02-01", "2025-02-09", "2025-04-01"])), None)
    >>> cell.tolist(), cells.bincount(cell).tolist()
    ([0, 1, 1, -1], [1.0, 2.0])
    """

    def __init__(self, grid: Grid, seg: Segments) -> None:
        self.grid = grid
        self.seg = seg
        self.n = grid.n * seg.n
        self._positions: dict = {}

    @property
    def by(self) -> str | None:
        """The split dimension, or None."""
        return self.seg.by

    def human(self, i: int, lang: str) -> str:
        """The period of cell ``i`` as people say it (``Grid.human``)."""
        return self.grid.human(i // self.seg.n, lang)

    def of(self, dates, segvalues, mask=None, *, clip_before: bool = False) -> np.ndarray:
        """Cell index of each row; -1 for rows outside the range or masked out.

        ``clip_before`` puts rows dated before the range into the first period (for cumulative sums).
        """
        key, keep = _key(dates)
        hit = self._positions.get(key)
        if hit is None:
            hit = self._positions[key] = (keep, self.grid.position(dates))
        pos = hit[1]
        if clip_before:
            pos = np.where(pos < 0, 0, pos)
        inside = (pos >= 0) & (pos < self.grid.n)
        if mask is not None:
            inside &= np.asarray(mask, dtype=bool)
        codes = self.seg.codes(segvalues)
        cell = pos * self.seg.n + (codes if codes is not None else 0)
        return np.where(inside, cell, -1)

    def rows(self, frame: pd.DataFrame, date: str, mask=None) -> np.ndarray:
        """``of`` for the rows of ``frame``, dated by its column ``date``, in the segments of its split column."""
        return self.of(frame[date], self.seg.column(frame), mask)

    def of_codes(self, dates: np.ndarray, codes: np.ndarray, *, clip_before: bool = False) -> np.ndarray:
        """``of`` with segment codes already known (``codes`` ignored without a split)."""
        pos = self.grid.position(dates)
        if clip_before:
            pos = np.where(pos < 0, 0, pos)
        inside = (pos >= 0) & (pos < self.grid.n)
        cell = pos * self.seg.n + (codes if self.seg.by else 0)
        return np.where(inside, cell, -1)

    def bincount(self, cell: np.ndarray, weights=None) -> np.ndarray:
        """Sum ``weights`` (or count rows) per cell; rows outside the grid (-1) are left out."""
        ok = cell >= 0
        w = None if weights is None else np.nan_to_num(np.asarray(weights, dtype=float)[ok])
        return np.bincount(cell[ok], weights=w, minlength=self.n).astype(float)

    def nunique(self, cell: np.ndarray, keys) -> np.ndarray:
        """Distinct ``keys`` per cell."""
        ok = cell >= 0
        if isinstance(keys, np.ndarray) and keys.dtype.kind == "i":
            codes = keys[ok]
        else:
            codes, _ = pd.factorize(np.asarray(keys)[ok] if not isinstance(keys, pd.Series) else keys[ok])
        width = int(codes.max(initial=0)) + 2
        pair = np.sort(cell[ok].astype(np.int64) * width + (codes + 1))
        pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair
        return np.bincount(pair // width, minlength=self.n).astype(float)
