"""The one collector of validation failures (as pandera's ``ErrorHandler.collect_error``).

Every rule of ``kpikit.company.rules`` and every parse failure reports here: the collector turns a
mask of failing rows into one ``Problem`` per row, marks the rows rejected, and builds the
``rejected`` frame of the source (with the original record of each row).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpikit.core.errors import Problem
from kpikit.sources.raw import Raw

REJECTED_COLUMNS = ["table", "file", "row", "column", "code", "value", "message", "fix", "record"]



@dataclass
class SourceReport:
    """What happened to one source file."""

    table: str
    file: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    detected: dict = field(default_factory=dict)
    # lines the preset recognised as report totals or the report's footer: (row, "summary" | "footer", text).
    # They are not data, so not in rows_read, but they are listed so that nothing disappears unseen.
    skipped: list = field(default_factory=list)
    # the file's column behind each canonical column ({"leads": "Conversions"}), to explain a missing column
    mapped: dict = field(default_factory=dict)

    @property
    def rows_skipped(self) -> int:
        """Lines skipped as report totals or footer."""
        return len(self.skipped)


def show(value: object) -> str:
    """A value as a message shows it: dates as ``dd.mm.yyyy``, missing as empty, long texts cut to 60 characters.

    >>> show(pd.Timestamp("2025-03-01")), show(None), show("x" * 70)[-3:]
    ('01.03.2025', '', 'xx…')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"  # strftime writes the year 1 as "1"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _scalar(value: object) -> object:
    """Row numbers and counts as plain ints in messages (2, not 2.0)."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.datetime64):
        return show(pd.Timestamp(value))
    return value


class Collector:
    """What validation found in one source: problems, rejected rows, and the cells that could not be read.

    Parameters
    ----------
    table : str
        The canonical table the source feeds.
    display : str
        How messages name the file.
    rows : ndarray of int
        The file row of each data row.
    source_name : dict of str to str
        Canonical column -> the file's column name, as messages name it.
    """

    def __init__(self, table: str, display: str, rows: np.ndarray, source_name: dict[str, str]) -> None:
        self.table, self.display, self.rows, self.source_name = table, display, rows, source_name
        self.reject = np.zeros(len(rows), dtype=bool)  # rows set aside so far
        self.problems: list[Problem] = []  # in the order found: rejected rows and warnings
        self._records: list[tuple[int, Problem]] = []  # (position of the row, its problem)
        self._unreadable: dict[str, np.ndarray] = {}

    def collect_error(self, mask: np.ndarray, code: str, column: str, values: pd.Series | None,
                      **params: object) -> None:
        """Reject the rows of ``mask`` with the reason ``code``; one problem per row.

        ``values`` (the column's values, shown in the message) may be None. A parameter given as an
        array or list is taken row by row, any other as it is.
        """
        idx = np.flatnonzero(mask)
        for i in idx:
            value = None if values is None else show(values.iloc[i])
            extra = {k: _scalar(v[i] if isinstance(v, np.ndarray | list) else v) for k, v in params.items()}
            p = Problem(str(code), "rejected", self.table, self.display, int(self.rows[i]),
                        self.source_name.get(column, column), value, extra, canonical=column)
            self.problems.append(p)
            self._records.append((int(i), p))
        self.reject[idx] = True

    def warn(self, problem: Problem) -> None:
        """Keep a file-level warning (the rows still load)."""
        self.problems.append(problem)

    def unreadable(self, column: str) -> np.ndarray:
        """Mask of the cells of ``column`` already rejected as unreadable (no second problem for them)."""
        mask = self._unreadable.get(column)
        return mask if mask is not None else np.zeros(len(self.rows), dtype=bool)

    def mark_unreadable(self, column: str, mask: np.ndarray) -> None:
        """Add ``mask`` to the unreadable cells of ``column``."""
        self._unreadable[column] = self.unreadable(column) | mask

    @property
    def has_records(self) -> bool:
        """Whether any row was rejected."""
        return bool(self._records)

    def rejected_frame(self, raw: Raw, lang: str) -> pd.DataFrame:
        """The ``rejected`` rows of this source: its row problems, then its ragged rows and unclosed quotes."""
        out = []
        for i, problem in self._records:
            original = raw.frame.iloc[i]
            record = " | ".join(f"{k}={show(v)}" for k, v in original.items() if show(v))
            out.append(_record_row(problem, lang, record))
        for p, text in broken_rows(raw, self.table, self.display):
            out.append(_record_row(p, lang, text))
        return pd.DataFrame(out, columns=REJECTED_COLUMNS)


def broken_rows(raw: Raw, table: str, display: str) -> list[tuple[Problem, str]]:
    """The lines the reader could not split into the header's fields: ``(problem, text)`` each.

    Ragged rows (too many or too few fields) first, then the lines a quote that is never closed swallowed.
    """
    out = [(Problem("RAGGED_ROW", "rejected", table, display, row, None, None, {"got": got, "expected": expected}),
            text) for row, got, expected, text in raw.ragged]
    out += [(Problem("UNCLOSED_QUOTE", "rejected", table, display, row, None, None, {"opened": opened}), show(text))
            for row, opened, text in raw.unclosed]
    return out


def _record_row(p: Problem, lang: str, record: str) -> dict:
    return {"table": p.table, "file": p.file, "row": p.row, "column": p.column, "code": p.code,
            "value": p.value, "message": p.message(lang), "fix": p.fix(lang), "record": record}
