"""One engine for every KPI: period grain × optional segment, as a tidy frame.

Every KPI is computed on a grid of cells (period × segment) with single-pass ``np.bincount``
aggregations, so the whole catalogue costs a few passes over each table. Undefined values are
NaN with the reason in ``note``, never 0 and never inf.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.core.fmt import number
from kpikit.core.i18n import check_lang
from kpikit.core.i18n import t as note
from kpikit.kpis.context import CompanyLike, Context
from kpikit.kpis.definition import KPI
from kpikit.kpis.grid import GRAINS, Grid, Segments
from kpikit.kpis.maturity import immature_after
from kpikit.kpis.registry import KPIS
from kpikit.kpis.results import NotComputable
from kpikit.kpis.tables import PRIMARY_DATE
from kpikit.sources.schema import DIMENSIONS

OUTPUT_COLUMNS = [
    "kpi", "period", "segment", "value", "numerator", "denominator", "unit", "n", "ci_low", "ci_high",
    "median", "note", "name", "period_start", "period_end", "missing", "immature",
]
Z95 = 1.959963984540054


def wilson(k: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes in n trials (NaN where n == 0 or k > n).

    >>> lo, hi = wilson(np.array([4238.0]), np.array([6711.0]))
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.6199, 0.643)
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        ok = (n > 0) & (k >= 0) & (k <= n)
    return np.where(ok, centre - half, np.nan), np.where(ok, centre + half, np.nan)


def compute_kpis(
    company: CompanyLike,
    kpis: list[str] | tuple[str, ...] | str | None = None,
    *,
    period: str = "month",
    by: str | None = None,
    start=None,
    end=None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Compute KPIs per period (and segment) as a tidy frame.

    Parameters
    ----------
    company : Company
        From ``load_company`` or ``Company.from_frames``.
    kpis : list of str, optional
        KPI ids; all of the catalogue by default.
    period : {"all", "year", "quarter", "month", "week"}
        The period grain.
    by : {"channel", "owner", "product", "region", "campaign"}, optional
        Split each period by this dimension.
    start, end : date-like, optional
        Limit the range; defaults to the company's period.
    lang : {"de", "en"}, optional
        Language of names and notes; defaults to the company's language.

    Returns
    -------
    DataFrame
        One row per KPI × period × segment with ``kpi, period, segment, value, numerator,
        denominator, unit, n, ci_low, ci_high, median, note, name, period_start, period_end, missing,
        immature``.
        ``value`` is NaN exactly when the KPI is undefined there, and ``note`` says why. ``missing``
        names the table or ``table.column`` when the KPI cannot be computed from the data at all.
        A table named in ``company.undated`` (exported without dates) counts all its rows at grain
        ``"all"``; at other grains its KPIs are not computable, ``missing`` naming its date column. A
        company of undated tables only (period ``(None, None)``) gets one ``"all"`` period with
        ``period_start`` and ``period_end`` NaT. ``immature`` is True for the young periods of a KPI
        counted by lead date with its outcome to date (``KPI.matures``): they end within the
        conversion window of the data's end (``kpikit.kpis.maturity``) and may still grow.

    Examples
    --------
    >>> import kpikit
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"]})
    >>> frame = compute_kpis(kpikit.Company.from_frames(deals=deals), "close_rate", by="channel", lang="en")
    >>> print(frame[["period", "segment", "value", "n", "note"]].to_string(index=False))
        period segment  value   n                  note
    2025-01-01       A    1.0 1.0                  None
    2025-01-01       B    0.0 1.0                  None
    2025-01-01       –    NaN 0.0 no deals closed in 2025-01
    2025-02-01       A    1.0 1.0                  None
    2025-02-01       B    NaN 0.0 no deals closed in 2025-02
    2025-02-01       –    NaN 0.0 no deals closed in 2025-02
    """
    if isinstance(kpis, str):
        kpis = [kpis]
    ids = list(kpis) if kpis else list(KPIS)
    for k in ids:
        KPIS.check(k)
    if period not in GRAINS:
        raise ValueError(f"Got period={period!r}. Must be one of {list(GRAINS)}.")
    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"Got by={by!r}. Must be one of {list(DIMENSIONS)} or None.")
    lang = check_lang(lang or getattr(company, "language", "de"))
    p_start = pd.Timestamp(start) if start is not None else company.period[0]
    p_end = pd.Timestamp(end) if end is not None else company.period[1]
    timeless = p_start is None and p_end is None and period == "all" and bool(getattr(company, "undated", ()))
    if timeless:  # only undated tables: one period without dates, placed on a nominal day
        p_start = p_end = UNDATED_DAY
    if p_start is None or p_end is None:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    grid = Grid(period, p_start, p_end)
    seg = Segments(company.tables, by)
    ctx = Context(company, grid, seg, lang)
    blocks = [_block(KPIS[k], ctx) for k in ids]
    out = pd.concat(blocks, ignore_index=True)
    out["immature"] = False
    maturing = [k for k in ids if KPIS[k].matures]
    cut = immature_after(company, ctx) if maturing and not timeless else None
    if cut is not None:
        out["immature"] = out["kpi"].isin(maturing).to_numpy() & (out["period_end"] > cut).to_numpy()
    if timeless:
        out["period_start"] = out["period_end"] = pd.NaT
    return out[OUTPUT_COLUMNS]


