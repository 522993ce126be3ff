"""Hostile inputs, generated at test time (never committed): zip bombs, YAML bombs, huge lines, odd files.

Each builder writes into a folder and returns the path. The workbook bombs are written member by member
(local header, data, central directory) so that a test controls what the headers declare; the big
members are deflate streams of one block repeated, so that a 4 GB sheet costs 16 MB of disk and a
fraction of a second to write.
"""

from __future__ import annotations

import struct
import textwrap
import zlib
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"
# header row and two deals, as inline strings and numbers
ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Deal-ID</t></is></c><c r="B1" t="inlineStr"><is><t>Status</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Abschluss</t></is></c><c r="D1" t="inlineStr"><is><t>Betrag</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>D1</t></is></c><c r="B2" t="inlineStr"><is><t>won</t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>2025-03-01</t></is></c><c r="D2"><v>1200</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>D2</t></is></c><c r="B3" t="inlineStr"><is><t>lost</t></is></c>'
    '<c r="C3" t="inlineStr"><is><t>2025-03-02</t></is></c><c r="D3"><v>800</v></c></row>'
)
SST_EMPTY = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'

DEALS_YAML = """\
name: Bombe AG
sources:
  deals:
    file: {file}
    columns: {{deal_id: Deal-ID, status: Status, closed_at: Abschluss, amount: Betrag}}
{read}kpis: [close_rate, revenue, avg_deal_size]
"""

GB = 1 << 30
MB = 1 << 20


def repeated_deflate(head: bytes, block: bytes, times: int, tail: bytes) -> bytes:
    """A raw deflate stream of ``head + block * times + tail``, built from one compressed copy of ``block``.

    After a full flush the compressor starts afresh on a byte boundary, so the compressed bytes of one
    block can simply be repeated.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)]
    first = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    assert first == again, "deflate blocks differ; cannot repeat"
    out.append(first * times)
    out.append(comp.compress(tail) + comp.flush())
    return b"".join(out)


def _crc(head: bytes, block: bytes, times: int, tail: bytes) -> int:
    """The CRC-32 of ``head + block * times + tail`` for members up to 64 MB; 0 (wrong) for the bombs."""
    if times > 64:
        return 0  # never checked: the bombs are refused before their end
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return zlib.crc32(tail, crc)


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """Write a zip of ``(name, deflated data, crc, declared size)`` members: what the headers say is ours."""
    local, central, offset = [], [], 0
    for name, data, crc, size in members:
        raw = name.encode()
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        local.append(header + raw + data)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data),
                                   size, len(raw), 0, 0, 0, 0, 0, offset) + raw)
        offset += len(header) + len(raw) + len(data)
    directory = b"".join(central)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    path.write_bytes(b"".join(local) + directory + end)
    return path


def _small(name: str, text: str) -> tuple[str, bytes, int, int]:
    data = text.encode()
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, comp.compress(data) + comp.flush(), zlib.crc32(data), len(data)


def workbook(path: Path, sheet: tuple[str, bytes, int, int] | None = None,
             strings: tuple[str, bytes, int, int] | None = None, dimension: str = "", last_row: str = "") -> Path:
    """An .xlsx of one sheet «Deals» holding ``ROWS`` (and ``last_row``); ``sheet`` or ``strings`` replace parts."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_zip(path, [
        _small("[Content_Types].xml", CONTENT_TYPES), _small("_rels/.rels", ROOT_RELS),
        _small("xl/workbook.xml", WORKBOOK), _small("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        sheet or _small("xl/worksheets/sheet1.xml", SHEET_HEAD.format(dimension=dim) + ROWS + last_row + SHEET_TAIL),
        strings or _small("xl/sharedStrings.xml", SST_EMPTY),
    ])


