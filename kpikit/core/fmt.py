"""Formatting numbers the Swiss way for tables, charts and reports.

>>> money(1234.5)
"CHF 1'235"
>>> value(0.3684, "ratio")
'36.8 %'
>>> value(float("nan"), "currency")
'–'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

from kpikit.core.errors import ConfigError
from kpikit.core.i18n import t


def number(x: float, decimals: int = 0) -> str:
    """``1'234.5`` style: apostrophe thousands, point decimal, halves rounded up (commercial rounding).

    >>> number(1234.5), number(0.125, 2), number(-2.5)
    ("1'235", '0.13', '-3')
    """
    if x != x or x in (float("inf"), float("-inf")):
        return "–"
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{q:,.{decimals}f}".replace(",", "'")


def money(x: float, currency: str = "CHF", decimals: int = 0) -> str:
    """``CHF 1'234``."""
    return f"{currency} {number(x, decimals)}"


def value(x: float | None, unit: str, currency: str = "CHF", *, bounded: bool | None = None) -> str:
    """A KPI value for display; undefined values show as an en dash.

    Fractions (rates) show as percentages; a ratio that is not a fraction, such as CLV/CAC, as a
    plain number. Pass ``bounded`` (the KPI's ``KPI.bounded``) to decide by the catalogue rather than
    by the value.

    >>> value(1.433, "ratio", bounded=False), value(0.02, "ratio", bounded=True)
    ('1.43', '2.0 %')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if unit == "ratio":
        if bounded is not None:
            return f"{x * 100:.1f} %" if bounded else f"{x:.2f}"
        return f"{x * 100:.1f} %" if x <= 1.5 else f"{x:.2f}"
    if unit == "currency":
        return money(x, currency, 0 if abs(x) >= 100 else 2)
    if unit == "days":
        return number(x, 1)
    return number(x, 0 if float(x).is_integer() else 1)


def period_label(period: str, grain: str, lang: str = "de") -> str:
    """A period as people say it: 2025-03, 2025-Q1, 2025, KW 07/2025 (``all`` stays as it is).

    >>> period_label("2026-07-01", "quarter")
    '2026-Q3'
    """
    if period == "all" or grain == "all":
        return t("period_all", lang)
    d = dt.date.fromisoformat(str(period)[:10])
    if grain == "month":
        return f"{d.year}-{d.month:02d}"
    if grain == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if grain == "year":
        return str(d.year)
    year, week, _ = d.isocalendar()
    return t("period_week", lang, week=week, year=year)


def neutralise(text: object) -> object:
    """Defuse spreadsheet formula injection: text starting with = + - @ gets a leading apostrophe.

    >>> neutralise("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralise(-5)
    -5
    """
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def parse_as_of(value: object) -> str | None:
    """A cut-off date as ISO text: ``2026-09-30`` or the Swiss ``30.09.2026``; empty gives ``None``.

    Dates and timestamps are accepted as they are. Anything else raises ``ConfigError`` BAD_AS_OF
    rather than guessing: ``pd.Timestamp("01.09.2026")`` would read the 9th of January.

    >>> parse_as_of("30.9.2026"), parse_as_of("2026-09-30"), parse_as_of("")
    ('2026-09-30', '2026-09-30', None)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date):  # also datetime and pandas Timestamp
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    text = str(value).strip()
    swiss = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if swiss:
            day, month, year = map(int, swiss.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _bad(text)
    except ValueError:
        return _bad(text)


def _bad(text: str):
    raise ConfigError("BAD_AS_OF", value=text)
