"""Layer 4, checks: goal status, common-mistake checks and diagnoses, each returned as findings.

``run_checks(company)`` collects every finding at once. Each ``Finding`` has a stable code, a
severity (info, warning, critical), a message and a recommendation in German and English, and the
evidence in numbers. The modules, by what they judge:

- ``findings``: the ``Finding`` type, its severities and ``findings_frame``;
- ``goals``: SMART goals, their status on complete periods (``goal_status``) and ``check_goals``;
- ``selection``: the KPI choice (3–5 KPIs, goals ↔ KPIs, vanity metrics) and computability;
- ``channels``: paid channels whose name the CRM does not use;
- ``window``: too short a window, too few observations, a change within the noise;
- ``diagnoses``: a falling close rate with flat leads, a rising CAC (per channel);
- ``run``: ``run_checks``, all of them, remembered in ``company.checked``.

Naming rule: ``check_*`` judge the configuration and the amount of data, ``diagnose_*`` test the KPI
series for the two stories; every one takes the company and returns a list of findings.
"""

from kpikit.checks.channels import check_channels
from kpikit.checks.diagnoses import diagnose, diagnose_cac, diagnose_close_rate
from kpikit.checks.findings import SEVERITIES, Finding, findings_frame
from kpikit.checks.goals import (
    STATUSES,
    GoalStatus,
    check_goals,
    complete_series,
    goal_status,
    goal_statuses,
    missing_parts,
)
from kpikit.checks.run import run_checks
from kpikit.checks.selection import NOT_OUTCOME, VANITY, capture_advice, check_computable, check_selection
from kpikit.checks.window import check_noise, check_window

__all__ = [
    "NOT_OUTCOME",
    "SEVERITIES",
    "STATUSES",
    "VANITY",
    "Finding",
    "GoalStatus",
    "capture_advice",
    "check_channels",
    "check_computable",
    "check_goals",
    "check_noise",
    "check_selection",
    "check_window",
    "complete_series",
    "diagnose",
    "diagnose_cac",
    "diagnose_close_rate",
    "findings_frame",
    "goal_status",
    "goal_statuses",
    "missing_parts",
    "run_checks",
]