def company(folder: Path, file: str, read: str = "") -> Path:
    """A company.yaml in ``folder`` whose deals come from ``file`` (``read`` is a YAML line or empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "company.yaml").write_text(DEALS_YAML.format(file=file, read=f"    read: {read}\n" if read else ""),
                                         encoding="utf-8")
    return folder


def dimension_bomb(folder: Path, dimension: str = "A1:XFD1048576", last_row: str = '<row r="1048576"/>') -> Path:
    """1.6 KB: three real rows and an empty last row under ``<dimension ref="A1:XFD1048576"/>``.

    The dimension claims 16,384 columns; padded to it, the empty rows down to row 1,048,576 are 17 billion cells.
    """
    workbook(folder / "deals.xlsx", dimension=dimension, last_row=last_row)
    return company(folder, "deals.xlsx")


def sheet_bomb(folder: Path, size: int = 4 * GB, declared: int | None = None) -> Path:
    """A sheet whose XML is ``size`` bytes (rows of deals repeated); the headers declare ``declared``."""
    row = '<row><c t="inlineStr"><is><t>D</t></is></c><c t="inlineStr"><is><t>won</t></is></c>' \
          '<c t="inlineStr"><is><t>2025-03-01</t></is></c><c><v>1</v></c></row>'
    block = (row * (MB // len(row) + 1)).encode()[:MB]
    block = block[: block.rfind(b"</row>") + 6]
    block = block + b" " * (MB - len(block))  # whitespace between rows pads the block to 1 MB
    head = (SHEET_HEAD.format(dimension="") + ROWS).encode()
    tail = SHEET_TAIL.encode()
    times = max(1, (size - len(head) - len(tail)) // MB)
    data = repeated_deflate(head, block, times, tail)
    total = len(head) + times * MB + len(tail)
    workbook(folder / "deals.xlsx", sheet=("xl/worksheets/sheet1.xml", data, _crc(head, block, times, tail),
                                           total if declared is None else declared))
    return company(folder, "deals.xlsx")


def string_bomb(folder: Path, size: int = 4 * GB, declared: int | None = None) -> Path:
    """One shared string of ``size`` bytes, used by a cell of the sheet."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    tail = b"</t></si></sst>"
    times = max(1, (size - len(head) - len(tail)) // MB)
    data = repeated_deflate(head, b"A" * MB, times, tail)
    total = len(head) + times * MB + len(tail)
    crc = _crc(head, b"A" * MB, times, tail)
    rows = ROWS.replace('<c r="A2" t="inlineStr"><is><t>D1</t></is></c>', '<c r="A2" t="s"><v>0</v></c>')
    sheet = _small("xl/worksheets/sheet1.xml", SHEET_HEAD.format(dimension="") + rows + SHEET_TAIL)
    workbook(folder / "deals.xlsx", sheet=sheet,
             strings=("xl/sharedStrings.xml", data, crc, total if declared is None else declared))
    return company(folder, "deals.xlsx")


def laughs_yaml(folder: Path, where: str = "name") -> Path:
    """An 803-byte-class company.yaml with nested aliases: nine levels of nine, 9**9 'lol' if expanded."""
    levels = ['&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"&{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"  - {lv}" for lv in levels)
    (folder / "company.yaml").write_text(f"{where}:\n{body}\nsources:\n  deals: deals.csv\n", encoding="utf-8")
    (folder / "deals.csv").write_text("Deal-ID;Status;Abschluss\nD1;won;01.03.2025\n", encoding="utf-8")
    return folder


def alias_kpis_yaml(folder: Path) -> Path:
    """``kpis: *g`` pointing at the goals (a list of mappings)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "company.yaml").write_text(textwrap.dedent("""\
        name: Alias AG
        sources:
          deals: {file: deals.csv, columns: {deal_id: Deal-ID, status: Status, closed_at: Abschluss}}
        goals: &g
          - {id: g1, kpi: close_rate, target: 0.3, per: quarter, deadline: 2025-12-31}
        kpis: *g
        """), encoding="utf-8")
    (folder / "deals.csv").write_text("Deal-ID;Status;Abschluss\nD1;won;01.03.2025\n", encoding="utf-8")
    return folder


def wide_csv(folder: Path, columns: int = 1_000_000) -> Path:
    """A CSV whose header has ``columns`` fields (about 7 MB on one line), and one data row."""
    folder.mkdir(parents=True, exist_ok=True)
    names = ["Deal-ID", "Status", "Abschluss", "Betrag"] + [f"x{i}" for i in range(columns - 4)]
    (folder / "deals.csv").write_text(";".join(names) + "\n" + ";".join(["D1", "won", "01.03.2025", "100"]
                                      + [""] * (columns - 4)) + "\n", encoding="utf-8")
    return company(folder, "deals.csv")


def long_line_csv(folder: Path, size: int = 50 * MB, header: bool = True) -> Path:
    """A CSV with one line of ``size`` bytes: the header (``header``) or a data cell."""
    folder.mkdir(parents=True, exist_ok=True)
    junk = "x" * size
    text = (f"{junk};Status;Abschluss;Betrag\nD1;won;01.03.2025;100\n" if header
            else f"Deal-ID;Status;Abschluss;Betrag\nD1;won;01.03.2025;100\nD2;{junk};02.03.2025;200\n")
    (folder / "deals.csv").write_text(text, encoding="utf-8")
    return company(folder, "deals.csv")
