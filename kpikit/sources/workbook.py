"""Read a workbook (.xlsx, .xlsm) into ``Raw``: the fast reader first, openpyxl when it cannot.

openpyxl is imported only when a workbook needs it: it adds about 60 ms to every load (measured with
``-X importtime``, pandas already loaded), and most companies export CSV.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from kpikit.core.errors import DataError
from kpikit.core.text import text_lines
from kpikit.sources.layout import WHITESPACE, detect_encoding, detect_layout
from kpikit.sources.limits import MAX_ROWS, Limits, limits, too_large
from kpikit.sources.raw import Raw, clean_name
from kpikit.sources.xlsx import Workbook

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, or an encrypted .xlsx


def check_workbook(path: Path, display: str, suffix: str) -> None:
    """Raise the fitting ``DataError`` for a file that is no workbook openpyxl can read.

    Tell a password-protected, old-format, misnamed or broken workbook apart before openpyxl sees it.
    """
    with path.open("rb") as fh:
        head = fh.read(65536)
    if not head.strip(b" \t\r\n\x00"):
        raise DataError("FILE_EMPTY", file=display)
    if head.startswith(OLE_MAGIC):
        # Excel saves a password-protected .xlsx as a compound file with EncryptionInfo and
        # EncryptedPackage streams; their names sit in the directory, UTF-16 encoded.
        data = path.read_bytes()
        if any(name.encode("utf-16-le") in data for name in ("EncryptionInfo", "EncryptedPackage")):
            raise DataError("FILE_ENCRYPTED", file=display)
        raise DataError("FILE_FORMAT", file=display, suffix=".xls (Excel 97–2003)", fix_code="FILE_FORMAT_XLS")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return  # a zip: openpyxl reads it, or says it is broken
    if b"\x00" not in head:
        text = head.decode("utf-8", errors="replace") if detect_encoding(head) != "cp1252" \
            else head.decode("cp1252", errors="replace")
        lines = [ln for ln in text_lines(text)[:20] if ln.strip()]
        if lines and lines[0].lstrip().startswith("<"):
            raise DataError("FILE_NOT_XLSX", file=display, kind="HTML", suffix=suffix, fix_code="FILE_NOT_XLSX_HTML")
        if lines and detect_layout(lines)[0] != WHITESPACE:
            raise DataError("FILE_NOT_XLSX", file=display, kind="CSV", suffix=suffix)
    if suffix == ".xls":
        raise DataError("FILE_FORMAT", file=display, suffix=".xls (Excel 97–2003)", fix_code="FILE_FORMAT_XLS")
    raise DataError("FILE_CORRUPT", file=display)


def read_excel(path: Path, display: str, options: dict) -> Raw:
    """Read the sheet of ``path`` that holds the expected columns (or ``read.sheet``).

    Parameters
    ----------
    path : Path
        The workbook.
    display : str
        How messages name the file.
    options : dict
        The read options (``sheet``, ``skiprows``; ``_expect_columns`` from the loader).

    Returns
    -------
    Raw
        The sheet's values, as the workbook holds them (numbers, dates and text).

    Raises
    ------
    DataError
        For a missing sheet, an empty sheet or a broken workbook; ``FILE_TOO_LARGE`` for one that unpacks to
        more than ``read.max_mb`` or holds more than ``read.max_cells`` cells (``kpikit.sources.limits``).
    """
    bounds = limits(options, display)
    data = path.read_bytes()
    check_unpacked(data, display, bounds)
    try:
        chosen = _pick_sheet(_FastBook(data, display, bounds), display, options)
    except (DataError, MemoryError):  # out of memory is no reason to try the reader that needs more
        raise
    except Exception:  # anything unexpected: openpyxl, the reference, reads it
        chosen = _pick_sheet(_OpenpyxlBook(data, display, bounds), display, options)
    return _excel_raw(path, display, chosen, bounds)


def check_unpacked(data: bytes, display: str, bounds: Limits) -> None:
    """Raise ``FILE_TOO_LARGE`` when the parts of the workbook ``data`` declare more than ``bounds.max_mb`` unpacked.

    Declared sizes can lie, so the readers count again as they unpack; this refuses an honest bomb before
    a byte is unpacked. A zip that cannot be opened is left to the readers (they say it is broken).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            declared = sum(i.file_size for i in zf.infolist() if not i.filename.startswith(("xl/media/", "docProps/")))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if declared > bounds.max_bytes:
        raise too_large(display, "UNPACKED", bounds.max_mb, declared >> 20, "max_mb")


class _FastBook:
    """The fast reader of ``kpikit.sources.xlsx`` behind the interface of ``_OpenpyxlBook``."""

    def __init__(self, data: bytes, display: str, bounds: Limits):
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._book = Workbook(self._zip, display, bounds)
        self.sheetnames = list(self._book.sheets)

    def rows(self, name: str) -> list[tuple]:
        return self._book.rows(name)

    def close(self) -> None:
        self._zip.close()


class _OpenpyxlBook:
    def __init__(self, data: bytes, display: str, bounds: Limits):
        import openpyxl  # lazy: see the module docstring

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # From a file object, so that an .xlsx saved under an .xls name is read too.
                self._book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as err:  # zipfile, XML and openpyxl raise many types for a broken workbook
            raise DataError("FILE_CORRUPT", file=display) from err
        self.sheetnames = self._book.sheetnames
        self._display = display
        self._bounds = bounds

    def rows(self, name: str) -> list[tuple]:
        sheet = self._book[name]
        sheet.reset_dimensions()  # never trust <dimension>: rows as wide as their last cell, as the fast reader
        out, padded = [], 0
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for row in sheet.iter_rows(values_only=True):
                    padded += len(row)
                    if len(out) >= MAX_ROWS:
                        raise too_large(self._display, "ROWS", MAX_ROWS, len(out) + 1)
                    if padded > self._bounds.max_cells:
                        raise too_large(self._display, "CELLS", self._bounds.max_cells, self._bounds.max_cells,
                                        "max_cells")
                    out.append(row)
        except (DataError, MemoryError):
            raise
        except Exception as err:  # a sheet whose XML is broken
            raise DataError("FILE_CORRUPT", file=self._display) from err
        return out

    def close(self) -> None:
        self._book.close()


