"""Validation as data: the reason codes and the named rules a source's rows must pass.

A rule is one entry: a name, a reason code (``Reason``, as pandera's ``SchemaErrorReason``; its values
are the codes of the messages, such as ``"DUPLICATE_ID"``) and a check that returns the failing rows.
Every failure goes to the one ``Collector`` (``kpikit.company.collect``), which rejects the rows.

- ``CELL_RULES`` look at one column's raw values before parsing (a rule with ``blanks`` has the
  failing cells read as empty afterwards, so they fail nothing else);
- parsing itself rejects what it cannot read (``kpikit.company.parsing``);
- ``ROW_RULES`` look at the parsed table, in order; a later rule sees the rows rejected so far;
- ``FILE_RULES`` report on the file as a whole once the rows are judged (warnings, broken lines).

>>> [rule.name for rule in ROW_RULES][:3]
['missing_value', 'negative_value', 'future_date']
>>> Reason.DUPLICATE_ID == "DUPLICATE_ID"
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kpikit.company.collect import Collector, broken_rows, show
from kpikit.company.lines import LINE_TABLE, LINES_DISAGREE, fit_order_lines
from kpikit.core.errors import Problem
from kpikit.core.fmt import number
from kpikit.sources.raw import Raw
from kpikit.sources.schema import COUNT, DATE, ENUM, ID, MONEY, TEXT, Column, Table

MAX_CELL = 32_767  # Excel's limit for one cell; a longer text is a broken quote or pasted junk
# Dates outside this window are typos (01.01.0001, 2199) and would stretch the period grid to centuries.
EARLIEST_DATE = pd.Timestamp("1990-01-01")
YEARS_AHEAD = 5
# Dates of events that cannot lie ahead (an open deal's expected close date may).
EVENT_DATES = {"leads": ("created_at", "converted_at"), "deals": ("created_at", "closed_at"),
               "orders": ("ordered_at",), "campaigns": ("date",), "costs": ("date",),
               "customers": ("created_at", "churned_at"), "traffic": ("date",)}


class Reason(StrEnum):
    """Why a row was rejected or a file earned a warning; the value is the message code."""

    # cells, before parsing
    FORMULA_WITHOUT_VALUE = "FORMULA_WITHOUT_VALUE"
    VALUE_TOO_LONG = "VALUE_TOO_LONG"
    # parsing
    INVALID_VALUE = "INVALID_VALUE"
    EXCEL_SERIAL_DATE = "EXCEL_SERIAL_DATE"
    INVALID_DATE = "INVALID_DATE"
    INVALID_NUMBER = "INVALID_NUMBER"
    IMPLAUSIBLE_NUMBER = "IMPLAUSIBLE_NUMBER"  # 1e308 in an amount or a count
    DATE_OTHER_ORDER = "DATE_OTHER_ORDER"  # 02/13/2025 in a day-first column
    THOUSANDS_DOT = "THOUSANDS_DOT"  # a warning: 12.345 read as 12'345
    # rows
    MISSING_VALUE = "MISSING_VALUE"
    NEGATIVE_VALUE = "NEGATIVE_VALUE"
    FUTURE_DATE = "FUTURE_DATE"
    DATE_OUT_OF_RANGE = "DATE_OUT_OF_RANGE"
    MISSING_CLOSE_DATE = "MISSING_CLOSE_DATE"
    CLOSED_BEFORE_CREATED = "CLOSED_BEFORE_CREATED"
    DUPLICATE_ID = "DUPLICATE_ID"
    DUPLICATE_ID_ACROSS_FILES = "DUPLICATE_ID_ACROSS_FILES"
    ORDER_LINES_DISAGREE = LINES_DISAGREE  # lines of one order with another customer, day or total
    # the file
    DUPLICATE_ROWS = "DUPLICATE_ROWS"
    DUPLICATE_MAPPED = "DUPLICATE_MAPPED"  # rows alike in the mapped columns only: a weaker note
    WRAPPED_LINES = "WRAPPED_LINES"  # lines wrapped in an extra layer of quotes, unwrapped and loaded
    DUPLICATE_HEADER = "DUPLICATE_HEADER"
    RAGGED_ROW = "RAGGED_ROW"
    UNCLOSED_QUOTE = "UNCLOSED_QUOTE"
    NO_ROWS = "NO_ROWS"
    MIXED_ENCODING = "MIXED_ENCODING"


@dataclass(frozen=True)
class Failure:
    """The rows of one column that fail a rule: the mask, the values shown, the message's parameters."""

    column: str
    mask: np.ndarray
    values: pd.Series | None = None
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    """One column's raw values, as the cell rules see them."""

    column: Column
    values: pd.Series
    formulas: list[tuple[int, str]]  # (position, formula) of the formula cells without a saved result


