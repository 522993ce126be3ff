"""Exercises for notebook 02: new customers, revenue per customer and the close rate (won/all trap).

Every expected value is computed with ``compute_kpis``: on a small built-in deals table (through
``Company.from_frames``) or on the demo company.
"""

from __future__ import annotations

import functools

import pandas as pd

import kpikit as kp
from kpikit import Company
from kpikit.exercises.answers import Trap, check_number
from kpikit.exercises.data import between, company, demo, kpi
from kpikit.exercises.notebooks import Exercise
from kpikit.exercises.outcomes import Outcome, T, get_lang, set_lang
from kpikit.exercises.questions import Question

NOTEBOOK = "02_verkaufskennzahlen"


def small_deals() -> pd.DataFrame:
    """Sixteen CRM deals of a small company: repeat customers, lost and open deals, three years."""
    rows = [
        ("D01", "K1", "won", "2024-10-01", "2024-11-12", 8400),
        ("D02", "K7", "won", "2024-05-06", "2024-06-20", 5200),
        ("D03", "K1", "won", "2025-02-01", "2025-03-14", 2100),
        ("D04", "K2", "won", "2025-01-10", "2025-02-18", 9600),
        ("D05", "K2", "won", "2025-07-01", "2025-08-22", 1800),
        ("D06", "K3", "lost", "2025-03-03", "2025-04-09", 7300),
        ("D07", "K3", "won", "2025-08-04", "2025-09-30", 6900),
        ("D08", "K4", "won", "2025-04-14", "2025-05-27", 11200),
        ("D09", "K5", "lost", "2025-05-02", "2025-06-16", 4800),
        ("D10", "K9", "lost", "2025-06-09", "2025-07-21", 3900),
        ("D11", "K10", "lost", "2025-09-01", "2025-10-15", 8800),
        ("D12", "K11", "lost", "2025-10-06", "2026-01-12", 5100),
        ("D13", "K6", "open", "2025-10-20", None, 7600),
        ("D14", "K12", "open", "2025-11-03", None, 4300),
        ("D15", "K8", "won", "2025-11-17", "2026-01-23", 9900),
        ("D16", "K4", "won", "2025-09-08", "2025-12-05", 2400),
    ]
    frame = pd.DataFrame(rows, columns=["deal_id", "customer_id", "status", "created_at", "closed_at", "amount"])
    for col in ("created_at", "closed_at"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


@functools.cache
def _small_company() -> Company:
    return Company.from_frames(name="Kleine Beispiel AG", deals=small_deals())


# --- 2.1 new customers ---------------------------------------------------------------------------------------
def expected_new_customers() -> float:
    """New customers in 2025 of the small table (kpikit: first won deal falls in the period)."""
    return kpi("new_customers", "2025-01-01", grain="year", company=_small_company())[0]


def _new_customer_traps() -> list[Trap]:
    d = small_deals()
    won25 = d[(d["status"] == "won") & between(d["closed_at"], "2025-01-01", "2026-01-01")]
    return [
        Trap("won_deals_counted", len(won25), T(
            "Sie haben gewonnene Deals gezählt. Ein Kunde mit zwei Aufträgen ist aber nur ein Neukunde.",
            "You counted won deals. A customer with two orders is still only one new customer.")),
        Trap("existing_customers_counted", won25["customer_id"].nunique(), T(
            "Ihre Zahl enthält Kunden, die schon vor 2025 Kunde waren. Neukunde ist, wessen ERSTER gewonnener "
            "Deal in den Zeitraum fällt.",
            "Your count includes customers who were customers before 2025. A new customer is one whose FIRST "
            "won deal falls in the period.")),
        Trap("created_not_closed", d.loc[(d["status"] == "won") & between(d["created_at"], "2025-01-01",
                                                                           "2026-01-01"), "customer_id"].nunique(),
             T("Sie haben nach dem Erstelldatum gefiltert. Kunde wird man mit dem Abschluss (closed_at).",
               "You filtered by creation date. One becomes a customer at the close (closed_at).")),
    ]


def _eval_new_customers(answer) -> Outcome:
    return check_number(answer, expected_new_customers(), "count", _new_customer_traps(), T(
        "Das ist nicht die Zahl der Neukunden 2025. Zählen Sie Kunden (customer_id), nicht Deals, und nur "
        "gewonnene Deals.",
        "That is not the number of new customers in 2025. Count customers (customer_id), not deals, and only "
        "won deals."))


q1 = Question(
    "2.1", T("Neukunden zählen", "Count new customers"), _eval_new_customers,
    hints=[
        T("Neukunde 2025 ist ein Kunde, dessen erster gewonnener Deal 2025 abgeschlossen wurde.",
          "A new customer of 2025 is one whose first won deal was closed in 2025."),
        T("Nehmen Sie nur gewonnene Deals und bestimmen Sie pro customer_id das früheste closed_at "
          "(groupby(...).min()).",
          "Take only won deals and find the earliest closed_at per customer_id (groupby(...).min())."),
        T("Zählen Sie dann die Kunden, deren erstes Abschlussdatum im Jahr 2025 liegt (.dt.year == 2025).",
          "Then count the customers whose first close date lies in 2025 (.dt.year == 2025)."),
    ],
    solution=T("K1 war schon 2024 Kunde, K2 hat zwei Aufträge, K8 wurde erst 2026 Kunde. Gezählt werden Kunden, "
               "nicht Deals. kpikit rechnet genauso: kp.compute_kpis(..., \"new_customers\").",
               "K1 was already a customer in 2024, K2 has two orders, K8 became a customer only in 2026. "
               "Count customers, not deals. kpikit computes the same: kp.compute_kpis(..., \"new_customers\")."),
    solution_code="""
gewonnene_deals = kleine_deals[kleine_deals["status"] == "won"]
erster_abschluss = gewonnene_deals.groupby("customer_id")["closed_at"].min()
antwort_1 = int((erster_abschluss.dt.year == 2025).sum())
""", var="antwort_1")


# --- 2.2 revenue per customer --------------------------------------------------------------------------------
def expected_revenue_per_customer() -> float:
    """Revenue per customer in 2025 of the demo company (orders: revenue / distinct customers)."""
    return kpi("revenue_per_customer", "2025-01-01", grain="year")[0]


def _revenue_traps() -> list[Trap]:
    o = demo().orders
    in25 = o[between(o["ordered_at"], "2025-01-01", "2026-01-01")]
    revenue = float(in25["revenue"].sum())
    return [
        Trap("per_order", float(in25["revenue"].mean()), T(
            "Das ist der Durchschnitt pro Bestellung (pro Zeile), nicht pro Kunde. Wer fünfmal bestellt, zählt "
            "als ein Kunde.",
            "That is the average per order (per row), not per customer. Someone who orders five times counts as "
            "one customer.")),
        Trap("all_time_customers", revenue / o["customer_id"].nunique(), T(
            "Ihr Nenner enthält alle Kunden aller Jahre. Teilen Sie durch die Kunden, die 2025 bestellt haben.",
            "Your denominator holds the customers of all years. Divide by the customers who ordered in 2025.")),
        Trap("new_customers_only", revenue / kpi("new_customers", "2025-01-01", grain="year")[0], T(
            "Sie haben durch die Neukunden geteilt. Umsatz machen auch Bestandskunden.",
            "You divided by the new customers. Existing customers bring revenue too.")),
        Trap("per_customer_mean_of_means", float(in25.groupby("customer_id")["revenue"].mean().mean()), T(
            "Sie haben pro Kunde den Durchschnitt pro Bestellung gemittelt. Gesucht ist der gesamte Umsatz eines "
            "Kunden im Jahr, im Mittel über die Kunden.",
            "You averaged each customer's mean order. What is asked is a customer's total revenue in the year, "
            "averaged over customers.")),
    ]


def _eval_revenue(answer) -> Outcome:
    return check_number(answer, expected_revenue_per_customer(), "currency", _revenue_traps(), T(
        "Das ist nicht der Umsatz pro Kunde 2025. Zähler: Umsatz aller Bestellungen 2025; Nenner: verschiedene "
        "Kunden mit einer Bestellung 2025.",
        "That is not the revenue per customer in 2025. Numerator: revenue of all orders in 2025; denominator: "
        "distinct customers with an order in 2025."))


q2 = Question(
    "2.2", T("Umsatz pro Kunde", "Revenue per customer"), _eval_revenue,
    hints=[
        T("Filtern Sie die Bestellungen (orders) auf das Jahr 2025 (Spalte ordered_at).",
          "Filter the orders to 2025 (column ordered_at)."),
        T("Zähler ist die Summe von revenue. Der Nenner zählt Kunden, nicht Zeilen.",
          "The numerator is the sum of revenue. The denominator counts customers, not rows."),
        T("Verschiedene Kunden zählt .nunique() auf customer_id.",
          ".nunique() on customer_id counts distinct customers."),
    ],
    solution=T("Umsatz 2025 geteilt durch die Zahl verschiedener Kunden, die 2025 bestellt haben. Der Mittelwert "
               "pro Zeile (.mean()) wäre der Bestellwert – viel kleiner, weil Stammkunden oft bestellen.",
               "Revenue in 2025 divided by the number of distinct customers who ordered in 2025. The mean per "
               "row (.mean()) would be the order value – much smaller, as regulars order often."),
    solution_code="""
bestellungen_2025 = orders[orders["ordered_at"].dt.year == 2025]
antwort_2 = bestellungen_2025["revenue"].sum() / bestellungen_2025["customer_id"].nunique()
""", var="antwort_2")


# --- 2.3 close rate on the small table -----------------------------------------------------------------------
def expected_small_close_rate() -> float:
    """Close rate 2025 of the small table: won / (won + lost) deals closed in 2025."""
    return kpi("close_rate", "2025-01-01", grain="year", company=_small_company())[0]


def _close_traps(deals: pd.DataFrame, start: str, end: str) -> list[Trap]:
    closed = deals[between(deals["closed_at"], start, end)]
    won = float((closed["status"] == "won").sum())
    lost = float((closed["status"] == "lost").sum())
    open_now = float((deals["status"] == "open").sum())
    created = float(between(deals["created_at"], start, end).sum())
    won_all = T("Sie haben gewonnene durch ALLE Deals geteilt. Offene Deals sind noch nicht entschieden: Die "
                "Abschlussrate zählt nur abgeschlossene (gewonnene + verlorene) Deals.",
                "You divided won deals by ALL deals. Open deals are not decided yet: the close rate counts only "
                "closed (won + lost) deals.")
    return [
        Trap("won_over_all", won / (won + lost + open_now), won_all),
        Trap("won_over_all_rows", won / len(deals), won_all),
        Trap("won_over_created", won / created if created else float("nan"), T(
            "Ihr Nenner sind die im Zeitraum ERSTELLTEN Deals. Massgebend ist, wann ein Deal abgeschlossen wurde, "
            "und es zählen nur gewonnene und verlorene.",
            "Your denominator is the deals CREATED in the period. What counts is when a deal was closed, and "
            "only won and lost deals count.")),
        Trap("loss_rate", lost / (won + lost), T(
            "Das ist die Verlustquote: Sie haben die verlorenen Deals in den Zähler gesetzt.",
            "That is the loss rate: you put the lost deals into the numerator.")),
        Trap("won_over_lost", won / lost if lost else float("nan"), T(
            "Sie haben gewonnene durch verlorene Deals geteilt. Der Nenner sind alle entschiedenen Deals.",
            "You divided won by lost deals. The denominator is all decided deals.")),
    ]


def _eval_small_close(answer) -> Outcome:
    return check_number(answer, expected_small_close_rate(), "ratio",
                        _close_traps(small_deals(), "2025-01-01", "2026-01-01"), T(
        "Das ist nicht die Abschlussrate 2025. Zählen Sie die 2025 abgeschlossenen Deals nach Status.",
        "That is not the close rate for 2025. Count the deals closed in 2025 by status."))


q3 = Question(
    "2.3", T("Abschlussrate: die Falle gewonnen/alle", "Close rate: the won/all trap"), _eval_small_close,
    hints=[
        T("Welche Deals sind 2025 entschieden worden? Filtern Sie nach closed_at.",
          "Which deals were decided in 2025? Filter by closed_at."),
        T("Offene Deals haben kein closed_at – sie gehören weder in den Zähler noch in den Nenner.",
          "Open deals have no closed_at – they belong in neither numerator nor denominator."),
        T("Abschlussrate = gewonnen / (gewonnen + verloren), als Anteil zwischen 0 und 1.",
          "Close rate = won / (won + lost), as a fraction between 0 and 1."),
    ],
    solution=T("Gewonnen / (gewonnen + verloren) der 2025 abgeschlossenen Deals. Gewonnen / alle Deals ist eine "
               "andere Zahl: Sie sinkt, sobald die Pipeline wächst, ohne dass schlechter verkauft wird.",
               "Won / (won + lost) of the deals closed in 2025. Won / all deals is a different figure: it falls "
               "as soon as the pipeline grows, without any worse selling."),
    solution_code="""
entschieden = kleine_deals[kleine_deals["closed_at"].dt.year == 2025]
gewonnen = (entschieden["status"] == "won").sum()
verloren = (entschieden["status"] == "lost").sum()
antwort_3 = gewonnen / (gewonnen + verloren)
""", var="antwort_3")


# --- 2.4 close rate of the demo company in 2026-Q3 -----------------------------------------------------------
def expected_q3_close_rate() -> float:
    """Close rate of the demo company in 2026-Q3 (kpikit engine)."""
    return kpi("close_rate", "2026-07-01", grain="quarter")[0]


def _eval_q3_close(answer) -> Outcome:
    return check_number(answer, expected_q3_close_rate(), "ratio",
                        _close_traps(demo().deals, "2026-07-01", "2026-10-01"), T(
        "Das ist nicht die Abschlussrate im 3. Quartal 2026 (Juli bis September). Prüfen Sie den Zeitraum und "
        "zählen Sie nur entschiedene Deals.",
        "That is not the close rate in Q3 2026 (July to September). Check the period and count only decided "
        "deals."))


q4 = Question(
    "2.4", T("Abschlussrate der Demo-Firma im Quartal", "Close rate of the demo company in a quarter"),
    _eval_q3_close,
    hints=[
        T("Das 3. Quartal 2026 reicht vom 1. Juli bis 30. September 2026 – filtern Sie deals nach closed_at.",
          "Q3 2026 runs from 1 July to 30 September 2026 – filter deals by closed_at."),
        T("Wie in Aufgabe 2.3: gewonnen / (gewonnen + verloren).", "As in question 2.3: won / (won + lost)."),
        T("Zum Vergleich rechnet kpikit: kp.compute_kpis(firma, \"close_rate\", period=\"quarter\").",
          "For comparison kpikit computes: kp.compute_kpis(firma, \"close_rate\", period=\"quarter\")."),
    ],
    solution=T("Rund 20 %: deutlich unter den rund 37 % der Quartale davor. Ob das ein echter Rückgang ist, "
               "prüft Übung 4.",
               "About 20 %: well below the roughly 37 % of the quarters before. Whether that is a real drop is "
               "what exercise 4 checks."),
    solution_code="""
q3_2026 = deals[(deals["closed_at"] >= "2026-07-01") & (deals["closed_at"] < "2026-10-01")]
gewonnen = (q3_2026["status"] == "won").sum()
verloren = (q3_2026["status"] == "lost").sum()
antwort_4 = gewonnen / (gewonnen + verloren)
""", var="antwort_4")


EXERCISE = Exercise(NOTEBOOK, T("Verkaufskennzahlen", "Sales KPIs"), [q1, q2, q3, q4])


progress = EXERCISE.progress  # this notebook's questions: progress(lang=None)


def namespace() -> dict:
    """The variables the notebook's setup cell defines (the tests run the solution code in them)."""
    firma = company()
    return {"pd": pd, "kp": kp, "firma": firma, "deals": firma.deals, "orders": firma.orders,
            "kleine_deals": small_deals()}


__all__ = ["EXERCISE", "get_lang", "namespace", "progress", "q1", "q2", "q3", "q4", "set_lang", "small_deals"]
