"""The series a KPI explorer shows, computed once: every KPI per grain, in total and per channel.

A redraw of the explorer only picks one of them and cuts it to the time range (``window``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.periods import complete_periods

if TYPE_CHECKING:
    from kpikit.company.model import Company

TOTAL = "__total__"
COLUMNS = ["kpi", "period", "segment", "value", "numerator", "denominator", "unit", "n", "ci_low", "ci_high",
           "note", "name", "period_start", "period_end"]


class ExplorerSeries:
    """Every series of an explorer, keyed by (grain, KPI, segment); the total's segment is ``TOTAL``.

    The only expensive step of an explorer: ``compute_kpis`` once per grain, in total and by channel,
    on the complete periods up to ``end`` (``complete_periods``), split into one small series per KPI
    and segment and kept both as engine rows and as numpy arrays for the redraws.

    Parameters
    ----------
    company : Company
        The company.
    kpis : sequence of str
        KPI ids to compute.
    grains : sequence of str
        Grains to compute.
    lang : {"de", "en"}
        Language of names and notes.
    end : pandas.Timestamp
        Cut-off date: periods ending later are left out.
    first : str, optional
        With ``only_first``: the KPI kept (default: the company's first computable KPI).
    only_first : bool
        Keep only the starting KPI (a batch run, where no control will ever move).

    Attributes
    ----------
    series : dict
        (grain, kpi, segment) -> the engine's rows (``COLUMNS``).
    arrays : dict
        The same as numpy arrays: ``x``, ``value``, ``lo``, ``hi``, ``n``, ``period``, ``note``.
    defined : dict
        Whether a series has any value.
    computable : set of str
        KPIs the data can produce.
    channels : list of str
        Channels with any row, sorted.

    Examples
    --------
    >>> from kpikit import Company
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "channel": ["Messe", "Web", "Web"],
    ...                       "created_at": ["2025-01-06", "2025-02-03", "2025-05-17"]})
    >>> company = Company.from_frames(leads=leads)
    >>> store = ExplorerSeries(company, ["leads"], ["month"], lang="en", end=pd.Timestamp("2025-05-31"))
    >>> store.channels, store.series[("month", "leads", TOTAL)]["value"].tolist()
    (['Messe', 'Web'], [1.0, 1.0, 0.0, 0.0, 1.0])
    """

    def __init__(self, company: Company, kpis: Sequence[str], grains: Sequence[str], *, lang: str,
                 end: pd.Timestamp, first: str | None = None, only_first: bool = False) -> None:
        self.series: dict[tuple, pd.DataFrame] = {}
        self.arrays: dict[tuple, dict] = {}
        self.defined: dict[tuple, bool] = {}
        computable: set[str] = set()
        channels: set[str] = set()
        for grain in grains:
            for by in (None, "channel"):
                frame = compute_kpis(company, list(kpis), period=grain, by=by, lang=lang)
                if by is None:
                    # What the data can produce does not depend on whether a period is complete yet: a
                    # company whose data fall in one unfinished quarter has computable KPIs, no periods.
                    computable |= set(frame.loc[frame["missing"].isna(), "kpi"])
                frame = complete_periods(frame, end, company=company)
                if only_first:
                    start = first or next((k for k in company.kpis if k in computable), None)
                    start = start or next((k for k in kpis if k in computable), None)
                    frame = frame[frame["kpi"] == start]
                if by is None:
                    for k, part in frame.groupby("kpi", sort=False):
                        self._store((grain, k, TOTAL), part)
                    continue
                frame = frame[frame["segment"].notna() & (frame["segment"] != "–")]
                channels |= set(frame["segment"])
                for (k, seg), part in frame.groupby(["kpi", "segment"], sort=False):
                    self._store((grain, k, seg), part)
        self.computable = computable
        self.channels = sorted(channels)

    def _store(self, key: tuple, part: pd.DataFrame) -> None:
        rows = part[COLUMNS].reset_index(drop=True)
        self.series[key] = rows
        value = rows["value"].to_numpy(dtype=float)
        self.arrays[key] = {"x": pd.to_datetime(rows["period_start"]).to_numpy(dtype="datetime64[ns]"),
                            "value": value, "lo": rows["ci_low"].to_numpy(dtype=float),
                            "hi": rows["ci_high"].to_numpy(dtype=float), "n": rows["n"].to_numpy(dtype=float),
                            "period": rows["period"].astype(str).tolist(), "note": rows["note"].tolist()}
        self.defined[key] = bool((~np.isnan(value)).any())

    def window(self, key: tuple, lo, hi) -> tuple[dict | None, np.ndarray | None]:
        """The arrays of series ``key`` and the mask of its periods starting from ``lo`` to ``hi``.

        Parameters
        ----------
        key : tuple
            (grain, kpi, segment).
        lo, hi : datetime-like
            First and last period start shown.

        Returns
        -------
        tuple
            The series' arrays and a boolean mask; ``(None, None)`` for a series that does not exist.
        """
        arrays = self.arrays.get(key)
        if arrays is None:
            return None, None
        x = arrays["x"]
        return arrays, (x >= np.datetime64(lo)) & (x <= np.datetime64(hi))


__all__ = ["COLUMNS", "TOTAL", "ExplorerSeries"]