def _pick_sheet(book, display: str, options: dict) -> tuple:
    """The sheet to read: the one named in ``read.sheet``, else the first whose header holds the mapped columns."""
    try:
        sheets = book.sheetnames
        wanted = options.get("sheet")
        if wanted is not None:
            if isinstance(wanted, int):
                if not 0 <= wanted < len(sheets):
                    raise DataError("SHEET_NOT_FOUND", file=display, sheet=wanted, sheets=", ".join(sheets))
                wanted = sheets[wanted]
            if wanted not in sheets:
                raise DataError("SHEET_NOT_FOUND", file=display, sheet=wanted, sheets=", ".join(sheets))
            candidates = [wanted]
        else:
            candidates = sheets
        expected = {clean_name(c).casefold() for c in options.get("_expect_columns", ())}
        chosen = None
        for name in candidates:
            values = book.rows(name)
            skip = int(options.get("skiprows", _first_header_row(values)))
            header = [clean_name(v) if v is not None else "" for v in values[skip]] if len(values) > skip else []
            folded = {h.casefold() for h in header}
            if chosen is None or (expected and expected <= folded and not expected <= chosen[4]):
                chosen = (name, values, header, skip, folded)
            if not expected or expected <= folded:
                break
    finally:
        book.close()
    return chosen


def _excel_raw(path: Path, display: str, chosen: tuple, bounds: Limits) -> Raw:
    name, values, header, skip, _ = chosen
    if not header or not any(header):
        raise DataError("FILE_EMPTY", file=display)
    rest = values[skip + 1 :]  # rows as read: each as wide as its last cell, empty rows empty
    filled = [_last_filled(r) for r in rest]
    # as wide as the header or the widest filled row (the used range, which <dimension> only claims)
    width = max(len(header), max(filled, default=0))
    header = header + [""] * (width - len(header))
    rows = np.arange(skip + 2, skip + 2 + len(rest), dtype=np.int64)
    names = [h if h else f"Spalte {i + 1}" for i, h in enumerate(header)]
    formulas = _uncached_formulas(path, name, rest, skip, names)
    keep = [i for i, n in enumerate(filled) if n]
    if formulas:
        keep = sorted(set(keep) | {row - skip - 2 for row, _, _ in formulas})
    if len(keep) * width > bounds.max_cells:  # the rows kept, padded to the header
        raise too_large(display, "CELLS", bounds.max_cells, len(keep) * width, "max_cells")
    body = [list(rest[i][:width]) + [None] * (width - len(rest[i])) for i in keep]
    rows = rows[keep]
    dupes = [h for h, n in Counter(names).items() if n > 1]
    frame = pd.DataFrame(body, columns=_dedupe(names), dtype=object)
    return Raw(frame, rows, names, None, None, skip, name, [], dupes, formulas=formulas)


def _uncached_formulas(path: Path, sheet: str, body: list[list], skip: int, names: list[str]) -> list:
    """Formula cells of ``sheet`` that carry no saved result: ``(row, column, formula)``.

    openpyxl reads the result Excel saved with a formula. A workbook written by a program that
    never calculated it has none, and the cell would read as empty. Only workbooks that hold
    formulas at all are opened a second time.
    """
    width = len(names)
    if not any(len(r) < width or None in r[:width] for r in body):
        return []
    try:
        with zipfile.ZipFile(path) as zf:
            if not any(b"</f>" in zf.read(i) for i in zf.namelist() if i.startswith("xl/worksheets/")):
                return []
    except (zipfile.BadZipFile, OSError, KeyError):
        return []
    import openpyxl  # lazy: see the module docstring

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=False)
    try:
        out = []
        ws = book[sheet]
        ws.reset_dimensions()  # never trust <dimension> (kpikit.sources.limits)
        for i, row in enumerate(ws.iter_rows(min_row=skip + 2, values_only=True)):
            if i >= len(body):
                break
            for j, v in enumerate(row[:width]):
                text = getattr(v, "text", v)  # array formulas come as objects with .text
                if isinstance(text, str) and text.startswith("=") and (j >= len(body[i]) or body[i][j] is None):
                    out.append((skip + 2 + i, names[j], text))
        return out
    finally:
        book.close()


def _last_filled(row: tuple | list) -> int:
    """1 + the position of the row's last filled cell; 0 for a row with no value.

    >>> _last_filled((None, "a", " ", None)), _last_filled(())
    (2, 0)
    """
    for j in range(len(row) - 1, -1, -1):
        v = row[j]
        if v is not None and str(v).strip() != "":
            return j + 1
    return 0


def _first_header_row(values: list[tuple]) -> int:
    """The first row with at least half as many filled cells as the widest of the first rows."""
    head = values[:30]
    filled = [sum(v is not None and str(v).strip() != "" for v in r) for r in head]
    if not filled:
        return 0
    widest = max(filled)
    return next(i for i, n in enumerate(filled) if n >= max(1, widest // 2 + 1) or n == widest)


def _dedupe(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for n in names:
        out.append(n if not seen[n] else f"{n}.{seen[n]}")
        seen[n] += 1
    return out
