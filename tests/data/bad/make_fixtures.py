"""Write the bad-input corpus: one folder per case with company.yaml, the export and expect.yaml.

The generated folders are committed, so the tests never depend on running this script. Run it again
after changing a case (from the repository root)::

    .venv/bin/python tests/data/bad/make_fixtures.py

Text exports are written byte for byte (encodings, BOMs, CRLF matter). Workbooks are built with
openpyxl; two need a post-processing step:

- ``xlsx_formula_cached``: openpyxl cannot calculate, so the cached results (``<v>``) are written
  into the sheet XML next to the formulas, as Excel does when it saves.
- ``xlsx_password``: encrypted with ``msoffcrypto-tool`` (an OLE compound file with an
  ``EncryptionInfo`` stream, as Excel writes it). The tool is not a kpikit dependency; when it is
  missing, the committed file is kept as it is. To regenerate it::

      python -m venv /tmp/crypt && /tmp/crypt/bin/pip install msoffcrypto-tool openpyxl
      /tmp/crypt/bin/python tests/data/bad/make_fixtures.py --only xlsx_password

``expect.yaml`` states the one expected outcome of the case (see tests/test_bad_corpus.py):

- ``outcome``: ``clean`` (loaded, no finding), ``warning`` (loaded with a warning), ``rejected`` (rows
  set aside with a reason) or ``error`` (one clear error, nothing loaded);
- ``code`` and ``where`` (``row``/``rows`` and/or ``column``) of the warning, rejection or error;
- ``rows``: rows read, loaded and rejected per file (read = loaded + rejected always holds);
- ``values``: optional canonical values the loaded table must hold, to prove a file was read right.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

DEALS_YAML = """\
name: Bad Input AG
sources:
  deals:
    file: {file}
{extra}    columns: {{deal_id: Deal-ID, status: Phase, amount: Betrag, created_at: Erstellt, closed_at: Abschluss}}
"""
HEADER = ["Deal-ID", "Phase", "Betrag", "Erstellt", "Abschluss"]


def deals_yaml(file: str = "deals.csv", **read: object) -> str:
    extra = ""
    if read:
        inner = ", ".join(f"{k}: {json.dumps(v)}" for k, v in read.items())
        extra = f"    read: {{{inner}}}\n"
    return DEALS_YAML.format(file=file, extra=extra)


def csv_text(rows: list[list[str]], sep: str = ";", eol: str = "\n") -> str:
    return eol.join(sep.join(r) for r in rows) + eol


def good_rows(n: int = 3) -> list[list[str]]:
    base = [
        ["D1", "gewonnen", "1200.00", "06.01.2025", "03.02.2025"],
        ["D2", "verloren", "800.00", "07.01.2025", "10.02.2025"],
        ["D3", "offen", "2500.00", "08.01.2025", ""],
        ["D4", "gewonnen", "450.00", "09.01.2025", "20.02.2025"],
        ["D5", "verloren", "990.00", "10.01.2025", "21.02.2025"],
    ]
    return [list(r) for r in base[:n]]


CASES: dict[str, dict] = {}


def case(name: str, *, files: dict[str, bytes | str], config: str, expect: dict) -> None:
    CASES[name] = {"files": files, "config": config, "expect": expect}


# --- format and encoding ---------------------------------------------------------------------------
case(
    "sep_wrong_option",
    files={"deals.csv": csv_text([HEADER, *good_rows()])},
    config=deals_yaml(sep=","),
    expect={"case": "company.yaml says sep ',' but the export uses ';'", "outcome": "error",
            "code": "WRONG_SEPARATOR", "where": {"row": 1}, "mentions": ["read.sep", ";"]},
)
case(
    "sep_tab_in_csv",
    files={"deals.csv": csv_text([HEADER, *good_rows()], sep="\t")},
    config=deals_yaml(),
    expect={"case": "tab-separated although named .csv: detected", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"amount": [1200.0, 800.0, 2500.0]}},
)
case(
    "sep_comma_with_decimal_comma",
    files={"deals.csv": csv_text([HEADER, ["D1", "gewonnen", "1200", "06.01.2025", "03.02.2025"],
                                  ["D2", "verloren", "800,50", "07.01.2025", "10.02.2025"],
                                  ["D3", "offen", "2500", "08.01.2025", ""]], sep=",")},
    config=deals_yaml(),
    expect={"case": "comma-separated with an unquoted decimal comma: that row has a field too many",
            "outcome": "rejected", "code": "RAGGED_ROW", "where": {"rows": [3]},
            "rows": {"read": 3, "loaded": 2, "rejected": 1}},
)
case(
    "cp1252_umlauts",
    files={"deals.csv": csv_text([[*HEADER, "Verkäufer"],
                                  ["D1", "gewonnen", "1200.00", "06.01.2025", "03.02.2025", "Jürg Müller"],
                                  ["D2", "verloren", "800.00", "07.01.2025", "10.02.2025", "Anaïs Zürcher"],
                                  ["D3", "offen", "2500.00", "08.01.2025", "", "Rösli Bärtschi"]],
                                 eol="\r\n").encode("cp1252")},
    config=deals_yaml().replace("closed_at: Abschluss}", "closed_at: Abschluss, owner: Verkäufer}"),
    expect={"case": "cp1252 (Windows) umlauts in the header and values", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0},
            "values": {"owner": ["Jürg Müller", "Anaïs Zürcher", "Rösli Bärtschi"]}},
)
case(
    "bom_utf8",
    files={"deals.csv": b"\xef\xbb\xbf" + csv_text([HEADER, *good_rows()]).encode()},
    config=deals_yaml(),
    expect={"case": "UTF-8 with BOM: the first column is still called Deal-ID", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"deal_id": ["D1", "D2", "D3"]}},
)
case(
    "utf16_excel_unicode_text",
    files={"deals.txt": csv_text([HEADER, *good_rows()], sep="\t", eol="\r\n").encode("utf-16")},
    config=deals_yaml("deals.txt"),
    expect={"case": "Excel 'Unicode text': UTF-16 with BOM, tabs", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"deal_id": ["D1", "D2", "D3"]}},
)
case(
    "utf16_without_bom",
    files={"deals.csv": csv_text([HEADER, *good_rows()], eol="\r\n").encode("utf-16-le")},
    config=deals_yaml(),
    expect={"case": "UTF-16 without a byte order mark", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"deal_id": ["D1", "D2", "D3"]}},
)
case(
    "binary_named_csv",
    files={"deals.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4},
    config=deals_yaml(),
    expect={"case": "an image saved as deals.csv", "outcome": "error", "code": "FILE_NOT_TEXT", "where": {}},
)
case(
    "excel_resaved",
    files={"deals.csv": ("sep=;\r\n" + csv_text(
        [[*HEADER, "Region"],
         ["D1", "gewonnen", "1200", "06.01.2025", "03.02.2025", "Zürich"],
         ["D2", "verloren", "800,5", "07.01.2025", "10.02.2025", "Graubünden"],
         ["D3", "offen", "2500", "08.01.2025", "", "Genève"]], eol="\r\n")).encode("cp1252")},
    config=deals_yaml().replace("closed_at: Abschluss}", "closed_at: Abschluss, region: Region}"),
    expect={"case": "re-saved by Excel: 'sep=;' line, cp1252, CRLF, decimal comma without trailing zeros",
            "outcome": "clean", "rows": {"read": 3, "loaded": 3, "rejected": 0},
            "values": {"amount": [1200.0, 800.5, 2500.0], "region": ["Zürich", "Graubünden", "Genève"]}},
)
_wrapped = [HEADER, ["D1", "gewonnen", "\"1'200.00\"", "06.01.2025", "03.02.2025"],
            ["D2", "verloren", "800.00", "07.01.2025", "10.02.2025"],
            ["D3", "offen", "2500.00", "08.01.2025", ""]]
case(
    "quoted_whole_lines",
    files={"deals.csv": "".join('"' + ",".join(r).replace('"', '""') + '"\r\n' for r in _wrapped)},
    config=deals_yaml(),
    expect={"case": "every line wrapped in an extra layer of quotes, inner quotes doubled", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0},
            "values": {"deal_id": ["D1", "D2", "D3"], "amount": [1200.0, 800.0, 2500.0]}},
)
case(
    "ragged_rows",
    files={"deals.csv": csv_text([HEADER, *good_rows(2), ["D3", "offen", "2500.00"],
                                  ["D4", "gewonnen", "450.00", "09.01.2025", "20.02.2025", "extra", "x"],
                                  good_rows(5)[4]])},
    config=deals_yaml(),
    expect={"case": "rows with too few and too many fields", "outcome": "rejected", "code": "RAGGED_ROW",
            "where": {"rows": [4, 5]}, "rows": {"read": 5, "loaded": 3, "rejected": 2}},
)
case(
    "unclosed_quote",
    files={"deals.csv": csv_text([HEADER, good_rows()[0], ["D2", '"verloren', "800.00", "07.01.2025", "10.02.2025"],
                                  *good_rows(5)[2:]])},
    config=deals_yaml(),
    expect={"case": "a quote opened in row 3 is never closed and swallows the rows after it",
            "outcome": "rejected", "code": "UNCLOSED_QUOTE", "where": {"rows": [3, 4, 5, 6]},
            "rows": {"read": 5, "loaded": 1, "rejected": 4}},
)
case(
    "blank_lines_and_preamble",
    files={"deals.csv": "Deals-Export\r\nErstellt 01.03.2025\r\n" + csv_text(
        [HEADER, good_rows()[0], [""], good_rows()[1], ["D3", "offen", "auf Anfrage", "08.01.2025", ""]],
        eol="\r\n")},
    config=deals_yaml(),
    expect={"case": "preamble lines and a blank line: row numbers stay those of the file",
            "outcome": "rejected", "code": "INVALID_NUMBER", "where": {"rows": [7], "column": "Betrag"},
            "rows": {"read": 3, "loaded": 2, "rejected": 1}},
)

case(
    "multiline_field",
    files={"deals.csv": csv_text([[*HEADER, "Notiz"], [*good_rows()[0], '"Kunde will\nRabatt;\n""dringend"""'],
                                  [*good_rows()[1], "ok"],
                                  ["D3", "offen", "zu klären", "08.01.2025", "", ""]])},
    config=deals_yaml(),
    expect={"case": "a quoted note with line breaks: later rows keep their file row numbers", "outcome": "rejected",
            "code": "INVALID_NUMBER", "where": {"rows": [6], "column": "Betrag"},
            "rows": {"read": 3, "loaded": 2, "rejected": 1}},
)
case(
    "duplicate_rows_without_id",
    files={"umsatz.csv": csv_text([["Kunde", "Datum", "Betrag"], ["K1", "06.01.2025", "100.00"],
                                   ["K2", "07.01.2025", "50.00"], ["K1", "06.01.2025", "100.00"]])},
    config="name: Bad Input AG\nsources:\n  orders:\n    file: umsatz.csv\n"
           "    columns: {customer_id: Kunde, ordered_at: Datum, revenue: Betrag}\n",
    expect={"case": "an orders export repeats a row and has no order id: counted, with a warning naming the row",
            "outcome": "warning", "code": "DUPLICATE_ROWS", "where": {"row": 4}, "table": "orders",
            "rows": {"read": 3, "loaded": 3, "rejected": 0}},
)

