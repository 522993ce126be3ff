"""Exercises for notebook 03: conversion rate and the funnel, CAC with all costs and per channel, vanity metrics.

Every expected value is computed with ``compute_kpis`` on the demo company.
"""

from __future__ import annotations

import functools

import pandas as pd

import kpikit as kp
from kpikit.exercises.answers import Trap, as_channel, as_number, check_number, same
from kpikit.exercises.data import PAID, between, campaign_rows, channel_kpis, company, demo, kpi
from kpikit.exercises.notebooks import Exercise
from kpikit.exercises.outcomes import Outcome, T, correct, get_lang, set_lang, wrong
from kpikit.exercises.questions import Question

NOTEBOOK = "03_marketingkennzahlen"
YEAR, NEXT = "2025-01-01", "2026-01-01"


_campaigns_2025 = functools.partial(campaign_rows, YEAR, NEXT)  # (channel=None): the campaign rows of 2025


# --- 3.1 conversion rate --------------------------------------------------------------------------------------
def expected_conversion_rate() -> float:
    """Conversion rate (campaign leads / clicks) of Google Ads in 2025 (kpikit engine)."""
    return kpi("conversion_rate", YEAR, grain="year", by="channel", segment="Google Ads")[0]


def _conversion_traps() -> list[Trap]:
    g = _campaigns_2025("Google Ads")
    g = g[g["clicks"] > 0]
    return [
        Trap("mean_of_daily_rates", float((g["leads"] / g["clicks"]).mean()), T(
            "Sie haben die Quoten der einzelnen Zeilen (Tage) gemittelt. Ein Tag mit 3 Klicks zählt dann gleich "
            "viel wie einer mit 300. Summieren Sie zuerst Zähler und Nenner, dann teilen.",
            "You averaged the rates of the single rows (days). A day with 3 clicks then weighs as much as one "
            "with 300. Sum numerator and denominator first, then divide.")),
        Trap("ctr", float(g["clicks"].sum() / g["impressions"].sum()), T(
            "Das ist die Klickrate (Klicks / Impressionen). Die Conversion-Rate beginnt beim Klick.",
            "That is the click-through rate (clicks / impressions). The conversion rate starts at the click.")),
        Trap("leads_per_impression", float(g["leads"].sum() / g["impressions"].sum()), T(
            "Ihr Nenner sind Impressionen. Die Conversion-Rate misst, wie viele der Klicks zu Leads werden.",
            "Your denominator is impressions. The conversion rate measures how many of the clicks become leads.")),
        Trap("all_channels", float(_campaigns_2025()["leads"].sum() / _campaigns_2025()["clicks"].sum()), ALL),
        Trap("all_channels", kpi("conversion_rate", YEAR, grain="year")[0], ALL),
    ]


ALL = T("Das ist die Conversion-Rate aller Kanäle zusammen. Gefragt ist nur Google Ads.",
        "That is the conversion rate of all channels together. Only Google Ads is asked for.")


def _eval_conversion(answer) -> Outcome:
    return check_number(answer, expected_conversion_rate(), "ratio", _conversion_traps(), T(
        "Das ist nicht die Conversion-Rate von Google Ads 2025. Nehmen Sie die Kampagnenzeilen von Google Ads "
        "aus 2025 und teilen Sie Leads durch Klicks.",
        "That is not the conversion rate of Google Ads in 2025. Take the Google Ads campaign rows of 2025 and "
        "divide leads by clicks."))


