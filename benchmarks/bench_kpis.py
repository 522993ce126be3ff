"""Benchmark: ``kpikit.compute_kpis`` (whole catalogue, per month × channel) versus hand-written pandas.

Generates, seeded and vectorised, a synthetic company of 1 M leads, 1 M deals, 1 M orders and
100 k daily campaign rows (``--scale 1.0``) over 26 months of data, of which 24 months
(2023-01 … 2024-12) are the analysis period: 8 channels (6 with campaigns), 10 owners, won/lost/open
deals, converted leads, skewed repeat buyers, 2 % rows without a channel, a small costs table.
``Company.from_frames`` builds the company from the already-typed frames *outside* the timed region.

Timed, interleaved, best of ``--repeats`` (wall and CPU seconds):

a. the target: ``compute_kpis(company, period="month", by="channel")``, at ``--scale`` and at a tenth
   of it (scaling target: 10 x rows in <= 12 x time);
b. the baseline: hand-written pandas, one ``groupby([month, channel])`` per table, computing
   numerator, denominator and value of every KPI of the catalogue on the engine's definitions (target: a <= 1.5 x b);
c. DuckDB on the same frames for the 16 per-table KPIs in ``DUCKDB_KPIS`` (context only).

Before timing, engine, baseline and DuckDB are compared cell by cell on a small company
(``--verify-scale``, 20 k rows): numerator, denominator, value and the sales-cycle median within
1e-6 relative; any KPI that disagrees is printed. Peak memory of each call is measured once in a
fresh process (``VmHWM`` reset through ``/proc/self/clear_refs``, else ``ru_maxrss``) as growth above
the resident set before the call, relative to the input frames (target <= 3 x). Timings never fail
the run: the exit code is 0 and the verdicts are printed.

    .venv/bin/python benchmarks/bench_kpis.py                 # 1 M rows, 3 repeats
    .venv/bin/python benchmarks/bench_kpis.py --quick --json  # 100 k rows, 1 repeat
    .venv/bin/python benchmarks/bench_kpis.py --profile       # only a cProfile of compute_kpis, top 20
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"
RESULTS = DATA / "results-kpis.json"
SEED = 20250
ROWS, CAMPAIGN_ROWS = 1_000_000, 100_000  # at --scale 1.0
TARGET_RATIO, TARGET_SCALING, TARGET_MEMORY = 1.5, 12.0, 3.0
RTOL = 1e-6

PERIOD = ("2023-01-01", "2024-12-31")  # 24 analysis months
# the data reach 2 months further back than the analysis period
DATA_START, AS_OF = np.datetime64("2022-11-01"), np.datetime64("2024-12-31")
NO_SEGMENT = "–"  # kpikit.kpis.grid.NO_SEGMENT
# channel -> (share of leads/deals/orders, win probability, has campaigns, click-through rate)
CHANNELS = {
    "Google Ads": (0.24, 0.28, True, 0.045), "Meta Ads": (0.16, 0.22, True, 0.012),
    "LinkedIn Ads": (0.12, 0.34, True, 0.008), "TikTok Ads": (0.06, 0.15, True, 0.010),
    "Newsletter": (0.08, 0.30, True, 0.030), "Messe": (0.05, 0.45, True, 0.050),
    "Website": (0.17, 0.25, False, 0.0), "Empfehlung": (0.12, 0.50, False, 0.0),
}
OWNERS = ["Laura Meier", "Luca Brunner", "Sandra Keller", "Marco Bianchi", "Nina Frei", "Jonas Widmer",
          "Sara Gerber", "David Roth", "Lea Moser", "Tim Vogel"]
MISSING_CHANNEL = 0.02  # share of leads, deals and orders without a channel (segment "–")

# KPIs whose DuckDB query the benchmark runs (per-table aggregates; cross-table and cumulative
# KPIs — new_customers, cac, pipeline_value, customer_lifetime_value, ltv_cac_ratio — are not).
DUCKDB_KPIS = ("leads", "lead_to_customer_rate", "close_rate", "avg_deal_size", "sales_cycle_days", "revenue",
               "revenue_per_customer", "repeat_purchase_rate", "reach", "impressions", "ctr",
               "conversion_rate", "cost_per_click", "cost_per_lead", "cost_per_acquisition",
               "marketing_spend")
BOUNDED = ("close_rate", "lead_to_customer_rate", "lead_to_deal_rate", "ctr", "conversion_rate",
           "repeat_purchase_rate")


# --- data ----------------------------------------------------------------------------------------------
def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return (prefix + pd.Series(np.arange(1, n + 1)).astype("str").str.zfill(width)).to_numpy(dtype=object)


def _days(rng: np.random.Generator, n: int) -> np.ndarray:
    span = int((AS_OF - DATA_START).astype(int)) + 1
    return (DATA_START + rng.integers(0, span, n)).astype("datetime64[us]")


def _channels(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    names = np.array(list(CHANNELS), dtype=object)
    p = np.array([v[0] for v in CHANNELS.values()])
    code = rng.choice(len(names), size=n, p=p / p.sum())
    out = names[code]
    out[rng.random(n) < MISSING_CHANNEL] = None
    return out, code


def _customers(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    # Skewed: a few customers order often, most once or twice.
    return pool[(len(pool) * rng.random(n) ** 1.5).astype(np.int64)]


def make_frames(scale: float, seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Typed canonical frames (datetime64[us], float64, str) of a synthetic company."""
    rng = np.random.default_rng(seed)
    n, nc = max(int(ROWS * scale), 100), max(int(CAMPAIGN_ROWS * scale), 10)
    pool = _ids("K", max(n // 4, 10), 7)
    days = np.timedelta64(1, "D")
    owners = np.array(OWNERS, dtype=object)

    # leads: 12 % convert within weeks (unless after the export date)
    created = _days(rng, n)
    converted_at = created + rng.geometric(1 / 21, n) * days
    converted = (rng.random(n) < 0.12) & (converted_at <= AS_OF)
    channel, _ = _channels(rng, n)
    leads = pd.DataFrame({
        "lead_id": _ids("L", n, 8), "created_at": created, "channel": channel,
        "owner": owners[rng.integers(0, len(owners), n)],
        "converted_at": np.where(converted, converted_at, np.datetime64("NaT")),
        "customer_id": np.where(converted, pool[rng.integers(0, len(pool), n)], None),
    })

    # deals: closed after a log-normal cycle; still open when that lies after the export or the deal stalls
    created = _days(rng, n)
    closed_at = created + np.ceil(rng.lognormal(np.log(35), 0.8, n)).astype(np.int64) * days
    is_open = (closed_at > AS_OF) | (rng.random(n) < 0.08)
    channel, code = _channels(rng, n)
    win_p = np.array([v[1] for v in CHANNELS.values()])[code]
    status = np.where(is_open, "open", np.where(rng.random(n) < win_p, "won", "lost")).astype(object)
    amount = np.round(rng.lognormal(np.log(6000), 0.9, n), 2)
    amount[rng.random(n) < 0.01] = np.nan
    customer = _customers(rng, pool, n)
    customer[rng.random(n) < 0.01] = None
    deals = pd.DataFrame({
        "deal_id": _ids("D", n, 8), "status": status, "created_at": created,
        "closed_at": np.where(is_open, np.datetime64("NaT"), closed_at), "amount": amount,
        "customer_id": customer, "channel": channel, "owner": owners[rng.integers(0, len(owners), n)],
    })
    # 70 % of the deals name the lead they came from (a stream of their own: the other columns stay as they were)
    link = np.random.default_rng(seed + 1)
    deals["lead_id"] = np.where(link.random(n) < 0.7, leads["lead_id"].to_numpy()[link.integers(0, n, n)], None)

    # orders: skewed customers, some 0.00 orders
    channel, _ = _channels(rng, n)
    revenue = np.round(rng.lognormal(np.log(180), 1.0, n), 2)
    revenue[rng.random(n) < 0.01] = 0.0
    orders = pd.DataFrame({
        "order_id": _ids("O", n, 8), "customer_id": _customers(rng, pool, n), "ordered_at": _days(rng, n),
        "revenue": revenue, "channel": channel,
    })

    # campaigns: one row per day and campaign, campaigns spread over the paid channels
    paid = [k for k, v in CHANNELS.items() if v[2]]
    span = int((AS_OF - DATA_START).astype(int)) + 1
    i = np.arange(nc)
    combo, day = i // span, i % span
    ch_code = combo % len(paid)
    camp_channel = np.array(paid, dtype=object)[ch_code]
    ctr = np.array([CHANNELS[k][3] for k in paid])[ch_code]
    spend = np.round(rng.gamma(2.0, 40.0, nc), 2)
    impressions = rng.poisson(spend * 25).astype(float)
    clicks = rng.binomial(impressions.astype(np.int64), ctr).astype(float)
    camp_leads = rng.binomial(clicks.astype(np.int64), 0.06).astype(float)
    reach = np.floor(impressions * rng.uniform(0.5, 0.8, nc))
    reach[camp_channel == "Google Ads"] = np.nan  # search ads report no reach: impressions stand in
    campaigns = pd.DataFrame({
        "date": (DATA_START + day).astype("datetime64[us]"), "channel": camp_channel,
        "campaign": (pd.Series(camp_channel).str[:3] + "-"
                     + pd.Series(combo).astype("str").str.zfill(3)).to_numpy(),
        "spend": spend, "impressions": impressions, "reach": reach, "clicks": clicks, "leads": camp_leads,
        "conversions": rng.binomial(camp_leads.astype(np.int64), 0.25).astype(float),
    })

    # costs: agency fees (marketing) and sales salaries at each month's end
    month_end = np.arange(DATA_START.astype("datetime64[M]"), AS_OF.astype("datetime64[M]") + 1) + 1
    month_end = (month_end.astype("datetime64[D]") - days).astype("datetime64[us]")
    m = len(month_end)
    costs = pd.DataFrame({
        "date": np.concatenate([month_end, month_end]),
        "category": ["marketing"] * m + ["sales"] * m,
        "amount": np.round(np.concatenate([rng.uniform(8e3, 15e3, m), rng.uniform(60e3, 80e3, m)]), 2),
        "note": ["Agentur"] * m + ["Löhne Verkauf"] * m,
    })
    return {"leads": leads, "deals": deals, "orders": orders, "campaigns": campaigns, "costs": costs}


def build_company(frames: dict[str, pd.DataFrame]):
    from kpikit import Company

    company = Company.from_frames(name="Benchmark AG", period=PERIOD, **frames)
    if company.rows_rejected:
        raise RuntimeError(f"synthetic data lost {company.rows_rejected} rows in validation:\n"
                           f"{company.rejected.head()}")
    return company


def frames_nbytes(tables: dict[str, pd.DataFrame]) -> int:
    return int(sum(df.memory_usage(deep=True).sum() for df in tables.values()))


# --- a. the engine --------------------------------------------------------------------------------------
def run_engine(company) -> pd.DataFrame:
    from kpikit import compute_kpis

    return compute_kpis(company, period="month", by="channel")


# --- b. hand-written pandas -----------------------------------------------------------------------------
def _month(dates: pd.Series) -> pd.Series:
    """Month number since 1970 (float, NaN for NaT): a cheap groupby key."""
    m = dates.to_numpy().astype("datetime64[M]")
    return pd.Series(np.where(np.isnat(m), np.nan, m.astype(np.int64)), index=dates.index)


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den).where(den > 0)


def pandas_baseline(tables: dict[str, pd.DataFrame], period=PERIOD) -> pd.DataFrame:
    """Every KPI per month × channel the way an analyst writes it: one groupby per table.

    Returns a long frame indexed by ``kpi, period, segment`` with ``numerator, denominator, value``
    (and ``median`` for the sales cycle), on the engine's definitions.
    """
    m0, m1 = (int(np.datetime64(p, "M").astype(np.int64)) for p in period)
    leads, deals, orders, camp = (tables[t] for t in ("leads", "deals", "orders", "campaigns"))
    segments = sorted(set().union(*(t["channel"].dropna().unique() for t in (leads, deals, orders, camp))))
    grid = pd.MultiIndex.from_product([range(m0, m1 + 1), [*segments, NO_SEGMENT]], names=["m", "s"])

    def on_grid(series: pd.Series, fill=0.0) -> pd.Series:
        return series.reindex(grid, fill_value=fill).astype(float)

    def cumulative(series: pd.Series) -> pd.Series:
        return on_grid(series).unstack("s").cumsum().stack()

    out: dict[str, pd.DataFrame] = {}

    def put(kpi: str, num: pd.Series, den: pd.Series | None = None, value: pd.Series | None = None,
            median: pd.Series | None = None) -> None:
        if value is None:
            value = num if den is None else _ratio(num, den)
        if kpi in BOUNDED:
            value = value.where(value <= 1)
        out[kpi] = pd.DataFrame({"numerator": num, "denominator": np.nan if den is None else den,
                                 "value": value, "median": np.nan if median is None else median})

    # leads by month created
    g = (pd.DataFrame({"m": _month(leads["created_at"]), "s": leads["channel"].fillna(NO_SEGMENT),
                       "converted": leads["converted_at"].notna(),
                       # get_indexer, not isin: isin on two Arrow string columns is ~20x slower
                       "with_deal": pd.Index(deals["lead_id"].dropna().unique()).get_indexer(leads["lead_id"]) >= 0})
         .groupby(["m", "s"]).agg(leads=("converted", "size"), converted=("converted", "sum"),
                                  with_deal=("with_deal", "sum")))
    n_leads, converted = on_grid(g["leads"]), on_grid(g["converted"])
    put("leads", n_leads)
    put("lead_to_customer_rate", converted, n_leads)
    put("lead_to_deal_rate", on_grid(g["with_deal"]), n_leads)

    # deals by month closed
    won, lost = deals["status"].eq("won"), deals["status"].eq("lost")
    cycle = (deals["closed_at"] - deals["created_at"]).dt.total_seconds() / 86400.0
    deal_seg = deals["channel"].fillna(NO_SEGMENT)
    g = (pd.DataFrame({"m": _month(deals["closed_at"]), "s": deal_seg, "won": won, "lost": lost,
                       "amount": deals["amount"].where(won), "cycle": cycle.where(won)})
         .groupby(["m", "s"])
         .agg(won=("won", "sum"), lost=("lost", "sum"),
              amount=("amount", "sum"), amount_n=("amount", "count"),
              cycle=("cycle", "sum"), cycle_n=("cycle", "count"), cycle_median=("cycle", "median")))
    n_won, n_lost = on_grid(g["won"]), on_grid(g["lost"])
    put("close_rate", n_won, n_won + n_lost)
    put("avg_deal_size", on_grid(g["amount"]), on_grid(g["amount_n"]))
    put("sales_cycle_days", on_grid(g["cycle"]), on_grid(g["cycle_n"]),
        median=on_grid(g["cycle_median"], np.nan))

    # pipeline: +amount from the month created (or the first month), -amount from the month closed
    start = _month(deals["created_at"]).clip(lower=m0)
    closed = (won | lost) & deals["closed_at"].notna()
    stop = _month(deals["closed_at"]).where(closed, m1 + 1).clip(m0, m1 + 1)
    ok = (start <= m1) & (start < stop)
    amount = deals["amount"].fillna(0.0)[ok]
    opened = amount.groupby([start[ok], deal_seg[ok]]).sum()
    closing = amount.groupby([stop[ok], deal_seg[ok]]).sum()
    put("pipeline_value", on_grid(opened).unstack("s").cumsum().stack().sub(
        on_grid(closing).unstack("s").cumsum().stack()).round(6))

    # customers: first won deal, else first order (deal rows sort before order rows; stable on ties)
    won_deals = deals[won & deals["closed_at"].notna()]
    firsts = pd.concat([
        pd.DataFrame({"customer": won_deals["customer_id"].fillna(won_deals["deal_id"]),
                      "first_at": won_deals["closed_at"], "seg": won_deals["channel"], "src": 0}),
        pd.DataFrame({"customer": orders["customer_id"], "first_at": orders["ordered_at"],
                      "seg": orders["channel"], "src": 1}),
    ], ignore_index=True)
    firsts = firsts.sort_values(["src", "first_at"], kind="stable").drop_duplicates("customer")
    firsts["seg"] = firsts["seg"].fillna(NO_SEGMENT)
    new_customers = on_grid(firsts.groupby([_month(firsts["first_at"]), "seg"]).size())
    put("new_customers", new_customers)

    # orders by month ordered
    order_month = _month(orders["ordered_at"])
    frame = pd.DataFrame({"m": order_month, "s": orders["channel"].fillna(NO_SEGMENT),
                          "customer": orders["customer_id"], "order": orders["order_id"],
                          "revenue": orders["revenue"]})
    g = frame.groupby(["m", "s"]).agg(revenue=("revenue", "sum"), customers=("customer", "nunique"))
    revenue = on_grid(g["revenue"])
    put("revenue", revenue)
    put("revenue_per_customer", revenue, on_grid(g["customers"]))
    per_customer = frame.groupby(["m", "s", "customer"])["order"].nunique()
    repeat = (per_customer >= 2).groupby(level=["m", "s"]).agg(["sum", "size"])
    put("repeat_purchase_rate", on_grid(repeat["sum"]), on_grid(repeat["size"]))

    # CLV: cumulative revenue and customers by acquisition channel (history before the period counts)
    acquired = orders["customer_id"].map(firsts.set_index("customer")["seg"])
    clv_rev = cumulative(orders["revenue"].groupby([order_month.clip(lower=m0), acquired]).sum())
    clv_cust = cumulative(firsts.groupby([_month(firsts["first_at"]).clip(lower=m0), "seg"]).size())
    clv = _ratio(clv_rev, clv_cust)
    put("customer_lifetime_value", clv_rev, clv_cust)

    # campaigns by day's month
    clicks, impressions, camp_leads = camp["clicks"], camp["impressions"], camp["leads"]
    g = (pd.DataFrame({
        "m": _month(camp["date"]), "s": camp["channel"].fillna(NO_SEGMENT), "spend": camp["spend"],
        "reach": camp["reach"].fillna(impressions), "impressions": impressions,
        "ctr_clicks": clicks.where(impressions.notna()), "ctr_impressions": impressions.where(clicks.notna()),
        "cr_leads": camp_leads.where(clicks.notna()), "cr_clicks": clicks.where(camp_leads.notna()),
        "clicks": clicks, "leads": camp_leads, "conversions": camp["conversions"]})
         .groupby(["m", "s"]).agg(rows=("spend", "size"), spend=("spend", "sum"), reach=("reach", "sum"),
                                  impressions=("impressions", "sum"), ctr_clicks=("ctr_clicks", "sum"),
                                  ctr_impressions=("ctr_impressions", "sum"), cr_leads=("cr_leads", "sum"),
                                  cr_clicks=("cr_clicks", "sum"), clicks=("clicks", "sum"),
                                  leads=("leads", "sum"),
                                  conversions=("conversions", "sum")))
    g = g.reindex(grid, fill_value=0.0).astype(float)
    spend = g["spend"]
    put("reach", g["reach"])
    put("impressions", g["impressions"])
    put("ctr", g["ctr_clicks"], g["ctr_impressions"])
    put("conversion_rate", g["cr_leads"], g["cr_clicks"])
    put("cost_per_click", spend, g["clicks"])
    put("cost_per_lead", spend, g["leads"])
    put("cost_per_acquisition", spend, g["conversions"])
    # With a split, only campaign spend is attributable; no campaign rows means unknown spend, not 0.
    attributable = spend.where(g["rows"] > 0)
    put("marketing_spend", attributable)
    cac = _ratio(attributable, new_customers)
    put("cac", attributable, new_customers)
    put("ltv_cac_ratio", clv, cac, value=(clv / cac).where(cac > 0))

    result = pd.concat(out, names=["kpi"])
    labels = np.datetime_as_string(np.arange(m0, m1 + 1).astype("datetime64[M]").astype("datetime64[D]"))
    result.index = (result.index.set_levels(labels, level="m")
                    .rename("period", level="m").rename("segment", level="s"))
    return result


# --- c. DuckDB -----------------------------------------------------------------------------------------
DUCKDB_SQL = {
    "leads": """
        SELECT date_trunc('month', created_at) AS m, coalesce(channel, '{ns}') AS s,
               count(*) AS leads, count(converted_at) AS converted
        FROM leads WHERE created_at >= TIMESTAMP '{start}' AND created_at < TIMESTAMP '{stop}'
        GROUP BY ALL""",
    "deals": """
        SELECT date_trunc('month', closed_at) AS m, coalesce(channel, '{ns}') AS s,
               count(*) FILTER (status = 'won') AS won, count(*) FILTER (status = 'lost') AS lost,
               coalesce(sum(amount) FILTER (status = 'won'), 0) AS amount,
               count(amount) FILTER (status = 'won') AS amount_n,
               coalesce(sum(cycle) FILTER (status = 'won'), 0) AS cycle,
               count(cycle) FILTER (status = 'won') AS cycle_n,
               median(cycle) FILTER (status = 'won') AS cycle_median
        FROM (SELECT *, epoch_us(closed_at - created_at) / 86400e6 AS cycle FROM deals)
        WHERE closed_at >= TIMESTAMP '{start}' AND closed_at < TIMESTAMP '{stop}'
        GROUP BY ALL""",
    "orders": """
        WITH o AS (SELECT date_trunc('month', ordered_at) AS m, coalesce(channel, '{ns}') AS s, customer_id,
                          order_id, revenue
                   FROM orders WHERE ordered_at >= TIMESTAMP '{start}' AND ordered_at < TIMESTAMP '{stop}'),
             per AS (SELECT m, s, count(DISTINCT order_id) AS n_orders FROM o GROUP BY m, s, customer_id),
             rep AS (SELECT m, s, count(*) FILTER (n_orders >= 2) AS repeaters, count(*) AS buyers
                     FROM per GROUP BY ALL)
        SELECT m, s, coalesce(sum(revenue), 0) AS revenue, count(DISTINCT customer_id) AS customers,
               any_value(repeaters) AS repeaters, any_value(buyers) AS buyers
        FROM o JOIN rep USING (m, s) GROUP BY ALL""",
    "campaigns": """
        SELECT date_trunc('month', date) AS m, coalesce(channel, '{ns}') AS s, count(*) AS rows,
               coalesce(sum(spend), 0) AS spend, coalesce(sum(coalesce(reach, impressions)), 0) AS reach,
               coalesce(sum(impressions), 0) AS impressions,
               coalesce(sum(clicks) FILTER (impressions IS NOT NULL), 0) AS ctr_clicks,
               coalesce(sum(impressions) FILTER (clicks IS NOT NULL), 0) AS ctr_impressions,
               coalesce(sum(leads) FILTER (clicks IS NOT NULL), 0) AS cr_leads,
               coalesce(sum(clicks) FILTER (leads IS NOT NULL), 0) AS cr_clicks,
               coalesce(sum(clicks), 0) AS clicks, coalesce(sum(leads), 0) AS leads,
               coalesce(sum(conversions), 0) AS conversions
        FROM campaigns WHERE date >= TIMESTAMP '{start}' AND date < TIMESTAMP '{stop}'
        GROUP BY ALL""",
}
# kpi -> (query, numerator, denominator or None, median or None)
DUCKDB_MAP = {
    "leads": ("leads", "leads", None, None), "lead_to_customer_rate": ("leads", "converted", "leads", None),
    "close_rate": ("deals", "won", "won + lost", None),
    "avg_deal_size": ("deals", "amount", "amount_n", None),
    "sales_cycle_days": ("deals", "cycle", "cycle_n", "cycle_median"),
    "revenue": ("orders", "revenue", None, None),
    "revenue_per_customer": ("orders", "revenue", "customers", None),
    "repeat_purchase_rate": ("orders", "repeaters", "buyers", None),
    "reach": ("campaigns", "reach", None, None),
    "impressions": ("campaigns", "impressions", None, None),
    "ctr": ("campaigns", "ctr_clicks", "ctr_impressions", None),
    "conversion_rate": ("campaigns", "cr_leads", "cr_clicks", None),
    "cost_per_click": ("campaigns", "spend", "clicks", None),
    "cost_per_lead": ("campaigns", "spend", "leads", None),
    "cost_per_acquisition": ("campaigns", "spend", "conversions", None),
    "marketing_spend": ("campaigns", "spend", None, None),
}


def duckdb_connect(tables: dict[str, pd.DataFrame]):
    import duckdb

    con = duckdb.connect()
    for name in ("leads", "deals", "orders", "campaigns"):
        con.register(name, tables[name])
    return con


def run_duckdb(con, period=PERIOD) -> pd.DataFrame:
    """The per-table KPIs in SQL (numerators, denominators, ratios); a long frame like the baseline's."""
    stop = (pd.Timestamp(period[1]) + pd.Timedelta(days=1)).date()
    rows = []
    for query in DUCKDB_SQL:
        sql = DUCKDB_SQL[query].format(ns=NO_SEGMENT, start=period[0], stop=stop)
        frame = con.execute(sql).df()
        frame["period"] = frame.pop("m").dt.strftime("%Y-%m-%d")
        frame = frame.rename(columns={"s": "segment"}).set_index(["period", "segment"])
        for kpi, (q, num, den, median) in DUCKDB_MAP.items():
            if q != query:
                continue
            part = pd.DataFrame({"numerator": frame.eval(num).astype(float)})
            part["denominator"] = frame.eval(den).astype(float) if den else np.nan
            part["value"] = (part["numerator"] / part["denominator"]).where(part["denominator"] > 0) if den \
                else part["numerator"]
            if kpi in BOUNDED:
                part["value"] = part["value"].where(part["value"] <= 1)
            if kpi == "marketing_spend":
                part["value"] = part["numerator"].where(frame["rows"] > 0)
            part["median"] = frame[median].astype(float) if median else np.nan
            rows.append(part.assign(kpi=kpi))
    return pd.concat(rows).set_index("kpi", append=True).reorder_levels(["kpi", "period", "segment"])


# --- verification ---------------------------------------------------------------------------------------
def compare(engine: pd.DataFrame, other: pd.DataFrame, name: str, *, sparse: bool = False) -> dict[str, str]:
    """Mismatches per KPI between the engine's tidy frame and a reference; {} when all agree.

    ``sparse``: the reference holds only cells that have rows (DuckDB); the engine must have nothing
    in the cells it lacks.
    """
    eng = engine.set_index(["kpi", "period", "segment"])
    problems = {}
    for kpi in other.index.get_level_values("kpi").unique():
        ref = other.xs(kpi, level="kpi")
        mine = eng.xs(kpi, level="kpi")
        if sparse:
            absent = mine.index.difference(ref.index)
            empty = mine.loc[absent]
            filled = empty["numerator"].fillna(0).ne(0) | empty["denominator"].fillna(0).ne(0)
            if filled.any():
                problems[kpi] = f"{int(filled.sum())} cells with data in the engine but no rows in {name}"
                continue
            mine = mine.loc[ref.index]
        else:
            ref = ref.reindex(mine.index)
        bad = []
        for col in ("numerator", "denominator", "value", "median"):
            a, b = mine[col].to_numpy(float), ref[col].to_numpy(float)
            if col == "median" and np.isnan(b).all():
                continue
            same = np.isclose(a, b, rtol=RTOL, atol=1e-9, equal_nan=True)
            if not same.all():
                i = np.flatnonzero(~same)[0]
                bad.append(f"{col}: {int((~same).sum())} cells differ, e.g. {mine.index[i]} engine={a[i]!r} "
                           f"{name}={b[i]!r}")
        if bad:
            problems[kpi] = "; ".join(bad)
    return problems


def verify(scale: float) -> dict:
    frames = make_frames(scale, seed=SEED + 1)
    company = build_company(frames)
    engine = run_engine(company)
    base = pandas_baseline(company.tables)
    con = duckdb_connect(company.tables)
    duck = run_duckdb(con)
    con.close()
    result = {"rows": len(frames["leads"]), "kpis": int(engine["kpi"].nunique()),
              "cells": int(len(engine) // engine["kpi"].nunique()),
              "pandas": compare(engine, base, "pandas"),
              "duckdb": compare(engine, duck, "duckdb", sparse=True)}
    missing = sorted(set(engine["kpi"]) - set(base.index.get_level_values("kpi")))
    if missing:
        result["pandas"]["(missing)"] = ", ".join(missing)
    return result


# --- timing and memory ----------------------------------------------------------------------------------
def best_of(fns: dict, repeats: int) -> tuple[dict[str, float], dict[str, float]]:
    """Best wall and best CPU time (this process, all threads) of each callable, interleaved."""
    wall = {k: float("inf") for k in fns}
    cpu = dict(wall)
    for _ in range(repeats):
        for k, fn in fns.items():
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            fn()
            wall[k] = min(wall[k], time.perf_counter() - t)
            cpu[k] = min(cpu[k], time.process_time() - c)
    return wall, cpu


def _status() -> dict[str, int]:
    out = {}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    out[line.split(":")[0]] = int(line.split()[1]) * 1024
    except OSError:
        pass
    return out


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _trim() -> None:
    """Hand freed memory back to the OS, so that RSS before a call is the live set."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except ImportError:
        pass
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def memory_child(scale: float) -> dict:
    """In a fresh process: peak RSS growth of each method above the resident set before its call."""
    company = build_company(make_frames(scale))
    con = duckdb_connect(company.tables)
    out = {"input_bytes": frames_nbytes(company.tables)}
    methods = {"engine": lambda: run_engine(company), "pandas": lambda: pandas_baseline(company.tables),
               "duckdb": lambda: run_duckdb(con)}
    for name, fn in methods.items():
        _trim()
        if _reset_peak() and _status():
            before = _status()["VmRSS"]
            result = fn()
            peak = _status()["VmHWM"]
            out["method"] = "VmHWM after clear_refs"
        else:  # ru_maxrss only grows: a lower bound when an earlier peak was higher
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            result = fn()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            out["method"] = "ru_maxrss delta (lower bound)"
        out[name] = max(peak - before, 0)
        del result
    return out


def measure_memory(scale: float) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_memory-child", str(scale)]
    # Arrow's default pool (mimalloc) keeps freed pages resident, which would hide the call's peak.
    env = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "system"}
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        print(f"memory subprocess failed:\n{proc.stderr[-2000:]}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def profile(scale: float, top: int = 20) -> None:
    import cProfile
    import pstats

    company = build_company(make_frames(scale))
    run_engine(company)  # warm-up (imports, caches)
    prof = cProfile.Profile()
    prof.enable()
    run_engine(company)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


# --- main -----------------------------------------------------------------------------------------------
def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_kpis.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1.0 = 1 M leads, deals and orders and 100 k campaign rows")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per method (best counts)")
    parser.add_argument("--quick", action="store_true", help="scale 0.1, 1 repeat")
    parser.add_argument("--json", action="store_true",
                        help=f"write results to {RESULTS.relative_to(HERE.parent)}")
    parser.add_argument("--verify-scale", type=float, default=0.02,
                        help="size of the agreement check (0.02 = 20 k rows)")
    parser.add_argument("--no-rss", action="store_true", help="skip the peak-memory subprocess")
    parser.add_argument("--profile", action="store_true",
                        help="only print a cProfile of compute_kpis at --scale (top 20 by tottime)")
    parser.add_argument("--_memory-child", type=float, help=argparse.SUPPRESS)
    args, unknown = parser.parse_known_args(argv)
    if args._memory_child is not None:
        print(json.dumps(memory_child(args._memory_child)))
        return 0
    if unknown:
        print(f"(bench_kpis: ignoring {' '.join(unknown)})")
    if args.quick:
        args.scale, args.repeats = 0.1, 1
    if args.profile:
        profile(args.scale)
        return 0

    import duckdb

    import kpikit

    print(f"kpikit {getattr(kpikit, '__version__', '?')}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"duckdb {duckdb.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")

    # 1. agreement on a small company
    check = verify(args.verify_scale)
    print(f"\nagreement at {check['rows']:,} rows ({check['kpis']} KPIs x {check['cells']} cells), "
          f"rtol {RTOL:g}:")
    for name, n_kpis in (("pandas", check["kpis"]), ("duckdb", len(DUCKDB_KPIS))):
        bad = check[name]
        print(f"  engine vs {name:6s}: {n_kpis - len(bad)}/{n_kpis} KPIs agree"
              + ("" if bad else " -- PASS"))
        for kpi, why in bad.items():
            print(f"    {kpi}: {why}")

    # 2. timings, interleaved: engine at 0.1 x scale (scaling), engine, baseline and DuckDB at scale
    small = args.scale / 10
    company_small = build_company(make_frames(small))
    t = time.perf_counter()
    company = build_company(make_frames(args.scale))
    setup = time.perf_counter() - t
    rows = {k: len(v) for k, v in company.tables.items()}
    input_bytes = frames_nbytes(company.tables)
    print(f"\ndata: {rows['leads']:,} leads, {rows['deals']:,} deals, {rows['orders']:,} orders, "
          f"{rows['campaigns']:,} campaign rows, {rows['costs']} cost rows; "
          f"{input_bytes / 2**20:,.0f} MiB in frames; generate + from_frames {setup:.1f} s (not timed)")
    con = duckdb_connect(company.tables)
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    times, cpu = best_of({"engine_small": lambda: run_engine(company_small),
                          "engine": lambda: run_engine(company),
                          "pandas": lambda: pandas_baseline(company.tables),
                          "duckdb": lambda: run_duckdb(con)}, args.repeats)
    con.close()
    company = company_small = None
    gc.collect()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    ratio, ratio_cpu = times["engine"] / times["pandas"], cpu["engine"] / cpu["pandas"]
    scaling, scaling_cpu = times["engine"] / times["engine_small"], cpu["engine"] / cpu["engine_small"]
    results = {
        "scale": args.scale, "repeats": args.repeats, "rows": rows, "input_bytes": input_bytes,
        "python": platform.python_version(), "pandas": pd.__version__, "numpy": np.__version__,
        "duckdb": duckdb.__version__, "cpus": os.cpu_count(), "duckdb_threads": threads, "load_average": load,
        "verify": check, "duckdb_kpis": list(DUCKDB_KPIS), "wall_s": times, "cpu_s": cpu,
        "ratio_engine_pandas": ratio, "ratio_engine_pandas_cpu": ratio_cpu,
        "ratio_engine_duckdb": times["engine"] / times["duckdb"],
        "small_scale": small, "scaling": scaling, "scaling_cpu": scaling_cpu,
        "pass": {"ratio": ratio <= TARGET_RATIO, "scaling": scaling <= TARGET_SCALING},
    }

    print(f"\nbest of {args.repeats}, compute_kpis(period='month', by='channel'), all {check['kpis']} KPIs:")
    print(f"  {'':22s} {'wall s':>8s} {'CPU s':>8s}")
    print(f"  {'engine (kpikit)':22s} {times['engine']:8.3f} {cpu['engine']:8.3f}")
    print(f"  {'pandas groupby':22s} {times['pandas']:8.3f} {cpu['pandas']:8.3f}   "
          f"(all {check['kpis']} KPIs)")
    print(f"  {'duckdb':22s} {times['duckdb']:8.3f} {cpu['duckdb']:8.3f}   "
          f"({len(DUCKDB_KPIS)} per-table KPIs, {threads} threads)")
    print(f"  {f'engine at {small:g}':22s} {times['engine_small']:8.3f} {cpu['engine_small']:8.3f}")
    print(f"  {'engine / pandas':22s} {ratio:7.2f}x {ratio_cpu:7.2f}x   target <= {TARGET_RATIO}x (wall)   "
          f"{_verdict(ratio <= TARGET_RATIO)}")
    print(f"  {'engine / duckdb':22s} {results['ratio_engine_duckdb']:7.2f}x            (context)")
    print(f"  {'scaling (10x rows)':22s} {scaling:7.2f}x {scaling_cpu:7.2f}x   "
          f"target <= {TARGET_SCALING:g}x (wall)   {_verdict(scaling <= TARGET_SCALING)}")
    if load > 0.75 * (os.cpu_count() or 1):
        print(f"  note: load average {load:.1f} on {os.cpu_count()} CPUs: wall times are inflated by other "
              f"processes; the CPU column is steadier")

    # 3. memory, in a fresh process
    if not args.no_rss:
        mem = measure_memory(args.scale)
        results["memory"] = mem
        if mem:
            inp = mem["input_bytes"]
            print(f"  peak memory above the resident set ({mem['method']}), "
                  f"input frames {inp / 2**20:,.0f} MiB:")
            for name in ("engine", "pandas", "duckdb"):
                line = f"    {name:8s} {mem[name] / 2**20:8,.0f} MiB = {mem[name] / inp:5.2f}x input"
                if name == "engine":
                    ok = mem[name] / inp <= TARGET_MEMORY
                    results["pass"]["memory"] = ok
                    line += f"   target <= {TARGET_MEMORY:g}x   {_verdict(ok)}"
                print(line)

    if args.json:
        DATA.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        print(f"\nwrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
