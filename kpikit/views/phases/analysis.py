"""Phase 5, analysis: the funnel from lead to won deal, and the channels side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kpikit.core import fmt
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.views.phases.common import L, last_quarters

if TYPE_CHECKING:
    from kpikit.company.model import Company

# The KPIs of the channel comparison, in the order of its columns.
CHANNEL_KPIS = ("leads", "close_rate", "new_customers", "marketing_spend", "cac", "cost_per_lead")


def funnel(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The cohort of leads created in the last four complete quarters: with a deal, with a won deal.

    Parameters
    ----------
    company : Company
        The company; needs leads, and deals with ``lead_id`` for the later stages.
    lang : {"de", "en"}
        Language of headers and stages.
    as_of : date-like, optional
        Cut-off date of the last four quarters. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        One row per stage: name, count, share of the leads (``"40.0%"``). Empty without leads or
        without a complete quarter.

    Examples
    --------
    >>> from kpikit import Company
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3", "L4"],
    ...                       "created_at": ["2025-01-06", "2025-01-20", "2025-02-03", "2025-02-17"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "lead_id": ["L1", "L2"], "status": ["won", "lost"],
    ...                       "created_at": ["2025-01-08", "2025-01-22"], "closed_at": ["2025-02-03", "2025-02-17"],
    ...                       "customer_id": ["K1", "K2"]})
    >>> company = Company.from_frames(leads=leads, deals=deals, period=half_year)
    >>> funnel(company, lang="en").values.tolist()
    [['Leads', '4', '100.0 %'], ['Leads with a deal', '2', '50.0 %'], ['Deals won', '1', '25.0 %']]
    """
    span = last_quarters(company, as_of)
    cols = [L("stage", lang), L("count", lang), L("share", lang)]
    leads, deals = company.leads, company.deals
    if span is None or leads is None:
        return pd.DataFrame(columns=cols)
    cohort = leads[leads["created_at"].between(span[0], span[1] + pd.Timedelta(days=1))]
    stages = [(L("stage_leads", lang), len(cohort))]
    if deals is not None and "lead_id" in deals and deals["lead_id"].notna().any():
        linked = deals[deals["lead_id"].isin(cohort["lead_id"])]
        stages.append((L("stage_deals", lang), int(linked["lead_id"].nunique())))
        stages.append((L("stage_won", lang), int(linked.loc[linked["status"] == "won", "lead_id"].nunique())))
    top = stages[0][1]
    return pd.DataFrame([{L("stage", lang): s, L("count", lang): fmt.count(n),
                          L("share", lang): fmt.percent(n / top) if top else "–"} for s, n in stages], columns=cols)


def funnel_note(company: Company, *, lang: str = "de") -> str:
    """Why the funnel stops at the leads, when it does; else an empty string.

    Parameters
    ----------
    company : Company
        The company.
    lang : {"de", "en"}
        Language of the note.

    Returns
    -------
    str
        Markdown: no leads table, no deals table, or no ``lead_id`` on the deals; ``""`` when the funnel is whole.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "status": ["won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17"], "customer_id": ["K1", "K2"]})
    >>> "Without a 'leads' table" in funnel_note(Company.from_frames(deals=deals), lang="en")
    True
    """
    if company.leads is None:
        return t("funnel_no_leads", lang)
    deals = company.deals
    if deals is None:
        return t("funnel_no_deals", lang)
    if "lead_id" not in deals or not deals["lead_id"].notna().any():
        return t("funnel_no_link", lang)
    return ""


def channel_comparison(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """Leads, close rate, new customers, spend and CAC per channel over the last four complete quarters.

    Parameters
    ----------
    company : Company
        The company; channels come from leads, deals and campaigns.
    lang : {"de", "en"}
        Language of headers.
    as_of : date-like, optional
        Cut-off date of the last four quarters. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        One row per channel that any table (leads, deals, campaigns) has with a value, one column
        per ``CHANNEL_KPIS`` the data can produce, values formatted with ``KPI.show``; rates carry
        the count they rest on (``n = 342``). Empty without a complete quarter.

    Examples
    --------
    >>> from kpikit import Company
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "channel": ["Google Ads", "Google Ads", "Messe"],
    ...                       "created_at": ["2025-01-06", "2025-01-20", "2025-02-03"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> table = channel_comparison(Company.from_frames(leads=leads, period=half_year), lang="en")
    >>> table.iloc[:, :2].values.tolist()
    [['Google Ads', '2'], ['Messe', '1']]
    """
    span = last_quarters(company, as_of)
    kpis = list(CHANNEL_KPIS)
    if span is None:
        return pd.DataFrame()
    frame = compute_kpis(company, kpis, period="all", by="channel", start=span[0], end=span[1], lang=lang)
    frame = frame[frame["segment"].notna() & (frame["segment"] != "–")]
    table = frame.pivot_table(index="segment", columns="kpi", values="value", aggfunc="first", dropna=False)
    table = table.reindex(columns=[k for k in kpis if k in table.columns])
    base = frame.pivot_table(index="segment", columns="kpi", values="denominator", aggfunc="first", dropna=False)
    shown = pd.DataFrame(index=table.index)
    for k in table.columns:
        shown[KPIS[k].name(lang)] = [_with_n(KPIS[k].show(v, company.currency), base.at[seg, k]
                                             if KPIS[k].unit == "ratio" and k in base else None)
                                     for seg, v in table[k].items()]
    shown.index.name = L("channel", lang)
    shown = shown.reset_index()
    # every channel that any table has, with a value for at least one KPI; "–" where its data has none
    active = table.notna().any(axis=1) & (table.fillna(0) != 0).any(axis=1)
    return shown[active.to_numpy()].reset_index(drop=True)


def _with_n(text: str, n: float | None) -> str:
    """A rate with the count it rests on, ``22.8 % (n = 342)``: a channel at 100 % on 3 deals says so."""
    return text if n is None or n != n or text == "–" else f"{text} (n = {fmt.count(n)})"


__all__ = ["CHANNEL_KPIS", "channel_comparison", "funnel", "funnel_note"]
