"""Bar charts: the funnel from lead to won deal, and one KPI per channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

from kpikit.core import fmt
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.views.phases.common import last_quarters
from kpikit.views.plots.style import PALETTE, axis_formatter, chart_text, new_axes, no_data, use_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kpikit.company.model import Company


def funnel_chart(table: pd.DataFrame, *, lang: str = "de", ax: Axes | None = None) -> Figure:
    """Horizontal bars of a funnel table from ``phases.funnel``.

    Parameters
    ----------
    table : pandas.DataFrame
        A ``phases.funnel`` table: stage in the first column, count in the second.
    lang : {"de", "en"}
        Language of title and axis.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure by default.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per stage, labelled with its count.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"Stage": ["Leads", "Deals won"], "Count": ["1'040", "6"], "Share": ["100.0 %", "0.6 %"]})
    >>> fig = funnel_chart(table, lang="en")
    >>> fig.axes[0].get_title(), [text.get_text() for text in fig.axes[0].texts]
    ('Funnel', ["  1'040", '  6'])
    >>> plt.close(fig)
    """
    use_style()
    fig, ax = new_axes(ax, size=(8, 0.7 + 0.6 * max(len(table), 1)))
    if len(table):
        stage, count = table.columns[0], table.columns[1]
        # the funnel table shows its counts in the number style ("2'184"); the bars need the numbers
        numbers = pd.to_numeric(table[count].astype(str).str.replace("'", "", regex=False), errors="coerce")
        table = table.assign(**{stage: table[stage].map(chart_text), count: numbers}).dropna(subset=[count])
        table = table.reset_index(drop=True)  # a step without data ("–") has no bar; the table names it
        sns.barplot(data=table, y=stage, x=count, ax=ax, color=PALETTE[0], orient="h")
        for i, v in enumerate(table[count]):
            ax.text(v, i, chart_text(f"  {fmt.number(v)}"), va="center")
        ax.xaxis.set_major_formatter(axis_formatter("count"))
        ax.set_ylabel("")
        ax.set_xlabel(chart_text(t("L_count", lang)))
    ax.set_title(chart_text(t("L_funnel_title", lang)))
    return fig


def channel_bars(company: Company, kpi: str, *, lang: str = "de", start=None, end=None, as_of=None,
                 ax: Axes | None = None) -> Figure:
    """One KPI per channel over a span, as bars sorted best first (direction-aware).

    Without ``start`` and ``end`` the span is the last four complete quarters up to ``as_of``, the
    same window as ``phases.channel_comparison``, and it is named in the title.

    Parameters
    ----------
    company : Company
        The company.
    kpi : str
        KPI id.
    lang : {"de", "en"}
        Language of title and axes.
    start, end : date-like, optional
        The span; default the last four complete quarters.
    as_of : date-like, optional
        Cut-off date of the default span. Default: the end of the data.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure by default.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per channel with a value, labelled with ``KPI.show``; without values, an empty chart
        that says why.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from kpikit import Company
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "channel": ["Messe", "Web", "Web"],
    ...                       "created_at": ["2025-01-06", "2025-02-03", "2025-05-17"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    >>> fig = channel_bars(Company.from_frames(leads=leads, period=half_year), "leads", lang="en")
    >>> fig.axes[0].get_title(), [text.get_text().strip() for text in fig.axes[0].texts]
    ('Leads – Channel (2025-Q1 – 2025-Q2)', ['2', '1'])
    >>> plt.close(fig)
    """
    use_style()
    span_label = ""
    if start is None and end is None:
        span = last_quarters(company, as_of)
        if span is not None:
            start, end = span
            first, last = (fmt.period_label(str(d.date()), "quarter", lang) for d in (start, end))
            span_label = f" ({first} – {last})"
    frame = compute_kpis(company, kpi, period="all", by="channel", start=start, end=end, lang=lang)
    frame = frame[frame["segment"].notna() & (frame["segment"] != "–") & frame["value"].notna()]
    frame = frame.sort_values("value", ascending=KPIS[kpi].direction == "lower")
    fig, ax = new_axes(ax, size=(8, 0.7 + 0.45 * max(len(frame), 1)))
    if not len(frame):
        no_data(ax, f"{KPIS[kpi].name(lang)} – {t('L_channel', lang)}{span_label}", lang,
                 t("L_no_segment_values", lang))
        return fig
    frame = frame.assign(segment=frame["segment"].map(chart_text))  # tick labels: the names as they are
    sns.barplot(data=frame, y="segment", x="value", ax=ax, color=PALETTE[1], orient="h")
    ticks = axis_formatter(KPIS[kpi].unit, company.currency, percent=KPIS[kpi].bounded, ax=ax, axis="x")
    for i, v in enumerate(frame["value"]):
        ax.text(v, i, chart_text("  " + KPIS[kpi].show(v, company.currency)), va="center")
    ax.xaxis.set_major_formatter(ticks)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.set_ylabel(chart_text(t("L_channel", lang)))
    ax.set_xlabel(chart_text(KPIS[kpi].name(lang)))
    ax.set_title(chart_text(f"{KPIS[kpi].name(lang)} – {t('L_channel', lang)}{span_label}"))
    return fig


__all__ = ["channel_bars", "funnel_chart"]
