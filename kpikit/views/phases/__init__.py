"""What the seven phase notebooks show: one function per view, each returning a tidy frame (or HTML, Markdown).

Notebooks only call these functions and explain the result; nothing is computed in a notebook.
Column headers and values follow ``lang``. The notebooks import the package as ``from kpikit.views
import phases`` and call ``phases.setup()`` once, so that pandas shows findings whole.

One module per phase (or topic):

- ``choose``: the KPIs a phase can show for the data at hand, what is missing, whether there are dates;
- ``common``: column labels, the candidate KPIs, the last four quarters, findings as a table, ``setup``;
- ``goals`` (phase 1): baselines, the goals of company.yaml and what they lack to be SMART;
- ``selection`` (phase 2): the catalogue against goals and data, the 3–5 check;
- ``data`` (phases 1 and 3): tables, gaps in capture, filled fields, rejected rows, computability;
- ``training`` (phase 4): KPIs explained with the company's own numbers, the quiz;
- ``whatif`` (phase 4): what a higher close rate would have meant;
- ``analysis`` (phase 5): the funnel, the channels side by side;
- ``review`` (phases 6 and 7): diagnoses, proposed KPIs and goals, the next 30 days.
"""

from kpikit.views.phases.analysis import channel_comparison, cohorts, funnel, funnel_by_channel, funnel_note
from kpikit.views.phases.choose import SEGMENT_KPIS, TREND_KPIS, choose_kpis, dated, missing_note, trend_note
from kpikit.views.phases.common import SOURCE_KPIS, findings_table, last_quarters, setup
from kpikit.views.phases.data import completeness, computability, field_fill, rejected_summary, snapshot
from kpikit.views.phases.goals import baselines, goal_findings, goals_table
from kpikit.views.phases.review import diagnoses, next_30_days, proposed_goals, proposed_kpis
from kpikit.views.phases.selection import catalogue_fit, selection_findings
from kpikit.views.phases.training import explain_kpis, explain_markdown, explain_table, quiz, quiz_html
from kpikit.views.phases.whatif import what_if, what_if_basis, what_if_table

__all__ = [
    "SEGMENT_KPIS",
    "SOURCE_KPIS",
    "TREND_KPIS",
    "baselines",
    "catalogue_fit",
    "channel_comparison",
    "choose_kpis",
    "cohorts",
    "completeness",
    "computability",
    "dated",
    "diagnoses",
    "explain_kpis",
    "explain_markdown",
    "explain_table",
    "field_fill",
    "findings_table",
    "funnel",
    "funnel_by_channel",
    "funnel_note",
    "goal_findings",
    "goals_table",
    "last_quarters",
    "missing_note",
    "next_30_days",
    "proposed_goals",
    "proposed_kpis",
    "quiz",
    "quiz_html",
    "rejected_summary",
    "selection_findings",
    "setup",
    "snapshot",
    "trend_note",
    "what_if",
    "what_if_basis",
    "what_if_table",
]
