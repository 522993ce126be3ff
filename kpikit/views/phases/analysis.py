"""Phase 5, analysis: the funnel from sessions to customers, and the channels side by side."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpikit.core import fmt
from kpikit.core.i18n import t
from kpikit.kpis.cohorts import cohort_table
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.funnel import funnel_steps, largest_drop
from kpikit.kpis.maturity import company_window
from kpikit.kpis.registry import KPIS
from kpikit.kpis.results import NotComputable
from kpikit.views.phases.common import L, last_quarters

if TYPE_CHECKING:
    from kpikit.company.model import Company

# The KPIs of the channel comparison, in the order of its columns.
CHANNEL_KPIS = ("leads", "close_rate", "new_customers", "marketing_spend", "cac", "cost_per_lead")


def funnel(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The funnel of the last four complete quarters: sessions → leads → with a deal → won → customers.

    The leads created in those quarters are followed to date (``kpikit.kpis.funnel.funnel_steps``, the
    one definition of what became of a lead); sessions are those of web analytics in the same span.

    Parameters
    ----------
    company : Company
        The company; ``traffic`` for sessions, leads, and deals with ``lead_id`` for the deal steps.
    lang : {"de", "en"}
        Language of headers and stages.
    as_of : date-like, optional
        Cut-off date of the last four quarters. Default: the end of the data.

    Returns
    -------
    pandas.DataFrame
        One row per step: name, count (``–`` where its data is missing), the rate from the step
        before with its 95 % interval and the count it rests on, and the share of the leads. Empty
        without leads or without a complete quarter.

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
    >>> funnel(company, lang="en").values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Sessions (web analytics)', '–', '–', '–'], ['Leads', '4', '–', '100.0 %'],
     ['Leads with a deal', '2', '50.0 % (15.0–85.0 %, n = 4)', '50.0 %'],
     ['Leads with a deal won', '1', '50.0 % (9.5–90.5 %, n = 2)', '25.0 %'],
     ['Customers', '1', '100.0 % (20.7–100.0 %, n = 1)', '25.0 %']]
    """
    cols = [L("stage", lang), L("count", lang), L("step_rate", lang), L("share_of_leads", lang)]
    steps = _steps(company, lang, as_of)
    if steps is None:
        return pd.DataFrame(columns=cols)
    leads = steps.loc[steps["step"] == "leads", "count"].iloc[0]
    rows = []
    for r in steps.itertuples():
        rate = "–" if r.rate != r.rate else (f"{fmt.percent(r.rate)} ({fmt.number(r.ci_low * 100, 1)}–"
                                             f"{fmt.percent(r.ci_high)}, n = {fmt.count(r.base)})")
        share = "–" if r.step == "sessions" or r.count != r.count or not leads else fmt.percent(r.count / leads)
        rows.append([r.label, "–" if r.count != r.count else fmt.count(r.count), rate, share])
    return pd.DataFrame(rows, columns=cols)