q1 = Question(
    "3.1", T("Conversion-Rate eines Kanals", "Conversion rate of a channel"), _eval_conversion,
    hints=[
        T("Filtern Sie campaigns auf channel == \"Google Ads\" und das Jahr 2025 (Spalte date).",
          "Filter campaigns to channel == \"Google Ads\" and the year 2025 (column date)."),
        T("Conversion-Rate = Leads / Klicks. Jede Zeile ist ein Tag einer Kampagne.",
          "Conversion rate = leads / clicks. Each row is one day of one campaign."),
        T("Erst summieren, dann teilen: leads.sum() / clicks.sum().",
          "Sum first, then divide: leads.sum() / clicks.sum()."),
    ],
    solution=T("Die Summe der Leads geteilt durch die Summe der Klicks. Der Mittelwert der Tagesquoten gewichtet "
               "schwache Tage mit wenigen Klicks zu stark.",
               "The sum of leads divided by the sum of clicks. The mean of the daily rates gives days with few "
               "clicks far too much weight."),
    solution_code="""
google = campaigns[(campaigns["channel"] == "Google Ads") & (campaigns["date"].dt.year == 2025)]
antwort_1 = google["leads"].sum() / google["clicks"].sum()
""", var="antwort_1")


# --- 3.2 funnel: lead-to-customer rate ------------------------------------------------------------------------
def expected_lead_to_customer() -> float:
    """Share of the leads created in 2025 that became customers (kpikit: lead_to_customer_rate)."""
    return kpi("lead_to_customer_rate", YEAR, grain="year")[0]


def _funnel_traps() -> list[Trap]:
    co = demo()
    leads = co.leads[between(co.leads["created_at"], YEAR, NEXT)]
    deals = co.deals
    won25 = deals[(deals["status"] == "won") & between(deals["closed_at"], YEAR, NEXT)]
    with_deal = deals["lead_id"].isin(leads["lead_id"])
    return [
        Trap("new_customers_over_leads", kpi("new_customers", YEAR, grain="year")[0] / len(leads), T(
            "Sie haben die Neukunden 2025 durch die Leads 2025 geteilt. Das mischt zwei Gruppen: Viele Neukunden "
            "2025 kamen aus Leads von 2024, und nicht jeder Neukunde war vorher ein Lead. Folgen Sie den Leads "
            "von 2025.",
            "You divided the new customers of 2025 by the leads of 2025. That mixes two groups: many new "
            "customers of 2025 came from leads of 2024, and not every new customer was a lead. Follow the "
            "leads of 2025.")),
        Trap("won_deals_over_leads", len(won25) / len(leads), T(
            "Sie haben die 2025 gewonnenen Deals durch die Leads 2025 geteilt. Folgen Sie stattdessen den "
            "Leads von 2025 durch den Trichter.",
            "You divided the deals won in 2025 by the leads of 2025. Follow the leads of 2025 through the funnel "
            "instead.")),
        Trap("stage_deal_only", float(deals.loc[with_deal, "lead_id"].nunique() / len(leads)), T(
            "Das ist erst die zweite Stufe des Trichters (Lead → Deal). Gefragt ist Lead → Kunde.",
            "That is only the funnel's second stage (lead → deal). Lead → customer is asked for.")),
        Trap("converted_in_period", float(between(leads["converted_at"], YEAR, NEXT).sum() / len(leads)), T(
            "Sie zählen nur Leads, die noch 2025 Kunde wurden. Ein Lead vom Dezember, der im Februar kauft, ist "
            "auch ein Erfolg.",
            "You count only leads that became customers within 2025. A December lead who buys in February is a "
            "success as well.")),
    ]


def _eval_funnel(answer) -> Outcome:
    return check_number(answer, expected_lead_to_customer(), "ratio", _funnel_traps(), T(
        "Das ist nicht die Lead-zu-Kunde-Rate der Leads von 2025. Nenner: 2025 erfasste Leads; Zähler: davon "
        "die, die (bis heute) Kunde wurden.",
        "That is not the lead-to-customer rate of the 2025 leads. Denominator: leads created in 2025; "
        "numerator: those of them who became customers (to date)."))


