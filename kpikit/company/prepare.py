"""Fit a source to the file just read: column alternatives, report totals and footers, date and decimal marks.

``prepare_source`` runs after the reader and before validation (``kpikit.company.ingest``). Rows a
preset recognises as report totals or as the report's footer are not data: they are listed in
``Raw.skipped``, never silently dropped.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import numpy as np
import pandas as pd

from kpikit.company.config_sources import pick_column
from kpikit.company.spec import SourceSpec
from kpikit.core.errors import DataError
from kpikit.core.text import near_miss
from kpikit.sources.parse import parse_dates, parse_numbers
from kpikit.sources.presets import PRESETS
from kpikit.sources.raw import Raw
from kpikit.sources.read import header_is_data
from kpikit.sources.schema import COUNT, DATE, MONEY, TABLES, Table


def prepare_source(spec: SourceSpec, raw: Raw, display: str) -> tuple[SourceSpec, Raw]:
    """Fit a source to the file just read: resolve column alternatives and skip report total rows.

    A list of alternatives (as presets write them) resolves to the first column present; when none is
    present, an optional column is left out and a required one raises ``DataError`` naming the
    alternatives, the columns present and the near miss. A single name with ``*`` is a pattern. Plain
    names stay as they are (the loader checks them). Rows of a preset's ``summary_rows`` are dropped.
    Orders with an ``order_total`` and no revenue column of their own take their revenue from the total
    (counted once per order, ``kpikit.company.lines``).
    """
    present = [str(c) for c in raw.frame.columns]
    table = TABLES[spec.table]
    columns: dict[str, Any] = {}
    for name, wanted in spec.columns.items():
        if not isinstance(wanted, list) and not (isinstance(wanted, str) and "*" in wanted):
            columns[name] = wanted
            continue
        hit = pick_column(wanted, present)
        if hit is not None:
            columns[name] = hit
            continue
        alternatives = [wanted] if isinstance(wanted, str) else wanted
        if name in spec.constants or name not in table.required:
            continue
        suggestion = next((m for m in (near_miss(a.replace("*", ""), present) for a in alternatives) if m), None)
        header_is_data(raw, display, [a.replace("*", "") for a in alternatives])
        raise DataError(
            "PRESET_COLUMN_MISSING", file=display, column=name, table=spec.table,
            preset=spec.preset or "company.yaml",
            alternatives=" | ".join(alternatives),
            columns_present=[str(c) for c in raw.header], suggestion=suggestion,
        )
    if (spec.table == "orders" and "order_total" in columns and "revenue" not in columns
            and "revenue" not in {c.strip().casefold() for c in present}):
        columns["revenue"] = columns["order_total"]  # the order's total is its revenue, counted once per order
    read = spec.read
    if spec.preset in PRESETS:
        prefixes = PRESETS[spec.preset].get("summary_rows")
        if prefixes and len(raw.frame):
            raw = drop_summary_rows(raw, prefixes, table=table, columns=columns)
        markers = PRESETS[spec.preset].get("footer")
        if markers and raw.ragged:
            raw = _drop_footer(raw, markers)
        if markers and len(raw.frame):
            raw = _drop_footer_rows(raw, markers)
        if PRESETS[spec.preset].get("dates") == "month_first" and "date_format" not in read:
            fmt = _month_first_format(raw.frame, table, columns)
            if fmt:
                read = {**read, "date_format": fmt}
        if "decimal" not in read and _decimal_comma(raw.frame, table, columns):
            # A German-locale export (Google Ads de-DE: "2.438" impressions, "132,94" cost): read every number
            # of the file that way, so that "2.438" is two thousand and not two.
            read = {**read, "decimal": ",", "thousands": "."}
    return SourceSpec(spec.table, spec.file, spec.preset, read, columns, spec.values, spec.constants), raw


def _drop_footer(raw: Raw, markers: tuple[str, ...]) -> Raw:
    """``raw`` without a report's closing lines (Salesforce: "Confidential Information - Do Not Distribute", …).

    Only one-field lines count, from the first one that starts with a marker to the end of the file;
    anything else stays a ragged row, reported as such.
    """
    folded = tuple(m.casefold() for m in markers)
    start = next((row for row, got, _, text in raw.ragged
                  if got <= 1 and text.strip().strip('"').casefold().startswith(folded)), None)
    if start is None or (len(raw.rows) and raw.rows.max() > start):
        return raw
    tail = [r for r in raw.ragged if r[0] >= start]
    if any(got > 1 for _, got, _, _ in tail):
        return raw
    skipped = raw.skipped + [(row, "footer", text.strip().strip('"')) for row, _, _, text in tail]
    return dataclasses.replace(raw, ragged=[r for r in raw.ragged if r[0] < start], skipped=skipped)


def _drop_footer_rows(raw: Raw, markers: tuple[str, ...]) -> Raw:
    """The same for closing lines that the reader kept as short rows (one field filled, the rest empty).

    From the first row whose only filled field starts with a marker, every following row must have at
    most one filled field; otherwise nothing is dropped and validation reports the rows.
    """
    frame = raw.frame
    folded = tuple(m.casefold() for m in markers)
    text = frame.astype(object).where(frame.notna(), "").astype(str)
    filled = text.apply(lambda c: c.str.strip().ne(""))
    counts = filled.sum(axis=1).to_numpy()
    first = text.iloc[:, 0].str.strip().str.strip('"').str.casefold()
    hits = [i for i in range(len(frame)) if counts[i] <= 1 and first.iloc[i].startswith(folded)]
    if not hits:
        return raw
    start = hits[0]
    # the blank line before the footer belongs to it
    while start > 0 and counts[start - 1] == 0:
        start -= 1
    if (counts[start:] > 1).any():
        return raw
    skipped = raw.skipped + [(int(raw.rows[i]), "footer", " ".join(v.strip() for v in text.iloc[i] if v.strip()))
                             for i in range(start, len(frame)) if counts[i]]
    return dataclasses.replace(raw, frame=frame.iloc[:start].reset_index(drop=True), rows=raw.rows[:start],
                               skipped=skipped)


def _mapped(frame: pd.DataFrame, table: Table, columns: dict, kind: str) -> list[str]:
    """The file's columns that feed the canonical columns of ``kind`` (mapped by one name)."""
    return [source for col in table.columns if col.kind == kind
            and isinstance(source := columns.get(col.name), str) and source in frame]


