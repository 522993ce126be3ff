"""What company.yaml describes: a source (``SourceSpec``), a goal (``Goal``), and the checks of its values.

The dataclasses are frozen; ``read_config`` (``kpikit.company.config``) builds them. The helpers
here raise the one ``ConfigError`` for a value of the wrong type or an unknown key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kpikit.core.errors import ConfigError
from kpikit.core.text import near_miss
from kpikit.sources.parse import parse_numbers


@dataclass(frozen=True)
class SourceSpec:
    """One export file feeding one canonical table."""

    table: str
    file: str
    preset: str | None = None
    read: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Goal:
    """A goal as written in company.yaml; SMART-ness is judged by the checks, not here."""

    id: str
    statement: str | None = None
    kpi: str | None = None
    target: float | None = None
    per: str | None = None
    deadline: dt.date | None = None
    baseline: float | None = None
    segment: str | None = None
    by: str | None = None



def type_error(key: str, expected: str, got: Any) -> ConfigError:
    """The error for a company.yaml entry ``key`` that is not ``expected`` (bilingual text)."""
    shown = repr(got)
    shown = shown if len(shown) <= 80 else shown[:79] + "…"
    return ConfigError("CONFIG_TYPE", file="company.yaml", key=key, expected=expected, got=shown)


def unknown_key(key: str, section: str, allowed: tuple[str, ...] | list[str]) -> ConfigError:
    """The error for a key of ``section`` that is none of ``allowed``, with the near miss."""
    return ConfigError(
        "CONFIG_UNKNOWN_KEY", file="company.yaml", key=key, section=section, allowed=", ".join(allowed),
        suggestion=near_miss(key, list(allowed)),
    )


def text_value(value: Any, key: str) -> str | None:
    """A text of company.yaml (a name, an id, a statement): a string or a number, shown as text; None stays None.

    >>> text_value("Muster AG", "name"), text_value(2025, "goals[1].id"), text_value(None, "currency")
    ('Muster AG', '2025', None)

    Raises
    ------
    ConfigError
        For a list, a mapping or any other structure (``CONFIG_TYPE``).
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | dt.date) and not isinstance(value, bool):
        return str(value)
    raise type_error(key, "ein Text / a text", value)


def parse_date(value: Any, key: str) -> dt.date | None:
    """A date of company.yaml (a YAML date, ``2025-06-30`` or ``30.06.2025``); None stays None.

    >>> parse_date("30.06.2025", "period.end")
    datetime.date(2025, 6, 30)

    Raises
    ------
    ConfigError
        For anything else.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                pass
    raise type_error(key, "ein Datum wie 2025-06-30 / a date such as 2025-06-30", value)


def parse_number(value: Any, key: str) -> float | None:
    """A number of company.yaml: 40, 0.25, ``"1'200"`` or ``"25%"`` (0.25); None stays None.

    >>> parse_number("25%", "goals[1].target"), parse_number("1'200", "goals[1].target")
    (0.25, 1200.0)

    Raises
    ------
    ConfigError
        For anything else (a bool included).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise type_error(key, "eine Zahl / a number", value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        parsed, bad = parse_numbers(pd.Series([value.replace("%", "")], dtype="str"))
        if not bad.iloc[0]:
            number = float(parsed.iloc[0])
            return number / 100 if "%" in value else number
    raise type_error(key, "eine Zahl / a number", value)
