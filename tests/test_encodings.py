"""Files of two encodings: each line is read in its own, the odd lines are named; a BOM mid-file is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpikit import load_company
from kpikit.sources.read import read_raw

HEADER = "Deal-ID;Status;Abschluss;Betrag;Inhaber"
CONFIG = """\
sources:
  deals: {file: deals.csv, columns: {deal_id: Deal-ID, status: Status, closed_at: Abschluss, amount: Betrag,
          owner: Inhaber}}
"""


def utf8_rows(n: int, start: int = 0) -> list[str]:
    return [f"D{i};won;01.03.2025;100;Jürg Müller" for i in range(start, start + n)]


def joined(*parts: tuple[list[str], str]) -> bytes:
    """The lines of each part encoded in that part's encoding, one after the other."""
    return b"".join(("\n".join(lines) + "\n").encode(enc) for lines, enc in parts)


@pytest.mark.parametrize("at", [10, 2900], ids=["in the head", "far down"])
def test_one_cp1252_line_among_3000_utf8_lines(make_company, at):
    rows = utf8_rows(3000)
    data = joined(([HEADER, *rows[:at]], "utf-8"), (["X1;won;02.03.2025;100;Jürg Bösch"], "cp1252"),
                  (rows[at:], "utf-8"))
    folder = make_company(CONFIG, {"deals.csv": data})
    deals = load_company(folder).deals
    assert deals["owner"].value_counts().to_dict() == {"Jürg Müller": 3000, "Jürg Bösch": 1}
    raw = read_raw(folder / "deals.csv", "deals.csv", {})
    assert raw.encoding == "utf-8"
    assert (raw.mixed.encoding, raw.mixed.other, raw.mixed.lines) == ("utf-8", "cp1252", [at + 2])
    [warning] = [p for p in load_company(folder).warnings if p.code == "MIXED_ENCODING"]
    assert (warning.row, warning.file) == (at + 2, "deals.csv")
    assert f"(Zeilen {at + 2})" in warning.message("de") and "cp1252" in warning.message("en")


def test_a_cp1252_file_with_some_utf8_lines_names_those(make_company):
    cp_rows = [f"C{i};won;01.03.2025;100;Jürg Bösch" for i in range(50)]
    data = joined(([HEADER, *cp_rows], "cp1252"), (utf8_rows(2, start=900), "utf-8"))
    folder = make_company(CONFIG, {"deals.csv": data})
    assert set(load_company(folder).deals["owner"]) == {"Jürg Bösch", "Jürg Müller"}
    raw = read_raw(folder / "deals.csv", "deals.csv", {})
    assert (raw.mixed.encoding, raw.mixed.other, raw.mixed.lines) == ("cp1252", "utf-8", [52, 53])


def test_a_plain_cp1252_file_is_read_as_before(make_company):
    cp_rows = [f"C{i};won;01.03.2025;100;Jürg Bösch" for i in range(20)]
    folder = make_company(CONFIG, {"deals.csv": joined(([HEADER, *cp_rows], "cp1252"))})
    raw = read_raw(folder / "deals.csv", "deals.csv", {})
    assert raw.encoding == "cp1252" and raw.mixed is None
    assert set(load_company(folder).deals["owner"]) == {"Jürg Bösch"}


def test_a_given_encoding_is_kept(make_company):
    data = joined(([HEADER, *utf8_rows(3)], "utf-8"), (["X1;won;02.03.2025;100;Jürg Bösch"], "cp1252"))
    folder = make_company(CONFIG.replace("owner: Inhaber}", "owner: Inhaber}, read: {encoding: cp1252}"),
                          {"deals.csv": data})
    owners = set(load_company(folder).deals["owner"])
    assert owners == {"JÃ¼rg MÃ¼ller", "Jürg Bösch"}  # what was asked for


@pytest.mark.parametrize("second", ["utf-8-sig", "cp1252"])
def test_a_bom_in_the_middle_is_no_part_of_a_name_or_value(make_company, second):
    """Two exports joined, each with its header; the second one's BOM must not stick to 'Deal-ID'."""
    first = joined(([HEADER, *utf8_rows(5)], "utf-8-sig"))
    rest = ("\ufeff" + HEADER + "\nE1;won;03.03.2025;5;Zoe\n").encode("utf-8")
    if second == "cp1252":
        rest += "E2;won;03.03.2025;5;Bösch\n".encode("cp1252")
    folder = make_company(CONFIG, {"deals.csv": first + rest})
    company = load_company(folder)
    assert company.deals["deal_id"].tolist()[:6] == ["D0", "D1", "D2", "D3", "D4", "E1"]
    values = company.rejected.astype(str).to_numpy().ravel().tolist()
    assert not any("\ufeff" in v or "ï»¿" in v for v in values + company.deals["deal_id"].tolist())
    raw = read_raw(folder / "deals.csv", "deals.csv", {})
    assert raw.header[0] == "Deal-ID" and not raw.frame.apply(lambda c: c.str.contains("\ufeff")).any().any()


def test_a_bom_in_the_middle_of_a_utf8_file_leaves_no_mark(tmp_path):
    path = Path(tmp_path / "d.csv")
    path.write_bytes(joined(([HEADER, *utf8_rows(2)], "utf-8")) + "\ufeffD9;won;01.03.2025;1;Zoë\n".encode())
    raw = read_raw(path, "d.csv", {})
    assert raw.frame["Deal-ID"].tolist() == ["D0", "D1", "D9"] and raw.encoding == "utf-8" and raw.mixed is None