_US_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def _month_first_format(frame: pd.DataFrame, table: Table, columns: dict) -> str | None:
    """``%m/%d/%Y`` when every date of the file is written m/d/yyyy (LinkedIn), so short ranges are not misread.

    >>> t = TABLES["campaigns"]
    >>> _month_first_format(pd.DataFrame({"D": ["3/1/2025", "3/2/2025"]}), t, {"date": "D"})
    '%m/%d/%Y'
    >>> _month_first_format(pd.DataFrame({"D": ["2025-03-01"]}), t, {"date": "D"}) is None
    True
    """
    seen = False
    for source in _mapped(frame, table, columns, DATE):
        values = frame[source].dropna().astype("str").str.strip()
        values = values[values != ""]
        if len(values) and not values.map(lambda v: bool(_US_DATE.match(v))).all():
            return None
        seen = seen or bool(len(values))
    return "%m/%d/%Y" if seen else None


_COMMA_DECIMAL = re.compile(r"^[^\d]*-?\d{1,3}(?:\.\d{3})*,\d{1,2}\s*-?$")
_POINT_DECIMAL = re.compile(r"^[^\d]*-?[\d'’,]*\d\.\d{1,2}\s*-?$")


def _decimal_comma(frame: pd.DataFrame, table: Table, columns: dict) -> bool:
    """Whether the money columns of the file write decimals with a comma (and never with a point).

    >>> t = TABLES["campaigns"]
    >>> _decimal_comma(pd.DataFrame({"Kosten": ["132,94", "1.023,39"]}), t, {"spend": "Kosten"})
    True
    >>> _decimal_comma(pd.DataFrame({"Kosten": ["131.18", "1'022.00"]}), t, {"spend": "Kosten"})
    False
    """
    comma = False
    for source in _mapped(frame, table, columns, MONEY):
        sample = frame[source].dropna().astype("str").head(500)
        if sample.map(lambda v: bool(_POINT_DECIMAL.match(v.strip()))).any():
            return False
        comma = comma or bool(sample.map(lambda v: bool(_COMMA_DECIMAL.match(v.strip()))).any())
    return comma


