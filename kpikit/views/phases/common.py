"""What the phase views share: column labels, the candidate KPIs, the last four quarters, findings as a table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks import Finding
from kpikit.checks.goals import complete_series
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis

if TYPE_CHECKING:
    from kpikit.company.model import Company

# The KPIs the source text names, offered as candidates in phases 1 and 2.
SOURCE_KPIS = ("new_customers", "revenue_per_customer", "close_rate", "conversion_rate", "cac", "reach")


def setup() -> None:
    """Show table cells whole: findings and recommendations are sentences.

    pandas cuts text cells at 50 characters when it displays a frame; the phase notebooks call this
    once, in their first code cell, so that a finding is never shown cut off. It sets pandas'
    ``display.max_colwidth`` to None, for the whole session.

    Returns
    -------
    None

    Examples
    --------
    >>> with pd.option_context("display.max_colwidth", 50):
    ...     setup()
    ...     pd.get_option("display.max_colwidth") is None
    True
    """
    pd.set_option("display.max_colwidth", None)


def L(key: str, lang: str) -> str:
    """Column label ``key`` in ``lang`` (the message ``L_<key>``).

    Parameters
    ----------
    key : str
        The label without its ``L_`` prefix, e.g. ``"kpi"``.
    lang : {"de", "en"}
        Language of the label.

    Returns
    -------
    str
        The label.

    Examples
    --------
    >>> L("rejected", "de"), L("rejected", "en")
    ('Abgewiesen', 'Rejected')
    """
    return t(f"L_{key}", lang)


def last_quarters(company: Company, as_of=None, n: int = 4) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Start and end of the last ``n`` complete quarters up to ``as_of``.

    The quarters are those of the company's leads (or, without leads, its new customers) that ended by
    ``as_of``; the views of phases 1, 4 and 5 use them as "the last year".

    Parameters
    ----------
    company : Company
        The company.
    as_of : date-like, optional
        Cut-off date; quarters ending after it are incomplete. Default: the end of the data.
    n : int
        Number of quarters.

    Returns
    -------
    tuple of pandas.Timestamp or None
        First day of the first quarter and last day of the last one; None without any complete quarter.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "customer_id": ["K1", "K2", "K3"]})
    >>> company = Company.from_frames(deals=deals, period=(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-09-30")))
    >>> [str(d.date()) for d in last_quarters(company, n=2)]
    ['2025-04-01', '2025-09-30']
    """
    frame = compute_kpis(company, "leads" if company.leads is not None else "new_customers", period="quarter")
    rows = complete_series(frame, company, as_of)
    if rows.empty:
        return None
    tail = rows.tail(n)
    return pd.Timestamp(tail["period_start"].iloc[0]), pd.Timestamp(tail["period_end"].iloc[-1])


def findings_table(findings: list[Finding], *, lang: str = "de", empty: str | None = None) -> pd.DataFrame:
    """Findings with severity, title, message, recommendation and confidence, for display.

    Parameters
    ----------
    findings : list of Finding
        Findings of the checks (``run_checks``, ``check_selection``), in the order to show.
    lang : {"de", "en"}
        Language of headers and texts.
    empty : str, optional
        What to say when there are no findings, e.g. which checks ran.

    Returns
    -------
    pandas.DataFrame
        One row per finding: severity, short title, what the data shows, recommendation, confidence
        (the finding's code stays in the workbook). Without findings one row that says so: ``empty``,
        which names what was checked, or a general "no findings".

    Examples
    --------
    >>> findings_table([], lang="en").iloc[0].tolist()
    ['–', '–', 'No findings: nothing to flag here.', '–', '–']
    """
    columns = [L("severity", lang), L("title", lang), L("detail", lang), L("recommendation", lang),
               L("confidence", lang)]
    rows = [dict(zip(columns, (t(f"severity_{f.severity}", lang), f.title(lang), f.message(lang),
                               f.recommendation(lang),
                               t(f"confidence_{f.confidence}", lang) if f.confidence else "–"), strict=True))
            for f in findings]
    if not rows:  # say so, and what was checked, rather than show an empty table
        rows = [dict(zip(columns, ("–", "–", empty or L("no_findings", lang), "–", "–"), strict=True))]
    return pd.DataFrame(rows, columns=columns)


__all__ = ["SOURCE_KPIS", "L", "findings_table", "last_quarters", "setup"]