@dataclass
class Source:
    """One source's parsed table, as the row and file rules see it."""

    table: Table
    display: str
    raw: Raw
    canon: pd.DataFrame  # the parsed canonical columns, one row per data row
    constants: dict  # canonical columns filled with one value (``constants:`` of company.yaml)
    collected: Collector
    raw_status: pd.Series | None = None  # the status as the file writes it (deals)
    id_codes: np.ndarray | None = None  # factorised ids, when parsing already computed them
    previous: pd.DataFrame | None = None  # the table as loaded from earlier files
    previous_files: str = ""  # those files, for the message
    generated_ids: bool = False  # the ids are row numbers ("@row"): unique by construction, no record identity

    @property
    def rejected(self) -> np.ndarray:
        """Rows rejected so far."""
        return self.collected.reject


@dataclass(frozen=True)
class CellRule:
    """A rule on one column's raw values."""

    name: str
    reason: Reason
    check: Callable[[Cell], Failure | None]
    kinds: tuple[str, ...] = ()  # column kinds it applies to; empty: all
    blanks: bool = False  # failing cells are read as empty afterwards


@dataclass(frozen=True)
class Rule:
    """A rule on the parsed rows of a table."""

    name: str
    reason: Reason
    check: Callable[[Source], Iterator[Failure]]
    tables: tuple[str, ...] = ()  # tables it applies to; empty: all


@dataclass(frozen=True)
class FileRule:
    """A finding on the file as a whole (a warning, or lines that are no rows)."""

    name: str
    reason: Reason
    check: Callable[[Source], Iterator[Problem]]


# --- cell rules --------------------------------------------------------------------------------------
def _formula_without_value(cell: Cell) -> Failure | None:
    """Formula cells without a saved result read as empty: say so instead of "missing"."""
    if not cell.formulas:
        return None
    mask = np.zeros(len(cell.values), dtype=bool)
    shown = cell.values.astype(object).copy()
    for i, formula in cell.formulas:
        mask[i] = True
        shown.iloc[i] = formula
    return Failure(cell.column.name, mask, shown)


def too_long(values: pd.Series) -> np.ndarray | None:
    """Mask of texts longer than ``MAX_CELL``, or None when there are none (the common, cheap case).

    >>> too_long(pd.Series(["a", "b" * 40_000])).tolist(), too_long(pd.Series(["a"], dtype="str"))
    ([False, True], None)
    """
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_datetime64_any_dtype(values.dtype):
        return None
    arr = getattr(values.array, "_pa_array", None)
    if arr is not None:
        longest = pc.max(pc.binary_length(arr)).as_py()  # bytes >= characters; reads only the offsets
        if longest is None or longest <= MAX_CELL:
            return None
    lengths = values.map(lambda v: len(v) if isinstance(v, str) else 0, na_action="ignore")
    mask = (lengths.fillna(0) > MAX_CELL).to_numpy()
    return mask if mask.any() else None


def _value_too_long(cell: Cell) -> Failure | None:
    mask = too_long(cell.values)
    if mask is None:
        return None
    lengths = np.zeros(len(cell.values), dtype=object)
    for i in np.flatnonzero(mask):
        lengths[i] = number(len(cell.values.iloc[i]))
    return Failure(cell.column.name, mask, cell.values, {"length": lengths, "limit": number(MAX_CELL)})


