"""Charts in one consistent seaborn style; titles, axes and legends follow ``lang``.

Money axes are formatted the Swiss way (CHF 1'234), rates as percentages. Goal lines and the
straight-line path to the target are drawn where a goal applies, confidence bands for rates.
Every function returns the matplotlib ``Figure``. Figures are laid out by cropping to their
content when saved or shown (``bbox_inches="tight"``, as Jupyter's inline backend does), not by a
separate ``tight_layout`` pass: one layout pass less per chart.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() in ("", "agg") else None
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from kpikit.checks.goals import complete_series  # noqa: E402
from kpikit.core import fmt as _format  # noqa: E402
from kpikit.core.i18n import t  # noqa: E402
from kpikit.kpis.engine import compute_kpis  # noqa: E402
from kpikit.kpis.registry import KPIS  # noqa: E402

PALETTE = ["#1f5f8b", "#e07a1f", "#3a9d5d", "#c0392b", "#7d5ba6", "#8c6d31", "#d4a017", "#5d6d7e"]
GOAL_COLOUR = "#c0392b"


def set_style() -> None:
    """The kit's chart style: white grid, muted palette, readable sizes."""
    sns.set_theme(style="whitegrid", palette=PALETTE, rc={
        "figure.figsize": (9, 4.2), "axes.titlesize": 13, "axes.titleweight": "bold", "axes.labelsize": 11,
        "legend.fontsize": 9, "figure.dpi": 100, "savefig.dpi": 110, "savefig.bbox": "tight", "axes.spines.top": False,
        "axes.spines.right": False})


set_style()


def axis_formatter(unit: str, currency: str = "CHF", *, percent: bool = True, ax=None, axis: str = "y"
                   ) -> FuncFormatter:
    """Tick labels for a KPI unit: CHF 1'234, 36 %, 2.5 %, 1'234.

    Percent ticks get a decimal when the axis spans less than a few points (2.0 %, 2.5 %), so small
    rates such as a conversion rate don't read "0 %, 0 %, 1 %".
    """
    if unit == "currency":
        return FuncFormatter(lambda x, _: _format.money(x, currency))
    if unit == "ratio" and not percent:
        return FuncFormatter(lambda x, _: f"{x:.1f}")
    if unit == "ratio":
        def pct(x, _pos):
            lo, hi = (ax.get_ylim() if axis == "y" else ax.get_xlim()) if ax is not None else (0, 1)
            span = abs(hi - lo) * 100
            decimals = 0 if span >= 8 else 1 if span >= 0.8 else 2
            return f"{x * 100:.{decimals}f} %"
        return FuncFormatter(pct)
    return FuncFormatter(lambda x, _: _format.number(x, 0 if abs(x) >= 10 or float(x).is_integer() else 1))


def _axis_label(kpi: str, lang: str, currency: str) -> str:
    return KPIS[kpi].name(lang)  # tick labels carry the unit (CHF 1'234, 36 %)


def kpi_trend(company, kpi: str, *, period: str = "quarter", lang: str = "de", as_of=None, goal=None,
              ax=None):
    """One KPI over time, with its confidence band (rates) and the goal line and path (if a goal applies)."""
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
    if goal is not None and goal.target is not None and _goal_fits(kpi, goal, period):
        ax.axhline(goal.target, color=GOAL_COLOUR, linestyle="--", linewidth=1.2, label=t("L_goal_line", lang))
        defined = rows.dropna(subset=["value"])
        if goal.deadline is not None and len(defined):
            from kpikit.checks.goals import goal_status

            status = goal_status(company, goal, as_of=as_of)
            base = status.baseline if status.baseline == status.baseline else defined["value"].iloc[0]
            ax.plot([pd.Timestamp(defined["period_start"].iloc[0]), pd.Timestamp(goal.deadline)],
                    [base, goal.target], color=GOAL_COLOUR, linestyle=":", linewidth=1.2,
                    label=t("L_goal_path", lang))
    _finish(ax, KPIS[kpi].name(lang), kpi, lang, company.currency, periods=x[rows["value"].notna()])
    return fig


