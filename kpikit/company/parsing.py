"""What parsing could not read, and what it read but cannot be: the parse-stage rejections.

``collect_parse_failures`` rejects the values a parser flagged (``INVALID_NUMBER`` naming the column's
number format, ``INVALID_DATE``, ``EXCEL_SERIAL_DATE``, ``DATE_OTHER_ORDER``); ``implausible_numbers``
rejects amounts and counts no SME has (``IMPLAUSIBLE_NUMBER``). The codes are the ``Reason`` members
of ``kpikit.company.rules``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.company.collect import Collector
from kpikit.company.rules import Reason
from kpikit.core.fmt import number
from kpikit.sources.schema import BOOL, COUNT, DATE, MONEY, Column

FLAGS = "1/0, true/false, yes/no, y/n, ja/nein, j/n, wahr/falsch"  # the flags of schema.BOOL_VALUES
MAX_NUMBER = 1e12  # no amount or count of an SME comes near; 1e308 or an id in the wrong field does


def excel_serials(values: pd.Series, bad: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Which unparseable dates are Excel serial numbers (45678 = 21.01.2025), and the date each stands for.

    A cell that lost its date format in Excel shows the day count since 1899-12-30; 20000 to 80000
    covers 1954 to 2119, so an amount or an id is not mistaken for one.

    >>> excel_serials(pd.Series(["45678", "31.02.2025", "45678.5"]), np.array([True, True, True]))
    (array([ True, False,  True]), ['21.01.2025', '', '21.01.2025'])
    """
    text = values.astype("str").str.strip()
    number_ = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}(?:[.,]\d+)?").fillna(False)).str.replace(",", "."),
                            errors="coerce")
    serial = bad & number_.between(20000, 80000).fillna(False).to_numpy(dtype=bool)
    base = pd.Timestamp("1899-12-30")
    shown = [(base + pd.Timedelta(days=int(number_.iloc[i]))).strftime("%d.%m.%Y") if serial[i] else ""
             for i in range(len(values))]
    return serial, shown


def collect_parse_failures(collected: Collector, column: Column, values: pd.Series, bad: pd.Series,
                           parsed: pd.Series | None = None) -> None:
    """Reject the values of ``column`` that parsing could not read (and no cell rule rejected before).

    A date that is an Excel serial number says which date it stands for (``EXCEL_SERIAL_DATE``), a
    month-first slash date in a day-first column says so (``DATE_OTHER_ORDER``); a number names the
    format the column was read in (``parsed.attrs["number_format"]``).
    """
    mask = bad.to_numpy() & ~collected.unreadable(column.name)
    collected.mark_unreadable(column.name, mask)
    attrs = parsed.attrs if parsed is not None else {}
    if column.kind == DATE and mask.any():
        serial, shown = excel_serials(values, mask)
        if serial.any():
            collected.collect_error(serial, Reason.EXCEL_SERIAL_DATE, column.name, values, date=shown)
            mask = mask & ~serial
        other = attrs.get("other_order")
        if other is not None:
            other = mask & np.asarray(other, dtype=bool)
            collected.collect_error(other, Reason.DATE_OTHER_ORDER, column.name, values,
                                    example=attrs.get("order_example", "31/01/2025"))
            mask = mask & ~other
    if column.kind == DATE:
        collected.collect_error(mask, Reason.INVALID_DATE, column.name, values)
        return
    if column.kind == BOOL or attrs.get("flag"):  # a flag the kit does not know: the fix is a value map
        collected.collect_error(mask, Reason.INVALID_VALUE, column.name, values, allowed=FLAGS, example="true")
        return
    fmt = attrs.get("number_format") or {"decimal": ".", "example": "1'234.50"}
    collected.collect_error(mask, Reason.INVALID_NUMBER, column.name, values, **fmt)


def implausible_numbers(collected: Collector, column: Column, values: pd.Series, parsed: pd.Series) -> pd.Series:
    """Reject amounts and counts of ``MAX_NUMBER`` or more (1e308, an id in the wrong field).

    Returns ``parsed`` without them, so that they count as unreadable, not as missing or negative.

    >>> from kpikit.sources.schema import TABLES
    >>> c = Collector("deals", "d.csv", np.array([2, 3]), {})
    >>> amount = TABLES["deals"].column("amount")
    >>> implausible_numbers(c, amount, pd.Series(["12", "1e308"]), pd.Series([12.0, 1e308])).tolist()
    [12.0, nan]
    >>> [p.code for p in c.problems]
    ['IMPLAUSIBLE_NUMBER']
    """
    if column.kind not in (MONEY, COUNT) or not len(parsed):
        return parsed
    v = parsed.to_numpy()
    huge = (v >= MAX_NUMBER) | (v <= -MAX_NUMBER)  # NaN is neither
    if not huge.any():
        return parsed
    huge &= ~collected.unreadable(column.name)
    collected.collect_error(huge, Reason.IMPLAUSIBLE_NUMBER, column.name, values, limit=number(MAX_NUMBER))
    collected.mark_unreadable(column.name, huge)
    return parsed.mask(pd.Series(huge, index=parsed.index))