CELL_RULES: tuple[CellRule, ...] = (
    CellRule("formula_without_value", Reason.FORMULA_WITHOUT_VALUE, _formula_without_value),
    CellRule("value_too_long", Reason.VALUE_TOO_LONG, _value_too_long, kinds=(ID, TEXT, ENUM), blanks=True),
)


def apply_cell_rules(cell: Cell, collected: Collector) -> pd.Series:
    """Run ``CELL_RULES`` on one column; its values, with the cells a ``blanks`` rule failed read as empty."""
    values = cell.values
    for rule in CELL_RULES:
        if rule.kinds and cell.column.kind not in rule.kinds:
            continue
        failure = rule.check(Cell(cell.column, values, cell.formulas))
        if failure is None:
            continue
        collected.collect_error(failure.mask, rule.reason, failure.column, failure.values, **failure.params)
        collected.mark_unreadable(failure.column, failure.mask)
        if rule.blanks:
            values = values.mask(pd.Series(failure.mask, index=values.index))
    return values


# --- row rules ---------------------------------------------------------------------------------------
def _missing_value(s: Source) -> Iterator[Failure]:
    """Required values present (a closed deal's close date has a rule of its own)."""
    for name in s.table.required:
        if name == "closed_at" or name not in s.canon:
            continue
        yield Failure(name, s.canon[name].isna().to_numpy() & ~s.collected.unreadable(name))


def _negative_value(s: Source) -> Iterator[Failure]:
    """Money and counts are never negative."""
    for col in s.table.columns:
        if col.kind in (MONEY, COUNT) and col.name in s.canon:
            yield Failure(col.name, (s.canon[col.name] < 0).to_numpy(), s.canon[col.name])


def _future_date(s: Source) -> Iterator[Failure]:
    """Events cannot lie ahead: a year typed 2205 for 2025 would stretch every period to the future."""
    horizon = pd.Timestamp.now().normalize() + pd.Timedelta(days=2)  # a day's grace for time zones
    for name in EVENT_DATES.get(s.table.name, ()):
        if name in s.canon and name not in s.constants:
            ahead = (s.canon[name] >= horizon).to_numpy()
            if name == "closed_at" and "status" in s.canon:
                ahead = ahead & s.canon["status"].isin(["won", "lost"]).to_numpy()
            if ahead.any():
                yield Failure(name, ahead, s.canon[name], {"today": show(pd.Timestamp.now())})


