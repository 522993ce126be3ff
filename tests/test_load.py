import datetime as dt
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kpikit import Company, ConfigError, DataError, KpikitError, load_company
from kpikit.company.collect import REJECTED_COLUMNS
from kpikit.core.i18n import MESSAGES
from kpikit.sources.layout import WHITESPACE, detect_encoding, detect_layout
from kpikit.sources.read import read_raw

DATA = Path(__file__).resolve().parent / "data"


def _read(path: Path, **options):
    return read_raw(path, path.name, options)


def _xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# =====================================================================================================
# _read: encodings and layouts
# =====================================================================================================
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Ort;Betrag\nZürich;1".encode(), "utf-8"),
        (b"plain ascii;1", "utf-8"),
        (b"\xef\xbb\xbfDeal-ID;Betrag", "utf-8-sig"),
        ("Ort;Betrag\nZürich;1\nGenève;2".encode("cp1252"), "cp1252"),
        ("Ort;Betrag\nZürich;1".encode("utf-16"), "utf-16"),  # with BOM
        (b"\xff\xfe" + "Ort;Betrag".encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + "Ort;Betrag".encode("utf-16-be"), "utf-16"),
    ],
)
def test_detect_encoding(data, expected):
    assert detect_encoding(data) == expected


def test_detect_encoding_multibyte_cut_by_sample_is_still_utf8():
    whole = ("x" * 10 + "ü").encode()
    assert detect_encoding(whole[:-1]) == "utf-8"
    assert detect_encoding(whole[:-1], whole) == "utf-8"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["a;b;c", "1;2,5;3", "4;5,5;6"], (";", 0)),
        (["a,b,c", "1,2,3", "4,5,6"], (",", 0)),
        (["a\tb\tc", "1\t2,5\t3", "4\t5\t6"], ("\t", 0)),
        (["a|b|c", "1|2|3", "4|5|6"], ("|", 0)),
        (["   00001 19970101 1 11.77", "   00002 19970112 1 12.00"], (WHITESPACE, 0)),
        (["name,amount", '"Muster, AG",12', '"X, Y",3'], (",", 0)),
        (
            [
                "Kampagnenbericht",
                "1. Januar 2025 - 31. Januar 2025",
                "Tag,Kampagne,Kosten",
                "2025-01-01,A,1.50",
                "2025-01-02,B,2.50",
            ],
            (",", 2),
        ),
        # blank lines are skipped for the layout but counted for skiprows (the reader keeps file row numbers)
        (["", "Tag;Betrag", "", "01.01.2025;1,50", "02.01.2025;2,50"], (";", 1)),
    ],
)
def test_detect_layout(lines, expected):
    assert detect_layout(lines) == expected


