"""Exercises for notebook 04: noise, too short a window, the two diagnoses, goals and the adjustment.

Expected answers come from kpikit's statistics, checks, diagnoses and goal statuses on the demo
company (``run_checks``, ``goal_statuses``, ``two_proportion_test``, ``check_window``).
"""

from __future__ import annotations

import pandas as pd

import kpikit as kp
from kpikit import Company, goal_statuses
from kpikit.checks import check_window
from kpikit.exercises.answers import Trap, as_channel, as_names, check_choice, check_number
from kpikit.exercises.data import PAID, company, demo, findings, kpi, new_process
from kpikit.exercises.notebooks import Exercise
from kpikit.exercises.outcomes import Outcome, T, correct, get_lang, set_lang, wrong
from kpikit.exercises.questions import Question
from kpikit.kpis.stats import two_proportion_test

NOTEBOOK = "04_trends_und_massnahmen"


def quote_test(won_1: float, closed_1: float, won_2: float, closed_2: float) -> float:
    """The p-value of kpikit's two-proportion test of won_2/closed_2 against won_1/closed_1."""
    return float(two_proportion_test(won_1, closed_1, won_2, closed_2).p_value)


# --- 4.1 noise -------------------------------------------------------------------------------------------------
def noise_p_value() -> float:
    """p-value of the close rate change from 2026-Q2 to 2026-Q3 (engine numerators and denominators)."""
    _, k1, n1 = kpi("close_rate", "2026-04-01", grain="quarter")
    _, k2, n2 = kpi("close_rate", "2026-07-01", grain="quarter")
    return quote_test(k1, n1, k2, n2)


def deals_per_quarter() -> int:
    """Closed deals behind each of the two quarterly close rates (mean of 2026-Q2 and 2026-Q3)."""
    n2 = kpi("close_rate", "2026-04-01", grain="quarter")[2]
    n3 = kpi("close_rate", "2026-07-01", grain="quarter")[2]
    return round((n2 + n3) / 20) * 10


def expected_noise() -> str:
    """B (within the noise) when the Q2 → Q3 change is not significant at 5 %, else A."""
    return "B" if noise_p_value() >= 0.05 else "A"


def _eval_noise(answer) -> Outcome:
    n = deals_per_quarter()
    return check_choice(answer, expected_noise(), {
        "A": T(f"Der Unterschied sieht gross aus. Aber hinter jeder Quartalsquote stehen nur rund {n} entschiedene "
               "Deals, und damit schwankt eine Quote schon zufällig um mehrere Prozentpunkte. Rechnen Sie den Test.",
               f"The difference looks large. But each quarter's rate rests on only about {n} decided deals, so a "
               "rate moves by several points by chance alone. Run the test."),
        "B": T("Der Test sagt etwas anderes: Der Unterschied ist grösser als das Rauschen.",
               "The test says otherwise: the difference is larger than the noise."),
        "C": T("Ob sich etwas verändert hat, entscheidet keine feste Schwelle wie 30 %, sondern ob der Unterschied "
               "grösser ist als das zufällige Schwanken.",
               "Whether something changed is not decided by a fixed threshold such as 30 %, but by whether the "
               "difference is larger than the random wobble."),
    }, T("Genau: Von einem Quartal aufs nächste ist der Rückgang nicht von Zufall zu unterscheiden (p ≥ 0.05). "
         "Ein Urteil braucht mehr Daten – etwa zwei Quartale gegen die vier davor (Aufgabe 4.3).",
         "Exactly: from one quarter to the next the drop cannot be told from chance (p ≥ 0.05). A judgement needs "
         "more data – e.g. two quarters against the four before (question 4.3)."))


