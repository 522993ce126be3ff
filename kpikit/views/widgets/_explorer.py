"""KPI explorer: one KPI over time, by period grain, channel and time range, as a chart in the kit's seaborn style.

Everything a redraw needs is computed once when the explorer is built: the whole catalogue per
grain, in total and by channel, split into one small series per KPI and channel (``ExplorerSeries``).
A change of a control then only picks a series, sets the data on the lines that already exist,
renders the figure with Agg and sends a PNG. Rendered states are kept (last 64), so going back is
instant.
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections import OrderedDict
from typing import TYPE_CHECKING

import ipywidgets as w
import numpy as np
import pandas as pd
from PIL import Image

from kpikit.core import fmt as _format
from kpikit.kpis.registry import KPIS
from kpikit.views.widgets._base import WIDE, Live
from kpikit.views.widgets._explorer_series import COLUMNS, TOTAL, ExplorerSeries

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kpikit.company.model import Company

GRAINS = ("week", "month", "quarter", "year")
ALL = "__all__"
MAX_TICKS = 8
MARKERS_UP_TO = 40  # points per line; denser lines (weeks) are drawn without markers
CACHE_SIZE = 64
FIGSIZE, DPI = (8.6, 3.6), 90


class KpiExplorer(Live):
    """Explore one KPI: period grain, channel (total, all channels, or one against the total) and time range.

    Parameters
    ----------
    company : Company
        The company to explore.
    lang : {"de", "en"}
        Language of controls, chart titles, axes and notes.
    as_of : date-like, optional
        Only periods that ended by this date are shown (default: the end of the data).
    kpi : str, optional
        KPI shown first; the company's first computable KPI by default.
    period : {"week", "month", "quarter", "year"}
        Grain shown first.
    channel : str, optional
        ``"__total__"`` (default), ``"__all__"`` (one line per channel) or a channel name.
    kpis : sequence of str, optional
        KPIs offered; every KPI the data can produce by default.
    grains : sequence of str
        Grains offered (and precomputed).

    Attributes
    ----------
    store : ExplorerSeries
        Every series the controls can pick, computed when the explorer is built.
    figure : matplotlib.figure.Figure
        The one figure every redraw reuses.
    image : ipywidgets.Image
        The rendered chart (PNG).
    summary : ipywidgets.HTML
        Latest value, change, confidence band and undefined periods of the shown series.
    """

    def __init__(self, company: Company, *, lang: str = "de", as_of=None, kpi: str | None = None,
                 period: str = "quarter", channel: str = TOTAL, kpis=None, grains=GRAINS) -> None:
        self._set_lang(lang)
        self.company, self.as_of = company, as_of
        grains = tuple(grains)
        bad = [g for g in grains if g not in GRAINS]
        if bad or period not in grains:
            raise ValueError(f"Got grains={grains!r}, period={period!r}. Grains must be among {list(GRAINS)} "
                             "and include period.")
        wanted = list(kpis or KPIS)
        unknown = [k for k in wanted if k not in KPIS]
        if unknown:
            raise ValueError(f"Got kpis={unknown!r}. Must be KPI ids of the catalogue: {list(KPIS)}.")
        batch = os.environ.get("KPIKIT_BATCH") == "1"
        if batch:
            # A batch run (kpikit run) shows the starting state only: no control will ever move, so
            # other grains and KPIs are not precomputed.
            grains = (period,)
        self.end = pd.Timestamp(as_of) if as_of is not None else company.period[1]
        self.store = ExplorerSeries(company, wanted, grains, lang=self.lang, end=self.end, first=kpi,
                                    only_first=batch)
        computable = self.store.computable
        self.kpis = [k for k in wanted if k in computable]
        if not self.kpis:
            raise ValueError(f"None of the KPIs {wanted} can be computed from the data of {company.name!r}.")
        self.channels = self.store.channels
        first = kpi or next((k for k in company.kpis if k in computable), self.kpis[0])
        if first not in self.kpis:
            raise ValueError(f"Got kpi={first!r}. Must be one of the computable KPIs {self.kpis}.")
        if channel not in (TOTAL, ALL, *self.channels):
            raise ValueError(f"Got channel={channel!r}. Must be {TOTAL!r}, {ALL!r} or one of {self.channels}.")
        self._cache: OrderedDict = OrderedDict()
        self.cache_size = CACHE_SIZE
        self._build_controls(first, period, channel, grains)
        self._build_figure()
        self.image = w.Image(format="png", layout=w.Layout(width=f"{int(FIGSIZE[0] * DPI)}px"))
        self.header = w.HTML()
        self.summary = w.HTML()
        self.widget = w.VBox([w.HTML(f"<b>{html.escape(self._t('W_explorer_title'))}</b>"),
                              w.HBox([self.kpi, self.channel]), self.period, self.range, self.header, self.image,
                              self.summary])
        for control in (self.kpi, self.period, self.channel, self.range):
            control.observe(self._update, names="value")
        self.redraws = 0
        self._update()

    # --- construction --------------------------------------------------------------------------------
    def _build_controls(self, kpi: str, period: str, channel: str, grains) -> None:
        self.kpi = w.Dropdown(options=[(KPIS[k].name(self.lang), k) for k in self.kpis], value=kpi,
                              description="KPI", style=WIDE)
        self.period = w.ToggleButtons(options=[(self._t(f"grain1_{g}"), g) for g in grains], value=period,
                                      description=self._t("W_grain"), style={**WIDE, "button_width": "80px"})
        options = [(self._t("W_total"), TOTAL)]
        if self.channels:
            options.append((self._t("W_all_channels"), ALL))
        options += [(c, c) for c in self.channels]
        self.channel = w.Dropdown(options=options, value=channel, description=self._t("L_channel"), style=WIDE)
        months = pd.date_range(self.company.period[0].to_period("M").to_timestamp(), self.end, freq="MS")
        self.months = list(months)
        self.range = w.SelectionRangeSlider(options=[(f"{m:%Y-%m}", m) for m in months],
                                            index=(0, len(months) - 1), description=self._t("W_range"),
                                            style=WIDE, layout=w.Layout(width="70%"), continuous_update=False)

    def _build_figure(self) -> None:
        # matplotlib and seaborn (through plots) load here, on the first explorer: about 0.25 s that the
        # picker, the goal builder and the what-if do not pay (tests/test_widgets.py::test_widgets_load_lazily).
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        from kpikit.views import plots

        plots.use_style()  # the kit's seaborn theme, as every chart of the kit
        self.figure = fig = Figure(figsize=FIGSIZE, dpi=DPI)
        FigureCanvasAgg(fig)
        ax = self.ax = fig.add_subplot()
        fig.subplots_adjust(left=0.1, right=0.98, top=0.96, bottom=0.12)  # fixed: no layout pass per redraw
        colours = plots.PALETTE
        self.colours = {TOTAL: colours[0]}
        self.lines = {TOTAL: ax.plot([], [], marker="o", markersize=4, linewidth=2, color=colours[0])[0]}
        for i, c in enumerate(self.channels):
            self.colours[c] = colours[1 + i % (len(colours) - 1)]
            self.lines[c] = ax.plot([], [], marker="o", markersize=3, linewidth=1.4, color=self.colours[c])[0]
        self.goal_line = ax.axhline(0, color=plots.GOAL_COLOUR, linestyle="--", linewidth=1.2, visible=False)
        self.band = None
        ax.tick_params(axis="both", labelsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(4))
        self._axes_key: tuple = ()
        self._axis_formatter = plots.axis_formatter

    # --- state ---------------------------------------------------------------------------------------
    @property
    def state(self) -> tuple:
        """KPI, grain, channel and time range as shown."""
        lo, hi = self.range.value
        return self.kpi.value, self.period.value, self.channel.value, lo, hi

    def shown(self) -> list[str]:
        """The series on the chart: the total, every channel with values, or one channel against the total."""
        kpi, grain, channel, *_ = self.state
        if channel == TOTAL:
            return [TOTAL]
        if channel == ALL:
            return [c for c in self.channels if self.store.defined.get((grain, kpi, c))]
        return [channel, TOTAL]

    def _window(self, segment: str) -> tuple[dict | None, np.ndarray | None]:
        kpi, grain, _, lo, hi = self.state
        return self.store.window((grain, kpi, segment), lo, hi)

    def series(self, segment: str = TOTAL) -> pd.DataFrame:
        """Rows of one series as shown (KPI, grain and range as set), with the engine's columns."""
        kpi, grain, *_ = self.state
        arrays, keep = self._window(segment)
        if arrays is None:
            return pd.DataFrame(columns=COLUMNS)
        return self.store.series[(grain, kpi, segment)][keep].reset_index(drop=True)

    @property
    def data(self) -> pd.DataFrame:
        """Every series on the chart as one tidy frame (``segment`` is None for the total)."""
        parts = [self.series(s) for s in self.shown()]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)

    @property
    def png(self) -> bytes:
        """The chart as it is shown, PNG."""
        return bytes(self.image.value)

    @property
    def title(self) -> str:
        """The chart's title: KPI, grain and channel, in ``lang``."""
        kpi, grain, channel, *_ = self.state
        where = (self._t("W_total") if channel == TOTAL else self._t("W_all_channels") if channel == ALL
                 else channel)
        return f"{KPIS[kpi].name(self.lang)} · {self._t('W_per_' + grain)} · {where}"

    def goal(self):
        """The company goal drawn as a target line: same KPI and grain, no segment, total shown."""
        kpi, grain, channel, *_ = self.state
        if channel == ALL:
            return None
        return next((g for g in self.company.goals if g.kpi == kpi and g.per == grain and g.target is not None
                     and g.segment is None), None)

    # --- drawing -------------------------------------------------------------------------------------
    def _update(self, *_) -> None:
        key = self.state
        hit = self._cache.get(key)
        self._apply()  # the figure always holds the state shown; only the render is cached
        if hit is None:
            hit = (_render_png(self.figure), self._header_html(), self._summary_html())
            if self.cache_size:
                self._cache[key] = hit
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        self.image.value, self.header.value, self.summary.value = hit
        self.redraws += 1

    def _apply(self) -> None:
        """Set the shown series on the existing lines; title and legend are HTML around the image.

        Text is the dearest part of an Agg render (glyph by glyph), so the chart keeps only its tick
        labels; a fixed layout avoids a layout pass.
        """
        kpi_id, grain, *_ = self.state
        kpi, ax = KPIS[kpi_id], self.ax
        shown = self.shown()
        xs = []
        for name, line in self.lines.items():
            arrays, keep = self._window(name) if name in shown else (None, None)
            if arrays is None:
                line.set_visible(False)
                continue
            line.set_data(arrays["x"][keep], arrays["value"][keep])
            line.set_visible(True)
            line.set_marker("o" if keep.sum() <= MARKERS_UP_TO else "")
            reference = name == TOTAL and len(shown) > 1
            line.set_alpha(0.55 if reference else 1.0)
            line.set_linestyle("--" if reference else "-")
            xs.append(arrays["x"][keep])
        if self.band is not None:
            self.band.remove()
            self.band = None
        if kpi.bounded and shown and len(shown) <= 2:
            arrays, keep = self._window(shown[0])
            if arrays is not None and not np.isnan(arrays["lo"][keep]).all():
                self.band = ax.fill_between(arrays["x"][keep], arrays["lo"][keep], arrays["hi"][keep],
                                            color=self.colours[shown[0]], alpha=0.15, linewidth=0)
        goal = self.goal()
        self.goal_line.set_visible(goal is not None)
        if goal is not None:
            self.goal_line.set_ydata([goal.target, goal.target])
        # Limits from the data shown (autoscaling would keep the limits of earlier views).
        ys = [line.get_ydata() for line in self.lines.values() if line.get_visible()]
        if self.band is not None:
            ys += [arrays["lo"][keep], arrays["hi"][keep]]
        if goal is not None:
            ys.append(np.array([goal.target]))
        values = np.concatenate([np.asarray(y, dtype=float) for y in ys]) if ys else np.array([])
        values = values[np.isfinite(values)]
        lo, hi = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
        lo = min(0.0, lo)
        hi = hi + 0.08 * (hi - lo) if hi > lo else lo + 1.0
        ax.set_ylim(lo - 0.02 * (hi - lo) if lo < 0 else lo, hi)
        unit = (kpi.unit, kpi.bounded)  # rates as percent, other ratios (CLV/CAC) as plain numbers
        if self._axes_key[:1] != (unit,):
            ax.yaxis.set_major_formatter(self._axis_formatter(kpi.unit, self.company.currency, percent=kpi.bounded,
                                                              ax=ax))
        ticks = np.unique(np.concatenate(xs)) if xs else np.array([], dtype="datetime64[ns]")
        step = max(1, int(np.ceil(len(ticks) / MAX_TICKS)))
        ticks = ticks[::step]
        key = (unit, grain, ticks[0] if len(ticks) else None, ticks[-1] if len(ticks) else None, len(ticks))
        if key != self._axes_key:  # new tick objects only when the ticks change
            ax.set_xticks(ticks, [_format.period_label(str(t)[:10], grain, self.lang) for t in ticks])
            self._axes_key = key
        if len(ticks):
            pad = np.timedelta64({"week": 4, "month": 12, "quarter": 30, "year": 90}[grain], "D")
            ax.set_xlim(ticks[0] - pad, max(x.max() for x in xs if len(x)) + pad)

    def _header_html(self) -> str:
        """Title and legend, in ``lang``."""
        kpi = KPIS[self.kpi.value]
        items = []
        for name in self.shown():
            label = self._t("W_total") if name == TOTAL else name
            dash = "╌╌" if name == TOTAL and len(self.shown()) > 1 else "━━"
            items.append(f"<span style='color:{self.colours[name]};white-space:nowrap'>{dash}● </span>"
                         f"<span style='white-space:nowrap'>{html.escape(label)}</span>")
        if self.band is not None:
            items.append(f"<span style='background:{self.colours[self.shown()[0]]}26;padding:0 8px'> </span> "
                         f"{html.escape(self._t('L_ci'))}")
        goal = self.goal()
        if goal is not None:
            target = _format.value(goal.target, kpi.unit, self.company.currency)
            items.append(f"<span style='color:#c0392b'>╌╌</span> {html.escape(self._t('L_goal_line'))} "
                         f"{html.escape(target)} ({html.escape(goal.id)})")
        return (f"<div style='font-weight:bold;font-size:14px;margin:6px 0 2px'>{html.escape(self.title)}</div>"
                f"<div style='font-size:12px;line-height:1.6'>{' &nbsp; '.join(items)}</div>")

    def _summary_html(self) -> str:
        kpi_id, grain, channel, *_ = self.state
        kpi, cur = KPIS[kpi_id], self.company.currency
        parts = []
        for name in (self.shown()[:1] if channel != ALL else []):
            arrays, keep = self._window(name)
            if arrays is None:
                continue
            defined = np.flatnonzero(keep & ~np.isnan(arrays["value"]))
            if not len(defined):
                continue
            i = defined[-1]
            text = self._t("W_latest", period=_format.period_label(arrays["period"][i], grain, self.lang),
                           value=_format.value(arrays["value"][i], kpi.unit, cur))
            if kpi.bounded and not np.isnan(arrays["lo"][i]):
                text += " " + self._t("W_band", lo=_format.value(arrays["lo"][i], "ratio"),
                                      hi=_format.value(arrays["hi"][i], "ratio"), n=_format.number(arrays["n"][i]))
            if len(defined) > 1:
                prev = arrays["value"][defined[-2]]
                better = kpi.better(prev, arrays["value"][i])
                verdict = self._t("W_same") if better is None else self._t("W_better" if better else "W_worse")
                text += " " + self._t("W_vs_prev", value=_format.value(prev, kpi.unit, cur), verdict=verdict)
            parts.append(f"<p style='margin:4px 0'>{html.escape(text)}</p>")
        if not any(self._window(name)[0] is not None and len(self._window(name)[0]["x"])
                   for name in self.shown()):
            end = self.end.strftime("%d.%m.%Y")
            parts.append(f"<p style='color:#b9770e;margin:4px 0'>"
                         f"{html.escape(self._t('W_one_open_period', end=end))}</p>")
        count, note = 0, None
        for name in self.shown():
            arrays, keep = self._window(name)
            if arrays is None:
                continue
            missing = np.flatnonzero(keep & np.isnan(arrays["value"]))
            count += len(missing)
            if len(missing) and note is None:
                note = arrays["note"][missing[0]]
        if count:
            parts.append(f"<p style='color:#5d6d7e;margin:4px 0'>"
                         f"{html.escape(self._t('W_undefined', n=count, note=note or '–'))}</p>")
        if grain == "week" and kpi.bounded:
            parts.append(f"<p style='color:#b9770e;margin:4px 0'>{html.escape(self._t('W_noise'))}</p>")
        parts.append(f"<p style='color:#5d6d7e;margin:4px 0;font-size:90%'>{html.escape(kpi.explain(self.lang))} "
                     f"<code>{html.escape(kpi.formula_text(self.lang))}</code></p>")
        return "".join(parts)

    def static_html(self) -> str:
        """Title, legend, chart and summary as they stand (batch view; the PNG is embedded)."""
        data = base64.b64encode(self.png).decode("ascii")
        return (self._batch_note("W_explorer_batch") + self.header.value
                + f"<img src='data:image/png;base64,{data}' alt='{html.escape(self.title)}'>" + self.summary.value)


