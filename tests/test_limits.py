"""No input eats the machine: bombs are refused with a short, clear error, in bounded memory and time.

Every hostile file is generated in tmp_path (``tests/hostile.py``) and loaded in a subprocess whose
address space is capped (``RLIMIT_AS``), so that a regression fails at once with a MemoryError instead
of eating the shared machine. pyarrow's own allocator and glibc's per-thread arenas reserve about a
gigabyte of address space they never use; the subprocess uses the system allocator and two arenas so
that the cap measures what the load really takes.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import hostile
import pytest

import kpikit
from kpikit import load_company
from kpikit.core.errors import ConfigError, DataError

ROOT = Path(kpikit.__file__).resolve().parents[1]  # the kit under test, for the subprocess
CAP = 1_500_000_000  # bytes of address space for one hostile load
SHORT = 600  # characters: an error quotes at most a short excerpt of what the file holds

LOAD = """
import json, sys
from kpikit import load_company
from kpikit.core.errors import KpikitError
try:
    company = load_company(sys.argv[1])
    print(json.dumps({"loaded": {k: len(v) for k, v in company.tables.items()},
                      "problems": [p.code for p in company.problems]}))
except KpikitError as err:
    print(json.dumps({"code": err.code, "de": err.message("de"), "en": err.message("en")}))
"""


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def load_capped(folder: Path, **env: str) -> dict:
    """Load ``folder`` in a subprocess capped at ``CAP`` bytes; its outcome as a dict (or the failure)."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "ARROW_DEFAULT_MEMORY_POOL": "system",
               "MALLOC_ARENA_MAX": "2", **env}
    proc = subprocess.run([sys.executable, "-c", LOAD, str(folder)], capture_output=True, text=True, timeout=60,
                          env=environ, preexec_fn=_cap)
    assert proc.returncode == 0, proc.stderr[-2000:]  # a MemoryError or a traceback: not bounded
    return json.loads(proc.stdout.strip().splitlines()[-1])


def refused(outcome: dict, code: str = "FILE_TOO_LARGE") -> str:
    assert outcome.get("code") == code, outcome
    assert len(outcome["de"]) < SHORT and len(outcome["en"]) < SHORT, outcome
    return outcome["de"]


# --- workbooks ---------------------------------------------------------------------------------------
def test_a_dimension_claiming_every_cell_of_excel_is_not_trusted(tmp_path):
    folder = hostile.dimension_bomb(tmp_path / "firma")
    assert (folder / "deals.xlsx").stat().st_size < 2500
    outcome = load_capped(folder)
    assert outcome["loaded"] == {"deals": 2}, outcome


def test_a_sheet_that_unpacks_to_4_gb_is_refused_before_unpacking(tmp_path):
    folder = hostile.sheet_bomb(tmp_path / "firma")
    assert (folder / "deals.xlsx").stat().st_size < 20 << 20
    message = refused(load_capped(folder))
    assert "max_mb" in message and "KPIKIT_MAX_MB" in message and "1'024 MB" in message


def test_a_4_gb_shared_string_is_refused(tmp_path):
    folder = hostile.string_bomb(tmp_path / "firma")
    assert (folder / "deals.xlsx").stat().st_size < 5 << 20
    refused(load_capped(folder))


def test_a_sheet_whose_headers_claim_less_than_it_holds_is_cut_at_what_they_claim(tmp_path):
    """zip sizes can lie: the reader stops where they say, and the CRC tells the file is broken."""
    folder = hostile.sheet_bomb(tmp_path / "firma", declared=5000)
    refused(load_capped(folder), "FILE_CORRUPT")


def test_unpacked_bytes_are_counted_while_streaming(tmp_path):
    """Even where no size is checked up front, the reader counts what it unpacks."""
    import io
    import zipfile

    from kpikit.sources.limits import Limits
    from kpikit.sources.xlsx import Workbook

    path = hostile.sheet_bomb(tmp_path / "firma", size=8 << 20) / "deals.xlsx"
    book = Workbook(zipfile.ZipFile(io.BytesIO(path.read_bytes())), "deals.xlsx", Limits(max_mb=2))
    with pytest.raises(DataError) as err:
        book.rows("Deals")
    assert err.value.code == "FILE_TOO_LARGE"


def test_cells_are_counted_while_streaming_and_the_limit_can_be_raised(tmp_path):
    folder = hostile.sheet_bomb(tmp_path / "firma", size=4 << 20)
    hostile.company(folder, "deals.xlsx", read="{max_cells: 10000}")
    message = refused(load_capped(folder))
    assert "10'000" in message and "max_cells" in message
    hostile.company(folder, "deals.xlsx", read="{max_cells: 2000}")
    assert "2'000" in refused(load_capped(folder, KPIKIT_MAX_CELLS="90000000"))  # the read option wins
    hostile.company(folder, "deals.xlsx")
    assert "5'000" in refused(load_capped(folder, KPIKIT_MAX_CELLS="5000"))


