"""Phase 1, goals: where each candidate KPI stands, the goals of company.yaml and what they lack to be SMART."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import run_checks
from kpikit.checks.goals import complete_series, goal_status, missing_parts
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.views.phases.common import SOURCE_KPIS, L, findings_table, last_quarters

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kpikit.company.model import Company


def baselines(company: Company, kpis: Sequence[str] | None = None, *, lang: str = "de",
              as_of=None) -> pd.DataFrame:
    """Each candidate KPI over the last four complete quarters and in the last quarter.

    Parameters
    ----------
    company : Company
        The company.
    kpis : sequence of str, optional
        KPI ids; default the KPIs the source text names (``SOURCE_KPIS``) and the company's own.
    lang : {"de", "en"}
        Language of headers, names and notes.
    as_of : date-like, optional
        Cut-off date; later periods are incomplete. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        One row per KPI: name, value over the last four quarters and in the last quarter (formatted
        with ``KPI.show``), the better direction and why a value is missing. Without a complete
        quarter the table is empty.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> company = Company.from_frames(deals=deals, period=half_year)
    >>> baselines(company, ["close_rate", "new_customers"], lang="en").iloc[:, :4].values.tolist()
    [['Close rate', '50.0 %', '50.0 %', 'higher'], ['New customers', '2', '1', 'higher']]
    """
    kpis = list(kpis or dict.fromkeys([*SOURCE_KPIS, *company.kpis, *own_table_kpis(company, lang)]))
    span = last_quarters(company, as_of)
    rows = []
    if span is None and getattr(company, "undated", ()):
        return _whole_list(company, kpis, lang)
    if span is None:
        return pd.DataFrame(columns=[L("kpi", lang), L("last_year", lang), L("last_quarter", lang),
                                     L("direction", lang), L("note", lang)])
    year = compute_kpis(company, kpis, period="all", start=span[0], end=span[1], lang=lang)
    quarters = compute_kpis(company, kpis, period="quarter", lang=lang)
    for k in kpis:
        y = year[year["kpi"] == k].iloc[0]
        q = complete_series(quarters[quarters["kpi"] == k], company, as_of)
        last = q.iloc[-1] if len(q) else None
        rows.append({
            L("kpi", lang): KPIS[k].name(lang),
            L("last_year", lang): KPIS[k].show(y["value"], company.currency),
            L("last_quarter", lang): KPIS[k].show(last["value"], company.currency) if last is not None else "–",
            L("direction", lang): L(KPIS[k].direction, lang),
            L("note", lang): y["note"] or "",
        })
    return pd.DataFrame(rows)


def own_table_kpis(company: Company, lang: str = "de") -> list[str]:
    """The computable KPIs of the company's tables that no KPI of the source text reads (traffic, customers).

    A company that exports only web analytics or a customer list sees its own figures beside the
    source's six KPIs, not six dashes.
    """
    read = {name for k in SOURCE_KPIS for need in KPIS[k].tables for name in need.split("|")}
    own = [k for k in KPIS if any(name in company.tables and name not in read
                                  for need in KPIS[k].tables for name in need.split("|"))]
    if not own:
        return []
    overall = compute_kpis(company, own, period="all", lang=lang)
    return [k for k in own if not isinstance(overall.loc[overall["kpi"] == k, "missing"].iloc[0], str)]


def _whole_list(company: Company, kpis: list[str], lang: str) -> pd.DataFrame:
    """``baselines`` of data without dates: each KPI over the whole list, no quarter."""
    whole = compute_kpis(company, kpis, period="all", lang=lang)
    rows = []
    for k in kpis:
        r = whole[whole["kpi"] == k].iloc[0]
        rows.append({L("kpi", lang): KPIS[k].name(lang),
                     L("whole_list", lang): KPIS[k].show(r["value"], company.currency),
                     L("direction", lang): L(KPIS[k].direction, lang), L("note", lang): r["note"] or ""})
    return pd.DataFrame(rows)


def goals_table(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The goals of company.yaml with what they lack to be SMART, and where they stand.

    Parameters
    ----------
    company : Company
        The company; its ``goals``.
    lang : {"de", "en"}
        Language of headers and values.
    as_of : date-like, optional
        Cut-off date for the goal status. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        One row per goal: id, statement, KPI, target, grain, deadline, the SMART parts missing,
        baseline, actual value and status (``goal_status``). Without goals one row that says so.

    Examples
    --------
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> goal = Goal(id="g1", statement="Win more", kpi="close_rate", target=0.6, per="quarter")
    >>> table = goals_table(Company.from_frames(deals=deals, goals=[goal]), lang="en")
    >>> table[["Goal", "Target", "Missing for SMART"]].values.tolist()
    [['g1', '60.0 %', 'deadline']]
    >>> goals_table(Company.from_frames(deals=deals), lang="en").iloc[0].tolist()
    ['–', 'No goals defined in company.yaml yet.']
    """
    rows = []
    for g in company.goals:
        status = goal_status(company, g, as_of=as_of)
        unit_kpi = g.kpi if g.kpi in KPIS else None

        def show(x, k=unit_kpi):
            return KPIS[k].show(x, company.currency) if k and x is not None and not (
                isinstance(x, float) and math.isnan(x)) else "–"

        rows.append({
            L("goal", lang): g.id, L("statement", lang): g.statement or "–",
            L("kpi", lang): KPIS[g.kpi].name(lang) if unit_kpi else "–",
            L("target", lang): show(g.target), L("per", lang): t(f"grain1_{g.per}", lang) if g.per else "–",
            L("deadline", lang): g.deadline.strftime("%d.%m.%Y") if g.deadline else "–",
            L("smart_missing", lang): ", ".join(missing_parts(g)) or "–",
            L("baseline", lang): show(status.baseline), L("actual", lang): show(status.actual),
            L("status", lang): t(f"status_{status.status}", lang),
        })
    if not rows:  # say so, rather than show an empty table
        return pd.DataFrame([{L("goal", lang): "–", L("statement", lang): L("no_goals", lang)}])
    return pd.DataFrame(rows)


def goal_findings(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """What the goals of company.yaml lack to be SMART; with no goals at all, that they are missing.

    Parameters
    ----------
    company : Company
        The company.
    lang : {"de", "en"}
        Language of headers and texts.
    as_of : date-like, optional
        Cut-off date of the checks. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        The findings GOAL_NOT_SMART and GOAL_WITHOUT_KPI of ``run_checks`` as a ``findings_table``;
        without goals one row: no goals, and how to add them.

    Examples
    --------
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> goal = Goal(id="g1", statement="Win more", kpi="close_rate", target=0.6, per="quarter")
    >>> goal_findings(Company.from_frames(deals=deals, goals=[goal]), lang="en")["Finding"].tolist()
    ['Goal not SMART']
    """
    if not company.goals:
        return pd.DataFrame([{L("finding", lang): L("no_goals", lang),
                              L("recommendation", lang): L("add_goals", lang)}])
    return findings_table([f for f in run_checks(company, as_of=as_of)
                           if f.code in ("GOAL_NOT_SMART", "GOAL_WITHOUT_KPI")], lang=lang,
                          empty=L("no_goal_findings", lang))


__all__ = ["baselines", "goal_findings", "goals_table"]
