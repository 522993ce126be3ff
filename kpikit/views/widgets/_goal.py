"""SMART goal builder: statement, KPI, target, grain and deadline, checked as they are typed."""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import TYPE_CHECKING

import ipywidgets as w
import pandas as pd

from kpikit.checks.goals import complete_series, missing_parts
from kpikit.company.spec import Goal
from kpikit.core import fmt as _format
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.views.widgets._base import WIDE, Live, banner

if TYPE_CHECKING:
    from kpikit.company.model import Company

GRAINS = ("month", "quarter", "year")
FREQ = {"month": "M", "quarter": "Q", "year": "Y"}


class GoalBuilder(Live):
    """Build a SMART goal and get its company.yaml entry.

    The builder says which SMART parts are missing, shows the KPI's latest value at the chosen grain
    (the realistic starting point) and the change per period the target needs by the deadline, and
    warns about targets that point the wrong way, rates entered as percent and deadlines in the past.

    Parameters
    ----------
    company : Company, optional
        Gives the latest values and, in batch runs, the goals of company.yaml.
    lang : {"de", "en"}
        Language of labels and messages.
    as_of : date-like, optional
        Periods ending after this date count as incomplete; the deadline must lie after it.
    """

    def __init__(self, company: Company | None = None, *, lang: str = "de", as_of=None) -> None:
        self._set_lang(lang)
        self.company, self.as_of = company, as_of
        self._series: dict[tuple[str, str], pd.DataFrame] = {}
        self.statement = w.Text(description=self._t("L_statement"), placeholder=self._t("W_goal_placeholder"),
                                style=WIDE, layout=w.Layout(width="95%"))
        self.kpi = w.Dropdown(options=[("–", None)] + [(k.name(self.lang), k.id) for k in KPIS.values()],
                              description="KPI", style=WIDE)
        self.target = w.FloatText(description=self._t("L_target"), value=0.0, style=WIDE)
        self.per = w.Dropdown(options=[("–", None)] + [(self._t(f"grain1_{g}"), g) for g in GRAINS],
                              description=self._t("L_per"), style=WIDE)
        self.deadline = w.DatePicker(description=self._t("L_deadline"), style=WIDE)
        self.output = w.HTML()
        for control in (self.statement, self.kpi, self.target, self.per, self.deadline):
            control.observe(self._update, names="value")
        self.widget = w.VBox([w.HTML(f"<b>{html.escape(self._t('W_goal_title'))}</b>"), self.statement,
                              w.HBox([self.kpi, self.target]), w.HBox([self.per, self.deadline]), self.output])
        self.warnings: list[str] = []
        self._update()

    # --- state ---------------------------------------------------------------------------------------
    @property
    def goal(self) -> Goal:
        """The goal as entered so far (a target of 0 counts as not entered)."""
        deadline = self.deadline.value
        return Goal(id=self._t("W_goal_new_id"),
                    statement=self.statement.value.strip() or None, kpi=self.kpi.value,
                    target=self.target.value or None, per=self.per.value,
                    deadline=deadline if isinstance(deadline, dt.date) else None)

    @property
    def missing(self) -> list[str]:
        """The SMART parts still missing (statement, kpi, target, per, deadline)."""
        return missing_parts(self.goal)

    def yaml(self) -> str:
        """The goal as a company.yaml entry (strings quoted, so any statement stays valid YAML)."""
        g = self.goal
        return "\n".join([f"  - id: {g.id}", f"    statement: {json.dumps(g.statement or '', ensure_ascii=False)}",
                          f"    kpi: {g.kpi or ''}", f"    target: {g.target if g.target is not None else ''}",
                          f"    per: {g.per or ''}", f"    deadline: {g.deadline.isoformat() if g.deadline else ''}"])

    def latest(self) -> tuple[str, float] | None:
        """The chosen KPI's latest complete period and value at the chosen grain (cached per KPI and grain)."""
        kpi, per = self.kpi.value, self.per.value or "quarter"
        if self.company is None or kpi is None:
            return None
        key = (kpi, per)
        if key not in self._series:
            frame = compute_kpis(self.company, kpi, period=per, lang=self.lang)
            self._series[key] = complete_series(frame, self.company, self.as_of).dropna(subset=["value"])
        rows = self._series[key]
        if rows.empty:
            return None
        last = rows.iloc[-1]
        return _format.period_label(last["period"], per, self.lang), float(last["value"])

    def _checks(self, latest) -> list[str]:
        g, out = self.goal, []
        kpi = KPIS.get(g.kpi) if g.kpi else None
        if kpi is not None and kpi.unit == "ratio" and g.target is not None and g.target > 1:
            out.append(self._t("W_goal_percent", target=_format.number(g.target, 1),
                               fraction=_format.number(g.target / 100, 2)))
        end = pd.Timestamp(self.as_of) if self.as_of is not None else (
            self.company.period[1] if self.company is not None else None)
        if g.deadline is not None and end is not None and pd.Timestamp(g.deadline) <= end:
            out.append(self._t("W_goal_past", date=end.strftime("%d.%m.%Y")))
        if kpi is not None and latest is not None and g.target is not None:
            value = latest[1]
            if (kpi.direction == "higher" and g.target <= value) or (kpi.direction == "lower" and g.target >= value):
                out.append(self._t("W_goal_reached", value=_format.value(value, kpi.unit, self._currency)))
        return out

    @property
    def _currency(self) -> str:
        return self.company.currency if self.company is not None else "CHF"

    def _path(self, latest) -> str:
        """Latest value and the change per period the target needs."""
        g = self.goal
        if latest is None or g.kpi is None:
            return ""
        kpi, (label, value) = KPIS[g.kpi], latest
        per = g.per or "quarter"
        text = self._t("W_goal_latest", period=label, value=_format.value(value, kpi.unit, self._currency))
        end = pd.Timestamp(self.as_of) if self.as_of is not None else self.company.period[1]
        if g.target is not None and g.deadline is not None and end is not None and pd.Timestamp(g.deadline) > end:
            freq = FREQ[per]
            periods = max(1, pd.Period(g.deadline, freq).ordinal - pd.Period(end, freq).ordinal)
            step = (g.target - value) / periods
            shown = (_format.points(step, self.lang) if kpi.unit == "ratio"
                     else ("+" if step >= 0 else "") + _format.value(step, kpi.unit, self._currency))
            text += " " + self._t("W_goal_step", step=shown, grain=self._t(f"grain1_{per}"), n=periods)
        return f"<p style='margin:4px 0'>{html.escape(text)}</p>"

    # --- view ----------------------------------------------------------------------------------------
    def _update(self, *_) -> None:
        missing = self.missing
        latest = self.latest()
        self.warnings = self._checks(latest)
        if missing:
            names = ", ".join("KPI" if m == "kpi" else self._t(f"L_{m}") for m in missing)
            head = banner("critical", self._t("W_goal_missing", parts=names))
        elif self.warnings:
            head = banner("warning", self._t("W_goal_smart_but"))
        else:
            head = banner("ok", self._t("W_goal_smart"))
        notes = "".join(banner("warning", text) for text in self.warnings)
        self.output.value = head + notes + self._path(latest) + f"<pre>{html.escape(self.yaml())}</pre>"

    def static_html(self) -> str:
        """A note in batch runs: the builder is interactive; the goals table stands above it in phase 1."""
        if self.company is None:
            return self.output.value
        return self._batch_note("W_goal_batch")


def goal_builder(company: Company | None = None, *, lang: str = "de", as_of=None) -> GoalBuilder:
    """A SMART goal builder (live widget; static goal table in batch runs).

    Parameters
    ----------
    company : Company, optional
        Gives the latest values and, in batch runs, the goals of company.yaml.
    lang, as_of
        As for ``GoalBuilder``: language, cut-off date.

    Returns
    -------
    GoalBuilder
        The builder; it displays as the live widget, or as its static HTML where widgets cannot render.

    Examples
    --------
    >>> import datetime as dt
    >>> builder = goal_builder(lang="en")
    >>> builder.missing
    ['statement', 'kpi', 'target', 'per', 'deadline']
    >>> builder.statement.value, builder.kpi.value = "Win more deals", "close_rate"
    >>> builder.target.value, builder.per.value, builder.deadline.value = 0.4, "quarter", dt.date(2026, 12, 31)
    >>> builder.missing, builder.goal.id
    ([], 'new_goal')
    """
    return GoalBuilder(company, lang=lang, as_of=as_of)