def funnel_by_channel(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The funnel of the last four complete quarters per channel: each step's count and rate.

    Each step counts in its own channel: sessions in the web analytics channel, leads and all later
    steps in the lead's channel. The column ``largest drop`` names the step with the lowest rate.

    Returns
    -------
    pandas.DataFrame
        One row per channel with leads or sessions; ``count (rate)`` per step, ``–`` where missing.

    Examples
    --------
    >>> from kpikit import Company
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "channel": ["Messe", "Web", "Web"],
    ...                       "created_at": ["2025-01-06", "2025-01-20", "2025-02-03"]})
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "lead_id": ["L1", "L2"], "status": ["won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    >>> table = funnel_by_channel(Company.from_frames(leads=leads, deals=deals, period=half_year), lang="en")
    >>> table.iloc[:, [0, 2, 3, -1]].values.tolist()
    [['Messe', '1', '1 (100.0 %)', '–'], ['Web', '2', '1 (50.0 %)', 'Leads with a deal → Leads with a deal won']]
    """
    steps = _steps(company, lang, as_of, by="channel")
    if steps is None or steps.empty:
        return pd.DataFrame()
    steps = steps[steps["segment"].notna() & (steps["segment"] != "–")]
    rows = []
    for seg, part in steps.groupby("segment", sort=True):
        row = {L("channel", lang): seg}
        for r in part.itertuples():
            text = "–" if r.count != r.count else fmt.count(r.count)
            row[r.label] = text if r.rate != r.rate else f"{text} ({fmt.percent(r.rate)})"
        drop = largest_drop(part, seg)
        row[L("largest_drop", lang)] = _step_text(part, drop) if drop else "–"
        rows.append(row)
    return pd.DataFrame(rows)


def funnel_note(company: Company, *, lang: str = "de", as_of=None) -> str:
    """What the funnel says and where it stops: the largest drop, the missing steps, young leads.

    Parameters
    ----------
    company : Company
        The company.
    lang : {"de", "en"}
        Language of the note.
    as_of : date-like, optional
        Cut-off date of the last four quarters. Default: the end of the data.

    Returns
    -------
    str
        Markdown: why there is no funnel (no leads, no deals, no ``lead_id`` on the deals), the step with
        the largest drop (the lowest rate from the step before), what to capture for each missing step,
        and how many of the cohort's leads are younger than the conversion window. ``""`` without anything
        to say.

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
    parts = []
    deals = company.deals
    if deals is None:
        parts.append(t("funnel_no_deals", lang))
    elif "lead_id" not in deals or not deals["lead_id"].notna().any():
        parts.append(t("funnel_no_link", lang))
    steps = _steps(company, lang, as_of)
    if steps is None:
        return "\n\n".join(parts)
    drop = largest_drop(steps)
    if drop is not None:
        r = steps[steps["step"] == drop].iloc[0]
        parts.append(t("funnel_drop", lang, step=_step_text(steps, drop), rate=fmt.percent(r["rate"])))
    for r in steps[steps["missing"].notna()].itertuples():
        if r.step != "sessions" and any(p.startswith(("*", "-")) for p in parts):
            continue  # the reason the funnel stops is said above
        parts.append(f"- *{r.label}*: {r.missing}")
    span = last_quarters(company, as_of)
    cut = _young_from(company)
    if span is not None and cut is not None and cut < span[1]:
        leads = company.leads["created_at"]
        cohort = leads.between(span[0], span[1] + pd.Timedelta(days=1))
        young = int((cohort & (leads > cut)).sum())
        if young:
            days, source = company_window(company)
            parts.append(t("funnel_young", lang, n=fmt.count(young), total=fmt.count(int(cohort.sum())),
                           days=fmt.number(days), source=t(f"W_WINDOW_{source}", lang)))
    return "\n\n".join(parts)


def cohorts(company: Company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The cohort table of phase 5: customers by month of first order, the share still ordering after 1, 3, 6, 12.

    ``kpikit.kpis.cohorts.cohort_table`` formatted: shares in percent, ``–`` for a cell whose month has
    not ended yet (immature, never 0), the cohort size in the number style. Empty without orders or a
    customer list; ``attrs["note"]`` says what the shares mean.

    Examples
    --------
    >>> from kpikit import Company
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "b", "c"],
    ...                        "ordered_at": ["2025-01-05", "2025-01-09", "2025-02-03", "2025-01-20", "2025-02-10"],
    ...                        "revenue": [10.0, 20.0, 30.0, 40.0, 50.0]})
    >>> cohorts(Company.from_frames(orders=orders), lang="en", as_of="2025-02-28").values.tolist()
    [['2025-01', '2', '50.0 %', '–', '–', '–', '100.0 %'], ['2025-02', '1', '–', '–', '–', '–', '0.0 %']]
    """
    try:
        table = cohort_table(company, as_of=as_of, lang=lang)
    except NotComputable:
        return pd.DataFrame()
    shown = table.copy()
    size = shown.columns[1]
    shown[size] = [fmt.count(v) for v in table[size]]
    for col in shown.columns[2:]:
        shown[col] = [fmt.percent(v) for v in table[col]]
    shown.attrs["note"] = table.attrs.get("note", "")
    return shown


def _step_text(steps: pd.DataFrame, step: str) -> str:
    """``Leads → Leads mit Deal``: the step into ``step`` from the step before that has data."""
    at = int(np.flatnonzero(steps["step"].to_numpy() == step)[0])
    before = steps.iloc[:at].dropna(subset=["count"])
    label = steps["label"].iloc[at]
    return label if before.empty else f"{before['label'].iloc[-1]} → {label}"


def _steps(company: Company, lang: str, as_of, by: str | None = None) -> pd.DataFrame | None:
    """``funnel_steps`` of the last four complete quarters (None without leads or such quarters)."""
    span = last_quarters(company, as_of)
    if span is None or company.leads is None:
        return None
    return funnel_steps(company, start=span[0], end=span[1], by=by, lang=lang)


def _young_from(company: Company) -> pd.Timestamp | None:
    days, _ = company_window(company)
    end = company.period[1]
    return None if days is None or end is None else pd.Timestamp(end) - pd.Timedelta(days=math.ceil(days))


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


__all__ = ["CHANNEL_KPIS", "channel_comparison", "cohorts", "funnel", "funnel_by_channel", "funnel_note"]