q2 = Question(
    "3.2", T("Der Trichter: von Lead zu Kunde", "The funnel: from lead to customer"), _eval_funnel,
    hints=[
        T("Nehmen Sie die 2025 erfassten Leads (created_at) als feste Gruppe.",
          "Take the leads created in 2025 (created_at) as a fixed group."),
        T("Die Spalte converted_at sagt, ob (und wann) ein Lead Kunde wurde; leer heisst: noch nicht.",
          "The column converted_at says whether (and when) a lead became a customer; empty means: not yet."),
        T("Anteil der Gruppe mit einem converted_at: .notna().mean().",
          "Share of the group with a converted_at: .notna().mean()."),
    ],
    solution=T("Man folgt einer Kohorte: den Leads von 2025, egal wann sie kaufen. Neukunden 2025 durch Leads "
               "2025 mischt zwei Gruppen und ist kein Trichter.",
               "Follow one cohort: the leads of 2025, whenever they buy. New customers of 2025 divided by the "
               "leads of 2025 mixes two groups and is no funnel."),
    solution_code="""
leads_2025 = leads[leads["created_at"].dt.year == 2025]
antwort_2 = leads_2025["converted_at"].notna().mean()
""", var="antwort_2")


# --- 3.3 CAC with all costs ---------------------------------------------------------------------------------
def expected_cac() -> float:
    """CAC 2025 of the demo company: (campaign spend + marketing and sales costs) / new customers."""
    return kpi("cac", YEAR, grain="year")[0]


def new_customers_2025() -> int:
    """New customers of the demo company in 2025 (kpikit engine), given to learners."""
    return int(kpi("new_customers", YEAR, grain="year")[0])


def _cac_traps() -> list[Trap]:
    co = demo()
    spend = float(_campaigns_2025()["spend"].sum())
    costs = co.costs[between(co.costs["date"], YEAR, NEXT)]
    marketing = float(costs.loc[costs["category"] == "marketing", "amount"].sum())
    sales = float(costs.loc[costs["category"] == "sales", "amount"].sum())
    n = new_customers_2025()
    won = float(((co.deals["status"] == "won") & between(co.deals["closed_at"], YEAR, NEXT)).sum())
    leads = float(between(co.leads["created_at"], YEAR, NEXT).sum())
    everything = spend + marketing + sales
    return [
        Trap("ad_spend_only", spend / n, T(
            "Sie haben nur die Werbeausgaben der Kampagnen gerechnet. Zur CAC gehören alle Kosten der "
            "Kundengewinnung: auch die übrigen Marketing- und die Vertriebskosten.",
            "You counted only the campaigns' ad spend. CAC includes every cost of winning customers: the other "
            "marketing costs and the sales costs too.")),
        Trap("marketing_only", (spend + marketing) / n, T(
            "Ihnen fehlen die Vertriebskosten (costs mit category \"sales\"). Auch der Verkauf kostet, um einen "
            "Kunden zu gewinnen.",
            "The sales costs are missing (costs with category \"sales\"). Selling costs money too when winning a "
            "customer.")),
        Trap("costs_table_only", (marketing + sales) / n, T(
            "Ihnen fehlen die Werbeausgaben aus den Kampagnenberichten (campaigns, Spalte spend).",
            "The ad spend from the campaign reports (campaigns, column spend) is missing.")),
        Trap("per_won_deal", everything / won, T(
            "Sie haben durch gewonnene Deals geteilt. CAC ist pro NEUKUNDE: Folgeaufträge von Bestandskunden "
            "zählen nicht.",
            "You divided by won deals. CAC is per NEW customer: repeat deals of existing customers do not "
            "count.")),
        Trap("per_lead", everything / leads, T(
            "Das sind Kosten pro Lead. Die CAC teilt durch die gewonnenen Neukunden.",
            "That is a cost per lead. CAC divides by the new customers won.")),
    ]


def _eval_cac(answer) -> Outcome:
    return check_number(answer, expected_cac(), "currency", _cac_traps(), T(
        "Das ist nicht die CAC 2025. Summieren Sie alle Kosten der Kundengewinnung 2025 und teilen Sie durch "
        "die Neukunden 2025.",
        "That is not the 2025 CAC. Add up every cost of winning customers in 2025 and divide by the new "
        "customers of 2025."))