def date_window(now: pd.Timestamp | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The plausible dates: from ``EARLIEST_DATE`` to ``YEARS_AHEAD`` years after today.

    >>> [str(d.date()) for d in date_window(pd.Timestamp("2026-03-01 10:00"))]
    ['1990-01-01', '2031-03-01']
    """
    today = (now if now is not None else pd.Timestamp.now()).normalize()
    return EARLIEST_DATE, today + pd.DateOffset(years=YEARS_AHEAD)


def _date_out_of_range(s: Source) -> Iterator[Failure]:
    """Dates before 1990 or years ahead are typos; one such row would stretch the period to centuries.

    An event date ahead is ``FUTURE_DATE`` (an earlier rule); a row already set aside is not judged again
    for being late.
    """
    earliest, latest = date_window()
    params = {"earliest": show(earliest), "latest": show(latest), "years": YEARS_AHEAD}
    for col in s.table.columns:
        if col.kind != DATE or col.name not in s.canon or col.name in s.constants:
            continue
        dates = s.canon[col.name]
        days = dates.to_numpy(dtype="datetime64[us]")  # NaT compares False either way
        out = (days < earliest.to_datetime64()) | ((days > latest.to_datetime64()) & ~s.rejected)
        if out.any():
            yield Failure(col.name, out, dates, params)


def _missing_close_date(s: Source) -> Iterator[Failure]:
    """A won or lost deal has a close date."""
    closed = s.canon["status"].isin(["won", "lost"]).to_numpy()
    no_date = closed & s.canon["closed_at"].isna().to_numpy() & ~s.collected.unreadable("closed_at")
    yield Failure("closed_at", no_date, s.raw_status)


def _closed_before_created(s: Source) -> Iterator[Failure]:
    """A deal closes after it was created."""
    if "created_at" in s.canon:
        before = (s.canon["closed_at"] < s.canon["created_at"]).to_numpy()
        yield Failure("closed_at", before, s.canon["closed_at"], {"other": s.canon["created_at"].to_numpy()})


def _has_ids(s: Source) -> bool:
    """Whether the rows carry ids of their own (row numbers from ``"@row"`` say nothing about the record)."""
    return bool(s.table.id_column) and s.table.id_column in s.canon and not s.generated_ids


def _lines(s: Source) -> bool:
    """Whether repeated ids are lines of one record (an order's line items, ``kpikit.company.lines``)."""
    return s.table.name == LINE_TABLE and _has_ids(s)


def _duplicate_id(s: Source) -> Iterator[Failure]:
    """Duplicate ids: the first occurrence stays, later ones are set aside (an order's lines all stay)."""
    if not _has_ids(s) or _lines(s):
        return
    n = len(s.canon)
    ids = s.canon[s.table.id_column]
    codes = s.id_codes if s.id_codes is not None else pd.factorize(ids, use_na_sentinel=True)[0]
    order = np.argsort(codes, kind="stable")
    starts = np.r_[True, codes[order][1:] != codes[order][:-1]] if n else np.zeros(0, dtype=bool)
    first_pos = np.empty(n, dtype=np.int64)
    first_pos[order] = order[np.maximum.accumulate(np.where(starts, np.arange(n), 0))] if n else order
    dup = (first_pos != np.arange(n)) & (codes >= 0) & ~s.rejected
    if dup.any():
        yield Failure(s.table.id_column, dup, ids, {"first_row": s.collected.rows[first_pos]})


def _duplicate_id_across_files(s: Source) -> Iterator[Failure]:
    """An id loaded from an earlier file of the same table is not loaded again."""
    if not _has_ids(s) or s.previous is None or s.table.id_column not in s.previous:
        return
    ids = s.canon[s.table.id_column]
    seen = ids.isin(s.previous[s.table.id_column].dropna()).to_numpy() & ids.notna().to_numpy() & ~s.rejected
    yield Failure(s.table.id_column, seen, ids, {"files": s.previous_files})


ROW_RULES: tuple[Rule, ...] = (
    Rule("missing_value", Reason.MISSING_VALUE, _missing_value),
    Rule("negative_value", Reason.NEGATIVE_VALUE, _negative_value),
    Rule("future_date", Reason.FUTURE_DATE, _future_date),
    Rule("date_out_of_range", Reason.DATE_OUT_OF_RANGE, _date_out_of_range),
    Rule("missing_close_date", Reason.MISSING_CLOSE_DATE, _missing_close_date, tables=("deals",)),
    Rule("closed_before_created", Reason.CLOSED_BEFORE_CREATED, _closed_before_created, tables=("deals",)),
    Rule("duplicate_id", Reason.DUPLICATE_ID, _duplicate_id),
    Rule("duplicate_id_across_files", Reason.DUPLICATE_ID_ACROSS_FILES, _duplicate_id_across_files),
)


# --- file rules --------------------------------------------------------------------------------------
def _duplicate_rows(s: Source) -> Iterator[Problem]:
    """A table without ids, or an order's lines: copies of an earlier row load, with one warning.

    Whole source records are compared (every column of the file): those are ``DUPLICATE_ROWS``. Rows
    that differ in the file but are alike in the mapped columns (a bank's contacts mapped to channel and
    date only) are ``DUPLICATE_MAPPED``, a weaker note that says so; not for order lines (two lines
    alike but for an unmapped product name are the rule there).
    """
    if (_has_ids(s) and not _lines(s)) or not len(s.canon):
        return
    canon = s.canon.drop(columns=[s.table.id_column]) if s.generated_ids else s.canon
    mapped = canon.duplicated(keep="first").to_numpy() & ~s.rejected
    if not mapped.any():
        return
    whole = s.raw.frame.reset_index(drop=True).duplicated(keep="first").to_numpy() & ~s.rejected
    # rows numbered by "@row" are records by the user's word: alike in the mapped columns is no news
    weaker = np.zeros_like(whole) if s.generated_ids or _lines(s) else mapped & ~whole
    for code, mask in ((Reason.DUPLICATE_ROWS, whole), (Reason.DUPLICATE_MAPPED, weaker)):
        if mask.any():
            rows = [int(r) for r in s.collected.rows[mask]]
            yield Problem(code.value, "warning", s.table.name, s.display, rows[0], None, None,
                          {"count": len(rows), "rows": _rows_shown(rows),
                           "columns": ", ".join(sorted(c for c in canon.columns if c not in s.constants))})


def _rows_shown(rows: list[int]) -> str:
    """The first ten row numbers, then an ellipsis."""
    return ", ".join(map(str, rows[:10])) + (", …" if len(rows) > 10 else "")


def _wrapped_lines(s: Source) -> Iterator[Problem]:
    """Lines wrapped whole in an extra layer of quotes, which the reader unwrapped (``kpikit.sources.read``)."""
    rows = list(getattr(s.raw, "repaired", ()))
    if rows:
        yield Problem(Reason.WRAPPED_LINES.value, "warning", s.table.name, s.display, rows[0], None, None,
                      {"count": len(rows), "rows": _rows_shown(rows)})


def _duplicate_header(s: Source) -> Iterator[Problem]:
    for dupe in s.raw.duplicate_headers:
        yield Problem(Reason.DUPLICATE_HEADER.value, "warning", s.table.name, s.display, None, dupe, dupe)


def _broken(s: Source) -> Iterator[Problem]:
    """Ragged rows and the lines of an unclosed quote: rejected by the reader, counted here."""
    for problem, _ in broken_rows(s.raw, s.table.name, s.display):
        yield problem


def _no_rows(s: Source) -> Iterator[Problem]:
    if not len(s.canon) and not (s.raw.ragged or s.raw.unclosed):
        yield Problem(Reason.NO_ROWS.value, "warning", s.table.name, s.display, s.raw.header_row, None, None)


def _mixed_encoding(s: Source) -> Iterator[Problem]:
    """Lines decoded in another encoding than the rest of the file (``kpikit.sources.encoding``), named once."""
    mixed = s.raw.mixed
    if mixed is not None and mixed.lines:
        shown = ", ".join(map(str, mixed.lines[:10])) + (", …" if len(mixed.lines) > 10 else "")
        yield Problem(Reason.MIXED_ENCODING.value, "warning", s.table.name, s.display, mixed.lines[0], None, None,
                      {"count": len(mixed.lines), "rows": shown, "encoding": mixed.encoding, "other": mixed.other})


FILE_RULES: tuple[FileRule, ...] = (
    FileRule("duplicate_rows", Reason.DUPLICATE_ROWS, _duplicate_rows),  # and DUPLICATE_MAPPED
    FileRule("wrapped_lines", Reason.WRAPPED_LINES, _wrapped_lines),
    FileRule("duplicate_header", Reason.DUPLICATE_HEADER, _duplicate_header),
    FileRule("broken_lines", Reason.RAGGED_ROW, _broken),  # and UNCLOSED_QUOTE
    FileRule("no_rows", Reason.NO_ROWS, _no_rows),
    FileRule("mixed_encoding", Reason.MIXED_ENCODING, _mixed_encoding),
)


def apply_rules(source: Source) -> None:
    """Run ``ROW_RULES``, then ``FILE_RULES``, on ``source``; every failure goes to its collector."""
    collected = source.collected
    fit_order_lines(source)  # an order's lines: blanks from the order, contradictions set aside
    for rule in ROW_RULES:
        if rule.tables and source.table.name not in rule.tables:
            continue
        for f in rule.check(source):
            collected.collect_error(f.mask, rule.reason, f.column, f.values, **f.params)
    for file_rule in FILE_RULES:
        for problem in file_rule.check(source):
            collected.warn(problem)
