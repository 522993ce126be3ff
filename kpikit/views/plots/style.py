"""The kit's chart style and what every chart shares: palette, tick labels, empty charts, time axes.

Importing changes nothing: ``use_style`` applies the style (``set_style``) at the first chart.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.dates import num2date
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kpikit.core import fmt
from kpikit.core.i18n import t
from kpikit.core.text import clean_control
from kpikit.kpis.registry import KPIS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PALETTE = ["#1f5f8b", "#e07a1f", "#3a9d5d", "#c0392b", "#7d5ba6", "#8c6d31", "#d4a017", "#5d6d7e"]
GOAL_COLOUR = "#c0392b"


def chart_text(text: object) -> str:
    r"""``text`` for a chart label: ``$`` escaped, so that matplotlib never parses mathtext; no control characters.

    A channel called ``Promo $\x$`` would otherwise be read as a formula, and an unknown command
    fails the whole chart. Every title, axis label, tick label, legend entry and text of the kit's
    charts passes through here. Control characters (a vertical tab from a CRM export) would be drawn
    as boxes; they become U+FFFD, as in the workbook.

    Parameters
    ----------
    text : object
        A label; converted with ``str``.

    Returns
    -------
    str
        The label, shown as it is.

    Examples
    --------
    >>> print(chart_text("Promo $\\x$"), chart_text(12))
    Promo \$\x\$ 12
    """
    return clean_control(str(text)).replace("$", r"\$")


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


@functools.cache
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
    set_style()


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
    if unit == "currency":  # the currency comes from company.yaml: US$ must not start a formula
        return FuncFormatter(lambda x, _: chart_text(fmt.money(x, currency)))
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


def date_label(x: float, _pos=None) -> str:
    """Tick label of a date axis: months as 2025-01, quarter starts as 2025-Q1.

    Parameters
    ----------
    x : float
        A matplotlib date number.
    _pos : int, optional
        Tick position (unused; the ``FuncFormatter`` signature).

    Returns
    -------
    str

    Examples
    --------
    >>> from matplotlib.dates import date2num
    >>> date_label(date2num(pd.Timestamp("2025-04-01"))), date_label(date2num(pd.Timestamp("2025-05-01")))
    ('2025-Q2', '2025-05')
    """
    d = num2date(x)
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}" if d.month in (1, 4, 7, 10) and d.day == 1 else f"{d:%Y-%m}"


def new_axes(ax: Axes | None, size: tuple[float, float] | None = None) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: those of ``ax``, else a new figure (of ``size``, default the style's).

    >>> fig, ax = new_axes(None, size=(4, 2))
    >>> fig.get_size_inches().tolist(), new_axes(ax)[1] is ax
    ([4.0, 2.0], True)
    >>> plt.close(fig)
    """
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size) if size else plt.subplots()
    return fig, ax


def no_data(ax: Axes, title: str, lang: str, reason: str | None = None) -> None:
    r"""Make ``ax`` an empty chart that says why it is empty, instead of axes from 1970.

    >>> fig, ax = new_axes(None)
    >>> no_data(ax, "CAC", "en", "no campaigns")
    >>> ax.texts[0].get_text()
    'No values for this chart\nno campaigns'
    >>> plt.close(fig)
    """
    ax.set_title(chart_text(title))
    text = t("L_no_data_chart", lang) + (f"\n{reason}" if reason else "")
    ax.text(0.5, 0.5, chart_text(text), ha="center", va="center", transform=ax.transAxes, color="#555555", wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)


def _grain_of(periods: pd.DatetimeIndex) -> str:
    """The grain of a series of period starts, from their spacing.

    >>> _grain_of(pd.to_datetime(["2025-01-01", "2025-02-01"])), _grain_of(pd.to_datetime(["2025-01-01"]))
    ('month', 'quarter')
    """
    if len(periods) < 2:
        return "quarter" if periods[0].month in (1, 4, 7, 10) and periods[0].day == 1 else "month"
    days = pd.Series(periods).diff().dt.days.median()
    return "week" if days < 10 else "month" if days < 45 else "quarter" if days < 200 else "year"


def finish_time_axes(ax: Axes, title: str, kpi: str, lang: str, currency: str, legend: bool = True,
                     periods=None, grain: str | None = None) -> None:
    """Title, axis labels and ticks of a KPI over time: unit-aware values, period labels of one grain.

    Ticks are labelled as the periods are named (``2025-03``, ``2025-Q1``, ``2025``, ``KW 07/2025``), at
    most 12 of them; the axis ends half a period after the last period shown.

    The y axis starts at zero (or below, for negative values); a short series gets room around it
    rather than years of empty axis.

    >>> fig, ax = new_axes(None)
    >>> _ = ax.plot(pd.to_datetime(["2025-01-01", "2025-04-01"]), [0.2, 0.3])
    >>> finish_time_axes(ax, "Close rate", "close_rate", "en", "CHF", legend=False,
    ...                  periods=pd.to_datetime(["2025-01-01", "2025-04-01"]))
    >>> ax.get_xlabel(), [label.get_text() for label in ax.get_xticklabels()]
    ('Period', ['2025-Q1', '2025-Q2'])
    >>> plt.close(fig)
    """
    ax.set_title(chart_text(title))
    ax.set_xlabel(chart_text(t("L_period_axis", lang)))
    ax.set_ylabel(chart_text(KPIS[kpi].name(lang)))  # tick labels carry the unit (CHF 1'234, 36 %)
    ax.yaxis.set_major_formatter(axis_formatter(KPIS[kpi].unit, currency, percent=KPIS[kpi].bounded, ax=ax))
    if KPIS[kpi].unit == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # 2 new customers, not 1.3
    lo, hi = ax.get_ylim()
    if KPIS[kpi].unit != "ratio" or hi > 0:
        ax.set_ylim(bottom=min(0, lo) if not math.isinf(lo) else 0)
    if legend:
        ax.legend(loc="best", frameon=False)
    ax.xaxis.set_major_formatter(FuncFormatter(date_label))
    if periods is not None and len(periods):
        # one grain of labels (all months "2025-03", or all quarters "2025-Q1"), at most 12 ticks, and the
        # axis ends half a period after the last one shown: no empty future quarter, no mix of grains
        periods = pd.DatetimeIndex(sorted(set(pd.DatetimeIndex(periods))))
        grain = grain or _grain_of(periods)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos=None: fmt.period_label(
            num2date(x).strftime("%Y-%m-%d"), grain, lang)))
        step = math.ceil(len(periods) / 12)
        ax.set_xticks(periods[::-1][::step][::-1])  # the last period always has its tick
        pad = pd.Timedelta(days={"week": 4, "month": 16, "quarter": 45, "year": 180}[grain])
        ax.set_xlim(periods.min() - pad, periods.max() + pad)
    ax.figure.autofmt_xdate()


__all__ = ["GOAL_COLOUR", "PALETTE", "axis_formatter", "chart_text", "date_label", "finish_time_axes", "new_axes",
           "no_data", "set_style", "use_style"]
