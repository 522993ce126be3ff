"""The date formats kpikit knows, and how a column's format and day/month order are found.

``infer_date_format`` picks the format that reads most of a column; ``decisive_order`` looks for a slash
date that proves day first or month first. ``kpikit.sources.parse.parse_dates`` reads with them.
"""

from __future__ import annotations

import pandas as pd

# Candidate formats; a tie goes to the earlier one. Day-first where ambiguous (DESIGN.md).
DATE_FORMATS = (
    "%d.%m.%Y",  # first: the Swiss export's own format, so the search usually stops at once
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%d-%m-%Y",
    "%Y%m%d",
    "%Y/%m/%d",
    "%b %d, %Y",
    "%d %b %Y",
)
# A UTC mark or offset after an ISO timestamp (2025-01-06T10:00:00Z, …+01:00): dropped, the wall time is kept.
_ZONE = r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s?(?:Z|UTC|[+-]\d{2}:?\d{2})$"
_HAS_ZONE = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?(?:Z|UTC|[+-]\d{2}:?\d{2})$"


def _try(text: pd.Series, fmt: str) -> pd.Series:
    return pd.to_datetime(text, format=fmt, errors="coerce")


DATE_ORDERS = ("dmy", "mdy")


def _formats(order: str | None) -> tuple[str, ...]:
    """The candidate formats allowed by a day/month order (``dmy``, ``mdy`` or None for both)."""
    if order == "dmy":
        return tuple(f for f in DATE_FORMATS if "%m/%d" not in f)
    if order == "mdy":
        return tuple(f for f in DATE_FORMATS if "%d/%m" not in f)
    return DATE_FORMATS


def date_order_of(fmt: str | None) -> str | None:
    """``dmy`` or ``mdy`` for a slash format that fixes the order, else None.

    >>> date_order_of("%m/%d/%Y"), date_order_of("%d/%m/%Y %H:%M"), date_order_of("%d.%m.%Y")
    ('mdy', 'dmy', None)
    """
    if not fmt or "/" not in fmt or fmt.startswith("%Y"):
        return None
    return "mdy" if fmt.startswith("%m/") else "dmy"


SLASH_DATE = r"^\s*(\d{1,2})/(\d{1,2})/\d{2,4}\b"


def order_of_format(fmt: str | None) -> str | None:
    """The day/month order a column's format stands for: ``dmy`` for 31.01.2025 as for 31/01/2025, None for ISO.

    A slash date in a dd.mm.yyyy column follows the column's order; an ISO column has none to give.

    >>> order_of_format("%d.%m.%Y"), order_of_format("%b %d, %Y"), order_of_format("%Y-%m-%d")
    ('dmy', 'mdy', None)
    """
    if not fmt or fmt.startswith("%Y"):
        return None
    return "mdy" if fmt.startswith(("%m", "%b")) else "dmy"


def decisive_order(text: pd.Series) -> str | None:
    """Scan a whole column for a slash date that proves the order (13/02/2025 or 02/13/2025).

    >>> decisive_order(pd.Series(["01/02/2025", "02/13/2025"])), decisive_order(pd.Series(["01/02/2025"]))
    ('mdy', None)
    """
    parts = text.dropna().astype("str").str.extract(SLASH_DATE).dropna()
    if parts.empty:
        return None
    first, second = parts[0].astype(int), parts[1].astype(int)
    day_first, month_first = bool((first > 12).any()), bool((second > 12).any())
    if day_first != month_first:
        return "dmy" if day_first else "mdy"
    return None


def infer_date_format(text: pd.Series, order: str | None = None) -> tuple[str | None, bool]:
    """Pick the format that reads most of ``text``; also say whether dd/mm vs mm/dd was undecidable.

    With ``order`` (``"dmy"`` or ``"mdy"``) only formats of that order are tried, and nothing is ambiguous.

    >>> infer_date_format(pd.Series(["13/01/2025", "02/03/2025"]))
    ('%d/%m/%Y', False)
    >>> infer_date_format(pd.Series(["1/13/2025", "2/3/2025"]))
    ('%m/%d/%Y', False)
    >>> infer_date_format(pd.Series(["01/02/2025"]))
    ('%d/%m/%Y', True)
    """
    fmt, ambiguous, _ = _infer(text, order)
    return fmt, ambiguous


def _infer(text: pd.Series, order: str | None) -> tuple[str | None, bool, frozenset]:
    """``infer_date_format`` plus the formats that cannot read any value (known when nothing was sampled out)."""
    sample = text.dropna()
    sample = sample[sample != ""]
    whole = len(sample) <= 2000
    if not whole:
        sample = pd.concat([sample.iloc[:1000], sample.iloc[1000 :: (len(sample) - 1000) // 1000 + 1]])
    if sample.empty:
        return None, False, frozenset()
    formats = _formats(order)
    scores = {}
    for fmt in formats:
        scores[fmt] = int(_try(sample, fmt).notna().sum())
        if scores[fmt] == len(sample) and not (date_order_of(fmt) and order is None):
            return fmt, False, frozenset()  # reads every value, and no later format can do better
    useless = frozenset(f for f, n in scores.items() if n == 0) if whole else frozenset()
    best = max(scores.values())
    if best == 0:
        return None, False, useless
    winners = [f for f in formats if scores[f] == best]
    fmt = winners[0]
    ambiguous = False
    if date_order_of(fmt):
        swapped = fmt.replace("%d/%m", "%m/%d") if fmt.startswith("%d/%m") else fmt.replace("%m/%d", "%d/%m")
        ambiguous = swapped in winners
    return fmt, ambiguous, useless
