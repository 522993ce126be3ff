"""A fast reader for the cell values of an .xlsx workbook.

openpyxl builds a Python object for every cell and every shared string, which costs about 40 µs per
cell: an 8,000-row orders workbook takes two seconds. This reader streams the same XML with expat
and returns what ``openpyxl``'s ``iter_rows(values_only=True)`` in read-only, data-only mode returns
(the same ints, floats, strings, booleans, error texts and datetimes, rows padded the same way) at a
fraction of the cost. Anything it does not expect raises, and the caller falls back to openpyxl, so
openpyxl stays the reference for odd workbooks (``tests/test_xlsx.py`` compares the two on every
workbook under ``tests/data``).

Nothing the workbook says about itself is trusted (``kpikit.sources.limits``): the ``<dimension>`` a
sheet claims is ignored (openpyxl's ``reset_dimensions``), the unpacked bytes are counted as they are
read, and rows, padded cells and text lengths are checked while the XML streams in.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.parsers import expat

from kpikit.sources.limits import MAX_COLUMNS, MAX_ROWS, MAX_TEXT, Limits, too_large

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SEP = "\x1f"  # expat's namespace separator: "{ns}\x1f{name}"


class Unsupported(Exception):
    """Something this reader does not handle; read the workbook with openpyxl instead."""


def _parser() -> expat.XMLParserType:
    return expat.ParserCreate(namespace_separator=_SEP)


def _local(name: str) -> str:
    return name.rsplit(_SEP, 1)[-1]


class Workbook:
    """Sheet names and a row reader per sheet of one workbook (a ``zipfile.ZipFile``).

    ``limits`` bound what it reads (``display`` names the file in the error): the unpacked bytes of all
    parts together, the padded cells of a sheet; rows and columns beyond Excel's own limits are refused,
    and a text longer than Excel's 32,767 characters is cut to 32,768 (its row is then rejected).
    """

    def __init__(self, archive: zipfile.ZipFile, display: str = "", limits: Limits | None = None):
        self.archive = archive
        self.display = display
        self.limits = limits or Limits()
        self._left = self.limits.max_bytes  # unpacked bytes this workbook may still read
        self.names = set(archive.namelist())
        self.sheets, self.epoch1904 = self._sheets()
        self.strings = self._shared_strings()
        self.dates, self.timedeltas = self._date_styles()

    # --- workbook parts ----------------------------------------------------------------------------
    def _spend(self, n: int) -> None:
        self._left -= n
        if self._left < 0:
            raise too_large(self.display, "UNPACKED", self.limits.max_mb, self.limits.max_mb, "max_mb")

    def _parse(self, parser: expat.XMLParserType, part: str) -> None:
        """Feed ``part`` to ``parser`` in blocks, counting the unpacked bytes (the zip's sizes may lie)."""
        with self.archive.open(part) as src:
            while block := src.read(1 << 20):
                self._spend(len(block))
                parser.Parse(block, False)
        parser.Parse(b"", True)

    def _part(self, rel_target: str, base: str = "xl") -> str:
        path = rel_target.lstrip("/") if rel_target.startswith("/") else posixpath.normpath(f"{base}/{rel_target}")
        if path not in self.names:
            raise Unsupported(f"missing part {path}")
        return path

    def _sheets(self) -> tuple[dict[str, str], bool]:
        rels: dict[str, str] = {}

        def rel(name, attrs):
            if _local(name) == "Relationship":
                rels[attrs["Id"]] = attrs["Target"]

        p = _parser()
        p.StartElementHandler = rel
        self._parse(p, "xl/_rels/workbook.xml.rels")
        sheets: dict[str, str] = {}
        flags = {"1904": False}

        def start(name, attrs):
            local = _local(name)
            if local == "sheet":
                rid = attrs.get(f"{REL}{_SEP}id")
                if rid not in rels:
                    raise Unsupported("sheet without relationship")
                sheets[attrs["name"]] = self._part(rels[rid])
            elif local == "workbookPr":
                flags["1904"] = attrs.get("date1904", "0").lower() in ("1", "true")

        p = _parser()
        p.StartElementHandler = start
        self._parse(p, "xl/workbook.xml")
        return sheets, flags["1904"]

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.names:
            return []
        strings: list[str] = []
        parts: list[str] = []
        state = {"t": False, "rph": 0, "length": 0}

        def start(name, _attrs):
            local = _local(name)
            if local == "si":
                parts.clear()
                state["length"] = 0
            elif local == "rPh":
                state["rph"] += 1  # phonetic hints (Japanese) are not part of the text
            elif local == "t" and not state["rph"]:
                state["t"] = True

        def end(name):
            local = _local(name)
            if local == "si":
                strings.append("".join(parts).replace("x005F_", ""))
            elif local == "rPh":
                state["rph"] -= 1
            elif local == "t":
                state["t"] = False

        def data(text):
            if state["t"] and state["length"] <= MAX_TEXT:
                parts.append(text[: MAX_TEXT + 1 - state["length"]])
                state["length"] += len(parts[-1])

        p = _parser()
        p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
        p.buffer_text = True
        self._parse(p, "xl/sharedStrings.xml")
        return strings

    def _date_styles(self) -> tuple[set[int], set[int]]:
        # lazy, as in kpikit.sources.workbook: openpyxl adds about 60 ms to a load that reads no workbook
        from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format

        if "xl/styles.xml" not in self.names:
            return set(), set()
        custom: dict[int, str] = {}
        xfs: list[int] = []
        where = {"cellXfs": False}

        def start(name, attrs):
            local = _local(name)
            if local == "numFmt":
                custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
            elif local == "cellXfs":
                where["cellXfs"] = True
            elif local == "xf" and where["cellXfs"]:
                xfs.append(int(attrs.get("numFmtId", 0)))

        def end(name):
            if _local(name) == "cellXfs":
                where["cellXfs"] = False

        p = _parser()
        p.StartElementHandler, p.EndElementHandler = start, end
        self._parse(p, "xl/styles.xml")
        dates, deltas = set(), set()
        for idx, fmt_id in enumerate(xfs):
            fmt = custom[fmt_id] if fmt_id in custom else builtin_format_code(fmt_id)
            if is_date_format(fmt):
                dates.add(idx)
            if is_timedelta_format(fmt):
                deltas.add(idx)
        return dates, deltas

    # --- one sheet ---------------------------------------------------------------------------------
    def rows(self, sheet: str) -> list[tuple]:
        """The sheet's rows as tuples of values, as openpyxl's read-only ``iter_rows(values_only=True)``.

        As openpyxl after ``reset_dimensions()``: the sheet's ``<dimension>`` is not trusted, each row is as
        wide as its last cell.

        Raises
        ------
        DataError
            ``FILE_TOO_LARGE`` when the sheet's rows, padded to their last cell, hold more than
            ``limits.max_cells`` cells, a row or column lies beyond Excel's limits, or the unpacked
            bytes exceed ``limits.max_mb``.
        """
        # lazy, as in kpikit.sources.workbook: openpyxl adds about 60 ms to a load that reads no workbook
        from openpyxl.utils.cell import column_index_from_string
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

        epoch = CALENDAR_MAC_1904 if self.epoch1904 else CALENDAR_WINDOWS_1900
        strings, dates, deltas = self.strings, self.dates, self.timedeltas
        parsed: list[tuple[int, list[tuple[int, object]]]] = []
        max_cells, display = self.limits.max_cells, self.display
        padded = 0  # cells of the rows read so far, each padded to its last cell
        letters = re.compile(r"([A-Z]+)(\d+)")
        col_cache: dict[str, int] = {}
        # State of the cell being read; closures over locals are the cheapest per-event access.
        row_no = col = style = 0
        kind = "n"
        value: str | None = None
        cells: list = []
        where = ""  # "v": inside <v>, "t": inside an inline string's <t>, "skip": inside <rPh>
        inline: list[str] = []
        in_is = False

        def start(name, attrs):
            nonlocal row_no, col, style, kind, value, cells, where, inline, in_is, padded
            if ":" in name:
                name = name.split(":", 1)[1]
            if name == "c":
                ref = attrs.get("r")
                if ref:
                    m = letters.match(ref)
                    if m is None:
                        raise Unsupported(f"cell reference {ref}")
                    letter = m.group(1)
                    c = col_cache.get(letter)
                    if c is None:
                        c = col_cache[letter] = column_index_from_string(letter)
                    col = c
                else:
                    col += 1
                if col > MAX_COLUMNS:
                    raise too_large(display, "COLUMNS", MAX_COLUMNS, col)
                kind = attrs.get("t", "n")
                s_attr = attrs.get("s")
                style = int(s_attr) if s_attr else 0
                value = None
                inline = []
            elif name == "v":
                where, value = "v", ""
            elif name == "row":
                if cells:  # the row before, as wide as _pad makes it
                    padded += cells[-1][0]
                    if padded > max_cells:
                        raise too_large(display, "CELLS", max_cells, max_cells, "max_cells")
                r = attrs.get("r")
                row_no = int(float(r)) if r else row_no + 1
                if row_no > MAX_ROWS:
                    raise too_large(display, "ROWS", MAX_ROWS, row_no)
                col = 0
                cells = []
                parsed.append((row_no, cells))
            elif name == "is":
                in_is = True
            elif name == "t":
                if in_is and where != "skip":
                    where = "t"
            elif name == "rPh":
                where = "skip"

        def end(name):
            nonlocal where, in_is
            if ":" in name:
                name = name.split(":", 1)[1]
            if name == "c":
                cells.append((col, convert(kind, value, style, inline)))
            elif name == "v" or (name == "t" and where == "t") or name == "rPh":
                where = ""
            elif name == "is":
                in_is = False

        def data(text):
            nonlocal value
            if where == "v":
                if len(value) <= MAX_TEXT:
                    value += text[: MAX_TEXT + 1 - len(value)]
            elif where == "t":
                inline.append(text)
                if len(inline) > 1 and sum(map(len, inline)) > MAX_TEXT:  # rich text runs: keep them bounded
                    inline[:] = ["".join(inline)[: MAX_TEXT + 1]]

        def convert(kind, value, style, inline):
            if kind == "inlineStr":
                return "".join(inline) if inline else None
            if not value:
                return None
            if kind == "n":
                number = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                if style in dates:
                    try:
                        return from_excel(number, epoch, timedelta=style in deltas)
                    except (OverflowError, ValueError):
                        return "#VALUE!"
                return number
            if kind == "s":
                return strings[int(value)]
            if kind == "b":
                return bool(int(value))
            if kind in ("str", "e"):
                return value
            if kind == "d":
                return from_ISO8601(value)
            raise Unsupported(f"cell type {kind}")

        p = expat.ParserCreate()
        p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
        p.buffer_text = True
        self._parse(p, self.sheets[sheet])
        return _pad(parsed, None, None)


def _pad(parsed: list[tuple[int, list[tuple[int, object]]]], max_col: int | None, max_row: int | None) -> list:
    """Rows as openpyxl's read-only sheet yields them: missing rows empty, every row ``max_col`` wide."""
    empty: tuple | list = (None,) * max_col if max_col else []  # openpyxl: a list when it knows no width
    out: list[tuple] = []
    counter = 1
    idx = 1
    for idx, cells in parsed:
        if max_row is not None and idx > max_row:
            break
        while counter < idx:
            out.append(empty)
            counter += 1
        if counter > idx:
            continue
        counter += 1
        if not cells and not max_col:
            out.append(())
            continue
        width = max_col or cells[-1][0]
        row = [None] * width
        for col, value in cells:
            if col > width:
                break
            row[col - 1] = value
        out.append(tuple(row))
    if max_row is not None and max_row < idx:  # openpyxl fills up to max_row only after breaking off
        while counter <= max_row:
            out.append(empty)
            counter += 1
    return out
