# ruff: noqa: E501  (the XML parts of a workbook are kept as Excel writes them, one element per line)
"""The fast workbook reader returns exactly what openpyxl returns, and falls back to it when unsure."""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpikit import load_company
from kpikit.sources.xlsx import Unsupported, Workbook

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = sorted(
    p for p in [*ROOT.glob("tests/data/**/*.xlsx"), *ROOT.glob("datasets/**/*.xlsx"),
                ROOT / "tests/data/bad/xlsx_named_csv/deals.csv"]
    if zipfile.is_zipfile(p)
)


def reference(data: bytes) -> dict[str, list[tuple]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        out = {}
        for name in book.sheetnames:
            book[name].reset_dimensions()  # <dimension> is never trusted (kpikit.sources.limits)
            out[name] = list(book[name].iter_rows(values_only=True))
        return out
    finally:
        book.close()


def fast(data: bytes) -> dict[str, list[tuple]]:
    book = Workbook(zipfile.ZipFile(io.BytesIO(data)))
    return {name: book.rows(name) for name in book.sheets}


def assert_same(data: bytes) -> None:
    got, want = fast(data), reference(data)
    assert list(got) == list(want)
    for name in want:
        assert got[name] == want[name], name
        # 1 == 1.0 == True in Python: the types must match too
        assert [[type(v) for v in r] for r in got[name]] == [[type(v) for v in r] for r in want[name]], name


@pytest.mark.parametrize("path", WORKBOOKS, ids=[str(p.relative_to(ROOT)) for p in WORKBOOKS])
def test_same_values_as_openpyxl_on_every_workbook_in_the_repository(path):
    assert_same(path.read_bytes())


# A workbook as Excel itself writes it (shared strings with rich text and phonetic runs, styles with a
# custom date format, formula strings, errors, booleans, ISO dates, sparse rows and cells without a
# reference), built part by part so that nothing depends on the writer of a library.
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr {date1904}/>
<sheets><sheet name="Erläuterung" sheetId="2" r:id="rId2"/><sheet name="Umsatz &amp; Kosten" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="#,##0.00&quot; CHF&quot;"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="46" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
</styleSheet>"""
SHARED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="7" uniqueCount="7">
<si><t>Bestellnr</t></si>
<si><t>Datum</t></si>
<si><t xml:space="preserve">Betrag (CHF) </t></si>
<si><r><rPr><b/></rPr><t>Müller</t></r><r><t xml:space="preserve"> &amp; Söhne AG</t></r></si>
<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>
<si><t>Zeile_x000D_Umbruch &lt;neu&gt;</t></si>
<si><t/></si>
</sst>"""
SHEET1 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<{p}worksheet xmlns{colon}{prefix}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
{dimension}
<{p}sheetData>
<{p}row r="1" spans="1:6"><{p}c r="A1" t="s"><{p}v>0</{p}v></{p}c><{p}c r="B1" t="s"><{p}v>1</{p}v></{p}c><{p}c r="C1" t="s"><{p}v>2</{p}v></{p}c><{p}c r="D1" t="inlineStr"><{p}is><{p}t>Kunde</{p}t></{p}is></{p}c></{p}row>
<{p}row r="2"><{p}c r="A2"><{p}v>1001</{p}v></{p}c><{p}c r="B2" s="1"><{p}v>45678</{p}v></{p}c><{p}c r="C2" s="2"><{p}v>1234.5</{p}v></{p}c><{p}c r="D2" t="s"><{p}v>3</{p}v></{p}c><{p}c r="F2" t="b"><{p}v>1</{p}v></{p}c></{p}row>
<{p}row r="3"><{p}c r="A3"><{p}v>1.002E3</{p}v></{p}c><{p}c r="B3" s="3"><{p}v>45679.75</{p}v></{p}c><{p}c r="C3" t="e"><{p}f>1/0</{p}f><{p}v>#DIV/0!</{p}v></{p}c><{p}c r="D3" t="s"><{p}v>4</{p}v></{p}c><{p}c r="E3" s="4"><{p}v>0.5</{p}v></{p}c></{p}row>
<{p}row r="6"><{p}c t="str"><{p}f>A2&amp;"x"</{p}f><{p}v>1001x</{p}v></{p}c><{p}c t="d"><{p}v>2025-02-01T08:30:00</{p}v></{p}c><{p}c><{p}f>SUM(C2:C3)</{p}f></{p}c><{p}c t="s"><{p}v>5</{p}v></{p}c><{p}c r="E6" s="2"/><{p}c r="F6" t="s"><{p}v>6</{p}v></{p}c></{p}row>
<{p}row r="7" ht="20" customHeight="1"/>
<{p}row r="8"><{p}c r="B8" t="inlineStr"><{p}is><{p}r><{p}t>fett</{p}t></{p}r><{p}r><{p}t xml:space="preserve"> und normal</{p}t></{p}r></{p}is></{p}c><{p}c r="C8"><{p}v>-0</{p}v></{p}c><{p}c r="D8"><{p}v></{p}v></{p}c></{p}row>
</{p}sheetData>
</{p}worksheet>"""
SHEET2 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/>
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Export vom 31.01.2025</t></is></c></row></sheetData></worksheet>"""


def excel_like(*, date1904: bool = False, prefix: str = "", dimension: str = '<dimension ref="A1:F8"/>') -> bytes:
    p = f"{prefix}:" if prefix else ""
    if prefix and dimension:
        dimension = dimension.replace("<dimension", f"<{p}dimension")
    sheet1 = SHEET1.format(p=p, prefix=prefix, colon=":" if prefix else "", dimension=dimension)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK.format(date1904='date1904="1"' if date1904 else ""))
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/sharedStrings.xml", SHARED)
        z.writestr("xl/worksheets/sheet1.xml", sheet1)
        z.writestr("xl/worksheets/sheet2.xml", SHEET2)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "variant",
    [{}, {"date1904": True}, {"prefix": "x"}, {"dimension": ""}, {"dimension": '<dimension ref="A1:D4"/>'},
     {"dimension": '<dimension ref="A1"/>'}],
    ids=["excel", "1904", "prefixed", "no-dimension", "short-dimension", "one-cell-dimension"],
)
def test_same_values_as_openpyxl_on_a_workbook_as_excel_writes_it(variant):
    data = excel_like(**variant)
    assert_same(data)