# =====================================================================================================
# _read: read_raw for each format
# =====================================================================================================
def test_read_semicolon_csv_crlf_bom(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_bytes(b"\xef\xbb\xbfDeal-ID;Betrag (CHF)\r\nD1;1'234.50\r\nD2;\r\n")
    raw = _read(path)
    assert (raw.encoding, raw.sep, raw.skiprows) == ("utf-8-sig", ";", 0)
    assert raw.header == ["Deal-ID", "Betrag (CHF)"]
    assert raw.frame["Deal-ID"].tolist() == ["D1", "D2"]
    assert raw.frame["Betrag (CHF)"].iloc[0] == "1'234.50"
    assert pd.isna(raw.frame["Betrag (CHF)"].iloc[1])
    assert raw.rows.tolist() == [2, 3]
    assert all(pd.api.types.is_string_dtype(t) for t in raw.frame.dtypes)


def test_read_keeps_leading_zeros_and_quoted_separators(tmp_path):
    path = tmp_path / "kontakte.csv"
    path.write_bytes(b'Kontakt-ID,Firma,PLZ\n001,"Muster, Meier & Co",0800\n002,Bau AG,3000\n')
    raw = _read(path)
    assert raw.frame.to_dict("list") == {
        "Kontakt-ID": ["001", "002"],
        "Firma": ["Muster, Meier & Co", "Bau AG"],
        "PLZ": ["0800", "3000"],
    }


def test_read_cp1252(tmp_path):
    path = tmp_path / "kontakte.csv"
    path.write_bytes("Kontakt-ID;Ort\r\n1;Zürich\r\n2;Genève\r\n3;Münchenstein\r\n".encode("cp1252"))
    raw = _read(path)
    assert raw.encoding == "cp1252"
    assert raw.frame["Ort"].tolist() == ["Zürich", "Genève", "Münchenstein"]


def test_read_utf16_with_bom(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Tag\tOrt\tKosten\n2025-01-01\tZürich\t3,50\n2025-01-02\tBiel\t4,00\n".encode("utf-16"))
    raw = _read(path)
    assert (raw.encoding, raw.sep) == ("utf-16", "\t")
    assert raw.frame.to_dict("list") == {
        "Tag": ["2025-01-01", "2025-01-02"],
        "Ort": ["Zürich", "Biel"],
        "Kosten": ["3,50", "4,00"],
    }


def test_read_two_column_tsv_with_decimal_comma(tmp_path):
    path = tmp_path / "kosten.tsv"
    path.write_text("Tag\tKosten\n2025-01-01\t3,50\n2025-01-02\t4,00\n2025-01-03\t5,00\n")
    raw = _read(path)
    assert raw.sep == "\t"
    assert raw.frame.to_dict("list") == {
        "Tag": ["2025-01-01", "2025-01-02", "2025-01-03"],
        "Kosten": ["3,50", "4,00", "5,00"],
    }


def test_read_tsv(tmp_path):
    path = tmp_path / "newsletter.tsv"
    path.write_text("Versanddatum\tEmpfänger\tKosten\n06.01.2025\t1200\t45,50\n13.01.2025\t1210\t45,50\n")
    raw = _read(path)
    assert raw.sep == "\t"
    assert raw.frame["Empfänger"].tolist() == ["1200", "1210"]


def test_read_pipe(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("id|amount\n1|2.5\n2|3\n3|4\n")
    raw = _read(path)
    assert raw.sep == "|"
    assert raw.frame["amount"].tolist() == ["2.5", "3", "4"]


def test_read_preamble_lines_google_ads():
    raw = _read(DATA / "google_ads_preamble.csv")
    assert (raw.sep, raw.skiprows) == (",", 2)
    assert raw.header == ["Tag", "Kampagne", "Impr.", "Klicks", "Kosten"]
    assert raw.rows.tolist() == [4, 5, 6, 7, 8]  # header on line 3, first data row on line 4
    assert raw.frame["Impr."].iloc[0] == "1'234"


def test_read_whitespace_headerless_cdnow_with_names():
    raw = _read(DATA / "cdnow_head.txt", names=["customer_id", "ordered_at", "quantity", "revenue"])
    assert raw.sep == WHITESPACE
    assert raw.rows.tolist() == [1, 2, 3, 4, 5, 6]  # no header: the first line is the first data row
    assert raw.frame.iloc[0].tolist() == ["00001", "19970101", "1", "11.77"]
    assert raw.frame["customer_id"].tolist()[-1] == "00003"


def test_read_whitespace_with_header(tmp_path):
    path = tmp_path / "fixed.txt"
    path.write_bytes(b"id   date         amount\r\n  1  2025-01-01   3.5\r\n  2  2025-01-02   4\r\n")
    raw = _read(path)
    assert raw.sep == WHITESPACE
    assert raw.frame.to_dict("list") == {
        "id": ["1", "2"],
        "date": ["2025-01-01", "2025-01-02"],
        "amount": ["3.5", "4"],
    }
    assert raw.rows.tolist() == [2, 3]


def test_read_explicit_options_override_detection(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes("Notiz\nKunde;Betrag\nMüller;1,5\n".encode("latin-1"))
    raw = _read(path, sep=";", skiprows=1, encoding="latin-1")
    assert raw.frame.to_dict("list") == {"Kunde": ["Müller"], "Betrag": ["1,5"]}
    assert raw.rows.tolist() == [3]


def test_read_bad_encoding_option(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a;b\n1;2\n")
    with pytest.raises(DataError, match=r"read\.encoding") as info:
        _read(path, encoding="klingon")
    assert info.value.code == "BAD_OPTION"


def test_read_ragged_row_rejected_nothing_lost(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"id,x\r\n1,a\r\n2,b\r\n3,c,EXTRA\r\n4,d\r\n5,e\r\n6,f\r\n")
    raw = _read(path)
    assert raw.header == ["id", "x"]
    assert raw.frame["id"].tolist() == ["1", "2", "4", "5", "6"]
    assert raw.rows.tolist() == [2, 3, 5, 6, 7]
    assert [r[:3] for r in raw.ragged] == [(4, 3, 2)]  # (row, fields, expected)
    assert len(raw.frame) + len(raw.ragged) == 6


def test_read_ragged_row_after_preamble(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"Bericht\nZeitraum\nid,x\n1,a\n2,b,EXTRA\n3,c\n4,d\n5,e\n")
    raw = _read(path)
    assert raw.skiprows == 2
    assert raw.rows.tolist() == [4, 6, 7, 8]
    assert [r[:3] for r in raw.ragged] == [(5, 3, 2)]


def test_read_ragged_row_in_short_file(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"id,x\n1,a\n2,b,EXTRA\n3,c\n")
    raw = _read(path)
    assert raw.header == ["id", "x"]
    assert raw.frame["id"].tolist() == ["1", "3"]
    assert [r[:3] for r in raw.ragged] == [(3, 3, 2)]


def test_read_row_numbers_after_blank_line(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_bytes(b"id,x\n1,a\n\n2,b\n")
    raw = _read(path)
    assert raw.frame["id"].tolist() == ["1", "2"]
    assert raw.rows.tolist() == [2, 4]


def test_read_duplicate_header_recorded(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,Kanal,Kanal\n1,a,b\n2,c,d\n")
    raw = _read(path)
    assert raw.duplicate_headers == ["Kanal"]
    assert raw.frame["Kanal"].tolist() == ["a", "c"]  # the first column of that name


@pytest.mark.parametrize("content", [b"", b"   \n\n  \r\n"])
def test_read_empty_text_file(tmp_path, content):
    path = tmp_path / "leer.csv"
    path.write_bytes(content)
    with pytest.raises(DataError, match=r"leer\.csv") as info:
        _read(path)
    assert info.value.code == "FILE_EMPTY"


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xff\xfe"])
def test_read_bom_only_file_is_empty(tmp_path, content):
    path = tmp_path / "leer.csv"
    path.write_bytes(content)
    with pytest.raises(DataError, match=r"leer\.csv"):
        _read(path)


def test_read_xls_gives_clear_error(tmp_path):
    path = tmp_path / "alt.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    with pytest.raises(DataError, match=r"alt\.xls.*Excel 97") as info:
        _read(path)
    assert info.value.code == "FILE_FORMAT"
    assert ".xlsx" in info.value.message("de") and ".xlsx" in info.value.message("en")


def test_read_unknown_suffix(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("{}")
    with pytest.raises(DataError, match=r"\.json"):
        _read(path)


def test_read_corrupt_xlsx(tmp_path):
    path = tmp_path / "umsatz.xlsx"
    path.write_bytes(np.random.default_rng(0).bytes(512))
    with pytest.raises(DataError, match=r"umsatz\.xlsx") as info:
        _read(path)
    assert info.value.code == "FILE_CORRUPT"


def test_read_corrupt_parquet(tmp_path):
    path = tmp_path / "orders.parquet"
    path.write_bytes(b"PAR1 not really")
    with pytest.raises(DataError, match=r"orders\.parquet") as info:
        _read(path)
    assert info.value.code == "FILE_UNREADABLE"


def test_read_empty_xlsx(tmp_path):
    path = _xlsx(tmp_path / "leer.xlsx", {"Blatt1": []})
    with pytest.raises(DataError, match=r"leer\.xlsx") as info:
        _read(path)
    assert info.value.code == "FILE_EMPTY"


@pytest.fixture
def workbook(tmp_path):
    """Two sheets: notes first, then the data under a title row and a blank row."""
    return _xlsx(
        tmp_path / "umsatz.xlsx",
        {
            "Hinweise": [["Dieser Export enthält die Umsätze"], ["Stand: 31.03.2025"]],
            "Umsatz": [
                ["Umsatzliste 2025"],
                [],
                ["Bestellnr", "Kundennr", "Datum", "Betrag CHF"],
                ["B-1", "K-1", dt.datetime(2025, 1, 31), 100.5],
                ["B-2", 10023, "01.02.2025", "CHF 1'234.–"],
                [None, None, None, None],
                ["B-3", "K-3", dt.datetime(2025, 3, 1), 7],
            ],
        },
    )


@pytest.mark.parametrize(
    "options", [{"sheet": "Umsatz"}, {"sheet": 1}, {"_expect_columns": ["Kundennr", "Datum", "Betrag CHF"]}]
)
def test_read_xlsx_picks_sheet_and_header_below_title(workbook, options):
    raw = _read(workbook, **options)
    assert raw.sheet == "Umsatz"
    assert raw.header == ["Bestellnr", "Kundennr", "Datum", "Betrag CHF"]
    assert raw.skiprows == 2
    assert raw.rows.tolist() == [4, 5, 7]  # Excel row numbers; the empty row 6 is skipped
    assert raw.frame["Kundennr"].tolist() == ["K-1", 10023, "K-3"]
    assert raw.frame["Datum"].iloc[0] == dt.datetime(2025, 1, 31)


def test_read_xlsx_without_hint_takes_first_sheet(workbook):
    assert _read(workbook).sheet == "Hinweise"


@pytest.mark.parametrize("sheet", ["Verkauf", 5])
def test_read_xlsx_sheet_not_found(workbook, sheet):
    with pytest.raises(DataError, match="Hinweise, Umsatz") as info:
        _read(workbook, sheet=sheet)
    assert info.value.code == "SHEET_NOT_FOUND"


def test_read_parquet(tmp_path):
    path = tmp_path / "orders.parquet"
    pd.DataFrame({"customer_id": ["K1", "K2"], "revenue": [1.5, 2.0]}).to_parquet(path)
    raw = _read(path)
    assert raw.header == ["customer_id", "revenue"]
    assert raw.frame["revenue"].dtype == np.float64
    assert len(raw.rows) == 2


# =====================================================================================================
# load_company: mapping, value maps, constants, read options, several sources
# =====================================================================================================
DEALS_CSV = (
    "\ufeffDeal-ID;Dealphase;Erstelldatum;Abschlussdatum;Betrag (CHF);Kanal\r\n"
    "D1;Abgeschlossen und gewonnen;01.01.2025;15.01.2025;1'000.00;google\r\n"
    "D2;Abgeschlossen und verloren;01.01.2025;20.01.2025;500.00;GOOGLE\r\n"
    "D3;Qualifiziert für Kauf;01.02.2025;;;Messe\r\n"
)

DEALS_YAML = """\
    name: Test AG
    sources:
      deals:
        file: exports/deals.csv
        columns: {deal_id: Deal-ID, status: Dealphase, created_at: Erstelldatum, closed_at: Abschlussdatum,
                  amount: Betrag (CHF), channel: Kanal}
        values:
          status: {"Abgeschlossen und gewonnen": won, "abgeschlossen und VERLOREN": lost, "*": open}
          channel: {google: Google Ads, "*": Andere}
    """


def test_load_column_and_value_maps(make_company, rows_add_up):
    folder = make_company(DEALS_YAML, {"exports/deals.csv": DEALS_CSV})
    company = load_company(folder)
    assert company.name == "Test AG"
    expected = pd.DataFrame(
        {
            "deal_id": pd.Series(["D1", "D2", "D3"], dtype="str"),
            "status": pd.Series(["won", "lost", "open"], dtype="str"),  # exact, case-insensitive, "*" default
            "closed_at": pd.Series(
                pd.to_datetime(["2025-01-15", "2025-01-20", None]), dtype="datetime64[us]"
            ),
            "created_at": pd.Series(
                pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]), dtype="datetime64[us]"
            ),
            "amount": [1000.0, 500.0, np.nan],
            "channel": pd.Series(["Google Ads", "Google Ads", "Andere"], dtype="str"),
        }
    )
    pd.testing.assert_frame_equal(company.deals[expected.columns], expected)
    assert company.rejected.empty
    assert list(company.rejected.columns)[: len(REJECTED_COLUMNS)] == REJECTED_COLUMNS
    [source] = company.sources
    assert (source.table, source.file, source.rows_read, source.rows_loaded, source.rows_rejected) == (
        "deals",
        "exports/deals.csv",
        3,
        3,
        0,
    )
    assert source.detected == {"encoding": "utf-8-sig", "sep": ";"}
    rows_add_up(company)


def test_load_accepts_company_yaml_path_and_str(make_company):
    folder = make_company(DEALS_YAML, {"exports/deals.csv": DEALS_CSV})
    assert len(load_company(str(folder / "company.yaml")).deals) == 3


def test_load_canonical_names_case_insensitive_without_map(make_company):
    folder = make_company(
        "sources: {deals: exports/d.csv}\n",
        {"exports/d.csv": "Deal_ID,STATUS,Closed_At, Amount \nA,won,2025-01-01,10\n"},
    )
    company = load_company(folder)
    assert company.deals.iloc[0][["deal_id", "status", "amount"]].tolist() == ["A", "won", 10.0]


def test_load_mapped_column_matched_case_insensitively(make_company):
    folder = make_company(
        "sources:\n  deals:\n    file: d.csv\n    columns: {deal_id: deal-id, status: PHASE}\n",
        {"d.csv": "Deal-ID,Phase,closed_at\nA,won,2025-01-01\n"},
    )
    assert load_company(folder).deals["deal_id"].tolist() == ["A"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("won", "won"),
        ("Won", "won"),
        ("gewonnen", "won"),
        ("Closed Won", "won"),
        ("closed won", "won"),
        (" Abgeschlossen und gewonnen ", "won"),
        ("lost", "lost"),
        ("verloren", "lost"),
        ("Closed Lost", "lost"),
        ("Abgeschlossen und verloren", "lost"),
        ("open", "open"),
        ("offen", "open"),
        ("OFFEN", "open"),
    ],
)
def test_load_builtin_status_synonyms(make_company, raw, expected):
    closed = "" if expected == "open" else "2025-01-31"
    folder = make_company(
        "sources: {deals: d.csv}\n", {"d.csv": f'deal_id;status;closed_at\nD1;"{raw}";{closed}\n'}
    )
    company = load_company(folder)
    assert company.deals["status"].tolist() == [expected]
    assert company.rejected.empty


def test_load_builtin_category_synonyms(make_company, rows_add_up):
    folder = make_company(
        "sources: {costs: k.csv}\n",
        {
            "k.csv": "date;category;amount\n01.01.2025;Marketing;100\n01.01.2025;Vertrieb;50\n"
            "01.01.2025;verkauf;5\n01.01.2025;Sales;7\n"
        },
    )
    company = load_company(folder)
    assert company.costs["category"].tolist() == ["marketing", "sales", "sales", "sales"]
    rows_add_up(company)


CAMPAIGN_YAML = """\
    sources:
      campaigns:
        - file: exports/google.csv
          columns: {{date: Tag, campaign: Kampagne, impressions: Impr., clicks: Klicks, spend: Kosten}}
          constants: {{channel: Google Ads}}
        - file: {absolute}
          read: {{decimal: ",", date_format: "%d.%m.%Y"}}
          columns: {{date: Versanddatum, reach: Empfänger, spend: Kosten}}
          constants: {{channel: Newsletter}}
    """


def test_load_several_sources_constants_relative_and_absolute(make_company, tmp_path, rows_add_up):
    newsletter = tmp_path / "elsewhere" / "newsletter.tsv"
    newsletter.parent.mkdir()
    newsletter.write_text(
        "Versanddatum\tEmpfänger\tKosten\n06.01.2025\t1'200\t45,50\n13.01.2025\t1210\t0,00\n"
    )
    folder = make_company(
        CAMPAIGN_YAML.format(absolute=newsletter),
        {"exports/google.csv": (DATA / "google_ads_preamble.csv").read_bytes()},
    )
    company = load_company(folder)
    campaigns = company.campaigns
    assert campaigns["channel"].tolist() == ["Google Ads"] * 5 + ["Newsletter"] * 2
    assert campaigns["spend"].tolist() == [61.5, 42.1, 88.0, 70.0, 55.25, 45.5, 0.0]
    assert campaigns["impressions"].iloc[:3].tolist() == [1234.0, 980.0, 2010.0]
    assert np.isnan(campaigns["clicks"].iloc[3])  # an empty cell is missing, not rejected
    assert campaigns["reach"].iloc[5:].tolist() == [1200.0, 1210.0]
    assert campaigns["date"].iloc[[0, 5]].tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-06")]
    assert [s.file for s in company.sources] == ["exports/google.csv", str(newsletter)]
    assert company.sources[0].detected["skiprows"] == 2
    assert company.rejected.empty
    assert company.period == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-13"))
    rows_add_up(company)


def test_load_read_names_for_headerless_whitespace_file(make_company, rows_add_up):
    folder = make_company(
        """\
        sources:
          orders:
            file: cdnow.txt
            read: {names: [customer_id, ordered_at, quantity, revenue]}
        """,
        {"cdnow.txt": (DATA / "cdnow_head.txt").read_bytes()},
    )
    company = load_company(folder)
    orders = company.orders
    assert orders["customer_id"].tolist() == ["00001", "00002", "00002", "00003", "00003", "00003"]
    assert orders["ordered_at"].iloc[0] == pd.Timestamp("1997-01-01")
    assert orders["revenue"].tolist() == [11.77, 12.0, 77.0, 20.76, 20.76, 19.54]
    assert orders["quantity"].tolist() == [1.0, 1.0, 5.0, 2.0, 2.0, 2.0]  # the units of each line, as given
    assert company.sources[0].detected["sep"] == WHITESPACE
    rows_add_up(company)


def test_load_read_options_sep_encoding_skiprows_thousands(make_company):
    folder = make_company(
        """\
        sources:
          orders:
            file: u.csv
            read: {sep: ";", encoding: cp1252, skiprows: 1, decimal: ",", thousands: ".",
                   date_format: "%d.%m.%Y"}
            columns: {customer_id: Kunde, ordered_at: Datum, revenue: Betrag}
        """,
        {
            "u.csv": (
                "Umsätze März\nKunde;Datum;Betrag\nMüller;01.03.2025;1.234,50\nBär;02.03.2025;1.234\n"
            ).encode("cp1252")
        },
    )
    company = load_company(folder)
    assert company.orders["customer_id"].tolist() == ["Müller", "Bär"]
    assert company.orders["revenue"].tolist() == [1234.5, 1234.0]
    assert company.orders["ordered_at"].tolist() == [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-02")]


def test_load_xlsx_auto_picks_sheet_with_mapped_columns(make_company, workbook, rows_add_up):
    folder = make_company(
        """\
        sources:
          orders:
            file: umsatz.xlsx
            columns: {order_id: Bestellnr, customer_id: Kundennr, ordered_at: Datum, revenue: Betrag CHF}
        """,
        {"umsatz.xlsx": workbook.read_bytes()},
    )
    company = load_company(folder)
    orders = company.orders
    assert orders["customer_id"].tolist() == ["K-1", "10023", "K-3"]  # a number typed as id becomes text
    assert orders["revenue"].tolist() == [100.5, 1234.0, 7.0]
    assert orders["ordered_at"].tolist() == [
        pd.Timestamp(d) for d in ("2025-01-31", "2025-02-01", "2025-03-01")
    ]
    assert company.sources[0].detected == {"sheet": "Umsatz", "skiprows": 2}
    rows_add_up(company)


def test_load_xlsx_read_sheet(make_company, workbook):
    folder = make_company(
        """\
        sources:
          orders:
            file: umsatz.xlsx
            read: {sheet: Umsatz}
            columns: {customer_id: Kundennr, ordered_at: Datum, revenue: Betrag CHF}
        """,
        {"umsatz.xlsx": workbook.read_bytes()},
    )
    assert len(load_company(folder).orders) == 3


def test_load_xlsx_sheet_pick_case_insensitive(make_company, workbook):
    folder = make_company(
        """\
        sources:
          orders:
            file: umsatz.xlsx
            columns: {customer_id: kundennr, ordered_at: datum, revenue: betrag chf}
        """,
        {"umsatz.xlsx": workbook.read_bytes()},
    )
    assert len(load_company(folder).orders) == 3


def test_load_parquet(make_company, tmp_path, rows_add_up):
    path = tmp_path / "orders.parquet"
    pd.DataFrame(
        {
            "customer_id": ["K1", "K2", "K3"],
            "ordered_at": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"]),
            "revenue": [1.5, 2.0, -3.0],
        }
    ).to_parquet(path)
    folder = make_company(f"sources: {{orders: {path}}}\n")
    company = load_company(folder)
    assert company.orders["revenue"].tolist() == [1.5, 2.0]
    assert company.orders["ordered_at"].dtype == "datetime64[us]"
    assert company.rejected[["column", "code"]].values.tolist() == [["revenue", "NEGATIVE_VALUE"]]
    rows_add_up(company)


def test_load_parquet_float_ids(make_company, tmp_path):
    path = tmp_path / "orders.parquet"
    pd.DataFrame(
        {"customer_id": [10023.0, np.nan], "ordered_at": ["2025-01-01", "2025-01-02"], "revenue": [1.0, 2.0]}
    ).to_parquet(path)
    company = load_company(make_company(f"sources: {{orders: {path}}}\n"))
    assert company.orders["customer_id"].tolist() == ["10023"]


# =====================================================================================================
# load_company: every rejection reason, with file, row, column (as in the file) and code
# =====================================================================================================
DIRTY_DEALS = (
    "\ufeffDeal-ID;Dealphase;Erstelldatum;Abschlussdatum;Betrag (CHF)\r\n"
    "D1;Abgeschlossen und gewonnen;01.01.2025;15.01.2025;1'000.00\r\n"  # 2 ok
    "D2;Abgeschlossen und verloren;01.01.2025;20.01.2025;500.00\r\n"  # 3 ok
    "D3;Qualifiziert;01.02.2025;;\r\n"  # 4 ok (open)
    "D1;Abgeschlossen und gewonnen;05.01.2025;16.01.2025;900.00\r\n"  # 5 DUPLICATE_ID
    "D5;Abgeschlossen und gewonnen;10.02.2025;01.02.2025;100.00\r\n"  # 6 CLOSED_BEFORE_CREATED
    "D6;Abgeschlossen und verloren;10.02.2025;;100.00\r\n"  # 7 MISSING_CLOSE_DATE
    "D7;Abgeschlossen und verloren;10.02.2025;31.02.2025;100.00\r\n"  # 8 INVALID_DATE
    "D8;Abgeschlossen und gewonnen;10.02.2025;20.02.2025;auf Anfrage\r\n"  # 9 INVALID_NUMBER
    "D9;Abgeschlossen und gewonnen;10.02.2025;20.02.2025;1'234-\r\n"  # 10 NEGATIVE_VALUE
)
DIRTY_LEADS = (
    "Kontakt-ID,Erstellt am,Quelle,Firma\r\n"
    "L1,01.01.2025 10:00,Website,Müller AG\r\n"  # 2 ok
    "L2,,Messe,Bär GmbH\r\n"  # 3 MISSING_VALUE Erstellt am
    ',02.01.2025 11:00,Website,"Zürcher, Söhne"\r\n'  # 4 MISSING_VALUE Kontakt-ID
    "L4,03.01.2025 09:00,Empfehlung,Käser\r\n"  # 5 ok
).encode("cp1252")
DIRTY_GOOGLE = (
    "Kampagnenbericht\r\n"
    "1. Januar 2025 - 5. Januar 2025\r\n"
    "Tag,Kampagne,Impr.,Klicks,Kosten\r\n"
    '2025-01-01,Brand,"1\'234",45,61.50\r\n'  # 4 ok
    "2025-01-02,Brand,980,31,gratis\r\n"  # 5 INVALID_NUMBER Kosten
    "2025-01-03,Generic,2010,60,88.00,EXTRA\r\n"  # 6 RAGGED_ROW
    "2025-01-04,Generic,1500,-3,70.00\r\n"  # 7 NEGATIVE_VALUE Klicks
    "2025-01-05,Brand,1100,40,55.25\r\n"  # 8 ok
    "2025-01-06,Brand,1100,40,55.25\r\n"  # 9 ok
)
DIRTY_COSTS = (
    "Datum;Kategorie;Betrag\n01.01.2025;Marketing;100\n01.01.2025;Sonstiges;5\n02.01.2025;Vertrieb;50\n"
)
DIRTY_DEALS_2 = "deal_id,status,closed_at\nD10,open,\nD2,won,2025-03-01\n"  # row 3: D2 already in deals.csv

DIRTY_YAML = """\
    name: Schmutz AG
    language: de
    sources:
      deals:
        - file: exports/deals.csv
          columns: {deal_id: Deal-ID, status: Dealphase, created_at: Erstelldatum, closed_at: Abschlussdatum,
                    amount: Betrag (CHF)}
          values:
            status: {"Abgeschlossen und gewonnen": won, "Abgeschlossen und verloren": lost, "*": open}
        - exports/deals-2.csv
      leads:
        file: exports/kontakte.csv
        columns: {lead_id: Kontakt-ID, created_at: Erstellt am, channel: Quelle}
      campaigns:
        file: exports/google.csv
        columns: {date: Tag, campaign: Kampagne, impressions: Impr., clicks: Klicks, spend: Kosten}
        constants: {channel: Google Ads}
      orders:
        file: exports/umsatz.xlsx
        columns: {order_id: Bestellnr, customer_id: Kundennr, ordered_at: Datum, revenue: Betrag CHF}
      costs:
        file: exports/kosten.csv
        columns: {date: Datum, category: Kategorie, amount: Betrag}
    """

# (file, row, column as in the file, code)
EXPECTED_REJECTIONS = {
    ("exports/deals.csv", 5, "Deal-ID", "DUPLICATE_ID"),
    ("exports/deals.csv", 6, "Abschlussdatum", "CLOSED_BEFORE_CREATED"),
    ("exports/deals.csv", 7, "Abschlussdatum", "MISSING_CLOSE_DATE"),
    ("exports/deals.csv", 8, "Abschlussdatum", "INVALID_DATE"),
    ("exports/deals.csv", 9, "Betrag (CHF)", "INVALID_NUMBER"),
    ("exports/deals.csv", 10, "Betrag (CHF)", "NEGATIVE_VALUE"),
    ("exports/deals-2.csv", 3, "deal_id", "DUPLICATE_ID_ACROSS_FILES"),
    ("exports/kontakte.csv", 3, "Erstellt am", "MISSING_VALUE"),
    ("exports/kontakte.csv", 4, "Kontakt-ID", "MISSING_VALUE"),
    ("exports/google.csv", 5, "Kosten", "INVALID_NUMBER"),
    ("exports/google.csv", 6, None, "RAGGED_ROW"),
    ("exports/google.csv", 7, "Klicks", "NEGATIVE_VALUE"),
    ("exports/umsatz.xlsx", 6, "Betrag CHF", "INVALID_NUMBER"),
    ("exports/umsatz.xlsx", 8, "Datum", "INVALID_DATE"),
    ("exports/umsatz.xlsx", 9, "Kundennr", "MISSING_VALUE"),
    ("exports/kosten.csv", 3, "Kategorie", "INVALID_VALUE"),
}


def _dirty_files(tmp_path: Path) -> dict[str, bytes]:
    book = _xlsx(
        tmp_path / "dirty-umsatz.xlsx",
        {
            "Umsatz": [
                ["Umsatz 2025 (Export Buchhaltung)"],
                ["Bestellnr", "Kundennr", "Datum", "Betrag CHF"],
                ["B1", 10023, dt.datetime(2025, 1, 3), 120.0],  # 3 ok
                ["B2", "K-2", "04.01.2025", "CHF 1'234.–"],  # 4 ok
                ["B3", "K-3", dt.datetime(2025, 1, 5), 0.0],  # 5 ok (a 0.00 order is valid)
                ["B4", "K-4", dt.datetime(2025, 1, 6), "auf Anfrage"],  # 6 INVALID_NUMBER
                ["B5", "K-5", dt.datetime(2025, 1, 7), 10],  # 7 ok
                ["B6", "K-6", "31.02.2025", 10],  # 8 INVALID_DATE
                ["B7", None, dt.datetime(2025, 1, 9), 10],  # 9 MISSING_VALUE
            ]
        },
    )
    return {
        "exports/deals.csv": DIRTY_DEALS.encode("utf-8"),
        "exports/deals-2.csv": DIRTY_DEALS_2.encode(),
        "exports/kontakte.csv": DIRTY_LEADS,
        "exports/google.csv": DIRTY_GOOGLE.encode(),
        "exports/umsatz.xlsx": book.read_bytes(),
        "exports/kosten.csv": DIRTY_COSTS.encode(),
    }


@pytest.fixture(scope="module")
def dirty(tmp_path_factory, write_company):
    folder = tmp_path_factory.mktemp("schmutz")
    return write_company(folder, DIRTY_YAML, _dirty_files(folder))


@pytest.fixture(scope="module")
def dirty_de_en(dirty):
    return {"de": load_company(dirty, lang="de"), "en": load_company(dirty, lang="en")}


@pytest.fixture(scope="module")
def dirty_company(dirty_de_en):
    return dirty_de_en["de"]


def _rejections(company) -> set[tuple]:
    r = company.rejected
    return {
        (f, int(row), None if pd.isna(c) else c, code)
        for f, row, c, code in zip(r["file"], r["row"], r["column"], r["code"], strict=True)
    }


def test_dirty_every_rejection_reason(dirty_company):
    company = dirty_company
    assert EXPECTED_REJECTIONS <= _rejections(company)
    # Every rejected row is one of the planted ones (a row may carry more than one problem).
    assert {(f, r) for f, r, _, _ in _rejections(company)} == {(f, r) for f, r, _, _ in EXPECTED_REJECTIONS}
    assert company.rows_rejected == len(EXPECTED_REJECTIONS)


def test_dirty_rows_read_equal_loaded_plus_rejected(dirty_company, rows_add_up):
    company = dirty_company
    rows_add_up(company)
    counts = {(s.table, s.file): (s.rows_read, s.rows_loaded, s.rows_rejected) for s in company.sources}
    assert counts == {
        ("deals", "exports/deals.csv"): (9, 3, 6),
        ("deals", "exports/deals-2.csv"): (2, 1, 1),
        ("leads", "exports/kontakte.csv"): (4, 2, 2),
        ("campaigns", "exports/google.csv"): (6, 3, 3),
        ("orders", "exports/umsatz.xlsx"): (7, 4, 3),
        ("costs", "exports/kosten.csv"): (3, 2, 1),
    }
    assert (company.rows_read, company.rows_loaded, company.rows_rejected) == (31, 15, 16)


def test_dirty_loaded_tables_hold_only_good_rows(dirty_company):
    company = dirty_company
    assert company.deals["deal_id"].tolist() == ["D1", "D2", "D3", "D10"]
    assert company.deals.loc[0, "created_at"] == pd.Timestamp("2025-01-01")  # first occurrence of D1 kept
    assert company.leads["lead_id"].tolist() == ["L1", "L4"]
    assert company.campaigns["date"].dt.day.tolist() == [1, 5, 6]
    assert company.orders["order_id"].tolist() == ["B1", "B2", "B3", "B5"]
    assert company.orders["customer_id"].iloc[0] == "10023"
    assert company.costs["category"].tolist() == ["marketing", "sales"]
    for name, frame in company.tables.items():
        assert frame.index.equals(pd.RangeIndex(len(frame))), name


def test_dirty_rejected_frame_has_record_message_and_fix(dirty_company):
    company = dirty_company
    rejected = company.rejected
    assert set(REJECTED_COLUMNS) <= set(rejected.columns)
    assert rejected["row"].dtype == "Int64"
    assert rejected[["file", "row", "code", "message", "fix"]].notna().all().all()
    assert (rejected["message"].str.len() > 0).all() and (rejected["fix"].str.len() > 0).all()
    row = rejected[(rejected["file"] == "exports/deals.csv") & (rejected["row"] == 9)].iloc[0]
    assert row["value"] == "auf Anfrage"
    assert "Deal-ID=D8" in row["record"] and "Betrag (CHF)=auf Anfrage" in row["record"]
    row = rejected[(rejected["file"] == "exports/kontakte.csv") & (rejected["row"] == 4)].iloc[0]
    assert "Zürcher, Söhne" in row["record"]  # cp1252 decoded, quoted comma kept
    # sorted by file, then row
    for _, group in rejected.groupby("file", sort=False):
        assert group["row"].is_monotonic_increasing


# code → (row key, German part, English part)
MESSAGE_CASES = {
    "DUPLICATE_ID": (
        ("exports/deals.csv", 5),
        "Die ID «D1» kommt mehrfach vor (zuerst in Zeile 2)",
        "The id 'D1' occurs more than once (first in row 2)",
    ),
    "CLOSED_BEFORE_CREATED": (
        ("exports/deals.csv", 6),
        "Abschlussdatum 01.02.2025 liegt vor dem Erstelldatum 10.02.2025",
        "Close date 01.02.2025 is before the creation date 10.02.2025",
    ),
    "MISSING_CLOSE_DATE": (("exports/deals.csv", 7), "ohne Abschlussdatum", "without a close date"),
    "INVALID_DATE": (
        ("exports/deals.csv", 8),
        "«31.02.2025» ist kein gültiges Datum",
        "'31.02.2025' is not a valid date",
    ),
    "INVALID_NUMBER": (
        ("exports/deals.csv", 9),
        "«auf Anfrage» ist keine Zahl",
        "'auf Anfrage' is not a number",
    ),
    "NEGATIVE_VALUE": (("exports/deals.csv", 10), "Negativer Wert", "Negative value"),
    "MISSING_VALUE": (("exports/kontakte.csv", 3), "Pflichtwert fehlt", "Required value is missing"),
    "RAGGED_ROW": (
        ("exports/google.csv", 6),
        "Die Zeile hat 6 statt 5 Felder",
        "The row has 6 fields instead of 5",
    ),
    "INVALID_VALUE": (
        ("exports/kosten.csv", 3),
        "«Sonstiges» ist kein erlaubter Wert (erlaubt: marketing, sales)",
        "'Sonstiges' is not an allowed value (allowed: marketing, sales)",
    ),
}


@pytest.mark.parametrize("code", sorted(MESSAGE_CASES))
def test_dirty_messages_in_german_and_english(dirty_de_en, code):
    (file, row), german, english = MESSAGE_CASES[code]
    for lang, text in (("de", german), ("en", english)):
        rejected = dirty_de_en[lang].rejected
        hit = rejected[(rejected["file"] == file) & (rejected["row"] == row) & (rejected["code"] == code)]
        assert len(hit) == 1, (lang, code)
        assert text in hit["message"].iloc[0]
        assert hit["fix"].iloc[0]
    # The Problem objects render both languages whatever the load language was.
    problem = next(p for p in dirty_de_en["de"].problems if p.code == code and (p.file, p.row) == (file, row))
    assert german in problem.message("de") and english in problem.message("en")
    assert problem.fix("de") != problem.fix("en")
    assert problem.severity == "rejected"


def test_dirty_fix_names_the_place_to_map_a_value(dirty_de_en):
    fixes = {
        lang: c.rejected.loc[c.rejected["code"] == "INVALID_VALUE", "fix"].iloc[0]
        for lang, c in dirty_de_en.items()
    }
    for lang in ("de", "en"):  # the example pastes into company.yaml as valid YAML
        assert "sources.costs.values.category" in fixes[lang] and '"Sonstiges": marketing' in fixes[lang]


def test_german_messages_never_use_sharp_s(dirty_de_en):
    company = dirty_de_en["de"]
    for p in company.problems:
        assert "ß" not in p.message("de") and "ß" not in p.fix("de"), p.code
    assert not company.rejected["message"].str.contains("ß").any()
    assert not company.rejected["fix"].str.contains("ß").any()
    for key, entry in MESSAGES.items():
        assert "ß" not in entry["de"], key


def test_problem_where_names_file_row_and_source_column(dirty_de_en):
    p = next(
        p for p in dirty_de_en["de"].problems if p.code == "INVALID_NUMBER" and p.file == "exports/deals.csv"
    )
    assert p.where("de") == "exports/deals.csv, Zeile 9, Spalte «Betrag (CHF)»"
    assert p.where("en") == "exports/deals.csv, row 9, column 'Betrag (CHF)'"


def test_duplicate_id_across_files_keeps_the_first_file(dirty_company):
    company = dirty_company
    d2 = company.deals.set_index("deal_id").loc["D2"]
    assert d2["status"] == "lost"  # from deals.csv, not the later "won" in deals-2.csv


def test_duplicate_id_across_files_keeps_record(dirty_company):
    rejected = dirty_company.rejected
    row = rejected[rejected["file"] == "exports/deals-2.csv"].iloc[0]
    assert "D2" in row["record"]


def test_ragged_row_keeps_record(dirty_company):
    rejected = dirty_company.rejected
    row = rejected[rejected["code"] == "RAGGED_ROW"].iloc[0]
    assert "EXTRA" in row["record"]


def test_invalid_value_reported_once(dirty_company):
    rejected = dirty_company.rejected
    assert rejected[rejected["file"] == "exports/kosten.csv"]["code"].tolist() == ["INVALID_VALUE"]


def test_duplicate_id_first_row_is_an_integer_when_an_id_is_missing(make_company):
    folder = make_company(
        "sources: {deals: d.csv}\n", {"d.csv": "deal_id,status,closed_at\nA,open,\n,open,\nA,open,\n"}
    )
    company = load_company(folder)
    message = company.rejected.loc[company.rejected["code"] == "DUPLICATE_ID", "message"].iloc[0]
    assert "zuerst in Zeile 2)" in message


def test_missing_deal_id_and_unmapped_invalid_status(make_company, rows_add_up):
    folder = make_company(
        "sources: {deals: d.csv}\n",
        {
            "d.csv": "deal_id,status,closed_at\nA,won,2025-01-01\n,won,2025-01-02\nC,vielleicht,2025-01-03\n"
            "D,,2025-01-04\n"
        },
    )
    company = load_company(folder)
    got = _rejections(company)
    assert ("d.csv", 3, "deal_id", "MISSING_VALUE") in got
    assert ("d.csv", 4, "status", "INVALID_VALUE") in got
    assert ("d.csv", 5, "status", "MISSING_VALUE") in got
    assert company.deals["deal_id"].tolist() == ["A"]
    rows_add_up(company)


def test_rejected_rows_in_sheet_use_excel_row_numbers(dirty_company):
    rejected = dirty_company.rejected
    assert sorted(rejected.loc[rejected["file"] == "exports/umsatz.xlsx", "row"].tolist()) == [6, 8, 9]


def test_rejected_rows_after_preamble_count_preamble_lines(dirty_company):
    rejected = dirty_company.rejected
    # two preamble lines + header on line 3: the first data row is line 4
    assert sorted(rejected.loc[rejected["file"] == "exports/google.csv", "row"].tolist()) == [5, 6, 7]


# =====================================================================================================
# load_company: warnings (rows kept)
# =====================================================================================================
WARN_YAML = """\
    sources:
      campaigns:
        - file: dup.csv
        - file: head.csv
        - file: fmt.csv
          read: {date_format: "%d/%m/%Y"}
          constants: {channel: X}
    """
WARN_FILES = {
    "dup.csv": (
        "date;channel;spend\n2025-01-01;Google Ads;5\n2025-01-01;Google Ads;5\n"
        "2025-01-02;Google Ads;5\n2025-01-01;Google Ads;5\n"
    ),
    "head.csv": (
        "date,channel,spend,channel\n2025-01-01,LinkedIn Ads,7,Xing\n2025-01-02,LinkedIn Ads,8,Xing\n"
    ),
    "fmt.csv": "date,spend\n01/02/2025,1\n03/04/2025,1\n",
}


@pytest.fixture(scope="module")
def warned(tmp_path_factory, write_company):
    return load_company(write_company(tmp_path_factory.mktemp("warn"), WARN_YAML, WARN_FILES))


def test_warnings_keep_rows(warned, rows_add_up):
    assert warned.rejected.empty
    assert warned.rows_rejected == 0
    assert len(warned.campaigns) == 4 + 2 + 2
    assert all(p.severity == "warning" for p in warned.problems)
    assert warned.warnings == warned.problems
    rows_add_up(warned)


def test_ambiguous_dates_are_refused_not_guessed(make_company):
    folder = make_company(
        "sources:\n  campaigns: {file: amb.csv, constants: {channel: Meta Ads}}\n",
        {"amb.csv": "date,spend\n01/02/2025,10\n03/04/2025,20\n05/06/2025,30\n"},
    )
    with pytest.raises(DataError) as info:
        load_company(folder)
    err = info.value
    assert (err.code, err.file, err.column) == ("AMBIGUOUS_DATES", "amb.csv", "date")
    assert "01/02/2025" in err.message("de") and "rät nicht" in err.message("de")
    assert "does not guess" in err.message("en")
    assert "sources.campaigns.read" in err.message("en") and "date_order: mdy" in err.message("en")


@pytest.mark.parametrize(("order", "first"), [("dmy", "2025-02-01"), ("MDY", "2025-01-02")])
def test_ambiguous_dates_read_with_date_order(make_company, order, first):
    folder = make_company(
        f"sources:\n  campaigns: {{file: amb.csv, read: {{date_order: {order}}}, constants: {{channel: X}}}}\n",
        {"amb.csv": "date,spend\n01/02/2025,10\n03/04/2025,20\n"},
    )
    company = load_company(folder)
    assert company.problems == []
    assert company.campaigns["date"].iloc[0] == pd.Timestamp(first)


def test_date_order_option_checked(make_company):
    folder = make_company(
        "sources:\n  campaigns: {file: amb.csv, read: {date_order: ymd}, constants: {channel: X}}\n",
        {"amb.csv": "date,spend\n01/02/2025,10\n"},
    )
    with pytest.raises(DataError, match="date_order") as info:
        load_company(folder)
    assert info.value.code == "BAD_OPTION"


def test_date_format_option_settles_ambiguity(warned):
    assert not [p for p in warned.warnings if p.file == "fmt.csv"]


def test_warning_duplicate_rows(warned):
    [p] = [p for p in warned.warnings if p.code == "DUPLICATE_ROWS"]
    assert (p.file, p.params["count"]) == ("dup.csv", 2)
    assert "exakt wiederholen: 2" in p.message("de") and "repeat another row: 2" in p.message("en")
    assert (warned.campaigns["channel"] == "Google Ads").sum() == 4


def test_warning_duplicate_header(warned):
    [p] = [p for p in warned.warnings if p.code == "DUPLICATE_HEADER"]
    assert (p.file, p.column) == ("head.csv", "channel")
    assert "«channel»" in p.message("de") and "'channel'" in p.message("en")
    assert set(warned.campaigns.loc[warned.campaigns["spend"].isin([7, 8]), "channel"]) == {"LinkedIn Ads"}


def test_no_duplicate_rows_warning_for_table_with_ids(make_company):
    folder = make_company(
        "sources: {leads: l.csv}\n", {"l.csv": "lead_id,created_at\nA,2025-01-01\nA,2025-01-01\n"}
    )
    company = load_company(folder)
    assert [p.code for p in company.problems] == ["DUPLICATE_ID"]


# =====================================================================================================
# Unusable input: one KpikitError naming file, column and fix
# =====================================================================================================
GOOD_DEALS = "Deal-ID;Status;Abschluss Datum\nD1;won;01.01.2025\n"


def _raises(folder, exc=KpikitError):
    with pytest.raises(exc) as info:
        load_company(folder)
    return info.value


def test_error_missing_folder(tmp_path):
    err = _raises(tmp_path / "gibt-es-nicht", DataError)
    assert err.code == "DIR_NOT_FOUND"
    assert "gibt-es-nicht" in err.message("de") and "kpikit new" in err.message("de")
    assert "does not exist" in err.message("en")


def test_error_missing_company_yaml(tmp_path):
    err = _raises(tmp_path, ConfigError)
    assert err.code == "CONFIG_NOT_FOUND"
    assert "company.yaml" in err.message("de") and "kpikit new" in err.message("de")


@pytest.mark.parametrize(
    ("config", "line"),
    [
        ("name: X\nsources:\n  deals:\n    file: d.csv\n   columns: [a\n", 5),
        ("name: X\nsources:\n  deals: {file: d.csv\n", 4),
        ("name: X\nsources:\n\tdeals: d.csv\n", 3),
    ],
)
def test_error_broken_yaml_names_line(make_company, config, line):
    err = _raises(make_company(config), ConfigError)
    assert err.code == "YAML_SYNTAX"
    assert err.row == line
    assert f"Zeile {line}." in err.message("de") and f"Row {line}." in err.message("en")
    assert "Einrückung" in err.message("de") and "indentation" in err.message("en")


@pytest.mark.parametrize(
    ("config", "code", "parts"),
    [
        ("name: X\nsource:\n  deals: d.csv\n", "CONFIG_UNKNOWN_KEY", ["«source»", "Meinten Sie «sources»?"]),
        ("sources:\n  dealz: d.csv\n", "CONFIG_UNKNOWN_KEY", ["«dealz»", "Meinten Sie «deals»?"]),
        ("sources:\n  deals: {file: d.csv, colums: {}}\n", "CONFIG_UNKNOWN_KEY", ["Meinten Sie «columns»?"]),
        (
            "sources:\n  deals: {file: d.csv, read: {seperator: ';'}}\n",
            "CONFIG_UNKNOWN_KEY",
            ["«seperator»", "sources.deals.read"],
        ),
        (
            "sources: {deals: d.csv}\nkpis: [closerate]\n",
            "UNKNOWN_KPI",
            ["«closerate»", "Meinten Sie «close_rate»?", "kpikit kpis --list"],
        ),
        (
            "sources: {deals: d.csv}\ngoals:\n  - {id: a, kpi: neukunden}\n",
            "UNKNOWN_KPI",
            ["«neukunden»", "goals[1]"],
        ),
        ("sources:\n  deals: {file: d.csv, preset: hubspot_dealz}\n", "UNKNOWN_PRESET", ["«hubspot_dealz»"]),
        (
            "sources:\n  deals: {file: d.csv, columns: {deal_idd: ID}}\n",
            "UNKNOWN_COLUMN",
            ["«deal_idd»", "Meinten Sie «deal_id»?", "closed_at"],
        ),
        ("sources:\n  deals: {file: d.csv, constants: {kanal: Web}}\n", "UNKNOWN_COLUMN", ["«kanal»"]),
        ("name: X\n", "NO_DATA", ["sources"]),
        ("sources:\n  deals: {read: {sep: ';'}}\n", "CONFIG_MISSING_KEY", ["sources.deals.file"]),
        (  # in a list of exports, the entry is named
            "sources:\n  deals: d.csv\n  campaigns:\n    - {file: g.csv}\n    - {read: {sep: ';'}}\n",
            "CONFIG_MISSING_KEY",
            ["sources.campaigns[2].file"],
        ),
        (
            "sources:\n  deals: [d.csv, {file: e.csv, colums: {}}]\n",
            "CONFIG_UNKNOWN_KEY",
            ["«colums»", "sources.deals[2]"],
        ),
        ("language: fr\nsources: {deals: d.csv}\n", "BAD_OPTION", ["language", "de, en"]),
        ("- a\n- b\n", "CONFIG_TYPE", ["company.yaml"]),
        (
            "sources: {deals: d.csv}\ngoals:\n  - {id: a, kpi: leads, per: day}\n",
            "BAD_OPTION",
            ["goals[1].per"],
        ),
    ],
)
def test_config_errors(make_company, config, code, parts):
    err = _raises(make_company(config, {"d.csv": GOOD_DEALS}), ConfigError)
    assert err.code == code
    german = err.message("de")
    for part in parts:
        assert part in german
    assert "Lösung:" in german
    assert "Fix:" in err.message("en")
    assert "ß" not in german


def test_error_missing_file(make_company):
    err = _raises(make_company("sources:\n  deals: exports/hubspot.csv\n"), DataError)
    assert err.code == "FILE_NOT_FOUND"
    assert err.file == "exports/hubspot.csv"
    assert "exports/hubspot.csv" in err.message("de") and "sources.deals.file" in err.message("de")


def test_error_missing_required_column_not_mapped(make_company):
    folder = make_company(
        "sources: {deals: exports/d.csv}\n", {"exports/d.csv": "deal_id,stauts,closed_at\nA,won,2025-01-01\n"}
    )
    err = _raises(folder, DataError)
    assert (err.code, err.file, err.column) == ("MISSING_COLUMN", "exports/d.csv", "status")
    german = err.message("de")
    assert "«status»" in german
    assert "Vorhandene Spalten: «deal_id», «stauts», «closed_at»." in german
    assert "Meinten Sie «stauts»?" in german
    assert "sources.deals.columns.status" in german
    english = err.message("en")
    assert "Columns present: 'deal_id', 'stauts', 'closed_at'." in english
    assert "Did you mean 'stauts'?" in english


def test_error_mapped_column_absent(make_company):
    folder = make_company(
        "sources:\n  deals:\n    file: exports/deals.csv\n"
        "    columns: {deal_id: Deal-ID, status: Status, closed_at: Abschlussdatum}\n",
        {"exports/deals.csv": GOOD_DEALS},
    )
    err = _raises(folder, DataError)
    assert err.code == "MISSING_MAPPED_COLUMN"
    assert (err.file, err.column) == ("exports/deals.csv", "closed_at")
    german = err.message("de")
    assert "«Abschlussdatum»" in german and "exports/deals.csv" in german
    assert "Vorhandene Spalten: «Deal-ID», «Status», «Abschluss Datum»." in german
    assert "Meinten Sie «Abschluss Datum»?" in german
    assert "sources.deals.columns.closed_at" in german
    assert "Did you mean 'Abschluss Datum'?" in err.message("en")


def test_error_mapped_column_absent_in_workbook_lists_header(make_company, workbook):
    folder = make_company(
        "sources:\n  orders:\n    file: u.xlsx\n    read: {sheet: Umsatz}\n"
        "    columns: {customer_id: Kundennummer, ordered_at: Datum, revenue: Betrag CHF}\n",
        {"u.xlsx": workbook.read_bytes()},
    )
    err = _raises(folder, DataError)
    assert "Meinten Sie «Kundennr»?" in err.message("de")
    assert "«Bestellnr», «Kundennr», «Datum», «Betrag CHF»" in err.message("de")


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("deals.xls", b"\xd0\xcf\x11\xe0", "FILE_FORMAT"),
        ("deals.xlsx", b"\x00\x01 not a workbook", "FILE_CORRUPT"),
        ("deals.csv", b"", "FILE_EMPTY"),
    ],
)
def test_error_unusable_file_through_load(make_company, name, content, code):
    err = _raises(make_company(f"sources: {{deals: {name}}}\n", {name: content}), DataError)
    assert err.code == code
    assert name in err.message("de") and name in err.message("en")


def test_error_sheet_not_found_through_load(make_company, workbook):
    folder = make_company(
        "sources:\n  orders: {file: u.xlsx, read: {sheet: Verkauf}}\n", {"u.xlsx": workbook.read_bytes()}
    )
    err = _raises(folder, DataError)
    assert err.code == "SHEET_NOT_FOUND"
    assert "«Verkauf»" in err.message("de") and "Hinweise, Umsatz" in err.message("de")


# =====================================================================================================
# Company.from_frames
# =====================================================================================================
def test_from_frames_validates_like_files(rows_add_up):
    deals = pd.DataFrame(
        {
            "deal_id": ["a", "b", "c", "a"],
            "status": ["won", "Closed Lost", "won", "won"],
            "closed_at": ["01.02.2025", "2025-02-03", "x", "2025-02-04"],
            "amount": ["1'000.00", 5, 7, 9],
        }
    )
    leads = pd.DataFrame({"lead_id": ["L1"], "created_at": [pd.Timestamp("2025-01-01")]})
    company = Company.from_frames(name="Frame AG", deals=deals, leads=leads)
    assert company.name == "Frame AG"
    assert company.deals["deal_id"].tolist() == ["a", "b"]
    assert company.deals["status"].tolist() == ["won", "lost"]
    assert company.deals["amount"].tolist() == [1000.0, 5.0]
    assert company.leads["created_at"].dtype == "datetime64[us]"
    assert _rejections(company) == {
        ("<deals>", 4, "closed_at", "INVALID_DATE"),
        ("<deals>", 5, "deal_id", "DUPLICATE_ID"),
    }
    assert company.period == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-03"))
    rows_add_up(company)


def test_from_frames_missing_column_raises():
    with pytest.raises(DataError, match=r"<deals>.*«status»") as info:
        Company.from_frames(deals=pd.DataFrame({"deal_id": ["a"], "closed_at": ["2025-01-01"]}))
    assert info.value.code == "MISSING_COLUMN"


def test_from_frames_unknown_table():
    with pytest.raises(ValueError, match="dealz"):
        Company.from_frames(dealz=pd.DataFrame())


def test_company_table_accessor():
    company = Company.from_frames(leads=pd.DataFrame({"lead_id": ["L1"], "created_at": ["2025-01-01"]}))
    assert company.table("leads") is company.leads
    assert company.table("deals") is None and company.deals is None
    with pytest.raises(ValueError, match=r"(?i)must be one of"):
        company.table("kunden")


# =====================================================================================================
# The demo companies
# =====================================================================================================
def test_demo_loads_with_the_four_planted_rejections(demo_company):
    rejected = demo_company.rejected
    got = sorted(zip(rejected["file"], rejected["row"].astype(int), rejected["code"], strict=True))
    assert got == [
        ("exports/crm-deals.csv", 442, "CLOSED_BEFORE_CREATED"),
        ("exports/crm-deals.csv", 1034, "DUPLICATE_ID"),
        ("exports/crm-deals.csv", 1400, "INVALID_NUMBER"),
        ("exports/crm-kontakte.csv", 3036, "INVALID_DATE"),
    ]
    by_row = rejected.set_index("row")
    assert by_row.loc[1034, "value"] == "D-100431"
    assert by_row.loc[1034, "column"] == "Deal-ID"
    assert by_row.loc[1400, "value"] == "auf Anfrage"
    assert by_row.loc[1400, "column"] == "Betrag (CHF)"
    assert by_row.loc[442, "column"] == "Abschlussdatum"
    assert by_row.loc[3036, "column"] == "Erstellt am"
    assert (rejected["record"].str.len() > 0).all()


def test_demo_rows_add_up(demo_company, rows_add_up):
    rows_add_up(demo_company)
    assert demo_company.rows_rejected == 4
    assert demo_company.rows_read == demo_company.rows_loaded + 4


def test_demo_has_every_table(demo_company):
    assert set(demo_company.tables) == {"leads", "deals", "orders", "campaigns", "costs", "traffic"}
    for name, frame in demo_company.tables.items():
        assert len(frame) > 100 or name == "costs", name
        assert len(frame) > 0


def test_demo_period_is_24_months(demo_company):
    start, end = demo_company.period
    assert (start, end) == (pd.Timestamp("2024-10-01"), pd.Timestamp("2026-09-30"))
    assert len(pd.period_range(start, end, freq="M")) == 24


def test_demo_values(demo_company):
    assert set(demo_company.deals["status"].unique()) == {"won", "lost", "open"}
    assert set(demo_company.costs["category"].unique()) == {"marketing", "sales"}
    assert demo_company.leads["channel"].nunique() >= 5
    assert {"Google Ads", "Meta Ads", "LinkedIn Ads", "Newsletter"} <= set(demo_company.campaigns["channel"])
    assert demo_company.deals["deal_id"].is_unique


def test_demo_campaigns_have_five_channels(demo_company):
    assert demo_company.campaigns["channel"].nunique() >= 5


def test_rejected_row_numbers_match_the_file(demo_dir, demo_company):
    """The reported row is the physical line of the CSV (line 1 = header)."""
    lines = (demo_dir / "exports" / "crm-deals.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[1034 - 1].startswith("D-100431;")
    assert "auf Anfrage" in lines[1400 - 1]
    assert re.match(r"D-\d+;", lines[442 - 1])


@pytest.mark.parametrize("blank_line", [False, True])
def test_cp1252_umlaut_far_into_the_file_is_read_as_cp1252(tmp_path, blank_line):
    # The encoding is guessed from the head; an umlaut after 64 KB makes the reader start again as cp1252.
    rows = "".join(f"L{i};01.01.2025;Website\r\n" for i in range(5000))
    tail = ("\r\n" if blank_line else "") + "L-x;02.01.2025;Zürich Messe\r\n"
    path = tmp_path / "leads.csv"
    path.write_bytes(("lead_id;created_at;channel\r\n" + rows + tail).encode("cp1252"))
    raw = read_raw(path, "leads.csv", {})
    assert raw.encoding == "cp1252"
    assert raw.frame["channel"].iloc[-1] == "Zürich Messe"
    assert len(raw.frame) == 5001 and raw.rows[-1] == 5002 + blank_line


@pytest.mark.parametrize(
    "encoding, blank",
    [("utf-8", False), ("utf-8", True), ("cp1252", True), ("utf-16", False)],
    ids=["pyarrow", "blank-lines", "cp1252-blank-lines", "utf-16"],
)
def test_short_row_is_reported_not_padded(make_company, rows_add_up, encoding, blank):
    # A line with fewer fields than the header is broken: the C engine would pad it with empty fields,
    # which turns it into a row with missing values, or worse, loads it.
    lines = ["deal_id,status,closed_at,amount", "A,won,2025-01-03,100", "B,lost,2025-01-04,0",
             "C,won", "D,won,2025-01-05,200"]
    if blank:
        lines.insert(3, "")
    text = "\r\n".join(lines) + "\r\n"
    folder = make_company("sources: {deals: d.csv}\n", {"d.csv": text.encode(encoding)})
    company = load_company(folder)
    rows_add_up(company)
    assert company.deals["deal_id"].tolist() == ["A", "B", "D"]
    row = 5 if blank else 4
    assert company.rejected[["row", "code"]].values.tolist() == [[row, "RAGGED_ROW"]]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_excel_serial_dates_are_named_with_the_date_they_stand_for(make_company, rows_add_up, kind):
    # A date column that lost its format in Excel holds day counts: 45678 is 21.01.2025.
    rows = [["O1", "K1", 45678, 100.0], ["O2", "K2", "03.02.2025", 200.0], ["O3", "K3", "123", 50.0]]
    header = ["order_id", "customer_id", "ordered_at", "revenue"]
    if kind == "csv":
        files = {"o.csv": "\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n"}
    else:
        book = openpyxl.Workbook()
        for r in [header, *rows]:
            book.active.append(r)
        path = Path(make_company("", {}, name="tmp")) / "o.xlsx"
        book.save(path)
        files = {"o.xlsx": path.read_bytes()}
    company = load_company(make_company(f"sources: {{orders: o.{kind}}}\n", files))
    rows_add_up(company)
    assert company.orders["order_id"].tolist() == ["O2"]
    rejected = company.rejected.set_index("row")
    assert rejected.loc[2, "code"] == "EXCEL_SERIAL_DATE" and rejected.loc[4, "code"] == "INVALID_DATE"
    assert "entspricht dem 21.01.2025" in rejected.loc[2, "message"]
    assert "als Datum formatieren" in rejected.loc[2, "fix"]


def test_large_files_load_the_same_with_threads(make_company, rows_add_up, monkeypatch):
    # From PARALLEL_ROWS rows on, text columns are stripped and ids hashed in threads, and from
    # DISTINCT_ROWS on, dates and amounts are parsed once per distinct value: the same result either way.
    import kpikit.company.ingest as loader
    import kpikit.sources.parse as parse

    rng = np.random.default_rng(7)
    n = 3000
    ids = [f" D-{i} " if i % 500 == 0 else f"D-{i}" for i in range(n)]
    ids[10] = ids[9]  # a duplicate
    ids[20] = ""  # a missing id
    status = rng.choice(["won", "lost", "open", "vielleicht"], n)
    closed = [f"{d:02d}.03.2025" if s in ("won", "lost") else "" for d, s in zip(rng.integers(1, 29, n), status,
                                                                                strict=True)]
    amount = [f"{a:,}".replace(",", "'") + ".50" for a in rng.choice(np.arange(500, 50_000, 1250), n)]
    amount[30] = "auf Anfrage"
    lines = ["Deal-ID;Status;Abschluss;Betrag;Kanal;Besitzer"] + [
        f"{i};{s};{c};{a};{k};{o}" for i, s, c, a, k, o in zip(
            ids, status, closed, amount, rng.choice([" Google Ads", "Messe ", "LinkedIn"], n),
            rng.choice(["Anna", "Beat", ""], n), strict=True)]
    folder = make_company(
        "sources:\n  deals:\n    file: d.csv\n    columns: {deal_id: Deal-ID, status: Status, closed_at: Abschluss, "
        "amount: Betrag, channel: Kanal, owner: Besitzer}\n", {"d.csv": "\n".join(lines) + "\n"})
    monkeypatch.setattr(loader, "PARALLEL_ROWS", 10**9)
    monkeypatch.setattr(parse, "DISTINCT_ROWS", 10**9)
    plain = load_company(folder)
    monkeypatch.setattr(loader, "PARALLEL_ROWS", 1000)
    monkeypatch.setattr(parse, "DISTINCT_ROWS", 1000)
    threaded = load_company(folder)
    rows_add_up(threaded)
    pd.testing.assert_frame_equal(plain.deals, threaded.deals)
    pd.testing.assert_frame_equal(plain.rejected, threaded.rejected)
    assert set(threaded.rejected["code"]) >= {"DUPLICATE_ID", "MISSING_VALUE", "INVALID_NUMBER", "INVALID_VALUE"}
    assert not threaded.deals["deal_id"].str.contains(" ").any()
    assert threaded.deals["channel"].isin(["Google Ads", "Messe", "LinkedIn"]).all()
    assert threaded.deals["amount"].notna().all() and threaded.deals["amount"].iloc[0] % 1 == 0.5


@pytest.mark.parametrize(
    "text, reason_de, reason_en",
    [
        # the header with «;», the data rows with «,» (a file stitched together from two exports)
        ("Deal-ID;Status;Abschluss;Betrag\n\"D1\",\"won\",\"03.01.2025\",\"1.200,50\"\n"
         "\"D2\",\"lost\",\"04.01.2025\",\"800,00\"\n",
         "aber sie ist mit ';' getrennt, die Datenzeilen mit ','", "separated by ';' and the data rows by ','"),
        # unquoted decimal commas in a comma file: every data row has two fields more than the header
        ("Deal-ID,Status,Abschluss,Betrag\nD1,won,03.01.2025,1200,50\nD2,lost,04.01.2025,800,00\n"
         "D3,won,05.01.2025,99,90\n",
         "aber sie hat 4 Felder und die Datenzeilen 5", "but it has 4 fields and the data rows 5"),
    ],
    ids=["mixed-separators", "unquoted-decimal-commas"],
)
def test_header_taken_for_a_title_line_is_named(make_company, text, reason_de, reason_en):
    folder = make_company("sources:\n  deals:\n    file: d.csv\n    columns: {deal_id: Deal-ID, status: Status, "
                          "closed_at: Abschluss, amount: Betrag}\n", {"d.csv": text})
    with pytest.raises(DataError) as err:
        load_company(folder)
    assert err.value.code == "HEADER_IS_DATA" and err.value.row == 2
    de, en = err.value.message("de"), err.value.message("en")
    assert "Zeile 2 keine Kopfzeile" in de and "Zeile 1 («Deal-ID" in de and reason_de in de
    assert "row 2 is not a header" in en and reason_en in en and "«" not in en
    assert "Lösung: " in de and "Fix: " in en


def test_german_thousands_points_in_counts_are_read_and_reported(make_company):
    ads = ("Tag;Kampagne;Kosten;Impressionen;Klicks\n01.03.2025;Google Ads;1.234,50;12.345;1.204\n"
           "02.03.2025;Google Ads;99,00;800;17\n")
    config = """\
        sources:
          campaigns:
            file: ads.csv
            columns: {date: Tag, channel: Kampagne, spend: Kosten, impressions: Impressionen, clicks: Klicks}
        """
    company = load_company(make_company(config, {"ads.csv": ads}))
    camp = company.tables["campaigns"]
    assert camp["impressions"].tolist() == [12345.0, 800.0] and camp["clicks"].tolist() == [1204.0, 17.0]
    assert camp["spend"].tolist() == [1234.5, 99.0]
    notes = [p for p in company.problems if p.code == "THOUSANDS_DOT"]
    assert [(p.severity, p.file, p.row, p.column, p.value) for p in notes] == [
        ("warning", "ads.csv", 2, "Impressionen", "12.345"), ("warning", "ads.csv", 2, "Klicks", "1.204")]
    assert "12'345" in notes[0].message("de") and "decimal: '.'" in notes[0].fix("de")
    assert "12'345" in notes[0].message("en") and "sources.campaigns.read" in notes[0].fix("en")
    # the way back: a decimal point declared in company.yaml is taken as it is, without a warning
    config = config.replace("file: ads.csv", "file: ads.csv\n            read: {decimal: '.'}")
    plain = ads.replace("1.234,50", "1234.50").replace("99,00", "99")
    company = load_company(make_company(config, {"ads.csv": plain}, name="punkt"))
    assert company.tables["campaigns"]["impressions"].tolist() == [12.345, 800.0]
    assert not [p for p in company.problems if p.code == "THOUSANDS_DOT"]