def _render_png(fig: Figure) -> bytes:
    """Agg-render ``fig`` and encode it as PNG with fast compression (the redraw's largest cost)."""
    fig.canvas.draw()
    buffer = io.BytesIO()
    rgb = np.ascontiguousarray(np.asarray(fig.canvas.buffer_rgba())[..., :3])  # opaque: no alpha channel to encode
    Image.fromarray(rgb).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def kpi_explorer(company: Company, *, lang: str = "de", as_of=None, kpi: str | None = None,
                 period: str = "quarter", channel: str = TOTAL, kpis=None, grains=GRAINS) -> KpiExplorer:
    """A KPI explorer with grain, channel, KPI and time-range controls (live chart; PNG in batch runs).

    Parameters
    ----------
    company : Company
        The company to explore.
    lang, as_of, kpi, period, channel, kpis, grains
        As for ``KpiExplorer``: language, cut-off date, the starting view and what the controls offer.

    Returns
    -------
    KpiExplorer
        The explorer; it displays as the live widget, or as its static HTML where widgets cannot render.

    Examples
    --------
    >>> from kpikit import Company
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "channel": ["Messe", "Web", "Web"],
    ...                       "created_at": ["2025-01-06", "2025-02-03", "2025-05-17"]})
    >>> explorer = kpi_explorer(Company.from_frames(leads=leads), lang="en", kpi="leads", period="month")
    >>> explorer.title, explorer.data["value"].tolist()
    ('Leads · per month · Total', [1.0, 1.0, 0.0, 0.0])
    >>> explorer.channel.value = "Web"
    >>> explorer.shown()
    ['Web', '__total__']
    """
    return KpiExplorer(company, lang=lang, as_of=as_of, kpi=kpi, period=period, channel=channel, kpis=kpis,
                       grains=grains)
