"""Exercises for notebook 01: SMART goals and choosing 3–5 KPIs for given goals.

Expected answers come from kpikit itself: ``missing_parts`` judges SMART-ness, the baseline comes
from ``compute_kpis`` on the demo company, and the KPI choice is judged with ``check_selection``.
"""

from __future__ import annotations

import datetime as dt
import functools
from types import SimpleNamespace

import pandas as pd

import kpikit as kp
from kpikit import KPIS, Goal
from kpikit.checks import NOT_OUTCOME, check_selection, complete_series, missing_parts
from kpikit.core.text import near_miss
from kpikit.exercises.answers import as_names
from kpikit.exercises.data import company, demo
from kpikit.exercises.notebooks import Exercise
from kpikit.exercises.outcomes import Outcome, T, correct, get_lang, set_lang, wrong
from kpikit.exercises.questions import Question

NOTEBOOK = "01_ziele_und_kpis"


PARTS = {"statement": T("Aussage", "statement"), "kpi": T("KPI", "KPI"), "target": T("Zielwert", "target"),
         "per": T("Periode (per)", "grain (per)"), "deadline": T("Frist", "deadline")}


# --- 1.1 which goals are SMART? -----------------------------------------------------------------------------
def goal_table() -> pd.DataFrame:
    """Six goals as a management team might write them; some lack a SMART part."""
    return pd.DataFrame([
        ("A", "Mehr Neukunden gewinnen", "new_customers", None, None, None),
        ("B", "Bis 31.12.2026 mindestens 110 Neukunden pro Quartal gewinnen", "new_customers", 110, "quarter",
         "2026-12-31"),
        ("C", "Die Abschlussrate auf 40 % pro Quartal steigern", "close_rate", 0.40, "quarter", None),
        ("D", "Die CAC bis 30.06.2027 unter CHF 2'000 pro Quartal senken", "cac", 2000, "quarter", "2027-06-30"),
        ("E", "Bis Ende 2026 viel mehr Reichweite pro Monat", "reach", None, "month", "2026-12-31"),
        ("F", "Bis 31.03.2027 eine Conversion-Rate von 3 % pro Monat erreichen", "conversion_rate", 0.03, "month",
         "2027-03-31"),
    ], columns=["ziel", "statement", "kpi", "target", "per", "deadline"])


def _goal(row) -> Goal:
    def clean(v):
        return None if v is None or (isinstance(v, float) and v != v) else v

    deadline = clean(row["deadline"])
    return Goal(id=row["ziel"], statement=clean(row["statement"]), kpi=clean(row["kpi"]),
                target=clean(row["target"]), per=clean(row["per"]),
                deadline=dt.date.fromisoformat(deadline) if deadline else None)


def smart_goals() -> set[str]:
    """The letters of the goals with all five SMART parts (judged by kpikit's ``missing_parts``)."""
    return {row["ziel"] for _, row in goal_table().iterrows() if not missing_parts(_goal(row))}


def _missing_by_letter() -> dict[str, list[str]]:
    return {row["ziel"]: missing_parts(_goal(row)) for _, row in goal_table().iterrows()}


