"""The kit's one number style, for tables, charts, widgets, the command line and the report.

- Thousands with an apostrophe, decimals with a point (Swiss): ``4'391``, ``1'234.5``; in both languages.
- Negative numbers with a real minus sign (U+2212): ``−3``; changes always signed: ``+12 %``, ``−1 %``.
- Rates (fractions) as percent with one decimal and a space: ``30.3 %``; differences of rates in
  percentage points with one decimal: ``−14.2 Pkt.`` / ``−14.2 pts``.
- Money in whole units, ``CHF 63'459``, ``CHF 88``, ``CHF 0``; only amounts under 10 that are not whole
  keep their cents (a cost per click of ``CHF 1.45``).
- Counts as whole numbers: ``93``, never ``92.6``. Days with one decimal. Undefined values as ``–``.
- Dates as ``dd.mm.yyyy``; periods as ``2026-03``, ``2026-Q4``, ``2026``, ``KW 07/2026``.

Machine outputs (JSON, CSV, workbook cells) keep raw numbers; these functions are for text people read.

>>> money(1234.5), money(88.33), money(0.0), money(1.454)
("CHF 1'235", 'CHF 88', 'CHF 0', 'CHF 1.45')
>>> value(0.3684, "ratio"), value(92.6, "count"), value(float("nan"), "currency")
('36.8 %', '93', '–')
>>> number(-2.5), change_percent(-0.012), points(-0.142, "de")
('−3', '−1 %', '−14.2 Pkt.')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

from kpikit.core.errors import ConfigError
from kpikit.core.i18n import t

MINUS = "\u2212"  # the minus sign of displayed numbers; machine formats keep "-"
UNDEFINED = "–"  # an undefined value


def _undefined(x: object) -> bool:
    return x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def number(x: float, decimals: int = 0) -> str:
    """``1'234.5`` style: apostrophe thousands, point decimal, halves rounded up (commercial rounding).

    >>> number(1234.5), number(0.125, 2), number(-2.5), number(-0.4)
    ("1'235", '0.13', '−3', '0')
    """
    if _undefined(x) or x != x:
        return UNDEFINED
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # no "−0"
    text = f"{q:,.{decimals}f}".replace(",", "'")
    return MINUS + text[1:] if text.startswith("-") else text


def count(x: float) -> str:
    """A count as a whole number: ``4'391``; averages of counts are rounded (``92.6`` gives ``93``).

    >>> count(4391), count(92.6), count(float("nan"))
    ("4'391", '93', '–')
    """
    return number(x, 0)


def signed(x: float, decimals: int = 0) -> str:
    """A change with its sign: ``+12``, ``−3``, ``0``.

    >>> signed(12), signed(-2.54, 1), signed(0.0)
    ('+12', '−2.5', '0')
    """
    text = number(x, decimals)
    return text if text in (UNDEFINED,) or text.startswith(MINUS) or float(text.replace("'", "")) == 0 \
        else "+" + text


def percent(x: float, decimals: int = 1) -> str:
    """A fraction as percent: ``0.303`` gives ``30.3 %``.

    >>> percent(0.303), percent(1.0), percent(float("nan"))
    ('30.3 %', '100.0 %', '–')
    """
    return UNDEFINED if _undefined(x) or x != x else f"{number(x * 100, decimals)} %"


def change_percent(x: float) -> str:
    """A relative change (a fraction) as a signed whole percent: ``+12 %``, ``−1 %``, ``0 %``.

    >>> change_percent(0.1234), change_percent(-0.009), change_percent(float("nan"))
    ('+12 %', '−1 %', '–')
    """
    return UNDEFINED if _undefined(x) or x != x else f"{signed(x * 100, 0)} %"


def points(x: float, lang: str = "de", decimals: int = 1) -> str:
    """A difference of two rates (fractions) in percentage points: ``−14.2 Pkt.`` / ``−14.2 pts``.

    >>> points(-0.142, "de"), points(0.05, "en")
    ('−14.2 Pkt.', '+5.0 pts')
    """
    return UNDEFINED if _undefined(x) or x != x else f"{signed(x * 100, decimals)} {t('L_points', lang)}"


def money(x: float, currency: str = "CHF", decimals: int | None = None) -> str:
    """``CHF 1'234``: whole units; amounts under 10 that are not whole keep two decimals.

    ``decimals`` overrides the rule (for a table that must show cents throughout).

    >>> money(63459.2), money(88.33), money(0), money(1.454), money(-12.5), money(5, decimals=2)
    ("CHF 63'459", 'CHF 88', 'CHF 0', 'CHF 1.45', 'CHF −13', 'CHF 5.00')
    """
    if _undefined(x) or x != x:
        return UNDEFINED
    if decimals is None:
        decimals = 2 if abs(x) < 10 and not float(x).is_integer() and round(abs(x), 2) != 0 else 0
    return f"{currency} {number(x, decimals)}"


def value(x: float | None, unit: str, currency: str = "CHF", *, bounded: bool | None = None) -> str:
    """A KPI value for display; undefined values show as an en dash.

    Fractions (rates) show as percentages; a ratio that is not a fraction, such as CLV/CAC, as a
    plain number with two decimals. Pass ``bounded`` (the KPI's ``KPI.bounded``) to decide by the
    catalogue rather than by the value.

    >>> value(1.433, "ratio", bounded=False), value(0.02, "ratio", bounded=True), value(12.25, "days")
    ('1.43', '2.0 %', '12.3')
    >>> value(7.26, "months")  # durations in months, like days: one decimal, the unit named by the catalogue
    '7.3'
    """
    if _undefined(x) or x != x:
        return UNDEFINED
    if unit == "ratio":
        if bounded is None:
            bounded = x <= 1.5
        return percent(x) if bounded else number(x, 2)
    if unit == "currency":
        return money(x, currency)
    if unit in ("days", "months"):
        return number(x, 1)
    return count(x)


def change(current: float | None, previous: float | None, unit: str, *, bounded: bool | None = None,
           lang: str = "de") -> str:
    """The change from ``previous`` to ``current``: rates in points, everything else in percent.

    Undefined when either value is undefined, or (for a relative change) ``previous`` is 0.

    >>> change(0.228, 0.370, "ratio", bounded=True), change(3686, 2281, "currency"), change(5, 0, "count")
    ('−14.2 Pkt.', '+62 %', '–')
    """
    if _undefined(current) or _undefined(previous) or current != current or previous != previous:
        return UNDEFINED
    if unit == "ratio" and (bounded if bounded is not None else max(abs(current), abs(previous)) <= 1.5):
        return points(current - previous, lang)
    return UNDEFINED if previous == 0 else change_percent(current / previous - 1)


def date(d: object) -> str:
    """A date as ``dd.mm.yyyy``; missing gives ``–``.

    >>> date(dt.date(2026, 3, 9)), date(None)
    ('09.03.2026', '–')
    """
    if d is None or d != d:
        return UNDEFINED
    try:
        return d.strftime("%d.%m.%Y")
    except (AttributeError, ValueError):
        return UNDEFINED


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
