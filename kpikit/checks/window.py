"""Impatience: too short a window, too few observations per period, a change within the noise.

A trend needs ``MIN_PERIODS`` complete periods; a rate needs enough observations per period to tell
a change of the size that matters from chance (a power calculation for two proportions at 80 %
power and 5 % significance); a last change that a two-proportion test cannot tell from chance
is reported as within the noise.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import numpy as np

from kpikit.checks.findings import Finding, kpi_names
from kpikit.checks.goals import complete_series
from kpikit.core import fmt
from kpikit.core.i18n import t_all
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.maturity import company_window
from kpikit.kpis.registry import KPIS
from kpikit.kpis.stats import MIN_PERIODS, required_n_two_proportions, two_proportion_test

if TYPE_CHECKING:
    from kpikit.company.model import Company

NOISE_ALPHA = 0.05
WEEKS = {"week": 1, "month": 52 / 12, "quarter": 13, "year": 52}  # weeks per period of each grain


def _n_points(share: float, key: str) -> dict[str, str]:
    """A difference of rates in whole (percentage) points with the right plural: ``1 Punkt``, ``5 Punkten``.

    >>> _n_points(0.01, "N_points")["de"], _n_points(0.05, "N_ppoints")["en"]
    ('1 Punkt', '5 percentage points')
    """
    n = round(share * 100)
    return t_all(f"{key}_{'one' if n == 1 else 'many'}", n=n)


def _grain_words(grain: str) -> tuple[dict, dict]:
    return t_all(f"grain1_{grain}"), t_all(f"grain_{grain}")


def check_window(company: Company, *, as_of: str | dt.date | None = None) -> list[Finding]:
    """Too few complete periods to judge a trend (``WINDOW_TOO_SHORT``), at each grain the goals use.

    Parameters
    ----------
    company : Company
        Its leads (or, without leads, its revenue) are counted per period; the grains are those of
        its goals, monthly when no goal names one.
    as_of : str or date, optional
        Cut-off date for complete periods. Default: the end of the data.

    Returns
    -------
    list of Finding
        One warning per grain with fewer than ``MIN_PERIODS`` complete periods, saying how many
        more weeks to wait: ``ceil((MIN_PERIODS - periods) * weeks per period)``. When the table
        counted has no dates (``company.undated``), one ``WINDOW_UNDATED`` warning instead: the data
        has no time axis, and what to capture.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-10", "2025-02-11", "2025-03-12"], "amount": [100.0, 0.0, 50.0]})
    >>> found = check_window(Company.from_frames(deals=deals, period=("2025-01-01", "2025-03-31")))
    >>> found[0].code, found[0].evidence
    ('WINDOW_TOO_SHORT', {'grain': 'month', 'complete_periods': 3, 'needed': 6, 'more_weeks': 13})
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "created_at": [pd.NaT, pd.NaT]})
    >>> company = Company.from_frames(leads=leads)
    >>> company.undated = ("leads",)
    >>> [f.code for f in check_window(company)]
    ['WINDOW_UNDATED']
    """
    counted = "leads" if company.leads is not None else "orders" if company.orders is not None else "deals"
    if counted in tuple(getattr(company, "undated", ()) or ()):
        # A list without dates has no time axis: waiting does not bring periods, capturing dates does.
        return [Finding("WINDOW_UNDATED", "warning", None, {"table": counted}, {"table": counted, "dated": False})]
    out = []
    grains = sorted({g.per for g in company.goals if g.per} or {"month"}, key=list(WEEKS).index)
    for grain in grains:
        frame = compute_kpis(company, ["leads" if company.leads is not None else "revenue"], period=grain)
        periods = len(complete_series(frame, company, as_of))
        if periods < MIN_PERIODS:
            weeks = math.ceil((MIN_PERIODS - periods) * WEEKS[grain])
            one, many = _grain_words(grain)
            out.append(Finding("WINDOW_TOO_SHORT", "warning", None,
                               {"periods": periods, "grain": one, "grains": many, "needed": MIN_PERIODS,
                                "weeks": weeks},
                               {"grain": grain, "complete_periods": periods, "needed": MIN_PERIODS,
                                "more_weeks": weeks}))
    return out


def wait_text(weeks: int | None) -> dict[str, str]:
    """How long collecting enough data takes at today's pace, in every language; years beyond two years.

    >>> wait_text(12)["de"], wait_text(339)["de"], wait_text(339)["en"], wait_text(None)["en"]
    ('etwa 12 Wochen', 'mehr als zwei Jahre (etwa 6.5 Jahre)', 'more than two years (about 6.5 years)', 'unknown')
    """
    if weeks is None:
        return t_all("FINDINGS_WAIT_UNKNOWN")
    if weeks <= 104:
        return t_all("FINDINGS_WAIT_WEEKS", weeks=weeks)
    return t_all("FINDINGS_WAIT_YEARS", years=fmt.number(weeks / 52.18, 1))


def check_immature(company: Company, *, as_of: str | dt.date | None = None) -> list[Finding]:
    """Recent periods of a selected lead-dated KPI that are too young to judge (``IMMATURE_PERIODS``).

    Leads of the last weeks have not had the time to become customers, so ``lead_to_customer_rate``
    of the newest periods is low by design (``kpikit.kpis.maturity``); goals, checks and diagnoses
    leave those periods out, and this finding says so.

    Parameters
    ----------
    company : Company
        Its selected KPIs that mature (``KPI.matures``), at their goal's grain (monthly without a goal).
    as_of : str or date, optional
        Cut-off date for complete periods. Default: the end of the data.

    Returns
    -------
    list of Finding
        One info per such KPI with complete periods younger than the conversion window.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> leads = pd.DataFrame({"lead_id": list("abcdef"), "created_at": ["2025-01-05", "2025-02-05", "2025-03-05",
    ...                       "2025-04-05", "2025-05-05", "2025-06-05"], "converted_at": [None] * 6})
    >>> company = Company.from_frames(leads=leads, kpis=["lead_to_customer_rate"], conversion_window_days=45,
    ...                               period=("2025-01-01", "2025-06-30"))
    >>> found = check_immature(company)
    >>> found[0].message("en")  # doctest: +NORMALIZE_WHITESPACE
    "'Lead-to-customer rate': 2 periods from 2025-05 on are younger than the conversion window (45 days, set in
    company.yaml); they may still grow and are not judged yet."
    """
    out = []
    for k in dict.fromkeys(company.kpis):
        if k not in KPIS or not KPIS[k].matures:
            continue
        grain = _goal_grain(company, k)
        series = complete_series(compute_kpis(company, k, period=grain), company, as_of, immature=True)
        young = series[series["immature"].astype(bool)]
        if young.empty:
            continue
        days, source = company_window(company)
        out.append(Finding("IMMATURE_PERIODS", "info", k, {
            "name": kpi_names([k]), "n": len(young), "first": fmt.period_label(young["period"].iloc[0], grain),
            "days": fmt.number(days), "source": t_all(f"W_WINDOW_{source}")},
            {"periods": young["period"].tolist(), "window_days": days, "window_source": source}))
    return out


def _goal_grain(company: Company, kpi: str) -> str:
    return next((g.per for g in company.goals if g.kpi == kpi and g.per), "month")


def check_noise(company: Company, *, as_of: str | dt.date | None = None) -> list[Finding]:
    """For each selected rate: too few observations to judge it, and a last change within the noise.

    Parameters
    ----------
    company : Company
        Each selected rate (a KPI between 0 and 1) is computed at its goal's grain, monthly without
        a goal.
    as_of : str or date, optional
        Cut-off date for complete periods. Default: the end of the data.

    Returns
    -------
    list of Finding
        ``TOO_FEW_OBSERVATIONS`` (info) when the typical denominator ``n`` (median of the last six
        periods) is below the ``n`` per period that detects a change of
        ``delta = clip(0.25 * p, 0.01, 0.10)`` from the pooled rate ``p`` at 80 % power and 5 %
        significance; it names the smallest change detectable with ``n`` and the weeks needed.
        ``CHANGE_WITHIN_NOISE`` (info) when the last period moved by at least ``max(0.01, 0.1 * p)``
        but a two-proportion z-test against the period before gives ``p >= NOISE_ALPHA``.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c", "d", "e"],
    ...                       "status": ["won", "lost", "won", "lost", "lost"],
    ...                       "closed_at": ["2025-01-10", "2025-01-20", "2025-02-11", "2025-03-12", "2025-03-20"]})
    >>> company = Company.from_frames(deals=deals, kpis=["close_rate"], period=("2025-01-01", "2025-03-31"))
    >>> [f.code for f in check_noise(company)]
    ['TOO_FEW_OBSERVATIONS', 'CHANGE_WITHIN_NOISE']
    >>> check_noise(company)[1].message("en")
    "'Close rate' moved from 100.0 % (2025-02) to 0.0 % (2025-03); the change lies within noise (p = 0.08)."
    """
    out = []
    for k in dict.fromkeys(company.kpis):
        if not KPIS[k].bounded:
            continue
        grain = _goal_grain(company, k)
        series = complete_series(compute_kpis(company, k, period=grain), company, as_of)
        series = series.dropna(subset=["value"])
        if series.empty:
            continue
        one, many = _grain_words(grain)
        n_typ = float(series["denominator"].tail(6).median())
        p = float(series["numerator"].sum() / series["denominator"].sum())
        delta = max(0.01, min(0.10, 0.25 * p))
        needed = required_n_two_proportions(p, -delta if p > 0.5 else delta)
        if n_typ < needed:
            mde = next((d for d in np.arange(0.01, 1.0, 0.01)
                        if required_n_two_proportions(p, -d if p > 0.5 else d) <= n_typ), 1.0)
            per_week = n_typ / WEEKS[grain]
            weeks = math.ceil(needed / per_week) if per_week > 0 else None
            out.append(Finding("TOO_FEW_OBSERVATIONS", "info", k, {
                "name": kpi_names([k]), "grain": one, "grains": many, "n": fmt.number(n_typ),
                "mde": _n_points(mde, "N_ppoints"), "delta": _n_points(delta, "N_points"), "needed": fmt.number(needed),
                "wait": wait_text(weeks)},
                {"grain": grain, "typical_n_per_period": n_typ, "rate": p, "minimum_detectable_change": mde,
                 "target_change": delta, "needed_n_per_period": needed, "weeks_needed": weeks,
                 "power": 0.8, "alpha": 0.05}))
        if len(series) >= 2:
            prev, last = series.iloc[-2], series.iloc[-1]
            test = two_proportion_test(prev["numerator"], prev["denominator"], last["numerator"], last["denominator"])
            change = last["value"] - prev["value"]
            if not math.isnan(test.p_value) and test.p_value >= NOISE_ALPHA and abs(change) >= max(0.01, 0.1 * p):
                out.append(Finding("CHANGE_WITHIN_NOISE", "info", k, {
                    "name": kpi_names([k]), "previous": fmt.value(prev["value"], "ratio"),
                    "current": fmt.value(last["value"], "ratio"),
                    "prev_period": fmt.period_label(prev["period"], grain),
                    "period": fmt.period_label(last["period"], grain), "p": f"p = {test.p_value:.2f}"},
                    {"previous": prev["value"], "current": last["value"], "n_previous": prev["denominator"],
                     "n_current": last["denominator"], "p_value": test.p_value, "test": "two-proportion z-test"}))
    return out