q3 = Question(
    "3.3", T("CAC mit allen Kosten", "CAC with all costs"), _eval_cac,
    hints=[
        T("Kosten stehen an zwei Orten: campaigns (spend) und costs (amount, mit category).",
          "Costs are in two places: campaigns (spend) and costs (amount, with category)."),
        T("Zur Kundengewinnung gehören Marketing UND Vertrieb. Beide Kategorien der Tabelle costs zählen.",
          "Winning customers takes marketing AND sales. Both categories of the costs table count."),
        T("CAC = (Werbeausgaben + Marketingkosten + Vertriebskosten) / neukunden_2025, alles für 2025.",
          "CAC = (ad spend + marketing costs + sales costs) / neukunden_2025, all for 2025."),
    ],
    solution=T("Die CAC enthält alle Kosten, die nötig sind, um Kunden zu gewinnen – Werbung, Agentur, Tools "
               "und den Vertrieb. Nur mit Werbeausgaben sieht die Kundengewinnung viel billiger aus, als sie ist.",
               "CAC holds every cost needed to win customers – ads, agency, tools and sales. With ad spend "
               "alone, winning customers looks far cheaper than it is."),
    solution_code="""
werbung = campaigns.loc[campaigns["date"].dt.year == 2025, "spend"].sum()
uebrige_kosten = costs.loc[costs["date"].dt.year == 2025, "amount"].sum()
antwort_3 = (werbung + uebrige_kosten) / neukunden_2025
""", var="antwort_3")


# --- 3.4 CAC per channel ------------------------------------------------------------------------------------
def expectedchannel_kpis(YEAR) -> dict[str, float]:
    """CAC per paid channel in 2025: the channel's campaign spend / the channel's new customers (engine)."""
    f = channel_kpis(YEAR)
    f = f[f["kpi"] == "cac"].set_index("segment")["value"]
    return {ch: float(f[ch]) for ch in PAID}


def new_customers_by_channel() -> pd.Series:
    """New customers per channel in 2025 (kpikit engine), given to learners."""
    f = channel_kpis(YEAR)
    f = f[(f["kpi"] == "new_customers") & f["segment"].isin(PAID)]
    return f.set_index("segment")["value"].astype(int).rename_axis("channel").rename("neukunden")


def _per_channel_alternatives() -> dict[str, dict[str, float]]:
    rows = _campaigns_2025()
    by = rows.groupby("channel")[["spend", "leads", "clicks"]].sum()
    total = kpi("cac", YEAR, grain="year")[0]
    return {
        "cost_per_lead": {ch: float(by.loc[ch, "spend"] / by.loc[ch, "leads"]) for ch in PAID},
        "cost_per_click": {ch: float(by.loc[ch, "spend"] / by.loc[ch, "clicks"]) for ch in PAID},
        "overall_cac": dict.fromkeys(PAID, total),
    }


CHANNEL_TRAPS = {
    "cost_per_lead": T("Sie haben durch Leads geteilt: Das sind Kosten pro Lead, nicht pro Neukunde.",
                       "You divided by leads: that is a cost per lead, not per new customer."),
    "cost_per_click": T("Sie haben durch Klicks geteilt: Das sind Kosten pro Klick.",
                        "You divided by clicks: that is a cost per click."),
    "overall_cac": T("Sie haben für jeden Kanal dieselbe Gesamt-CAC eingesetzt. Pro Kanal zählen nur die "
                     "Ausgaben und Neukunden dieses Kanals.",
                     "You used the same overall CAC for every channel. Per channel, only that channel's spend "
                     "and new customers count."),
}