def test_a_raised_limit_lets_a_big_workbook_load(tmp_path):
    folder = hostile.sheet_bomb(tmp_path / "firma", size=2 << 20)
    assert "1'024" not in refused(load_capped(folder, KPIKIT_MAX_MB="1"))
    outcome = load_capped(folder, KPIKIT_MAX_MB="4")
    assert outcome["problems"].count("DUPLICATE_ID") > 5_000, outcome  # every row read (all named "D")


@pytest.mark.parametrize("row", ['<row r="2000000"><c r="A2000000"><v>1</v></c></row>',
                                 '<row r="5"><c r="XFE5"><v>1</v></c></row>'])
def test_rows_and_columns_beyond_excel_are_refused(tmp_path, row):
    folder = hostile.dimension_bomb(tmp_path / "firma", dimension="", last_row=row)
    message = refused(load_capped(folder))
    assert "1'048'576" in message or "16'384" in message


def test_the_openpyxl_fallback_does_not_trust_dimension_either(tmp_path):
    """A cell type the fast reader does not know sends the workbook to openpyxl, which must be bounded too."""
    folder = hostile.dimension_bomb(tmp_path / "firma", last_row='<row r="1048576"><c r="A1048576" t="weird">'
                                    '<v>1</v></c></row>')
    outcome = load_capped(folder)
    assert outcome["loaded"] == {"deals": 2}, outcome  # and row 1,048,576 rejected (no status)


def test_a_parquet_file_is_bounded_by_what_its_metadata_says(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"Deal-ID": [f"D{i}" for i in range(3000)], "Status": ["won"] * 3000,
                          "Abschluss": ["2025-03-01"] * 3000, "Betrag": [1.0] * 3000})
    frame.to_parquet(tmp_path / "deals.parquet")
    folder = hostile.company(tmp_path, "deals.parquet", read="{max_cells: 10000}")
    with pytest.raises(DataError) as err:
        load_company(folder)
    assert err.value.code == "FILE_TOO_LARGE" and "12'000" in err.value.message("de")
    hostile.company(tmp_path, "deals.parquet")
    assert len(load_company(folder).deals) == 3000


def test_a_text_longer_than_excel_allows_is_cut_and_its_row_rejected(tmp_path):
    from kpikit.sources.limits import MAX_TEXT

    folder = hostile.string_bomb(tmp_path / "firma", size=3 << 20)
    company = load_company(folder)
    assert [p.code for p in company.problems if p.severity == "rejected"] == ["VALUE_TOO_LONG"]
    assert len(company.deals) == 1 and MAX_TEXT == 32_767


# --- text files ----------------------------------------------------------------------------------------
def test_a_million_columns_is_too_large_not_empty(tmp_path):
    message = refused(load_capped(hostile.wide_csv(tmp_path / "firma")))
    assert "16'384" in message and "leer" not in message


def test_wide_but_possible_header_names_the_column_count(tmp_path):
    message = refused(load_capped(hostile.wide_csv(tmp_path / "firma", columns=20_000)))
    assert "20'000 Spalten" in message


@pytest.mark.parametrize("header", [True, False], ids=["header", "data line"])
def test_a_50_mb_line_gets_a_short_error(tmp_path, header):
    size = 50 << 20 if header else 12 << 20  # a data line only needs to pass the 4 MB
    message = refused(load_capped(hostile.long_line_csv(tmp_path / "firma", size=size, header=header)))
    assert "4 MB" in message and "xxxxxxxxxx" not in message
    if not header:
        assert "Zeile 3" in message


def test_a_long_header_is_quoted_short_in_any_error(make_company):
    """A 200 KB header line that is no header: the missing-column error lists a few names, each cut short."""
    names = ";".join(f"Spalte mit einem sehr langen Namen Nummer {i:05d} " * 3 for i in range(1500))
    folder = make_company("sources:\n  deals: {file: d.csv, columns: {deal_id: ID, status: S, closed_at: A}}\n",
                          {"d.csv": names + "\n" + ";".join(["1"] * 1500) + "\n"})
    with pytest.raises(DataError) as err:
        load_company(folder)
    assert len(err.value.message("de")) < 4000 and "weitere" in err.value.message("de")


