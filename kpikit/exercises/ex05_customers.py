"""Exercises for notebook 05: customers kept and lost (retention, churn) and the funnel step with the largest drop.

The expected values are computed with plain pandas from two small tables built in this module: the
orders of a small company over three quarters (``small_orders``) and its funnel from sessions to
customers (``small_funnel``). They do not depend on a kpikit KPI.
"""

from __future__ import annotations

import re

import pandas as pd

import kpikit as kp
from kpikit.core.i18n import t_all
from kpikit.exercises.answers import Trap, check_number
from kpikit.exercises.data import between
from kpikit.exercises.notebooks import Exercise
from kpikit.exercises.outcomes import Outcome, T, correct, get_lang, set_lang, wrong
from kpikit.exercises.questions import Question

NOTEBOOK = "05_kunden_halten_und_trichter"
PREVIOUS, CURRENT, NEXT = "2026-01-01", "2026-04-01", "2026-07-01"  # Q1 2026 and Q2 2026 (end exclusive)
EARLIER = "2025-10-01"  # Q4 2025, the quarter before


def small_orders() -> pd.DataFrame:
    """Twenty-three orders of thirteen customers of a small company, Q4 2025 to Q2 2026.

    Some customers order several times in a quarter, some stop, some are new in Q2 2026.
    """
    rows = [
        ("B01", "K01", "2025-11-04", 420), ("B02", "K04", "2025-12-09", 380), ("B03", "K13", "2025-12-15", 510),
        ("B04", "K01", "2026-01-13", 450), ("B05", "K02", "2026-01-20", 300), ("B06", "K03", "2026-02-03", 640),
        ("B07", "K04", "2026-02-17", 390), ("B08", "K05", "2026-01-08", 220), ("B09", "K05", "2026-03-10", 260),
        ("B10", "K06", "2026-03-02", 710), ("B11", "K07", "2026-02-24", 180), ("B12", "K08", "2026-03-30", 330),
        ("B13", "K01", "2026-04-14", 470), ("B14", "K02", "2026-04-02", 310), ("B15", "K02", "2026-06-11", 290),
        ("B16", "K03", "2026-05-05", 600), ("B17", "K04", "2026-05-19", 410), ("B18", "K05", "2026-06-23", 240),
        ("B19", "K06", "2026-04-28", 690), ("B20", "K09", "2026-05-12", 350), ("B21", "K10", "2026-06-02", 520),
        ("B22", "K11", "2026-06-16", 280), ("B23", "K12", "2026-06-29", 430),
    ]
    frame = pd.DataFrame(rows, columns=["order_id", "customer_id", "ordered_at", "revenue"])
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"]).astype("datetime64[us]")
    return frame


def active(orders: pd.DataFrame, start: str, end: str) -> set[str]:
    """The customers with at least one order from ``start`` to ``end`` (exclusive).

    >>> sorted(active(small_orders(), "2025-10-01", "2026-01-01"))
    ['K01', 'K04', 'K13']
    """
    return set(orders.loc[between(orders["ordered_at"], start, end), "customer_id"])


def _groups(orders: pd.DataFrame | None = None) -> dict[str, set[str]]:
    orders = small_orders() if orders is None else orders
    before, now = active(orders, PREVIOUS, CURRENT), active(orders, CURRENT, NEXT)
    return {"before": before, "now": now, "kept": before & now, "lost": before - now, "new": now - before,
            "earlier": active(orders, EARLIER, PREVIOUS)}


# --- 5.1 retention ------------------------------------------------------------------------------------------
def expected_retention(orders: pd.DataFrame | None = None) -> float:
    """Customer retention Q1 → Q2 2026: active in Q1 and again in Q2 / active in Q1 (plain pandas).

    >>> round(expected_retention(), 4)
    0.75
    """
    g = _groups(orders)
    return len(g["kept"]) / len(g["before"])


def _order_share(orders: pd.DataFrame, g: dict[str, set[str]]) -> float:
    q1 = orders[between(orders["ordered_at"], PREVIOUS, CURRENT)]
    return float(q1["customer_id"].isin(g["kept"]).sum() / len(q1))