def _eval_cac_channels(answer) -> Outcome:
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        return wrong("not_a_mapping", T("Bitte eine pandas Series oder ein dict Kanal → CAC angeben.",
                                        "Please give a pandas Series or a dict channel → CAC."))
    answer = {str(k).strip(): v for k, v in answer.items()}
    lookup = {k.lower(): k for k in answer}
    missing = [ch for ch in PAID if ch.lower() not in lookup]
    if missing:
        return wrong("channel_missing", T(f"Es fehlen Kanäle: {', '.join(missing)}.",
                                          f"Channels are missing: {', '.join(missing)}."))
    for other, value in answer.items():
        if other in PAID:
            continue
        number = as_number(value)
        if not isinstance(number, Outcome) and number == 0:
            return wrong("organic_zero", T(f"Für «{other}» ist eine CAC von 0 falsch: Ohne zurechenbare Ausgaben ist "
                                           "die CAC unbekannt, nicht 0. Lassen Sie den Kanal weg.",
                                           f"A CAC of 0 for '{other}' is wrong: without attributable spend the "
                                           "CAC is unknown, not 0. Leave the channel out."))
    values = {}
    for ch in PAID:
        number = as_number(answer[lookup[ch.lower()]])
        if isinstance(number, Outcome):
            return number
        values[ch] = number
    expected = expectedchannel_kpis(YEAR)
    wrong_channels = [ch for ch in PAID if not same(values[ch], expected[ch], "currency")]
    if not wrong_channels:
        return correct(T("Pro Kanal zählen nur dessen Ausgaben und Neukunden. Marketing- und Vertriebskosten lassen "
                         "sich keinem Kanal zurechnen – die Kanal-CAC ist darum tiefer als die Gesamt-CAC.",
                         "Per channel only its spend and new customers count. Marketing and sales costs cannot be "
                         "attributed to a channel – so channel CAC is lower than the overall CAC."))
    for code, alt in _per_channel_alternatives().items():
        if all(same(values[ch], alt[ch], "currency") for ch in wrong_channels):
            return wrong(code, CHANNEL_TRAPS[code])
    return wrong("wrong_value", T(f"Noch nicht richtig für: {', '.join(wrong_channels)}. CAC pro Kanal = "
                                  "Werbeausgaben des Kanals 2025 / Neukunden des Kanals 2025.",
                                  f"Not right yet for: {', '.join(wrong_channels)}. CAC per channel = the "
                                  "channel's ad spend in 2025 / the channel's new customers in 2025."))


q4 = Question(
    "3.4", T("CAC pro Kanal", "CAC per channel"), _eval_cac_channels,
    hints=[
        T("Summieren Sie die Werbeausgaben 2025 pro Kanal: groupby(\"channel\")[\"spend\"].sum().",
          "Sum the 2025 ad spend per channel: groupby(\"channel\")[\"spend\"].sum()."),
        T("Die Neukunden pro Kanal stehen in neukunden_pro_kanal (aus kpikit).",
          "The new customers per channel are in neukunden_pro_kanal (from kpikit)."),
        T("Teilen Sie die Ausgaben durch neukunden_pro_kanal; pandas richtet die Kanäle am Index aus. Nur die "
          "vier bezahlten Kanäle.",
          "Divide the spend by neukunden_pro_kanal; pandas aligns the channels on the index. Only the four paid "
          "channels."),
    ],
    solution=T("Ausgaben des Kanals durch seine Neukunden. So sieht man, welcher Kanal Kunden günstig bringt – "
               "nicht welcher am meisten Klicks oder Leads liefert.",
               "The channel's spend divided by its new customers. This shows which channel brings customers "
               "cheaply – not which delivers the most clicks or leads."),
    solution_code="""
ausgaben = campaigns[campaigns["date"].dt.year == 2025].groupby("channel")["spend"].sum()
antwort_4 = (ausgaben / neukunden_pro_kanal).dropna()
""", var="antwort_4")


# --- 3.5 reach against outcome ------------------------------------------------------------------------------
def _channel_table() -> pd.DataFrame:
    f = channel_kpis(YEAR)
    f = f[f["segment"].isin(PAID)]
    return f.pivot(index="segment", columns="kpi", values="value")


