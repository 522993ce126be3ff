"""One engine for every KPI: period grain × optional segment, as a tidy frame.

Every KPI is computed on a grid of cells (period × segment) with single-pass ``np.bincount``
aggregations, so the whole catalogue costs a few passes over each table. Undefined values are
NaN with the reason in ``note``, never 0 and never inf.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpikit.core.fmt import number
from kpikit.core.i18n import check_lang
from kpikit.core.i18n import t as note
from kpikit.kpis.registry import KPIS
from kpikit.sources.schema import DATE, DIMENSIONS, TABLES

GRAINS = ("all", "year", "quarter", "month", "week")
OUTPUT_COLUMNS = [
    "kpi", "period", "segment", "value", "numerator", "denominator", "unit", "n", "ci_low", "ci_high",
    "median", "note", "name", "period_start", "period_end", "missing",
]
NO_SEGMENT = "–"  # segment label for rows without a value in the split dimension
Z95 = 1.959963984540054


class NotComputable(Exception):
    """Raised inside a KPI function: the KPI cannot be computed from the data at hand."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# --- grid ---------------------------------------------------------------------------------------------
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
    """The periods between ``start`` and ``end`` (inclusive) at one grain."""

    def __init__(self, grain: str, start: pd.Timestamp, end: pd.Timestamp) -> None:
        self.grain = grain
        self.start = pd.Timestamp(start).normalize()
        self.end = pd.Timestamp(end).normalize()
        self._end_excl = (self.end + pd.Timedelta(days=1)).to_datetime64()
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
            return "im ganzen Zeitraum" if lang == "de" else "over the whole period"
        ts = pd.Timestamp(self.starts[i])
        if self.grain == "month":
            label = ts.strftime("%Y-%m")
        elif self.grain == "quarter":
            label = f"{ts.year}-Q{(ts.month - 1) // 3 + 1}"
        elif self.grain == "year":
            label = str(ts.year)
        else:
            iso = ts.isocalendar()
            label = f"{'KW' if lang == 'de' else 'W'} {iso.week:02d}/{iso.year}"
        return f"in {label}"


def _key(values) -> tuple:
    """Identity of a column's data (and a reference that keeps it alive while cached)."""
    arr = values.array if isinstance(values, pd.Series) else values
    pa_array = getattr(arr, "_pa_array", None)
    if pa_array is not None:
        return ("pa", id(pa_array)), pa_array
    arr = np.asarray(arr)
    return ("np", arr.__array_interface__["data"][0], arr.shape, arr.dtype.str), arr


class Segments:
    """The values of the split dimension, shared by all tables."""

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

    def codes(self, values: pd.Series | None) -> np.ndarray | None:
        """Segment code of each value (the last code for missing values)."""
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
            import pyarrow as pa
            import pyarrow.compute as pc

            idx = pc.index_in(pa_array, value_set=pa.array(self.labels[:-1], type=pa_array.type))
            codes = pc.fill_null(idx, self.n - 1).to_numpy().astype(np.int64)
        else:
            codes = pd.Categorical(values, dtype=self._cat).codes.astype(np.int64)
            codes = np.where(codes < 0, self.n - 1, codes)
        self._memo[key] = (keep, codes)
        return codes


# --- results -------------------------------------------------------------------------------------------
@dataclass
class Res:
    """Per-cell arrays of one KPI."""

    num: np.ndarray
    den: np.ndarray | None = None
    value: np.ndarray | None = None
    n: np.ndarray | None = None
    median: np.ndarray | None = None
    zero_reason: str | None = None  # note key when the denominator is 0
    notes: list | None = None  # per-cell note overrides (None = default)
    note_all: str | None = None  # a note for every cell (e.g. "reach is an upper bound")
    note_params: dict | None = None


def wilson(k: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes in n trials (NaN where n == 0 or k > n).

    >>> lo, hi = wilson(np.array([4238.0]), np.array([6711.0]))
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.6199, 0.643)
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        ok = (n > 0) & (k >= 0) & (k <= n)
    return np.where(ok, centre - half, np.nan), np.where(ok, centre + half, np.nan)


