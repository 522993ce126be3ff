"""KPI picker: tick 3 to 5 KPIs; the kit's own checks say why a selection is not yet good."""

from __future__ import annotations

import dataclasses
import html
from types import SimpleNamespace
from typing import TYPE_CHECKING

import ipywidgets as w

from kpikit.checks import VANITY, check_computable, check_selection
from kpikit.kpis.registry import KPIS
from kpikit.views.widgets._base import Live, banner, findings_html

if TYPE_CHECKING:
    from kpikit.company.model import Company

MIN_KPIS, MAX_KPIS = 3, 5
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


class KpiPicker(Live):
    """Pick the 3 to 5 KPIs the company steers by.

    One checkbox per catalogue KPI, labelled with the goal it measures. Every change runs the kit's
    selection checks (``check_selection``: 3–5, KPIs without a goal, goals whose KPI is not picked,
    vanity metrics) and adds the KPIs the data cannot produce (``check_computable``, computed once).
    The selection is *accepted* (``valid``, YAML line) only with 3 to 5 computable KPIs; more can be
    ticked, so that a trainer can show what goes wrong with nine.

    Parameters
    ----------
    company : Company
        The company whose goals and data the checks use.
    lang : {"de", "en"}
        Language of labels and messages.
    selected : sequence of str, optional
        KPI ids ticked at the start; the company's ``kpis`` by default.

    Examples
    --------
    >>> picker = KpiPicker(company)                       # doctest: +SKIP
    >>> picker.value = ("new_customers", "close_rate", "cac")   # doctest: +SKIP
    >>> picker.valid, picker.yaml()                        # doctest: +SKIP
    (True, 'kpis: [new_customers, close_rate, cac]')
    """

    def __init__(self, company: Company, *, lang: str = "de", selected=None) -> None:
        self._set_lang(lang)
        self.company = company
        goal_of: dict[str, list[str]] = {}
        for g in company.goals:
            if g.kpi in KPIS:
                goal_of.setdefault(g.kpi, []).append(g.id)
        self.goal_of = goal_of
        # Computability does not depend on the selection: check every KPI once.
        everything = dataclasses.replace(company, kpis=tuple(KPIS), goals=())
        self.not_computable = {f.kpi: f for f in check_computable(everything)}
        start = tuple(selected if selected is not None else company.kpis)
        unknown = [k for k in start if k not in KPIS]
        if unknown:
            raise ValueError(f"Got selected={unknown!r}. Must be KPI ids of the catalogue: {list(KPIS)}.")
        self.checkboxes: dict[str, w.Checkbox] = {}
        for k, kpi in KPIS.items():
            label = kpi.name(self.lang)
            if k in goal_of:
                label += f" · {self._t('W_goal')} {', '.join(goal_of[k])}"
            elif k in self.not_computable:
                label += f" · {self._t('W_no_data')}"
            elif k in VANITY:
                label += f" · {self._t('W_vanity')}"
            box = w.Checkbox(value=k in start, description=label, indent=False,
                             layout=w.Layout(width="auto", margin="0 12px 0 0"))
            box.observe(self._update, names="value")
            self.checkboxes[k] = box
        self.output = w.HTML()
        title = w.HTML(f"<b>{html.escape(self._t('W_picker_title'))}</b>")
        grid = w.GridBox(list(self.checkboxes.values()),
                         layout=w.Layout(grid_template_columns="repeat(3, minmax(200px, 1fr))"))
        self.widget = w.VBox([title, grid, self.output])
        self.findings = []
        self._update()

    # --- state ---------------------------------------------------------------------------------------
    @property
    def value(self) -> tuple[str, ...]:
        """The ticked KPI ids, in catalogue order."""
        return tuple(k for k, box in self.checkboxes.items() if box.value)

    @value.setter
    def value(self, kpis) -> None:
        kpis = set(kpis)
        unknown = sorted(kpis - set(KPIS))
        if unknown:
            raise ValueError(f"Got value={unknown!r}. Must be KPI ids of the catalogue: {list(KPIS)}.")
        for k, box in self.checkboxes.items():  # one check for the whole selection, not one per box
            box.unobserve(self._update, names="value")
            box.value = k in kpis
            box.observe(self._update, names="value")
        self._update()

    @property
    def valid(self) -> bool:
        """3 to 5 KPIs, each computable from the data at hand."""
        sel = self.value
        return MIN_KPIS <= len(sel) <= MAX_KPIS and not any(k in self.not_computable for k in sel)

    @property
    def codes(self) -> list[str]:
        """Codes of the current findings, e.g. ``["KPI_COUNT_HIGH", "KPI_WITHOUT_GOAL"]``."""
        return [f.code for f in self.findings]

    def yaml(self) -> str:
        """The ``kpis:`` line for company.yaml (only offered while the selection is valid)."""
        return f"kpis: [{', '.join(self.value)}]"

    def check(self) -> list:
        """Findings for the current selection, most severe first."""
        sel = self.value
        proxy = SimpleNamespace(kpis=sel, goals=self.company.goals)
        found = check_selection(proxy) + [self.not_computable[k] for k in sel if k in self.not_computable]
        return sorted(found, key=lambda f: SEVERITY_ORDER[f.severity])

    # --- view ----------------------------------------------------------------------------------------
    def _update(self, *_) -> None:
        self.findings = self.check()
        n = len(self.value)
        if self.valid:
            warned = any(f.severity != "info" for f in self.findings)
            head = banner("warning" if warned else "ok", self._t("W_picker_ok_but" if warned else "W_picker_ok", n=n))
            tail = f"<pre>{html.escape(self.yaml())}</pre>"
        else:
            head = banner("critical", self._t("W_picker_count", n=n) if not MIN_KPIS <= n <= MAX_KPIS
                          else self._t("W_picker_data", n=n))
            tail = ""
        self.output.value = head + findings_html(self.findings, self.lang) + tail

    def static_html(self) -> str:
        """The selection and its findings (batch view)."""
        names = ", ".join(KPIS[k].name(self.lang) for k in self.value) or "–"
        return (self._batch_note("W_picker_batch") + f"<p>{html.escape(self._t('W_selected'))}: "
                f"{html.escape(names)}</p>" + self.output.value)


def kpi_picker(company: Company, *, lang: str = "de", selected=None) -> KpiPicker:
    """A KPI picker that enforces 3–5 KPIs and says why (live checkboxes; static findings in batch runs).

    Parameters
    ----------
    company : Company
        The company whose goals and data the checks use.
    lang, selected
        As for ``KpiPicker``: language, the KPIs ticked at the start.

    Returns
    -------
    KpiPicker
        The picker; it displays as the live widget, or as its static HTML where widgets cannot render.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-02-03", "2025-05-12", "2025-08-18"],
    ...                       "amount": [1000.0, 800.0, 1500.0], "customer_id": ["K1", "K2", "K3"]})
    >>> picker = kpi_picker(Company.from_frames(deals=deals), lang="en", selected=["close_rate"])
    >>> picker.valid, picker.codes
    (False, ['KPI_COUNT_LOW', 'KPI_WITHOUT_GOAL'])
    >>> picker.value = ("close_rate", "new_customers", "avg_deal_size")
    >>> picker.valid, picker.yaml()
    (True, 'kpis: [new_customers, close_rate, avg_deal_size]')
    """
    return KpiPicker(company, lang=lang, selected=selected)