def _eval_smart(answer) -> Outcome:
    names = as_names(answer)
    if isinstance(names, Outcome):
        return names
    chosen = {n.upper() for n in names}
    missing = _missing_by_letter()
    unknown = sorted(chosen - set(missing))
    if unknown:
        return wrong("unknown_goal", T(f"Diese Ziele gibt es nicht: {', '.join(unknown)}. Die Tabelle hat A bis F.",
                                       f"There are no goals {', '.join(unknown)}. The table has A to F."))
    expected = smart_goals()
    not_smart = chosen - expected
    if not_smart:
        lacking = sorted({p for g in not_smart for p in missing[g]}, key=list(PARTS).index)
        words_de = ", ".join(PARTS[p]["de"] for p in lacking)
        words_en = ", ".join(PARTS[p]["en"] for p in lacking)
        return wrong("not_smart_chosen", T(
            f"Mindestens eines der gewählten Ziele ist nicht SMART: Es fehlt {words_de}. "
            "Prüfen Sie bei jedem Ziel alle fünf Teile.",
            f"At least one of the goals you chose is not SMART: it lacks a {words_en}. "
            "Check all five parts of every goal."))
    if expected - chosen:
        return wrong("smart_missed", T(
            "Sie haben nicht alle SMART-Ziele gefunden: Ein Ziel muss nicht hoch klingen, um SMART zu sein – "
            "es braucht nur Aussage, KPI, Zielwert, Periode und Frist.",
            "You have not found all SMART goals: a goal need not sound ambitious to be SMART – it only needs "
            "a statement, KPI, target, grain and deadline."))
    return correct(T("Genau: Nur diese Ziele sagen, was bis wann pro Periode erreicht sein soll.",
                     "Exactly: only these goals say what must be reached per period, and by when."))


q1 = Question(
    "1.1", T("SMART-Ziele erkennen", "Recognise SMART goals"), _eval_smart,
    hints=[
        T("SMART heisst hier: Aussage, KPI, Zielwert, Periode (pro Monat/Quartal/Jahr) und Frist.",
          "SMART here means: statement, KPI, target, grain (per month/quarter/year) and deadline."),
        T("Gehen Sie Zeile für Zeile durch die Tabelle und suchen Sie leere Felder (None).",
          "Go through the table row by row and look for empty fields (None)."),
        T("Ein Ziel ist SMART, wenn in seiner Zeile keine der fünf Spalten leer ist – pandas hat dafür dropna().",
          "A goal is SMART when none of the five columns in its row is empty – pandas has dropna() for that."),
    ],
    solution=T("Ziele ohne Zielwert (A, E) oder ohne Frist (A, C) sind Wünsche, keine Ziele: Niemand kann "
               "sagen, ob sie erreicht sind. «Viel mehr Reichweite» ist zudem ein Eitelkeitsmass.",
               "Goals without a target (A, E) or a deadline (A, C) are wishes, not goals: nobody can tell "
               "whether they are reached. 'Much more reach' is a vanity metric as well."),
    solution_code="""
vollstaendig = ziele.dropna(subset=["statement", "kpi", "target", "per", "deadline"])
antwort_1 = list(vollstaendig["ziel"])
""", var="antwort_1")


# --- 1.2 write a SMART goal ----------------------------------------------------------------------------------
def data_end() -> dt.date:
    """The last day of the demo company's data; a deadline must lie after it."""
    return demo().period[1].date()


def latest_deadline() -> dt.date:
    """Eighteen months after the end of the data: later deadlines invite putting things off."""
    return (pd.Timestamp(data_end()) + pd.DateOffset(months=18)).date()


@functools.cache
def new_customer_baseline() -> float:
    """New customers per quarter, mean of the last four complete quarters of the demo (kpikit engine)."""
    series = complete_series(kp.compute_kpis(demo(), "new_customers", period="quarter"), demo())
    return float(series["value"].tail(4).mean())


def target_range(per: str) -> tuple[float, float]:
    """A target above today's level and at most 1.5 times it, per month, quarter or year."""
    scale = {"month": 1 / 3, "quarter": 1.0, "year": 4.0}[per]
    base = new_customer_baseline() * scale
    return base, 1.5 * base


