"""``Raw``: one file's raw values, with the file row of every data row and what the reader detected."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpikit.sources.encoding import Mixed

# Characters that are invisible in Excel and editors but make "Deal-ID\u200b" differ from "Deal-ID".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass
class Raw:
    """Raw values of one file, plus what was detected about it."""

    frame: pd.DataFrame
    rows: np.ndarray  # 1-based file row (line or sheet row) of each data row
    header: list[str]
    encoding: str | None = None
    sep: str | None = None
    skiprows: int = 0
    sheet: str | None = None
    ragged: list[tuple[int, int, int, str]] = field(default_factory=list)  # (row, fields, expected, text)
    duplicate_headers: list[str] = field(default_factory=list)
    unclosed: list[tuple[int, int, str]] = field(default_factory=list)  # (row, row the quote opened, text)
    formulas: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, formula) without result
    # rows a preset recognised as not data: (row, "summary" | "footer", text); reported, never silently dropped
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)  # text lines before the header (title lines)
    mixed: Mixed | None = None  # lines decoded in another encoding than the rest (two exports joined)
    repaired: list[int] = field(default_factory=list)  # file rows of lines unwrapped from an extra layer of quotes

    @property
    def header_row(self) -> int:
        """File row of the header line (1 when the file starts with it)."""
        return self.skiprows + 1


def clean_name(name: object) -> str:
    """A header name without surrounding spaces and invisible characters (zero-width space, stray BOM).

    >>> clean_name("\ufeffDeal-ID\u200b ")
    'Deal-ID'
    """
    return str(name).translate(_INVISIBLE).replace("\u00a0", " ").strip()