_DATE_LIKE = r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}(?:[ T].*)?|\d{4}/\d{2}/\d{2}"


def drop_summary_rows(raw: Raw, prefixes: tuple[str, ...], *, table: Table | None = None,
                      columns: dict | None = None) -> Raw:
    """``raw`` without its report total rows; a row named like one but not shaped like one stays data.

    A candidate's first filled cell reads ``Gesamt: …`` / ``Total: …``, or is the name alone (GA4's
    ``Grand total``). It is a total only when it looks like one as a whole: no date (in the mapped date
    columns; without a mapping, in no cell) and nothing but candidates before or after it (the opening or
    closing block of the report), or its amounts and counts equal the sums of the other rows. A campaign
    called "Total: Awareness Frühling" with its date and its own spend is data.
    """
    pattern = r"^\s*(?:" + "|".join(re.escape(p) for p in prefixes) + r")\s*(?::|$)"
    first = None
    for col in raw.frame.columns:
        cell = raw.frame[col].astype("str").where(raw.frame[col].notna())
        first = cell if first is None else first.fillna(cell)
    named = first.fillna("").str.match(pattern, case=False).to_numpy(dtype=bool) if first is not None else None
    if named is None or not named.any():
        return raw
    total = named & ((_undated(raw.frame, named, table, columns) & (_at_end(named) | _at_end(named[::-1])[::-1]))
                     | _sums_match(raw.frame, named, table, columns))
    if not total.any():
        return raw
    frame = raw.frame[~total].reset_index(drop=True)
    skipped = raw.skipped + [(int(row), "summary", str(text).strip())
                             for row, text in zip(raw.rows[total], first[total], strict=True)]
    return dataclasses.replace(raw, frame=pd.DataFrame(frame), rows=raw.rows[~total], skipped=skipped)


def _at_end(named: np.ndarray) -> np.ndarray:
    """The candidates after the last other row (the closing block of the report)."""
    others = np.flatnonzero(~named)
    end = np.zeros(len(named), dtype=bool)
    end[(others[-1] + 1 if len(others) else 0):] = True
    return end


def _undated(frame: pd.DataFrame, named: np.ndarray, table: Table | None, columns: dict | None) -> np.ndarray:
    """Rows without a date: in the mapped date columns, or (without a mapping) in any cell."""
    sources = _mapped(frame, table, columns, DATE) if table is not None and columns else []
    dated = np.zeros(len(frame), dtype=bool)
    rows = frame[named]
    for col in sources or list(frame.columns):
        text = rows[col].astype("str").where(rows[col].notna()).str.strip()
        if sources:
            hit = parse_dates(text.reset_index(drop=True))[0].notna().to_numpy()
        else:
            hit = text.str.fullmatch(_DATE_LIKE).fillna(False).to_numpy(dtype=bool)
        dated[np.flatnonzero(named)[hit]] = True
    return ~dated


def _sums_match(frame: pd.DataFrame, named: np.ndarray, table: Table | None, columns: dict | None) -> np.ndarray:
    """Candidates whose every amount and count equals the sum of the other rows (cents of rounding allowed)."""
    match = np.zeros(len(frame), dtype=bool)
    if table is None or not columns or named.all():
        return match
    sources = _mapped(frame, table, columns, MONEY) + _mapped(frame, table, columns, COUNT)
    if not sources:
        return match
    match[:] = True
    seen = np.zeros(len(frame), dtype=bool)
    for col in sources:
        values = parse_numbers(frame[col].reset_index(drop=True))[0].to_numpy()
        data = values[~named]
        expected = np.nansum(data)
        given = ~np.isnan(values)
        tolerance = 0.005 * np.count_nonzero(~np.isnan(data)) + 0.01 + 1e-6 * abs(expected)
        match &= ~given | (np.abs(values - expected) <= tolerance)
        seen |= given
    return match & seen & named