# --- numbers ---------------------------------------------------------------------------------------
case(
    "decimal_comma",
    files={"deals.csv": csv_text([HEADER, ["D1", "gewonnen", "1.200,00", "06.01.2025", "03.02.2025"],
                                  ["D2", "verloren", "800,50", "07.01.2025", "10.02.2025"],
                                  ["D3", "offen", "12.500", "08.01.2025", ""]])},
    config=deals_yaml(),
    expect={"case": "German numbers: decimal comma, point as thousands separator", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"amount": [1200.0, 800.5, 12500.0]}},
)
case(
    "swiss_amounts",
    files={"deals.csv": csv_text([HEADER, ["D1", "gewonnen", "CHF 1'234.–", "06.01.2025", "03.02.2025"],
                                  ["D2", "verloren", "1\u2019234.50", "07.01.2025", "10.02.2025"],
                                  ["D3", "offen", "Fr. 12'000.-", "08.01.2025", ""],
                                  ["D4", "gewonnen", "1'234'567.05", "09.01.2025", "20.02.2025"]])},
    config=deals_yaml(),
    expect={"case": "Swiss apostrophes, CHF 1'234.– and Fr. 12'000.-", "outcome": "clean",
            "rows": {"read": 4, "loaded": 4, "rejected": 0},
            "values": {"amount": [1234.0, 1234.5, 12000.0, 1234567.05]}},
)
case(
    "text_in_amounts",
    files={"deals.csv": csv_text([HEADER, good_rows()[0],
                                  ["D2", "verloren", "auf Anfrage", "07.01.2025", "10.02.2025"],
                                  ["D3", "offen", "ca. 5000", "08.01.2025", ""],
                                  ["D4", "gewonnen", "5k", "09.01.2025", "20.02.2025"],
                                  ["D5", "verloren", "12.5.2025", "10.01.2025", "21.02.2025"]])},
    config=deals_yaml(),
    expect={"case": "text, abbreviations and a date in the amount column", "outcome": "rejected",
            "code": "INVALID_NUMBER", "where": {"rows": [3, 4, 5, 6], "column": "Betrag"},
            "rows": {"read": 5, "loaded": 1, "rejected": 4}},
)
case(
    "negative_amounts",
    files={"deals.csv": csv_text([HEADER, good_rows()[0],
                                  ["D2", "verloren", "-800.00", "07.01.2025", "10.02.2025"],
                                  ["D3", "offen", "2500.00", "08.01.2025", ""],
                                  ["D4", "gewonnen", "450.00-", "09.01.2025", "20.02.2025"]])},
    config=deals_yaml(),
    expect={"case": "negative amounts, leading and trailing minus", "outcome": "rejected",
            "code": "NEGATIVE_VALUE", "where": {"rows": [3, 5], "column": "Betrag"},
            "rows": {"read": 4, "loaded": 2, "rejected": 2}},
)

