"""Small, dependency-free statistics for judging KPI changes and trends.

Minimum-observation rules used by the checks and diagnoses (also listed in the README):

- ``MIN_PERIODS``: a trend needs at least 6 periods.
- ``MIN_RATE_N``: a rate needs at least 30 observations (e.g. closed deals) per side of a comparison.
- ``MIN_EVENTS``: a cost-per-customer comparison needs at least 10 customers per side.

>>> round(two_proportion_test(50, 100, 30, 100).p_value, 4)
0.0039
>>> mk = mann_kendall([1, 2, 3, 4, 5, 6, 7, 8])
>>> mk.trend, round(mk.p_value, 4)
('up', 0.0008)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

MIN_PERIODS = 6
MIN_RATE_N = 30
MIN_EVENTS = 10
_N = NormalDist()


@dataclass(frozen=True)
class TestResult:
    """Outcome of a test: the statistic, a two-sided or one-sided p-value, and the effect."""

    statistic: float
    p_value: float
    effect: float
    note: str = ""


def two_proportion_test(k1: float, n1: float, k2: float, n2: float, *, alternative: str = "two-sided") -> TestResult:
    """Pooled z-test for p1 = k1/n1 against p2 = k2/n2; effect is p2 - p1.

    ``alternative`` is "two-sided", "less" (p2 < p1) or "greater" (p2 > p1).
    """
    if alternative not in ("two-sided", "less", "greater"):
        raise ValueError(f"Got alternative={alternative!r}. Must be one of ['two-sided', 'less', 'greater'].")
    if n1 <= 0 or n2 <= 0:
        return TestResult(math.nan, math.nan, math.nan, "empty group")
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return TestResult(0.0, 1.0, p2 - p1, "no variation")
    z = (p2 - p1) / se
    p = {"two-sided": 2 * (1 - _N.cdf(abs(z))), "less": _N.cdf(z), "greater": 1 - _N.cdf(z)}[alternative]
    return TestResult(z, p, p2 - p1)


def rate_ratio_test(events1: float, exposure1: float, events2: float, exposure2: float) -> TestResult:
    """Test one-sided whether events per unit of exposure are lower in group 2 than in group 1.

    Conditional on the total, events2 ~ Binomial(events1 + events2, exposure2 / (exposure1 + exposure2))
    under equal rates. Used for customers per franc of spend: fewer customers per franc means higher
    CAC. ``effect`` is the ratio of CAC (cost per event) in group 2 to group 1.
    """
    total = events1 + events2
    if total <= 0 or exposure1 <= 0 or exposure2 <= 0:
        return TestResult(math.nan, math.nan, math.nan, "no events or no exposure")
    share = exposure2 / (exposure1 + exposure2)
    p = binom_cdf(round(events2), round(total), share)
    cac1 = exposure1 / events1 if events1 else math.inf
    cac2 = exposure2 / events2 if events2 else math.inf
    ratio = cac2 / cac1 if math.isfinite(cac1) and cac1 > 0 else math.nan
    return TestResult(events2 - total * share, p, ratio)


MIN_SPREAD = 0.05  # standard deviation of log exposure above which the exposure itself is the covariate


def count_trend_test(counts, exposure) -> TestResult:
    """Test one-sided whether events per unit of exposure fall across periods (a Poisson count model).

    Model: ``counts[i] ~ Poisson(exposure[i] * exp(a + b * x[i]))``; under the null (``b = 0``) events
    are proportional to exposure, and the score test of ``b`` uses every period, not two windows. The
    covariate ``x`` is ``log(exposure)`` where the exposure varies (its log spreads by at least
    ``MIN_SPREAD``: do more francs bring proportionally more customers?), else the period's position
    (a trend in time). ``statistic`` is the score z (negative: fewer events per unit, e.g. a rising
    CAC); ``effect`` the factor by which events per unit of exposure change from the first to the last
    period under the slope's one-step estimate ``score / variance``.

    >>> r = count_trend_test([12, 11, 12, 10, 11, 12], [1000, 1300, 1690, 2200, 2860, 3710])
    >>> round(r.statistic, 2), r.p_value < 0.001
    (-3.85, True)
    >>> round(count_trend_test([10, 13, 17, 22], [1000, 1300, 1690, 2200]).p_value, 2)
    0.5
    """
    n = np.asarray(counts, dtype=float)
    s = np.asarray(exposure, dtype=float)
    ok = np.isfinite(n) & np.isfinite(s) & (s > 0)
    n, s = n[ok], s[ok]
    if len(n) < 3 or n.sum() <= 0:
        return TestResult(math.nan, math.nan, math.nan, "too few periods or no events")
    x = np.log(s) if np.std(np.log(s)) >= MIN_SPREAD else np.arange(len(n), dtype=float)
    mu = s * n.sum() / s.sum()
    xbar = float((mu * x).sum() / mu.sum())
    score = float((x * (n - mu)).sum())
    var = float((mu * (x - xbar) ** 2).sum())
    if var <= 0:
        return TestResult(0.0, 1.0, 1.0, "no variation")
    z = score / math.sqrt(var)
    slope = score / var
    return TestResult(z, _N.cdf(z), math.exp(slope * (x[-1] - x[0])))


def binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), exact for n up to a few thousand, normal beyond."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if n > 3000:
        mu, sd = n * p, math.sqrt(n * p * (1 - p))
        return _N.cdf((k + 0.5 - mu) / sd) if sd > 0 else float(k >= mu)
    logp, log1p = math.log(p) if p > 0 else -math.inf, math.log1p(-p) if p < 1 else -math.inf
    terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * logp + (n - i) * log1p
             for i in range(k + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


@dataclass(frozen=True)
class TrendResult:
    """Mann–Kendall trend test with Sen's slope."""

    trend: str  # "up", "down" or "none"
    s: float
    z: float
    p_value: float
    slope: float
    n: int


