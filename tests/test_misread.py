"""No number, date or report total silently misread (issue 14): the measured cases, one by one.

The bad-input corpus (tests/data/bad/numbers_*, dates_*, totals_*) holds the same cases as files;
here each value is checked on its own, and the defences behind the rules (the period grid, the
total rows of reports without a mapping) are tested directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpikit import DataError, compute_kpis, load_company
from kpikit.company.prepare import drop_summary_rows
from kpikit.kpis.grid import MAX_YEARS, Grid
from kpikit.sources.parse import parse_dates, parse_numbers

SWISS = ["1'234.50", "800.00", "2'500.00"]
GERMAN = ["1.234,50", "800,00", "2.500,00"]


def _last(column: list[str]) -> tuple[float, bool]:
    values, bad = parse_numbers(pd.Series(column, dtype="str"))
    return values.iloc[-1], bool(bad.iloc[-1])


# --- numbers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "odd", "misread_before"),
    [
        (SWISS, "1'234,50", 123450.0),
        (SWISS, "1.234,5", 1.2345),
        (SWISS, "1'234'5", 12345.0),
        (SWISS, "12,-", -12.0),
        (SWISS, "1 5", 15.0),
        (GERMAN, "1.5", 15.0),
        (GERMAN, "1,234.50", 1.2345),
        (GERMAN, "2.5e-3", 0.025),
        (GERMAN, "3.14.15", 31415.0),
        (GERMAN, "1'234'5", 12345.0),
    ],
)
def test_a_value_in_another_format_is_flagged_not_rescaled(column, odd, misread_before):
    value, bad = _last([*column, odd])
    assert bad and np.isnan(value), f"{odd} was read as {value} (before the fix: {misread_before})"


@pytest.mark.parametrize(
    ("column", "text", "value"),
    [
        (SWISS, "1,234.50", 1234.5),  # comma thousands with a decimal point: the same format
        (SWISS, "CHF 1'234.–", 1234.0),
        (SWISS, "Fr. 12'000.-", 12000.0),
        (SWISS, "1\u2019234.50", 1234.5),
        (SWISS, "1 234.50", 1234.5),
        (SWISS, "450.00-", -450.0),
        (SWISS, "1.5E+06", 1.5e6),  # Excel's scientific notation, with a decimal point
        (GERMAN, "12.500", 12500.0),
        (GERMAN, "12,–", 12.0),  # whole euros, not minus twelve
        (GERMAN, "1'234,50", 1234.5),
        (GERMAN, "EUR 1.234.567,89", 1234567.89),
        (GERMAN, "1\u00a0234,50", 1234.5),
    ],
)
def test_every_good_format_still_reads(column, text, value):
    got, bad = _last([*column, text])
    assert not bad and got == pytest.approx(value), text


def test_accounting_parentheses_are_negative():
    values, bad = parse_numbers(pd.Series(["(1'234.50)", "CHF (12.00)", "( 7.50 )", "(-3.00)"], dtype="str"))
    assert values.tolist()[:3] == [-1234.5, -12.0, -7.5] and bad.tolist() == [False, False, False, True]


def test_the_message_names_the_column_format_and_the_fix(make_company):
    folder = make_company("""\
        sources:
          orders: {file: o.csv, columns: {customer_id: Kunde, ordered_at: Datum, revenue: Betrag}}
        """, {"o.csv": "Kunde;Datum;Betrag\nK1;06.01.2025;1.234,50\nK2;07.01.2025;800,00\nK3;08.01.2025;1.5\n"})
    company = load_company(folder)
    [problem] = company.problems
    assert (problem.code, problem.row, problem.column) == ("INVALID_NUMBER", 4, "Betrag")
    assert "«,»" in problem.message("de") and "1.234,50" in problem.message("de")
    assert "decimal mark ','" in problem.message("en")
    assert "sources.orders.read" in problem.fix("de") and "sources.orders.read" in problem.fix("en")
    assert company.orders["revenue"].tolist() == [1234.5, 800.0]


def test_implausible_counts_are_rejected_with_the_limit(make_company, rows_add_up):
    folder = make_company("""\
        sources:
          campaigns:
            file: a.csv
            columns: {date: Tag, spend: Kosten, impressions: Impressionen}
            constants: {channel: Test}
        """, {"a.csv": "Tag;Kosten;Impressionen\n2025-01-01;10.00;1200\n2025-01-02;12.00;1e308\n"
                       "2025-01-03;9.00;99999999999999999999999\n"})
    company = load_company(folder)
    rows_add_up(company)
    assert [(p.code, p.row, p.column) for p in company.problems] == [
        ("IMPLAUSIBLE_NUMBER", 3, "Impressionen"), ("IMPLAUSIBLE_NUMBER", 4, "Impressionen")]
    assert "1'000'000'000'000" in company.problems[0].message("de")
    assert company.campaigns["impressions"].tolist() == [1200.0]


# --- dates -----------------------------------------------------------------------------------------
def test_slash_dates_never_mix_orders_in_one_column():
    texts = ["06.01.2025", "07.01.2025", "08.01.2025", "13/02/2025", "02/13/2025", "01/02/2025"]
    dates, bad, fmt = parse_dates(pd.Series(texts, dtype="str"))
    assert fmt == "%d.%m.%Y"
    assert [str(d.date()) if not pd.isna(d) else None for d in dates][3:] == ["2025-02-13", None, "2025-02-01"]
    assert bad.tolist() == [False] * 4 + [True, False]
    assert dates.attrs["other_order"].tolist() == [False] * 4 + [True, False]


def test_slash_dates_in_an_iso_column_take_the_order_the_file_proves(make_company):
    config = """\
        sources:
          deals: {file: d.csv, columns: {deal_id: ID, status: S, created_at: E, closed_at: A}}
        """
    proven = "ID;S;E;A\nD1;won;2025-01-06;13/02/2025\nD2;won;01/02/2025;03/02/2025\n"
    company = load_company(make_company(config, {"d.csv": proven}, name="proven"))
    assert [str(d.date()) for d in company.deals["created_at"]] == ["2025-01-06", "2025-02-01"]
    given = "ID;S;E;A\nD1;won;2025-01-06;2025-03-01\nD2;won;01/02/2025;2025-03-01\n"
    company = load_company(make_company(config.replace("A}}", "A}, read: {date_order: mdy}}"),
                                        {"d.csv": given}, name="given"))
    assert [str(d.date()) for d in company.deals["created_at"]] == ["2025-01-06", "2025-01-02"]


def test_one_row_out_of_the_window_does_not_set_the_period(make_company):
    folder = make_company("""\
        sources:
          orders: {file: o.csv, columns: {customer_id: Kunde, ordered_at: Datum, revenue: Betrag}}
        """, {"o.csv": "Kunde;Datum;Betrag\nK1;06.01.2025;100\nK2;01.01.0001;100\nK3;31.03.2025;100\n"})
    company = load_company(folder)
    assert company.period == (pd.Timestamp("2025-01-06"), pd.Timestamp("2025-03-31"))
    [problem] = company.problems
    assert (problem.code, problem.row, problem.value) == ("DATE_OUT_OF_RANGE", 3, "01.01.0001")
    assert "01.01.1990" in problem.message("de") and "01.01.1990" in problem.fix("en")


def test_the_period_grid_refuses_centuries(demo_company):
    assert Grid("week", pd.Timestamp("1990-01-01"), pd.Timestamp("2031-12-31")).n > 2000  # the window fits
    with pytest.raises(DataError) as err:
        Grid("month", pd.Timestamp("0001-01-01"), pd.Timestamp("2025-12-31"))
    assert err.value.code == "PERIOD_TOO_LONG" and str(MAX_YEARS) in err.value.message("en")
    assert "period:" in err.value.message("de")
    with pytest.raises(DataError) as err:
        compute_kpis(demo_company, ["revenue"], period="month", start="2025-01-01", end="2199-01-01")
    assert err.value.code == "PERIOD_TOO_LONG"


# --- report totals ---------------------------------------------------------------------------------
def test_a_dated_total_row_is_a_total_only_when_its_sums_match(make_company, rows_add_up):
    data = ("Kampagne,Tag,Kosten,Klicks\nA,2025-03-01,10.50,3\nB,2025-03-02,4.50,2\n"
            "Total: Konto,2025-03-01,15.00,5\nC,2025-03-03,1.00,1\n")
    config = "sources: {campaigns: {file: a.csv, preset: google_ads}}\n"
    company = load_company(make_company(config, {"a.csv": data}))
    rows_add_up(company)
    assert company.campaigns["campaign"].tolist() == ["A", "B", "Total: Konto", "C"]  # 15.00 is not 16.00
    company = load_company(make_company(config, {"a.csv": data.replace("15.00,5", "16.00,6")}, name="sums"))
    rows_add_up(company)
    assert company.campaigns["campaign"].tolist() == ["A", "B", "C"]
    assert company.sources[0].skipped == [(4, "summary", "Total: Konto")]


def test_without_a_mapping_only_undated_closing_rows_are_totals():
    frame = pd.DataFrame({"Kampagne": ["A", "Total: Frühling", "B", "Gesamt: Konto"],
                          "Tag": ["2025-03-01", "2025-03-02", "2025-03-03", "--"], "Kosten": ["1", "2", "3", "6"]},
                         dtype="str")
    raw = _raw(frame)
    kept = drop_summary_rows(raw, ("Gesamt", "Total"))
    assert kept.frame["Kampagne"].tolist() == ["A", "Total: Frühling", "B"]
    assert kept.skipped == [(5, "summary", "Gesamt: Konto")]


def _raw(frame: pd.DataFrame):
    from kpikit.sources.raw import Raw

    return Raw(frame=frame, rows=np.arange(2, len(frame) + 2), header=list(frame.columns))