def _as_goal(answer) -> Goal | Outcome:
    if isinstance(answer, Goal):
        return answer
    if not isinstance(answer, dict):
        return wrong("not_a_goal", T(
            "Bitte ein dict mit den Schlüsseln statement, kpi, target, per und deadline angeben "
            "(oder ein kpikit.Goal).",
            "Please give a dict with the keys statement, kpi, target, per and deadline (or a kpikit.Goal)."))
    allowed = {"id", "statement", "kpi", "target", "per", "deadline"}
    extra = sorted(set(answer) - allowed)
    if extra:
        keys = ", ".join(sorted(allowed))
        return wrong("unknown_key", T(f"Unbekannte Schlüssel: {', '.join(extra)}. Erlaubt: {keys}.",
                                      f"Unknown keys: {', '.join(extra)}. Allowed: {keys}."))
    values = {k: answer.get(k) for k in allowed - {"id"}}
    deadline = values["deadline"]
    if isinstance(deadline, dt.datetime):  # also pandas Timestamps
        values["deadline"] = deadline.date()
    elif deadline is not None and not isinstance(deadline, dt.date):
        try:
            text = str(deadline).strip()
            values["deadline"] = pd.Timestamp(pd.to_datetime(text, dayfirst="." in text)).date()
        except (ValueError, TypeError):
            return wrong("bad_deadline", T("Die Frist als Datum angeben, z. B. \"2027-06-30\" oder \"30.06.2027\".",
                                           "Give the deadline as a date, e.g. \"2027-06-30\"."))
    if values["target"] is not None:
        try:
            values["target"] = float(values["target"])
        except (TypeError, ValueError):
            return wrong("bad_target", T("Der Zielwert muss eine Zahl sein.", "The target must be a number."))
    return Goal(id=str(answer.get("id") or "neukunden"), **values)


def _eval_goal(answer) -> Outcome:
    goal = _as_goal(answer)
    if isinstance(goal, Outcome):
        return goal
    missing = missing_parts(goal)
    if missing:
        return wrong("not_smart", T(f"Ihrem Ziel fehlt noch: {', '.join(PARTS[p]['de'] for p in missing)}.",
                                    f"Your goal still lacks: {', '.join(PARTS[p]['en'] for p in missing)}."))
    if goal.kpi not in KPIS:
        return wrong("unknown_kpi", T(f"Die KPI «{goal.kpi}» gibt es nicht; die IDs stehen in kp.catalogue().",
                                      f"There is no KPI '{goal.kpi}'; kp.catalogue() lists the ids."))
    if goal.kpi != "new_customers":
        return wrong("wrong_kpi", T("Die Geschäftsleitung will mehr Neukunden. Die KPI des Ziels muss genau das "
                                    "messen – nicht eine Vorstufe oder einen Aufwand.",
                                    "Management wants more new customers. The goal's KPI must measure exactly "
                                    "that – not an earlier stage or an effort."))
    if goal.per not in ("month", "quarter", "year"):
        return wrong("bad_per", T("per ist \"month\", \"quarter\" oder \"year\".",
                                  "per is \"month\", \"quarter\" or \"year\"."))
    end = f"{data_end():%d.%m.%Y}"
    if goal.deadline <= data_end():
        return wrong("deadline_past", T(f"Die Frist liegt nicht in der Zukunft: Die Daten reichen bis {end}.",
                                        f"The deadline is not in the future: the data run to {end}."))
    if goal.deadline > latest_deadline():
        return wrong("deadline_far", T("Eine Frist weit über ein Jahr hinaus lädt zum Aufschieben ein. Wählen Sie "
                                       "eine Frist in den nächsten 6 bis 18 Monaten.",
                                       "A deadline far beyond a year invites putting things off. Choose one "
                                       "within the next 6 to 18 months."))
    low, high = target_range(goal.per)
    if goal.target <= low:
        return wrong("target_too_low", T("Ihr Zielwert liegt nicht über dem heutigen Stand (Durchschnitt der letzten "
                                         "vier Quartale, umgerechnet auf Ihre Periode). Ein Ziel soll eine "
                                         "Verbesserung verlangen.",
                                         "Your target is not above today's level (mean of the last four quarters, "
                                         "converted to your grain). A goal should ask for an improvement."))
    if goal.target > high:
        return wrong("target_unrealistic", T("Ihr Zielwert ist mehr als anderthalbmal so hoch wie heute – kaum "
                                             "erreichbar (das A und R in SMART).",
                                             "Your target is more than one and a half times today's level – "
                                             "hardly attainable (the A and R in SMART)."))
    number = f"{goal.target:g}"
    if number not in goal.statement.replace("'", "") or str(goal.deadline.year) not in goal.statement:
        return wrong("statement_vague", T("Die Aussage soll Zielwert und Frist selbst nennen, damit alle im Team "
                                          "dasselbe verstehen.",
                                          "The statement should itself name the target and the deadline, so "
                                          "that everyone on the team understands the same."))
    return correct(T("Ein SMART-Ziel: messbar mit der KPI, mit Periode, Zielwert über dem heutigen Stand und "
                     "einer Frist.",
                     "A SMART goal: measurable with the KPI, with a grain, a target above today's level and a "
                     "deadline."))


