"""KPIs over time: one series with its confidence band and goal, one line per segment, a goal's chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import seaborn as sns

from kpikit.checks.goals import complete_series, goal_status
from kpikit.core import fmt
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.periods import complete_periods
from kpikit.kpis.registry import KPIS
from kpikit.views.plots.style import GOAL_COLOUR, PALETTE, chart_text, finish_time_axes, new_axes, no_data, use_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kpikit.company.model import Company
    from kpikit.company.spec import Goal


def kpi_trend(company: Company, kpi: str, *, period: str = "quarter", lang: str = "de", as_of=None,
              goal: Goal | None = None, ax: Axes | None = None) -> Figure:
    """One KPI over time, with its confidence band (rates) and the goal line and path (if a goal applies).

    The goal is the one given, else the company's goal on this KPI without a segment; its target is
    drawn when it fits the grain (``goal_fits``), with the straight line from the baseline to the
    target at the deadline.

    Parameters
    ----------
    company : Company
        The company.
    kpi : str
        KPI id.
    period : {"week", "month", "quarter", "year"}
        Grain of the series.
    lang : {"de", "en"}
        Language of title, axes and legend.
    as_of : date-like, optional
        Cut-off date; later periods are incomplete and left out. Default: the end of the data.
    goal : Goal, optional
        The goal to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure by default.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; without values, an empty chart that says why.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    >>> fig = kpi_trend(Company.from_frames(deals=deals, period=half_year), "close_rate", lang="en")
    >>> ax = fig.axes[0]
    >>> ax.get_title(), ax.get_xlabel(), [label.get_text() for label in ax.get_xticklabels()]
    ('Close rate', 'Period', ['2025-Q1', '2025-Q2'])
    >>> plt.close(fig)
    """
    use_style()
    frame = compute_kpis(company, kpi, period=period, lang=lang)
    rows = complete_series(frame, company, as_of, immature=True)
    fig, ax = new_axes(ax)
    x = pd.to_datetime(rows["period_start"])
    if not rows["value"].notna().any():
        reason = next((n for n in rows["note"] if isinstance(n, str) and n), None) if "note" in rows else None
        no_data(ax, KPIS[kpi].name(lang), lang, reason)
        return fig
    young = rows["immature"].astype(bool).to_numpy() if "immature" in rows else np.zeros(len(rows), dtype=bool)
    mature = rows["value"].where(~young)
    ax.plot(x, mature, marker="o", color=PALETTE[0], label=chart_text(KPIS[kpi].name(lang)))
    if young.any():  # leads too young to have converted: drawn apart, joined to the last mature value
        start = max(int(np.argmax(young)) - 1, 0)
        ax.plot(x[start:], rows["value"].iloc[start:], linestyle="--", marker="o", markerfacecolor="white",
                color=PALETTE[0], label=chart_text(t("L_immature", lang)))
    if KPIS[kpi].bounded and rows["ci_low"].notna().any():
        ax.fill_between(x, rows["ci_low"], rows["ci_high"], color=PALETTE[0], alpha=0.15,
                        label=chart_text(t("L_ci", lang)))
    goal = goal if goal is not None else next((g for g in company.goals if g.kpi == kpi and g.target is not None
                                               and g.segment is None), None)
    if goal is not None and goal.target is not None and goal_fits(kpi, goal, period):
        ax.axhline(goal.target, color=GOAL_COLOUR, linestyle="--", linewidth=1.2,
                   label=chart_text(t("L_goal_line", lang)))
        defined = rows.dropna(subset=["value"])
        if goal.deadline is not None and len(defined):
            status = goal_status(company, goal, as_of=as_of)
            base = status.baseline if status.baseline == status.baseline else defined["value"].iloc[0]
            ax.plot([pd.Timestamp(defined["period_start"].iloc[0]), pd.Timestamp(goal.deadline)],
                    [base, goal.target], color=GOAL_COLOUR, linestyle=":", linewidth=1.2,
                    label=chart_text(t("L_goal_path", lang)))
    finish_time_axes(ax, KPIS[kpi].name(lang), kpi, lang, company.currency, periods=x[rows["value"].notna()],
                     grain=period)
    return fig


def goal_fits(kpi: str, goal: Goal, period: str) -> bool:
    """Whether a goal's target can be drawn on a series of this grain.

    A count or sum per quarter (110 new customers) is not a monthly level; a rate, an average or a
    cost per unit is the same kind of number at every grain.

    Parameters
    ----------
    kpi : str
        KPI id of the series.
    goal : Goal
        The goal; its ``per``.
    period : str
        Grain of the series.

    Returns
    -------
    bool

    Examples
    --------
    >>> from kpikit import Goal
    >>> goal_fits("new_customers", Goal(id="g", per="quarter"), "month")
    False
    >>> goal_fits("close_rate", Goal(id="g", per="quarter"), "month")
    True
    """
    if goal.per in (None, period):
        return True
    additive = KPIS[kpi].unit == "count" or kpi in ("revenue", "marketing_spend")
    return not additive


def kpi_by_segment(company: Company, kpi: str, *, by: str = "channel", period: str = "quarter", lang: str = "de",
                   as_of=None, segments: list[str] | None = None, ax: Axes | None = None) -> Figure:
    """One KPI over time, one line per segment (e.g. channel).

    Only complete periods (``complete_periods`` up to ``as_of``) and segments with at least two values
    are drawn.

    Parameters
    ----------
    company : Company
        The company.
    kpi : str
        KPI id.
    by : {"channel", "owner"}
        The segment.
    period : {"week", "month", "quarter", "year"}
        Grain of the series.
    lang : {"de", "en"}
        Language of title, axes and legend.
    as_of : date-like, optional
        Cut-off date. Default: the end of the data.
    segments : list of str, optional
        Segments to draw; all by default.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure by default.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; without a segment series, an empty chart that says why.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from kpikit import Company
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3", "L4", "L5"],
    ...                       "channel": ["Messe", "Messe", "Web", "Web", "Web"],
    ...                       "created_at": ["2025-01-06", "2025-04-20", "2025-02-03", "2025-05-17", "2025-06-02"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    >>> fig = kpi_by_segment(Company.from_frames(leads=leads, period=half_year), "leads", lang="en")
    >>> fig.axes[0].get_title(), [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    ('Leads – Channel', ['Messe', 'Web'])
    >>> plt.close(fig)
    """
    use_style()
    frame = compute_kpis(company, kpi, period=period, by=by, lang=lang)
    frame = frame[frame["segment"].notna() & (frame["segment"] != "–")]
    if segments is not None:
        frame = frame[frame["segment"].isin(segments)]
    frame = complete_periods(frame, as_of if as_of is not None else company.period[1], company=company)
    young = frame[frame["immature"].astype(bool)] if "immature" in frame else frame.iloc[:0]
    keep = frame.groupby("segment")["value"].transform(lambda v: v.notna().sum() >= 2)
    frame = frame.loc[keep.to_numpy(dtype=bool)].assign(period_start=lambda f: pd.to_datetime(f["period_start"]))
    fig, ax = new_axes(ax)
    title = f"{KPIS[kpi].name(lang)} – {t('L_channel' if by == 'channel' else 'L_owner', lang)}"
    if frame.empty:
        no_data(ax, title, lang, t("L_no_segment_series", lang))
        return fig
    frame = frame.assign(segment=frame["segment"].map(chart_text))  # the legend shows the names as they are
    if KPIS[kpi].bounded:  # a rate says how many cases it rests on: 100 % on 3 deals is not a trend
        total = frame.groupby("segment")["denominator"].sum()
        frame = frame.assign(segment=frame["segment"].map(lambda s: f"{s} (n = {fmt.count(total[s])})"))
        frame = frame.sort_values(["segment", "period_start"])
    n = frame["segment"].nunique()
    sns.lineplot(data=frame, x="period_start", y="value", hue="segment", marker="o", ax=ax,
                 palette=(PALETTE * 3)[:n])
    if len(young):  # the periods whose leads are too young to have converted: shaded, named in the legend
        first = pd.Timestamp(young["period_start"].min())
        ax.axvspan(first - pd.Timedelta(days=15), pd.Timestamp(frame["period_start"].max()) + pd.Timedelta(days=15),
                   color="#999999", alpha=0.12, label=chart_text(t("L_immature", lang)))
    ax.legend(title=chart_text(t(f"L_{'channel' if by == 'channel' else 'owner' if by == 'owner' else 'table'}", lang)),
              loc="best", frameon=False)
    finish_time_axes(ax, title, kpi, lang, company.currency, legend=False,
                     periods=pd.DatetimeIndex(sorted(frame["period_start"].unique())), grain=period)
    return fig


def goal_chart(company: Company, goal: Goal, *, lang: str = "de", as_of=None, ax: Axes | None = None) -> Figure:
    """A goal's KPI at the goal's grain with target line and straight-line path.

    Parameters
    ----------
    company : Company
        The company.
    goal : Goal
        The goal; its ``kpi``, ``per`` (default quarter), ``target`` and ``deadline``.
    lang : {"de", "en"}
        Language of title, axes and legend.
    as_of : date-like, optional
        Cut-off date. Default: the end of the data.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure by default.

    Returns
    -------
    matplotlib.figure.Figure
        ``kpi_trend`` with the goal.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from kpikit import Company, Goal
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    >>> goal = Goal(id="g1", kpi="close_rate", target=0.6, per="quarter")
    >>> fig = goal_chart(Company.from_frames(deals=deals, period=half_year), goal, lang="en")
    >>> fig.axes[0].get_legend_handles_labels()[1]
    ['Close rate', '95 % confidence band', 'Target']
    >>> plt.close(fig)
    """
    return kpi_trend(company, goal.kpi, period=goal.per or "quarter", lang=lang, as_of=as_of, goal=goal, ax=ax)


__all__ = ["goal_chart", "goal_fits", "kpi_by_segment", "kpi_trend"]
