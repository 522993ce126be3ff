"""The client's first page: the company, period and cut-off, the chosen KPIs, the top findings, the data quality.

``summary(company, lang=, as_of=)`` computes it once, as text in ``lang`` in the kit's number style
(``kpikit.core.fmt``); ``kpikit.views.report`` renders it as the first page of ``bericht.html`` and
``kpikit.views.workbook`` writes it as the first sheet of ``kpis.xlsx``, so both say the same. It reuses
what the phase views use: ``compute_kpis`` and ``complete_series`` for the last complete value,
``goal_status`` for where a goal stands, ``run_checks`` for the findings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import Finding, complete_series, goal_status, run_checks
from kpikit.checks.findings import SEVERITIES
from kpikit.core import fmt
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS

if TYPE_CHECKING:
    from kpikit.company.model import Company
    from kpikit.company.spec import Goal

# The goal statuses, and "no goal" for a chosen KPI without one; the page colours each and names it.
STATUSES = ("achieved", "on_track", "at_risk", "off_track", "unknown", "no_goal")
TOP = 3  # findings on the first page


@dataclass(frozen=True)
class KpiLine:
    """One chosen KPI on the first page: its last complete value, the change and its goal's status."""

    kpi: str
    name: str
    period: str  # the last complete period, "2026-Q3"
    value: str  # "56", "22.8 %", "CHF 3'686"
    change: str  # against the period before: "−30 %", "−5.6 Pkt.", "–"
    target: str  # "110 pro Quartal bis 31.12.2026", "–"
    status: str  # one of STATUSES
    status_word: str  # "nicht auf Kurs"


@dataclass(frozen=True)
class FindingLine:
    """One of the top findings: short title, what it says, how certain it is and what to do."""

    code: str
    title: str
    severity: str
    severity_word: str
    message: str
    certainty: str
    recommendation: str


@dataclass(frozen=True)
class Summary:
    """The content of the first page, all of it text in ``lang`` (see ``summary``)."""

    lang: str
    company: str
    currency: str
    period: str  # "01.10.2024 – 30.09.2026", "–"
    cut_off: str  # "30.09.2026", "–"
    cut_off_date: dt.date | None
    kpis: tuple[KpiLine, ...]
    findings: tuple[FindingLine, ...]
    findings_total: int
    quality: str  # "18'707 Zeilen gelesen, 18'703 geladen, 4 beiseitegelegt."
    rows_read: int
    rows_loaded: int
    rows_rejected: int

    def label(self, key: str) -> str:
        """A label of the page in its language (the message ``SUMMARY_<key>``)."""
        return t(f"SUMMARY_{key}", self.lang)


def _goal_of(company: Company, kpi: str) -> Goal | None:
    return next((g for g in company.goals if g.kpi == kpi), None)


def _target(goal: Goal, currency: str, lang: str) -> str:
    """The goal's target in words: ``110 pro Quartal bis 31.12.2026`` (the parts it has)."""
    if goal.target is None or goal.kpi not in KPIS:
        return fmt.UNDEFINED
    text = KPIS[goal.kpi].show(goal.target, currency)
    if goal.per:
        text = t("SUMMARY_target_per", lang, target=text, grain=t(f"grain1_{goal.per}", lang))
    if goal.deadline:
        text = t("SUMMARY_target_by", lang, target=text, date=fmt.date(goal.deadline))
    return text


def kpi_line(company: Company, kpi: str, *, lang: str = "de", as_of=None) -> KpiLine:
    """A chosen KPI's last complete value, its change against the period before and its goal's status.

    The grain is that of the KPI's first goal (a quarter without one); a goal on one segment
    (``by``/``segment``) is measured on that segment, as ``goal_status`` does. Data without
    dates give the value over the whole list, without a change.

    Parameters
    ----------
    company : Company
        The company.
    kpi : str
        A KPI id of the catalogue.
    lang : {"de", "en"}
        Language of the texts.
    as_of : date-like, optional
        Cut-off date; later periods are incomplete. Default: the end of the data.

    Returns
    -------
    KpiLine

    Examples
    --------
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"]})
    >>> goal = Goal(id="g", statement="Mehr", kpi="close_rate", target=0.9, per="quarter",
    ...             deadline=dt.date(2025, 12, 31))
    >>> company = Company.from_frames(deals=deals, goals=[goal], period=("2025-01-01", "2025-06-30"))
    >>> line = kpi_line(company, "close_rate", lang="en")
    >>> line.period, line.value, line.change, line.target, line.status_word
    ('2025-Q2', '100.0 %', '+50.0 pts', '90.0 % per quarter by 31.12.2025', 'achieved')
    """
    k = KPIS[kpi]
    goal = _goal_of(company, kpi)
    grain = goal.per if goal is not None and goal.per else "quarter"
    frame = compute_kpis(company, kpi, period=grain, by=goal.by if goal is not None else None, lang=lang)
    series = complete_series(frame, company, as_of, segment=goal.segment if goal is not None else None)
    series = series.dropna(subset=["value"])
    name = k.name(lang) + (f" · {goal.segment}" if goal is not None and goal.segment else "")
    if series.empty:  # no complete period with a value: the whole list (data without dates), else undefined
        whole = compute_kpis(company, kpi, period="all", lang=lang)
        value = float(whole["value"].iloc[0]) if len(whole) else float("nan")
        period, change = (t("period_all", lang) if value == value else fmt.UNDEFINED), fmt.UNDEFINED
    else:
        last = series.iloc[-1]
        value = float(last["value"])
        period = fmt.period_label(last["period"], grain, lang)
        previous = float(series["value"].iloc[-2]) if len(series) > 1 else None
        change = fmt.change(value, previous, k.unit, bounded=k.bounded, lang=lang)
    if goal is None:
        status, target = "no_goal", fmt.UNDEFINED
    else:
        status, target = goal_status(company, goal, as_of=as_of).status, _target(goal, company.currency, lang)
    word = t("SUMMARY_no_goal", lang) if status == "no_goal" else t(f"status_{status}", lang)
    return KpiLine(kpi, name, period, k.show(value, company.currency), change, target, status, word)