UNDATED_DAY = pd.Timestamp("2000-01-01")


def _undated(kpi: KPI, ctx: Context) -> None:
    """Raise ``NotComputable`` when a table the KPI needs has no dates and the grain is not ``all``.

    A need ``a|b`` fails only when every table of it that the company has is undated.
    """
    tables = ctx.tables
    if ctx.cells.grid.grain == "all" or not tables.undated:
        return
    for need in kpi.tables:
        present = [name for name in need.split("|") if tables.get(name) is not None]
        if present and all(name in tables.undated for name in present):
            raise NotComputable("N_UNDATED", table=present[0], column=PRIMARY_DATE.get(present[0], "date"))


def _mapped_as(ctx: Context, err: NotComputable) -> str:
    """For a missing column that a file has under that name: what the file's column was read as.

    A Google Ads export's "Conversions" column is read as ``leads`` by the preset; a KPI that needs
    ``conversions`` then says so instead of leaving the user to wonder about a column they can see.
    """
    if err.key != "N_NO_COLUMN":
        return ""
    table, column = err.params.get("table"), str(err.params.get("column", ""))
    for source in ctx.sources:
        if source.table != table:
            continue
        for canonical, name in (getattr(source, "mapped", None) or {}).items():
            if name.strip().lower() == column.lower() and canonical != column:
                return note("N_MAPPED_AS", ctx.lang, file=source.file, name=name, canonical=canonical)
    return ""


def _block(kpi: KPI, ctx: Context) -> pd.DataFrame:
    """The rows of one KPI: value, parts, interval and note per cell."""
    lang, ncell = ctx.lang, ctx.cells.n
    grid, seg = ctx.cells.grid, ctx.cells.seg
    try:
        _undated(kpi, ctx)
        res = kpi.function(ctx)
        value, notes = ctx.finish(res)
        num = res.num.astype(float)
        den = res.den.astype(float) if res.den is not None else np.full(ncell, np.nan)
        n = res.n.astype(float) if res.n is not None else np.full(ncell, np.nan)
        median = res.median if res.median is not None else np.full(ncell, np.nan)
        if kpi.bounded:
            over = ~np.isnan(value) & (value > 1)
            for i in np.flatnonzero(over):
                notes[i] = note("U_OVER_ONE", lang, num=number(num[i]), den=number(den[i]))
            value = np.where(over, np.nan, value)
            lo, hi = wilson(num, den)
        else:
            lo = hi = np.full(ncell, np.nan)
        missing = None
    except NotComputable as err:
        value = num = den = n = median = lo = hi = np.full(ncell, np.nan)
        notes = [note(err.key, lang, **err.params) + _mapped_as(ctx, err)] * ncell
        missing = ".".join(str(err.params[k]) for k in ("table", "column") if k in err.params) or err.key
    return pd.DataFrame({
        "kpi": kpi.id,
        "period": np.repeat([grid.label(i) for i in range(grid.n)], seg.n),
        "segment": pd.Series(seg.labels * grid.n, dtype=object),
        "value": value, "numerator": num, "denominator": den, "unit": kpi.unit, "n": n,
        "ci_low": lo, "ci_high": hi, "median": median,
        "note": pd.Series(notes, dtype=object), "name": kpi.name(lang),
        "period_start": np.repeat(grid.starts, seg.n), "period_end": np.repeat(grid.ends, seg.n),
        "missing": missing,
    })