def test_the_limits_come_from_the_read_options_the_environment_and_the_defaults(monkeypatch):
    from kpikit.sources.limits import Limits, limits

    assert limits({}, "d.csv") == Limits()
    monkeypatch.setenv("KPIKIT_MAX_MB", "2048")
    assert limits({}, "d.csv").max_mb == 2048 and limits({"max_mb": 10}, "d.csv").max_mb == 10
    monkeypatch.setenv("KPIKIT_MAX_CELLS", "viele")
    with pytest.raises(DataError, match="KPIKIT_MAX_CELLS"):
        limits({}, "d.csv")


def test_a_text_file_over_max_mb_is_refused_by_its_size(make_company):
    folder = make_company("sources:\n  deals: {file: d.csv, read: {max_mb: 1}}\n",
                          {"d.csv": "Deal-ID;Status\n" + "D1;won\n" * 200_000})
    with pytest.raises(DataError) as err:
        load_company(folder)
    assert err.value.code == "FILE_TOO_LARGE" and "max_mb: 2" in err.value.message("de")


# --- company.yaml ----------------------------------------------------------------------------------------
def test_billion_laughs_in_company_yaml_is_refused(tmp_path):
    folder = hostile.laughs_yaml(tmp_path / "firma")
    assert (folder / "company.yaml").stat().st_size < 1000
    message = refused(load_capped(folder), "YAML_ALIAS")
    assert "Zeile 3" in message and "*a" in message


def test_kpis_as_an_alias_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_company(hostile.alias_kpis_yaml(tmp_path / "firma"))
    assert err.value.code == "YAML_ALIAS" and "*g" in err.value.message("en")


@pytest.mark.parametrize(("entry", "key"), [
    ("kpis: [[close_rate]]", "kpis[1]"),
    ("kpis: [{a: 1}]", "kpis[1]"),
    ("name: [Muster, AG]", "name"),
    ("goals: [{id: g, kpi: [close_rate]}]", "goals[1].kpi"),
])
def test_structures_where_company_yaml_wants_a_text_are_type_errors(make_company, entry, key):
    folder = make_company(f"sources:\n  deals: d.csv\n{entry}\n", {"d.csv": "Deal-ID;Status\nD1;won\n"})
    with pytest.raises(ConfigError) as err:
        load_company(folder)
    assert err.value.code == "CONFIG_TYPE" and key in err.value.message("de")


def test_read_options_of_the_wrong_kind_are_type_errors(make_company):
    folder = make_company("sources:\n  deals: {file: d.csv, read: {date_format: [1]}}\n",
                          {"d.csv": "Deal-ID;Status\nD1;won\n"})
    with pytest.raises(ConfigError, match="date_format"):
        load_company(folder)


# --- what a file: is --------------------------------------------------------------------------------------
def _source_at(make_company, file: str) -> Path:
    return make_company(f"sources:\n  deals: {{file: '{file}', columns: {{deal_id: ID}}}}\n")


@pytest.mark.parametrize(("make", "word"), [
    (lambda f: (f / "exports").mkdir(), "Ordner"),
    (lambda f: os.mkfifo(f / "exports"), "Pipe"),
])
def test_a_folder_or_a_pipe_says_what_it_is(make_company, make, word):
    folder = _source_at(make_company, "exports")
    make(folder)
    with pytest.raises(DataError) as err:
        load_company(folder)  # a FIFO is never opened: this would block
    assert err.value.code == "FILE_NOT_REGULAR" and word in err.value.message("de")
    assert "nicht gefunden" not in err.value.message("de")


def test_a_device_says_what_it_is(make_company):
    with pytest.raises(DataError) as err:
        load_company(_source_at(make_company, "/dev/zero"))
    assert err.value.code == "FILE_NOT_REGULAR" and "Gerät" in err.value.message("de")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc")
@pytest.mark.parametrize("file", ["/proc/self/status", "/proc/self/environ", "link.csv"])
def test_proc_content_is_never_read_into_an_error(make_company, file):
    folder = _source_at(make_company, file)
    if file == "link.csv":
        (folder / "link.csv").symlink_to("/proc/self/status")
    with pytest.raises(DataError) as err:
        load_company(folder)
    status = Path("/proc/self/status").read_text()
    for lang in ("de", "en"):
        assert err.value.code == "FILE_NOT_REGULAR" and "/proc" in err.value.message(lang)
        assert "VmPeak" not in err.value.message(lang) and status.split()[1] not in err.value.message(lang)


def test_a_symlink_loop_says_what_it_is(make_company):
    folder = _source_at(make_company, "loop.csv")
    (folder / "loop.csv").symlink_to(folder / "loop.csv")
    with pytest.raises(DataError) as err:
        load_company(folder)
    assert err.value.code == "FILE_NOT_REGULAR" and "Symlink" in err.value.message("de")