q1 = Question(
    "4.1", T("Rauschen oder echte Änderung?", "Noise or a real change?"), _eval_noise,
    hints=[
        T("Wie viele Deals stehen hinter jeder der beiden Quoten? Die Spalten numerator und denominator von "
          "kp.compute_kpis zeigen es.",
          "How many deals stand behind each of the two rates? The columns numerator and denominator of "
          "kp.compute_kpis show it."),
        T("quoten_test(gewonnen_q2, entschieden_q2, gewonnen_q3, entschieden_q3) gibt den p-Wert.",
          "quoten_test(won_q2, closed_q2, won_q3, closed_q3) gives the p-value."),
        T("Ein p-Wert ab 0.05 heisst: Der Unterschied liegt im Rauschen.",
          "A p-value of 0.05 or more means: the difference lies within the noise."),
    ],
    solution=T("Rund 26 % gegen 20 % sieht nach viel aus, aber bei weniger als 200 Deals pro Quartal ist der "
               "p-Wert rund 0.2. Der Vergleich eines Quartals mit dem vorigen ist zu kurz, um zu urteilen.",
               "About 26 % against 20 % looks like a lot, but with fewer than 200 deals per quarter the p-value is "
               "about 0.2. One quarter against the previous one is too short to judge."),
    solution_code="""
quartale = kp.compute_kpis(firma, "close_rate", period="quarter").set_index("period")
vorher, nachher = quartale.loc["2026-04-01"], quartale.loc["2026-07-01"]
p = quoten_test(vorher["numerator"], vorher["denominator"], nachher["numerator"], nachher["denominator"])
antwort_1 = "B" if p >= 0.05 else "A"
""", var="antwort_1")


# --- 4.2 too short a window --------------------------------------------------------------------------------
def _window_evidence() -> dict:
    found = [f for f in check_window(new_process()) if f.code == "WINDOW_TOO_SHORT"]
    return found[0].evidence if found else {"needed": 0, "complete_periods": 0, "more_weeks": 0}


def expected_more_months() -> float:
    """Complete months still needed before kpikit judges a monthly trend (needed − complete)."""
    ev = _window_evidence()
    return float(ev["needed"] - ev["complete_periods"])


def _window_traps() -> list[Trap]:
    ev = _window_evidence()
    return [
        Trap("enough_already", 0, T("Drei Punkte sind noch keine Linie: Mit so wenigen Monaten lässt sich ein Trend "
                                    "nicht von Zufall unterscheiden.",
                                    "Three points are not yet a line: with so few months a trend cannot be told "
                                    "from chance.")),
        Trap("total_not_more", ev["needed"], T("Das ist die Gesamtzahl Monate, die es braucht. Gefragt ist, wie "
                                               "viele noch DAZUKOMMEN müssen.",
                                               "That is the total number of months needed. The question is how "
                                               "many more must be ADDED.")),
        Trap("weeks", ev["more_weeks"], T("Das sind Wochen. Gefragt sind volle Monate.",
                                          "Those are weeks. Complete months are asked for.")),
    ]


def _eval_window(answer) -> Outcome:
    return check_number(answer, expected_more_months(), "count", _window_traps(), T(
        "Nicht richtig. kpikit nennt im Befund WINDOW_TOO_SHORT, wie viele Perioden es braucht und wie viele "
        "abgeschlossen sind.",
        "Not right. kpikit's finding WINDOW_TOO_SHORT says how many periods are needed and how many are "
        "complete."))


q2 = Question(
    "4.2", T("Zu kurzes Zeitfenster", "Too short a window"), _eval_window,
    hints=[
        T("Wie viele volle Monate liegen zwischen dem 1. Juli und dem 30. September 2026?",
          "How many complete months lie between 1 July and 30 September 2026?"),
        T("kp.run_checks(neuer_prozess) liefert Befunde; einer hat den Code WINDOW_TOO_SHORT.",
          "kp.run_checks(neuer_prozess) returns findings; one has the code WINDOW_TOO_SHORT."),
        T("Sein evidence-dict nennt needed und complete_periods.",
          "Its evidence dict names needed and complete_periods."),
    ],
    solution=T("kpikit urteilt erst ab 6 abgeschlossenen Perioden über einen Trend. Nach 3 Monaten fehlen also noch "
               "3 – so lange gilt: messen, nicht umsteuern.",
               "kpikit judges a trend only from 6 complete periods on. After 3 months, 3 more are needed – until "
               "then: measure, don't steer."),
    solution_code="""
befund = next(f for f in kp.run_checks(neuer_prozess) if f.code == "WINDOW_TOO_SHORT")
antwort_2 = befund.evidence["needed"] - befund.evidence["complete_periods"]
""", var="antwort_2")


# --- 4.3 falling close rate, flat leads --------------------------------------------------------------------
def expected_diagnosis() -> str:
    """B (lead quality or sales training) when kpikit diagnoses a falling close rate with flat leads."""
    codes = {f.code for f in findings()}
    if "CLOSE_RATE_FALLING_LEADS_FLAT" in codes:
        return "B"
    if "CLOSE_RATE_FALLING" in codes:
        return "A"
    return "C"