q2 = Question(
    "1.2", T("Ein SMART-Ziel formulieren", "Write a SMART goal"), _eval_goal,
    hints=[
        T("Ein dict mit fünf Schlüsseln: statement, kpi, target, per, deadline.",
          "A dict with five keys: statement, kpi, target, per, deadline."),
        T("Schauen Sie sich zuerst den heutigen Stand an: kp.compute_kpis(firma, \"new_customers\", "
          "period=\"quarter\"). Das Ziel soll darüber liegen, aber erreichbar bleiben.",
          "Look at today's level first: kp.compute_kpis(firma, \"new_customers\", period=\"quarter\"). The "
          "target should lie above it but stay attainable."),
        T("Die KPI-ID für Neukunden ist new_customers; die Frist liegt nach dem Ende der Daten (firma.period) "
          "und innerhalb von 18 Monaten; die Aussage nennt Zahl und Jahr.",
          "The KPI id for new customers is new_customers; the deadline lies after the end of the data "
          "(firma.period) and within 18 months; the statement names the number and the year."),
    ],
    solution=T("Heute gewinnt die Firma im Schnitt der letzten vier Quartale knapp 90 Neukunden pro Quartal. "
               "100 pro Quartal bis Mitte 2027 ist eine Verbesserung und erreichbar.",
               "Today the company wins just under 90 new customers per quarter (mean of the last four). 100 "
               "per quarter by mid-2027 is an improvement and attainable."),
    solution_code="""
antwort_2 = {
    "statement": "Bis 30.06.2027 mindestens 100 Neukunden pro Quartal gewinnen",
    "kpi": "new_customers",
    "target": 100,
    "per": "quarter",
    "deadline": "2027-06-30",
}
""", var="antwort_2")