# --- empty or malformed files ------------------------------------------------------------------------
case(
    "empty_file",
    files={"deals.csv": b""},
    config=deals_yaml(),
    expect={"case": "a file of zero bytes", "outcome": "error", "code": "FILE_EMPTY", "where": {}},
)
case(
    "bom_and_blank_lines_only",
    files={"deals.csv": b"\xef\xbb\xbf\r\n\r\n   \r\n"},
    config=deals_yaml(),
    expect={"case": "only a BOM and blank lines", "outcome": "error", "code": "FILE_EMPTY", "where": {}},
)
case(
    "header_only",
    files={"deals.csv": csv_text([HEADER])},
    config=deals_yaml(),
    expect={"case": "a header and no data rows", "outcome": "warning", "code": "NO_ROWS", "where": {"row": 1},
            "rows": {"read": 0, "loaded": 0, "rejected": 0}},
)
case(
    "duplicate_headers",
    files={"deals.csv": csv_text([[*HEADER, "Betrag"],
                                  *[[*r, "0"] for r in good_rows()]])},
    config=deals_yaml(),
    expect={"case": "the header names Betrag twice; the first is used", "outcome": "warning",
            "code": "DUPLICATE_HEADER", "where": {"column": "Betrag"},
            "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"amount": [1200.0, 800.0, 2500.0]}},
)

# --- columns ---------------------------------------------------------------------------------------
case(
    "missing_required_column",
    files={"deals.csv": csv_text([["deal_id", "status", "amount"], ["D1", "won", "100"], ["D2", "lost", "50"]])},
    config="name: Bad Input AG\nsources:\n  deals: deals.csv\n",
    expect={"case": "no closed_at column and no mapping", "outcome": "error", "code": "MISSING_COLUMN",
            "where": {"column": "closed_at"}, "mentions": ["deal_id", "status", "amount"]},
)
case(
    "near_miss_mapped_column",
    files={"deals.csv": csv_text([["Deal-ID", "Phase", "Betrag", "Erstellt", "Abschluss Datum"], *good_rows()])},
    config=deals_yaml(),
    expect={"case": "mapped 'Abschluss' but the file says 'Abschluss Datum'", "outcome": "error",
            "code": "MISSING_MAPPED_COLUMN", "where": {"column": "Abschluss"}, "mentions": ["Abschluss Datum"]},
)
case(
    "near_miss_canonical_column",
    files={"deals.csv": csv_text([["Deal ID", "status", "closed_at"], ["D1", "won", "03.02.2025"]])},
    config="name: Bad Input AG\nsources:\n  deals: deals.csv\n",
    expect={"case": "'Deal ID' instead of deal_id, no mapping: not guessed, suggested", "outcome": "error",
            "code": "MISSING_COLUMN", "where": {"column": "deal_id"}, "mentions": ["Deal ID"]},
)
case(
    "invisible_characters_in_header",
    files={"deals.csv": csv_text([["Deal-ID\u200b", "Phase\u00a0", "\ufeffBetrag", "Erstellt", "Abschluss"],
                                  *good_rows()])},
    config=deals_yaml(),
    expect={"case": "zero-width space, no-break space and a stray BOM in header names", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"deal_id": ["D1", "D2", "D3"]}},
)