def _retention_traps() -> list[Trap]:
    orders, g = small_orders(), _groups()
    kept, before, now, new = (len(g[k]) for k in ("kept", "before", "now", "new"))
    new_kept = T("Sie zählen die neuen Kunden des 2. Quartals mit, als wären sie gehalten. Gehalten ist nur, wer "
                 "schon im 1. Quartal bestellt hat und im 2. Quartal wieder bestellt.",
                 "You count the new customers of the second quarter as if they were kept. Kept are only those "
                 "who ordered in the first quarter and order again in the second.")
    return [
        Trap("current_quarter", kept / now, T(
            "Sie haben durch die Kunden des 2. Quartals geteilt. Die Basis sind die Kunden, die man halten "
            "konnte: die im 1. Quartal aktiven.",
            "You divided by the customers of the second quarter. The base are the customers one could keep: "
            "those active in the first quarter.")),
        Trap("new_counted", now / before, new_kept),
        Trap("new_counted", (kept + new) / (before + new), new_kept),
        Trap("orders_counted", _order_share(orders, g), T(
            "Sie haben Bestellungen gezählt statt Kunden. Wer zweimal im Quartal bestellt, ist trotzdem ein "
            "Kunde: Zählen Sie verschiedene customer_id.",
            "You counted orders instead of customers. Someone ordering twice in a quarter is still one "
            "customer: count distinct customer_id.")),
        Trap("wrong_quarters", len(g["earlier"] & g["before"]) / len(g["earlier"]), T(
            "Das ist die Bindung vom 4. Quartal 2025 ins 1. Quartal 2026. Gefragt ist Q1 → Q2 2026.",
            "That is the retention from Q4 2025 into Q1 2026. Q1 → Q2 2026 is asked for.")),
        Trap("churn_given", 1 - kept / before, T(
            "Das ist die Abwanderungsrate (der Anteil verlorener Kunden). Gefragt ist der Anteil, der bleibt.",
            "That is the churn rate (the share of customers lost). The share that stays is asked for.")),
    ]


def _eval_retention(answer) -> Outcome:
    return check_number(answer, expected_retention(), "ratio", _retention_traps(), T(
        "Das ist nicht die Kundenbindungsrate Q1 → Q2 2026. Nenner: Kunden mit einer Bestellung im 1. Quartal; "
        "Zähler: davon die, die im 2. Quartal wieder bestellt haben.",
        "That is not the customer retention rate Q1 → Q2 2026. Denominator: customers with an order in the "
        "first quarter; numerator: those of them who ordered again in the second quarter."))


q1 = Question(
    "5.1", T("Kundenbindung von Quartal zu Quartal", "Customer retention from quarter to quarter"), _eval_retention,
    hints=[
        T("Bilden Sie zwei Mengen von Kunden: wer im 1. Quartal 2026 bestellt hat und wer im 2. Quartal.",
          "Build two sets of customers: who ordered in the first quarter of 2026 and who in the second."),
        T("Gehalten ist, wer in BEIDEN Mengen ist. Neue Kunden des 2. Quartals zählen weder im Zähler noch im "
          "Nenner.",
          "Kept is whoever is in BOTH sets. New customers of the second quarter count neither in the numerator "
          "nor in the denominator."),
        T("Mit set(...) von customer_id: len(q1_kunden & q2_kunden) / len(q1_kunden).",
          "With set(...) of customer_id: len(q1_kunden & q2_kunden) / len(q1_kunden)."),
    ],
    solution=T("Die Kundenbindungsrate folgt den Kunden des Vorquartals: Wie viele davon bestellen wieder? Neue "
               "Kunden sind erfreulich, gehören aber nicht dazu – sonst kann eine Firma Kunden verlieren und "
               "trotzdem eine steigende «Bindung» zeigen.",
               "The retention rate follows the customers of the previous quarter: how many of them order again? "
               "New customers are welcome but do not belong here – otherwise a company could lose customers and "
               "still show a rising «retention»."),
    solution_code="""
datum = kleine_bestellungen["ordered_at"]
q1_kunden = set(kleine_bestellungen.loc[(datum >= "2026-01-01") & (datum < "2026-04-01"), "customer_id"])
q2_kunden = set(kleine_bestellungen.loc[(datum >= "2026-04-01") & (datum < "2026-07-01"), "customer_id"])
antwort_1 = len(q1_kunden & q2_kunden) / len(q1_kunden)
""", var="antwort_1")


