"""Vectorised parsing of Swiss, German and ISO numbers and dates.

Each parser takes a column of raw values (text from CSV, or mixed Python objects from a
workbook) and returns the parsed values plus a boolean mask of values that were present but
could not be read. Empty cells are missing, not invalid.

>>> import pandas as pd
>>> values, bad = parse_numbers(pd.Series(["1'234.50", "CHF 1'234.–", "auf Anfrage", ""]))
>>> values.tolist()[:2], bad.tolist()
([1234.5, 1234.0], [False, False, True, False])
>>> parse_numbers(pd.Series(["1.234,50", "12,5"]))[0].tolist()
[1234.5, 12.5]
>>> dates, bad, fmt = parse_dates(pd.Series(["01.02.2025", "31.02.2025"]))
>>> str(dates[0].date()), bad.tolist(), fmt
('2025-02-01', [False, True], '%d.%m.%Y')
>>> flags, bad = parse_bools(pd.Series(["Ja", "no", "TRUE", "1", "", "vielleicht"]))
>>> flags.tolist(), bad.tolist()
([True, False, True, True, <NA>, <NA>], [False, False, False, False, False, True])
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kpikit.sources.dateformats import (  # noqa: F401  (re-exported: the parsers' one address)
    _HAS_ZONE,
    _ZONE,
    DATE_FORMATS,
    DATE_ORDERS,
    SLASH_DATE,
    _formats,
    _infer,
    _try,
    date_order_of,
    decisive_order,
    infer_date_format,
    order_of_format,
)
from kpikit.sources.schema import BOOL_VALUES

# Currency marks, spaces and thousands separators a Swiss or German export may carry.
_CURRENCY = r"(?i)\b(?:CHF|SFr|Fr|EUR|USD)\b\.?|[€$]"
_SPACES = "[\\s\u00a0\u202f\u2009]"
_APOSTROPHES = "['\u2019\u02bc\u00b4`]"
_DASH_ZERO = r"[-\u2013\u2014]+$"  # after the decimal mark: "1'234.–" means 1'234.00
_MINUS = "[\u2212\u2013]"

_COMMA_DECIMAL = r"^[-+]?[\d.'\u2019 ]*\d,\d{1,2}$|^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$"
# An apostrophe votes for a decimal point ("1'234"), unless the value ends in a decimal comma ("1'234,50").
_POINT_DECIMAL = r"^[-+]?[\d,'\u2019 ]*\d\.\d{1,2}$|^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$|^[^,]*['\u2019][^,]*$"


_PLAIN_NUMBER = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"
_SWISS_NUMBER = r"^[-+]?\d{1,3}(?:'\d{3})+(?:\.\d*)?$"  # 12'450.00, the Swiss export's own way
# A German whole number with points between groups of three digits: 12.345, 1.234.567 (not 0.125).
_DOT_GROUPS = r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+"


DISTINCT_ROWS = 10_000  # from this many values on, dates and amounts are parsed once per distinct value


def distinct(values: pd.Series, *, at_least: int | None = None) -> tuple[np.ndarray, pd.Series] | None:
    """``(codes, uniques)`` of a long Arrow-backed text column with few distinct values, else None.

    Parsing a million dates or amounts that take a thousand distinct values is a thousand parses:
    parse ``uniques``, then ``result[codes]``. ``codes`` points one past the end of ``uniques`` for a
    missing value. Only pays (and is only offered) when at most half the values are distinct.

    >>> codes, uniques = distinct(pd.Series(["b", "a", None, "b"], dtype="str"), at_least=0)
    >>> codes.tolist(), uniques.tolist()
    ([0, 1, 2, 0], ['b', 'a'])
    """
    arr = getattr(values.array, "_pa_array", None)
    if arr is None or len(values) < (DISTINCT_ROWS if at_least is None else at_least):
        return None
    # A cheap look at the head first: a column of all-different amounts costs a full encoding for nothing.
    head = arr.slice(0, 20_000)
    if len(head) >= 1000 and pc.count_distinct(head).as_py() > len(head) // 2:
        return None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    encoded = pc.dictionary_encode(arr)
    if len(encoded.dictionary) > len(values) // 2:
        return None
    codes = pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy(zero_copy_only=False)
    return codes, pd.Series(encoded.dictionary.to_pylist(), dtype="str")


def _to_float(text: pd.Series) -> pd.Series:
    """Text to float64, NaN where the text is neither a plain number nor a Swiss 12'450.00 (vectorised in Arrow)."""
    arr = getattr(text.array, "_pa_array", None)
    if arr is None:
        ok = text.str.match(_PLAIN_NUMBER) | text.str.match(_SWISS_NUMBER)
        clean = text.where(ok.fillna(False).astype(bool)).str.replace("'", "", regex=False)
        return pd.to_numeric(clean, errors="coerce").astype("float64")
    ok = pc.or_(pc.match_substring_regex(arr, _PLAIN_NUMBER), pc.match_substring_regex(arr, _SWISS_NUMBER))
    clean = pc.replace_substring(pc.if_else(ok, arr, pa.scalar(None, arr.type)), "'", "")
    values = pc.cast(clean, pa.float64()).to_numpy(zero_copy_only=False)
    return pd.Series(values, index=text.index, dtype="float64")


