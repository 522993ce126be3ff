import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpikit.sources.parse import detect_decimal, infer_date_format, parse_dates, parse_numbers


def _num(values, **kw):
    values, bad = parse_numbers(pd.Series(values, dtype="str"), **kw)
    return values.tolist(), bad.tolist()


def _one(text, **kw):
    values, bad = _num([text], **kw)
    return values[0], bad[0]


# --- numbers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", 1234.5),
        ("1'234.50", 1234.5),
        ("1\u2019234.50", 1234.5),  # typographic apostrophe (U+2019)
        ("CHF 1'234.–", 1234.0),
        ("CHF 1'234.-", 1234.0),
        ("1.234,50", 1234.5),
        ("12,5", 12.5),
        ("-12", -12.0),
        ("1'234-", -1234.0),  # trailing minus, as in accounting exports
        ("Fr. 12.50", 12.5),
        ("1'234'567.05", 1234567.05),
        ("1.234.567,05", 1234567.05),
        ("0", 0.0),
    ],
)
def test_parse_numbers_single_formats(text, expected):
    value, bad = _one(text)
    assert value == pytest.approx(expected)
    assert bad is False


def test_parse_numbers_text_is_bad_empty_is_missing():
    values, bad = parse_numbers(pd.Series(["12.50", "auf Anfrage", "", None, "  "], dtype="str"))
    assert values.dtype == np.float64
    assert values.iloc[0] == 12.5
    assert values.iloc[1:].isna().all()
    assert bad.tolist() == [False, True, False, False, False]


def test_parse_numbers_swiss_column():
    values, bad = _num(["1'234.50", "CHF 99.–", "12", "-5.25", "1'000'000.00"])
    assert values == [1234.5, 99.0, 12.0, -5.25, 1_000_000.0]
    assert not any(bad)


def test_parse_numbers_german_column():
    values, bad = _num(["1.234,50", "99,90", "-5,25", "1.000.000,00"])
    assert values == [1234.5, 99.9, -5.25, 1_000_000.0]
    assert not any(bad)


def test_parse_numbers_german_thousands_without_decimals():
    values, _ = _num(["1.234,50", "1.234", "99,90"])
    assert values == [1234.5, 1234.0, 99.9]


def test_parse_numbers_workbook_objects():
    """A workbook column mixes real numbers with numbers stored as text."""
    raw = pd.Series([1234.5, 12, "1'234.50", None, "auf Anfrage", np.int64(7)], dtype=object)
    values, bad = parse_numbers(raw)
    assert values.iloc[:3].tolist() == [1234.5, 12.0, 1234.5]
    assert np.isnan(values.iloc[3]) and np.isnan(values.iloc[4])
    assert values.iloc[5] == 7.0
    assert bad.tolist() == [False, False, False, False, True, False]


def test_parse_numbers_numeric_dtype_passthrough():
    values, bad = parse_numbers(pd.Series([1, 2, 3], dtype="int64"))
    assert values.dtype == np.float64
    assert values.tolist() == [1.0, 2.0, 3.0]
    assert not bad.any()


def test_parse_numbers_explicit_decimal_and_thousands():
    values, bad = _num(["1.234,50", "12,5", "7", "1.234"], decimal=",", thousands=".")
    assert values == [1234.5, 12.5, 7.0, 1234.0]
    assert not any(bad)


def test_parse_numbers_explicit_swiss_options():
    values, bad = _num(["1'234.50", "12.5", "x"], decimal=".", thousands="'")
    assert values[:2] == [1234.5, 12.5]
    assert bad == [False, False, True]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["1.234,50", "99,90"], ","),
        (["1'234.50", "12"], "."),
        (["12.5", "3.25"], "."),
        (["12,5", "3,25"], ","),
    ],
)
def test_detect_decimal(texts, expected):
    assert detect_decimal(pd.Series(texts, dtype="str")) == expected


def _swiss(x: float) -> str:
    return f"{x:,.2f}".replace(",", "'")


def _german(x: float) -> str:
    return f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


_amounts = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(_amounts)
def test_property_swiss_number_round_trips(x):
    value, bad = _one(_swiss(x))
    assert not bad
    assert abs(value - x) <= 0.005 + 1e-9 * abs(x)