def _eval_diagnosis(answer) -> Outcome:
    return check_choice(answer, expected_diagnosis(), {
        "A": T("Schauen Sie auf die Zahl der Leads pro Quartal: Fehlen wirklich Leads? Mehr Leads kaufen löst ein "
               "Problem, das die Daten nicht zeigen, und treibt die CAC hoch.",
               "Look at the number of leads per quarter: are leads really missing? Buying more leads solves a "
               "problem the data do not show, and drives CAC up."),
        "B": T("Die Leads sind nicht gleich geblieben oder die Abschlussrate fällt nicht gesichert – schauen Sie "
               "nochmals auf beide Reihen.",
               "Leads did not stay flat, or the close rate does not fall significantly – look at both series "
               "again."),
        "C": T("Zwei Quartale gegen die vier davor sind genug Daten: kpikit findet den Rückgang statistisch "
               "gesichert. Zufall ist hier nicht die Erklärung.",
               "Two quarters against the four before are enough data: kpikit finds the drop statistically "
               "supported. Chance is not the explanation here."),
        "D": T("Für den Preis gibt es in diesen Daten keinen Beleg. Gehen Sie davon aus, was sich verändert hat "
               "und was gleich geblieben ist.",
               "There is no evidence on price in these data. Start from what has changed and what has stayed "
               "the same."),
    }, T("Genau: gleich viele Leads, aber weniger Abschlüsse. Also die Qualität der Leads (pro Kanal) und das "
         "Vorgehen im Verkauf (pro Person) prüfen.",
         "Exactly: as many leads, but fewer wins. So check the quality of the leads (per channel) and the way "
         "the team sells (per person)."))


q3 = Question(
    "4.3", T("Diagnose: Abschlussrate fällt, Leads flach", "Diagnosis: close rate falls, leads flat"),
    _eval_diagnosis,
    hints=[
        T("Legen Sie zwei Reihen nebeneinander: Leads pro Quartal und Abschlussrate pro Quartal.",
          "Put two series side by side: leads per quarter and close rate per quarter."),
        T("Was hat sich in 2026-Q2 und Q3 verändert, was nicht?",
          "What changed in 2026-Q2 and Q3, and what did not?"),
        T("kp.run_checks(firma) enthält die Diagnose mit ihrem Code und ihrer Sicherheit.",
          "kp.run_checks(firma) holds the diagnosis with its code and its confidence."),
    ],
    solution=T("Die Leads bleiben flach (rund 540 pro Quartal), die Abschlussrate fällt gesichert von rund 37 % "
               "auf rund 23 %. Das Problem liegt nach dem Lead: bei der Lead-Qualität oder im Verkauf.",
               "Leads stay flat (about 540 per quarter), the close rate falls significantly from about 37 % to "
               "about 23 %. The problem lies after the lead: lead quality or selling."),
    solution_code="""
codes = {f.code for f in kp.run_checks(firma)}
antwort_3 = "B" if "CLOSE_RATE_FALLING_LEADS_FLAT" in codes else "C"
""", var="antwort_3")


# --- 4.4 rising CAC in one channel ---------------------------------------------------------------------------
def expected_cac_channel() -> str:
    """The channel in which kpikit diagnoses a rising CAC."""
    hits = [f.segment for f in findings() if f.code == "CAC_RISING" and f.segment]
    return hits[0] if hits else "–"


def _eval_cac_channel(answer) -> Outcome:
    channel = as_channel(answer, PAID, T("Bitte den Namen eines Kanals als Text angeben.",
                                         "Please give a channel's name as text."))
    if isinstance(channel, Outcome):
        return channel
    if channel == expected_cac_channel():
        hit = next(f for f in findings() if f.code == "CAC_RISING" and f.segment == channel)
        ratio = f"{hit.evidence['ratio']:.1f}"
        return correct(T(f"Genau: In diesem Kanal kostet ein Neukunde heute {ratio}-mal so viel wie in den vier "
                         "Quartalen davor; kpikit hält den Anstieg für statistisch gesichert.",
                         f"Exactly: in this channel a new customer now costs {ratio} times as much as in the four "
                         "quarters before; kpikit finds the rise statistically supported."))
    spend = demo().campaigns.groupby("channel")["spend"].sum()
    if channel == spend.idxmax():
        return wrong("largest_spend", T("Dieser Kanal gibt am meisten aus – aber hohe Ausgaben sind kein Anstieg der "
                                        "CAC. Vergleichen Sie die CAC pro Kanal über die Quartale.",
                                        "This channel spends the most – but high spend is no rise in CAC. Compare "
                                        "the CAC per channel over the quarters."))
    return wrong("wrong_channel", T("In diesem Kanal ist die CAC nicht gesichert gestiegen. Vergleichen Sie die "
                                    "letzten zwei Quartale mit den vier davor, Kanal für Kanal.",
                                    "In this channel CAC has not risen significantly. Compare the last two "
                                    "quarters with the four before, channel by channel."))