# --- dates -----------------------------------------------------------------------------------------
case(
    "unparseable_dates",
    files={"deals.csv": csv_text([HEADER, good_rows()[0],
                                  ["D2", "verloren", "800.00", "07.01.2025", "31.02.2025"],
                                  ["D3", "gewonnen", "2500.00", "08.01.2025", "gestern"],
                                  ["D4", "gewonnen", "450.00", "09.01.2025", "2025-13-01"]])},
    config=deals_yaml(),
    expect={"case": "impossible and non-dates", "outcome": "rejected", "code": "INVALID_DATE",
            "where": {"rows": [3, 4, 5], "column": "Abschluss"}, "rows": {"read": 4, "loaded": 1, "rejected": 3}},
)
_us_eu = [HEADER, ["D1", "gewonnen", "1200.00", "01/02/2025", "03/04/2025"],
          ["D2", "verloren", "800.00", "02/03/2025", "04/05/2025"],
          ["D3", "offen", "2500.00", "05/06/2025", ""]]
case(
    "ambiguous_dates",
    files={"deals.csv": csv_text(_us_eu)},
    config=deals_yaml(),
    expect={"case": "every date fits dd/mm and mm/dd: reported, not guessed", "outcome": "error",
            "code": "AMBIGUOUS_DATES", "where": {"column": "Erstellt"}, "mentions": ["date_order", "01/02/2025"]},
)
case(
    "ambiguous_dates_with_date_order",
    files={"deals.csv": csv_text(_us_eu)},
    config=deals_yaml(date_order="mdy"),
    expect={"case": "the same file with read.date_order: mdy", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0},
            "values": {"created_at": ["2025-01-02", "2025-02-03", "2025-05-06"]}},
)
case(
    "dates_day_first_proven",
    files={"deals.csv": csv_text([HEADER, ["D1", "gewonnen", "1200.00", "01/02/2025", "13/02/2025"],
                                  ["D2", "verloren", "800.00", "02/03/2025", "04/05/2025"]])},
    config=deals_yaml(),
    expect={"case": "13/02/2025 proves day first, for the whole file", "outcome": "clean",
            "rows": {"read": 2, "loaded": 2, "rejected": 0},
            "values": {"created_at": ["2025-02-01", "2025-03-02"], "closed_at": ["2025-02-13", "2025-05-04"]}},
)
case(
    "dates_month_first_proven",
    files={"deals.csv": csv_text([HEADER, ["D1", "gewonnen", "1200.00", "01/02/2025", "02/13/2025"],
                                  ["D2", "verloren", "800.00", "01/30/2025", "04/05/2025"]])},
    config=deals_yaml(),
    expect={"case": "02/13/2025 and 01/30/2025 prove month first (US export)", "outcome": "clean",
            "rows": {"read": 2, "loaded": 2, "rejected": 0},
            "values": {"created_at": ["2025-01-02", "2025-01-30"], "closed_at": ["2025-02-13", "2025-04-05"]}},
)
case(
    "iso_timestamps_with_zone",
    files={"deals.csv": csv_text([HEADER, ["D1", "closedwon", "1200.00", "2025-01-06T09:15:00.000+01:00",
                                           "2025-02-03T23:30:00Z"],
                                  ["D2", "closedlost", "800.00", "2025-01-07T10:00:00.000+01:00",
                                   "2025-02-10T08:00:00Z"]], sep=",")},
    config=deals_yaml().replace("closed_at: Abschluss}", "closed_at: Abschluss}\n"
                                "    values: {status: {closedwon: won, closedlost: lost}}"),
    expect={"case": "ISO timestamps with milliseconds, offsets and Z (CRM API exports): the wall time is kept",
            "outcome": "clean", "rows": {"read": 2, "loaded": 2, "rejected": 0},
            "values": {"created_at": ["2025-01-06", "2025-01-07"], "closed_at": ["2025-02-03", "2025-02-10"]}},
)
case(
    "future_dates",
    files={"deals.csv": csv_text([HEADER, good_rows()[0],
                                  ["D2", "gewonnen", "800.00", "07.01.2025", "10.02.2205"],
                                  ["D3", "offen", "2500.00", "08.01.2025", "31.12.2099"],
                                  ["D4", "verloren", "450.00", "09.01.2099", "20.02.2099"]])},
    config=deals_yaml(),
    expect={"case": "won/lost or created in the future (typo 2205); an open deal's expected close date may lie "
                    "ahead, but not 2099 (more than five years after today)",
            "outcome": "rejected", "code": ["FUTURE_DATE", "DATE_OUT_OF_RANGE"], "where": {"rows": [3, 4, 5]},
            "rows": {"read": 4, "loaded": 1, "rejected": 3}},
)
case(
    "closed_before_created",
    files={"deals.csv": csv_text([HEADER, good_rows()[0],
                                  ["D2", "verloren", "800.00", "07.03.2025", "10.02.2025"], good_rows()[2]])},
    config=deals_yaml(),
    expect={"case": "close date before the create date", "outcome": "rejected", "code": "CLOSED_BEFORE_CREATED",
            "where": {"rows": [3], "column": "Abschluss"}, "rows": {"read": 3, "loaded": 2, "rejected": 1}},
)

