"""Live widgets for trainers (ipywidgets), each with a static view for batch runs and reports.

- ``kpi_picker``: tick 3 to 5 KPIs; the kit's checks say why a selection is not yet good;
- ``goal_builder``: a SMART goal with its company.yaml entry;
- ``what_if``: what a close rate higher by some points means for deals, new customers and revenue;
- ``kpi_explorer``: one KPI by grain, channel and time range, as a chart in the kit's style.

A widget object displays as the live widget in JupyterLab; where no widget can render (papermill
runs, the HTML report) its static HTML view of the current state stands in. Each widget's state
can be driven from code (``picker.value = (...)``, ``explorer.kpi.value = "cac"``), which is how the
tests use them. The four modules load together (about 20 ms once ipywidgets and pandas are loaded);
matplotlib loads only when the first explorer draws, so the picker does not pull it in.
"""

from kpikit.views.widgets._explorer import KpiExplorer, kpi_explorer
from kpikit.views.widgets._goal import GoalBuilder, goal_builder
from kpikit.views.widgets._picker import KpiPicker, kpi_picker
from kpikit.views.widgets._whatif import WhatIf, what_if

__all__ = ["GoalBuilder", "KpiExplorer", "KpiPicker", "WhatIf", "goal_builder", "kpi_explorer", "kpi_picker",
           "what_if"]