q4 = Question(
    "4.4", T("Steigende CAC in einem Kanal", "Rising CAC in one channel"), _eval_cac_channel,
    hints=[
        T("kp.compute_kpis(firma, \"cac\", period=\"quarter\", by=\"channel\") gibt die CAC pro Kanal und Quartal.",
          "kp.compute_kpis(firma, \"cac\", period=\"quarter\", by=\"channel\") gives CAC per channel and quarter."),
        T("Mit .pivot(index=\"period\", columns=\"segment\", values=\"value\") sehen Sie die Reihen nebeneinander.",
          "With .pivot(index=\"period\", columns=\"segment\", values=\"value\") you see the series side by side."),
        T("Die Diagnose CAC_RISING in kp.run_checks(firma) nennt den Kanal im Feld segment.",
          "The diagnosis CAC_RISING in kp.run_checks(firma) names the channel in its field segment."),
    ],
    solution=T("Nur in einem Kanal steigt die CAC gesichert: Die Ausgaben wachsen, die Neukunden nicht. Das ist "
               "Ineffizienz im Marketing dieses Kanals, nicht im ganzen Marketing.",
               "CAC rises significantly in one channel only: its spend grows, its new customers do not. That is "
               "inefficiency in this channel's marketing, not in all marketing."),
    solution_code="""
antwort_4 = next(f.segment for f in kp.run_checks(firma) if f.code == "CAC_RISING" and f.segment)
""", var="antwort_4")


# --- 4.5 results against goals --------------------------------------------------------------------------------
def expected_goals_behind() -> set[str]:
    """Goals that are off track or at risk at the end of the data (kpikit ``goal_statuses``)."""
    table = goal_statuses(demo())
    return set(table.loc[table["status"].isin(["off_track", "at_risk"]), "goal"])


def _eval_goals(answer) -> Outcome:
    names = as_names(answer)
    if isinstance(names, Outcome):
        return names
    table = goal_statuses(demo()).set_index("goal")
    unknown = sorted(names - set(table.index))
    if unknown:
        return wrong("unknown_goal", T(f"Diese Ziel-IDs gibt es nicht: {', '.join(unknown)}. Die IDs stehen in "
                                       "firma.goals (Feld id).",
                                       f"There are no goals {', '.join(unknown)}. firma.goals lists the ids "
                                       "(field id)."))
    expected = expected_goals_behind()
    missed = expected - names
    lower_better = {g for g in missed if g in table.index and table.loc[g, "kpi"] == "cac"}
    if lower_better:
        return wrong("direction", T("Bei der CAC ist TIEFER besser. Liegt sie über dem Zielwert, ist das Ziel nicht "
                                    "auf Kurs.",
                                    "For CAC, LOWER is better. If it lies above the target, the goal is not on "
                                    "track."))
    if missed:
        return wrong("missed_goal", T("Es liegt mindestens ein weiteres Ziel nicht auf Kurs. Vergleichen Sie den "
                                      "letzten Wert mit dem Wert, der auf dem Weg zum Ziel heute nötig wäre "
                                      "(Spalte expected).",
                                      "At least one more goal is off track. Compare the latest value with the "
                                      "value needed today on the way to the target (column expected)."))
    extra = names - expected
    if extra:
        return wrong("on_track_chosen", T("Mindestens eines der gewählten Ziele ist auf Kurs oder erreicht.",
                                          "At least one of the goals you chose is on track or achieved."))
    return correct(T(f"{len(expected)} von {len(table)} Zielen liegen hinter dem Pfad – ein Grund zu handeln, "
                     "aber nicht, die Ziele zu ändern.",
                     f"{len(expected)} of {len(table)} goals are behind their path – a reason to act, but not to "
                     "change the goals."))


