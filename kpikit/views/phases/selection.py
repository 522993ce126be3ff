"""Phase 2, choosing KPIs: the catalogue against the goals and the data, and the 3–5 check."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import NOT_OUTCOME, VANITY, check_selection
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.views.phases.common import SOURCE_KPIS, L, findings_table

if TYPE_CHECKING:
    from kpikit.company.model import Company


def catalogue_fit(company: Company, *, lang: str = "de") -> pd.DataFrame:
    """The catalogue with each KPI's fit to the goals and whether the data can produce it.

    A KPI fits when a goal measures it; a selected KPI without a goal, or a vanity metric selected
    without any outcome KPI, is marked as such; the KPIs the source text names are candidates.

    Parameters
    ----------
    company : Company
        The company; its ``kpis``, ``goals`` and data.
    lang : {"de", "en"}
        Language of headers and values.

    Returns
    -------
    pandas.DataFrame
        One row per catalogue KPI: name, id, selected, goals, fit, computable, value over all the data.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> fit = catalogue_fit(Company.from_frames(deals=deals, kpis=["close_rate"]), lang="en").set_index("id")
    >>> fit.loc[["close_rate", "cac"], ["Selected", "Fit", "Computable", "Value"]].values.tolist()
    [['yes', 'selected, but no goal', 'yes', '66.7 %'], ['no', 'candidate', 'no', '–']]
    """
    selected = set(company.kpis)
    goal_of: dict[str, list[str]] = {}
    for g in company.goals:
        if g.kpi:
            goal_of.setdefault(g.kpi, []).append(g.id)
    overall = compute_kpis(company, list(KPIS), period="all", lang=lang)
    vanity_only = bool(selected & VANITY) and selected <= NOT_OUTCOME
    rows = []
    for k, kpi in KPIS.items():
        r = overall[overall["kpi"] == k].iloc[0]
        if k in goal_of:
            fit = L("fit_goal", lang)
        elif k in selected and k in VANITY and vanity_only:
            fit = L("fit_vanity", lang)
        elif k in selected:
            fit = L("fit_no_goal", lang)
        else:
            fit = L("fit_candidate", lang) if k in SOURCE_KPIS else ""
        rows.append({
            L("kpi", lang): kpi.name(lang), "id": k, L("selected", lang): L("yes" if k in selected else "no", lang),
            L("goals", lang): ", ".join(goal_of.get(k, [])) or "–", L("fit", lang): fit,
            L("computable", lang): L("no" if isinstance(r["missing"], str) else "yes", lang),
            L("value", lang): kpi.show(r["value"], company.currency),
        })
    return pd.DataFrame(rows)


def selection_findings(company: Company, *, lang: str = "de") -> pd.DataFrame:
    """The 3–5 check, KPIs without goals and vanity metrics as a table.

    Parameters
    ----------
    company : Company
        The company; its ``kpis`` and ``goals``.
    lang : {"de", "en"}
        Language of headers and texts.

    Returns
    -------
    pandas.DataFrame
        The findings of ``check_selection`` as a ``findings_table``.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> selection_findings(Company.from_frames(deals=deals, kpis=["close_rate"]), lang="en")["Finding"].tolist()
    ['Too few KPIs', 'KPI without a goal']
    """
    return findings_table(check_selection(company), lang=lang)


__all__ = ["catalogue_fit", "selection_findings"]
