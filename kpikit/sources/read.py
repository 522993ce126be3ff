"""Read one export file into a frame of raw values, detecting its layout.

CSV-like text is read with every column as text, so that the parsers in ``kpikit.sources.parse`` see exactly
what the export holds. The returned ``Raw`` knows the file row of every data row, so a problem
can be reported as "row 412" just as the user sees it in an editor or in Excel.
"""

from __future__ import annotations

import csv
import io
import mmap
import re
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from kpikit.core.errors import DataError
from kpikit.core.i18n import t
from kpikit.core.text import text_lines
from kpikit.sources.encoding import BOM, Mixed, decode_mixed, has_utf8_chars, strip_boms
from kpikit.sources.kind import check_file
from kpikit.sources.layout import (
    SEPARATORS,
    WHITESPACE,
    check_given_sep,
    declared_sep,
    detect_encoding,
    detect_layout,
    is_wrapped,
    looks_binary,
    sep_name,
    split_header,
    unwrap,
)
from kpikit.sources.limits import MAX_COLUMNS, Limits, check_line_length, head_size, limits, too_large
from kpikit.sources.raw import Raw, clean_name
from kpikit.sources.workbook import EXCEL_SUFFIXES, OLE_MAGIC, check_workbook, read_excel

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ".dat"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
READ_OPTIONS = (
    "sep", "encoding", "decimal", "thousands", "date_format", "date_order", "sheet", "skiprows", "names",
    "max_mb", "max_cells",  # the limits of kpikit.sources.limits, raised for this source
)


def read_raw(path: Path, display: str, options: dict) -> Raw:
    """Read one export file (text, workbook or parquet) into raw values.

    Parameters
    ----------
    path : Path
        The file. Its content decides, not only its name: a workbook saved as ``.csv`` is read as one.
    display : str
        How messages name the file.
    options : dict
        The source's ``read`` options of company.yaml (``sep``, ``encoding``, ``skiprows``, ``sheet``,
        ``names``…); the loader adds ``_expect_columns`` to pick a workbook's sheet.

    Returns
    -------
    Raw
        The values (text columns for text files), the file row of each data row, and what was
        detected (encoding, separator, preamble, ragged rows, unclosed quotes).

    Raises
    ------
    DataError
        For a file that is empty, encrypted, in an old or unknown format, or unreadable.
    """
    check_file(path, display)  # a folder, a pipe, a device or /proc: said, never opened
    size = path.stat().st_size
    if size == 0:
        raise DataError("FILE_EMPTY", file=display)  # without reading: a pseudo file says 0 and holds more
    bounds = limits(options, display)
    if size > bounds.max_bytes:
        raise too_large(display, "BYTES", bounds.max_mb, -(-size >> 20), "max_mb")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES or suffix == ".xls":
        check_workbook(path, display, suffix)
        return read_excel(path, display, options)
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(path, display, bounds)
    if suffix in TEXT_SUFFIXES or suffix == "":
        with path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith((b"PK\x03\x04", OLE_MAGIC)):
            # A workbook saved under a text name (umsatz.csv that is really an .xlsx): read what it is.
            check_workbook(path, display, suffix)
            return read_excel(path, display, options)
        return _read_text(path, display, options)
    raise DataError("FILE_FORMAT", file=display, suffix=suffix)


