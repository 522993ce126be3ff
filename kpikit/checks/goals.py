"""SMART goals: what is missing, the baseline, and the status against the straight-line path.

A goal is SMART here when it has a statement, a KPI, a target, a grain (``per``) and a deadline.
Status is judged on complete periods only:

- ``achieved``: the latest value meets the target (direction-aware: CAC must be at or below it);
- ``on_track``: the latest value is at least as good as the straight line from baseline to target;
- ``at_risk``: behind the line by at most a quarter of the distance from baseline to target;
- ``off_track``: further behind, or the deadline has passed without reaching the target;
- ``unknown``: not SMART, or no value yet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpikit.company.config import Goal
from kpikit.kpis.registry import KPIS

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "unknown")
AT_RISK_SHARE = 0.25


def missing_parts(goal: Goal) -> list[str]:
    """The SMART parts a goal lacks: statement, kpi, target, per, deadline.

    >>> missing_parts(Goal(id="x", kpi="cac", target=500))
    ['statement', 'per', 'deadline']
    """
    parts = {"statement": goal.statement, "kpi": goal.kpi, "target": goal.target, "per": goal.per,
             "deadline": goal.deadline}
    return [name for name, value in parts.items() if value is None or value == ""]


@dataclass(frozen=True)
class GoalStatus:
    """Where a goal stands."""

    goal: Goal
    status: str
    baseline: float
    baseline_period: str | None
    actual: float
    actual_period: str | None
    expected: float
    projected: float
    periods: int
    reason: str | None = None

    def as_dict(self) -> dict:
        """Flat record for tables and JSON."""
        g = self.goal
        return {"goal": g.id, "statement": g.statement, "kpi": g.kpi, "per": g.per, "target": g.target,
                "deadline": g.deadline.isoformat() if g.deadline else None, "baseline": self.baseline,
                "baseline_period": self.baseline_period, "actual": self.actual, "actual_period": self.actual_period,
                "expected": self.expected, "projected": self.projected, "status": self.status,
                "periods": self.periods, "reason": self.reason}


def _meets(kpi: str, value: float, target: float) -> bool:
    return value >= target if KPIS[kpi].direction == "higher" else value <= target


def goal_status(company, goal: Goal, *, as_of=None) -> GoalStatus:
    """Judge one goal on the company's complete periods up to ``as_of`` (default: end of the data)."""
    from kpikit.kpis.engine import compute_kpis

    nan = math.nan
    missing = missing_parts(goal)
    if missing or goal.kpi not in KPIS:
        return GoalStatus(goal, "unknown", nan, None, nan, None, nan, nan, 0, "not_smart:" + ",".join(missing))
    series = complete_series(compute_kpis(company, goal.kpi, period=goal.per, by=goal.by), company, as_of,
                             segment=goal.segment)
    defined = series.dropna(subset=["value"])
    if defined.empty:
        return GoalStatus(goal, "unknown", nan, None, nan, None, nan, nan, 0, "no_value")
    first, last = defined.iloc[0], defined.iloc[-1]
    baseline = goal.baseline if goal.baseline is not None else float(first["value"])
    actual = float(last["value"])
    t0 = pd.Timestamp(first["period_end"])
    t1 = pd.Timestamp(last["period_end"])
    deadline = pd.Timestamp(goal.deadline)
    span = (deadline - t0).days
    share = 1.0 if span <= 0 else min(max((t1 - t0).days / span, 0.0), 1.0)
    expected = baseline + (goal.target - baseline) * share
    projected = _project(defined, deadline)
    higher = KPIS[goal.kpi].direction == "higher"
    if _meets(goal.kpi, actual, goal.target):
        status = "achieved"
    elif (as_of is not None and pd.Timestamp(as_of) > deadline) or t1 >= deadline:
        status = "off_track"
    else:
        behind = (expected - actual) if higher else (actual - expected)
        distance = abs(goal.target - baseline) or abs(goal.target) or 1.0
        status = "on_track" if behind <= 0 else "at_risk" if behind <= AT_RISK_SHARE * distance else "off_track"
    return GoalStatus(goal, status, baseline, str(first["period"]), actual, str(last["period"]), expected,
                      projected, len(defined))


def complete_series(frame: pd.DataFrame, company, as_of=None, *, segment=None) -> pd.DataFrame:
    """Rows of one segment whose period ended on or before ``as_of`` (or the company's period end)."""
    end = pd.Timestamp(as_of) if as_of is not None else company.period[1]
    sel = frame["segment"].map(lambda s: s == segment)
    rows = frame[sel]
    if end is not None:
        rows = rows[pd.to_datetime(rows["period_end"]) <= end]
    return rows.sort_values("period_start").reset_index(drop=True)


def _project(defined: pd.DataFrame, deadline: pd.Timestamp) -> float:
    """Straight-line (least squares) projection of the last up to 8 periods to the deadline."""
    tail = defined.tail(8)
    if len(tail) < 3:
        return math.nan
    x = (pd.to_datetime(tail["period_end"]) - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    y = tail["value"].to_numpy(dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    return float(intercept + slope * (deadline - pd.Timestamp("1970-01-01")).days)


def goal_statuses(company, *, as_of=None) -> pd.DataFrame:
    """Status of every goal of the company as a frame (one row per goal)."""
    rows = [goal_status(company, g, as_of=as_of).as_dict() for g in company.goals]
    return pd.DataFrame(rows, columns=[
        "goal", "statement", "kpi", "per", "target", "deadline", "baseline", "baseline_period", "actual",
        "actual_period", "expected", "projected", "status", "periods", "reason"])
