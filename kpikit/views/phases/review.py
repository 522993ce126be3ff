"""Phases 6 and 7, review and adjust: the diagnoses, a proposed KPI set and goals, and the next 30 days."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import run_checks
from kpikit.checks.goals import goal_status, missing_parts
from kpikit.core.i18n import t
from kpikit.kpis.registry import KPIS
from kpikit.views.phases.common import L, findings_table

if TYPE_CHECKING:
    from kpikit.company.model import Company


def diagnoses(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """All findings of the checks and diagnoses, most severe first.

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
        ``run_checks`` as a ``findings_table``.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> table = diagnoses(Company.from_frames(deals=deals, kpis=["close_rate"]), lang="en")
    >>> "Too few KPIs" in table["Finding"].tolist()
    True
    """
    return findings_table(run_checks(company, as_of=as_of), lang=lang)


def proposed_kpis(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """A proposed KPI set of 3–5: keep KPIs with goals, drop the rest, add what the diagnoses point at.

    With fewer than three KPIs that have a goal, selected KPIs without one are kept up to three, with
    the advice to give them a goal. A falling close rate adds the close rate (and, with leads, the
    lead-to-customer rate), a rising CAC adds the CAC, up to five KPIs kept or added.

    Parameters
    ----------
    company : Company
        The company; its ``kpis`` and ``goals``.
    lang : {"de", "en"}
        Language of headers and reasons.
    as_of : date-like, optional
        Cut-off date of the checks. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        One row per KPI: name, id, decision (keep, drop, add) and reason.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> company = Company.from_frames(deals=deals, kpis=["close_rate", "new_customers", "avg_deal_size", "reach"])
    >>> proposed_kpis(company, lang="en")[["id", "Decision"]].values.tolist()
    [['close_rate', 'keep'], ['new_customers', 'keep'], ['avg_deal_size', 'keep'], ['reach', 'drop']]
    """
    findings = run_checks(company, as_of=as_of)
    goal_kpis = [g.kpi for g in company.goals if g.kpi in KPIS]
    keep = list(dict.fromkeys(k for k in company.kpis if k in goal_kpis))
    rows = []
    add = []
    for f in findings:
        if f.code.startswith("CLOSE_RATE_FALLING") and "close_rate" not in keep:
            add.append(("close_rate", f.message(lang)))
        if f.code.startswith("CLOSE_RATE_FALLING") and company.leads is not None:
            add.append(("lead_to_customer_rate", f.message(lang)))
        if f.code == "CAC_RISING" and "cac" not in keep:
            add.append(("cac", f.message(lang)))
    # Too few KPIs with a goal: keep selected ones without a goal up to three, and ask for their goal.
    no_goal = [k for k in company.kpis if k not in keep]
    keep_for_goal = no_goal[: max(0, 3 - len(keep))]
    for k in dict.fromkeys([*company.kpis, *goal_kpis]):
        if k in keep:
            rows.append((k, L("keep", lang), L("fit_goal", lang)))
        elif k in keep_for_goal:
            rows.append((k, L("keep", lang), L("fit_set_goal", lang)))
        else:
            rows.append((k, L("drop", lang), L("fit_no_goal", lang)))
    for k, why in add:
        if len([r for r in rows if r[1] in (L("keep", lang), L("add", lang))]) >= 5:
            break
        if k not in [r[0] for r in rows if r[1] != L("drop", lang)]:
            rows = [r for r in rows if r[0] != k]
            rows.append((k, L("add", lang), why))
    return pd.DataFrame([{L("kpi", lang): KPIS[k].name(lang), "id": k, L("decision", lang): d,
                          L("reason", lang): why} for k, d, why in rows])


def proposed_goals(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """Goals re-set where they are off track: the midpoint between projection and target, deadline + 1 quarter.

    proposal = (projected + target) / 2, within 0 and 1 for a rate; goals on track keep target and
    deadline. Goals that are not SMART or whose KPI is unknown are left out.

    Parameters
    ----------
    company : Company
        The company; its ``goals``.
    lang : {"de", "en"}
        Language of headers and values.
    as_of : date-like, optional
        Cut-off date of the goal status. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        One row per SMART goal: id, KPI, status, target, projection at the deadline, proposal, deadline.
        Without such goals one row that says why (no goals in company.yaml, or none SMART with a known KPI).

    Examples
    --------
    >>> import datetime as dt
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4", "D5", "D6"],
    ...                       "status": ["won", "lost", "won", "lost", "lost", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02", "2025-08-04",
    ...                                     "2025-09-01"], "customer_id": ["K1", "K2", "K3", "K4", "K5", "K6"]})
    >>> goal = Goal(id="g1", statement="Close more", kpi="close_rate", target=0.6, per="quarter",
    ...             deadline=dt.date(2026, 6, 30))
    >>> nine_months = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-09-30"))
    >>> proposed_goals(Company.from_frames(deals=deals, goals=[goal], period=nine_months), lang="en").iloc[0].tolist()
    ['g1', 'Close rate', 'off track', '60.0 %', '−66.5 %', '0.0 %', '30.09.2026']
    """
    rows = []
    for g in company.goals:
        if missing_parts(g) or g.kpi not in KPIS:
            continue
        s = goal_status(company, g, as_of=as_of)
        proposal, deadline = g.target, g.deadline
        if s.status == "off_track" and not math.isnan(s.projected):
            proposal = (s.projected + g.target) / 2
            if KPIS[g.kpi].unit == "ratio":
                proposal = min(max(proposal, 0.0), 1.0)
            deadline = (pd.Timestamp(g.deadline) + pd.DateOffset(months=3)).date()
        kpi = KPIS[g.kpi]
        rows.append({L("goal", lang): g.id, L("kpi", lang): kpi.name(lang),
                     L("status", lang): t(f"status_{s.status}", lang),
                     L("target", lang): kpi.show(g.target, company.currency),
                     L("projected", lang): kpi.show(s.projected, company.currency),
                     L("proposal", lang): kpi.show(proposal, company.currency),
                     L("deadline", lang): deadline.strftime("%d.%m.%Y")})
    if not rows:  # an empty section says why
        why = "no_goals_to_adjust" if not company.goals else "no_smart_goals_to_adjust"
        return pd.DataFrame([{L("goal", lang): "–", L("finding", lang): L(why, lang)}])
    return pd.DataFrame(rows)


def next_30_days(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The next 30 days: one action per phase, filled with what the findings ask for.

    Days 8–12 capture missing fields when a KPI is not computable or rows were rejected, days 13–16
    train the sales team when the close rate is falling, days 17–23 work on the channel whose CAC is
    rising.

    Parameters
    ----------
    company : Company
        The company.
    lang : {"de", "en"}
        Language of headers and actions.
    as_of : date-like, optional
        Cut-off date of the checks. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        Seven rows: days, action, who.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> next_30_days(Company.from_frames(deals=deals), lang="en").iloc[0].tolist()
    ['1–3', 'Adopt the adjusted goals', 'Management']
    """
    findings = run_checks(company, as_of=as_of)
    codes = {f.code for f in findings}
    channel = next((f.segment for f in findings if f.code == "CAC_RISING" and f.segment), None)
    mgmt = L("who_management", lang)
    capture = "KPI_NOT_COMPUTABLE" in codes or not company.rejected.empty
    sales = any(c.startswith("CLOSE_RATE") for c in codes)
    plan = [
        ("1–3", L("plan_goals", lang), mgmt),
        ("4–7", L("plan_kpis", lang), mgmt),
        ("8–12", L("plan_capture" if capture else "plan_quality", lang), L("who_ops", lang)),
        ("13–16", L("plan_train_sales" if sales else "plan_train_all", lang), L("who_sales", lang)),
        ("17–23", t("L_plan_channel", lang, channel=channel) if channel else L("plan_analysis", lang),
         L("who_marketing", lang)),
        ("24–27", L("plan_review", lang), mgmt),
        ("28–30", L("plan_adjust", lang), mgmt),
    ]
    return pd.DataFrame([{L("days", lang): d, L("action", lang): a, L("who", lang): w} for d, a, w in plan])


__all__ = ["diagnoses", "next_30_days", "proposed_goals", "proposed_kpis"]