def _read_text(path: Path, display: str, options: dict, data: bytes | None = None) -> Raw:
    if data is None:
        data = _map_file(path)  # large files: mapped, not copied (the fast path only counts lines in it)
    head = head_size(data, display)
    if not data[:head].lstrip(b"\xef\xbb\xbf\xff\xfe").strip(b" \t\r\n\x00"):
        raise DataError("FILE_EMPTY", file=display)
    given = options.get("encoding")
    # Detected from the head; a file that turns out not to be UTF-8 further down is read again, as cp1252
    # or, when it holds UTF-8 too, line by line (kpikit.sources.encoding).
    encoding = given or detect_encoding(data[:head])
    if not given:
        redone = _one_encoding(data, encoding)
        if redone is not None:
            text, mixed = redone
            # the encoding is settled, unless only byte order marks were dropped: then detect it again
            again = {**options, "_decoded": mixed} if mixed.other == mixed.encoding else \
                {**options, "encoding": "utf-8", "_decoded": mixed}
            return _read_text(path, display, again, text)
    try:
        text_head = data[:head].decode(encoding, errors="replace")
    except LookupError as err:
        raise DataError("BAD_OPTION", file=display, name="read.encoding", value=encoding,
                        allowed="utf-8, utf-8-sig, cp1252, latin-1, utf-16") from err
    if not given and looks_binary(text_head):
        raise DataError("FILE_NOT_TEXT", file=display)
    lines = text_lines(text_head)[:60]
    if len(data) > head and len(lines) > 1:
        lines = lines[:-1]  # last line may be cut
    if not lines:
        raise DataError("FILE_EMPTY", file=display)
    if not options.get("_unwrapped") and is_wrapped(lines):
        # Every line wrapped in one more layer of quotes ("a;b;""c"""): unwrap, then read as usual.
        text = unwrap(_as_bytes(data).decode(encoding, errors="replace"))
        return _read_text(path, display, {**options, "encoding": "utf-8", "_unwrapped": True}, text.encode())
    sep, skip = detect_layout(lines, path.suffix.lower())
    declared = declared_sep(lines[0])
    if declared:
        sep, skip = declared, 1  # Excel's "sep=;" line
    if "sep" in options:
        check_given_sep(options["sep"], sep, lines, skip, display)
    sep = options.get("sep", sep)
    if sep in ("whitespace", " ", r"\s+"):
        sep = WHITESPACE
    skip = int(options.get("skiprows", skip))
    names = options.get("names")
    header_line = None if names else lines[skip] if skip < len(lines) else ""
    header = list(names) if names else [clean_name(h) for h in split_header(header_line, sep)]
    if len(header) > MAX_COLUMNS:
        raise too_large(display, "COLUMNS", MAX_COLUMNS, len(header))
    line_count = _line_count(data)
    bounds = limits(options, display)
    if line_count * len(header) > bounds.max_cells:
        raise too_large(display, "CELLS", bounds.max_cells, line_count * len(header), "max_cells")
    dupes = [h for h, n in Counter(header).items() if n > 1]
    kwargs = dict(
        dtype="str", keep_default_na=False, na_values=[""], skiprows=skip,
        header=None if names else 0, names=list(names) if names else None, encoding=encoding,
        skip_blank_lines=False,  # keep blank lines so that row numbers stay those of the file
    )
    # pyarrow reads in parallel and is several times faster than the C engine for all-text columns;
    # it skips blank lines, so files with blank lines (rare) and whitespace layouts use the C engine.
    fast = sep != WHITESPACE and encoding in ("utf-8", "utf-8-sig", "cp1252") and not options.get("_exact")
    if sep == WHITESPACE:
        kwargs["sep"] = r"\s+"
    else:
        kwargs["sep"] = sep
    if not fast:
        check_line_length(data, display)  # the line-aware paths hold a line (and its fields) in memory
        data = _as_bytes(data)
    if fast:
        kwargs.pop("skip_blank_lines")
        if encoding == "utf-8-sig":
            # pyarrow skips a UTF-8 BOM itself; any other encoding name makes it transcode in Python,
            # which doubles the read time
            kwargs["encoding"] = "utf-8"
    source = io.BytesIO(data) if options.get("_unwrapped") or "_decoded" in options else path
    again = {**options, "encoding": encoding}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = pd.read_csv(source, engine="pyarrow" if fast else "c", **kwargs)
        ragged: list[tuple[int, int, int, str]] = []
        unclosed: list[tuple[int, int, str]] = []
        repaired: list[int] = []
        rows = _row_numbers(frame, skip, names is not None)
        lines_expected = len(frame) + skip + (0 if names else 1)
        if fast and line_count != lines_expected:
            # Blank lines or line breaks inside quotes: pyarrow's rows no longer match the file's lines,
            # so read again with the C engine, which keeps blank lines apart.
            return _read_text(path, display, {**again, "_exact": True}, _as_bytes(data))
        if not fast and sep != WHITESPACE and line_count != lines_expected:
            # Line breaks inside quoted fields: one record spans several lines. Only the line-aware
            # reader knows on which line each record starts.
            raise _MultiLine
        if not fast and sep != WHITESPACE and _has_short_rows(data, encoding, sep, skip, len(frame.columns)):
            # The C engine pads a short line with empty fields; a broken line must be reported, not loaded.
            raise _MultiLine
        if not fast and sep != WHITESPACE and _has_blank_lines(data):
            # Rows read from blank lines are not data: drop exactly those, keep the file's row numbers.
            lines = text_lines(data.decode(encoding, errors="replace"))
            blank = np.isin(rows, [i + 1 for i, ln in enumerate(lines) if not ln.strip()])
            frame, rows = frame[~blank].reset_index(drop=True), rows[~blank]
    except pd.errors.EmptyDataError as err:
        raise DataError("FILE_EMPTY", file=display) from err
    except (UnicodeDecodeError, ValueError, _MultiLine) as err:
        data = _as_bytes(data)
        not_utf8 = isinstance(err, UnicodeDecodeError) or "utf8" in str(err).lower().replace("-", "")
        if not_utf8 and not given and encoding.startswith("utf-8"):
            redone = decode_mixed(data)  # UTF-8 lines and others: each line in its own encoding
            if redone is not None:
                return _read_text(path, display, {**options, "encoding": "utf-8", "_decoded": redone[1]}, redone[0])
            return _read_text(path, display, {**options, "encoding": "cp1252"}, data)
        if isinstance(err, UnicodeDecodeError):
            raise DataError("FILE_UNREADABLE", file=display, detail=f"encoding {encoding}: {err.reason}") from err
        if fast and not isinstance(err, _MultiLine) and not _COLUMN_COUNT.search(str(err)):
            # pyarrow gives up on more than ragged rows (e.g. a field larger than its block): the C engine
            # decides, and the line-aware reader handles what it cannot.
            return _read_text(path, display, {**again, "_exact": True}, data)
        # ragged rows, unclosed quotes, multi-line fields: keep the good rows, record the others
        frame, rows, ragged, unclosed = _read_text_tolerant(data.decode(encoding, errors="replace"), sep, skip, names)
        repaired = frame.attrs.pop("repaired")
    frame.columns = [clean_name(c) for c in frame.columns]
    mixed = options.get("_decoded")
    if mixed is not None:
        encoding = mixed.encoding
    raw = Raw(frame, rows, header, encoding, sep, skip, None, ragged, dupes, unclosed, preamble=lines[:skip][:30],
              mixed=mixed if mixed is not None and mixed.lines else None)
    raw.repaired = repaired  # file rows of lines unwrapped from an extra layer of quotes (_unwrapped)
    return raw