# --- 5.2 churn --------------------------------------------------------------------------------------------
def expected_churn(orders: pd.DataFrame | None = None) -> float:
    """Churn Q1 → Q2 2026: 1 − retention, i.e. active in Q1 but not in Q2 / active in Q1 (plain pandas).

    >>> round(expected_churn(), 4)
    0.25
    """
    return 1 - expected_retention(orders)


def _churn_traps() -> list[Trap]:
    g = _groups()
    kept, lost, before, now, new = (len(g[k]) for k in ("kept", "lost", "before", "now", "new"))
    new_over_active = T("Sie haben die NEUEN Kunden gezählt. Abwanderung zählt die verlorenen: wer im 1. Quartal "
                        "bestellt hat und im 2. Quartal nicht mehr.",
                        "You counted the NEW customers. Churn counts the lost ones: who ordered in the first "
                        "quarter and no longer in the second.")
    return [
        Trap("retention_given", kept / before, T(
            "Das ist die Kundenbindungsrate (der Anteil, der bleibt). Die Abwanderung ist der Rest: 1 − Bindung.",
            "That is the retention rate (the share that stays). Churn is the rest: 1 − retention.")),
        Trap("new_over_active", new / before, new_over_active),
        Trap("new_over_active", new / now, T(
            "Ihre Zahl ist neue Kunden / Kunden des 2. Quartals (dasselbe wie 1 − gehaltene / Kunden des 2. "
            "Quartals). Abwanderung zählt die verlorenen Kunden des 1. Quartals, geteilt durch alle Kunden des "
            "1. Quartals.",
            "Your number is new customers / customers of the second quarter (the same as 1 − kept / customers of "
            "the second quarter). Churn counts the lost customers of the first quarter, divided by all customers "
            "of the first quarter.")),
        Trap("current_quarter", lost / now, T(
            "Sie haben die verlorenen Kunden durch die Kunden des 2. Quartals geteilt. Die Basis sind die Kunden "
            "des 1. Quartals: nur sie konnte man verlieren.",
            "You divided the lost customers by the customers of the second quarter. The base are the customers "
            "of the first quarter: only they could be lost.")),
        Trap("wrong_quarters", 1 - len(g["earlier"] & g["before"]) / len(g["earlier"]), T(
            "Das ist die Abwanderung vom 4. Quartal 2025 ins 1. Quartal 2026. Gefragt ist Q1 → Q2 2026.",
            "That is the churn from Q4 2025 into Q1 2026. Q1 → Q2 2026 is asked for.")),
    ]


def _eval_churn(answer) -> Outcome:
    return check_number(answer, expected_churn(), "ratio", _churn_traps(), T(
        "Das ist nicht die Abwanderungsrate Q1 → Q2 2026. Verloren ist, wer im 1. Quartal bestellt hat und im "
        "2. nicht mehr; geteilt durch die Kunden des 1. Quartals.",
        "That is not the churn rate Q1 → Q2 2026. Lost is whoever ordered in the first quarter and not in the "
        "second; divided by the customers of the first quarter."))


q2 = Question(
    "5.2", T("Abwanderung: die verlorenen Kunden", "Churn: the customers lost"), _eval_churn,
    hints=[
        T("Abwanderung und Bindung beziehen sich auf dieselben Kunden: die des 1. Quartals.",
          "Churn and retention refer to the same customers: those of the first quarter."),
        T("Verloren ist, wer im 1. Quartal bestellt hat, im 2. aber nicht: q1_kunden - q2_kunden.",
          "Lost is whoever ordered in the first quarter but not in the second: q1_kunden - q2_kunden."),
        T("Abwanderungsrate = 1 − Kundenbindungsrate = len(q1_kunden - q2_kunden) / len(q1_kunden).",
          "Churn rate = 1 − retention rate = len(q1_kunden - q2_kunden) / len(q1_kunden)."),
    ],
    solution=T("Bindung und Abwanderung ergänzen sich zu 1, weil beide dieselbe Gruppe teilen: die Kunden des "
               "Vorquartals. Neue Kunden ändern die Abwanderung nicht; sie verdecken sie nur, wenn man nur auf die "
               "Zahl der aktiven Kunden schaut.",
               "Retention and churn add up to 1 because both divide the same group: the customers of the previous "
               "quarter. New customers do not change churn; they only hide it when one looks at the number of "
               "active customers alone."),
    solution_code="""
datum = kleine_bestellungen["ordered_at"]
q1_kunden = set(kleine_bestellungen.loc[(datum >= "2026-01-01") & (datum < "2026-04-01"), "customer_id"])
q2_kunden = set(kleine_bestellungen.loc[(datum >= "2026-04-01") & (datum < "2026-07-01"), "customer_id"])
antwort_2 = len(q1_kunden - q2_kunden) / len(q1_kunden)
""", var="antwort_2")


