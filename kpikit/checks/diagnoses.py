"""Diagnoses: the source text's two worked examples, found in a company's KPI series.

- a falling close rate, and whether lead volume stayed flat meanwhile (lead quality or sales
  training, not too few leads): ``diagnose_close_rate``;
- a rising CAC, overall and per paid channel, naming the channel: ``diagnose_cac``;
- customers kept and lost: falling retention, naming the product or channel (``kpikit.checks.retention``).

Both compare the last ``WINDOW`` complete quarters with the (up to) ``BASELINE`` quarters before and
fire only when the change is material *and* statistically supported: all diagnosis tests of one
run share a family-wise error rate of ``FAMILY_ALPHA`` = 5 % (Bonferroni, ``diagnose``), so on data
without a trend at most one run in twenty shows any diagnosis.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks.findings import Finding
from kpikit.checks.goals import complete_series
from kpikit.checks.retention import diagnose_retention, n_tests
from kpikit.core import fmt
from kpikit.core.i18n import LANGS, t, t_all
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.stats import (
    MIN_EVENTS,
    MIN_RATE_N,
    confidence,
    count_trend_test,
    mann_kendall,
    two_proportion_test,
)

if TYPE_CHECKING:
    from kpikit.company.model import Company

FAMILY_ALPHA = 0.05  # family-wise error rate of all diagnosis tests in one run
WINDOW, BASELINE = 2, 4  # quarters
MIN_DROP_POINTS, MIN_DROP_RELATIVE = 0.05, 0.15
MIN_CAC_RATIO = 1.2
CONFIRM_ALPHA = 0.10  # customers per franc must fall at least this clearly when the leads carry the test
FLAT_TOLERANCE = 0.15  # lead volume within ±15 % counts as flat
MIN_SEGMENT_N = 10  # closed deals a channel or owner needs in each window to be named


@dataclass
class _Windows:
    window: list[str]
    baseline: list[str]


def _quarter_label(period: str) -> str:
    return fmt.period_label(period, "quarter")


def _span(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{labels[0]} – {labels[-1]}"


def _windows(series: pd.DataFrame) -> _Windows | None:
    periods = list(series["period"])
    if len(periods) < WINDOW + 2:
        return None
    return _Windows(periods[-WINDOW:], periods[max(0, len(periods) - WINDOW - BASELINE):-WINDOW])


def _sum(series: pd.DataFrame, periods: list[str], column: str) -> float:
    return float(series.loc[series["period"].isin(periods), column].sum())


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _planned_tests(company: Company, as_of) -> tuple[int, list[str]]:
    """How many diagnosis tests this run makes (for Bonferroni), and which channels are tested."""
    channels: list[str] = []
    if company.campaigns is not None and "channel" in company.campaigns:
        by = compute_kpis(company, "cac", period="quarter", by="channel")
        by = by[by["segment"].map(lambda s: s not in (None, "–"))]
        for seg, rows in by.groupby("segment", sort=True):
            rows = complete_series(rows.assign(segment=None), company, as_of)
            w = _windows(rows)
            if w and rows.loc[rows["period"].isin(w.window + w.baseline), "numerator"].notna().all():
                channels.append(seg)
    return 2 + len(channels), channels


def _breakdown(company: Company, dim: str, w: _Windows, as_of) -> list[tuple[str, float, float, float]]:
    """(segment, baseline rate, window rate, drop) for segments with enough closed deals, largest drop first."""
    deals = company.deals
    if deals is None or dim not in deals:
        return []
    frame = compute_kpis(company, "close_rate", period="quarter", by=dim)
    rows = []
    for seg, part in frame.groupby("segment", sort=True):
        if seg in (None, "–"):
            continue
        part = complete_series(part.assign(segment=None), company, as_of)
        kb, nb = _sum(part, w.baseline, "numerator"), _sum(part, w.baseline, "denominator")
        kw, nw = _sum(part, w.window, "numerator"), _sum(part, w.window, "denominator")
        if nb >= MIN_SEGMENT_N and nw >= MIN_SEGMENT_N:
            rows.append((seg, kb / nb, kw / nw, kb / nb - kw / nw))
    return sorted(rows, key=lambda r: -r[3])


def _largest_drops(rows: list[tuple[str, float, float, float]]) -> dict[str, str]:
    """The (up to) three segments whose close rate fell most, in every language."""
    shown = [(seg, f"{drop * 100:.0f}") for seg, _, _, drop in rows[:3] if drop > 0]
    return {lang: ", ".join(t("FINDINGS_DROP_POINTS", lang, segment=seg, points=points) for seg, points in shown)
            or t("none", lang) for lang in LANGS}


def diagnose_close_rate(company: Company, *, as_of: str | dt.date | None = None,
                        alpha: float = FAMILY_ALPHA / 2) -> list[Finding]:
    """A falling close rate (``CLOSE_RATE_FALLING``), ``CLOSE_RATE_FALLING_LEADS_FLAT`` while leads stay flat.

    Parameters
    ----------
    company : Company
        Its deals (and leads, when there are any) per quarter.
    as_of : str or date, optional
        Cut-off date for complete quarters. Default: the end of the data.
    alpha : float
        Significance level of the test (``diagnose`` passes its Bonferroni share).

    Returns
    -------
    list of Finding
        At most one finding. The close rate ``won / closed`` of the last ``WINDOW`` quarters (``pw``)
        is compared with the ``BASELINE`` quarters before (``pb``) by a one-sided two-proportion
        z-test; it fires when ``pb - pw >= MIN_DROP_POINTS``, ``(pb - pw) / pb >= MIN_DROP_RELATIVE``
        and ``p < alpha``, with at least ``MIN_RATE_N`` closed deals in each window. Leads count as
        flat when the mean per quarter changed by at most ``FLAT_TOLERANCE`` and a Mann–Kendall
        test of the last 12 months finds no trend. Critical when ``p < 0.001``, else a warning;
        the evidence names the channels and owners whose close rate fell most.

    Examples
    --------
    Three months of deals are no window to judge:

    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-10", "2025-02-11", "2025-03-12"]})
    >>> diagnose_close_rate(Company.from_frames(deals=deals))
    []

    Two years of a simulated company whose close rate drops by 40 % in the last two quarters:

    >>> from kpikit.company.simulate import synthetic_company
    >>> [f] = diagnose_close_rate(synthetic_company(10_000, close_rate_factor_last_two_quarters=0.6))
    >>> f.code, f.severity, f.confidence, f.evidence["window"]
    ('CLOSE_RATE_FALLING_LEADS_FLAT', 'critical', 'very_high', ['2026-Q2', '2026-Q3'])
    """
    if company.deals is None:
        return []
    series = complete_series(compute_kpis(company, "close_rate", period="quarter"), company, as_of)
    w = _windows(series)
    if w is None:
        return []
    kb, nb = _sum(series, w.baseline, "numerator"), _sum(series, w.baseline, "denominator")
    kw, nw = _sum(series, w.window, "numerator"), _sum(series, w.window, "denominator")
    if nb < MIN_RATE_N or nw < MIN_RATE_N:
        return []
    pb, pw = kb / nb, kw / nw
    test = two_proportion_test(kb, nb, kw, nw, alternative="less")
    material = (pb - pw) >= MIN_DROP_POINTS and (pb - pw) / pb >= MIN_DROP_RELATIVE
    if not (material and test.p_value < alpha):
        return []
    leads_change, leads_trend = math.nan, None
    if company.leads is not None:
        leads = complete_series(compute_kpis(company, "leads", period="quarter"), company, as_of)
        lb = _sum(leads, w.baseline, "value") / len(w.baseline)
        lw = _sum(leads, w.window, "value") / len(w.window)
        leads_change = lw / lb - 1 if lb else math.nan
        monthly = complete_series(compute_kpis(company, "leads", period="month"), company, as_of)
        leads_trend = mann_kendall(monthly["value"].tail(12).tolist())
    flat = not math.isnan(leads_change) and abs(leads_change) <= FLAT_TOLERANCE and (
        leads_trend is None or leads_trend.trend == "none")
    by_channel = _breakdown(company, "channel", w, as_of)
    by_owner = _breakdown(company, "owner", w, as_of)
    window = [_quarter_label(p) for p in w.window]
    base = [_quarter_label(p) for p in w.baseline]
    conf = confidence(test.p_value)
    code = "CLOSE_RATE_FALLING_LEADS_FLAT" if flat else "CLOSE_RATE_FALLING"
    change_text = fmt.change_percent(leads_change)
    params = {"window": _span(window), "base_window": _span(base), "current": fmt.value(pw, "ratio"),
              "baseline": fmt.value(pb, "ratio"), "leads_change": change_text,
              "confidence": t_all(f"confidence_{conf}"), "p": _p_text(test.p_value),
              "channels": _largest_drops(by_channel), "owners": _largest_drops(by_owner)}
    per_quarter = {_quarter_label(r["period"]): r["value"] for _, r in series.iterrows()}
    evidence = {
        "window": window, "baseline_window": base, "close_rate_window": pw, "close_rate_baseline": pb,
        "won_window": kw, "closed_window": nw, "won_baseline": kb, "closed_baseline": nb,
        "drop_points": pb - pw, "test": "two-proportion z-test, one-sided", "z": test.statistic,
        "p_value": test.p_value, "alpha": alpha, "close_rate_by_quarter": per_quarter,
        "leads_change": leads_change, "leads_flat": flat,
        "leads_trend_p_value": None if leads_trend is None else leads_trend.p_value,
        "by_channel": {s: {"baseline": b, "window": x} for s, b, x, _ in by_channel},
        "by_owner": {s: {"baseline": b, "window": x} for s, b, x, _ in by_owner},
    }
    severity = "critical" if test.p_value < 0.001 else "warning"
    return [Finding(code, severity, "close_rate", params, evidence, None, test.p_value)]


def diagnose_cac(company: Company, *, as_of: str | dt.date | None = None, alpha: float | None = None,
                 channels: list[str] | None = None, close_rate_falling: bool = False) -> list[Finding]:
    """A rising CAC (``CAC_RISING``), overall and per paid channel, naming the channel.

    Parameters
    ----------
    company : Company
        Its CAC per quarter: spend (campaigns and costs) and new customers.
    as_of : str or date, optional
        Cut-off date for complete quarters. Default: the end of the data.
    alpha : float, optional
        Significance level of each test. Default: ``FAMILY_ALPHA`` divided by the number of tests
        this run makes (overall close rate, overall CAC, one per testable channel).
    channels : list of str, optional
        The paid channels to test. Default: those with spend and new customers in every quarter
        of both windows.
    close_rate_falling : bool
        Whether the close rate falls too; recorded in the overall finding's evidence.

    Returns
    -------
    list of Finding
        One per rise, overall first. CAC = spend / new customers over the last ``WINDOW`` quarters
        (``cac_w``) against the ``BASELINE`` quarters before (``cac_b``) must have risen materially,
        ``cac_w / cac_b >= MIN_CAC_RATIO``, with at least ``MIN_EVENTS`` new customers in the baseline.
        The trend is then tested on every quarter of both windows with a Poisson count model of new
        customers per franc (``count_trend_test``: do more francs bring proportionally more customers,
        or does the yield fall over time). It fires when that test gives ``p < alpha / 2``, or when
        the same model of the CRM leads per franc gives ``p < alpha / 2`` (more budget, no more leads:
        the source's "marketing is inefficient") and the customers follow, ``p < CONFIRM_ALPHA``. Each
        path spends half of ``alpha``, so the run's family-wise error rate holds on data without a trend.
        Critical when ``p < 0.001``, else a warning.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-10", "2025-02-11", "2025-03-12"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> costs = pd.DataFrame({"date": ["2025-01-31", "2025-02-28", "2025-03-31"], "category": ["marketing"] * 3,
    ...                       "amount": [500.0, 500.0, 900.0]})
    >>> diagnose_cac(Company.from_frames(deals=deals, costs=costs))
    []

    A simulated company whose LinkedIn spend grows by 30 % a quarter:

    >>> from kpikit.company.simulate import synthetic_company
    >>> company = synthetic_company(20_004, spend_growth_channel="LinkedIn Ads", spend_growth_per_quarter=0.3)
    >>> [(f.code, f.segment, f.severity) for f in diagnose_cac(company)]
    [('CAC_RISING', 'LinkedIn Ads', 'critical')]
    """
    if alpha is None or channels is None:
        m, planned = _planned_tests(company, as_of)
        alpha = FAMILY_ALPHA / m if alpha is None else alpha
        channels = planned if channels is None else channels
    out = []
    overall = complete_series(compute_kpis(company, "cac", period="quarter"), company, as_of)
    Target = tuple[str | None, pd.DataFrame, pd.DataFrame | None]
    targets: list[Target] = [(None, overall, _leads(company, None, as_of))]
    if channels:
        by = compute_kpis(company, "cac", period="quarter", by="channel")
        for seg in channels:
            targets.append((seg, complete_series(by[by["segment"] == seg].assign(segment=None), company, as_of),
                            _leads(company, seg, as_of)))
    for seg, series, leads in targets:
        w = _windows(series)
        if w is None:
            continue
        sb, nb = _sum(series, w.baseline, "numerator"), _sum(series, w.baseline, "denominator")
        sw, nw = _sum(series, w.window, "numerator"), _sum(series, w.window, "denominator")
        if nb < MIN_EVENTS or nb + nw < 2 * MIN_EVENTS or sb <= 0 or sw <= 0:
            continue
        span = series[series["period"].isin(w.baseline + w.window)]
        test = count_trend_test(span["denominator"], span["numerator"])
        lead_test = _lead_test(leads, span)
        cac_b, cac_w = sb / nb, (sw / nw if nw else math.inf)
        ratio = cac_w / cac_b
        by_leads = lead_test is not None and lead_test.p_value < alpha / 2 and test.p_value < CONFIRM_ALPHA
        if not (ratio >= MIN_CAC_RATIO and (test.p_value < alpha / 2 or by_leads)):
            continue
        window = [_quarter_label(p) for p in w.window]
        base = [_quarter_label(p) for p in w.baseline]
        where = t_all("FINDINGS_IN_CHANNEL", channel=seg) if seg else {"de": "", "en": ""}
        p_value = test.p_value if test.p_value < alpha / 2 else max(test.p_value, lead_test.p_value)
        conf = confidence(p_value)
        per_quarter = {_quarter_label(r["period"]): r["value"] for _, r in series.iterrows()}
        lead_words = (t_all("FINDINGS_CAC_LEADS", p=_p_text(lead_test.p_value), customers_p=_p_text(test.p_value))
                      if by_leads and test.p_value >= alpha / 2 else {"de": "", "en": ""})
        params = {"where": where, "window": _span(window), "base_window": _span(base),
                  "current": fmt.value(cac_w, "currency", company.currency),
                  "baseline": fmt.value(cac_b, "currency", company.currency),
                  "ratio": f"{ratio:.1f}", "confidence": t_all(f"confidence_{conf}"),
                  "p": _p_text(p_value), "leads": lead_words}
        evidence = {"segment": seg, "window": window, "baseline_window": base, "cac_window": cac_w,
                    "cac_baseline": cac_b, "ratio": ratio, "spend_window": sw, "spend_baseline": sb,
                    "new_customers_window": nw, "new_customers_baseline": nb,
                    "test": "Poisson count model of new customers per franc over the quarters (score test, "
                            "one-sided)", "p_value": test.p_value, "z": test.statistic,
                    "leads_p_value": None if lead_test is None else lead_test.p_value,
                    "supported_by_leads": bool(by_leads and test.p_value >= alpha / 2),
                    "alpha": alpha, "cac_by_quarter": per_quarter,
                    "coincides_with_close_rate_drop": bool(close_rate_falling and seg is None)}
        severity = "critical" if p_value < 0.001 else "warning"
        out.append(Finding("CAC_RISING", severity, "cac", params, evidence, seg, p_value))
    return out


def _leads(company: Company, seg: str | None, as_of) -> pd.DataFrame | None:
    """Leads per complete quarter, overall or of one channel (None without leads or their channel)."""
    leads = company.leads
    if leads is None or "created_at" not in leads or (seg is not None and "channel" not in leads):
        return None
    frame = compute_kpis(company, "leads", period="quarter", by=None if seg is None else "channel")
    return complete_series(frame[frame["segment"] == seg].assign(segment=None) if seg else frame, company, as_of)


def _lead_test(leads: pd.DataFrame | None, span: pd.DataFrame):
    """The count model of leads per franc over the quarters of ``span`` (None with too few leads)."""
    if leads is None:
        return None
    counts = leads.set_index("period")["value"].reindex(span["period"])
    if counts.isna().any() or counts.sum() < 2 * MIN_EVENTS:
        return None
    return count_trend_test(counts.to_numpy(), span["numerator"].to_numpy())


def diagnose(company: Company, *, as_of: str | dt.date | None = None) -> list[Finding]:
    """Both diagnoses, sharing one family-wise error rate of ``FAMILY_ALPHA`` (Bonferroni).

    Parameters
    ----------
    company : Company
        The company to diagnose.
    as_of : str or date, optional
        Cut-off date for complete quarters. Default: the end of the data.

    Returns
    -------
    list of Finding
        ``diagnose_close_rate``, ``diagnose_cac`` then ``diagnose_retention``
        (``kpikit.checks.retention``), each test at ``alpha = FAMILY_ALPHA / m`` with ``m`` = 2 + the
        number of paid channels tested + the retention tests (overall and per product or channel).

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c", "d"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-01-10", "2025-02-11", "2025-03-12", "2025-04-02"]})
    >>> diagnose(Company.from_frames(deals=deals))
    []
    >>> from kpikit.company.simulate import synthetic_company
    >>> [(f.code, f.segment) for f in diagnose(synthetic_company(10_000, close_rate_factor_last_two_quarters=0.6))]
    [('CLOSE_RATE_FALLING_LEADS_FLAT', None), ('CAC_RISING', None)]
    """
    m, channels = _planned_tests(company, as_of)
    retention = n_tests(company, as_of)
    alpha = FAMILY_ALPHA / (m + retention)
    close = diagnose_close_rate(company, as_of=as_of, alpha=alpha)
    found = close + diagnose_cac(company, as_of=as_of, alpha=alpha, channels=channels,
                                 close_rate_falling=bool(close))
    return found + (diagnose_retention(company, as_of=as_of, alpha=alpha) if retention else [])
