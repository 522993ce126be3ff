"""Property-based test (hypothesis) of the whole way in: CSV file → ``load_company`` → table or rejection.

A random campaigns export is written to disk: a spend column in one Swiss, German or plain style, an
impressions column in another, dates in one format, and now and then a value that does not belong (a
number in the other decimal format, badly grouped thousands, an implausible amount, a negative spend,
an impossible or implausible date). Read back through ``load_company``, every row must come out either
loaded with exactly the values written, or rejected with a reason that fits what was planted; rows read
= rows loaded + rows rejected. Nothing is read at another scale without a word.

Example counts are kept small so the file runs in a few seconds; ``KPIKIT_PROPS_SCALE=20`` searches
twenty times as long.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpikit import load_company

SCALE = float(os.environ.get("KPIKIT_PROPS_SCALE", "1"))
PROPS = settings(max_examples=int(25 * SCALE), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])


# --- how amounts (in cents) and counts are written --------------------------------------------------
def _groups(n: int, mark: str) -> str:
    return f"{n:,}".replace(",", mark)


def _amount(mark: str, decimal: str, prefix: str = "") -> callable:
    def write(cents: int) -> str:
        sign = "-" if cents < 0 else ""
        whole, frac = divmod(abs(cents), 100)
        return f"{prefix}{sign}{_groups(whole, mark)}{decimal}{frac:02d}"
    return write


# Families of one decimal mark: a column is written in one family, each value in any style of it.
POINT = {"swiss": _amount("'", "."), "swiss_chf": _amount("'", ".", "CHF "), "typographic": _amount("\u2019", "."),
         "english": _amount(",", "."), "plain": _amount("", ".")}
COMMA = {"german": _amount(".", ","), "german_eur": _amount(".", ",", "EUR "), "swiss_comma": _amount("'", ",")}
COUNTS = {"swiss": lambda n: _groups(n, "'"), "german": lambda n: _groups(n, "."),
          "english": lambda n: _groups(n, ","), "plain": str}
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S")


def _date(d: dt.date, fmt: str) -> str:
    """``d`` in ``fmt``, with four-digit years also before 1000 (strftime writes the year 1 as "1")."""
    text = fmt.replace("%d", f"{d.day:02d}").replace("%m", f"{d.month:02d}").replace("%Y", f"{d.year:04d}")
    return text.replace("%H", "14").replace("%M", "05").replace("%S", "00")


good_days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2025, 12, 31))
early_days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(1989, 12, 31))
late_days = st.dates(min_value=dt.date.today() + dt.timedelta(days=6 * 366), max_value=dt.date(9999, 12, 31))

# What a row may carry: a good value, or one planted fault, and the reasons that may reject it.
SPEND_FAULTS = {"foreign": {"INVALID_NUMBER"}, "huge": {"IMPLAUSIBLE_NUMBER"}, "negative": {"NEGATIVE_VALUE"}}
COUNT_FAULTS = {"bad_groups": {"INVALID_NUMBER"}}
DATE_FAULTS = {"early": {"DATE_OUT_OF_RANGE"}, "late": {"DATE_OUT_OF_RANGE", "FUTURE_DATE"},
               "impossible": {"INVALID_DATE"}}


@st.composite
def exports(draw):
    """(file text, expected rows): each expected row is (values or None, reasons it may be rejected for)."""
    spend_family = draw(st.sampled_from([POINT, COMMA]))
    foreign_family = COMMA if spend_family is POINT else POINT
    count_style = COUNTS[draw(st.sampled_from(sorted(COUNTS)))]
    fmt = draw(st.sampled_from(DATE_FORMATS))
    n_good = draw(st.integers(min_value=3, max_value=8))
    kinds = ["good"] * n_good + draw(st.lists(st.sampled_from(["foreign", "huge", "negative", "bad_groups", "early",
                                                                 "late", "impossible"]), max_size=3))
    # at most one value of the other decimal format, so that the column's own format stays the majority
    if kinds.count("foreign") > 1:
        kinds = [k for k in kinds if k != "foreign"] + ["foreign"]
    kinds = draw(st.permutations(kinds))
    lines, expected = ["Datum;Kampagne;Kosten;Impressionen"], []
    for i, kind in enumerate(kinds):
        cents = draw(st.integers(min_value=0, max_value=10**10))
        count = draw(st.integers(min_value=0, max_value=10**8))
        day = draw(good_days)
        spend = draw(st.sampled_from(sorted(spend_family)))
        spend_text = spend_family[spend](cents)
        count_text = count_style(count)
        date_text = _date(day, fmt)
        if kind == "foreign":
            spend_text = foreign_family[draw(st.sampled_from(sorted(foreign_family)))](cents)
        elif kind == "huge":
            spend_text = spend_family[spend](draw(st.integers(min_value=10**14, max_value=10**20)))
        elif kind == "negative":
            spend_text = spend_family[spend](-max(cents, 1))
        elif kind == "bad_groups":
            count_text = f"{draw(st.integers(1, 999))}'{draw(st.integers(0, 999)):03d}'{draw(st.integers(0, 99))}"
        elif kind == "early":
            date_text = _date(draw(early_days), fmt)
        elif kind == "late":
            date_text = _date(draw(late_days), fmt)
        elif kind == "impossible":
            date_text = _date(dt.date(2025, 2, 28), fmt).replace("28", "31", 1)  # 31.02.2025
        lines.append(f"{date_text};K{i};{spend_text};{count_text}")
        reasons = {**SPEND_FAULTS, **COUNT_FAULTS, **DATE_FAULTS}.get(kind)
        expected.append(((pd.Timestamp(day), cents / 100, float(count)), None) if reasons is None
                        else (None, reasons))
    return "\n".join(lines) + "\n", expected


CONFIG = """\
name: Props AG
sources:
  campaigns:
    file: ads.csv
    columns: {date: Datum, campaign: Kampagne, spend: Kosten, impressions: Impressionen}
    constants: {channel: Test}
"""


@PROPS
@given(exports())
def test_every_written_value_loads_as_written_or_is_rejected_for_its_fault(rows_add_up, export):
    text, expected = export
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "company.yaml").write_text(CONFIG, encoding="utf-8")
        (folder / "ads.csv").write_text(text, encoding="utf-8")
        company = load_company(folder)
    rows_add_up(company)
    rejected = company.rejected
    codes = {row: set(group["code"]) for row, group in rejected.groupby("row")}
    for position, (values, reasons) in enumerate(expected):
        row = position + 2  # the header is line 1
        if values is None:
            assert row in codes, (row, reasons, text)
            assert codes[row] <= reasons, (row, codes[row], reasons, text)
        else:
            assert row not in codes, (row, codes.get(row), text)
    loaded = company.campaigns
    wanted = [v for v, _ in expected if v is not None]
    assert len(loaded) == len(wanted), text
    got = list(zip(loaded["date"].dt.normalize(), loaded["spend"], loaded["impressions"], strict=True))
    for (day, spend, count), (want_day, want_spend, want_count) in zip(got, wanted, strict=True):
        assert day == want_day, text
        assert spend == want_spend and count == want_count, (spend, want_spend, count, want_count, text)
    assert np.isfinite(loaded["spend"]).all()