class Context:
    """Shared state of one computation: company, grid, segments and cached aggregates."""

    def __init__(self, company, grid: Grid, seg: Segments, lang: str) -> None:
        self.company = company
        self.grid = grid
        self.seg = seg
        self.lang = lang
        self.ncell = grid.n * seg.n
        self._cache: dict = {}

    # tables and columns
    def table(self, name: str) -> pd.DataFrame:
        """The canonical table ``name``; raise when the company has none."""
        frame = self.company.tables.get(name)
        if frame is None:
            raise NotComputable("N_NO_TABLE", table=name)
        return frame

    def has(self, name: str, column: str | None = None) -> bool:
        """Whether table ``name`` exists (and holds any value in ``column``)."""
        frame = self.company.tables.get(name)
        if frame is None:
            return False
        return column is None or (column in frame and bool(frame[column].notna().any()))

    def need(self, name: str, column: str) -> pd.Series:
        """Column ``column`` of table ``name``; raise ``NotComputable`` when absent or empty."""
        frame = self.table(name)
        if column not in frame or not frame[column].notna().any():
            raise NotComputable("N_NO_COLUMN", table=name, column=column)
        return frame[column]

    def uncovered(self, name: str) -> np.ndarray:
        """Cells whose period lies wholly outside the dates of table ``name`` (no data there: unknown, not 0).

        A table's dates span from its earliest to its latest date in any date column; a period that
        overlaps that span at all counts as covered.
        """
        def run():
            span = self.span(name)
            if span is None:
                return np.ones(self.ncell, dtype=bool)
            lo, hi = (np.datetime64(x, "us") for x in span)
            outside = (self.grid.ends < lo) | (self.grid.starts > hi)
            return np.repeat(outside, self.seg.n)

        return self.memo(("uncovered", name), run)

    def span(self, name: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """Earliest and latest date of table ``name`` over its date columns, or None without dates."""

        def run():
            frame = self.company.tables.get(name)
            if frame is None:
                return None
            cols = [c.name for c in TABLES[name].columns if c.kind == DATE and c.name in frame]
            lows = [frame[c].min() for c in cols if frame[c].notna().any()]
            highs = [frame[c].max() for c in cols if frame[c].notna().any()]
            return (min(lows), max(highs)) if lows else None

        return self.memo(("span", name), run)

    def coverage_notes(self, names: tuple[str, ...], mask: np.ndarray) -> list[str | None]:
        """Per cell: why it is undefined when ``mask`` (outside the dates of one of ``names``), else None."""
        out: list[str | None] = [None] * self.ncell
        for i in np.flatnonzero(mask):
            for name in names:
                if self.company.tables.get(name) is not None and self.uncovered(name)[i]:
                    span = self.span(name)
                    first, last = (f"{span[0]:%d.%m.%Y}", f"{span[1]:%d.%m.%Y}") if span else ("–", "–")
                    out[i] = note("U_NOT_COVERED", self.lang, table=name, first=first, last=last,
                                  period=self.grid.human(i // self.seg.n, self.lang))
                    break
        return out

    def dim(self, frame: pd.DataFrame) -> pd.Series | None:
        """The segment column of ``frame`` for the current split, or None."""
        by = self.seg.by
        return None if by is None else frame[by] if by in frame else None

    # cells
    def cells(self, dates, segvalues, mask=None, *, clip_before: bool = False) -> np.ndarray:
        """Cell index (period × segment) of each row; -1 for rows outside the range or masked out."""
        key, keep = _key(dates)
        hit = self._cache.get(("pos", key))
        if hit is None:
            hit = self._cache[("pos", key)] = (keep, self.grid.position(dates))
        pos = hit[1]
        if clip_before:
            pos = np.where(pos < 0, 0, pos)
        inside = (pos >= 0) & (pos < self.grid.n)
        if mask is not None:
            inside &= np.asarray(mask, dtype=bool)
        codes = self.seg.codes(segvalues)
        cell = pos * self.seg.n + (codes if codes is not None else 0)
        return np.where(inside, cell, -1)

    def cells_codes(self, dates: np.ndarray, codes: np.ndarray, *, clip_before: bool = False) -> np.ndarray:
        """``cells`` with segment codes already known (``codes`` ignored without a split)."""
        pos = self.grid.position(dates)
        if clip_before:
            pos = np.where(pos < 0, 0, pos)
        inside = (pos >= 0) & (pos < self.grid.n)
        cell = pos * self.seg.n + (codes if self.seg.by else 0)
        return np.where(inside, cell, -1)

    def bincount(self, cell: np.ndarray, weights=None) -> np.ndarray:
        """Sum ``weights`` (or count rows) per grid cell; rows outside the grid (-1) are left out."""
        ok = cell >= 0
        w = None if weights is None else np.nan_to_num(np.asarray(weights, dtype=float)[ok])
        return np.bincount(cell[ok], weights=w, minlength=self.ncell).astype(float)

    def nunique(self, cell: np.ndarray, keys) -> np.ndarray:
        """Distinct ``keys`` per grid cell."""
        ok = cell >= 0
        if isinstance(keys, np.ndarray) and keys.dtype.kind == "i":
            codes = keys[ok]
        else:
            codes, _ = pd.factorize(np.asarray(keys)[ok] if not isinstance(keys, pd.Series) else keys[ok])
        width = int(codes.max(initial=0)) + 2
        pair = np.sort(cell[ok].astype(np.int64) * width + (codes + 1))
        pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair
        return np.bincount(pair // width, minlength=self.ncell).astype(float)

    def memo(self, key, fn):
        """``fn()`` computed once per computation under ``key``."""
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    # shared building blocks
    def customer_key(self, frame: pd.DataFrame, fallback: str) -> pd.Series:
        """Who a row belongs to: ``customer_id``, else the ``fallback`` column as text."""
        if "customer_id" in frame and frame["customer_id"].notna().any():
            return frame["customer_id"].fillna(frame[fallback].astype("str") if fallback in frame else "?")
        return frame[fallback]

    def customer_codes(self) -> dict:
        """One factorisation of all customer keys (won deals, orders) into integer codes."""
        def run():
            parts, out = [], {}
            deals = self.company.tables.get("deals")
            if deals is not None and len(deals):
                won = deals[deals["status"].eq("won") & deals["closed_at"].notna()]
                out["won"] = won
                parts.append(self.customer_key(won, "deal_id"))
            orders = self.company.tables.get("orders")
            if orders is not None and len(orders):
                parts.append(orders["customer_id"])
            codes, uniques = pd.factorize(pd.concat(parts, ignore_index=True)) if parts else (np.array([], int), [])
            out["n"] = len(uniques)
            out["uniques"] = uniques
            out["deals"] = codes[: len(out["won"])] if "won" in out else None
            out["orders"] = codes[len(codes) - len(orders):] if orders is not None and len(orders) else None
            return out
        return self.memo("customer_codes", run)

    def first_by_code(self) -> dict:
        """Per customer code: first date (datetime64[us]) and segment code; the firsts rule of ``_firsts``."""
        def run():
            cc = self.customer_codes()
            n = cc["n"]
            by = self.seg.by
            codes, dates, segs = [], [], []
            has_deal = np.zeros(n, dtype=bool)
            if cc["deals"] is not None:
                won = cc["won"]
                has_deal[cc["deals"]] = True
                codes.append(cc["deals"])
                dates.append(won["closed_at"].to_numpy(dtype="datetime64[us]"))
                if by:
                    segs.append(self.seg.codes(self.dim(won)) if by in won else np.full(len(won), self.seg.n - 1))
            if cc["orders"] is not None:
                orders = self.company.tables["orders"]
                keep = ~has_deal[cc["orders"]]
                codes.append(cc["orders"][keep])
                dates.append(orders["ordered_at"].to_numpy(dtype="datetime64[us]")[keep])
                if by:
                    seg = self.seg.codes(self.dim(orders)) if by in orders else np.full(len(orders), self.seg.n - 1)
                    segs.append(seg[keep])
            if not codes:
                raise NotComputable("N_NO_CUSTOMERS")
            if by and not any(by in f for f in (cc.get("won"), self.company.tables.get("orders")) if f is not None):
                raise NotComputable("N_NO_DIMENSION", dim=by)
            codes, dates = np.concatenate(codes), np.concatenate(dates)
            order = np.lexsort((dates, codes))  # stable: by customer, then date, then row order
            sc = codes[order]
            first = order[np.r_[True, sc[1:] != sc[:-1]]] if len(sc) else order
            first_at = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
            first_at[codes[first]] = dates[first]
            seg = np.full(n, self.seg.n - 1, dtype=np.int64)
            if by:
                seg[codes[first]] = np.concatenate(segs)[first]
            return {"first_at": first_at, "seg": seg}
        return self.memo("first_by_code", run)

    def firsts(self) -> pd.DataFrame:
        """Each customer's first won deal (or failing that first order): date and segment value."""
        return self.memo("firsts", self._firsts)

    def _firsts(self) -> pd.DataFrame:
        by = self.seg.by
        parts = []
        deals = self.company.tables.get("deals")
        if deals is not None and len(deals):
            won = deals[deals["status"].eq("won") & deals["closed_at"].notna()]
            part = pd.DataFrame({"customer": self.customer_key(won, "deal_id").to_numpy(),
                                 "first_at": won["closed_at"].to_numpy()})
            if by:
                part["seg"] = won[by].to_numpy() if by in won else None
            parts.append(part)
        orders = self.company.tables.get("orders")
        if orders is not None and len(orders):
            part = pd.DataFrame({"customer": orders["customer_id"].to_numpy(),
                                 "first_at": orders["ordered_at"].to_numpy()})
            if by:
                part["seg"] = orders[by].to_numpy() if by in orders else None
            if parts:
                part = part[~part["customer"].isin(parts[0]["customer"])]
            parts.append(part)
        if not parts:
            raise NotComputable("N_NO_CUSTOMERS")
        both = pd.concat(parts, ignore_index=True)
        if by and both["seg"].isna().all() and not any(
            by in f for f in (deals, orders) if f is not None
        ):
            raise NotComputable("N_NO_DIMENSION", dim=by)
        both = both.sort_values("first_at", kind="stable")
        return both.drop_duplicates("customer", keep="first").reset_index(drop=True)

    def revenue_source(self) -> tuple[str, pd.DataFrame, str, str]:
        """(table, rows, date column, amount column) that revenue is measured on."""
        orders = self.company.tables.get("orders")
        if orders is not None:
            return "orders", orders, "ordered_at", "revenue"
        deals = self.table("deals")
        if "amount" not in deals:
            raise NotComputable("N_NO_COLUMN", table="deals", column="amount")
        won = deals[deals["status"].eq("won")]
        return "deals", won, "closed_at", "amount"

    def spend(self, *, attributable_only: bool) -> tuple[np.ndarray, float | None]:
        """Campaign spend per cell plus marketing costs; with a split, costs cannot be attributed."""
        total = np.zeros(self.ncell)
        found = False
        camp = self.company.tables.get("campaigns")
        if camp is not None:
            cell = self.cells(camp["date"], self.dim(camp))
            total += self.bincount(cell, camp["spend"])
            if self.seg.by is not None:
                # A segment with no campaign rows has unknown spend, not zero spend.
                total = np.where(self.bincount(cell) > 0, total, np.nan)
            found = True
        unattributed = None
        costs = self.company.tables.get("costs")
        if costs is not None:
            m = costs["category"].eq("marketing").to_numpy()
            if self.seg.by is None:
                total += self.bincount(self.cells(costs["date"], None, m), costs["amount"])
                found = True
            else:
                unattributed = float(costs.loc[m, "amount"].sum())
        if not found:
            raise NotComputable("N_NO_SPEND")
        # Spend of a period that one of its sources does not cover at all is unknown, not 0 (an ad
        # export of March says nothing about June).
        gaps = self.spend_gaps()
        if gaps.any():
            total = np.where(gaps, np.nan, total)
        return total, unattributed

    def spend_gaps(self) -> np.ndarray:
        """Cells outside the dates of the campaigns table, or of the costs table where it counts."""
        gaps = np.zeros(self.ncell, dtype=bool)
        if self.company.tables.get("campaigns") is not None:
            gaps |= self.uncovered("campaigns")
        if self.company.tables.get("costs") is not None and self.seg.by is None:
            gaps |= self.uncovered("costs")
        return gaps

    def sales_costs(self) -> np.ndarray:
        """Sales costs per grid cell (all zero when split by a segment or without a costs table)."""
        costs = self.company.tables.get("costs")
        if costs is None or self.seg.by is not None:
            return np.zeros(self.ncell)
        m = costs["category"].eq("sales").to_numpy()
        total = self.bincount(self.cells(costs["date"], None, m), costs["amount"])
        return np.where(self.uncovered("costs"), np.nan, total)


# --- the KPI functions -----------------------------------------------------------------------------------
def _leads(c: Context) -> Res:
    leads = c.table("leads")
    cnt = c.bincount(c.cells(leads["created_at"], c.dim(leads)))
    return _covered(c, Res(num=cnt, n=cnt), ("leads",))


def _covered(c: Context, res: Res, names: tuple[str, ...]) -> Res:
    """A sum without a denominator, undefined in periods its tables have no dates for (unknown, not 0)."""
    gaps = np.zeros(c.ncell, dtype=bool)
    for name in names:
        gaps |= c.uncovered(name)
    if gaps.any():
        value, notes = _finish(res, c)
        res.value = np.where(gaps, np.nan, value)
        res.notes = [g or n for g, n in zip(c.coverage_notes(names, gaps), notes, strict=True)]
        if res.note_all:
            text = note(res.note_all, c.lang, **(res.note_params or {}))
            res.notes = [n if g else (f"{n}; {text}" if n and text not in n else n or text)
                         for g, n in zip(gaps, res.notes, strict=True)]
        res.note_all = None  # in the notes now
    return res


def _new_customers(c: Context) -> Res:
    f = c.first_by_code()
    cnt = c.bincount(c.cells_codes(f["first_at"], f["seg"]))
    return Res(num=cnt, n=cnt)


def _revenue(c: Context) -> Res:
    _, rows, date, amount = c.revenue_source()
    return Res(num=c.bincount(c.cells(rows[date], c.dim(rows)), rows[amount]))


def _revenue_per_customer(c: Context) -> Res:
    table, rows, date, amount = c.revenue_source()
    cell = c.cells(rows[date], c.dim(rows))
    if table == "orders":
        den = c.nunique(cell, c.customer_codes()["orders"])
    else:
        keys = c.customer_key(rows, "deal_id")
        den = c.nunique(cell, keys.to_numpy())
    return Res(num=c.bincount(cell, rows[amount]), den=den, n=den, zero_reason="U_NO_CUSTOMERS")


def _closed_counts(c: Context) -> tuple[np.ndarray, np.ndarray]:
    def run():
        deals = c.table("deals")
        cell = c.cells(deals["closed_at"], c.dim(deals))
        won = c.bincount(np.where(deals["status"].eq("won").to_numpy(), cell, -1))
        lost = c.bincount(np.where(deals["status"].eq("lost").to_numpy(), cell, -1))
        return won, lost

    return c.memo("closed", run)


def _close_rate(c: Context) -> Res:
    won, lost = _closed_counts(c)
    return Res(num=won, den=won + lost, n=won + lost, zero_reason="U_NO_CLOSED_DEALS")


def _avg_deal_size(c: Context) -> Res:
    deals = c.table("deals")
    amount = c.need("deals", "amount")
    won = (deals["status"].eq("won") & amount.notna()).to_numpy()
    cell = c.cells(deals["closed_at"], c.dim(deals), won)
    cnt = c.bincount(cell)
    return Res(num=c.bincount(cell, amount), den=cnt, n=cnt, zero_reason="U_NO_WON_DEALS")


def _sales_cycle_days(c: Context) -> Res:
    deals = c.table("deals")
    created = c.need("deals", "created_at")
    days = (deals["closed_at"] - created).dt.total_seconds().to_numpy() / 86400.0
    ok = deals["status"].eq("won").to_numpy() & ~np.isnan(days)
    cell = c.cells(deals["closed_at"], c.dim(deals), ok)
    cnt = c.bincount(cell)
    median = np.full(c.ncell, np.nan)
    sel = cell >= 0
    if sel.any():
        med = pd.Series(days[sel]).groupby(cell[sel]).median()
        median[med.index.to_numpy()] = med.to_numpy()
    return Res(num=c.bincount(cell, days), den=cnt, n=cnt, median=median, zero_reason="U_NO_WON_DEALS")


def _pipeline_value(c: Context) -> Res:
    deals = c.table("deals")
    created = c.need("deals", "created_at")
    amount = c.need("deals", "amount").fillna(0.0).to_numpy()
    n, nseg = c.grid.n, c.seg.n
    start = np.maximum(c.grid.position(created), 0)
    closed = deals["status"].isin(["won", "lost"]).to_numpy() & deals["closed_at"].notna().to_numpy()
    stop = np.where(closed, c.grid.position(deals["closed_at"]), n)
    stop = np.clip(stop, 0, n)
    ok = (start < n) & (start < stop) & created.notna().to_numpy()
    codes = c.seg.codes(c.dim(deals))
    codes = codes if codes is not None else np.zeros(len(deals), dtype=np.int64)
    size = (n + 1) * nseg
    diff = (np.bincount(start[ok] * nseg + codes[ok], amount[ok], minlength=size)
            - np.bincount(stop[ok] * nseg + codes[ok], amount[ok], minlength=size))
    level = np.cumsum(diff.reshape(n + 1, nseg), axis=0)[:n].ravel()
    cnt_diff = (np.bincount(start[ok] * nseg + codes[ok], minlength=size)
                - np.bincount(stop[ok] * nseg + codes[ok], minlength=size)).astype(float)
    cnt = np.cumsum(cnt_diff.reshape(n + 1, nseg), axis=0)[:n].ravel()
    return Res(num=np.round(level, 6), n=np.round(cnt))


def _converted_mask(c: Context, leads: pd.DataFrame) -> np.ndarray:
    if "converted_at" in leads and leads["converted_at"].notna().any():
        return leads["converted_at"].notna().to_numpy()
    if "customer_id" in leads and leads["customer_id"].notna().any():
        return leads["customer_id"].isin(c.firsts()["customer"]).to_numpy()
    raise NotComputable("N_NO_CONVERSION")


def _lead_to_customer_rate(c: Context) -> Res:
    leads = c.table("leads")
    cell = c.cells(leads["created_at"], c.dim(leads))
    conv = _converted_mask(c, leads)
    den = c.bincount(cell)
    return Res(num=c.bincount(np.where(conv, cell, -1)), den=den, n=den, zero_reason="U_NO_LEADS")


def _campaign_sum(c: Context, column: str) -> np.ndarray:
    camp = c.table("campaigns")
    values = c.need("campaigns", column)
    return c.bincount(c.cells(camp["date"], c.dim(camp), values.notna().to_numpy()), values)


def _reach(c: Context) -> Res:
    camp = c.table("campaigns")
    has_reach = "reach" in camp and camp["reach"].notna().any()
    has_impr = "impressions" in camp and camp["impressions"].notna().any()
    if not has_reach and not has_impr:
        raise NotComputable("N_NO_COLUMN", table="campaigns", column="reach")
    if has_reach:
        values = camp["reach"]
        stand_in = values.isna() & camp["impressions"].notna() if has_impr else values.isna() & False
        if stand_in.any():
            values = values.fillna(camp["impressions"])
    else:
        values, stand_in = camp["impressions"], pd.Series(True, index=camp.index)
    total = c.bincount(c.cells(camp["date"], c.dim(camp)), values)
    key = "U_REACH_IMPRESSIONS" if stand_in.any() else "U_REACH_UPPER_BOUND"
    return _covered(c, Res(num=total, note_all=key), ("campaigns",))


def _impressions(c: Context) -> Res:
    return _covered(c, Res(num=_campaign_sum(c, "impressions")), ("campaigns",))


def _ctr(c: Context) -> Res:
    camp = c.table("campaigns")
    clicks, impr = c.need("campaigns", "clicks"), c.need("campaigns", "impressions")
    cell = c.cells(camp["date"], c.dim(camp), (clicks.notna() & impr.notna()).to_numpy())
    den = c.bincount(cell, impr)
    return Res(num=c.bincount(cell, clicks), den=den, n=den, zero_reason="U_NO_IMPRESSIONS")


def _campaign_leads_column(c: Context) -> str:
    if c.has("campaigns", "leads"):
        return "leads"
    if c.has("campaigns", "conversions"):
        return "conversions"
    raise NotComputable("N_NO_COLUMN", table="campaigns", column="leads")


def _conversion_rate(c: Context) -> Res:
    camp = c.table("campaigns")
    col = _campaign_leads_column(c)
    clicks = c.need("campaigns", "clicks")
    cell = c.cells(camp["date"], c.dim(camp), (clicks.notna() & camp[col].notna()).to_numpy())
    den = c.bincount(cell, clicks)
    return Res(num=c.bincount(cell, camp[col]), den=den, n=den, zero_reason="U_NO_CLICKS")


def _cost_per_click(c: Context) -> Res:
    camp = c.table("campaigns")
    clicks = c.need("campaigns", "clicks")
    cell = c.cells(camp["date"], c.dim(camp))
    den = c.bincount(cell, clicks)
    return Res(num=c.bincount(cell, camp["spend"]), den=den, n=den, zero_reason="U_NO_CLICKS")


def _cost_per_lead(c: Context) -> Res:
    camp = c.table("campaigns")
    spend = c.bincount(c.cells(camp["date"], c.dim(camp)), camp["spend"])
    if c.has("campaigns", "leads"):
        den = _campaign_sum(c, "leads")
        return Res(num=spend, den=den, n=den, zero_reason="U_NO_LEADS")
    leads = c.table("leads")
    den = c.bincount(c.cells(leads["created_at"], c.dim(leads)))
    # CRM leads in a month without campaign data would cost CHF 0 each: unknown instead
    return _covered(c, Res(num=spend, den=den, n=den, zero_reason="U_NO_LEADS", note_all="U_CRM_LEADS"),
                    ("campaigns",))


def _cost_per_acquisition(c: Context) -> Res:
    camp = c.table("campaigns")
    spend = c.bincount(c.cells(camp["date"], c.dim(camp)), camp["spend"])
    den = _campaign_sum(c, "conversions")
    return Res(num=spend, den=den, n=den, zero_reason="U_NO_PURCHASES")


def _marketing_spend(c: Context) -> Res:
    total, unattributed = c.spend(attributable_only=c.seg.by is not None)
    res = Res(num=total, value=total.copy(), notes=_no_spend_notes(c, total))
    if unattributed:
        res.note_all, res.note_params = "U_COSTS_UNATTRIBUTED", {"amount": number(unattributed)}
    elif c.company.tables.get("costs") is None:
        res.note_all = "U_NO_COSTS_TABLE"
    return res


def _no_spend_notes(c: Context, spend: np.ndarray) -> list[str | None]:
    gaps = c.spend_gaps()
    covered = c.coverage_notes(("campaigns", "costs"), gaps & np.isnan(spend))
    return [covered[i] or (note("U_NO_SPEND_SEGMENT", c.lang, period=c.grid.human(i // c.seg.n, c.lang))
                           if np.isnan(x) else None)
            for i, x in enumerate(spend)]


def _cac(c: Context) -> Res:
    spend, unattributed = c.spend(attributable_only=c.seg.by is not None)
    num = spend + c.sales_costs()
    den = _new_customers(c).num
    if c.seg.by is not None:
        num = np.where(num > 0, num, np.nan)  # no attributable spend (e.g. organic search): unknown, not 0
    res = Res(num=num, den=den, n=den, zero_reason="U_NO_NEW_CUSTOMERS")
    costs = c.company.tables.get("costs")
    if c.seg.by is not None and costs is not None:  # sales costs cannot be split by segment either
        unattributed = (unattributed or 0.0) + float(costs.loc[costs["category"].eq("sales"), "amount"].sum())
    if np.isnan(num).any():
        value, notes = _finish(res, c)
        spend_notes = _no_spend_notes(c, num)
        res.value = np.where(np.isnan(num), np.nan, value)
        res.notes = [s or n for s, n in zip(spend_notes, notes, strict=True)]
    if unattributed:
        res.note_all, res.note_params = "U_COSTS_UNATTRIBUTED", {"amount": number(unattributed)}
    elif costs is None:  # the formula includes sales costs: say that they are missing, not a silent 0
        res.note_all = "U_NO_COSTS_TABLE"
    return res


def _repeat_purchase_rate(c: Context) -> Res:
    orders = c.table("orders")
    cell = c.cells(orders["ordered_at"], c.dim(orders))
    ok = cell >= 0
    if "order_id" in orders and orders["order_id"].notna().all():
        # order_id is the table's id column: validation leaves each id once, so every row is one order
        ncust = c.customer_codes()["n"]
        key = np.sort(cell[ok].astype(np.int64) * (ncust + 1) + c.customer_codes()["orders"][ok])
        start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], dtype=np.int64)
        count = np.diff(np.r_[start, len(key)])
        cells = key[start] // (ncust + 1)
        den = np.bincount(cells, minlength=c.ncell).astype(float)
        num = np.bincount(cells[count >= 2], minlength=c.ncell).astype(float)
        return Res(num=num, den=den, n=den, zero_reason="U_NO_ORDERS")
    if "order_id" in orders and orders["order_id"].notna().any():
        order_key = orders["order_id"].fillna("").to_numpy()[ok]
    else:  # one order per customer and day; split rows of one order are not repeats
        order_key = orders["ordered_at"].dt.normalize().to_numpy()[ok]
    frame = pd.DataFrame({"cell": cell[ok], "customer": orders["customer_id"].to_numpy()[ok], "order": order_key})
    per = frame.drop_duplicates().groupby(["cell", "customer"], sort=False).size()
    cells = per.index.get_level_values(0).to_numpy()
    den = np.bincount(cells, minlength=c.ncell).astype(float)
    num = np.bincount(cells[per.to_numpy() >= 2], minlength=c.ncell).astype(float)
    return Res(num=num, den=den, n=den, zero_reason="U_NO_ORDERS")


def _clv(c: Context) -> Res:
    def run():
        table, rows, date, amount = c.revenue_source()
        if table == "orders":
            f = c.first_by_code()
            seg = f["seg"][c.customer_codes()["orders"]]
            rev = c.bincount(c.cells_codes(rows[date].to_numpy(), seg, clip_before=True), rows[amount])
            cust = c.bincount(c.cells_codes(f["first_at"], f["seg"], clip_before=True))
            shape = (c.grid.n, c.seg.n)
            return (np.cumsum(rev.reshape(shape), axis=0).ravel(), np.cumsum(cust.reshape(shape), axis=0).ravel())
        f = c.firsts()
        if c.seg.by:
            keys = rows["customer_id"] if table == "orders" else c.customer_key(rows, "deal_id")
            seg = keys.map(pd.Series(f["seg"].to_numpy(), index=f["customer"].to_numpy()))
        else:
            seg = None
        rev = c.bincount(c.cells(rows[date], seg, clip_before=True), rows[amount])
        cust = c.bincount(c.cells(f["first_at"], f["seg"] if c.seg.by else None, clip_before=True))
        shape = (c.grid.n, c.seg.n)
        return (np.cumsum(rev.reshape(shape), axis=0).ravel(), np.cumsum(cust.reshape(shape), axis=0).ravel())

    rev, cust = c.memo("clv", run)
    return Res(num=rev, den=cust, n=cust, zero_reason="U_NO_CUSTOMERS", note_all="U_CLV_METHOD")


def _ltv_cac_ratio(c: Context) -> Res:
    clv = _finish(_clv(c), c)
    cac = _finish(_cac(c), c)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(np.isnan(clv[0]) | np.isnan(cac[0]) | (cac[0] <= 0), np.nan, clv[0] / cac[0])
    # an undefined ratio gives the reason of the part that is undefined, not CLV's method note
    notes = [b if np.isnan(cv) or cv <= 0 else a if np.isnan(lv) else (a or b)
             for a, b, lv, cv in zip(clv[1], cac[1], clv[0], cac[0], strict=True)]
    return Res(num=clv[0], den=cac[0], value=value, notes=notes)


FUNCTIONS = {
    "leads": _leads,
    "new_customers": _new_customers,
    "revenue": _revenue,
    "revenue_per_customer": _revenue_per_customer,
    "close_rate": _close_rate,
    "avg_deal_size": _avg_deal_size,
    "sales_cycle_days": _sales_cycle_days,
    "pipeline_value": _pipeline_value,
    "lead_to_customer_rate": _lead_to_customer_rate,
    "reach": _reach,
    "impressions": _impressions,
    "ctr": _ctr,
    "conversion_rate": _conversion_rate,
    "cost_per_click": _cost_per_click,
    "cost_per_lead": _cost_per_lead,
    "cost_per_acquisition": _cost_per_acquisition,
    "marketing_spend": _marketing_spend,
    "cac": _cac,
    "repeat_purchase_rate": _repeat_purchase_rate,
    "customer_lifetime_value": _clv,
    "ltv_cac_ratio": _ltv_cac_ratio,
}


def _finish(res: Res, c: Context) -> tuple[np.ndarray, list[str | None]]:
    """Value per cell and its note (None where defined without remark)."""
    notes: list[str | None] = [None] * c.ncell
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
            notes[i] = note(res.zero_reason or "U_ZERO_DENOMINATOR", c.lang,
                            period=c.grid.human(i // c.seg.n, c.lang))
    if res.note_all:
        text = note(res.note_all, c.lang, **(res.note_params or {}))
        notes = [f"{n}; {text}" if n else text for n in notes]
    return value, notes


def compute_kpis(
    company,
    kpis: list[str] | tuple[str, ...] | str | None = None,
    *,
    period: str = "month",
    by: str | None = None,
    start=None,
    end=None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Compute KPIs per period (and segment) as a tidy frame.

    Parameters
    ----------
    company : Company
        From ``load_company`` or ``Company.from_frames``.
    kpis : list of str, optional
        KPI ids; all of the catalogue by default.
    period : {"all", "year", "quarter", "month", "week"}
        The period grain.
    by : {"channel", "owner", "product", "region", "campaign"}, optional
        Split each period by this dimension.
    start, end : date-like, optional
        Limit the range; defaults to the company's period.
    lang : {"de", "en"}, optional
        Language of names and notes; defaults to the company's language.

    Returns
    -------
    DataFrame
        One row per KPI × period × segment with ``kpi, period, segment, value, numerator,
        denominator, unit, n, ci_low, ci_high, median, note, name, period_start, period_end``.
        ``value`` is NaN exactly when the KPI is undefined there, and ``note`` says why. ``missing``
        names the table or ``table.column`` when the KPI cannot be computed from the data at all.
    """
    if isinstance(kpis, str):
        kpis = [kpis]
    ids = list(kpis) if kpis else list(KPIS)
    for k in ids:
        if k not in KPIS:
            from kpikit.core.text import near_miss

            hint = near_miss(k, list(KPIS))
            raise ValueError(f"Got kpi={k!r}. Must be one of {list(KPIS)}."
                             + (f" Did you mean {hint!r}?" if hint else ""))
    if period not in GRAINS:
        raise ValueError(f"Got period={period!r}. Must be one of {list(GRAINS)}.")
    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"Got by={by!r}. Must be one of {list(DIMENSIONS)} or None.")
    lang = check_lang(lang or getattr(company, "language", "de"))
    p_start = pd.Timestamp(start) if start is not None else company.period[0]
    p_end = pd.Timestamp(end) if end is not None else company.period[1]
    if p_start is None or p_end is None:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    grid = Grid(period, p_start, p_end)
    seg = Segments(company.tables, by)
    ctx = Context(company, grid, seg, lang)
    blocks = []
    for k in ids:
        kpi = KPIS[k]
        try:
            res = FUNCTIONS[k](ctx)
            value, notes = _finish(res, ctx)
            num = res.num.astype(float)
            den = res.den.astype(float) if res.den is not None else np.full(ctx.ncell, np.nan)
            n = res.n.astype(float) if res.n is not None else np.full(ctx.ncell, np.nan)
            median = res.median if res.median is not None else np.full(ctx.ncell, np.nan)
            if kpi.bounded:
                over = ~np.isnan(value) & (value > 1)
                for i in np.flatnonzero(over):
                    notes[i] = note("U_OVER_ONE", lang, num=_fmt(num[i]), den=_fmt(den[i]))
                value = np.where(over, np.nan, value)
                lo, hi = wilson(num, den)
            else:
                lo = hi = np.full(ctx.ncell, np.nan)
            missing = None
        except NotComputable as err:
            value = num = den = n = median = lo = hi = np.full(ctx.ncell, np.nan)
            notes = [note(err.key, lang, **err.params)] * ctx.ncell
            missing = ".".join(str(err.params[k]) for k in ("table", "column") if k in err.params) or err.key
        blocks.append(pd.DataFrame({
            "kpi": k,
            "period": np.repeat([grid.label(i) for i in range(grid.n)], seg.n),
            "segment": pd.Series(seg.labels * grid.n, dtype=object),
            "value": value, "numerator": num, "denominator": den, "unit": kpi.unit, "n": n,
            "ci_low": lo, "ci_high": hi, "median": median,
            "note": pd.Series(notes, dtype=object), "name": kpi.name(lang),
            "period_start": np.repeat(grid.starts, seg.n), "period_end": np.repeat(grid.ends, seg.n),
            "missing": missing,
        }))
    out = pd.concat(blocks, ignore_index=True)
    return out[OUTPUT_COLUMNS]


def _fmt(x: float) -> str:
    return "–" if math.isnan(x) else f"{x:,.0f}".replace(",", "'")
