"""Diagnosis of customers kept and lost: falling retention, overall and naming the product or channel.

Retention from one quarter to the next is the share of the customers who ordered in the quarter
before and order again (``customer_retention_rate``). Customers are grouped by what they were won
with: the product and the channel of their first order, or ``customers.product`` / ``customers.channel``
where a customer list has them. The last ``WINDOW`` complete quarters are compared with the
``BASELINE`` quarters before by a one-sided two-proportion test, overall and per group with enough
customers; the tests share the diagnoses' family-wise error rate (``kpikit.checks.diagnoses``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpikit.core import fmt
from kpikit.core.i18n import t_all
from kpikit.kpis.stats import confidence, two_proportion_test

if TYPE_CHECKING:
    from kpikit.checks.findings import Finding
    from kpikit.company.model import Company

WINDOW, BASELINE = 2, 4  # quarters, as the other diagnoses
MIN_DROP_POINTS = 0.05  # retention must fall by at least 5 points
MIN_GROUP_N = 30  # customers active in the quarter before, in each window, for a group to be tested
DIMENSIONS = ("product", "channel")


@dataclass(frozen=True)
class Kept:
    """Per quarter (labels ``2025-01-01``) and group: customers active the quarter before, and kept."""

    periods: list[str]
    active: pd.DataFrame  # index group ("" = all customers), columns periods
    kept: pd.DataFrame


def kept_by_quarter(company: Company, *, as_of: str | dt.date | None = None, dim: str | None = None) -> Kept | None:
    """Customers active in the quarter before and kept, per complete quarter, overall or per group.

    Parameters
    ----------
    company : Company
        Its ``orders`` (customer_id, ordered_at; product and channel for the groups).
    as_of : str or date, optional
        Cut-off date: quarters ending after it are incomplete. Default: the end of the data.
    dim : {"product", "channel"}, optional
        Group the customers by this column of their first order (or of the customer list).

    Returns
    -------
    Kept or None
        None without orders; the first quarter of the data has no quarter before and is left out.

    Examples
    --------
    >>> from kpikit import Company
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c", "a", "c", "a"],
    ...                        "ordered_at": ["2025-01-05", "2025-02-01", "2025-03-01", "2025-04-02", "2025-05-09",
    ...                                       "2025-07-01"], "revenue": [10.0] * 6})
    >>> k = kept_by_quarter(Company.from_frames(orders=orders, period=("2025-01-01", "2025-09-30")))
    >>> k.periods, k.active.loc[""].tolist(), k.kept.loc[""].tolist()
    (['2025-04-01', '2025-07-01'], [3, 2], [2, 1])
    """
    orders = company.orders
    if orders is None or not len(orders):
        return None
    end = pd.Timestamp(as_of) if as_of is not None else company.period[1]
    start = company.period[0] if company.period[0] is not None else orders["ordered_at"].min()
    if end is None or pd.isna(start):
        return None
    q0 = pd.Period(start, "Q")
    last = pd.Period(end, "Q")
    if last.end_time.normalize() > pd.Timestamp(end):
        last -= 1  # the quarter of the cut-off is not complete
    n = (last - q0).n + 1
    if n < 2:
        return None
    when = orders["ordered_at"].to_numpy(dtype="datetime64[us]")
    ok = ~np.isnat(when) & orders["customer_id"].notna().to_numpy()
    q = pd.PeriodIndex(pd.DatetimeIndex(when[ok]), freq="Q")
    pos = np.asarray((q - q0).map(lambda x: x.n), dtype=np.int64)
    codes, customers = pd.factorize(orders["customer_id"].to_numpy()[ok])
    inside = (pos >= 0) & (pos < n)
    grid = np.zeros((len(customers), n), dtype=bool)
    grid[codes[inside], pos[inside]] = True
    group = _groups(company, orders[ok], codes, customers, dim)
    before, now = grid[:, :-1], grid[:, 1:]
    labels = [str((q0 + i).start_time.date()) for i in range(1, n)]
    frame_a = pd.DataFrame(before.astype(int), columns=labels).groupby(group).sum()
    frame_k = pd.DataFrame((before & now).astype(int), columns=labels).groupby(group).sum()
    return Kept(labels, frame_a, frame_k)


def _groups(company: Company, orders: pd.DataFrame, codes: np.ndarray, customers, dim: str | None) -> np.ndarray:
    """Each customer's group: its first order's value of ``dim`` (or the customer list's), "" for all."""
    n = len(customers)
    if dim is None:
        return np.full(n, "", dtype=object)
    out = np.full(n, None, dtype=object)
    if dim in orders:
        first = pd.DataFrame({"code": codes, "at": orders["ordered_at"].to_numpy(), "v": orders[dim].to_numpy()})
        first = first.dropna(subset=["v"]).sort_values("at", kind="stable").drop_duplicates("code")
        out[first["code"].to_numpy()] = first["v"].to_numpy()
    listed = company.tables.get("customers")
    if listed is not None and dim in listed:
        by_id = listed.dropna(subset=[dim]).drop_duplicates("customer_id").set_index("customer_id")[dim]
        hit = by_id.reindex(pd.Index(customers))
        out = np.where(hit.notna().to_numpy(), hit.to_numpy(dtype=object), out)
    return np.where(pd.isna(out), "–", out).astype(object)


def planned_groups(company: Company, as_of=None) -> list[tuple[str, str]]:
    """The (dimension, group) pairs the retention diagnosis tests: enough customers in both windows."""
    out = []
    for dim in DIMENSIONS:
        kept = kept_by_quarter(company, as_of=as_of, dim=dim)
        if kept is None or len(kept.periods) < WINDOW + 1 or len(kept.active.index) < 2:
            continue
        win, base = _split(kept.periods)
        for g in kept.active.index:
            if g != "–" and kept.active.loc[g, win].sum() >= MIN_GROUP_N and \
                    kept.active.loc[g, base].sum() >= MIN_GROUP_N:
                out.append((dim, str(g)))
    return out


def n_tests(company: Company, as_of=None) -> int:
    """How many tests ``diagnose_retention`` makes (overall, when testable, and each planned group)."""
    kept = kept_by_quarter(company, as_of=as_of)
    if kept is None or len(kept.periods) < WINDOW + 1:
        return 0
    return 1 + len(planned_groups(company, as_of))


def _split(periods: list[str]) -> tuple[list[str], list[str]]:
    return periods[-WINDOW:], periods[max(0, len(periods) - WINDOW - BASELINE):-WINDOW]


def diagnose_retention(company: Company, *, as_of: str | dt.date | None = None,
                       alpha: float = 0.05) -> list[Finding]:
    """Falling customer retention (``RETENTION_FALLING``), overall and per product or channel.

    Parameters
    ----------
    company : Company
        Its orders (and customer list, for the groups).
    as_of : str or date, optional
        Cut-off date for complete quarters. Default: the end of the data.
    alpha : float
        Significance level of each test (``diagnose`` passes its Bonferroni share).

    Returns
    -------
    list of Finding
        One per fall, overall first, then the groups by size of the fall. Retention of the last
        ``WINDOW`` quarters (kept / active the quarter before, pooled) against the ``BASELINE`` quarters
        before must have fallen by ``MIN_DROP_POINTS`` and a one-sided two-proportion z-test give
        ``p < alpha``. A group is tested with at least ``MIN_GROUP_N`` customers in each window.

    Examples
    --------
    >>> from kpikit.company.simulate import synthetic_company
    >>> story = synthetic_company(30_001, churn_product="Bohnen-Abo", churn_factor_last_two_quarters=6.0)
    >>> [(f.code, f.segment) for f in diagnose_retention(story, alpha=0.01)]
    [('RETENTION_FALLING', None), ('RETENTION_FALLING', 'Bohnen-Abo')]
    >>> diagnose_retention(synthetic_company(30_001, subscription=True), alpha=0.01)
    []
    """
    from kpikit.checks.findings import Finding

    overall = kept_by_quarter(company, as_of=as_of)
    if overall is None or len(overall.periods) < WINDOW + 1:
        return []
    targets = [(None, None, overall)]
    for dim, group in planned_groups(company, as_of):
        targets.append((dim, group, kept_by_quarter(company, as_of=as_of, dim=dim)))
    found = []
    for dim, group, kept in targets:
        key = "" if dim is None else group
        win, base = _split(kept.periods)
        nb, kb = float(kept.active.loc[key, base].sum()), float(kept.kept.loc[key, base].sum())
        nw, kw = float(kept.active.loc[key, win].sum()), float(kept.kept.loc[key, win].sum())
        if nb < MIN_GROUP_N or nw < MIN_GROUP_N:
            continue
        pb, pw = kb / nb, kw / nw
        test = two_proportion_test(kb, nb, kw, nw, alternative="less")
        if not (pb - pw >= MIN_DROP_POINTS and test.p_value < alpha):
            continue
        window = [fmt.period_label(p, "quarter") for p in win]
        baseline = [fmt.period_label(p, "quarter") for p in base]
        conf = confidence(test.p_value)
        per_quarter = {fmt.period_label(p, "quarter"): (float(kept.kept.loc[key, p] / kept.active.loc[key, p])
                                                       if kept.active.loc[key, p] else None) for p in kept.periods}
        params = {"window": _span(window), "base_window": _span(baseline), "current": fmt.value(pw, "ratio"),
                  "baseline": fmt.value(pb, "ratio"), "segment": "" if dim is None else group,
                  "where": t_all("FINDINGS_RETENTION_ALL") if dim is None else
                  t_all(f"FINDINGS_RETENTION_{dim}", segment=group),
                  "confidence": t_all(f"confidence_{conf}"),
                  "p": "p < 0.001" if test.p_value < 0.001 else f"p = {test.p_value:.3f}"}
        evidence = {"dimension": dim, "window": window, "baseline_window": baseline, "retention_window": pw,
                    "retention_baseline": pb, "kept_window": kw, "active_window": nw, "kept_baseline": kb,
                    "active_baseline": nb, "drop_points": pb - pw, "test": "two-proportion z-test, one-sided",
                    "z": test.statistic, "p_value": test.p_value, "alpha": alpha,
                    "retention_by_quarter": per_quarter}
        severity = "critical" if test.p_value < 0.001 else "warning"
        found.append(Finding("RETENTION_FALLING", severity, "customer_retention_rate", params, evidence,
                             None if dim is None else group, test.p_value))
    head = [f for f in found if f.segment is None]
    return head + sorted((f for f in found if f.segment is not None), key=lambda f: -f.evidence["drop_points"])


def _span(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{labels[0]} – {labels[-1]}"


__all__ = ["Kept", "diagnose_retention", "kept_by_quarter", "n_tests", "planned_groups"]
