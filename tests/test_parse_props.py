"""Property-based tests (hypothesis) for number and date parsing in kpikit.sources.parse.

Numbers: an amount written in any supported style parses back to its value, alone or in a column of
mixed styles that share a decimal mark; text that is not a number is never read as one; nothing ever
parses to infinity or raises. Dates: day-first and ISO dates round-trip, month-first ones with the
order given; the day/month ambiguity is flagged exactly when no date decides it. Parsing does not
depend on the order of the rows. Example counts are kept small so the file runs in a few seconds;
``KPIKIT_PROPS_SCALE=20 pytest tests/test_parse_props.py`` searches twenty times as long.
"""

from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpikit.sources.parse import decisive_order, infer_date_format, parse_dates, parse_numbers

SCALE = float(os.environ.get("KPIKIT_PROPS_SCALE", "1"))
FAST = settings(max_examples=int(20 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=int(10 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- numbers -----------------------------------------------------------------------------------------
cents = st.integers(min_value=-10**10, max_value=10**10)  # up to ±100 million, two decimals
whole = st.integers(min_value=-10**8, max_value=10**8)


def _sign(c: int) -> str:
    return "-" if c < 0 else ""


def swiss(c: int) -> str:
    return _sign(c) + f"{abs(c) / 100:,.2f}".replace(",", "'")


def swiss_typographic(c: int) -> str:
    return _sign(c) + f"{abs(c) / 100:,.2f}".replace(",", "\u2019")


def swiss_currency(c: int) -> str:
    return "CHF " + swiss(c)


def swiss_currency_after(c: int) -> str:
    return swiss(c) + " CHF"


def swiss_trailing_minus(c: int) -> str:
    return f"{abs(c) / 100:,.2f}".replace(",", "'") + ("-" if c < 0 else "")


def english(c: int) -> str:
    return _sign(c) + f"{abs(c) / 100:,.2f}"


def plain(c: int) -> str:
    return _sign(c) + f"{abs(c) / 100:.2f}"


def german(c: int) -> str:
    return _sign(c) + f"{abs(c) / 100:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def german_currency(c: int) -> str:
    return "EUR " + german(c)


def swiss_comma(c: int) -> str:
    return _sign(c) + f"{abs(c) / 100:,.2f}".replace(",", "'").replace(".", ",")


def dash(n: int) -> str:
    """Whole francs the Swiss way: CHF 1'234.– (n is in francs)."""
    return "CHF " + _sign(n) + f"{abs(n):,}".replace(",", "'") + ".\u2013"


def dash_hyphen(n: int) -> str:
    return "Fr. " + _sign(n) + f"{abs(n):,}".replace(",", "'") + ".-"


POINT_STYLES = [swiss, swiss_typographic, swiss_currency, swiss_currency_after, swiss_trailing_minus, english,
                plain]
COMMA_STYLES = [german, german_currency, swiss_comma]
DASH_STYLES = [dash, dash_hyphen]


def _parse(texts: list[str]) -> tuple[list[float], list[bool]]:
    values, bad = parse_numbers(pd.Series(texts, dtype="str"))
    return values.tolist(), bad.tolist()


@FAST
@given(cents, st.sampled_from(POINT_STYLES + COMMA_STYLES))
@example(123456, german)  # 1.234,56
@example(-123456, swiss_trailing_minus)  # 1'234.56-
@example(100000, english)  # 1,000.00
@example(100000, swiss_comma)  # 1'000,00
def test_single_amount_round_trips_in_every_style(c, style):
    values, bad = _parse([style(c)])
    assert bad == [False], style(c)
    assert values[0] == c / 100, style(c)


@FAST
@given(whole, st.sampled_from(DASH_STYLES))
@example(1234, dash)  # CHF 1'234.–
def test_whole_francs_with_dash_round_trip(n, style):
    values, bad = _parse([style(n)])
    assert bad == [False] and values[0] == float(n), style(n)


@FEW
@given(st.lists(st.tuples(cents, st.sampled_from(POINT_STYLES)), min_size=1, max_size=12))
def test_column_of_mixed_point_styles_round_trips(items):
    texts = [style(c) for c, style in items]
    values, bad = _parse(texts)
    assert not any(bad), texts
    assert values == [c / 100 for c, _ in items], texts


@FEW
@given(st.lists(st.tuples(cents, st.sampled_from(COMMA_STYLES)), min_size=1, max_size=12))
def test_column_of_mixed_comma_styles_round_trips(items):
    texts = [style(c) for c, style in items]
    values, bad = _parse(texts)
    assert not any(bad), texts
    assert values == [c / 100 for c, _ in items], texts


@FEW
@given(st.lists(cents, min_size=1, max_size=10), st.sampled_from(["'", ".", ","]))
def test_explicit_options_round_trip(cs, mark):
    """With read.decimal/thousands given, detection is bypassed and the value is still exact."""
    decimal = "," if mark == "." else "."
    texts = [(_sign(c) + f"{abs(c) / 100:,.2f}").replace(",", "_").replace(".", decimal).replace("_", mark)
             for c in cs]
    values, bad = parse_numbers(pd.Series(texts, dtype="str"), decimal=decimal, thousands=mark)
    assert not bad.any(), texts
    assert values.tolist() == [c / 100 for c in cs]


# Letters that no currency mark (CHF, SFr, Fr, EUR, USD) and no exponent (1e5) contain.
GARBAGE_LETTERS = "abgijklmnopqtvwxyzäöüßABGIJKLMNOPQTVWXYZ?!@#%&*()[]{}<>=~"
noise = st.text(alphabet="0123456789.,' -", max_size=8)


@FAST
@given(noise, st.text(alphabet=GARBAGE_LETTERS, min_size=1, max_size=4), noise)
@example("", "auf Anfrage", "")
@example("ca. ", "k", "5000")
@example("", "n.", "a.")
@example("", "inf", "")
@example("-", "inf", "")
@example("", "nan", "")
def test_text_is_never_silently_a_number(before, letters, after):
    text = before + letters + after
    values, bad = _parse([text])
    assert bad == [True], text
    assert np.isnan(values[0]), text


@FAST
@given(st.text(max_size=12))
@example("Infinity")
@example("1e999")
@example("١٢٣")  # Arabic-Indic digits
def test_any_text_is_a_finite_number_or_flagged(text):
    values, bad = _parse([text])
    empty = text.strip() == ""
    if empty:
        assert bad == [False] and np.isnan(values[0])
    elif not bad[0]:
        assert np.isfinite(values[0]), text
    else:
        assert np.isnan(values[0]), text


@FEW
@given(st.lists(st.one_of(cents.map(swiss), cents.map(english), st.just("auf Anfrage"), st.just("")),
                min_size=1, max_size=12).flatmap(lambda xs: st.tuples(st.just(xs), st.permutations(xs))))
def test_number_parsing_does_not_depend_on_row_order(pair):
    texts, shuffled = pair
    values, bad = _parse(texts)
    by_text = {t: (v, b) for t, v, b in zip(texts, values, bad, strict=True)}
    values2, bad2 = _parse(list(shuffled))
    for t, v, b in zip(shuffled, values2, bad2, strict=True):
        v0, b0 = by_text[t]
        assert b == b0 and (v == v0 or (np.isnan(v) and np.isnan(v0))), t


# --- dates -------------------------------------------------------------------------------------------
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))


def _dates(texts: list[str], **kw) -> tuple[list, list[bool], str | None]:
    parsed, bad, fmt = parse_dates(pd.Series(texts, dtype="str"), **kw)
    return [None if pd.isna(v) else v.date() for v in parsed], bad.tolist(), fmt


@FAST
@given(st.lists(days, min_size=1, max_size=10), st.sampled_from(["%d.%m.%Y", "%Y-%m-%d", "%Y%m%d"]))
def test_day_first_and_iso_dates_round_trip(ds, fmt):
    got, bad, used = _dates([d.strftime(fmt) for d in ds])
    assert not any(bad) and got == ds, used


@FAST
@given(st.lists(days, min_size=1, max_size=10), st.sampled_from(["%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S"]))
def test_timestamps_round_trip_to_their_day(ds, fmt):
    got, bad, _ = _dates([dt.datetime.combine(d, dt.time(13, 45)).strftime(fmt) for d in ds])
    assert not any(bad) and got == ds


@FAST
@given(st.lists(days, min_size=1, max_size=10), st.sampled_from([("dmy", "%d/%m/%Y"), ("mdy", "%m/%d/%Y")]))
def test_slash_dates_round_trip_with_their_order(ds, order_fmt):
    order, fmt = order_fmt
    got, bad, _ = _dates([d.strftime(fmt) for d in ds], order=order)
    assert not any(bad) and got == ds


@FAST
@given(st.lists(days, min_size=1, max_size=10))
def test_slash_ambiguity_is_flagged_exactly_when_no_date_decides(ds):
    texts = pd.Series([d.strftime("%d/%m/%Y") for d in ds])
    fmt, ambiguous = infer_date_format(texts)
    decided = any(d.day > 12 for d in ds)
    assert ambiguous is not decided
    if decided:
        assert fmt == "%d/%m/%Y"
        assert decisive_order(texts) == "dmy"
        got, bad, _ = _dates(texts.tolist())  # proven day-first: round-trips without an order
        assert not any(bad) and got == ds
    else:
        assert decisive_order(texts) is None


@FAST
@given(st.lists(days, min_size=1, max_size=10))
def test_us_dates_with_a_deciding_value_are_read_month_first(ds):
    texts = [d.strftime("%m/%d/%Y") for d in [*ds, dt.date(2025, 1, 31)]]
    got, bad, fmt = _dates(texts)
    assert fmt == "%m/%d/%Y"
    assert not any(bad) and got == [*ds, dt.date(2025, 1, 31)]


@FAST
@given(st.text(alphabet=GARBAGE_LETTERS + "0123456789", min_size=1, max_size=10).filter(
    lambda s: any(ch.isalpha() for ch in s)))
@example("gestern")
@example("31.02.2025x")
def test_text_is_never_silently_a_date(text):
    got, bad, _ = _dates([text])
    assert bad == [True] and got == [None], text


@FEW
@given(st.lists(st.one_of(days.map(lambda d: d.strftime("%d.%m.%Y")), st.just("31.02.2025"), st.just("")),
                min_size=1, max_size=12).flatmap(lambda xs: st.tuples(st.just(xs), st.permutations(xs))))
def test_date_parsing_does_not_depend_on_row_order(pair):
    texts, shuffled = pair
    got, bad, _ = _dates(texts)
    by_text = {t: (g, b) for t, g, b in zip(texts, got, bad, strict=True)}
    got2, bad2, _ = _dates(list(shuffled))
    assert [(g, b) for g, b in zip(got2, bad2, strict=True)] == [by_text[t] for t in shuffled]


@FAST
@given(st.lists(st.tuples(days, st.sampled_from(["Z", "+01:00", "+0200", "-05:00", " UTC"])), min_size=1,
                max_size=8), st.sampled_from(["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.000", "%Y-%m-%d %H:%M"]))
def test_iso_timestamps_with_a_zone_keep_their_wall_time(items, fmt):
    texts = [dt.datetime.combine(d, dt.time(23, 30)).strftime(fmt) + zone for d, zone in items]
    got, bad, _ = _dates(texts)
    assert not any(bad) and got == [d for d, _ in items], texts


# --- one format per column (issue 14) ----------------------------------------------------------------
@FEW
@given(st.lists(cents, min_size=3, max_size=10), st.sampled_from(POINT_STYLES), cents,
       st.sampled_from([german, swiss_comma]))
@example([123450, 80000, 250000], swiss, 123450, swiss_comma)  # 1'234,50 among 1'234.50: not 123450
@example([123450, 80000, 250000], swiss, 123450, german)  # 1.234,50 among 1'234.50: not 1.2345
def test_a_comma_decimal_among_point_decimals_is_flagged_not_rescaled(cs, style, odd, other):
    texts = [style(c) for c in cs] + [other(odd)]
    values, bad = _parse(texts)
    assert not any(bad[:-1]) and values[:-1] == [c / 100 for c in cs], texts
    assert bad[-1] and np.isnan(values[-1]), texts


@FEW
@given(st.lists(cents, min_size=3, max_size=10), st.sampled_from(COMMA_STYLES), cents,
       st.sampled_from([swiss, english, plain]))
@example([123450, 80000, 250000], german, 150, plain)  # 1.50 among 1.234,50: not 150
@example([123450, 80000, 250000], german, 123450, english)  # 1,234.50 among 1.234,50: not 1.2345
def test_a_point_decimal_among_comma_decimals_is_flagged_not_rescaled(cs, style, odd, other):
    texts = [style(c) for c in cs] + [other(odd)]
    values, bad = _parse(texts)
    assert not any(bad[:-1]) and values[:-1] == [c / 100 for c in cs], texts
    assert bad[-1] and np.isnan(values[-1]), texts


@FAST
@given(st.integers(1, 999), st.lists(st.integers(0, 999), min_size=1, max_size=3), st.integers(0, 99),
       st.sampled_from(["'", ".", ",", "\u2019"]), st.sampled_from(["", ".50", ",50"]))
@example(1, [234], 5, "'", "")  # 1'234'5
@example(3, [14], 15, ".", "")  # 3.014.15
def test_badly_grouped_thousands_are_flagged(head, groups, short, mark, tail):
    """A last group of fewer than three digits after a thousands mark is never a number."""
    text = str(head) + "".join(f"{mark}{g:03d}" for g in groups) + f"{mark}{short}" + tail
    if tail and tail[0] == mark:
        return  # "1.234.5,50" ends in the mark that is the decimal here: a different case
    for column in ([text], ["1'234.50", "800.00", text], ["1.234,50", "800,00", text]):
        values, bad = _parse(column)
        assert bad[-1] and np.isnan(values[-1]), column
