"""How much one export may hold before the reader refuses it: no input may eat the machine.

An .xlsx is a zip: 16 MB on disk can unpack to a 4 GB sheet, and its ``<dimension>`` may claim a
billion cells it does not hold. A text file can carry a header of a million fields or one line of
50 MB. The readers check what a file holds against these limits while they read (never trusting
what the file claims about itself) and raise ``FILE_TOO_LARGE``, naming the limit and how to raise it.

Two limits can be raised, per source with ``read: {max_mb: …, max_cells: …}`` in company.yaml or for
every file with the environment variables ``KPIKIT_MAX_MB`` and ``KPIKIT_MAX_CELLS``; the read option
wins. The others are Excel's own: a sheet has at most 1,048,576 rows and 16,384 columns, and a cell at
most 32,767 characters.
"""

from __future__ import annotations

import mmap
import os
from dataclasses import dataclass

import numpy as np

from kpikit.core.errors import DataError
from kpikit.core.i18n import t
from kpikit.sources.layout import SEPARATORS

MAX_MB = 1024  # the file's content as read: a text file's size, a workbook's unpacked XML
MAX_CELLS = 25_000_000  # rows × columns, the rows padded to the widest: 1 M rows of 25 columns
MAX_ROWS = 1_048_576  # Excel's limit
MAX_COLUMNS = 16_384  # Excel's limit (column XFD)
MAX_TEXT = 32_767  # characters in one cell (Excel's limit); a longer text is cut and its row rejected
MAX_LINE = 4 << 20  # bytes of the first line of a text file (16,384 fields of 250 characters)

# read option -> (environment variable, default)
RAISABLE = {"max_mb": ("KPIKIT_MAX_MB", MAX_MB), "max_cells": ("KPIKIT_MAX_CELLS", MAX_CELLS)}


@dataclass(frozen=True)
class Limits:
    """The limits for one file, from its read options, the environment and the defaults."""

    max_mb: int = MAX_MB
    max_cells: int = MAX_CELLS

    @property
    def max_bytes(self) -> int:
        """``max_mb`` in bytes."""
        return self.max_mb << 20


def limits(options: dict, display: str) -> Limits:
    """The limits for a source with the read ``options`` (``max_mb``, ``max_cells``) of company.yaml.

    >>> limits({"max_cells": "50'000'000"}, "d.csv").max_cells
    50000000

    Raises
    ------
    DataError
        ``BAD_OPTION`` for a value (option or environment variable) that is no positive whole number.
    """
    values = {}
    for option, (env, default) in RAISABLE.items():
        given, name = options.get(option), f"read.{option}"
        if given is None and os.environ.get(env, "").strip():
            given, name = os.environ[env], env
        values[option] = default if given is None else _positive(given, name, display)
    return Limits(**values)


def _positive(value: object, name: str, display: str) -> int:
    text = str(value).replace("'", "").replace("_", "").replace("’", "").strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) <= 0:
        raise DataError("BAD_OPTION", file=display, name=name, value=value,
                        allowed="eine ganze Zahl grösser als 0 / a whole number above 0")
    return int(text)


def too_large(display: str, what: str, limit: int | None = None, found: int | None = None,
              option: str | None = None, *, row: int | None = None, fix: str = "FILE_TOO_LARGE_FIXED",
              **extra: object) -> DataError:
    """The ``FILE_TOO_LARGE`` error: what exceeded which limit, and how to raise it (``option``) if it can be.

    ``what`` names a message ``LIMIT_<what>`` (``LIMIT_BYTES``, ``LIMIT_CELLS``, …); a limit that cannot be
    raised has the fix ``fix``.
    """
    params = {"limit": _count(limit), "found": _count(found), "line": row, **extra}
    if option is None:
        return DataError("FILE_TOO_LARGE", file=display, fix_code=fix, what=_what(what, params), **params)
    env, _ = RAISABLE[option]
    suggested = _round_up(max(found or 0, (limit or 1) * 2))
    return DataError("FILE_TOO_LARGE", file=display, what=_what(what, params), option=option, env=env,
                     suggested=suggested, **params)


def _what(what: str, params: dict) -> dict[str, str]:
    return {lang: t(f"LIMIT_{what}", lang, **params) for lang in ("de", "en")}


def _round_up(n: int) -> int:
    """``n`` rounded up to two significant digits: a limit one can type.

    >>> _round_up(4_123), _round_up(2048)
    (4200, 2100)
    """
    step = 10 ** max(0, len(str(n)) - 2)
    return -(-n // step) * step


def _count(n: int | None) -> str:
    """A count with Swiss thousands separators, as messages show it.

    >>> _count(25_000_000), _count(None)
    ("25'000'000", '?')
    """
    return "?" if n is None else f"{n:,}".replace(",", "'")


HEAD_BYTES = 1 << 16  # the layout is detected from this much of the file (more when its first line is longer)


def head_size(data: bytes | mmap.mmap, display: str) -> int:
    """Bytes of the head to detect the layout from: 64 KB, or up to ``MAX_LINE`` until the first line ends.

    Raises ``FILE_TOO_LARGE`` for a first line longer than ``MAX_LINE`` (a million fields, one 50 MB cell):
    no export's header is that long, and it would be quoted in every message.
    """
    size = HEAD_BYTES
    while size < len(data):
        head = data[:size]
        if max(head.count(b"\n"), head.count(b"\r")) >= 2:
            return size
        if size >= MAX_LINE:
            if head.count(b"\n") or head.count(b"\r"):
                return size  # the first line is complete
            fields = 1 + max(head.count(sep.encode()) for sep in SEPARATORS)
            if fields > MAX_COLUMNS:
                raise too_large(display, "COLUMNS_LINE", MAX_COLUMNS, fields, mb=MAX_LINE >> 20)
            raise too_large(display, "LINE", MAX_LINE >> 20, fix="FILE_TOO_LARGE_LINE")
        size = min(size * 4, MAX_LINE)
    return size


def check_line_length(data: bytes | mmap.mmap, display: str) -> None:
    """Raise ``FILE_TOO_LARGE`` for a line longer than ``MAX_LINE`` (counted in 16 MB slices with numpy).

    The C engine and the ``csv`` module hold such a line, and every field of it, several times over.
    """
    last_break, start, step = -1, 0, 1 << 24
    lines = 0
    while start < len(data):
        chunk = np.frombuffer(data, np.uint8, count=min(step, len(data) - start), offset=start)
        breaks = np.flatnonzero(chunk == 10) + start
        edges = np.concatenate(([last_break], breaks)) if len(breaks) else np.array([last_break])
        if len(breaks):
            gaps = np.diff(edges)
            worst = int(np.argmax(gaps))
            if gaps[worst] - 1 > MAX_LINE:
                raise too_large(display, "LONG_LINE", MAX_LINE >> 20, row=lines + worst + 1,
                                fix="FILE_TOO_LARGE_LINE")
            last_break = int(breaks[-1])
            lines += len(breaks)
        start += step
        if start - last_break - 1 > MAX_LINE and start < len(data):
            raise too_large(display, "LONG_LINE", MAX_LINE >> 20, row=lines + 1, fix="FILE_TOO_LARGE_LINE")
    if len(data) - last_break - 1 > MAX_LINE:
        raise too_large(display, "LONG_LINE", MAX_LINE >> 20, row=lines + 1, fix="FILE_TOO_LARGE_LINE")
