"""The KPI selection: 3 to 5 KPIs, each serving a goal, measuring an outcome, computable from the data.

``check_selection`` judges the choice itself (how many KPIs, goals without a KPI and KPIs without
a goal, vanity metrics); ``check_computable`` names the selected or goal KPIs that the data at hand
cannot produce, with what to capture in the CRM, the ad tools or accounting (``capture_advice``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpikit.checks.findings import Finding, kpi_names
from kpikit.core.i18n import has, t
from kpikit.kpis.engine import compute_kpis

if TYPE_CHECKING:
    from kpikit.company.model import Company

MIN_KPIS, MAX_KPIS = 3, 5
VANITY = {"reach", "impressions"}
NOT_OUTCOME = VANITY | {"ctr", "cost_per_click", "marketing_spend"}


def check_selection(company: Company) -> list[Finding]:
    """How many KPIs, KPIs without a goal, goals without a KPI, vanity metrics.

    Parameters
    ----------
    company : Company
        Only its ``kpis`` (the selection, duplicates counted once) and ``goals`` are read.

    Returns
    -------
    list of Finding
        ``KPI_COUNT_HIGH`` (more than 5) or ``KPI_COUNT_LOW`` (fewer than 3); ``KPI_WITHOUT_GOAL``
        for each selected KPI no goal measures; ``GOAL_WITHOUT_KPI`` for each goal without a KPI and
        ``GOAL_KPI_NOT_SELECTED`` (info) for a goal whose KPI is not selected; ``VANITY_METRIC`` when
        the selection holds reach or impressions and nothing but attention and effort metrics
        (``NOT_OUTCOME``).

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-10", "2025-02-11", "2025-03-12"]})
    >>> company = Company.from_frames(deals=deals, kpis=["reach", "ctr"], goals=[Goal(id="mehr", kpi="reach")])
    >>> [(f.code, f.kpi) for f in check_selection(company)]
    [('KPI_COUNT_LOW', None), ('KPI_WITHOUT_GOAL', 'ctr'), ('VANITY_METRIC', 'reach')]
    """
    out: list[Finding] = []
    kpis = list(dict.fromkeys(company.kpis))
    if len(kpis) > MAX_KPIS:
        out.append(Finding("KPI_COUNT_HIGH", "warning", None, {"count": len(kpis), "kpis": ", ".join(kpis)},
                           {"selected": kpis, "count": len(kpis), "allowed": [MIN_KPIS, MAX_KPIS]}))
    elif len(kpis) < MIN_KPIS:
        out.append(Finding("KPI_COUNT_LOW", "warning", None, {"count": len(kpis), "kpis": ", ".join(kpis) or "–"},
                           {"selected": kpis, "count": len(kpis), "allowed": [MIN_KPIS, MAX_KPIS]}))
    goal_kpis = {g.kpi for g in company.goals if g.kpi}
    for k in kpis:
        if k not in goal_kpis:
            out.append(Finding("KPI_WITHOUT_GOAL", "warning", k, {"name": kpi_names([k])},
                               {"kpi": k, "goals": [g.id for g in company.goals]}))
    for g in company.goals:
        if not g.kpi:
            out.append(Finding("GOAL_WITHOUT_KPI", "warning", None, {"goal": g.id}, {"goal": g.id}))
        elif kpis and g.kpi not in kpis:
            out.append(Finding("GOAL_KPI_NOT_SELECTED", "info", g.kpi, {"goal": g.id, "name": kpi_names([g.kpi]),
                                                                       "kpi": g.kpi}, {"goal": g.id, "kpi": g.kpi}))
    vanity = [k for k in kpis if k in VANITY]
    if vanity and all(k in NOT_OUTCOME for k in kpis):
        out.append(Finding("VANITY_METRIC", "warning", vanity[0], {"names": kpi_names(vanity)},
                           {"vanity": vanity, "selected": kpis}))
    return out


def capture_advice(missing: str, lang: str = "de") -> str:
    """What to capture so that a KPI missing ``missing`` becomes computable, in ``lang``.

    ``missing`` is the ``missing`` column of ``compute_kpis``: a table (``campaigns``), a column
    (``deals.amount``) or a reason code (``N_NO_SPEND``). A column without advice of its own gets its
    table's; anything unknown is returned as it is.

    >>> capture_advice("deals.amount", "en")
    "fill in every deal's amount in the CRM"
    >>> capture_advice("orders.revenue", "en")
    'orders/invoices from the shop or accounting with customer id, date and amount'
    >>> capture_advice("N_SOMETHING_NEW")
    'N_SOMETHING_NEW'
    """
    key = missing if has(f"FINDINGS_CAPTURE_{missing}") else missing.split(".")[0]
    return t(f"FINDINGS_CAPTURE_{key}", lang) if has(f"FINDINGS_CAPTURE_{key}") else missing


def check_computable(company: Company) -> list[Finding]:
    """Selected or goal KPIs that the data at hand cannot produce (``KPI_NOT_COMPUTABLE``, critical).

    Parameters
    ----------
    company : Company
        The selected KPIs and the goals' KPIs are computed over the whole period (``period="all"``).

    Returns
    -------
    list of Finding
        One per KPI whose ``compute_kpis`` row names something missing, with the engine's note as
        the reason and ``capture_advice`` as what to capture; none when nothing is selected or the
        company has no data.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-10", "2025-02-11", "2025-03-12"]})
    >>> company = Company.from_frames(deals=deals, kpis=["close_rate", "cac"])
    >>> found = check_computable(company)
    >>> [(f.code, f.severity, f.kpi, f.evidence["missing"]) for f in found]
    [('KPI_NOT_COMPUTABLE', 'critical', 'cac', 'N_NO_SPEND')]
    >>> found[0].params["capture"]["en"]
    'ad spend (campaign reports) or marketing costs (accounting)'
    """
    wanted = list(dict.fromkeys([*company.kpis, *(g.kpi for g in company.goals if g.kpi)]))
    if not wanted or company.period[0] is None:
        return []
    out = []
    de = compute_kpis(company, wanted, period="all", lang="de")
    en = compute_kpis(company, wanted, period="all", lang="en")
    for (_, de_row), (_, en_row) in zip(de.iterrows(), en.iterrows(), strict=True):
        missing = de_row["missing"]
        if not isinstance(missing, str):
            continue
        out.append(Finding("KPI_NOT_COMPUTABLE", "critical", de_row["kpi"], {
            "name": kpi_names([de_row["kpi"]]), "reason": {"de": de_row["note"], "en": en_row["note"]},
            "capture": {"de": capture_advice(missing, "de"), "en": capture_advice(missing, "en")}},
            {"kpi": de_row["kpi"], "missing": missing}))
    return out