def _one_encoding(data: bytes | mmap.mmap, encoding: str) -> tuple[bytes, Mixed] | None:
    """The text again, as UTF-8 bytes, when the detected ``encoding`` is not the whole story; else None.

    A file that looks cp1252 from its head but holds UTF-8 characters too is decoded line by line; a UTF-8
    file with a byte order mark after its start (two exports joined) loses those marks.
    """
    if encoding == "cp1252" and has_utf8_chars(data):
        return decode_mixed(_as_bytes(data))
    if encoding in ("utf-8", "utf-8-sig"):
        stripped = strip_boms(data)
        if stripped is not None:
            return stripped[3:] if stripped.startswith(BOM) else stripped, Mixed("utf-8", "utf-8", [])
    return None


_DATA_CELL = re.compile(r"^[-+]?[\d'’.,:/ ]*\d[\d'’.,:/ ]*$")


def header_is_data(raw: Raw, display: str, wanted: list[str]) -> None:
    """Raise ``HEADER_IS_DATA`` when the row read as header holds data and a title line above holds the names.

    That happens when the header and the data rows split into different numbers of fields: a header
    with ``;`` over data with ``,``, or unquoted decimal commas (``132,94``) in a comma file. The
    layout detector then takes the real header for a title line. Called only where a required
    column is missing anyway, so it never stops a file that loads.
    """
    cells = [str(h).strip() for h in raw.header if str(h).strip()]
    if not raw.skiprows or not raw.preamble or not cells:
        return
    if sum(bool(_DATA_CELL.match(c)) for c in cells) * 3 < len(cells):
        return  # mostly text: a header, just not the expected one
    names = [w.strip().casefold() for w in wanted if w and w.strip()]
    for i in range(len(raw.preamble) - 1, -1, -1):
        line = raw.preamble[i]
        if any(n in line.casefold() for n in names):
            shown = {lang: ", ".join(t("SRC_QUOTED", lang, name=c) for c in cells[:4]) for lang in ("de", "en")}
            header_sep = max(SEPARATORS, key=lambda sp: len(split_header(line, sp)))
            mixed = raw.sep not in (None, WHITESPACE) and header_sep != raw.sep
            why = {"header_sep": sep_name(header_sep), "data_sep": sep_name(raw.sep or ","),
                   "header_fields": len(split_header(line, header_sep)), "data_fields": len(raw.header)}
            key = "HEADER_MIXED_SEP" if mixed else "HEADER_FIELD_COUNT"
            raise DataError("HEADER_IS_DATA", file=display, row=raw.header_row, values=shown, header_row=i + 1,
                            header_text=line.strip()[:90] + ("…" if len(line.strip()) > 90 else ""),
                            reason={lang: t(key, lang, **why) for lang in ("de", "en")}, **why)