def as_text(values: pd.Series) -> pd.Series:
    """Values as stripped strings; missing stays missing.

    >>> as_text(pd.Series([" a ", None, 3])).tolist()
    ['a', nan, '3']
    """
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        return values.str.strip()
    out = values.astype("str").str.strip()
    return out.mask(values.isna())


def dot_thousands(text: pd.Series) -> bool:
    """Whether the points in a column without commas separate thousands, as in German counts.

    Every value with a point must read as groups of three digits (12.345, 1.234.567), as German
    exports write counts and whole amounts. A single value such as 1.5, 12.50 or 0.125 shows that
    the point is a decimal point.

    >>> dot_thousands(pd.Series(["12.345", "800", "1.234.567", "EUR 2.000"]))
    True
    >>> [dot_thousands(pd.Series(v)) for v in (["12.345", "1.5"], ["0.125"], ["7"])]
    [False, False, False]
    """

    def verdict(part: pd.Series) -> bool | None:
        dotted = part[part.str.contains(".", regex=False).fillna(False).to_numpy(dtype=bool)]
        if dotted.empty:
            return None
        clean = dotted.str.replace(_CURRENCY, "", regex=True).str.replace(_SPACES, "", regex=True)
        return bool(clean.str.fullmatch(_DOT_GROUPS).all())

    head = verdict(text.iloc[:2000])  # most columns answer within their first values
    if head is False or len(text) <= 2000:
        return bool(head)
    return verdict(text) is True