def _goal_fits(kpi: str, goal, period: str) -> bool:
    """Whether a goal's target can be drawn on a series of this grain.

    A count or sum per quarter (110 new customers) is not a monthly level; a rate, an average or a
    cost per unit is the same kind of number at every grain.
    """
    if goal.per in (None, period):
        return True
    additive = KPIS[kpi].unit == "count" or kpi in ("revenue", "marketing_spend")
    return not additive


def kpi_by_segment(company, kpi: str, *, by: str = "channel", period: str = "quarter", lang: str = "de",
                   as_of=None, segments: list[str] | None = None, ax=None):
    """One KPI over time, one line per segment (e.g. channel)."""
    frame = compute_kpis(company, kpi, period=period, by=by, lang=lang)
    frame = frame[frame["segment"].notna() & (frame["segment"] != "–")]
    if segments is not None:
        frame = frame[frame["segment"].isin(segments)]
    end = pd.Timestamp(as_of) if as_of is not None else company.period[1]
    frame = frame[pd.to_datetime(frame["period_end"]) <= end]
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


def funnel_chart(table: pd.DataFrame, *, lang: str = "de", ax=None):
    """Horizontal bars of a funnel table from ``phases.funnel``."""
    fig, ax = _fig(ax, size=(8, 0.7 + 0.6 * max(len(table), 1)))
    if len(table):
        stage, count = table.columns[0], table.columns[1]
        sns.barplot(data=table, y=stage, x=count, ax=ax, color=PALETTE[0], orient="h")
        for i, v in enumerate(table[count]):
            ax.text(v, i, f"  {_format.number(v)}", va="center")
        ax.xaxis.set_major_formatter(axis_formatter("count"))
        ax.set_ylabel("")
        ax.set_xlabel(t("L_count", lang))
    ax.set_title("Funnel" if lang == "en" else "Trichter: vom Lead zum Kunden")
    return fig


def channel_bars(company, kpi: str, *, lang: str = "de", start=None, end=None, as_of=None, ax=None):
    """One KPI per channel over a span, as bars sorted best first (direction-aware).

    Without ``start`` and ``end`` the span is the last four complete quarters up to ``as_of``, the
    same window as ``phases.channel_comparison``, and it is named in the title.
    """
    span_label = ""
    if start is None and end is None:
        from kpikit.views.phases import last_quarters

        span = last_quarters(company, as_of)
        if span is not None:
            start, end = span
            first, last = (_format.period_label(str(d.date()), "quarter", lang) for d in (start, end))
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
    fmt = axis_formatter(KPIS[kpi].unit, company.currency, percent=KPIS[kpi].bounded, ax=ax, axis="x")
    for i, v in enumerate(frame["value"]):
        ax.text(v, i, "  " + KPIS[kpi].show(v, company.currency), va="center")
    ax.xaxis.set_major_formatter(fmt)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.set_ylabel(t("L_channel", lang))
    ax.set_xlabel(_axis_label(kpi, lang, company.currency))
    ax.set_title(f"{KPIS[kpi].name(lang)} – {t('L_channel', lang)}{span_label}")
    return fig


def goal_chart(company, goal, *, lang: str = "de", as_of=None, ax=None):
    """A goal's KPI at the goal's grain with target line and straight-line path."""
    return kpi_trend(company, goal.kpi, period=goal.per or "quarter", lang=lang, as_of=as_of, goal=goal, ax=ax)


def _date_label(x, _pos) -> str:
    """Month ticks as 2025-01; quarter starts as 2025-Q1."""
    from matplotlib.dates import num2date

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
    ax.set_ylabel(_axis_label(kpi, lang, currency))
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


__all__ = ["axis_formatter", "channel_bars", "funnel_chart", "goal_chart", "kpi_by_segment", "kpi_trend",
           "set_style"]
_ = np
