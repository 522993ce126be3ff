"""What-if simulator: what a higher (or lower) close rate would have meant for deals, customers and revenue."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as w
import pandas as pd

from kpikit.core import fmt as _format
from kpikit.views.phases.whatif import what_if_basis, what_if_table
from kpikit.views.widgets._base import WIDE, Live, banner

if TYPE_CHECKING:
    from kpikit.company.model import Company


class WhatIf(Live):
    """A slider for the close rate in percentage points, and what it means over the last four quarters.

    The figures it rests on (closed and won deals, deal size, new customers, revenue) are computed
    once with ``phases.what_if_basis``; moving the slider only redoes the arithmetic of
    ``phases.what_if_table``.

    Parameters
    ----------
    company : Company
        The company; needs deals.
    lang : {"de", "en"}
        Language of labels and the table.
    as_of : date-like, optional
        End of the last complete quarter to use.
    points : float
        Starting value of the slider in percentage points (-10 to +20).
    """

    def __init__(self, company: Company, *, lang: str = "de", as_of=None, points: float = 5.0) -> None:
        self._set_lang(lang)
        self.company, self.as_of = company, as_of
        self.basis = what_if_basis(company, as_of=as_of)
        self.slider = w.FloatSlider(value=points, min=-10, max=20, step=1, readout_format="+.0f",
                                    description=self._t("W_whatif_points"), style=WIDE,
                                    layout=w.Layout(width="60%"), continuous_update=True)
        self.output = w.HTML()
        self.slider.observe(self._update, names="value")
        self.widget = w.VBox([w.HTML(f"<b>{html.escape(self._t('W_whatif_title'))}</b>"), self.slider,
                              self.output])
        self._update()

    @property
    def value(self) -> float:
        """The slider's value in percentage points."""
        return self.slider.value

    @value.setter
    def value(self, points: float) -> None:
        self.slider.value = points

    def table(self) -> pd.DataFrame:
        """The what-if table for the slider's value."""
        return what_if_table(self.basis, close_rate_points=self.slider.value, lang=self.lang)

    def _basis_text(self) -> str:
        b = self.basis
        start, end = pd.Timestamp(b["start"]), pd.Timestamp(b["end"])
        return self._t("W_whatif_basis", start=_format.period_label(start.date().isoformat(), "quarter"),
                       end=_format.period_label(end.date().isoformat()[:8] + "01", "quarter"),
                       closed=_format.number(b["closed"]), won=_format.number(b["won"]),
                       size=_format.money(b["avg_deal_size"], b["currency"]))

    def _update(self, *_) -> None:
        if self.basis is None:
            self.output.value = banner("info", self._t("W_whatif_none"))
            return
        self.output.value = (f"<p style='color:#5d6d7e;margin:4px 0'>{html.escape(self._basis_text())}</p>"
                             + self.table().to_html(index=False))

    def static_html(self) -> str:
        """The table for the starting value (batch view)."""
        return self._batch_note("W_whatif_batch") + self.output.value


def what_if(company: Company, *, lang: str = "de", as_of=None, points: float = 5.0) -> WhatIf:
    """A what-if simulator for the close rate (live slider; static table in batch runs).

    Parameters
    ----------
    company : Company
        The company; needs deals.
    lang, as_of, points
        As for ``WhatIf``: language, cut-off date, the slider's starting value.

    Returns
    -------
    WhatIf
        The simulator; it displays as the live widget, or as its static HTML where widgets cannot render.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    >>> simulator = what_if(Company.from_frames(deals=deals, period=half_year), lang="en", points=20)
    >>> simulator.table()["What if"].tolist()
    ['70.0 %', '3', '3', "CHF 3'500"]
    >>> simulator.value = -10
    >>> simulator.table()["What if"].tolist()[0]
    '40.0 %'
    """
    return WhatIf(company, lang=lang, as_of=as_of, points=points)
