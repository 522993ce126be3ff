"""Live widgets for trainers (ipywidgets), each with a static view for batch runs and reports.

- ``kpi_picker``: tick 3 to 5 KPIs; the kit's checks say why a selection is not yet good;
- ``goal_builder``: a SMART goal with its company.yaml entry;
- ``what_if``: what a close rate higher by some points means for deals, new customers and revenue;
- ``kpi_explorer``: one KPI by grain, channel and time range, as a chart in the kit's style.

A widget object displays as the live widget in JupyterLab; where no widget can render (papermill
runs, the HTML report) its static HTML view of the current state stands in. Each widget's state
can be driven from code (``picker.value = (...)``, ``explorer.kpi.value = "cac"``), which is how the
tests use them. The submodules load on first use, so the picker does not pull in matplotlib.
"""

from importlib import import_module

_LAZY = {
    "GoalBuilder": "kpikit.views.widgets._goal",
    "goal_builder": "kpikit.views.widgets._goal",
    "KpiPicker": "kpikit.views.widgets._picker",
    "kpi_picker": "kpikit.views.widgets._picker",
    "WhatIf": "kpikit.views.widgets._whatif",
    "what_if": "kpikit.views.widgets._whatif",
    "KpiExplorer": "kpikit.views.widgets._explorer",
    "kpi_explorer": "kpikit.views.widgets._explorer",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kpikit.views.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["GoalBuilder", "KpiExplorer", "KpiPicker", "WhatIf", "goal_builder", "kpi_explorer", "kpi_picker",
           "what_if"]
