"""Cohort table: customers by month (or quarter) of their first order, and the share still ordering later.

Definition (the classic cohort retention): the cohort of a customer is the calendar month of their first
order; the share "after k months" is the share of the cohort with an order in the k-th calendar month after
that month (cohort month + k), whatever they did in between. A cell whose month has not ended by ``as_of``
(the data's last day by default) cannot be observed yet: it is NaN, marked immature, never 0. The column
"order again" is the share of the cohort with an order on a later day than their first one, up to ``as_of``.

Without orders, from ``customers``: the cohort is the month of ``created_at``, and a customer counts as kept
after k months while not churned (``churned_at``) before the start of month cohort + k; customers without
``created_at``, or flagged ``churned`` without a date, cannot be placed and are counted in ``attrs``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.core.fmt import period_label
from kpikit.core.i18n import check_lang, t
from kpikit.kpis.results import NotComputable

STEP = {"month": 1, "quarter": 3}


def _index(d: np.ndarray, grain: str) -> np.ndarray:
    return d.astype("datetime64[M]").astype(np.int64) // STEP[grain]


def _start(i: np.ndarray, grain: str) -> np.ndarray:
    return (np.asarray(i) * STEP[grain]).astype("datetime64[M]").astype("datetime64[us]")


def cohort_table(company, *, offsets=(1, 3, 6, 12), as_of=None, grain: str = "month",
                 lang: str = "de") -> pd.DataFrame:
    """Customers by cohort (month of first order), cohort size, and the share ordering k months later.

    Parameters
    ----------
    company : Company
        From ``load_company`` or ``Company.from_frames``; its ``orders``, else its ``customers``.
    offsets : tuple of int
        The k of "after k months" (periods of ``grain``), each at least 1.
    as_of : date-like, optional
        The last day observed; default the last order (or customer) date. Later cells are immature (NaN).
    grain : {"month", "quarter"}
        Cohorts by calendar month or quarter; the offsets count in the same periods.
    lang : {"de", "en"}
        Language of the column labels.

    Returns
    -------
    DataFrame
        One row per cohort: the cohort label, its size, the share per offset (NaN where immature) and
        the share that ordered again. ``attrs["immature"]`` is a frame of the same shape, True where a cell
        cannot be observed yet; ``attrs["note"]`` says what the shares mean; ``attrs["set_aside"]`` counts
        the customers that could not be placed in a cohort.

    Examples
    --------
    >>> import kpikit
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "b", "c"],
    ...                        "ordered_at": ["2025-01-05", "2025-01-09", "2025-02-03", "2025-01-20", "2025-02-10"],
    ...                        "revenue": [10.0, 20.0, 30.0, 40.0, 50.0]})
    >>> table = cohort_table(kpikit.Company.from_frames(orders=orders), offsets=(1,), as_of="2025-02-28", lang="en")
    >>> print(table.to_string(index=False))
     cohort  customers  after 1 mo.  order again
    2025-01          2          0.5          1.0
    2025-02          1          NaN          0.0
    """
    lang = check_lang(lang)
    if grain not in STEP:
        raise ValueError(f"Got grain={grain!r}. Must be one of {list(STEP)}.")
    if any(int(k) < 1 for k in offsets):
        raise ValueError(f"Got offsets={tuple(offsets)!r}. Each must be 1 or more.")
    offsets = tuple(int(k) for k in offsets)
    tables = company.tables
    orders = tables.get("orders")
    if orders is not None and len(orders):
        cohort, kept, again, last, aside = _from_orders(orders, offsets, grain)
    elif tables.get("customers") is not None:
        cohort, kept, again, last, aside = _from_customers(tables["customers"], offsets, grain)
    else:
        raise NotComputable("N_NO_TABLE", table="orders")
    end = np.datetime64(pd.Timestamp(as_of).normalize() if as_of is not None else last, "us")
    cohorts = np.unique(cohort)
    size = np.array([(cohort == g).sum() for g in cohorts], dtype=float)
    labels = [period_label(str(d)[:10], grain, lang) for d in _start(cohorts, grain)]
    unit = t("COHORT_MONTHS" if grain == "month" else "COHORT_QUARTERS", lang)
    out = {t("COHORT_LABEL", lang): labels, t("COHORT_SIZE", lang): size.astype(int)}
    immature = {}
    for j, k in enumerate(offsets):
        col = t("COHORT_AFTER", lang, k=k, unit=unit)
        count = np.array([kept[cohort == g, j].sum() for g in cohorts], dtype=float)
        young = _start(cohorts + k + 1, grain) > end + np.timedelta64(1, "D")  # month cohort + k not over
        out[col] = np.where(young, np.nan, count / size)
        immature[col] = young
    col = t("COHORT_AGAIN", lang)
    out[col] = (np.array([again[cohort == g].sum() for g in cohorts], dtype=float) / size
                if again is not None else np.full(len(cohorts), np.nan))
    immature[col] = np.zeros(len(cohorts), dtype=bool)
    frame = pd.DataFrame(out)
    frame.attrs["immature"] = pd.DataFrame(immature)
    frame.attrs["note"] = t("COHORT_NOTE", lang, unit=unit, as_of=f"{pd.Timestamp(end):%d.%m.%Y}")
    frame.attrs["set_aside"] = aside
    return frame


def _from_orders(orders: pd.DataFrame, offsets: tuple[int, ...], grain: str):
    ok = orders["customer_id"].notna() & orders["ordered_at"].notna()
    aside = int((~ok).sum())
    codes, _ = pd.factorize(orders.loc[ok, "customer_id"])
    day = orders.loc[ok, "ordered_at"].to_numpy(dtype="datetime64[us]").astype("datetime64[D]")
    n = int(codes.max(initial=-1)) + 1
    first = np.full(n, np.datetime64("9999-12-31"), dtype="datetime64[D]")
    np.minimum.at(first, codes, day)
    cohort = _index(first, grain)
    offset = _index(day, grain) - cohort[codes]
    kept = np.zeros((n, len(offsets)), dtype=bool)
    for j, k in enumerate(offsets):
        kept[codes[offset == k], j] = True
    again = np.zeros(n, dtype=bool)
    again[codes[day > first[codes]]] = True
    return cohort, kept, again, day.max().astype("datetime64[us]"), aside


def _from_customers(rows: pd.DataFrame, offsets: tuple[int, ...], grain: str):
    nat = np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[us]")
    created = rows["created_at"].to_numpy(dtype="datetime64[us]") if "created_at" in rows else nat
    gone = rows["churned_at"].to_numpy(dtype="datetime64[us]") if "churned_at" in rows else nat
    flag = rows["churned"].fillna(False).to_numpy(dtype=bool) if "churned" in rows else np.zeros(len(rows), bool)
    ok = ~np.isnat(created) & ~(flag & np.isnat(gone))
    if not ok.any():
        raise NotComputable("N_NO_COLUMN", table="customers", column="created_at")
    created, gone = created[ok], gone[ok]
    cohort = _index(created, grain)
    kept = np.stack([np.isnat(gone) | (gone >= _start(cohort + k, grain)) for k in offsets], axis=1)
    days = np.concatenate([created, gone[~np.isnat(gone)]])
    return cohort, kept, None, days.max(), int((~ok).sum())
