"""The demo company for the exercises, and what the questions compute from it: loaded lazily, once.

Expected answers are computed from ``demo()``, which learners never receive; learners work on
``company()``, a copy whose tables they may change without moving the expected answers.
"""

from __future__ import annotations

import dataclasses
import functools

import pandas as pd

from kpikit import Company, compute_kpis, demo_path, load_company, run_checks
from kpikit.checks import Finding

PAID = ("Google Ads", "Meta Ads", "LinkedIn Ads", "Newsletter")  # the demo company's paid channels
NEW_PROCESS = ("2026-07-01", "2026-09-30")  # the three months since the demo company's new sales process


@functools.cache
def demo() -> Company:
    """The demo company Bürokafi Muster AG (``datasets/demo``), as kpikit loads it; loaded on first use."""
    return load_company(demo_path())


@functools.cache
def _learner_company() -> Company:
    original = demo()
    return dataclasses.replace(original, tables={k: v.copy() for k, v in original.tables.items()})


def company() -> Company:
    """The learners' copy of the demo company (same data, tables copied once)."""
    return _learner_company()


def kpi(kpi_id: str, period: str, *, grain: str, by: str | None = None, segment: str | None = None,
        company: Company | None = None) -> tuple[float, float, float]:
    """(value, numerator, denominator) of one KPI in one period (and segment) from the kpikit engine.

    ``period`` is the ISO date the period starts on, e.g. ``"2025-01-01"`` for 2025 at ``grain="year"``.
    """
    frame = compute_kpis(company if company is not None else demo(), kpi_id, period=grain, by=by)
    row = frame[(frame["period"] == period) & frame["segment"].map(lambda s: s == segment)]
    if len(row) != 1:
        raise LookupError(f"Got kpi={kpi_id!r}, period={period!r}, segment={segment!r}: {len(row)} rows.")
    r = row.iloc[0]
    return float(r["value"]), float(r["numerator"]), float(r["denominator"])


def between(dates: pd.Series, start: str, end: str) -> pd.Series:
    """Boolean mask: ``start <= date < end`` (end exclusive), for whole-period filters.

    >>> between(pd.Series(pd.to_datetime(["2024-12-31", "2025-01-01", "2026-01-01"])), "2025-01-01",
    ...         "2026-01-01").tolist()
    [False, True, False]
    """
    return (dates >= pd.Timestamp(start)) & (dates < pd.Timestamp(end))


def campaign_rows(start: str, end: str, channel: str | None = None) -> pd.DataFrame:
    """The demo company's campaign rows from ``start`` to ``end`` (exclusive), of one channel or all."""
    c = demo().campaigns
    rows = c[between(c["date"], start, end)]
    return rows if channel is None else rows[rows["channel"] == channel]


@functools.cache
def channel_kpis(year: str) -> pd.DataFrame:
    """CAC, new customers, reach, impressions and leads per channel of the demo company in ``year`` (engine).

    ``year`` is the ISO date the year starts on, e.g. ``"2025-01-01"``.
    """
    frame = compute_kpis(demo(), ["cac", "new_customers", "reach", "impressions", "leads"], period="year",
                         by="channel")
    return frame[frame["period"] == year]


@functools.cache
def findings() -> tuple[Finding, ...]:
    """Every check and diagnosis of the demo company (kpikit ``run_checks``), computed once."""
    return tuple(run_checks(demo()))


@functools.cache
def new_process() -> Company:
    """The demo company cut to the three months since the new sales process (July–September 2026)."""
    full = demo()
    start, end = NEW_PROCESS
    end_excl = (pd.Timestamp(end) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    dates = {"leads": "created_at", "deals": "created_at"}
    tables = {name: full.tables[name][between(full.tables[name][col], start, end_excl)].copy()
              for name, col in dates.items()}
    return dataclasses.replace(full, tables=tables, period=(pd.Timestamp(start), pd.Timestamp(end)), goals=(),
                               kpis=("close_rate", "leads", "new_customers"))
