"""Live widgets for trainers (ipywidgets), each with a static view for batch runs and reports.

A widget object displays as the live widget in JupyterLab; where no widget can render (papermill
runs, the HTML report) the static HTML view stands in.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pandas as pd

from kpikit._catalogue import KPIS
from kpikit._config import Goal
from kpikit._goals import missing_parts
from kpikit._i18n import t


class _Live:
    """Displays as the live widget, with a static HTML fallback in the same output."""

    widget: w.Widget

    def static_html(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle)
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"<{type(self).__name__}>"
        return bundle


class GoalBuilder(_Live):
    """Build a SMART goal: statement, KPI, target, grain, deadline; shows what is missing and the YAML."""

    def __init__(self, company=None, *, lang: str = "de") -> None:
        self.lang = lang
        self.company = company
        de = lang == "de"
        self.statement = w.Text(description="Aussage" if de else "Statement", placeholder=(
            "Bis 31.12.2026 mindestens 60 Neukunden pro Quartal" if de else "At least 60 new customers a quarter"),
            layout=w.Layout(width="95%"))
        self.kpi = w.Dropdown(options=[("–", None)] + [(k.name(lang), k.id) for k in KPIS.values()],
                              description="KPI")
        self.target = w.FloatText(description="Zielwert" if de else "Target", value=0.0)
        self.per = w.Dropdown(options=[("–", None)] + [(t(f"grain1_{g}", lang), g) for g in ("month", "quarter",
                                                                                             "year")],
                              description="Raster" if de else "Grain")
        self.deadline = w.DatePicker(description="Termin" if de else "Deadline")
        self.output = w.HTML()
        for control in (self.statement, self.kpi, self.target, self.per, self.deadline):
            control.observe(self._update, names="value")
        self.widget = w.VBox([self.statement, w.HBox([self.kpi, self.target]), w.HBox([self.per, self.deadline]),
                              self.output])
        self._update()

    @property
    def goal(self) -> Goal:
        """The goal as entered so far."""
        deadline = self.deadline.value
        return Goal(id="neues_ziel" if self.lang == "de" else "new_goal", statement=self.statement.value or None,
                    kpi=self.kpi.value, target=self.target.value or None, per=self.per.value,
                    deadline=deadline if isinstance(deadline, dt.date) else None)

    def yaml(self) -> str:
        """The goal as a company.yaml snippet."""
        g = self.goal
        lines = [f"  - id: {g.id}", f'    statement: "{g.statement or ""}"', f"    kpi: {g.kpi or ''}",
                 f"    target: {g.target if g.target is not None else ''}", f"    per: {g.per or ''}",
                 f"    deadline: {g.deadline.isoformat() if g.deadline else ''}"]
        return "\n".join(lines)

    def _update(self, *_):
        missing = missing_parts(self.goal)
        if missing:
            text = ("Noch nicht SMART – es fehlt: " if self.lang == "de" else "Not SMART yet – missing: ")
            head = f"<p style='color:#c0392b'>{text}{', '.join(missing)}</p>"
        else:
            head = "<p style='color:#3a9d5d'>SMART ✓</p>"
        self.output.value = head + f"<pre>{self.yaml()}</pre>"

    def static_html(self) -> str:
        """The company's goals as a table (batch view)."""
        from kpikit.phases import goals_table

        if self.company is None:
            return self.output.value
        note = ("<p><i>Zielbauer: in JupyterLab interaktiv; hier die Ziele aus company.yaml.</i></p>"
                if self.lang == "de" else
                "<p><i>Goal builder: interactive in JupyterLab; here the goals of company.yaml.</i></p>")
        return note + goals_table(self.company, lang=self.lang).to_html(index=False)


class WhatIf(_Live):
    """What a higher close rate would have meant for won deals, new customers and revenue."""

    def __init__(self, company, *, lang: str = "de", as_of=None, points: float = 5.0) -> None:
        self.company, self.lang, self.as_of = company, lang, as_of
        self.slider = w.FloatSlider(value=points, min=-10, max=20, step=1,
                                    description="+ Punkte" if lang == "de" else "+ points")
        self.output = w.HTML()
        self.slider.observe(self._update, names="value")
        self.widget = w.VBox([self.slider, self.output])
        self._update()

    def table(self) -> pd.DataFrame:
        """The what-if table for the slider's value."""
        from kpikit.phases import what_if

        return what_if(self.company, close_rate_points=self.slider.value, lang=self.lang, as_of=self.as_of)

    def _update(self, *_):
        self.output.value = self.table().to_html(index=False)

    def static_html(self) -> str:
        """The table for the default value (batch view)."""
        return self.output.value


def goal_builder(company=None, *, lang: str = "de") -> GoalBuilder:
    """A SMART goal builder (live widget; static goal table in batch runs)."""
    return GoalBuilder(company, lang=lang)


def what_if(company, *, lang: str = "de", as_of=None, points: float = 5.0) -> WhatIf:
    """A what-if simulator for the close rate (live slider; static table in batch runs)."""
    return WhatIf(company, lang=lang, as_of=as_of, points=points)
