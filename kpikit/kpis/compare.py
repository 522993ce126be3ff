"""Compare KPI values with the previous period, the same period last year and the goal's target.

``better`` columns are direction-aware: for CAC a fall is an improvement.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.kpis.context import CompanyLike
from kpikit.kpis.definition import HIGHER
from kpikit.kpis.registry import KPIS

COMPARE_COLUMNS = [
    "previous", "change", "change_pct", "better",
    "last_year", "change_yoy", "change_yoy_pct", "better_yoy",
    "target", "target_gap", "target_met",
]


def _better(kpi: str, old: pd.Series, new: pd.Series) -> pd.Series:
    higher = KPIS[kpi].direction == HIGHER
    out = pd.Series(pd.NA, index=new.index, dtype="boolean")
    known = old.notna() & new.notna() & (old != new)
    up = new > old
    out[known] = (up if higher else ~up)[known]
    return out


def _with(frame: pd.DataFrame, other: pd.DataFrame, prefix: str) -> pd.DataFrame:
    keys = ["kpi", "segment_key", "period_start"]
    merged = frame.merge(other[[*keys, "value"]].rename(columns={"value": prefix}), on=keys, how="left")
    return merged


def add_comparisons(frame: pd.DataFrame, company: CompanyLike | None = None) -> pd.DataFrame:
    """Add comparison columns to a ``compute_kpis`` frame.

    ``change = value - previous`` and ``change_pct = change / |previous|`` (NaN where ``previous`` is 0);
    the same against last year. ``better`` is True when the change is an improvement given the KPI's
    direction (for CAC a fall), False when it is a deterioration and NA when there is nothing to compare.

    Parameters
    ----------
    frame : DataFrame
        From ``compute_kpis``, at one grain.
    company : Company, optional
        Its ``goals`` at the frame's grain (a goal without ``per`` for ``period="all"``) give the targets.

    Returns
    -------
    DataFrame
        ``frame`` with the columns ``previous, change, change_pct, better`` (against the previous period),
        ``last_year, change_yoy, change_yoy_pct, better_yoy`` (same period a year earlier) and
        ``target, target_gap, target_met`` (NaN and NA without a goal).

    Examples
    --------
    >>> import kpikit
    >>> deals = pd.DataFrame({"deal_id": list("abcd"), "status": ["won", "lost", "won", "won"],
    ...                       "closed_at": ["2025-01-05", "2025-01-06", "2025-02-01", "2025-02-02"]})
    >>> c = kpikit.Company.from_frames(deals=deals)
    >>> out = add_comparisons(kpikit.compute_kpis(c, "close_rate", period="month"))
    >>> print(out[["period", "value", "previous", "change", "better"]].to_string(index=False))
        period  value  previous  change  better
    2025-01-01    0.5       NaN     NaN    <NA>
    2025-02-01    1.0       0.5     0.5    True
    """
    if frame.empty:
        return frame.assign(**{c: pd.Series(dtype=float) for c in COMPARE_COLUMNS})
    out = frame.copy()
    out["segment_key"] = out["segment"].map(lambda s: "\x00" if s is None else s)
    out["period_start"] = pd.to_datetime(out["period_start"])
    grain = _grain(out)
    if grain == "all":
        for col in ("previous", "change", "change_pct", "last_year", "change_yoy", "change_yoy_pct"):
            out[col] = np.nan
        out["better"] = out["better_yoy"] = pd.Series(pd.NA, index=out.index, dtype="boolean")
    else:
        starts = np.sort(out["period_start"].unique())
        prev_of = dict(zip(starts[1:], starts[:-1], strict=True))
        shifted = out[["kpi", "segment_key", "period_start", "value"]].copy()
        nxt = {v: k for k, v in prev_of.items()}
        shifted["period_start"] = shifted["period_start"].map(nxt)
        out = _with(out, shifted.dropna(subset=["period_start"]), "previous")
        yoy = out[["kpi", "segment_key", "period_start", "value"]].copy()
        yoy["period_start"] = yoy["period_start"] + pd.DateOffset(years=1)
        if grain == "week":
            yoy["period_start"] = yoy["period_start"] - pd.to_timedelta(
                (yoy["period_start"].dt.day_of_week), unit="D")
        out = _with(out, yoy, "last_year")
        for base, suffix in (("previous", ""), ("last_year", "_yoy")):
            out[f"change{suffix}"] = out["value"] - out[base]
            with np.errstate(divide="ignore", invalid="ignore"):
                pct = out[f"change{suffix}"] / out[base].abs()
            out[f"change{suffix}_pct"] = pct.where(out[base] != 0)
            out[f"better{suffix}"] = pd.concat(
                [_better(k, g[base], g["value"]) for k, g in out.groupby("kpi", sort=False)]
            ).reindex(out.index)
    out["target"] = np.nan
    if company is not None:
        for goal in getattr(company, "goals", ()):
            if goal.kpi and goal.target is not None and (goal.per == grain or (grain == "all" and not goal.per)):
                sel = (out["kpi"] == goal.kpi) & (out["segment"].isna() if goal.segment is None
                                                  else out["segment"] == goal.segment)
                out.loc[sel, "target"] = goal.target
    out["target_gap"] = out["value"] - out["target"]
    higher = out["kpi"].map(lambda k: KPIS[k].direction == HIGHER)
    met = np.where(higher, out["value"] >= out["target"], out["value"] <= out["target"])
    out["target_met"] = pd.Series(met, index=out.index, dtype="boolean").where(
        out["value"].notna() & out["target"].notna(), pd.NA)
    return out.drop(columns=["segment_key"])


def _grain(frame: pd.DataFrame) -> str:
    if (frame["period"] == "all").all():
        return "all"
    starts = pd.Series(np.sort(pd.to_datetime(frame["period_start"]).unique()))
    if len(starts) < 2:
        ends = pd.to_datetime(frame["period_end"]).iloc[0]
        days = (ends - starts.iloc[0]).days + 1
    else:
        days = (starts.iloc[1] - starts.iloc[0]).days
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    if days <= 92:
        return "quarter"
    return "year"