class _MultiLine(Exception):
    """A record spans several lines or has the wrong number of fields; read again line by line."""


# pyarrow's message for a line with too few or too many fields: the line-aware reader records those.
_COLUMN_COUNT = re.compile(r"Expected \d+ columns, got \d+")


def _has_short_rows(data: bytes, encoding: str, sep: str, skip: int, width: int) -> bool:
    """Whether a non-blank record has fewer fields than the header (the C engine pads those silently)."""
    csv.field_size_limit(2**31 - 1)
    lines = text_lines(data.decode(encoding, errors="replace"))[skip:]
    return any(0 < len(f) < width and any(x.strip() for x in f) for f in csv.reader(lines, delimiter=sep))


def _line_count(data: bytes) -> int:
    """Lines in the file, as an editor counts them (a final line break opens no new line)."""
    newlines = _count_byte(data, b"\n") or _count_byte(data, b"\r")
    return newlines + (0 if data[-1:] in (b"\n", b"\r") else 1)


MAP_BYTES = 1 << 24  # text files this large are memory-mapped rather than read into a copy
COUNT_BYTES = 1 << 20  # from this size, bytes are counted with numpy


def _map_file(path: Path) -> bytes | mmap.mmap:
    """The file's bytes; a read-only memory map for files of 16 MB and more (no 200 MB copy)."""
    size = path.stat().st_size
    if size < MAP_BYTES or size == 0:
        return path.read_bytes()
    with path.open("rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def _as_bytes(data: bytes | mmap.mmap) -> bytes:
    """Bytes for the slower paths, which decode and split the whole text."""
    return data if isinstance(data, bytes) else data[:]


def _count_byte(data: bytes, byte: bytes) -> int:
    r"""``data.count(byte)``, three times faster on large files (numpy over 16 MB slices).

    >>> _count_byte(b"a\nb\n", b"\n")
    2
    """
    if len(data) < COUNT_BYTES:
        return data.count(byte)
    code, step = byte[0], 1 << 24
    return sum(int(np.count_nonzero(np.frombuffer(data, np.uint8, count=min(step, len(data) - o), offset=o) == code))
               for o in range(0, len(data), step))


def _has_blank_lines(data: bytes) -> bool:
    """Whether the text has an empty line between data lines (which shifts row numbers if skipped)."""
    end = len(data)
    while end and data[end - 1] in b"\r\n \t":
        end -= 1
    return any(data.find(pattern, 0, end) >= 0 for pattern in (b"\n\n", b"\n\r\n", b"\r\r"))


def _row_numbers(frame: pd.DataFrame, skip: int, headerless: bool) -> np.ndarray:
    # File row of each data row: preamble + header + position (blank lines are read as empty rows).
    first = skip + (1 if headerless else 2)
    return np.arange(first, first + len(frame), dtype=np.int64)


def _read_text_tolerant(
    text: str, sep: str, skip: int, names: list[str] | None
) -> tuple[pd.DataFrame, np.ndarray, list[tuple[int, int, int, str]], list[tuple[int, int, str]]]:
    """Line-aware path for files with ragged rows, unclosed quotes or multi-line fields.

    Every well-formed record is kept with the file row it starts on; the others are recorded:
    ragged rows as ``(row, fields, expected, text)``, and the lines swallowed by a quote that is
    never closed as ``(row, row the quote opened, text)``.
    """
    csv.field_size_limit(2**31 - 1)  # a 1 MB cell is data to report, not a reason to crash
    lines = re.split(r"\r\n|\n|\r", text)
    if lines and lines[-1] == "":
        lines.pop()
    unclosed: list[tuple[int, int, str]] = []
    repaired: list[int] = []
    if sep == WHITESPACE:
        records = [(i + 1, ln.split()) for i, ln in enumerate(lines) if i >= skip and ln.strip()]
    else:
        reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=sep)
        records, spans, prev = [], [], 0
        for fields in reader:
            start, prev = prev + 1 + skip, reader.line_num
            if fields and any(f.strip() for f in fields):
                records.append((start, fields))
                spans.append((start, prev + skip))
        if len(records) > 1:
            start, end = spans[-1]
            if end > start and "\n".join(lines[start - 1 :]).count('"') % 2:
                # A quote opened on `start` is never closed: it swallowed every line up to the end.
                records.pop()
                unclosed = [(r, start, lines[r - 1]) for r in range(start, end + 1) if lines[r - 1].strip()]
    if names:
        header, body = list(names), records
    else:
        header, body = [clean_name(h) for h in records[0][1]], records[1:]
    width = len(header)
    if width > 1 and sep != WHITESPACE:
        body = [(row, _unwrapped(f, sep, width, repaired, row)) for row, f in body]
    good = [(row, f) for row, f in body if len(f) == width]
    ragged = [(row, len(f), width, " | ".join(f)) for row, f in body if len(f) != width]
    frame = pd.DataFrame([f for _, f in good], columns=header, dtype="str")
    frame = frame.replace({"": None}).astype("str") if len(frame) else frame
    frame = frame.mask(frame.isna() | (frame == "None"))
    frame.attrs["repaired"] = repaired
    return frame, np.array([row for row, _ in good], dtype=np.int64), ragged, unclosed


