"""Synthetic companies for simulations, tests and exercises.

``synthetic_company(seed)`` builds a believable small B2B company in memory (leads, deals,
campaigns, costs) with constant rates, so that any diagnosis it triggers is a false positive.
The two stories of the source text can be switched on to measure power instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.company.model import Company

CHANNELS = ("Google Ads", "Meta Ads", "LinkedIn Ads", "Newsletter", "Messe", "Empfehlung", "Website")
CHANNEL_SHARE = np.array([0.22, 0.15, 0.10, 0.10, 0.08, 0.10, 0.25])
DEAL_RATE = np.array([0.25, 0.22, 0.28, 0.20, 0.35, 0.45, 0.22])
CLOSE_RATE = np.array([0.34, 0.30, 0.36, 0.32, 0.38, 0.50, 0.33])
DAILY_SPEND = {"Google Ads": 175.0, "Meta Ads": 85.0, "LinkedIn Ads": 65.0, "Newsletter": 6.0}
OWNERS = ("Laura Meier", "Marco Bianchi", "Sandra Keller", "Luca Brunner")
PRODUCTS = ("Bohnen-Abo", "Service-Abo", "Wartungsvertrag")
PRODUCT_SHARE = np.array([0.4, 0.35, 0.25])
MONTHLY_CHURN = 0.02


def synthetic_company(
    seed: int,
    *,
    start: str = "2024-10-01",
    months: int = 24,
    leads_per_month: float = 180.0,
    close_rate_factor_last_two_quarters: float = 1.0,
    spend_growth_channel: str | None = None,
    spend_growth_per_quarter: float = 0.0,
    subscription: bool = False,
    churn_product: str | None = None,
    churn_factor_last_two_quarters: float = 1.0,
) -> Company:
    """A company with constant rates unless a story is switched on.

    Parameters
    ----------
    seed : int
        Seed of the random generator; the same seed gives the same company.
    close_rate_factor_last_two_quarters : float
        Multiplies every channel's close rate for deals closing in the last two quarters
        (story A: e.g. 0.6). 1.0 means no change.
    spend_growth_channel, spend_growth_per_quarter : optional
        Let one paid channel's spend grow by this fraction each quarter while its customers stay
        flat (story B).
    subscription : bool
        Each won deal's customer subscribes to one of ``PRODUCTS`` and orders monthly until they leave
        (``MONTHLY_CHURN`` a month): an ``orders`` table.
    churn_product, churn_factor_last_two_quarters : optional
        Multiply the monthly churn of that product's customers in the last two quarters (story C:
        e.g. 3.0). Implies ``subscription``.

    Returns
    -------
    Company
        Leads, deals, campaigns and costs of ``months`` months from ``start``, built with
        ``Company.from_frames``.
    """
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start)
    end = t0 + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    month_starts = pd.date_range(t0, periods=months, freq="MS")
    counts = rng.poisson(leads_per_month, size=months)
    created = np.concatenate([
        (m + pd.to_timedelta(rng.uniform(0, m.days_in_month, size=n), unit="D")).to_numpy()
        for m, n in zip(month_starts, counts, strict=True)
    ])
    n = len(created)
    channel = rng.choice(len(CHANNELS), size=n, p=CHANNEL_SHARE)
    lead_ids = np.array([f"L{seed}-{i}" for i in range(n)])
    leads = pd.DataFrame({"lead_id": lead_ids, "created_at": created,
                          "channel": np.array(CHANNELS)[channel], "customer_id": lead_ids})
    has_deal = rng.random(n) < DEAL_RATE[channel]
    d_created = created[has_deal] + pd.to_timedelta(rng.uniform(0, 14, has_deal.sum()), unit="D").to_numpy()
    d_closed = d_created + pd.to_timedelta(rng.uniform(15, 100, has_deal.sum()), unit="D").to_numpy()
    d_channel = channel[has_deal]
    rate = CLOSE_RATE[d_channel].copy()
    late = d_closed >= (end - pd.DateOffset(months=6) + pd.Timedelta(days=1)).to_datetime64()
    rate[late] *= close_rate_factor_last_two_quarters
    won = rng.random(has_deal.sum()) < rate
    is_open = d_closed > end.to_datetime64()
    status = np.where(is_open, "open", np.where(won, "won", "lost"))
    deals = pd.DataFrame({
        "deal_id": [f"D{seed}-{i}" for i in range(has_deal.sum())],
        "status": status,
        "created_at": d_created,
        "closed_at": np.where(is_open, np.datetime64("NaT"), d_closed).astype("datetime64[us]"),
        "amount": np.round(rng.lognormal(np.log(9000), 0.5, has_deal.sum()), -1),
        "customer_id": lead_ids[has_deal],
        "lead_id": lead_ids[has_deal],
        "channel": np.array(CHANNELS)[d_channel],
        "owner": rng.choice(OWNERS, size=has_deal.sum()),
    })
    days = pd.date_range(t0, end, freq="D")
    rows = []
    for ch, daily in DAILY_SPEND.items():
        quarter = ((days.year - t0.year) * 12 + days.month - t0.month) // 3
        factor = np.ones(len(days))
        if ch == spend_growth_channel:
            factor = (1 + spend_growth_per_quarter) ** np.maximum(quarter - 2, 0)
        spend = np.round(daily * factor * rng.uniform(0.8, 1.2, len(days)), 2)
        impressions = rng.poisson(spend * 12)
        clicks = rng.binomial(impressions, 0.02)
        rows.append(pd.DataFrame({"date": days, "channel": ch, "spend": spend, "impressions": impressions,
                                  "clicks": clicks, "leads": rng.binomial(clicks, 0.05)}))
    campaigns = pd.concat(rows, ignore_index=True)
    cost_days = pd.date_range(t0, end, freq="ME")
    costs = pd.DataFrame({
        "date": np.repeat(cost_days, 2),
        "category": ["marketing", "sales"] * len(cost_days),
        "amount": np.tile([4000.0, 22000.0], len(cost_days)),
    })
    frames = {"leads": leads, "deals": deals, "campaigns": campaigns, "costs": costs}
    if subscription or churn_product is not None:
        frames["orders"] = _orders(np.random.default_rng(seed + 1), deals, end, churn_product,
                                   churn_factor_last_two_quarters)
    return Company.from_frames(name=f"Simulation {seed}", period=(t0, end),
                               kpis=("new_customers", "close_rate", "cac"), **frames)


def _orders(rng: np.random.Generator, deals: pd.DataFrame, end: pd.Timestamp, churn_product: str | None,
            factor: float) -> pd.DataFrame:
    """Monthly subscription orders of the won deals' customers until each leaves (its own generator)."""
    won = deals[deals["status"] == "won"]
    n, horizon = len(won), 25
    product = rng.choice(len(PRODUCTS), size=n, p=PRODUCT_SHARE)
    closed = won["closed_at"].to_numpy(dtype="datetime64[us]")
    offsets = (np.arange(horizon) * 30.44 * 86400e6).astype("timedelta64[us]")
    jitter = rng.uniform(-4, 4, size=(n, horizon)) * np.timedelta64(86400, "s").astype("timedelta64[us]")
    when = closed[:, None] + offsets[None, :] + np.where(np.arange(horizon) == 0, np.timedelta64(0, "us"), jitter)
    hazard = np.full((n, horizon), MONTHLY_CHURN)
    if churn_product is not None:
        story = (np.array(PRODUCTS)[product] == churn_product)[:, None]
        late = when >= (end - pd.DateOffset(months=6) + pd.Timedelta(days=1)).to_datetime64()
        hazard = np.where(story & late, MONTHLY_CHURN * factor, hazard)
    left = rng.random((n, horizon)) < hazard
    left[:, 0] = False  # the first order is the one the deal was won with
    alive = np.cumsum(left, axis=1) == 0
    keep = alive & (when <= end.to_datetime64())
    rows, cols = np.nonzero(keep)
    return pd.DataFrame({
        "order_id": [f"O{r}-{c}" for r, c in zip(rows, cols, strict=True)],
        "customer_id": won["customer_id"].to_numpy()[rows],
        "ordered_at": when[rows, cols],
        "revenue": np.round(rng.lognormal(np.log(320), 0.3, len(rows)), 2),
        "product": np.array(PRODUCTS)[product[rows]],
        "channel": np.where(cols == 0, "Vertrieb", "Abo"),
    })
