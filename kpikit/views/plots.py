"""Charts in one consistent seaborn style; titles, axes and legends follow ``lang``.

Money axes are formatted the Swiss way (CHF 1'234), rates as percentages. Goal lines and the
straight-line path to the target are drawn where a goal applies, confidence bands for rates.
Every function returns the matplotlib ``Figure``. Figures are laid out by cropping to their
content when saved or shown (``bbox_inches="tight"``, as Jupyter's inline backend does), not by a
separate ``tight_layout`` pass: one layout pass less per chart.

Importing the module changes nothing: the kit's style (``set_style``) is applied by the first chart
drawn (``use_style``), for the rest of the session, as a notebook's first chart would.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.dates import num2date
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kpikit.checks.goals import complete_series, goal_status
from kpikit.core import fmt
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.periods import complete_periods
from kpikit.kpis.registry import KPIS
from kpikit.views.phases.common import last_quarters

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kpikit.company.config import Goal
    from kpikit.company.load import Company

PALETTE = ["#1f5f8b", "#e07a1f", "#3a9d5d", "#c0392b", "#7d5ba6", "#8c6d31", "#d4a017", "#5d6d7e"]
GOAL_COLOUR = "#c0392b"


def set_style() -> None:
    """The kit's chart style: white grid, muted palette, readable sizes (``seaborn.set_theme``, global).

    Chart functions apply it themselves, once (``use_style``); call it to restore the style after
    changing it.

    Returns
    -------
    None

    Examples
    --------
    >>> set_style()
    >>> plt.rcParams["axes.spines.top"], plt.rcParams["figure.figsize"]
    (False, [9.0, 4.2])
    """
    sns.set_theme(style="whitegrid", palette=PALETTE, rc={
        "figure.figsize": (9, 4.2), "axes.titlesize": 13, "axes.titleweight": "bold", "axes.labelsize": 11,
        "legend.fontsize": 9, "figure.dpi": 100, "savefig.dpi": 110, "savefig.bbox": "tight", "axes.spines.top": False,
        "axes.spines.right": False})


_STYLE = {"applied": False}


def use_style() -> None:
    """Apply the kit's chart style (``set_style``) once: at the first chart of the session.

    Every chart function calls it before it creates its figure; later calls change nothing, so a
    style set after the first chart (``sns.set_theme(...)``) stays.

    Returns
    -------
    None

    Examples
    --------
    >>> use_style()
    >>> plt.rcParams["axes.titleweight"]
    'bold'
    """
    if not _STYLE["applied"]:
        set_style()
        _STYLE["applied"] = True


def axis_formatter(unit: str, currency: str = "CHF", *, percent: bool = True, ax: Axes | None = None,
                   axis: str = "y") -> FuncFormatter:
    """Tick labels for a KPI unit: CHF 1'234, 36 %, 2.5 %, 1'234.

    Percent ticks get a decimal when the axis spans less than a few points (2.0 %, 2.5 %), so small
    rates such as a conversion rate don't read "0 %, 0 %, 1 %".

    Parameters
    ----------
    unit : {"currency", "ratio", "count", "days"}
        The KPI's unit (``KPI.unit``).
    currency : str
        Currency of money ticks.
    percent : bool
        Whether a ratio is a fraction shown in percent (``KPI.bounded``); else a plain number (CLV/CAC).
    ax : matplotlib.axes.Axes, optional
        The axes whose span sets the decimals of percent ticks (default: a span of 0 to 1).
    axis : {"y", "x"}
        Which axis of ``ax`` the formatter labels.

    Returns
    -------
    matplotlib.ticker.FuncFormatter
        The formatter, for ``ax.yaxis.set_major_formatter``.

    Examples
    --------
    >>> axis_formatter("currency")(1234.4, 0), axis_formatter("ratio")(0.36, 0), axis_formatter("count")(1234, 0)
    ("CHF 1'234", '36 %', "1'234")
    """
    if unit == "currency":
        return FuncFormatter(lambda x, _: fmt.money(x, currency))
    if unit == "ratio" and not percent:
        return FuncFormatter(lambda x, _: f"{x:.1f}")
    if unit == "ratio":
        def pct(x, _pos):
            lo, hi = (ax.get_ylim() if axis == "y" else ax.get_xlim()) if ax is not None else (0, 1)
            span = abs(hi - lo) * 100
            decimals = 0 if span >= 8 else 1 if span >= 0.8 else 2
            return f"{x * 100:.{decimals}f} %"
        return FuncFormatter(pct)
    return FuncFormatter(lambda x, _: fmt.number(x, 0 if abs(x) >= 10 or float(x).is_integer() else 1))


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
    rows = complete_series(frame, company, as_of)
    fig, ax = _fig(ax)
    x = pd.to_datetime(rows["period_start"])
    if not rows["value"].notna().any():
        reason = next((n for n in rows["note"] if isinstance(n, str) and n), None) if "note" in rows else None
        _no_data(ax, KPIS[kpi].name(lang), lang, reason)
        return fig
    ax.plot(x, rows["value"], marker="o", color=PALETTE[0], label=KPIS[kpi].name(lang))
    if KPIS[kpi].bounded and rows["ci_low"].notna().any():
        ax.fill_between(x, rows["ci_low"], rows["ci_high"], color=PALETTE[0], alpha=0.15, label=t("L_ci", lang))
    goal = goal if goal is not None else next((g for g in company.goals if g.kpi == kpi and g.target is not None
                                               and g.segment is None), None)
    if goal is not None and goal.target is not None and goal_fits(kpi, goal, period):
        ax.axhline(goal.target, color=GOAL_COLOUR, linestyle="--", linewidth=1.2, label=t("L_goal_line", lang))
        defined = rows.dropna(subset=["value"])
        if goal.deadline is not None and len(defined):
            status = goal_status(company, goal, as_of=as_of)
            base = status.baseline if status.baseline == status.baseline else defined["value"].iloc[0]
            ax.plot([pd.Timestamp(defined["period_start"].iloc[0]), pd.Timestamp(goal.deadline)],
                    [base, goal.target], color=GOAL_COLOUR, linestyle=":", linewidth=1.2,
                    label=t("L_goal_path", lang))
    _finish(ax, KPIS[kpi].name(lang), kpi, lang, company.currency, periods=x[rows["value"].notna()])
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
    frame = complete_periods(frame, as_of if as_of is not None else company.period[1])
    keep = frame.groupby("segment")["value"].transform(lambda v: v.notna().sum() >= 2)
    frame = frame.loc[keep.to_numpy(dtype=bool)].assign(period_start=lambda f: pd.to_datetime(f["period_start"]))
    fig, ax = _fig(ax)
    title = f"{KPIS[kpi].name(lang)} – {t('L_channel' if by == 'channel' else 'L_owner', lang)}"
    if frame.empty:
        _no_data(ax, title, lang, t("L_no_segment_series", lang))
        return fig
    n = frame["segment"].nunique()
    sns.lineplot(data=frame, x="period_start", y="value", hue="segment", marker="o", ax=ax,
                 palette=(PALETTE * 3)[:n])
    ax.legend(title=t(f"L_{'channel' if by == 'channel' else 'owner' if by == 'owner' else 'table'}", lang),
              loc="best", frameon=False)
    _finish(ax, title, kpi, lang, company.currency, legend=False,
            periods=pd.DatetimeIndex(sorted(frame["period_start"].unique())))
    return fig


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
    >>> table = pd.DataFrame({"Stage": ["Leads", "Deals won"], "Count": [40, 6], "Share": ["100.0%", "15.0%"]})
    >>> fig = funnel_chart(table, lang="en")
    >>> fig.axes[0].get_title(), [text.get_text() for text in fig.axes[0].texts]
    ('Funnel', ['  40', '  6'])
    >>> plt.close(fig)
    """
    use_style()
    fig, ax = _fig(ax, size=(8, 0.7 + 0.6 * max(len(table), 1)))
    if len(table):
        stage, count = table.columns[0], table.columns[1]
        sns.barplot(data=table, y=stage, x=count, ax=ax, color=PALETTE[0], orient="h")
        for i, v in enumerate(table[count]):
            ax.text(v, i, f"  {fmt.number(v)}", va="center")
        ax.xaxis.set_major_formatter(axis_formatter("count"))
        ax.set_ylabel("")
        ax.set_xlabel(t("L_count", lang))
    ax.set_title(t("L_funnel_title", lang))
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
    fig, ax = _fig(ax, size=(8, 0.7 + 0.45 * max(len(frame), 1)))
    if not len(frame):
        _no_data(ax, f"{KPIS[kpi].name(lang)} – {t('L_channel', lang)}{span_label}", lang,
                 t("L_no_segment_values", lang))
        return fig
    sns.barplot(data=frame, y="segment", x="value", ax=ax, color=PALETTE[1], orient="h")
    ticks = axis_formatter(KPIS[kpi].unit, company.currency, percent=KPIS[kpi].bounded, ax=ax, axis="x")
    for i, v in enumerate(frame["value"]):
        ax.text(v, i, "  " + KPIS[kpi].show(v, company.currency), va="center")
    ax.xaxis.set_major_formatter(ticks)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.set_ylabel(t("L_channel", lang))
    ax.set_xlabel(KPIS[kpi].name(lang))
    ax.set_title(f"{KPIS[kpi].name(lang)} – {t('L_channel', lang)}{span_label}")
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