# --- 5.3 the funnel step with the largest drop -----------------------------------------------------------------
STAGES = ("sessions", "leads", "deals", "won", "customers")
ALIASES = {"sitzungen": "sessions", "besuche": "sessions", "gewonnen": "won", "gewonnene deals": "won",
           "kunden": "customers", "neukunden": "customers"}


def small_funnel() -> pd.Series:
    """The funnel of the small company in the first half of 2026: the count at each stage, in order.

    >>> small_funnel().to_dict()
    {'sessions': 5000, 'leads': 400, 'deals': 20, 'won': 8, 'customers': 7}
    """
    return pd.Series([5000, 400, 20, 8, 7], index=list(STAGES), name="anzahl").rename_axis("stufe")


def step_rates(funnel: pd.Series | None = None) -> pd.Series:
    """Each step's conversion rate from the previous stage, indexed "from → to" (plain pandas).

    >>> step_rates().round(3).to_dict()
    {'sessions → leads': 0.08, 'leads → deals': 0.05, 'deals → won': 0.4, 'won → customers': 0.875}
    """
    funnel = small_funnel() if funnel is None else funnel
    names = [f"{a} → {b}" for a, b in zip(funnel.index[:-1], funnel.index[1:], strict=True)]
    return pd.Series(funnel.to_numpy()[1:] / funnel.to_numpy()[:-1], index=names, name="rate")


def expected_drop_step(funnel: pd.Series | None = None) -> str:
    """The step with the LOWEST conversion rate from the previous stage (the largest relative loss).

    >>> expected_drop_step()
    'leads → deals'
    """
    return str(step_rates(funnel).idxmin())


def _largest_absolute_loss(funnel: pd.Series | None = None) -> str:
    funnel = small_funnel() if funnel is None else funnel
    losses = pd.Series(funnel.to_numpy()[:-1] - funnel.to_numpy()[1:], index=step_rates(funnel).index)
    return str(losses.idxmax())


def _stage(name: object) -> str | None:
    text = str(name).strip().lower()
    return ALIASES.get(text, text) if ALIASES.get(text, text) in STAGES else None


def as_step(answer: object) -> str | Outcome:
    """The step named by the answer, as "from → to", else an Outcome saying how to name it.

    A step is written "leads → deals" (also ``->``, ``>``, ``-``, ``–``) or given as a pair of stage names;
    a single stage name is ambiguous (the step into it or out of it) and is refused.

    >>> as_step("Leads -> Deals"), as_step(("deals", "won")), as_step("leads").code
    ('leads → deals', 'deals → won', 'one_stage')
    """
    if isinstance(answer, str):
        parts = [p for p in re.split(r"\s*(?:→|->|=>|>|–|—|-|,|\bto\b|\bzu\b)\s*", answer.strip()) if p]
    elif isinstance(answer, list | tuple):
        parts = list(answer)
    else:
        return wrong("not_a_step", t_all("EX_NOT_A_STEP", steps=", ".join(step_rates().index)))
    stages = [_stage(p) for p in parts]
    if len(stages) == 1 and stages[0] is not None:
        return wrong("one_stage", T(
            f"«{stages[0]}» allein ist mehrdeutig: der Schritt dorthin oder von dort weg? Nennen Sie den Schritt "
            "mit beiden Stufen, z. B. \"deals → won\".",
            f"'{stages[0]}' alone is ambiguous: the step into it or out of it? Name the step with both stages, "
            "e.g. \"deals → won\"."))
    if len(stages) != 2 or None in stages or STAGES.index(stages[1]) - STAGES.index(stages[0]) != 1:
        return wrong("not_a_step", t_all("EX_NOT_A_STEP", steps=", ".join(step_rates().index)))
    return f"{stages[0]} → {stages[1]}"