# --- 1.3 choose 3–5 KPIs for the goals -----------------------------------------------------------------------
def _eval_selection(answer) -> Outcome:
    names = as_names(answer)
    if isinstance(names, Outcome):
        return names
    items = names if isinstance(answer, str) or not hasattr(answer, "__iter__") else answer
    chosen = list(dict.fromkeys(str(n).strip() for n in items))
    unknown = [k for k in chosen if k not in KPIS]
    if unknown:
        tips = [f"{k} → {near_miss(k, list(KPIS))}" for k in unknown if near_miss(k, list(KPIS))]
        tip = f" ({'; '.join(tips)}?)" if tips else ""
        return wrong("unknown_kpi", T(f"Unbekannte KPI-IDs: {', '.join(unknown)}{tip}. Die IDs stehen in "
                                      "kp.catalogue().",
                                      f"Unknown KPI ids: {', '.join(unknown)}{tip}. kp.catalogue() lists them."))
    codes = {f.code for f in check_selection(SimpleNamespace(kpis=tuple(chosen), goals=demo().goals))}
    if "KPI_COUNT_HIGH" in codes:
        return wrong("too_many", T(f"Sie haben {len(chosen)} KPIs gewählt. Wer alles misst, steuert nichts: "
                                   "höchstens 5, so dass jede im Wochenmeeting Platz hat.",
                                   f"You picked {len(chosen)} KPIs. Measuring everything steers nothing: at most "
                                   "5, so that each fits into the weekly meeting."))
    if "KPI_COUNT_LOW" in codes:
        return wrong("too_few", T(f"Nur {len(chosen)} KPI(s): Für drei Ziele braucht es mindestens 3.",
                                  f"Only {len(chosen)} KPI(s): three goals need at least 3."))
    vanity = [k for k in chosen if k in NOT_OUTCOME]
    if vanity:
        return wrong("vanity", T("Mindestens eine Ihrer KPIs misst Aufwand oder Aufmerksamkeit, kein Ergebnis. "
                                 "Sie steigt auch, wenn kein einziger Kunde dazukommt.",
                                 "At least one of your KPIs measures effort or attention, not an outcome. It "
                                 "rises even when not a single customer is won."))
    if "GOAL_KPI_NOT_SELECTED" in codes:
        uncovered = sum(1 for g in demo().goals if g.kpi not in chosen)
        return wrong("goal_uncovered", T(f"{uncovered} Ziel(e) haben keine KPI in Ihrer Auswahl. Jedes Ziel braucht "
                                         "die KPI, mit der es gemessen wird.",
                                         f"{uncovered} goal(s) have no KPI in your selection. Every goal needs "
                                         "the KPI it is measured with."))
    extra = [k for k in chosen if "KPI_WITHOUT_GOAL" in codes and k not in {g.kpi for g in demo().goals}]
    note = T(" Ihre zusätzliche KPI hat kein eigenes Ziel: als Frühindikator gut, aber geben Sie ihr ein Ziel "
             "oder beobachten Sie sie nur.",
             " Your extra KPI has no goal of its own: fine as a leading indicator, but give it a goal or only "
             "watch it.") if extra else T("", "")
    return correct(T("Jedes Ziel hat seine KPI, und es sind 3 bis 5." + note["de"],
                     "Every goal has its KPI, and there are 3 to 5." + note["en"]))


q3 = Question(
    "1.3", T("3–5 KPIs für die Ziele wählen", "Choose 3–5 KPIs for the goals"), _eval_selection,
    hints=[
        T("Beginnen Sie bei den Zielen, nicht beim Katalog: Welche KPI misst jedes Ziel?",
          "Start from the goals, not from the catalogue: which KPI measures each goal?"),
        T("Die Ziele stehen in firma.goals; jedes hat ein Feld kpi.",
          "The goals are in firma.goals; each has a field kpi."),
        T("Drei Ziele, drei KPIs – dazu höchstens zwei Frühindikatoren, die ein Ergebnis messen.",
          "Three goals, three KPIs – plus at most two leading indicators that measure an outcome."),
    ],
    solution=T("Die KPIs kommen aus den Zielen: Neukunden, Abschlussrate und CAC. Eine vierte KPI wie die "
               "Conversion-Rate ist als Frühindikator erlaubt; Reichweite oder Impressionen gehören nicht dazu.",
               "The KPIs follow from the goals: new customers, close rate and CAC. A fourth KPI such as the "
               "conversion rate is fine as a leading indicator; reach or impressions do not belong."),
    solution_code="""
antwort_3 = [ziel.kpi for ziel in firma.goals]
""", var="antwort_3")


EXERCISE = Exercise(NOTEBOOK, T("Ziele und KPIs", "Goals and KPIs"), [q1, q2, q3])


progress = EXERCISE.progress  # this notebook's questions: progress(lang=None)


def namespace() -> dict:
    """The variables the notebook's setup cell defines (the tests run the solution code in them)."""
    return {"pd": pd, "kp": kp, "firma": company(), "ziele": goal_table()}


__all__ = ["EXERCISE", "get_lang", "goal_table", "namespace", "progress", "q1", "q2", "q3", "set_lang"]
