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

# The date that places a row of each table in time; an undated table ("@none") has it all NaT.
PRIMARY_DATE = {"leads": "created_at", "deals": "closed_at", "orders": "ordered_at", "campaigns": "date",
                "costs": "date", "customers": "created_at", "traffic": "date"}
# Tables of activity per channel (one export per platform): a channel is unknown before its first row, not 0.
ACTIVITY = ("campaigns", "traffic")
# Tables whose rows inherit their lead's channel and campaign (through lead_id, else customer_id).
INHERIT = ("deals", "orders", "customers")


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


def table_span(name: str, frame: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Earliest and latest date of table ``name`` over its date columns, or None without any date.

    >>> leads = pd.DataFrame({"lead_id": ["l1", "l2"], "created_at": pd.to_datetime(["2025-01-02", "2025-03-04"]),
    ...                       "converted_at": pd.to_datetime([None, "2025-04-01"])})
    >>> [f"{d:%Y-%m-%d}" for d in table_span("leads", leads)]
    ['2025-01-02', '2025-04-01']
    """
    schema = TABLES.get(name)
    cols = ([c.name for c in schema.columns if c.kind == DATE and c.name in frame] if schema else
            [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])])
    lows = [frame[c].min() for c in cols if frame[c].notna().any()]
    highs = [frame[c].max() for c in cols if frame[c].notna().any()]
    return (min(lows), max(highs)) if lows else None


def index_of(values: pd.Series, pool: pd.Series) -> np.ndarray:
    """Position of each of ``values`` in ``pool`` (its first occurrence); -1 where absent or missing.

    Arrow's hash lookup where both are Arrow arrays of one type (pandas' ``get_indexer`` on Arrow strings
    is about ten times slower), else pandas on the first occurrences.

    >>> index_of(pd.Series(["b", "x", None, "a"]), pd.Series(["a", "b", "a"])).tolist()
    [1, -1, -1, 0]
    """
    left = getattr(values.array, "_pa_array", None)
    right = getattr(pool.array, "_pa_array", None)
    if left is not None and right is not None and left.type == right.type:
        hit = pc.index_in(left, value_set=right.combine_chunks() if hasattr(right, "combine_chunks") else right)
        return pc.fill_null(hit, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    keys = pd.Index(pool)
    once = ~keys.duplicated(keep="first") & keys.notna()
    hit = keys[once].get_indexer(values)
    return np.where(hit >= 0, np.flatnonzero(once)[np.maximum(hit, 0)], -1).astype(np.int64)


def _lookup(values: pd.Series, keys: pd.Series, targets: np.ndarray) -> np.ndarray:
    """``targets`` at the first row of ``keys`` equal to each of ``values`` (-1 for none, or a target of -1).

    Only the keys among ``values`` are hashed (``is_in`` on the small side first).
    """
    near = is_in(keys, values)
    if not near.any():
        return np.full(len(values), -1, dtype=np.int64)
    keys, targets = keys[near].reset_index(drop=True), np.asarray(targets)[near]
    hit = index_of(values, keys)
    return np.where(hit >= 0, targets[np.maximum(hit, 0)], -1).astype(np.int64)


class Revenue(NamedTuple):
    """The rows revenue is measured on: orders by order date, else won deals by close date."""

    table: str
    rows: pd.DataFrame
    date: str
    amount: str


class Tables:
    """Access to the canonical tables of one computation, with each table's date coverage."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], cells: Cells, lang: str,
                 undated: tuple[str, ...] = ()) -> None:
        self.cells = cells
        self.lang = lang
        self.undated = tuple(name for name in undated if name in tables)
        self._memo: dict = {}
        self._tables = dict(tables)
        if cells.grid.grain == "all":
            # Over the whole period an undated table counts all its rows: they are placed on its first day.
            # Only the table's own date is filled: NaT in an optional date (converted_at) keeps its meaning.
            for name in self.undated:
                frame, col = self._tables[name], PRIMARY_DATE.get(name)
                if col in frame and frame[col].isna().any():
                    day = pd.Series(cells.grid.starts[0], index=frame.index, dtype="datetime64[us]")
                    self._tables[name] = frame.assign(**{col: frame[col].fillna(day)})
        by = cells.by
        if by in ("channel", "campaign") and self._tables.get("leads") is not None and by in self._tables["leads"]:
            for name in INHERIT:
                frame = self._tables.get(name)
                if frame is not None and (by not in frame or frame[by].isna().any()):
                    inherited = self.inherit(name, by, frame)
                    if inherited is not None:
                        self._tables[name] = frame.assign(**{by: inherited})

    def get(self, name: str) -> pd.DataFrame | None:
        """The canonical table ``name``, or None when the company has none."""
        return self._tables.get(name)

    def table(self, name: str) -> pd.DataFrame:
        """The canonical table ``name``; raise ``NotComputable`` when the company has none."""
        frame = self._tables.get(name)
        if frame is None:
            raise NotComputable("N_NO_TABLE", table=name)
        return frame

    def lead_of(self, name: str, frame: pd.DataFrame | None = None) -> np.ndarray | None:
        """Position in the leads table of each row's lead (-1 for none); None without leads or a link.

        A row's lead is the lead of its ``lead_id``; failing that, a lead whose ``customer_id`` is the row's
        (or the lead of a deal of the same customer). ``frame`` may be some rows of table ``name``.
        """
        whole = frame is None or len(frame) == len(self._tables[name])
        if whole and ("lead_of", name) in self._memo:  # ``frame`` is table ``name`` (maybe with inherited columns)
            return self._memo["lead_of", name]
        frame = self._tables.get(name) if frame is None else frame
        leads = self._tables.get("leads")
        if frame is None or leads is None or not len(leads):
            return None
        pos = np.full(len(frame), -1, dtype=np.int64)
        found = False
        if "lead_id" in frame and frame["lead_id"].notna().any():
            pos = _lookup(frame["lead_id"], leads["lead_id"], np.arange(len(leads)))
            found = True
        if "customer_id" in frame and (pos < 0).any():
            wanted = frame["customer_id"][pos < 0]
            keys, at = [], []
            if "customer_id" in leads:
                near = is_in(leads["customer_id"], wanted)
                keys.append(leads["customer_id"][near])
                at.append(np.flatnonzero(near))
            deals = self._tables.get("deals")
            if name != "deals" and deals is not None and "customer_id" in deals and "lead_id" in deals:
                near = is_in(deals["customer_id"], wanted)
                keys.append(deals["customer_id"][near])
                at.append(self.lead_of("deals", deals.loc[near, ["customer_id", "lead_id"]]))
            if keys:
                key = pd.concat(keys, ignore_index=True)
                where = np.concatenate(at)
                hit = _lookup(frame["customer_id"], key, where)
                pos = np.where(pos < 0, hit, pos)
                found = True
        out = pos if found else None
        if whole:
            self._memo["lead_of", name] = out
        return out

    def inherit(self, name: str, column: str, frame: pd.DataFrame | None = None) -> pd.Series | None:
        """Column ``column`` of table ``name``, its gaps filled with the value of the row's lead (``lead_of``).

        None when the rows have no link to the leads or the leads have no such column.
        """
        frame = self._tables.get(name) if frame is None else frame
        leads = self._tables.get("leads")
        if frame is None or leads is None or column not in leads:
            return frame[column] if frame is not None and column in frame else None
        gaps = np.flatnonzero(frame[column].isna().to_numpy()) if column in frame else np.arange(len(frame))
        if not len(gaps):
            return frame[column]
        links = [c for c in ("lead_id", "customer_id") if c in frame]
        pos = self.lead_of(name, frame.iloc[gaps][links] if len(gaps) < len(frame) else frame)  # the rows without
        if pos is None:
            return frame[column] if column in frame else None
        full = np.full(len(frame), -1, dtype=np.int64)
        full[gaps] = pos
        from_lead = pd.Series(leads[column].array.take(full, allow_fill=True), index=frame.index)
        if column not in frame:
            return from_lead
        return frame[column].where(frame[column].notna(), from_lead)

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

    def inherit_date(self, name: str, column: str) -> pd.Series:
        """Date ``column`` of table ``name``, gaps filled with the lead's ``created_at`` (first contact).

        Raises ``NotComputable`` when neither the table nor its leads have a value.
        """
        if ("inherit_date", name, column) not in self._memo:
            frame = self.table(name)
            own = frame[column] if column in frame else None
            if own is not None and own.notna().all():
                out = own
            else:
                pos = self.lead_of(name) if self.has("leads", "created_at") else None
                if pos is None:
                    out = self.need(name, column)
                else:
                    lead = self._tables["leads"]["created_at"].to_numpy(dtype="datetime64[us]")
                    from_lead = pd.Series(np.where(pos >= 0, lead[np.maximum(pos, 0)], np.datetime64("NaT")),
                                          index=frame.index, dtype="datetime64[us]")
                    out = from_lead if own is None else own.where(own.notna(), from_lead)
                    if not out.notna().any():
                        raise NotComputable("N_NO_COLUMN", table=name, column=column)
            self._memo["inherit_date", name, column] = out
        return self._memo["inherit_date", name, column]

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
            self._memo["span", name] = None if frame is None else table_span(name, frame)
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
                spans = self.segment_spans(name)
                if spans is not None:  # a channel's own export: unknown before its first and after its last row
                    los, his = spans
                    per = (grid.ends[:, None] < los[None, :]) | (grid.starts[:, None] > his[None, :])
                    # rows without a segment, and segments without rows: the table's span
                    whole = np.isnat(los)
                    whole[-1] = True
                    per[:, whole] = outside.reshape(grid.n, -1)[:, whole]
                    outside = per.ravel()
            self._memo["uncovered", name] = outside
        return self._memo["uncovered", name]

    def segment_spans(self, name: str) -> tuple[np.ndarray, np.ndarray] | None:
        """First and last date of each segment's rows in an activity table (``ACTIVITY``) when split.

        NaT for a segment without rows (it keeps the table's span); None for other tables or without a split.
        """
        by, frame = self.cells.by, self._tables.get(name)
        col = PRIMARY_DATE.get(name)
        if name not in ACTIVITY or by is None or frame is None or by not in frame or col not in frame:
            return None
        if ("segspan", name) not in self._memo:
            seg = self.cells.seg
            codes = seg.codes(frame[by])
            dates = frame[col].to_numpy(dtype="datetime64[us]")
            ok = ~np.isnat(dates)
            nat = np.datetime64("NaT", "us")
            los, his = np.full(seg.n, nat), np.full(seg.n, nat)
            if ok.any():
                grouped = pd.Series(dates[ok]).groupby(codes[ok])
                idx = grouped.min().index.to_numpy()
                los[idx] = grouped.min().to_numpy(dtype="datetime64[us]")
                his[idx] = grouped.max().to_numpy(dtype="datetime64[us]")
            self._memo["segspan", name] = (los, his)
        return self._memo["segspan", name]

    def coverage_notes(self, names: tuple[str, ...], mask: np.ndarray) -> list[str | None]:
        """Per cell: why it is undefined when ``mask`` (outside the dates of one of ``names``), else None."""
        out: list[str | None] = [None] * self.cells.n
        for i in np.flatnonzero(mask):
            for name in names:
                if self._tables.get(name) is not None and self.uncovered(name)[i]:
                    span = self.span(name)
                    spans = self.segment_spans(name)
                    s = i % self.cells.seg.n
                    if spans is not None and s < self.cells.seg.n - 1 and not np.isnat(spans[0][s]):
                        span = (pd.Timestamp(spans[0][s]), pd.Timestamp(spans[1][s]))
                    first, last = (f"{span[0]:%d.%m.%Y}", f"{span[1]:%d.%m.%Y}") if span else ("–", "–")
                    out[i] = t("U_NOT_COVERED", self.lang, table=name, first=first, last=last,
                               period=self.cells.human(i, self.lang))
                    break
        return out