def _eval_drop_step(answer) -> Outcome:
    step = as_step(answer)
    if isinstance(step, Outcome):
        return step
    if step == expected_drop_step():
        return correct(T("Hier geht relativ am meisten verloren: Von 100 Leads wird nur eine Handvoll zu einem "
                         "Deal. Absolut verliert der erste Schritt mehr Köpfe, gemessen an dem, was ankommt, "
                         "verliert aber dieser Schritt am meisten.",
                         "This is where the most is lost relatively: of 100 leads only a handful become a deal. In "
                         "absolute numbers the first step loses more people, but measured against what arrives, "
                         "this step loses the most."))
    if step == _largest_absolute_loss():
        return wrong("largest_absolute", T(
            "Dieser Schritt verliert absolut am meisten (die meisten Köpfe), weil oben im Trichter am meisten "
            "ankommt. Das Kit misst den Verlust relativ: die tiefste Quote gegenüber der vorherigen Stufe.",
            "This step loses the most in absolute numbers (the most people), because the most arrive at the top "
            "of the funnel. The kit measures the loss relatively: the lowest rate from the previous stage."))
    if step == str(step_rates().idxmax()):
        return wrong("highest_rate", T(
            "Dieser Schritt hat die HÖCHSTE Quote, hier geht am wenigsten verloren. Vergleichen Sie auch nicht mit "
            "dem Anfang des Trichters: Gemessen an den Sitzungen ist die letzte Stufe immer die kleinste.",
            "This step has the HIGHEST rate, the least is lost here. Do not compare with the top of the funnel "
            "either: measured against the sessions, the last stage is always the smallest."))
    return wrong("wrong_step", T(
        "Bei diesem Schritt ist die Quote nicht die tiefste. Rechnen Sie für jeden Schritt Anzahl der Stufe / "
        "Anzahl der vorherigen Stufe und nehmen Sie den tiefsten Wert.",
        "This step's rate is not the lowest. For each step compute the stage's count / the previous stage's "
        "count and take the lowest value."))


q3 = Question(
    "5.3", T("Der Schritt mit dem grössten Verlust", "The funnel step with the largest drop"), _eval_drop_step,
    hints=[
        T("Ein Schritt führt von einer Stufe zur nächsten, z. B. leads → deals. Seine Quote ist Anzahl der Stufe "
          "geteilt durch Anzahl der vorherigen Stufe.",
          "A step leads from one stage to the next, e.g. leads → deals. Its rate is the stage's count divided "
          "by the previous stage's count."),
        T("Gesucht ist der grösste RELATIVE Verlust, also die tiefste Quote – nicht die grösste Differenz der "
          "Anzahlen.",
          "The largest RELATIVE loss is asked for, i.e. the lowest rate – not the largest difference of counts."),
        T("quote = trichter / trichter.shift(1) gibt jeder Stufe die Quote aus der vorherigen; quote.idxmin() "
          "nennt die Stufe, bei der der Schritt endet.",
          "quote = trichter / trichter.shift(1) gives each stage its rate from the previous one; quote.idxmin() "
          "names the stage where the step ends."),
    ],
    solution=T("Die absolute Differenz ist oben im Trichter fast immer am grössten, weil dort am meisten ankommt. "
               "Wo der Trichter klemmt, zeigt die tiefste Quote von Stufe zu Stufe.",
               "The absolute difference is almost always largest at the top of the funnel, because the most "
               "arrive there. Where the funnel is stuck shows in the lowest rate from stage to stage."),
    solution_code="""
quote = trichter / trichter.shift(1)
stufe = quote.idxmin()
vorher = trichter.index[trichter.index.get_loc(stufe) - 1]
antwort_3 = f"{vorher} → {stufe}"
""", var="antwort_3")


EXERCISE = Exercise(NOTEBOOK, T("Kunden halten und der Trichter", "Keeping customers and the funnel"), [q1, q2, q3])


progress = EXERCISE.progress  # this notebook's questions: progress(lang=None)


def namespace() -> dict:
    """The variables the notebook's setup cell defines (the tests run the solution code in them)."""
    return {"pd": pd, "kp": kp, "kleine_bestellungen": small_orders(), "trichter": small_funnel()}


__all__ = ["EXERCISE", "STAGES", "as_step", "expected_churn", "expected_drop_step", "expected_retention",
           "get_lang", "namespace", "progress", "q1", "q2", "q3", "set_lang", "small_funnel", "small_orders",
           "step_rates"]