# --- values ----------------------------------------------------------------------------------------
case(
    "duplicate_ids",
    files={"deals.csv": csv_text([HEADER, *good_rows(3), good_rows()[0], ["D2", "gewonnen", "1.00", "01.01.2025",
                                                                         "02.01.2025"]])},
    config=deals_yaml(),
    expect={"case": "D1 and D2 occur twice: the first occurrence stays", "outcome": "rejected",
            "code": "DUPLICATE_ID", "where": {"rows": [5, 6], "column": "Deal-ID"},
            "rows": {"read": 5, "loaded": 3, "rejected": 2}},
)
case(
    "unknown_stage",
    files={"deals.csv": csv_text([HEADER, good_rows()[0],
                                  ["D2", "Verhandlung", "800.00", "07.01.2025", ""],
                                  ["D3", "Angebot gesendet", "2500.00", "08.01.2025", ""]])},
    config=deals_yaml(),
    expect={"case": "pipeline stages without a value map", "outcome": "rejected", "code": "INVALID_VALUE",
            "where": {"rows": [3, 4], "column": "Phase"}, "mentions": ["values.status"],
            "rows": {"read": 3, "loaded": 1, "rejected": 2}},
)
case(
    "missing_required_value",
    files={"deals.csv": csv_text([HEADER, good_rows()[0], ["", "verloren", "800.00", "07.01.2025", "10.02.2025"],
                                  ["D3", "gewonnen", "2500.00", "08.01.2025", ""]])},
    config=deals_yaml(),
    expect={"case": "an empty id; a won deal without close date", "outcome": "rejected",
            "code": ["MISSING_VALUE", "MISSING_CLOSE_DATE"], "where": {"rows": [3, 4]},
            "rows": {"read": 3, "loaded": 1, "rejected": 2}},
)
case(
    "huge_cell",
    files={"deals.csv": csv_text([[*HEADER, "Produkt"], [*good_rows()[0], "Beratung"],
                                  [*good_rows()[1], "A" * 1_048_576], [*good_rows()[2], "Schulung"]])},
    config=deals_yaml().replace("closed_at: Abschluss}", "closed_at: Abschluss, product: Produkt}"),
    expect={"case": "a 1 MB text in a mapped column: no crash, that row is set aside", "outcome": "rejected",
            "code": "VALUE_TOO_LONG", "where": {"rows": [3], "column": "Produkt"},
            "rows": {"read": 3, "loaded": 2, "rejected": 1}},
)
case(
    "huge_cell_unused_column",
    files={"deals.csv": csv_text([[*HEADER, "Notiz"], [*good_rows()[0], "ok"],
                                  [*good_rows()[1], "Lorem ipsum dolor sit amet. " * 40_000], [*good_rows()[2], ""]])},
    config=deals_yaml(),
    expect={"case": "a 1 MB note in a column kpikit does not use: loaded", "outcome": "clean",
            "rows": {"read": 3, "loaded": 3, "rejected": 0}},
)

