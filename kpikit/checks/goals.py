"""SMART goals: what is missing, the baseline, and the status against the straight-line path.

A goal is SMART here when it has a statement, a KPI, a target, a grain (``per``) and a deadline.
Status is judged on complete periods only:

- ``achieved``: the latest value meets the target (direction-aware: CAC must be at or below it);
- ``on_track``: the latest value is at least as good as the straight line from baseline to target;
- ``at_risk``: behind the line by at most a quarter of the distance from baseline to target;
- ``off_track``: further behind, or the deadline has passed without reaching the target;
- ``unknown``: not SMART, or no value yet.

``check_goals`` turns the goals that are not SMART, off track or at risk into findings.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpikit.checks.findings import Finding, kpi_names
from kpikit.company.spec import Goal
from kpikit.core import fmt
from kpikit.core.i18n import LANGS, t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.periods import complete_periods
from kpikit.kpis.registry import KPIS

if TYPE_CHECKING:
    from kpikit.company.model import Company

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "unknown")
AT_RISK_SHARE = 0.25
COLUMNS = ["goal", "statement", "kpi", "per", "target", "deadline", "baseline", "baseline_period", "actual",
           "actual_period", "expected", "projected", "status", "periods", "reason"]


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


def goal_status(company: Company, goal: Goal, *, as_of: str | dt.date | None = None) -> GoalStatus:
    """Judge one goal on the company's complete periods up to ``as_of``.

    Parameters
    ----------
    company : Company
        The company whose data measure the goal.
    goal : Goal
        The goal; one that is not SMART gets the status ``unknown``.
    as_of : str or date, optional
        Cut-off date; periods ending after it are left out. Default: the end of the data.

    Returns
    -------
    GoalStatus
        With the baseline (the goal's own or the first complete value), the latest value and the
        value expected today on the straight line from baseline to target:
        ``expected = baseline + (target - baseline) * share``, where ``share`` is the time elapsed
        from the first to the latest period end as a fraction of the time from the first period end
        to the deadline (clipped to 0..1). Behind the line by at most ``AT_RISK_SHARE`` of
        ``|target - baseline|`` is ``at_risk``; further behind is ``off_track``. ``projected``
        extends a least-squares line through the last up to 8 values to the deadline.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c", "d", "e"],
    ...                       "status": ["won", "lost", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-01-10", "2025-01-20", "2025-02-11", "2025-03-12", "2025-03-20"]})
    >>> goal = Goal(id="abschluss", statement="Abschlussrate 60 % bis Ende Jahr", kpi="close_rate", target=0.6,
    ...             per="month", deadline=pd.Timestamp("2025-12-31").date())
    >>> company = Company.from_frames(deals=deals, goals=[goal], period=("2025-01-01", "2025-03-31"))
    >>> status = goal_status(company, goal)
    >>> status.status, status.baseline, status.actual, round(status.expected, 3), status.periods
    ('at_risk', 0.5, 0.5, 0.518, 3)
    """
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


def complete_series(frame: pd.DataFrame, company: Company, as_of: str | dt.date | None = None, *,
                    segment: str | None = None, immature: bool = False) -> pd.DataFrame:
    """The complete, mature periods of one segment of a ``compute_kpis`` table, oldest first.

    Periods flagged ``immature`` (leads too young to have converted, ``kpikit.kpis.maturity``) are left
    out unless ``immature=True``: goals, checks and diagnoses judge mature periods only, and charts ask
    for them to draw them apart.

    Parameters
    ----------
    frame : pandas.DataFrame
        A ``compute_kpis`` table (columns ``segment``, ``period_start``, ``period_end`` …).
    company : Company
        Gives the end of the data when ``as_of`` is None.
    as_of : str or date, optional
        Cut-off date: rows whose ``period_end <= as_of`` stay (``kpikit.kpis.periods.complete_periods``).
    segment : str, optional
        The segment to keep; None keeps the overall rows.
    immature : bool
        Keep the immature periods too.

    Returns
    -------
    pandas.DataFrame
        The rows kept, sorted by ``period_start``, with a fresh index.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company, compute_kpis
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-10", "2025-02-11", "2025-03-12"]})
    >>> company = Company.from_frames(deals=deals)
    >>> frame = compute_kpis(company, "close_rate", period="month")
    >>> complete_series(frame, company)["period"].tolist()
    ['2025-01-01', '2025-02-01']
    >>> complete_series(frame, company, "2025-03-31")["period"].tolist()
    ['2025-01-01', '2025-02-01', '2025-03-01']
    """
    end = pd.Timestamp(as_of) if as_of is not None else company.period[1]
    mine = frame["segment"].map(lambda s: s == segment).astype(bool)  # an empty frame: still a row mask
    rows = complete_periods(frame.loc[mine], end, company=company)
    if not immature and "immature" in rows:
        rows = rows[~rows["immature"].astype(bool)]
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


def goal_statuses(company: Company, *, as_of: str | dt.date | None = None) -> pd.DataFrame:
    """The status of every goal of the company, one row per goal (``goal_status`` of each).

    Parameters
    ----------
    company : Company
        The company; its ``goals`` are judged in order.
    as_of : str or date, optional
        Cut-off date for complete periods. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        Columns goal, statement, kpi, per, target, deadline, baseline, baseline_period, actual,
        actual_period, expected, projected, status, periods and reason.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c", "d"], "status": ["won", "lost", "won", "won"],
    ...                       "closed_at": ["2025-01-10", "2025-01-20", "2025-02-11", "2025-03-12"]})
    >>> goals = [Goal(id="abschluss", statement="Abschlussrate 60 % bis Juni", kpi="close_rate", target=0.6,
    ...               per="month", deadline=pd.Timestamp("2025-06-30").date()),
    ...          Goal(id="vage", kpi="close_rate")]
    >>> company = Company.from_frames(deals=deals, goals=goals, period=("2025-01-01", "2025-03-31"))
    >>> goal_statuses(company)[["goal", "actual", "status"]]
            goal  actual    status
    0  abschluss     1.0  achieved
    1       vage     NaN   unknown
    >>> goal_statuses(company)["reason"].iloc[1]
    'not_smart:statement,target,per,deadline'
    """
    rows = [goal_status(company, g, as_of=as_of).as_dict() for g in company.goals]
    return pd.DataFrame(rows, columns=COLUMNS)


def check_goals(company: Company, *, as_of: str | dt.date | None = None) -> list[Finding]:
    """Goals that are not SMART (``GOAL_NOT_SMART``), off track (``GOAL_OFF_TRACK``) or at risk (``GOAL_AT_RISK``).

    Parameters
    ----------
    company : Company
        The company; each of its goals is judged with ``goal_status``.
    as_of : str or date, optional
        Cut-off date for complete periods. Default: the end of the data.

    Returns
    -------
    list of Finding
        A warning for each goal that lacks a SMART part or is off track, an info for each goal at
        risk; the evidence of a status finding is ``GoalStatus.as_dict()``.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c", "d", "e"],
    ...                       "status": ["won", "lost", "lost", "lost", "lost"],
    ...                       "closed_at": ["2025-01-10", "2025-01-20", "2025-02-11", "2025-03-12", "2025-03-20"]})
    >>> goals = [Goal(id="abschluss", statement="Abschlussrate 60 % bis April", kpi="close_rate", target=0.6,
    ...               per="month", deadline=pd.Timestamp("2025-04-30").date()),
    ...          Goal(id="vage", kpi="close_rate", target=0.5)]
    >>> company = Company.from_frames(deals=deals, goals=goals, period=("2025-01-01", "2025-03-31"))
    >>> [(f.code, f.severity) for f in check_goals(company)]
    [('GOAL_OFF_TRACK', 'warning'), ('GOAL_NOT_SMART', 'warning')]
    >>> check_goals(company)[1].message("en")
    "The goal 'vage' is not SMART: it lacks statement, per and deadline."
    """
    out: list[Finding] = []
    for g in company.goals:
        missing = missing_parts(g)
        if missing:
            out.append(Finding("GOAL_NOT_SMART", "warning", g.kpi, {
                "goal": g.id, "missing": {lang: _join(missing, lang) for lang in LANGS}},
                {"goal": g.id, "missing": missing}))
            continue
        status = goal_status(company, g, as_of=as_of)
        if status.status in ("off_track", "at_risk"):
            unit = KPIS[g.kpi].unit
            params = {"goal": g.id, "name": kpi_names([g.kpi]),
                      "actual": fmt.value(status.actual, unit, company.currency),
                      "period": fmt.period_label(status.actual_period, g.per),
                      "expected": fmt.value(status.expected, unit, company.currency),
                      "target": fmt.value(g.target, unit, company.currency),
                      "deadline": g.deadline.strftime("%d.%m.%Y")}
            code = "GOAL_OFF_TRACK" if status.status == "off_track" else "GOAL_AT_RISK"
            out.append(Finding(code, "warning" if code == "GOAL_OFF_TRACK" else "info", g.kpi, params,
                               status.as_dict()))
    return out


def _join(items: list[str], lang: str) -> str:
    """``a, b and c`` in ``lang``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]
