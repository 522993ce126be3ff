"""Issue #17: charts with ticks of one grain, no empty future, n on per-channel rates, a 'no data' placeholder."""

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.dates import num2date

from kpikit import Company
from kpikit.views.plots import kpi_by_segment, kpi_trend


def _ticks(fig):
    fig.canvas.draw()
    return [label.get_text() for label in fig.axes[0].get_xticklabels() if label.get_text()]


def test_monthly_chart_has_month_ticks_only(demo_company):
    fig = kpi_trend(demo_company, "new_customers", period="month", lang="de")
    ticks = _ticks(fig)
    assert ticks and all(re.fullmatch(r"\d{4}-\d\d", t) for t in ticks), ticks  # no "2025-Q1" among months
    assert len(ticks) <= 12 and ticks[-1] == "2026-09"
    plt.close(fig)


@pytest.mark.parametrize("period,last", [("quarter", "2026-Q3"), ("month", "2026-09")])
def test_axis_ends_with_the_last_period_not_an_empty_future(demo_company, period, last):
    fig = kpi_trend(demo_company, "close_rate", period=period, lang="en")  # its goal runs to 31.12.2026
    right = num2date(fig.axes[0].get_xlim()[1]).replace(tzinfo=None)
    assert right < pd.Timestamp("2026-09-30") + pd.Timedelta(days=46), right
    assert _ticks(fig)[-1] == last
    plt.close(fig)


def test_per_channel_rates_say_what_they_rest_on(demo_company):
    fig = kpi_by_segment(demo_company, "close_rate", by="channel", lang="de")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels and all(re.fullmatch(r".+ \(n = [\d']+\)", label) for label in labels), labels
    plt.close(fig)


@pytest.mark.parametrize("lang,word", [("de", "Keine Werte"), ("en", "No values")])
def test_a_chart_without_values_says_so_in_its_language(lang, word):
    deals = pd.DataFrame({"deal_id": ["D1"], "status": ["open"], "created_at": ["2025-01-06"], "closed_at": [None]})
    company = Company.from_frames(deals=deals, period=(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30")))
    fig = kpi_trend(company, "close_rate", lang=lang)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert word in texts and not fig.axes[0].lines
    plt.close(fig)