def _date_label(x, _pos) -> str:
    """Month ticks as 2025-01; quarter starts as 2025-Q1."""
    d = num2date(x)
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}" if d.month in (1, 4, 7, 10) and d.day == 1 else f"{d:%Y-%m}"


def _fig(ax, size=None):
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size) if size else plt.subplots()
    return fig, ax


def _no_data(ax, title: str, lang: str, reason: str | None = None) -> None:
    """An empty chart that says why it is empty, instead of axes from 1970."""
    ax.set_title(title)
    text = t("L_no_data_chart", lang) + (f"\n{reason}" if reason else "")
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#555555", wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)


def _finish(ax, title: str, kpi: str, lang: str, currency: str, legend: bool = True, periods=None) -> None:
    ax.set_title(title)
    ax.set_xlabel(t("L_period_axis", lang))
    ax.set_ylabel(KPIS[kpi].name(lang))  # tick labels carry the unit (CHF 1'234, 36 %)
    ax.yaxis.set_major_formatter(axis_formatter(KPIS[kpi].unit, currency, percent=KPIS[kpi].bounded, ax=ax))
    if KPIS[kpi].unit == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # 2 new customers, not 1.3
    lo, hi = ax.get_ylim()
    if KPIS[kpi].unit != "ratio" or hi > 0:
        ax.set_ylim(bottom=min(0, lo) if not math.isinf(lo) else 0)
    if legend:
        ax.legend(loc="best", frameon=False)
    ax.xaxis.set_major_formatter(FuncFormatter(_date_label))
    if periods is not None and 0 < len(periods) <= 16:
        # a tick on each period shown, and room around a short series (not two years around one point)
        periods = pd.DatetimeIndex(periods)
        ax.set_xticks(periods)
        pad = pd.Timedelta(days=45)
        ax.set_xlim(periods.min() - pad, periods.max() + pad)
    ax.figure.autofmt_xdate()


__all__ = ["GOAL_COLOUR", "PALETTE", "axis_formatter", "channel_bars", "funnel_chart", "goal_chart", "goal_fits",
           "kpi_by_segment", "kpi_trend", "set_style", "use_style"]