def test_the_excel_like_workbook_reads_what_it_says():
    rows = fast(excel_like())["Umsatz & Kosten"]
    assert rows[0] == ("Bestellnr", "Datum", "Betrag (CHF) ", "Kunde")  # as wide as its cells, not <dimension>
    assert rows[1][:4] == (1001, rows[1][1], 1234.5, "Müller & Söhne AG") and rows[1][1].day == 21
    assert rows[2][0] == 1002.0 and rows[2][2] == "#DIV/0!" and rows[2][3] == "東京"
    assert rows[2][4] == dt.timedelta(hours=12)  # [h]:mm:ss is a duration, not a date
    assert rows[3] == rows[4] == []  # missing rows 4 and 5
    # a formula's saved result; a formula without one is empty (the loader reports it), entities decoded
    assert rows[5][:4] == ("1001x", dt.datetime(2025, 2, 1, 8, 30), None, "Zeile_x000D_Umbruch <neu>")
    assert rows[7][1] == "fett und normal"


def test_unknown_cell_type_is_left_to_openpyxl():
    data = excel_like()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as out:
        for item in src.namelist():
            body = src.read(item)
            if item == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<c r="A2">', b'<c r="A2" t="weird">')
            out.writestr(item, body)
    with pytest.raises(Unsupported):
        fast(buffer.getvalue())


def test_loader_reads_an_excel_written_workbook(make_company, rows_add_up):
    folder = make_company("""\
        sources:
          orders:
            file: umsatz.xlsx
            read: {sheet: "Umsatz & Kosten"}
            columns: {order_id: Bestellnr, ordered_at: Datum, revenue: "Betrag (CHF)", customer_id: Kunde}
        """, {"umsatz.xlsx": excel_like()})
    company = load_company(folder)
    rows_add_up(company)
    assert company.orders["customer_id"].tolist() == ["Müller & Söhne AG"]
    assert company.orders["revenue"].tolist() == [1234.5]