# --- workbooks and other formats ---------------------------------------------------------------------
case(
    "xls_old_format",
    files={"deals.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504},
    config=deals_yaml("deals.xls"),
    expect={"case": "an Excel 97-2003 .xls", "outcome": "error", "code": "FILE_FORMAT", "where": {},
            "mentions": [".xlsx"]},
)
case(
    "xlsx_is_really_csv",
    files={"deals.xlsx": csv_text([HEADER, *good_rows()])},
    config=deals_yaml("deals.xlsx"),
    expect={"case": "a CSV saved under an .xlsx name", "outcome": "error", "code": "FILE_NOT_XLSX", "where": {},
            "mentions": [".csv"]},
)


# --- issue 14: no number, date or total silently misread ---------------------------------------------
def _deal_rows(amounts: list[str], created: list[str] | None = None, closed: list[str] | None = None) -> list:
    """Won deals D1, D2, … with these amounts (and created/close dates, by default in January/February 2025)."""
    n = len(amounts)
    created = created or [f"{6 + i % 20:02d}.01.2025" for i in range(n)]
    closed = closed or [f"{3 + i % 20:02d}.02.2025" for i in range(n)]
    return [HEADER, *([f"D{i + 1}", "gewonnen", a, c, d] for i, (a, c, d) in
                      enumerate(zip(amounts, created, closed, strict=True)))]


case(
    "numbers_swiss_column_other_formats",
    files={"deals.csv": csv_text(_deal_rows(["1'234.50", "800.00", "2'500.00", "1'234,50", "1.234,5", "1'234'5",
                                             "1,234.50", "12,-"]))},
    config=deals_yaml(),
    expect={"case": "a Swiss column (1'234.50): 1'234,50, 1.234,5, 1'234'5 and 12,- do not fit its format and are "
                    "rejected, never read as 123450, 1.2345, 12345 or -12; 1,234.50 fits",
            "outcome": "rejected", "code": "INVALID_NUMBER", "where": {"rows": [5, 6, 7, 9], "column": "Betrag"},
            "mentions": ["1'234.50"],
            "rows": {"read": 8, "loaded": 4, "rejected": 4}, "values": {"amount": [1234.5, 800.0, 2500.0, 1234.5]}},
)
case(
    "numbers_german_column_other_formats",
    files={"deals.csv": csv_text(_deal_rows(["1.234,50", "800,00", "2.500,00", "12,50", "99,90", "1.5", "1,234.50",
                                             "2.5e-3", "3.14.15", "1'234'5", "12.500", "12,–"]))},
    config=deals_yaml(),
    expect={"case": "a German column (1.234,50): 1.5, 1,234.50, 2.5e-3, 3.14.15 and 1'234'5 are rejected, never read "
                    "as 15, 1.2345, 0.025, 31415 or 12345; 12.500 is 12500 and 12,– is 12",
            "outcome": "rejected", "code": "INVALID_NUMBER", "where": {"rows": [7, 8, 9, 10, 11], "column": "Betrag"},
            "mentions": ["1.234,50"], "rows": {"read": 12, "loaded": 7, "rejected": 5},
            "values": {"amount": [1234.5, 800.0, 2500.0, 12.5, 99.9, 12500.0, 12.0]}},
)
case(
    "numbers_implausible_and_accounting_negative",
    files={"deals.csv": csv_text(_deal_rows(["1200.00", "99999999999999999999999", "1e308", "(1'234.50)",
                                             "450.00"]))},
    config=deals_yaml(),
    expect={"case": "1e23 and 1e308 are no amounts (IMPLAUSIBLE_NUMBER); (1'234.50) is an accounting negative, "
                    "and a deal amount may not be negative",
            "outcome": "rejected", "code": ["IMPLAUSIBLE_NUMBER", "NEGATIVE_VALUE"],
            "where": {"rows": [3, 4, 5], "column": "Betrag"},
            "rows": {"read": 5, "loaded": 2, "rejected": 3}, "values": {"amount": [1200.0, 450.0]}},
)
case(
    "dates_slash_in_day_first_column",
    files={"deals.csv": csv_text(_deal_rows(["100.00"] * 5, created=["06.01.2025", "07.01.2025", "13/01/2025",
                                                                     "01/02/2025", "01/13/2025"]))},
    config=deals_yaml(),
    expect={"case": "slash dates among dd.mm.yyyy follow the column's day-first order: 01/02/2025 is 1 February; "
                    "01/13/2025 only reads month first and is rejected, not read month first",
            "outcome": "rejected", "code": "DATE_OTHER_ORDER", "where": {"rows": [6], "column": "Erstellt"},
            "rows": {"read": 5, "loaded": 4, "rejected": 1},
            "values": {"created_at": ["2025-01-06", "2025-01-07", "2025-01-13", "2025-02-01"]}},
)
case(
    "dates_slash_in_iso_column_ambiguous",
    files={"deals.csv": csv_text(_deal_rows(["100.00"] * 3, created=["2025-01-06", "2025-01-07", "01/02/2025"],
                                            closed=["2025-02-03", "2025-02-04", "2025-02-05"]))},
    config=deals_yaml(),
    expect={"case": "a slash date in an ISO column: the column has no day/month order to give, so it is not guessed",
            "outcome": "error", "code": "AMBIGUOUS_DATES", "where": {"column": "Erstellt"},
            "mentions": ["date_order", "01/02/2025"]},
)
case(
    "dates_outside_plausible_window",
    files={"deals.csv": csv_text([HEADER, good_rows()[0], ["D2", "gewonnen", "800.00", "01.01.0001", "10.02.2025"],
                                  ["D3", "offen", "2500.00", "08.01.2025", "01.01.2199"],
                                  ["D4", "verloren", "450.00", "09.01.1899", "20.02.2025"], good_rows(5)[4]])},
    config=deals_yaml(),
    expect={"case": "01.01.0001, 1899 and an expected close in 2199 are typos: rejected (the period would span "
                    "centuries), the window named",
            "outcome": "rejected", "code": "DATE_OUT_OF_RANGE", "where": {"rows": [3, 4, 5]},
            "mentions": ["01.01.1990"], "rows": {"read": 5, "loaded": 2, "rejected": 3}},
)
_META = ["Kampagnenname", "Beginn des Berichtszeitraums", "Ende des Berichtszeitraums", "Ausgegebener Betrag (CHF)",
         "Impressionen", "Reichweite", "Link-Klicks", "Ergebnisse", "Ergebnistyp", "Kosten pro Ergebnis"]
case(
    "totals_campaign_named_total",
    files={"meta.csv": csv_text([_META,
                                 ["Lead-Formular Büro-Kaffee", "2025-03-01", "2025-03-31", "215.40", "22420", "9770",
                                  "330", "10", "Leads (Formular)", "21.54"],
                                 ["Total: Awareness Frühling", "2025-03-01", "2025-03-31", '"5,000.00"', "410000",
                                  "120000", "2100", "0", "Reichweite", ""],
                                 ["Retargeting Website-Besucher", "2025-03-01", "2025-03-31", "128.60", "3505",
                                  "2222", "24", "1", "Leads (Formular)", "128.60"]], sep=",")},
    config="name: Bad Input AG\nsources:\n  campaigns: {file: meta.csv, preset: meta_ads}\n",
    expect={"case": "a Meta campaign named «Total: Awareness Frühling», with its dates and its own spend, is data, "
                    "not a report total (spend 5'344, not 344)",
            "outcome": "clean", "table": "campaigns", "rows": {"read": 3, "loaded": 3, "rejected": 0},
            "values": {"spend": [215.4, 5000.0, 128.6],
                       "campaign": ["Lead-Formular Büro-Kaffee", "Total: Awareness Frühling",
                                    "Retargeting Website-Besucher"]}},
)
_GADS = ["Kampagne", "Tag", "Kampagnenstatus", "Währungscode", "Impr.", "Klicks", "Kosten", "Conversions"]
case(
    "totals_dated_campaign_before_the_report_totals",
    files={"google.csv": "Kampagnenbericht\n1. März 2025 - 31. März 2025\n" + csv_text([
        _GADS, ["Suche | Kaffeemaschinen", "2025-03-01", "Aktiviert", "CHF", "2.438", "61", '"132,94"', '"2,00"'],
        ["Gesamt: Frühlingsaktion", "2025-03-02", "Aktiviert", "CHF", "1.200", "40", '"80,00"', '"1,00"'],
        ["Gesamt: Konto", "--", "--", "CHF", "3.638", "101", '"212,94"', '"3,00"'],
        ["Gesamt: Suchkampagnen", "--", "--", "CHF", "3.638", "101", '"212,94"', '"3,00"']], sep=",")},
    config="name: Bad Input AG\nsources:\n  campaigns: {file: google.csv, preset: google_ads}\n",
    expect={"case": "Google Ads: the undated closing totals are skipped, a dated campaign called «Gesamt: "
                    "Frühlingsaktion» just before them is data",
            "outcome": "clean", "table": "campaigns", "rows": {"read": 2, "loaded": 2, "rejected": 0},
            "values": {"spend": [132.94, 80.0], "impressions": [2438.0, 1200.0]}},
)


# Workbooks: built below (need openpyxl).
def _workbook(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for rng in (merges or {}).get(name, []):
            sheet.merge_cells(rng)
    buf = io.BytesIO()
    book.save(buf)
    return _normalised(buf.getvalue())


def _normalised(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so that regenerating it changes no byte."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-03-01T00:00:00Z", content)
            info = zipfile.ZipInfo(item.filename, date_time=(2025, 3, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, content)
    return out.getvalue()


def _with_cached_values(data: bytes, values: dict[str, object]) -> bytes:
    """Write cached formula results (``<v>``) into sheet1, as Excel does when it saves."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for ref, value in values.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                                  rf"\g<1>\g<2><v>{value}</v>", text)
                content = text.encode()
            dst.writestr(item, content)
    return _normalised(out.getvalue())


def build_workbooks() -> None:
    rows = [["D1", "gewonnen", 1200.0, "06.01.2025", "03.02.2025"],
            ["D2", "verloren", 800.0, "07.01.2025", "10.02.2025"],
            ["D3", "offen", 2500.0, "08.01.2025", None]]
    case(
        "xlsx_several_sheets",
        files={"deals.xlsx": _workbook({"Hinweise": [["Export aus dem CRM"], ["Stand 01.03.2025"]],
                                        "Pivot": [["Phase", "Summe"], ["gewonnen", 1200]],
                                        "Deals": [["deal_id", "status", "amount", "closed_at"],
                                                  *[[r[0], r[1], r[2], r[4]] for r in rows]]})},
        config="name: Bad Input AG\nsources:\n  deals: deals.xlsx\n",
        expect={"case": "notes and pivot sheets before the data sheet, canonical names unmapped",
                "outcome": "clean", "rows": {"read": 3, "loaded": 3, "rejected": 0},
                "values": {"deal_id": ["D1", "D2", "D3"]}},
    )
    case(
        "xlsx_merged_header",
        files={"deals.xlsx": _workbook({"Deals": [["Verkaufschance", None, None, "Termine", None],
                                                  HEADER, *rows]},
                                       merges={"Deals": ["A1:C1", "D1:E1"]})},
        config=deals_yaml("deals.xlsx"),
        expect={"case": "a merged group row above the real header (two-row header)", "outcome": "clean",
                "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"amount": [1200.0, 800.0, 2500.0]}},
    )
    case(
        "xlsx_merged_header_dirty_row",
        files={"deals.xlsx": _workbook({"Deals": [["Verkaufschance", None, None, "Termine", None], HEADER,
                                                  *rows, ["D4", "gewonnen", "auf Anfrage", "09.01.2025",
                                                          "20.02.2025"]]},
                                       merges={"Deals": ["A1:C1", "D1:E1"]})},
        config=deals_yaml("deals.xlsx"),
        expect={"case": "row numbers below a two-row header are Excel's", "outcome": "rejected",
                "code": "INVALID_NUMBER", "where": {"rows": [6], "column": "Betrag"},
                "rows": {"read": 4, "loaded": 3, "rejected": 1}},
    )
    formulas = [HEADER, ["D1", "gewonnen", "=2*600", "06.01.2025", "03.02.2025"],
                ["D2", "verloren", "=C2-400", "07.01.2025", "10.02.2025"],
                ["D3", "offen", 2500, "08.01.2025", None]]
    case(
        "xlsx_formula_cached",
        files={"deals.xlsx": _with_cached_values(_workbook({"Deals": formulas}), {"C2": 1200, "C3": 800})},
        config=deals_yaml("deals.xlsx"),
        expect={"case": "formula cells with the results Excel saved: the results are read", "outcome": "clean",
                "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"amount": [1200.0, 800.0, 2500.0]}},
    )
    case(
        "xlsx_formula_not_calculated",
        files={"deals.xlsx": _workbook({"Deals": formulas})},
        config=deals_yaml("deals.xlsx"),
        expect={"case": "formulas written by a tool that never calculated them: no result to read",
                "outcome": "rejected", "code": "FORMULA_WITHOUT_VALUE", "where": {"rows": [2, 3], "column": "Betrag"},
                "rows": {"read": 3, "loaded": 1, "rejected": 2}},
    )
    case(
        "xlsx_header_only",
        files={"deals.xlsx": _workbook({"Deals": [HEADER]})},
        config=deals_yaml("deals.xlsx"),
        expect={"case": "a workbook with the header row and nothing below", "outcome": "warning", "code": "NO_ROWS",
                "where": {"row": 1}, "rows": {"read": 0, "loaded": 0, "rejected": 0}},
    )
    good = _workbook({"Deals": [HEADER, *rows]})
    case(
        "xlsx_named_csv",
        files={"deals.csv": good},
        config=deals_yaml(),
        expect={"case": "a workbook saved as deals.csv: read as the workbook it is", "outcome": "clean",
                "rows": {"read": 3, "loaded": 3, "rejected": 0}, "values": {"amount": [1200.0, 800.0, 2500.0]}},
    )
    case(
        "xlsx_corrupt",
        files={"deals.xlsx": good[: len(good) // 2]},
        config=deals_yaml("deals.xlsx"),
        expect={"case": "a truncated download", "outcome": "error", "code": "FILE_CORRUPT", "where": {}},
    )
    case(
        "xlsx_password",
        files={"deals.xlsx": _encrypted(good)},
        config=deals_yaml("deals.xlsx"),
        expect={"case": "a password-protected workbook (encrypted OLE file)", "outcome": "error",
                "code": "FILE_ENCRYPTED", "where": {}, "mentions": ["password"]},
    )
    case(
        "xlsx_error_values_and_dates",
        files={"deals.xlsx": _workbook({"Deals": [HEADER, rows[0],
                                                  ["D2", "verloren", "#DIV/0!", "07.01.2025", "10.02.2025"],
                                                  ["D3", "gewonnen", 10.0, "08.01.2025", "#REF!"]]})},
        config=deals_yaml("deals.xlsx"),
        expect={"case": "Excel error values in an amount and a date", "outcome": "rejected",
                "code": ["INVALID_NUMBER", "INVALID_DATE"], "where": {"rows": [3, 4]},
                "rows": {"read": 3, "loaded": 1, "rejected": 2}},
    )


def _encrypted(plain: bytes) -> bytes | None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return None  # keep the committed file
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("geheim", out)
    return out.getvalue()


def write(name: str, spec: dict) -> None:
    folder = HERE / name
    keep = {n for n, c in spec["files"].items() if c is None and (folder / n).is_file()}
    if folder.exists():
        for p in folder.iterdir():
            if p.name not in keep:
                p.unlink()
    folder.mkdir(exist_ok=True)
    (folder / "company.yaml").write_text(spec["config"], encoding="utf-8")
    for fname, content in spec["files"].items():
        if content is None:
            if fname not in keep:
                print(f"{name}: {fname} cannot be generated here and is not committed", file=sys.stderr)
            continue
        (folder / fname).write_bytes(content.encode() if isinstance(content, str) else content)
    (folder / "expect.yaml").write_text(yaml.safe_dump(spec["expect"], allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="case names to write (default: all)")
    args = parser.parse_args(argv)
    build_workbooks()
    for name, spec in CASES.items():
        if args.only and name not in args.only:
            continue
        write(name, spec)
    stale = [p.name for p in HERE.iterdir() if p.is_dir() and p.name not in CASES and not p.name.startswith("_")]
    for name in stale:
        shutil.rmtree(HERE / name)
    print(f"{len(CASES)} cases in {HERE}")


if __name__ == "__main__":
    main()
