"""``run_checks``: every check and diagnosis of a company at once, remembered per cut-off date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kpikit.checks.channels import check_channels
from kpikit.checks.data import check_data
from kpikit.checks.diagnoses import diagnose
from kpikit.checks.findings import Finding, by_severity
from kpikit.checks.goals import check_goals
from kpikit.checks.selection import check_computable, check_selection
from kpikit.checks.window import check_immature, check_noise, check_window

if TYPE_CHECKING:
    from kpikit.company.model import Company

# In this order; the checks that take a cut-off date get ``as_of``.
CHECKS = (check_selection, check_goals, check_window, check_noise, check_immature, check_computable, check_channels,
          diagnose, check_data)
WITHOUT_AS_OF = (check_selection, check_computable, check_channels, check_data)


def run_checks(company: Company, *, as_of: str | dt.date | None = None) -> list[Finding]:
    """Every check and diagnosis at once, critical findings first.

    The result is remembered in ``company.checked`` (per ``as_of``), so notebooks that show findings
    in several views compute them once; each call returns a fresh list.

    Parameters
    ----------
    company : Company
        The company to check.
    as_of : str or date, optional
        Cut-off date for complete periods. Default: the end of the data.

    Returns
    -------
    list of Finding
        The findings of ``check_selection``, ``check_goals``, ``check_window``, ``check_noise``,
        ``check_immature``, ``check_computable``, ``check_channels``, ``diagnose`` and ``check_data``, in
        this order, sorted by severity (critical, warning, info; the order within a severity is kept).

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["a", "b", "c", "d", "e"],
    ...                       "status": ["won", "lost", "won", "lost", "lost"],
    ...                       "closed_at": ["2025-01-10", "2025-01-20", "2025-02-11", "2025-03-12", "2025-03-20"]})
    >>> company = Company.from_frames(deals=deals, kpis=["close_rate", "new_customers", "cac"])
    >>> [(f.code, f.severity) for f in run_checks(company)]  # doctest: +NORMALIZE_WHITESPACE
    [('KPI_NOT_COMPUTABLE', 'critical'), ('KPI_WITHOUT_GOAL', 'warning'), ('KPI_WITHOUT_GOAL', 'warning'),
     ('KPI_WITHOUT_GOAL', 'warning'), ('WINDOW_TOO_SHORT', 'warning'), ('TOO_FEW_OBSERVATIONS', 'info'),
     ('CHANGE_WITHIN_NOISE', 'info')]
    >>> list(company.checked)
    ['None']
    """
    key = str(as_of)
    if key not in company.checked:
        findings: list[Finding] = []
        for check in CHECKS:
            findings.extend(check(company) if check in WITHOUT_AS_OF else check(company, as_of=as_of))
        company.checked[key] = by_severity(findings)
    return list(company.checked[key])
