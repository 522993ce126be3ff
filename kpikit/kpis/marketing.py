"""Marketing KPIs: reach, impressions, clicks and conversions of campaigns, what they cost, and CAC.

Each KPI is one block: its definition in the ``MARKETING.kpi`` decorator and the function that computes
it per cell (period × segment) from the ``Context``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpikit.core.fmt import number
from kpikit.kpis.context import Context
from kpikit.kpis.definition import COUNT, CURRENCY, HIGHER, LOWER, RATIO, Family
from kpikit.kpis.results import NotComputable, Res
from kpikit.kpis.sales import new_customers

MARKETING = Family("marketing")


def _campaign_sum(c: Context, column: str) -> np.ndarray:
    camp = c.tables.table("campaigns")
    values = c.tables.need("campaigns", column)
    return c.cells.bincount(c.cells.rows(camp, "date", values.notna().to_numpy()), values)


def _campaign_leads_column(c: Context) -> str:
    if c.tables.has("campaigns", "leads"):
        return "leads"
    if c.tables.has("campaigns", "conversions"):
        return "conversions"
    raise NotComputable("N_NO_COLUMN", table="campaigns", column="leads")


@MARKETING.kpi(
    "reach", unit=COUNT, direction=HIGHER, tables=("campaigns|traffic",),
    name_de="Reichweite", name_en="Reach",
    explain_de="Summe der gemeldeten Reichweite; fehlt sie, stehen Impressionen dafür (markiert), ohne beides die "
               "Nutzer der Web-Analyse (markiert). Tägliche Reichweiten sind nicht addierbar: die Summe ist eine "
               "Obergrenze der eindeutigen Reichweite.",
    explain_en="Sum of reported reach; impressions stand in, flagged, where reach is missing, and web analytics "
               "users, flagged, where campaigns have neither. Daily reach is not additive: the sum is an upper "
               "bound on unique reach.",
    numerator_de="Reichweite (sonst Impressionen, sonst Nutzer)", numerator="reach (or impressions, or users)",
)
def reach(c: Context) -> Res:
    """Reach: the sum of ``campaigns.reach``, impressions standing in where reach is missing (an upper bound).

    Where the campaigns report neither reach nor impressions (or there are no campaigns), the users of
    the web analytics (``traffic.users``) stand in, flagged: people who visited the site, not people who
    saw an ad. Ads that report reach are never replaced by users.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        The sum per cell as numerator, with a note on every cell.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"],
    ...                     "spend": [100.0, 300.0, 200.0], "impressions": [1000, 3000, 1000],
    ...                     "reach": [800, None, 900]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads), "reach")["value"].tolist()
    [3800.0, 900.0]
    >>> web = pd.DataFrame({"date": ["2025-01-05", "2025-01-06", "2025-02-03"], "channel": ["Organic"] * 3,
    ...                     "sessions": [50.0, 30.0, 20.0], "users": [40.0, 25.0, 15.0]})
    >>> out = kpikit.compute_kpis(kpikit.Company.from_frames(traffic=web), "reach", lang="en")
    >>> out["value"].tolist(), out["note"].iloc[0]
    ([65.0, 15.0], 'web analytics users stand in for reach (no ad reach or impressions): site visitors, an upper bound')
    """
    camp = c.tables.get("campaigns")
    has_reach = camp is not None and "reach" in camp and camp["reach"].notna().any()
    has_impr = camp is not None and "impressions" in camp and camp["impressions"].notna().any()
    if not has_reach and not has_impr:
        if c.tables.has("traffic", "users"):
            web = c.tables.table("traffic")
            users = web["users"]
            total = c.cells.bincount(c.cells.rows(web, "date", users.notna().to_numpy()), users)
            return c.covered(Res(num=total, note_all="U_REACH_USERS"), ("traffic",))
        raise NotComputable("N_NO_COLUMN", table="campaigns", column="reach")
    if has_reach:
        values = camp["reach"]
        stand_in = values.isna() & camp["impressions"].notna() if has_impr else values.isna() & False
        if stand_in.any():
            values = values.fillna(camp["impressions"])
    else:
        values, stand_in = camp["impressions"], pd.Series(True, index=camp.index)
    total = c.cells.bincount(c.cells.rows(camp, "date"), values)
    key = "U_REACH_IMPRESSIONS" if stand_in.any() else "U_REACH_UPPER_BOUND"
    return c.covered(Res(num=total, note_all=key), ("campaigns",))


@MARKETING.kpi(
    "impressions", unit=COUNT, direction=HIGHER, tables=("campaigns",),
    name_de="Impressionen", name_en="Impressions",
    explain_de="Wie oft Anzeigen oder Inhalte angezeigt wurden.",
    explain_en="How often ads or content were shown.",
    numerator_de="Impressionen", numerator="impressions",
)
def impressions(c: Context) -> Res:
    """Impressions: the sum of ``campaigns.impressions``; unknown in periods the campaigns have no dates for.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        The sum per cell as numerator.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"],
    ...                     "spend": [100.0, 300.0, 200.0], "impressions": [1000, 3000, 1000]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads), "impressions")["value"].tolist()
    [4000.0, 1000.0]
    """
    return c.covered(Res(num=_campaign_sum(c, "impressions")), ("campaigns",))


@MARKETING.kpi(
    "ctr", unit=RATIO, direction=HIGHER, tables=("campaigns",), bounded=True,
    name_de="Klickrate (CTR)", name_en="Click-through rate (CTR)",
    explain_de="Klicks geteilt durch Impressionen.",
    explain_en="Clicks divided by impressions.",
    numerator_de="Klicks", numerator="clicks",
    denominator_de="Impressionen", denominator="impressions",
)
def ctr(c: Context) -> Res:
    """Click-through rate: clicks / impressions, over the campaign rows that have both.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Clicks (numerator) and impressions (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"],
    ...                     "spend": [100.0, 300.0, 200.0], "impressions": [1000, 3000, 1000], "clicks": [50, 30, 0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads), "ctr")["value"].tolist()
    [0.02, 0.0]
    """
    camp = c.tables.table("campaigns")
    clicks, impr = c.tables.need("campaigns", "clicks"), c.tables.need("campaigns", "impressions")
    cell = c.cells.rows(camp, "date", (clicks.notna() & impr.notna()).to_numpy())
    den = c.cells.bincount(cell, impr)
    return Res(num=c.cells.bincount(cell, clicks), den=den, n=den, zero_reason="U_NO_IMPRESSIONS")


@MARKETING.kpi(
    "conversion_rate", unit=RATIO, direction=HIGHER, tables=("campaigns",), bounded=True,
    name_de="Conversion-Rate", name_en="Conversion rate",
    explain_de="Anteil der Klicks, aus denen eine Kampagnen-Conversion (Lead) wurde.",
    explain_en="Share of clicks that became a campaign conversion (lead).",
    numerator_de="Kampagnen-Leads", numerator="campaign leads",
    denominator_de="Klicks", denominator="clicks",
)
def conversion_rate(c: Context) -> Res:
    """Conversion rate: campaign leads (else conversions) / clicks, over the campaign rows that have both.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Campaign leads (numerator) and clicks (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"],
    ...                     "spend": [100.0, 300.0, 200.0], "clicks": [50, 30, 0], "leads": [5, 3, 0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads), "conversion_rate")["value"].tolist()
    [0.1, nan]
    """
    camp = c.tables.table("campaigns")
    col = _campaign_leads_column(c)
    clicks = c.tables.need("campaigns", "clicks")
    cell = c.cells.rows(camp, "date", (clicks.notna() & camp[col].notna()).to_numpy())
    den = c.cells.bincount(cell, clicks)
    return Res(num=c.cells.bincount(cell, camp[col]), den=den, n=den, zero_reason="U_NO_CLICKS")


@MARKETING.kpi(
    "cost_per_click", unit=CURRENCY, direction=LOWER, tables=("campaigns",),
    name_de="Kosten pro Klick", name_en="Cost per click",
    explain_de="Werbeausgaben geteilt durch Klicks.",
    explain_en="Ad spend divided by clicks.",
    numerator_de="Werbeausgaben", numerator="spend",
    denominator_de="Klicks", denominator="clicks",
)
def cost_per_click(c: Context) -> Res:
    """Cost per click: campaign spend / clicks.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Spend (numerator) and clicks (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"],
    ...                     "spend": [100.0, 300.0, 200.0], "clicks": [50, 30, 0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads), "cost_per_click")["value"].tolist()
    [5.0, nan]
    """
    camp = c.tables.table("campaigns")
    clicks = c.tables.need("campaigns", "clicks")
    cell = c.cells.rows(camp, "date")
    den = c.cells.bincount(cell, clicks)
    return Res(num=c.cells.bincount(cell, camp["spend"]), den=den, n=den, zero_reason="U_NO_CLICKS")


@MARKETING.kpi(
    "cost_per_lead", unit=CURRENCY, direction=LOWER, tables=("campaigns",),
    name_de="Kosten pro Lead", name_en="Cost per lead",
    explain_de="Werbeausgaben geteilt durch Leads; Kampagnen-Leads, wo die Plattform sie meldet, sonst im CRM "
               "erfasste Leads.",
    explain_en="Ad spend divided by leads: campaign leads where the platform reports them, otherwise leads "
               "created in the CRM.",
    numerator_de="Werbeausgaben", numerator="spend",
    denominator_de="Leads (Kampagne, sonst CRM)", denominator="leads (campaign, else CRM)",
)
def cost_per_lead(c: Context) -> Res:
    """Cost per lead: campaign spend / campaign leads, or / leads created in the CRM where campaigns report none.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Spend (numerator) and leads (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"],
    ...                     "spend": [100.0, 300.0, 200.0], "leads": [5, 3, 0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads), "cost_per_lead")["value"].tolist()
    [50.0, nan]
    """
    camp = c.tables.table("campaigns")
    spend = c.cells.bincount(c.cells.rows(camp, "date"), camp["spend"])
    if c.tables.has("campaigns", "leads"):
        den = _campaign_sum(c, "leads")
        return Res(num=spend, den=den, n=den, zero_reason="U_NO_LEADS")
    rows = c.tables.table("leads")
    den = c.cells.bincount(c.cells.rows(rows, "created_at"))
    # CRM leads in a month without campaign data would cost CHF 0 each: unknown instead
    return c.covered(Res(num=spend, den=den, n=den, zero_reason="U_NO_LEADS", note_all="U_CRM_LEADS"), ("campaigns",))


@MARKETING.kpi(
    "cost_per_acquisition", unit=CURRENCY, direction=LOWER, tables=("campaigns",),
    name_de="Kosten pro Abschluss", name_en="Cost per acquisition",
    explain_de="Werbeausgaben geteilt durch Kampagnen-Conversions, die Käufe sind.",
    explain_en="Ad spend divided by campaign conversions that are purchases.",
    numerator_de="Werbeausgaben", numerator="spend",
    denominator_de="Kauf-Conversions", denominator="purchase conversions",
)
def cost_per_acquisition(c: Context) -> Res:
    """Cost per acquisition: campaign spend / purchase conversions (``campaigns.conversions``).

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Spend (numerator) and conversions (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"],
    ...                     "spend": [100.0, 300.0, 200.0], "conversions": [1, 1, 0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads), "cost_per_acquisition")["value"].tolist()
    [200.0, nan]
    """
    camp = c.tables.table("campaigns")
    spend = c.cells.bincount(c.cells.rows(camp, "date"), camp["spend"])
    den = _campaign_sum(c, "conversions")
    return Res(num=spend, den=den, n=den, zero_reason="U_NO_PURCHASES")


@MARKETING.kpi(
    "marketing_spend", unit=CURRENCY, direction=LOWER, tables=("campaigns|costs",),
    name_de="Marketingausgaben", name_en="Marketing spend",
    explain_de="Werbeausgaben der Kampagnen plus übrige Marketingkosten.",
    explain_en="Campaign spend plus other marketing costs.",
    numerator_de="Werbeausgaben + übrige Marketingkosten", numerator="campaign spend + marketing costs",
)
def marketing_spend(c: Context) -> Res:
    """Marketing spend: campaign spend + marketing costs (``Spend.marketing``); split, campaign spend only.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        The spend per cell as numerator and value, undefined where it is unknown.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20", "2025-02-03"], "channel": ["A", "B", "A"],
    ...                     "spend": [100.0, 300.0, 200.0]})
    >>> costs = pd.DataFrame({"date": ["2025-01-31", "2025-02-28"], "category": ["marketing", "sales"],
    ...                       "amount": [600.0, 1000.0]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads, costs=costs), "marketing_spend")["value"].tolist()
    [1000.0, 200.0]
    """
    total, unattributed = c.spend.marketing()
    res = Res(num=total, value=total.copy(), notes=c.spend.unknown_notes(total))
    if unattributed:
        res.note_all, res.note_params = "U_COSTS_UNATTRIBUTED", {"amount": number(unattributed)}
    elif c.tables.get("costs") is None:
        res.note_all = "U_NO_COSTS_TABLE"
    return res


@MARKETING.kpi(
    "cac", unit=CURRENCY, direction=LOWER, tables=("campaigns|costs", "deals|orders"),
    name_de="Kundenakquisitionskosten (CAC)", name_en="Customer acquisition cost (CAC)",
    explain_de="Marketing- und Vertriebskosten geteilt durch die Zahl der Neukunden.",
    explain_en="Marketing and sales costs divided by the number of new customers.",
    numerator_de="Marketingausgaben + Vertriebskosten", numerator="marketing spend + sales costs",
    denominator_de="Neukunden", denominator="new customers",
)
def cac(c: Context) -> Res:
    """Customer acquisition cost: (marketing spend + sales costs) / new customers.

    Split by a segment, only the attributable campaign spend counts (costs carry no segment), and a
    segment without any is unknown, not free.

    Parameters
    ----------
    c : Context
        The computation (cells, tables, customers, spend).

    Returns
    -------
    Res
        Spend and costs (numerator) and new customers (denominator and ``n``) per cell.

    Examples
    --------
    >>> import kpikit
    >>> ads = pd.DataFrame({"date": ["2025-01-05", "2025-01-20"], "channel": ["A", "B"], "spend": [100.0, 300.0]})
    >>> deals = pd.DataFrame({"deal_id": ["d1", "d2", "d3"], "status": ["won", "won", "lost"],
    ...                       "closed_at": ["2025-01-05", "2025-01-09", "2025-01-12"], "customer_id": ["a", "b", "c"]})
    >>> kpikit.compute_kpis(kpikit.Company.from_frames(campaigns=ads, deals=deals), "cac")["value"].tolist()
    [200.0]
    """
    spend, unattributed = c.spend.marketing()
    num = spend + c.spend.sales_costs()
    den = new_customers(c).num
    split = c.cells.by is not None
    if split:
        num = np.where(num > 0, num, np.nan)  # no attributable spend (e.g. organic search): unknown, not 0
    res = Res(num=num, den=den, n=den, zero_reason="U_NO_NEW_CUSTOMERS")
    costs = c.tables.get("costs")
    if split and costs is not None:  # sales costs cannot be split by segment either
        unattributed = (unattributed or 0.0) + float(costs.loc[costs["category"].eq("sales"), "amount"].sum())
    if np.isnan(num).any():
        value, notes = c.finish(res)
        spend_notes = c.spend.unknown_notes(num)
        res.value = np.where(np.isnan(num), np.nan, value)
        res.notes = [s or n for s, n in zip(spend_notes, notes, strict=True)]
    if unattributed:
        res.note_all, res.note_params = "U_COSTS_UNATTRIBUTED", {"amount": number(unattributed)}
    elif costs is None:  # the formula includes sales costs: say that they are missing, not a silent 0
        res.note_all = "U_NO_COSTS_TABLE"
    return res