def _unwrapped(fields: list[str], sep: str, width: int, repaired: list[int], row: int) -> list[str]:
    """A line read as one field that holds a whole record (``"1,""API"",0"``): its fields; else as it is.

    Some exports wrap single lines in one more layer of quotes. The line is repaired when its one field
    splits into exactly the header's ``width`` fields, and its row is added to ``repaired``.
    """
    if len(fields) != 1 or sep not in fields[0]:
        return fields
    inner = next(csv.reader([fields[0]], delimiter=sep), [])
    if len(inner) != width:
        return fields
    repaired.append(row)
    return inner



def _read_parquet(path: Path, display: str, bounds: Limits) -> Raw:
    try:
        import pyarrow.parquet as pq  # lazy: only parquet sources need it

        meta = pq.ParquetFile(path).metadata  # what the file says it holds, before a byte is unpacked
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    except Exception as err:  # pyarrow raises many types for corrupt files
        raise DataError("FILE_UNREADABLE", file=display, detail=str(err).splitlines()[0]) from err
    if meta.num_columns > MAX_COLUMNS:
        raise too_large(display, "COLUMNS", MAX_COLUMNS, meta.num_columns)
    if meta.num_rows * meta.num_columns > bounds.max_cells:
        raise too_large(display, "CELLS", bounds.max_cells, meta.num_rows * meta.num_columns, "max_cells")
    if unpacked > bounds.max_bytes:
        raise too_large(display, "UNPACKED", bounds.max_mb, unpacked >> 20, "max_mb")
    try:
        frame = pd.read_parquet(path)
    except Exception as err:  # pyarrow raises many types for corrupt files
        raise DataError("FILE_UNREADABLE", file=display, detail=str(err).splitlines()[0]) from err
    frame.columns = [str(c) for c in frame.columns]
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    return Raw(frame.reset_index(drop=True), rows, list(frame.columns))