q5 = Question(
    "4.5", T("Ergebnisse an den Zielen messen", "Read results against goals"), _eval_goals,
    hints=[
        T("kp.goal_statuses(firma) zeigt pro Ziel den letzten Wert (actual), den nötigen Wert (expected) und "
          "den Status.",
          "kp.goal_statuses(firma) shows per goal the latest value (actual), the value needed (expected) and "
          "the status."),
        T("Achten Sie auf die Richtung: Bei Neukunden und Abschlussrate ist höher besser, bei der CAC tiefer.",
          "Mind the direction: for new customers and close rate higher is better, for CAC lower."),
        T("Gesucht sind die IDs der Ziele mit Status off_track oder at_risk.",
          "What is asked for are the ids of the goals with status off_track or at_risk."),
    ],
    solution=T("Neukunden und Abschlussrate liegen unter, die CAC über dem Pfad zum Ziel.",
               "New customers and close rate lie below, CAC above the path to the target."),
    solution_code="""
stand = kp.goal_statuses(firma)
antwort_5 = list(stand.loc[stand["status"].isin(["off_track", "at_risk"]), "goal"])
""", var="antwort_5")


# --- 4.6 choose an adjustment --------------------------------------------------------------------------------
def expected_adjustment() -> str:
    """C when kpikit diagnoses both stories (close rate with flat leads, CAC in one channel), else A."""
    codes = {(f.code, bool(f.segment)) for f in findings()}
    both = ("CLOSE_RATE_FALLING_LEADS_FLAT", False) in codes and ("CAC_RISING", True) in codes
    return "C" if both else "A"


def _eval_adjustment(answer) -> Outcome:
    return check_choice(answer, expected_adjustment(), {
        "A": T("Mehr Kennzahlen machen das Problem nicht kleiner, nur unübersichtlicher. Reichweite und "
               "Impressionen sind zudem kein Ergebnis.",
               "More metrics do not make the problem smaller, only harder to see. Reach and impressions are no "
               "outcome either."),
        "B": T("Die Ziele zu senken, versteckt das Problem. Die Diagnosen zeigen, wo es liegt: Dort setzt eine "
               "Anpassung an.",
               "Lowering the goals hides the problem. The diagnoses show where it lies: that is where an "
               "adjustment starts."),
        "C": T("Die Diagnosen zeigen anderes – lesen Sie sie nochmals.", "The diagnoses show something else – read "
               "them again."),
        "D": T("Die Leads sind nicht das Problem (sie sind flach, die Abschlussrate fällt), und in einem Kanal "
               "ist ein Neukunde schon jetzt viel teurer. Mehr Budget überall macht das teurer, nicht besser.",
               "Leads are not the problem (they are flat, the close rate falls), and in one channel a new "
               "customer already costs much more. More budget everywhere makes this dearer, not better."),
    }, T("Genau: an den zwei Ursachen ansetzen, Ziele und KPIs beibehalten und nach 4–6 Wochen wieder messen.",
         "Exactly: act on the two causes, keep goals and KPIs, and measure again after 4–6 weeks."))


q6 = Question(
    "4.6", T("Eine Anpassung wählen", "Choose an adjustment"), _eval_adjustment,
    hints=[
        T("Gehen Sie von den zwei Diagnosen aus (Aufgaben 4.3 und 4.4), nicht von den Zielen.",
          "Start from the two diagnoses (questions 4.3 and 4.4), not from the goals."),
        T("Eine gute Anpassung setzt an der Ursache an und lässt die Messung unverändert, damit man die Wirkung "
          "sieht.",
          "A good adjustment acts on the cause and leaves the measurement unchanged, so that its effect shows."),
    ],
    solution=T("C: Budget im Kanal mit steigender CAC überprüfen und umschichten, Lead-Qualifizierung und "
               "Verkaufsschulung angehen, Ziele und KPIs behalten und nach 4–6 Wochen neu messen.",
               "C: review and shift the budget in the channel with rising CAC, work on lead qualification and "
               "sales training, keep goals and KPIs and measure again after 4–6 weeks."),
    solution_code="""
antwort_6 = "C"
""", var="antwort_6")


EXERCISE = Exercise(NOTEBOOK, T("Trends, Diagnosen und Massnahmen", "Trends, diagnoses and adjustments"),
                    [q1, q2, q3, q4, q5, q6])


progress = EXERCISE.progress  # this notebook's questions: progress(lang=None)


def namespace() -> dict:
    """The variables the notebook's setup cell defines (the tests run the solution code in them)."""
    return {"pd": pd, "kp": kp, "firma": demo_for_learners(), "neuer_prozess": new_process(),
            "quoten_test": quote_test}


def demo_for_learners() -> Company:
    """The learners' copy of the demo company."""
    return company()


__all__ = ["EXERCISE", "demo_for_learners", "get_lang", "namespace", "new_process", "progress", "q1", "q2", "q3",
           "q4", "q5", "q6", "quote_test", "set_lang"]
