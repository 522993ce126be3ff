"""Read one export file into a frame of raw values, detecting its layout.

CSV-like text is read with every column as text, so that the parsers in ``_parse`` see exactly
what the export holds. The returned ``Raw`` knows the file row of every data row, so a problem
can be reported as "row 412" just as the user sees it in an editor or in Excel.
"""

from __future__ import annotations

import csv
import io
import mmap
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kpikit.core.errors import DataError

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ".dat"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
SEPARATORS = (";", ",", "\t", "|")
WHITESPACE = "whitespace"
READ_OPTIONS = (
    "sep", "encoding", "decimal", "thousands", "date_format", "date_order", "sheet", "skiprows", "names",
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, or an encrypted .xlsx
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


def read_raw(path: Path, display: str, options: dict) -> Raw:
    """Read ``path``; ``display`` is how messages name the file."""
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES or suffix == ".xls":
        _check_workbook(path, display, suffix)
        return _read_excel(path, display, options)
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(path, display)
    if suffix in TEXT_SUFFIXES or suffix == "":
        with path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith((b"PK\x03\x04", OLE_MAGIC)):
            # A workbook saved under a text name (umsatz.csv that is really an .xlsx): read what it is.
            _check_workbook(path, display, suffix)
            return _read_excel(path, display, options)
        return _read_text(path, display, options)
    raise DataError("FILE_FORMAT", file=display, suffix=suffix)


def _check_workbook(path: Path, display: str, suffix: str) -> None:
    """Tell a password-protected, old-format, misnamed or broken workbook apart before openpyxl sees it."""
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
        lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
        if lines and lines[0].lstrip().startswith("<"):
            raise DataError("FILE_NOT_XLSX", file=display, kind="HTML", suffix=suffix, fix_code="FILE_NOT_XLSX_HTML")
        if lines and detect_layout(lines)[0] != WHITESPACE:
            raise DataError("FILE_NOT_XLSX", file=display, kind="CSV", suffix=suffix)
    if suffix == ".xls":
        raise DataError("FILE_FORMAT", file=display, suffix=".xls (Excel 97–2003)", fix_code="FILE_FORMAT_XLS")
    raise DataError("FILE_CORRUPT", file=display)


# --- text --------------------------------------------------------------------------------------------
def detect_encoding(head: bytes, whole: bytes | None = None) -> str:
    r"""UTF-8 with BOM, UTF-16, UTF-8 or cp1252.

    >>> detect_encoding(b"\xef\xbb\xbfa;b")
    'utf-8-sig'
    >>> detect_encoding("Zürich".encode("cp1252"))
    'cp1252'
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    pairs = head[: len(head) // 2 * 2][:4000]
    if len(pairs) >= 4 and pairs[1::2].count(0) > 0.9 * (len(pairs) // 2):
        return "utf-16-le"  # UTF-16 without BOM: every second byte of Latin text is zero
    if len(pairs) >= 4 and pairs[0::2].count(0) > 0.9 * (len(pairs) // 2):
        return "utf-16-be"
    try:
        (whole if whole is not None else head).decode("utf-8")
    except UnicodeDecodeError as err:
        if whole is None and err.start > len(head) - 4:
            return "utf-8"  # a multi-byte character cut by the sample boundary
        return "cp1252"
    return "utf-8"


def _count_outside_quotes(line: str, sep: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            count += 1
    return count


def detect_layout(lines: list[str], suffix: str = "") -> tuple[str, int]:
    r"""Find the separator and the number of preamble lines before the header.

    The separator is the candidate whose field count is most consistent over the sample; the
    header is the first line with that count. Ties prefer no preamble, then a tab for ``.tsv``
    files, then more columns. Without any candidate the file is whitespace-separated.

    >>> detect_layout(["Bericht", "1. Okt - 30. Sep", "Tag,Kampagne,Kosten", "2025-01-01,A,1.5"])
    (',', 2)
    >>> detect_layout(["a;b;c", "1;2,5;3"])
    (';', 0)
    >>> detect_layout(["Tag\tKosten", "2025-01-01\t3,50"], ".tsv")
    ('\t', 0)
    """
    filled = [i for i, ln in enumerate(lines) if ln.strip()]  # blank lines count for skiprows, not for layout
    best: tuple | None = None
    for sep in SEPARATORS:
        counts = [_count_outside_quotes(lines[i], sep) for i in filled]
        if not counts:
            continue
        tally = Counter(counts)
        modal = max(tally, key=lambda c: (tally[c], c > 0, -counts.index(c)))
        if modal == 0:
            continue
        first = counts.index(modal)
        start = filled[first]
        body = counts[first:]
        consistency = sum(c == modal for c in body) / len(body)
        key = (round(consistency, 2), -start, sep == "\t" and suffix in (".tsv", ".tab"), modal)
        if best is None or key > best[0]:
            best = (key, sep, start)
    if best is None:
        return WHITESPACE, 0
    return best[1], best[2]


def _read_text(path: Path, display: str, options: dict, data: bytes | None = None) -> Raw:
    if data is None:
        data = _map_file(path)  # large files: mapped, not copied (the fast path only counts lines in it)
    if not data[:65536].lstrip(b"\xef\xbb\xbf\xff\xfe").strip(b" \t\r\n\x00"):
        raise DataError("FILE_EMPTY", file=display)
    given = options.get("encoding")
    # Detected from the head; a file that turns out not to be UTF-8 further down is read again as cp1252.
    encoding = given or detect_encoding(data[:65536])
    try:
        text_head = data[:65536].decode(encoding, errors="replace")
    except LookupError as err:
        raise DataError("BAD_OPTION", file=display, name="read.encoding", value=encoding,
                        allowed="utf-8, utf-8-sig, cp1252, latin-1, utf-16") from err
    if not given and _binary(text_head):
        raise DataError("FILE_NOT_TEXT", file=display)
    lines = text_head.splitlines()[:60]
    if len(data) > 65536 and len(lines) > 1:
        lines = lines[:-1]  # last line may be cut
    if not lines:
        raise DataError("FILE_EMPTY", file=display)
    if not options.get("_unwrapped") and _wrapped(lines):
        # Every line wrapped in one more layer of quotes ("a;b;""c"""): unwrap, then read as usual.
        text = _unwrap(_as_bytes(data).decode(encoding, errors="replace"))
        return _read_text(path, display, {**options, "encoding": "utf-8", "_unwrapped": True}, text.encode())
    sep, skip = detect_layout(lines, path.suffix.lower())
    declared = _declared_sep(lines[0])
    if declared:
        sep, skip = declared, 1  # Excel's "sep=;" line
    if "sep" in options:
        _check_given_sep(options["sep"], sep, lines, skip, display)
    sep = options.get("sep", sep)
    if sep in ("whitespace", " ", r"\s+"):
        sep = WHITESPACE
    skip = int(options.get("skiprows", skip))
    names = options.get("names")
    header_line = None if names else lines[skip] if skip < len(lines) else ""
    header = list(names) if names else [clean_name(h) for h in _split_header(header_line, sep)]
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
        data = _as_bytes(data)
    if fast:
        kwargs.pop("skip_blank_lines")
        if encoding == "utf-8-sig":
            # pyarrow skips a UTF-8 BOM itself; any other encoding name makes it transcode in Python,
            # which doubles the read time
            kwargs["encoding"] = "utf-8"
    source = path if not options.get("_unwrapped") else io.BytesIO(data)
    again = {**options, "encoding": encoding}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = pd.read_csv(source, engine="pyarrow" if fast else "c", **kwargs)
        ragged: list[tuple[int, int, int, str]] = []
        unclosed: list[tuple[int, int, str]] = []
        rows = _row_numbers(frame, skip, names is not None)
        lines_expected = len(frame) + skip + (0 if names else 1)
        if fast and _line_count(data) != lines_expected:
            # Blank lines or line breaks inside quotes: pyarrow's rows no longer match the file's lines,
            # so read again with the C engine, which keeps blank lines apart.
            return _read_text(path, display, {**again, "_exact": True}, _as_bytes(data))
        if not fast and sep != WHITESPACE and _line_count(data) != lines_expected:
            # Line breaks inside quoted fields: one record spans several lines. Only the line-aware
            # reader knows on which line each record starts.
            raise _MultiLine
        if not fast and sep != WHITESPACE and _has_short_rows(data, encoding, sep, skip, len(frame.columns)):
            # The C engine pads a short line with empty fields; a broken line must be reported, not loaded.
            raise _MultiLine
        if not fast and sep != WHITESPACE and _has_blank_lines(data):
            # Rows read from blank lines are not data: drop exactly those, keep the file's row numbers.
            lines = data.decode(encoding, errors="replace").splitlines()
            blank = np.isin(rows, [i + 1 for i, ln in enumerate(lines) if not ln.strip()])
            frame, rows = frame[~blank].reset_index(drop=True), rows[~blank]
    except pd.errors.EmptyDataError as err:
        raise DataError("FILE_EMPTY", file=display) from err
    except (UnicodeDecodeError, ValueError, _MultiLine) as err:
        data = _as_bytes(data)
        not_utf8 = isinstance(err, UnicodeDecodeError) or "utf8" in str(err).lower().replace("-", "")
        if not_utf8 and not given and encoding.startswith("utf-8"):
            return _read_text(path, display, {**options, "encoding": "cp1252"}, data)
        if isinstance(err, UnicodeDecodeError):
            raise DataError("FILE_UNREADABLE", file=display, detail=f"encoding {encoding}: {err.reason}") from err
        if fast and not isinstance(err, _MultiLine) and not _COLUMN_COUNT.search(str(err)):
            # pyarrow gives up on more than ragged rows (e.g. a field larger than its block): the C engine
            # decides, and the line-aware reader handles what it cannot.
            return _read_text(path, display, {**again, "_exact": True}, data)
        # ragged rows, unclosed quotes, multi-line fields: keep the good rows, record the others
        frame, rows, ragged, unclosed = _read_text_tolerant(data.decode(encoding, errors="replace"), sep, skip, names)
    frame.columns = [clean_name(c) for c in frame.columns]
    return Raw(frame, rows, header, encoding, sep, skip, None, ragged, dupes, unclosed, preamble=lines[:skip][:30])


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
            shown = {"de": ", ".join(f"«{c}»" for c in cells[:4]), "en": ", ".join(f"'{c}'" for c in cells[:4])}
            header_sep = max(SEPARATORS, key=lambda sp: len(_split_header(line, sp)))
            mixed = raw.sep not in (None, WHITESPACE) and header_sep != raw.sep
            from kpikit.core.i18n import t

            why = {"header_sep": _sep_name(header_sep), "data_sep": _sep_name(raw.sep or ","),
                   "header_fields": len(_split_header(line, header_sep)), "data_fields": len(raw.header)}
            key = "HEADER_MIXED_SEP" if mixed else "HEADER_FIELD_COUNT"
            raise DataError("HEADER_IS_DATA", file=display, row=raw.header_row, values=shown, header_row=i + 1,
                            header_text=line.strip()[:90] + ("…" if len(line.strip()) > 90 else ""),
                            reason={lang: t(key, lang, **why) for lang in ("de", "en")}, **why)