def expected_best_channel() -> str:
    """The paid channel with the most new customers in 2025 (kpikit engine)."""
    return str(_channel_table()["new_customers"].idxmax())


def _eval_best_channel(answer) -> Outcome:
    channel = as_channel(answer, PAID, T("Bitte den Namen eines Kanals als Text angeben, z. B. \"Newsletter\".",
                                         "Please give a channel's name as text, e.g. \"Newsletter\"."))
    if isinstance(channel, Outcome):
        return channel
    table = _channel_table()
    if channel == expected_best_channel():
        return correct(T("Gemessen am Ergebnis, nicht an der Aufmerksamkeit. Reichweite ist ein Eitelkeitsmass, "
                         "solange sie keine Kunden bringt.",
                         "Judged by the outcome, not by attention. Reach is a vanity metric as long as it brings "
                         "no customers."))
    if channel in (table["reach"].idxmax(), table["impressions"].idxmax()):
        return wrong("chose_reach", T("Dieser Kanal hat die grösste Reichweite – aber Reichweite ist kein Ergebnis. "
                                      "Gefragt ist, welcher Kanal die meisten Neukunden gebracht hat.",
                                      "This channel has the largest reach – but reach is not an outcome. The "
                                      "question is which channel brought the most new customers."))
    if channel == table["leads"].idxmax():
        return wrong("chose_leads", T("Dieser Kanal bringt viele Leads, aber Leads sind erst eine Vorstufe.",
                                      "This channel brings many leads, but leads are only an earlier stage."))
    return wrong("wrong_channel", T("Dieser Kanal hat 2025 nicht die meisten Neukunden gebracht. Vergleichen Sie "
                                    "die Neukunden pro Kanal.",
                                    "This channel did not bring the most new customers in 2025. Compare the new "
                                    "customers per channel."))


q5 = Question(
    "3.5", T("Reichweite gegen Ergebnis", "Reach against outcome"), _eval_best_channel,
    hints=[
        T("Die Agentur zeigt Reichweite. Ihr Ziel sind aber Neukunden.",
          "The agency shows reach. Your goal, however, is new customers."),
        T("kp.compute_kpis(firma, [\"reach\", \"new_customers\"], period=\"year\", by=\"channel\") zeigt beides "
          "nebeneinander.",
          "kp.compute_kpis(firma, [\"reach\", \"new_customers\"], period=\"year\", by=\"channel\") shows both "
          "side by side."),
        T("neukunden_pro_kanal.idxmax() nennt den Kanal mit den meisten Neukunden.",
          "neukunden_pro_kanal.idxmax() names the channel with the most new customers."),
    ],
    solution=T("Der Kanal mit den meisten Neukunden ist nicht der mit der grössten Reichweite. Budget folgt dem "
               "Ergebnis (Neukunden, CAC), nicht der Aufmerksamkeit.",
               "The channel with the most new customers is not the one with the largest reach. Budget follows "
               "the outcome (new customers, CAC), not attention."),
    solution_code="""
antwort_5 = neukunden_pro_kanal.idxmax()
""", var="antwort_5")


EXERCISE = Exercise(NOTEBOOK, T("Marketingkennzahlen", "Marketing KPIs"), [q1, q2, q3, q4, q5])


progress = EXERCISE.progress  # this notebook's questions: progress(lang=None)


def namespace() -> dict:
    """The variables the notebook's setup cell defines (the tests run the solution code in them)."""
    firma = company()
    return {"pd": pd, "kp": kp, "firma": firma, "leads": firma.leads, "deals": firma.deals,
            "campaigns": firma.campaigns, "costs": firma.costs, "neukunden_2025": new_customers_2025(),
            "neukunden_pro_kanal": new_customers_by_channel()}


__all__ = ["EXERCISE", "PAID", "get_lang", "namespace", "new_customers_2025", "new_customers_by_channel",
           "progress", "q1", "q2", "q3", "q4", "q5", "set_lang"]