@settings(max_examples=40, deadline=None)
@given(_amounts)
def test_property_german_number_round_trips(x):
    value, bad = _one(_german(x))
    assert not bad
    assert abs(value - x) <= 0.005 + 1e-9 * abs(x)


@settings(max_examples=20, deadline=None)
@given(st.lists(_amounts, min_size=1, max_size=8), st.sampled_from([_swiss, _german]))
def test_property_number_column_round_trips(xs, style):
    values, bad = _num([style(x) for x in xs])
    assert not any(bad)
    for got, x in zip(values, xs, strict=True):
        assert abs(got - x) <= 0.005 + 1e-9 * abs(x)


# --- dates -------------------------------------------------------------------------------------------
def _dates(values, **kw):
    dtype = kw.pop("dtype", "str")
    parsed, bad, fmt = parse_dates(pd.Series(values, dtype=dtype), **kw)
    return parsed, bad.tolist(), fmt


@pytest.mark.parametrize(
    ("texts", "fmt", "expected"),
    [
        (["2025-01-31", "2025-02-01"], "%Y-%m-%d", ["2025-01-31", "2025-02-01"]),
        (["31.01.2025", "01.02.2025"], "%d.%m.%Y", ["2025-01-31", "2025-02-01"]),
        (
            ["31.01.2025 10:15", "01.02.2025 08:00"],
            "%d.%m.%Y %H:%M",
            ["2025-01-31 10:15", "2025-02-01 08:00"],
        ),
        (["20250131", "20250201"], "%Y%m%d", ["2025-01-31", "2025-02-01"]),
        (["2025-01-31T10:00:00"], "%Y-%m-%dT%H:%M:%S", ["2025-01-31 10:00"]),
        (["13/01/2025", "02/03/2025"], "%d/%m/%Y", ["2025-01-13", "2025-03-02"]),
    ],
)
def test_parse_dates_formats(texts, fmt, expected):
    parsed, bad, used = _dates(texts)
    assert used == fmt
    assert parsed.dtype == "datetime64[us]"
    assert parsed.tolist() == [pd.Timestamp(e) for e in expected]
    assert bad == [False] * len(texts)


def test_parse_dates_impossible_date_is_bad():
    parsed, bad, fmt = _dates(["31.02.2026", "01.02.2025", ""])
    assert fmt == "%d.%m.%Y"
    assert bad == [True, False, False]
    assert pd.isna(parsed.iloc[0]) and pd.isna(parsed.iloc[2])
    assert parsed.iloc[1] == pd.Timestamp("2025-02-01")


def test_parse_dates_day_first_where_ambiguous():
    parsed, _, _ = _dates(["01.02.2025"])
    assert parsed.iloc[0] == pd.Timestamp("2025-02-01")


def test_parse_dates_mixed_formats_fall_back():
    parsed, bad, fmt = _dates(["31.01.2025", "01.02.2025", "2025-03-01"])
    assert fmt == "%d.%m.%Y"
    assert parsed.tolist() == [
        pd.Timestamp("2025-01-31"),
        pd.Timestamp("2025-02-01"),
        pd.Timestamp("2025-03-01"),
    ]
    assert bad == [False, False, False]


def test_parse_dates_workbook_objects_mixed_with_text():
    raw = [
        dt.datetime(2025, 1, 31, 9, 30),
        "01.02.2025",
        None,
        dt.date(2025, 3, 1),
        pd.Timestamp("2025-04-01"),
        "kein Datum",
    ]
    parsed, bad, _ = _dates(raw, dtype=object)
    assert parsed.dtype == "datetime64[us]"
    assert parsed.iloc[0] == pd.Timestamp("2025-01-31 09:30")
    assert parsed.iloc[1] == pd.Timestamp("2025-02-01")
    assert pd.isna(parsed.iloc[2])
    assert parsed.iloc[3] == pd.Timestamp("2025-03-01")
    assert parsed.iloc[4] == pd.Timestamp("2025-04-01")
    assert bad == [False, False, False, False, False, True]


def test_parse_dates_datetime_dtype_passthrough_drops_timezone():
    values = pd.Series(pd.to_datetime(["2025-01-01 10:00"]).tz_localize("Europe/Zurich"))
    parsed, bad, fmt = parse_dates(values)
    assert parsed.dtype == "datetime64[us]"
    assert parsed.iloc[0] == pd.Timestamp("2025-01-01 10:00")
    assert fmt is None and not bad.any()