def detect_decimal(text: pd.Series) -> str:
    """Guess the decimal mark of a column of number texts: ``"."`` or ``","``.

    >>> detect_decimal(pd.Series(["1.234,50", "99,90"]))
    ','
    >>> detect_decimal(pd.Series(["1'234.50", "12"]))
    '.'
    """
    sample = text.dropna()
    if len(sample) > 5000:
        sample = sample.iloc[:: len(sample) // 5000 + 1]
    # "EUR 1.234,50" and "1.234,50 CHF" decide like "1.234,50".
    sample = sample.str.replace(_CURRENCY, "", regex=True).str.replace(_SPACES, "", regex=True)
    comma = int(sample.str.contains(_COMMA_DECIMAL, regex=True).sum())
    point = int(sample.str.contains(_POINT_DECIMAL, regex=True).sum())
    return "," if comma > point else "."


def number_format(decimal: str, thousands: str | None = None) -> tuple[str, tuple[str, ...], str]:
    """The number format of a column: its decimal mark, the thousands marks it allows, an example.

    With a decimal point, thousands may be grouped by apostrophes (1'234.50), commas (1,234.50) or
    spaces; with a decimal comma by points (1.234,50), apostrophes or spaces. A ``thousands`` mark
    given in company.yaml is the only one allowed (``""``: none).

    >>> number_format("."), number_format(",", "."), number_format(".", "")
    (('.', (',', "'", ' '), "1'234.50"), (',', ('.',), '1.234,50'), ('.', (), '1234.50'))
    """
    if thousands is None:
        marks = (",", "'", " ") if decimal == "." else (".", "'", " ")
        return decimal, marks, "1'234.50" if decimal == "." else "1.234,50"
    mark = re.sub(_APOSTROPHES, "'", re.sub(_SPACES, " ", thousands))
    return decimal, (mark,) if mark else (), f"1{mark}234{decimal}50"


def _pattern(decimal: str, marks: tuple[str, ...]) -> str:
    """A number in one format, signs and marks normalised: digits grouped by threes with one mark, or not at all.

    >>> import re
    >>> [bool(re.fullmatch(_pattern(",", (".", "'")), v)) for v in ("1.234,5", "-1'234", "1.5", "1.234'567", "2e3")]
    [True, True, False, False, False]
    """
    d = re.escape(decimal)
    grouped = "|".join(rf"\d{{1,3}}(?:{re.escape(m)}\d{{3}})+" for m in marks if m != decimal)
    exponent = r"(?:[eE][-+]?\d+)?" if decimal == "." else ""  # 1.5E+06 from Excel; never after a comma
    ungrouped = rf"(?:\d+(?:{d}\d*)?|{d}\d+){exponent}"
    return rf"^[-+]?(?:(?:{grouped})(?:{d}\d*)?|{ungrouped})$" if grouped else rf"^[-+]?{ungrouped}$"


def _normalise(text: pd.Series, decimal: str) -> pd.Series:
    """Number texts without currency marks, with one kind of apostrophe and space, and the sign in front.

    ``1'234.–`` and ``12,–`` (whole francs, in the column's decimal mark) lose the dash, ``450.00-`` and the
    accounting ``(1'234.50)`` become negative. Texts of digits, marks and a leading minus only (most of a
    German column) are left as they are, which saves the replacements.
    """
    plain = text.str.fullmatch(r"-?[\d.,']+").fillna(False).to_numpy(dtype=bool)
    if plain.all():
        return text
    if plain.any():
        out = text.copy()
        out[~plain] = _normalise(text[~plain], decimal)
        return out
    text = text.str.replace(_CURRENCY, "", regex=True).str.replace(_SPACES + "+", " ", regex=True).str.strip()
    text = text.str.replace(re.escape(decimal) + _DASH_ZERO, "", regex=True)
    text = text.str.replace(_MINUS, "-", regex=True).str.replace(_APOSTROPHES, "'", regex=True)
    text = text.str.replace(r"^\( ?(.*?) ?\)$", r"-\1", regex=True)
    text = text.str.replace(r"^([^-+].*?) ?-$", r"-\1", regex=True)
    return text.str.replace(r"^([-+]) ", r"\1", regex=True)


def parse_numbers(
    values: pd.Series, *, decimal: str | None = None, thousands: str | None = None
) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written the Swiss, German or plain way, every value in the column's one format.

    Parameters
    ----------
    values : Series
        Raw values: text, numbers or a mix (as read from a workbook).
    decimal, thousands : str, optional
        Decimal mark and thousands separator. Detected from the column when not given.

    Returns
    -------
    (Series of float64, Series of bool)
        The numbers, and the mask of non-empty values that are not numbers in the column's format
        (``number_format``): a value written another way (``1.5`` among ``1.234,50``, ``1'234,50``
        among ``1'234.50``, badly grouped ``1'234'5``) is flagged, never read at another scale.
        ``attrs["number_format"]`` holds the decimal mark and an example, for the message. When
        neither mark is given and the column has no commas but reads as German thousands
        (``dot_thousands``), the points are taken as thousands separators and ``attrs["thousands_dot"]``
        is set, so that the reader can say so.
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        out = values.astype("float64")
        return out, pd.Series(False, index=values.index)
    shared = distinct(values)
    if shared is not None:  # a long column of few distinct amounts: parse each once
        codes, uniques = shared
        out_u, bad_u = parse_numbers(uniques, decimal=decimal, thousands=thousands)
        out = pd.Series(np.append(out_u.to_numpy(), np.nan)[codes], index=values.index, dtype="float64")
        out.attrs.update(out_u.attrs)
        return out, pd.Series(np.append(bad_u.to_numpy(dtype=bool), False)[codes], index=values.index)
    if values.dtype == object:
        numeric = pd.to_numeric(values.where(values.map(_is_number)), errors="coerce")
    else:
        numeric = None
    text = as_text(values)
    empty = text.isna() | (text == "")
    grouped = False
    if decimal is None and thousands in (".", ","):
        decimal = "," if thousands == "." else "."
    elif decimal is None and text.str.contains(",", regex=False).any():
        decimal = detect_decimal(text[~empty])  # "1.234" means 1234 in a column of "1.234,50"
    elif decimal is None and thousands is None and dot_thousands(
            text if numeric is None else text.where(numeric.isna())):  # text cells, not workbook numbers
        decimal, grouped = ",", True  # 12.345 impressions, not 12.345
    dec, marks, example = number_format(decimal or ".", thousands)
    # Fast path: plain numbers such as 1234.5 or -12, and Swiss amounts such as 12'450.00.
    if dec == "." and thousands is None:
        out = _to_float(text)
    else:
        out = pd.Series(np.nan, index=values.index, dtype="float64")
    if numeric is not None:
        out = out.fillna(numeric.astype("float64"))
    todo = out.isna() & ~empty
    if todo.any():
        rest = _normalise(text[todo], dec)
        rest = rest.where(rest.str.fullmatch(_pattern(dec, marks)).fillna(False).astype(bool))
        if marks:
            rest = rest.str.replace("[" + re.escape("".join(marks)) + "]", "", regex=True)
        if dec != ".":
            rest = rest.str.replace(dec, ".", regex=False)
        out[todo] = pd.to_numeric(rest, errors="coerce").astype("float64")
    out = out.mask(np.isinf(out.to_numpy()))  # "inf", "Infinity" and 1e999 are not amounts
    bad = out.isna() & ~empty
    out = out.astype("float64")
    out.attrs["number_format"] = {"decimal": dec, "example": example}
    if grouped:
        out.attrs["thousands_dot"] = True
    return out, bad


def _is_number(v: object) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)


def parse_dates(
    values: pd.Series, *, date_format: str | None = None, order: str | None = None
) -> tuple[pd.Series, pd.Series, str | None]:
    """Parse dates, day-first where ambiguous.

    Parameters
    ----------
    values : Series
        Text such as ``31.01.2025``, ``2025-01-31`` or ``20250131``, or datetime values from a workbook.
    date_format : str, optional
        A ``strftime`` format. Inferred from the values when not given; values that do not fit the
        main format are tried against the other known formats.
    order : {"dmy", "mdy"}, optional
        Day/month order of slash dates such as ``01/02/2025``. Without it, an undecidable column is
        read day first (the loader refuses to guess and asks for the order instead).

    Returns
    -------
    (Series of datetime64, Series of bool, str or None)
        Timezone-naive dates, the mask of non-empty values that are not dates, and the format used.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) is not None else values
        return out.astype("datetime64[us]"), pd.Series(False, index=values.index), None
    shared = distinct(values)
    if shared is not None:  # a long column of few distinct dates: parse each once
        codes, uniques = shared
        out_u, bad_u, fmt = parse_dates(uniques, date_format=date_format, order=order)
        out = pd.Series(np.append(out_u.to_numpy(dtype="datetime64[us]"), np.datetime64("NaT", "us"))[codes],
                        index=values.index, dtype="datetime64[us]")
        if "other_order" in out_u.attrs:
            out.attrs = {**out_u.attrs, "other_order": np.append(out_u.attrs["other_order"], False)[codes]}
        return out, pd.Series(np.append(bad_u.to_numpy(dtype=bool), False)[codes], index=values.index), fmt
    native = None
    if values.dtype == object:
        is_dt = values.map(lambda v: isinstance(v, dt.date))
        if is_dt.any():
            native = pd.to_datetime(values.where(is_dt), errors="coerce")
    text = as_text(values)
    empty = text.isna() | (text == "")
    head = text.iloc[:1000].dropna()
    if len(head) and head.str.contains(_HAS_ZONE, regex=True).any():
        text = text.str.replace(_ZONE, r"\1", regex=True)
    if native is not None:
        text = text.mask(native.notna())
    fmt = date_format
    useless: frozenset = frozenset()
    if fmt is None:
        fmt, _, useless = _infer(text[~empty & (native.isna() if native is not None else True)], order)
    out = _try(text, fmt) if fmt else pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    if native is not None:
        out = out.fillna(native)
    todo = out.isna() & ~empty
    flipped = None
    if todo.any() and date_format is None:
        # One day/month order for the whole column: the one given, else the column's own (a slash date
        # among 31.01.2025 is day first), else the one its slash dates prove, else day first.
        rank = order or order_of_format(fmt) or decisive_order(text[todo]) or "dmy"
        for other in _formats(rank):
            if other == fmt or other in useless or not todo.any():
                continue
            out[todo] = _try(text[todo], other)
            todo = out.isna() & ~empty
        if todo.any():  # dates that only read with day and month swapped: say so
            swapped = [f for f in _formats("mdy" if rank == "dmy" else "dmy") if date_order_of(f)
                       and date_order_of(f) != rank]
            hit = pd.Series(False, index=text.index)
            for f in swapped:
                hit[todo] = hit[todo] | _try(text[todo], f).notna()
            if hit.any():
                flipped = hit.to_numpy(dtype=bool)
    bad = out.isna() & ~empty
    out = out.astype("datetime64[us]")
    if flipped is not None:
        good = text[out.notna()]
        out.attrs = {"other_order": flipped, "order_example": good.iloc[0] if len(good) else "31.01.2025"}
    return out, bad, fmt


def parse_bools(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse yes/no flags: 1/0, true/false, yes/no, y/n, ja/nein, j/n, wahr/falsch (any case, trimmed).

    Parameters
    ----------
    values : Series
        Raw values: text, workbook booleans or the numbers 1 and 0.

    Returns
    -------
    (Series of "boolean", Series of bool)
        True/False, missing (``<NA>``) for an empty cell, and the mask of non-empty values that are
        none of the flags above (a value map in company.yaml says what they mean).
    """
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean"), pd.Series(False, index=values.index)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped: list[object] = []
    for u in uniques:
        if isinstance(u, bool | np.bool_):
            mapped.append(bool(u))
        elif _is_number(u) and float(u) in (0.0, 1.0):
            mapped.append(float(u) == 1.0)
        else:
            mapped.append(BOOL_VALUES.get(str(u).strip().casefold(), None if str(u).strip() else "empty"))
    flags = np.array([m if isinstance(m, bool) else None for m in mapped] + [None], dtype=object)[codes]
    bad = np.array([m is None for m in mapped] + [False], dtype=bool)[codes]
    return pd.Series(pd.array(flags, dtype="boolean"), index=values.index), pd.Series(bad, index=values.index)