def mann_kendall(values, *, alpha: float = 0.05) -> TrendResult:
    """Mann–Kendall test for a monotonic trend (two-sided), with Sen's slope per period.

    NaN values are left out. Fewer than ``MIN_PERIODS`` values give ``trend="none"`` and p = NaN.
    """
    y = np.asarray([v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))],
                   dtype=float)
    n = len(y)
    if n < MIN_PERIODS:
        return TrendResult("none", math.nan, math.nan, math.nan, math.nan, n)
    i, j = np.triu_indices(n, k=1)
    diff = y[j] - y[i]
    s = float(np.sign(diff).sum())
    _, counts = np.unique(y, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - float((counts * (counts - 1) * (2 * counts + 5)).sum())) / 18
    z = 0.0 if s == 0 or var <= 0 else (s - np.sign(s)) / math.sqrt(var)
    p = 2 * (1 - _N.cdf(abs(z)))
    slope = float(np.median(diff / (j - i)))
    trend = "none" if p >= alpha else ("up" if z > 0 else "down")
    return TrendResult(trend, s, z, p, slope, n)


def required_n_two_proportions(p: float, delta: float, *, alpha: float = 0.05, power: float = 0.8) -> int:
    """Observations per group to detect a change of ``delta`` from rate ``p`` (two-sided).

    >>> required_n_two_proportions(0.35, 0.10)
    376
    """
    p2 = min(max(p + delta, 1e-6), 1 - 1e-6)
    p1 = min(max(p, 1e-6), 1 - 1e-6)
    za, zb = _N.inv_cdf(1 - alpha / 2), _N.inv_cdf(power)
    pbar = (p1 + p2) / 2
    num = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2
    return math.ceil(num / (p2 - p1) ** 2)


def confidence(p_value: float) -> str:
    """Words for how sure a finding is: 'sehr hoch' / 'hoch' / 'mittel' keys."""
    if p_value < 0.001:
        return "very_high"
    if p_value < 0.01:
        return "high"
    return "moderate"