def test_parse_dates_explicit_format_is_obeyed():
    parsed, bad, fmt = _dates(["01/02/2025", "03/04/2025"], date_format="%m/%d/%Y")
    assert fmt == "%m/%d/%Y"
    assert parsed.tolist() == [pd.Timestamp("2025-01-02"), pd.Timestamp("2025-03-04")]
    assert bad == [False, False]


def test_parse_dates_explicit_format_rejects_other_formats():
    """With an explicit format, values in another format are bad rather than guessed."""
    parsed, bad, _ = _dates(["31.01.2025", "2025-01-31"], date_format="%d.%m.%Y")
    assert parsed.iloc[0] == pd.Timestamp("2025-01-31")
    assert bad == [False, True]


def test_parse_dates_never_mixes_day_and_month_first():
    parsed, bad, fmt = _dates(["13/01/2025", "02/03/2025", "01/13/2025"])
    assert fmt == "%d/%m/%Y"
    assert parsed.iloc[1] == pd.Timestamp("2025-03-02")
    assert bad == [False, False, True]


def test_infer_date_format_ambiguous_slashes():
    assert infer_date_format(pd.Series(["01/02/2025", "03/04/2025"], dtype="str")) == ("%d/%m/%Y", True)


def test_infer_date_format_month_first_detected():
    assert infer_date_format(pd.Series(["1/13/2025", "2/3/2025"], dtype="str")) == ("%m/%d/%Y", False)


def test_infer_date_format_day_first_not_ambiguous_when_decided():
    assert infer_date_format(pd.Series(["13/01/2025", "2/3/2025"], dtype="str")) == ("%d/%m/%Y", False)


def test_infer_date_format_dots_never_ambiguous():
    assert infer_date_format(pd.Series(["01.02.2025"], dtype="str")) == ("%d.%m.%Y", False)


@pytest.mark.parametrize("values", [[], ["", None], ["kein Datum"]])
def test_infer_date_format_nothing_to_go_on(values):
    assert infer_date_format(pd.Series(values, dtype="str")) == (None, False)


_days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=30, deadline=None)
@given(_days)
def test_property_swiss_date_round_trips(day):
    parsed, bad, _ = _dates([day.strftime("%d.%m.%Y")])
    assert bad == [False]
    assert parsed.iloc[0] == pd.Timestamp(day)


@settings(max_examples=15, deadline=None)
@given(st.lists(_days, min_size=1, max_size=8))
def test_property_swiss_date_column_round_trips(days):
    parsed, bad, fmt = _dates([d.strftime("%d.%m.%Y") for d in days])
    assert fmt == "%d.%m.%Y"
    assert not any(bad)
    assert parsed.tolist() == [pd.Timestamp(d) for d in days]


def test_parse_numbers_german_thousands_points_in_a_column_without_commas():
    # German exports write 12.345 impressions: the points separate thousands, and the parser says so
    values, bad = parse_numbers(pd.Series(["12.345", "800", "1.234.567", "", "2.000"], dtype="str"))
    assert values.tolist()[:3] == [12345.0, 800.0, 1234567.0] and values.iloc[4] == 2000.0
    assert not bad.any() and values.attrs["thousands_dot"] is True
    # one decimal (1.5, 12.50) or a leading zero (0.125) shows the point is a decimal point
    for column in (["12.345", "1.5"], ["12.345", "12.50"], ["0.125", "1.250"], ["1'234.567"]):
        values, _ = parse_numbers(pd.Series(column, dtype="str"))
        assert values.iloc[0] == pytest.approx(float(column[0].replace("'", ""))), column
        assert "thousands_dot" not in values.attrs, column
    # an explicit decimal point wins, and a long column takes the same path per distinct value
    assert _num(["12.345", "800"], decimal=".")[0] == [12.345, 800.0]
    long = parse_numbers(pd.Series(["12.345"] * 15_000 + ["800"] * 10_000, dtype="str"))[0]
    assert (long.iloc[0], long.iloc[-1], long.attrs["thousands_dot"]) == (12345.0, 800.0, True)