def top_findings(findings: list[Finding], n: int = TOP) -> list[Finding]:
    """The ``n`` findings a client should read first: most severe first, a tested diagnosis before a remark.

    Within a severity, findings with a statistical test (a p-value) come before configuration and
    data remarks; otherwise the order of ``run_checks`` is kept.

    >>> found = [Finding("KPI_WITHOUT_GOAL", "warning"), Finding("CAC_RISING", "warning", p_value=0.004),
    ...          Finding("KPI_NOT_COMPUTABLE", "critical")]
    >>> [f.code for f in top_findings(found, 2)]
    ['KPI_NOT_COMPUTABLE', 'CAC_RISING']
    """
    rank = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    return sorted(findings, key=lambda f: (rank[f.severity], f.p_value is None))[:n]


def finding_line(finding: Finding, lang: str = "de") -> FindingLine:
    """A finding as the first page shows it; its segment (a channel) follows its title.

    >>> line = finding_line(Finding("KPI_WITHOUT_GOAL", "warning", "cac", {"name": "CAC"}, segment="Ads"), "en")
    >>> line.title, line.certainty
    ('KPI without a goal · Ads', 'fact (no test)')
    """
    title = finding.title(lang) + (f" · {finding.segment}" if finding.segment else "")
    certainty = (t(f"confidence_{finding.confidence}", lang) if finding.confidence
                 else t("SUMMARY_no_test", lang))
    if finding.confidence and isinstance(finding.params.get("p"), str):  # the test's p-value, as the message has it
        certainty += f" ({finding.params['p']})"
    return FindingLine(finding.code, title, finding.severity, t(f"severity_{finding.severity}", lang),
                       finding.message(lang), certainty, finding.recommendation(lang))


def chosen_kpis(company: Company) -> list[str]:
    """The KPIs of the first page: those chosen in company.yaml, then those of goals not chosen.

    >>> from kpikit import Company, Goal
    >>> chosen_kpis(Company.from_frames(kpis=["cac", "nope"], goals=[Goal(id="g", kpi="close_rate")]))
    ['cac', 'close_rate']
    """
    return [k for k in dict.fromkeys([*company.kpis, *(g.kpi for g in company.goals if g.kpi)]) if k in KPIS]


def summary(company: Company, *, lang: str = "de", as_of=None) -> Summary:
    """The first page of the hand-over, computed once for the report and the workbook.

    Parameters
    ----------
    company : Company
        The company; its name, period, chosen KPIs (``chosen_kpis``), goals, findings and sources.
    lang : {"de", "en"}
        Language of every text.
    as_of : date-like, optional
        Cut-off date for complete periods; the cut-off shown. Default: the end of the data.

    Returns
    -------
    Summary
        The KPIs with ``kpi_line``, the top three findings (``top_findings``) with ``finding_line``,
        and the rows read, loaded and set aside in one line.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"]})
    >>> page = summary(Company.from_frames(name="Muster AG", deals=deals, kpis=["close_rate"]), lang="en")
    >>> page.company, page.period, page.cut_off, [k.status_word for k in page.kpis], page.quality
    ('Muster AG', '03.02.2025 – 18.08.2025', '18.08.2025', ['no goal'], '3 rows read, 3 loaded, 0 set aside.')
    """
    start, end = company.period
    cut = pd.Timestamp(as_of) if as_of else end
    findings = run_checks(company, as_of=as_of)
    top = [finding_line(f, lang) for f in top_findings(findings)]
    titles = [line.title for line in top]
    for i, (f, line) in enumerate(zip(top_findings(findings), top, strict=True)):
        if titles.count(line.title) > 1 and f.kpi in KPIS:  # two alike: say which KPI each is about
            top[i] = replace(line, title=f"{line.title} · {KPIS[f.kpi].name(lang)}")
    return Summary(
        lang=lang, company=company.name, currency=company.currency,
        period=f"{fmt.date(start)} – {fmt.date(end)}" if start is not None and end is not None else fmt.UNDEFINED,
        cut_off=fmt.date(cut) if cut is not None else fmt.UNDEFINED,
        cut_off_date=cut.date() if cut is not None else None,
        kpis=tuple(kpi_line(company, k, lang=lang, as_of=as_of) for k in chosen_kpis(company)),
        findings=tuple(top),
        findings_total=len(findings),
        quality=t("SUMMARY_quality_line", lang, read=fmt.count(company.rows_read),
                  loaded=fmt.count(company.rows_loaded), rejected=fmt.count(company.rows_rejected)),
        rows_read=company.rows_read, rows_loaded=company.rows_loaded, rows_rejected=company.rows_rejected,
    )


__all__ = ["STATUSES", "FindingLine", "KpiLine", "Summary", "chosen_kpis", "finding_line", "kpi_line", "summary",
           "top_findings"]
