"""Charts in one consistent seaborn style; titles, axes and legends follow ``lang``.

Money axes are formatted the Swiss way (CHF 1'234), rates as percentages. Goal lines and the
straight-line path to the target are drawn where a goal applies, confidence bands for rates.
Every function returns the matplotlib ``Figure``. Figures are laid out by cropping to their
content when saved or shown (``bbox_inches="tight"``, as Jupyter's inline backend does), not by a
separate ``tight_layout`` pass: one layout pass less per chart.

Importing the package changes nothing: the kit's style (``set_style``) is applied by the first chart
drawn (``use_style``), for the rest of the session, as a notebook's first chart would.

- ``style``: palette, style, tick labels, empty charts, time axes;
- ``trends``: a KPI over time, per segment, a goal's chart;
- ``bars``: the funnel, a KPI per channel.

``plots.plt`` is pyplot, for the notebooks' ``plots.plt.close("all")``.
"""

import matplotlib.pyplot as plt

from kpikit.views.plots.bars import channel_bars, funnel_chart
from kpikit.views.plots.style import GOAL_COLOUR, PALETTE, axis_formatter, set_style, use_style
from kpikit.views.plots.trends import goal_chart, goal_fits, kpi_by_segment, kpi_trend

__all__ = ["GOAL_COLOUR", "PALETTE", "axis_formatter", "channel_bars", "funnel_chart", "goal_chart", "goal_fits",
           "kpi_by_segment", "kpi_trend", "plt", "set_style", "use_style"]
