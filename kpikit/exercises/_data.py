"""The demo company for the exercises: loaded lazily, once per process.

Expected answers are computed from ``demo()``, which learners never receive; learners work on
``company()``, a copy whose tables they may change without moving the expected answers.
"""

from __future__ import annotations

import dataclasses
import functools


@functools.cache
def demo():
    """The demo company Bürokafi Muster AG (``datasets/demo``), as kpikit loads it; loaded on first use."""
    from kpikit import demo_path, load_company

    return load_company(demo_path())


@functools.cache
def _learner_company():
    original = demo()
    return dataclasses.replace(original, tables={k: v.copy() for k, v in original.tables.items()})


def company():
    """The learners' copy of the demo company (same data, tables copied once)."""
    return _learner_company()


def kpi(kpi_id: str, period: str, *, grain: str, by: str | None = None, segment: str | None = None,
        company=None) -> tuple[float, float, float]:
    """(value, numerator, denominator) of one KPI in one period (and segment) from the kpikit engine.

    ``period`` is the ISO date the period starts on, e.g. ``"2025-01-01"`` for 2025 at ``grain="year"``.
    """
    from kpikit import compute_kpis

    frame = compute_kpis(company if company is not None else demo(), kpi_id, period=grain, by=by)
    row = frame[(frame["period"] == period) & frame["segment"].map(lambda s: s == segment)]
    if len(row) != 1:
        raise LookupError(f"Got kpi={kpi_id!r}, period={period!r}, segment={segment!r}: {len(row)} rows.")
    r = row.iloc[0]
    return float(r["value"]), float(r["numerator"]), float(r["denominator"])


def between(dates, start: str, end: str):
    """Boolean mask: ``start <= date < end`` (end exclusive), for whole-period filters."""
    import pandas as pd

    return (dates >= pd.Timestamp(start)) & (dates < pd.Timestamp(end))