def _binary(text: str) -> bool:
    """Whether decoded text is mostly control characters: an image, an archive, not an export."""
    sample = text[:4000]
    control = sum(1 for ch in sample if (ch < " " and ch not in "\t\r\n") or ch == "\ufffd")
    return control > max(8, len(sample) // 20)


class _MultiLine(Exception):
    """A record spans several lines or has the wrong number of fields; read again line by line."""


# pyarrow's message for a line with too few or too many fields: the line-aware reader records those.
_COLUMN_COUNT = re.compile(r"Expected \d+ columns, got \d+")


def _has_short_rows(data: bytes, encoding: str, sep: str, skip: int, width: int) -> bool:
    """Whether a non-blank record has fewer fields than the header (the C engine pads those silently)."""
    csv.field_size_limit(2**31 - 1)
    lines = data.decode(encoding, errors="replace").splitlines()[skip:]
    return any(0 < len(f) < width and any(x.strip() for x in f) for f in csv.reader(lines, delimiter=sep))


def _wrapped(lines: list[str]) -> bool:
    """Whether every line is one quoted field that holds a whole separated record."""
    filled = [ln.strip() for ln in lines if ln.strip()]
    if len(filled) < 2 or not all(len(ln) > 1 and ln[0] == ln[-1] == '"' for ln in filled):
        return False
    if any(_count_outside_quotes(ln, sep) for ln in filled for sep in SEPARATORS):
        return False  # quoted fields with separators between them: ordinary CSV
    inner = [ln[1:-1].replace('""', '"') for ln in filled]
    return detect_layout(inner)[0] != WHITESPACE


def _unwrap(text: str) -> str:
    out = []
    for ln in text.split("\n"):
        end = "\r" if ln.endswith("\r") else ""
        body = ln[: len(ln) - len(end)]
        stripped = body.strip()
        if len(stripped) > 1 and stripped[0] == stripped[-1] == '"':
            body = stripped[1:-1].replace('""', '"')
        out.append(body + end)
    return "\n".join(out)


def _declared_sep(line: str) -> str | None:
    r"""The separator of an Excel ``sep=;`` first line, else None.

    >>> _declared_sep("sep=;"), _declared_sep('"sep=,"'), _declared_sep("Deal-ID;Betrag")
    (';', ',', None)
    """
    text = line.strip().strip('"').strip()
    if len(text) == 5 and text[:4].lower() == "sep=":
        return text[4]
    return None


def _sep_name(sep: str) -> str:
    return {"\t": "Tab", " ": "' '", WHITESPACE: "Leerraum/whitespace"}.get(sep, f"'{sep}'")


def _check_given_sep(given: str, detected: str, lines: list[str], skip: int, display: str) -> None:
    """A read.sep that leaves the header in one piece while another separator splits it: say so."""
    if given in ("whitespace", " ", r"\s+") or detected == WHITESPACE or given == detected:
        return
    header = lines[skip] if skip < len(lines) else ""
    if len(_split_header(header, given)) == 1 and len(_split_header(header, detected)) > 1:
        raise DataError("WRONG_SEPARATOR", file=display, row=skip + 1, given=_sep_name(given),
                        found=_sep_name(detected), found_raw=detected)


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


def _split_header(line: str, sep: str) -> list[str]:
    if sep == WHITESPACE:
        return line.split()
    return [h.strip() for h in next(csv.reader([line], delimiter=sep))]


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
    good = [(row, f) for row, f in body if len(f) == width]
    ragged = [(row, len(f), width, " | ".join(f)) for row, f in body if len(f) != width]
    frame = pd.DataFrame([f for _, f in good], columns=header, dtype="str")
    frame = frame.replace({"": None}).astype("str") if len(frame) else frame
    frame = frame.mask(frame.isna() | (frame == "None"))
    return frame, np.array([row for row, _ in good], dtype=np.int64), ragged, unclosed


# --- workbooks --------------------------------------------------------------------------------------
def _read_excel(path: Path, display: str, options: dict) -> Raw:
    data = path.read_bytes()
    try:
        chosen = _pick_sheet(_FastBook(data), display, options)
    except DataError:
        raise
    except Exception:  # anything unexpected: openpyxl, the reference, reads it
        chosen = _pick_sheet(_OpenpyxlBook(data, display), display, options)
    return _excel_raw(path, display, chosen)


class _FastBook:
    """The fast reader of ``kpikit.sources.xlsx`` behind the interface of ``_OpenpyxlBook``."""

    def __init__(self, data: bytes):
        from kpikit.sources.xlsx import Workbook

        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._book = Workbook(self._zip)
        self.sheetnames = list(self._book.sheets)

    def rows(self, name: str) -> list[tuple]:
        return self._book.rows(name)

    def close(self) -> None:
        self._zip.close()


class _OpenpyxlBook:
    def __init__(self, data: bytes, display: str):
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # From a file object, so that an .xlsx saved under an .xls name is read too.
                self._book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as err:  # zipfile, XML and openpyxl raise many types for a broken workbook
            raise DataError("FILE_CORRUPT", file=display) from err
        self.sheetnames = self._book.sheetnames
        self._display = display

    def rows(self, name: str) -> list[tuple]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return list(self._book[name].iter_rows(values_only=True))
        except Exception as err:  # a sheet whose XML is broken
            raise DataError("FILE_CORRUPT", file=self._display) from err

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


def _excel_raw(path: Path, display: str, chosen: tuple) -> Raw:
    name, values, header, skip, _ = chosen
    if not header or not any(header):
        raise DataError("FILE_EMPTY", file=display)
    width = len(header)
    body = [list(r[:width]) + [None] * (width - len(r)) for r in values[skip + 1 :]]
    rows = np.arange(skip + 2, skip + 2 + len(body), dtype=np.int64)
    names = [h if h else f"Spalte {i + 1}" for i, h in enumerate(header)]
    formulas = _uncached_formulas(path, name, body, skip, names)
    keep = [i for i, r in enumerate(body) if any(v is not None and str(v).strip() != "" for v in r)]
    if formulas:
        keep = sorted(set(keep) | {row - skip - 2 for row, _, _ in formulas})
    body = [body[i] for i in keep]
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
    if not any(v is None for r in body for v in r):
        return []
    try:
        with zipfile.ZipFile(path) as zf:
            if not any(b"</f>" in zf.read(i) for i in zf.namelist() if i.startswith("xl/worksheets/")):
                return []
    except (zipfile.BadZipFile, OSError, KeyError):
        return []
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=False)
    try:
        out = []
        for i, row in enumerate(book[sheet].iter_rows(min_row=skip + 2, values_only=True)):
            if i >= len(body):
                break
            for j, v in enumerate(row[: len(names)]):
                text = getattr(v, "text", v)  # array formulas come as objects with .text
                if isinstance(text, str) and text.startswith("=") and body[i][j] is None:
                    out.append((skip + 2 + i, names[j], text))
        return out
    finally:
        book.close()


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


# --- parquet ----------------------------------------------------------------------------------------
def _read_parquet(path: Path, display: str) -> Raw:
    try:
        frame = pd.read_parquet(path)
    except Exception as err:  # pyarrow raises many types for corrupt files
        raise DataError("FILE_UNREADABLE", file=display, detail=str(err).splitlines()[0]) from err
    frame.columns = [str(c) for c in frame.columns]
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    return Raw(frame.reset_index(drop=True), rows, list(frame.columns))
