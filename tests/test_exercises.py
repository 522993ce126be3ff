"""Exercises: every check passes its solution, counts a blank answer as not attempted and catches typical mistakes.

The registry below holds, for every question of every exercise notebook, typical mistakes written as a
learner would write them; a question without an entry fails ``test_every_question_has_mistakes``.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kpikit import exercises
from kpikit.core.messages import exercises as exercise_messages
from kpikit.exercises import outcomes
from kpikit.exercises.export import SOLUTION_TAG, export, learner_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "exercises").glob("*.ipynb"))
MODULES = {name: importlib.import_module(f"kpikit.exercises.{name}") for name in exercises.MODULES}
QUESTIONS = {q.id: (mod, q) for mod in MODULES.values() for q in mod.EXERCISE.questions}

WON_2025 = '(kleine_deals["status"] == "won") & (kleine_deals["closed_at"].dt.year == 2025)'
LOST_2025 = '(kleine_deals["status"] == "lost") & (kleine_deals["closed_at"].dt.year == 2025)'
Q3 = '(deals["closed_at"] >= "2026-07-01") & (deals["closed_at"] < "2026-10-01")'
GOOGLE = 'campaigns[(campaigns["channel"] == "Google Ads") & (campaigns["date"].dt.year == 2025)]'
SPEND = 'campaigns.loc[campaigns["date"].dt.year == 2025, "spend"].sum()'
COSTS = 'costs[costs["date"].dt.year == 2025]'
ORDERS = ('datum = kleine_bestellungen["ordered_at"]\n'
          'q1_kunden = set(kleine_bestellungen.loc[(datum >= "2026-01-01") & (datum < "2026-04-01"), "customer_id"])\n'
          'q2_kunden = set(kleine_bestellungen.loc[(datum >= "2026-04-01") & (datum < "2026-07-01"), "customer_id"])\n')

# question id -> [(code that sets `falsch` as a learner might, expected mistake code)]
MISTAKES: dict[str, list[tuple[str, str]]] = {
    "1.1": [('falsch = ["A", "B", "D", "F"]', "not_smart_chosen"),
            ('falsch = ["B", "D"]', "smart_missed"),
            ('falsch = "B, Z"', "unknown_goal")],
    "1.2": [('falsch = {"statement": "Mehr Neukunden gewinnen", "kpi": "new_customers"}', "not_smart"),
            ('falsch = {"statement": "Bis 30.06.2027 40 Neukunden pro Quartal", "kpi": "new_customers", '
             '"target": 40, "per": "quarter", "deadline": "2027-06-30"}', "target_too_low"),
            ('falsch = {"statement": "Bis 30.06.2027 500 Neukunden pro Quartal", "kpi": "new_customers", '
             '"target": 500, "per": "quarter", "deadline": "30.06.2027"}', "target_unrealistic"),
            ('falsch = {"statement": "Bis 30.06.2027 100 Leads pro Quartal", "kpi": "leads", '
             '"target": 100, "per": "quarter", "deadline": "2027-06-30"}', "wrong_kpi"),
            ('falsch = {"statement": "Bis 31.01.2026 100 Neukunden pro Quartal", "kpi": "new_customers", '
             '"target": 100, "per": "quarter", "deadline": "2026-01-31"}', "deadline_past"),
            ('falsch = {"statement": "Mehr Neukunden", "kpi": "new_customers", '
             '"target": 100, "per": "quarter", "deadline": "2027-06-30"}', "statement_vague")],
    "1.3": [("falsch = list(kp.KPIS)[:9]", "too_many"),
            ('falsch = ["new_customers", "close_rate", "cac", "reach"]', "vanity"),
            ('falsch = ["new_customers", "close_rate"]', "too_few"),
            ('falsch = ["new_customers", "close_rate", "leads"]', "goal_uncovered"),
            ('falsch = ["new_customer", "close_rate", "cac"]', "unknown_kpi")],
    "2.1": [(f"falsch = int(({WON_2025}).sum())", "won_deals_counted"),
            (f'falsch = kleine_deals.loc[{WON_2025}, "customer_id"].nunique()', "existing_customers_counted"),
            ('falsch = "drei"', "not_a_number")],
    "2.2": [('falsch = orders.loc[orders["ordered_at"].dt.year == 2025, "revenue"].mean()', "per_order"),
            ('falsch = orders.loc[orders["ordered_at"].dt.year == 2025, "revenue"].sum() '
             '/ orders["customer_id"].nunique()', "all_time_customers")],
    "2.3": [(f"falsch = ({WON_2025}).sum() / len(kleine_deals)", "won_over_all_rows"),
            (f'falsch = ({WON_2025}).sum() / (({WON_2025}) | ({LOST_2025}) | (kleine_deals["status"] == "open")).sum()',
             "won_over_all"),
            (f"falsch = ({LOST_2025}).sum() / (({WON_2025}) | ({LOST_2025})).sum()", "loss_rate"),
            (f"falsch = 100 * ({WON_2025}).sum() / (({WON_2025}) | ({LOST_2025})).sum()", "percent")],
    "2.4": [(f'falsch = (deals[{Q3}]["status"] == "won").sum() / ((deals["created_at"] >= "2026-07-01") '
             '& (deals["created_at"] < "2026-10-01")).sum()', "won_over_created"),
            (f'falsch = (deals[{Q3}]["status"] == "lost").sum() / deals[{Q3}]["status"].isin(["won", "lost"]).sum()',
             "loss_rate")],
    "3.1": [(f'g = {GOOGLE}\nfalsch = (g["leads"] / g["clicks"]).mean()', "mean_of_daily_rates"),
            (f'g = {GOOGLE}\nfalsch = g["clicks"].sum() / g["impressions"].sum()', "ctr"),
            ('c = campaigns[campaigns["date"].dt.year == 2025]\nfalsch = c["leads"].sum() / c["clicks"].sum()',
             "all_channels")],
    "3.2": [('falsch = neukunden_2025 / (leads["created_at"].dt.year == 2025).sum()', "new_customers_over_leads"),
            ('l25 = leads[leads["created_at"].dt.year == 2025]\n'
             'falsch = deals.loc[deals["lead_id"].isin(l25["lead_id"]), "lead_id"].nunique() / len(l25)',
             "stage_deal_only")],
    "3.3": [(f"falsch = {SPEND} / neukunden_2025", "ad_spend_only"),
            (f'c = {COSTS}\nfalsch = ({SPEND} + c.loc[c["category"] == "marketing", "amount"].sum()) / neukunden_2025',
             "marketing_only"),
            (f'c = {COSTS}\nwon = ((deals["status"] == "won") & (deals["closed_at"].dt.year == 2025)).sum()\n'
             f'falsch = ({SPEND} + c["amount"].sum()) / won', "per_won_deal")],
    "3.4": [('s = campaigns[campaigns["date"].dt.year == 2025].groupby("channel")[["spend", "leads"]].sum()\n'
             'falsch = (s["spend"] / s["leads"]).loc[list(neukunden_pro_kanal.index)]', "cost_per_lead"),
            (f'c = {COSTS}\nfalsch = dict.fromkeys(neukunden_pro_kanal.index, '
             f'({SPEND} + c["amount"].sum()) / neukunden_2025)', "overall_cac"),
            ('s = campaigns[campaigns["date"].dt.year == 2025].groupby("channel")["spend"].sum()\n'
             'falsch = {**(s / neukunden_pro_kanal).dropna().to_dict(), "Website": 0}', "organic_zero"),
            ('falsch = {"Google Ads": 977.0}', "channel_missing")],
    "3.5": [('r = kp.compute_kpis(firma, "reach", period="year", by="channel")\n'
             'r = r[(r["period"] == "2025-01-01") & r["segment"].isin(neukunden_pro_kanal.index)]\n'
             'falsch = r.set_index("segment")["value"].idxmax()', "chose_reach"),
            ('falsch = "Xing"', "unknown_channel")],
    "4.1": [('falsch = "A"', "option_A"), ('falsch = "C"', "option_C"), ('falsch = "Z"', "unknown_option")],
    "4.2": [("falsch = 0", "enough_already"), ("falsch = 6", "total_not_more"), ("falsch = 13", "weeks")],
    "4.3": [('falsch = "A"', "option_A"), ('falsch = "c)"', "option_C"), ('falsch = "D"', "option_D")],
    "4.4": [('falsch = firma.campaigns.groupby("channel")["spend"].sum().idxmax()', "largest_spend"),
            ('falsch = "Meta Ads"', "wrong_channel")],
    "4.5": [('falsch = ["neukunden", "abschlussrate"]', "direction"),
            ('falsch = ["neukunden", "cac"]', "missed_goal"),
            ('falsch = ["umsatz"]', "unknown_goal")],
    "4.6": [('falsch = "A"', "option_A"), ('falsch = "B"', "option_B"), ('falsch = "D"', "option_D")],
    "5.1": [(f"{ORDERS}falsch = len(q1_kunden & q2_kunden) / len(q2_kunden)", "current_quarter"),
            (f"{ORDERS}falsch = len(q2_kunden) / len(q1_kunden)", "new_counted"),
            (f"{ORDERS}falsch = len(q2_kunden) / len(q1_kunden | q2_kunden)", "new_counted"),
            (f'{ORDERS}b = kleine_bestellungen[(datum >= "2026-01-01") & (datum < "2026-04-01")]\n'
             'falsch = b["customer_id"].isin(q2_kunden).sum() / len(b)', "orders_counted"),
            (f'{ORDERS}q4 = set(kleine_bestellungen.loc[datum < "2026-01-01", "customer_id"])\n'
             "falsch = len(q4 & q1_kunden) / len(q4)", "wrong_quarters"),
            (f"{ORDERS}falsch = len(q1_kunden - q2_kunden) / len(q1_kunden)", "churn_given"),
            (f"{ORDERS}falsch = 100 * len(q1_kunden & q2_kunden) / len(q1_kunden)", "percent")],
    "5.2": [(f"{ORDERS}falsch = len(q1_kunden & q2_kunden) / len(q1_kunden)", "retention_given"),
            (f"{ORDERS}falsch = len(q2_kunden - q1_kunden) / len(q1_kunden)", "new_over_active"),
            (f"{ORDERS}falsch = len(q2_kunden - q1_kunden) / len(q2_kunden)", "new_over_active"),
            (f"{ORDERS}falsch = 1 - len(q1_kunden & q2_kunden) / len(q2_kunden)", "new_over_active"),
            (f"{ORDERS}falsch = len(q1_kunden - q2_kunden) / len(q2_kunden)", "current_quarter"),
            (f"{ORDERS}falsch = 100 * len(q1_kunden - q2_kunden) / len(q1_kunden)", "percent")],
    "5.3": [('verlust = trichter.shift(1) - trichter\nstufe = verlust.idxmax()\n'
             'falsch = f"{trichter.index[trichter.index.get_loc(stufe) - 1]} → {stufe}"', "largest_absolute"),
            ('falsch = "Sitzungen -> Leads"', "largest_absolute"),
            ('quote = trichter / trichter.shift(1)\nstufe = quote.idxmax()\n'
             'falsch = f"{trichter.index[trichter.index.get_loc(stufe) - 1]} → {stufe}"', "highest_rate"),
            ('anteil = trichter / trichter.iloc[0]\nstufe = anteil.idxmin()\n'
             'falsch = (trichter.index[trichter.index.get_loc(stufe) - 1], stufe)', "highest_rate"),
            ('falsch = "deals → won"', "wrong_step"),
            ("falsch = (trichter / trichter.shift(1)).idxmin()", "one_stage"),
            ('falsch = "sessions → deals"', "not_a_step"),
            ("falsch = (trichter / trichter.shift(1)).min()", "not_a_step")],
}
CASES = [(qid, code, outcome) for qid, items in MISTAKES.items() for code, outcome in items]


@pytest.fixture(autouse=True)
def _fresh_state():
    """German by default and no progress carried over between tests."""
    outcomes.set_lang("de")
    for mod in MODULES.values():
        mod.EXERCISE.reset()
    yield
    outcomes.set_lang("de")


def run(code: str, mod) -> object:
    ns = mod.namespace()
    exec(code, ns)  # noqa: S102  (our own test snippets)
    return ns


def solution_answer(q, mod) -> object:
    return run(q.solution_code, mod)[q.var]


# --- the registry ------------------------------------------------------------------------------------------------
def test_at_least_twelve_questions_in_ordered_notebooks():
    assert len(QUESTIONS) >= 12
    assert [p.stem for p in NOTEBOOKS] == [m.NOTEBOOK for m in MODULES.values()]
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, len(NOTEBOOKS) + 1)]


def test_every_question_has_mistakes():
    assert set(MISTAKES) == set(QUESTIONS), "add typical mistakes for every question to MISTAKES"


# --- pass, blank, fail: for every question ---------------------------------------------------------------------
@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_solution_passes(qid):
    mod, q = QUESTIONS[qid]
    result = q.check(solution_answer(q, mod))
    assert result.status == "correct", result.message
    assert result and result.code == "ok"


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
@pytest.mark.parametrize("blank", [None, ..., "", "   ", []], ids=["None", "Ellipsis", "empty", "spaces", "list"])
def test_blank_is_not_attempted(qid, blank):
    _, q = QUESTIONS[qid]
    result = q.check(blank)
    assert result.status == "not_attempted"
    assert not result
    assert "..." in result.message
    assert q.attempts == 0


@pytest.mark.parametrize(("qid", "code", "outcome"), CASES, ids=[f"{q}-{o}" for q, _, o in CASES])
def test_typical_mistake_fails_with_its_message(qid, code, outcome):
    mod, q = QUESTIONS[qid]
    answer = run(code, mod)["falsch"]
    result = q.check(answer)
    assert result.status == "incorrect", f"{qid}: {answer!r} passed"
    assert result.code == outcome, result.message
    de, en = q.evaluate(answer).text["de"], q.evaluate(answer).text["en"]
    assert de and en and de != en
    assert result.message == de


NUMBER_QUESTIONS = {"2.2": "expected_revenue_per_customer", "2.3": "expected_small_close_rate",
                    "2.4": "expected_q3_close_rate", "3.1": "expected_conversion_rate",
                    "3.2": "expected_lead_to_customer", "3.3": "expected_cac", "5.1": "expected_retention",
                    "5.2": "expected_churn"}


@pytest.mark.parametrize(("qid", "code", "outcome"), [c for c in CASES if c[0] in NUMBER_QUESTIONS])
def test_mistake_messages_do_not_give_the_answer_away(qid, code, outcome):
    mod, q = QUESTIONS[qid]
    expected = getattr(mod, NUMBER_QUESTIONS[qid])()
    text = " ".join(q.evaluate(run(code, mod)["falsch"]).text.values())
    shown = [f"{expected:.3f}", f"{expected * 100:.1f}"] if expected < 1 else [f"{expected:.2f}", f"{expected:.0f}",
                                                                         f"{expected:,.0f}".replace(",", "'")]
    for number in shown:
        assert number not in text


def test_choice_messages_do_not_name_the_right_letter():
    for qid in ("4.1", "4.3", "4.6"):
        mod, q = QUESTIONS[qid]
        right = solution_answer(q, mod)
        for code, outcome in MISTAKES[qid]:
            if outcome == "unknown_option":  # lists the allowed letters
                continue
            text = " ".join(q.evaluate(run(code, mod)["falsch"]).text.values())
            assert f"«{right}»" not in text and f" {right} " not in text


def test_expected_answers_are_computed_by_the_engine():
    """Changing the data moves the expected answer: nothing is hard-coded."""
    import dataclasses

    from kpikit.exercises import data, ex02_sales

    demo = data.demo()
    deals = demo.deals.copy()
    q3 = (deals["closed_at"] >= "2026-07-01") & (deals["closed_at"] < "2026-10-01") & deals["status"].eq("lost")
    deals.loc[q3, "status"] = "won"
    changed = dataclasses.replace(demo, tables={**demo.tables, "deals": deals})
    assert data.kpi("close_rate", "2026-07-01", grain="quarter", company=changed)[0] == 1.0
    assert ex02_sales.expected_q3_close_rate() < 0.5


# --- exercise 5: retention, churn and the funnel's largest drop, against hand counts ------------------------------
def test_retention_and_churn_equal_a_hand_count():
    """Q1 2026: K01–K08 ordered; K01–K06 ordered again in Q2; K09–K12 are new in Q2; K13 ordered in Q4 2025 only."""
    from kpikit.exercises import ex05_customers as ex5

    orders = ex5.small_orders()
    assert len(orders) == 23 and orders["ordered_at"].dtype == "datetime64[us]"
    assert sorted(ex5.active(orders, "2026-01-01", "2026-04-01")) == [f"K0{i}" for i in range(1, 9)]
    assert ex5.expected_retention() == 6 / 8
    assert ex5.expected_churn() == 2 / 8
    assert ex5.expected_retention() + ex5.expected_churn() == 1


def test_retention_moves_with_the_data():
    """Nothing hard-coded: a lost customer who orders again in Q2 raises retention; a new customer changes nothing."""
    import pandas as pd

    from kpikit.exercises import ex05_customers as ex5

    orders = ex5.small_orders()
    extra = pd.DataFrame({"order_id": ["B24", "B25"], "customer_id": ["K07", "K99"], "revenue": [100, 200],
                          "ordered_at": pd.to_datetime(["2026-05-01", "2026-05-02"]).astype("datetime64[us]")})
    assert ex5.expected_retention(pd.concat([orders, extra.iloc[[0]]])) == 7 / 8
    assert ex5.expected_retention(pd.concat([orders, extra.iloc[[1]]])) == 6 / 8
    assert ex5.expected_churn(pd.concat([orders, extra.iloc[[0]]])) == 1 / 8


def test_every_trap_of_exercise_5_differs_from_the_answer():
    """A trap equal to the right answer would let a mistake pass (or fail a right answer): all values differ."""
    from kpikit.exercises import answers
    from kpikit.exercises import ex05_customers as ex5

    for expected, traps in ((ex5.expected_retention(), ex5._retention_traps()), (ex5.expected_churn(),
                                                                                 ex5._churn_traps())):
        assert not any(answers.same(trap.value, expected, "ratio") for trap in traps)
        codes = {}
        for trap in traps:  # two traps with one value must share a code, or the second never shows
            assert codes.setdefault(round(trap.value, 6), trap.code) == trap.code


def test_the_largest_drop_is_the_lowest_rate_not_the_largest_loss():
    """Hand count: 400/5000 = 8 %, 20/400 = 5 %, 8/20 = 40 %, 7/8 = 87.5 %; the largest loss is 4600 sessions."""
    import pandas as pd

    from kpikit.exercises import ex05_customers as ex5

    assert ex5.step_rates().to_dict() == {"sessions → leads": 0.08, "leads → deals": 0.05, "deals → won": 0.4,
                                          "won → customers": 0.875}
    assert ex5.expected_drop_step() == "leads → deals"
    assert ex5._largest_absolute_loss() == "sessions → leads"
    other = pd.Series([5000, 300, 60, 12, 11], index=list(ex5.STAGES))  # 6 %, 20 %, 20 %, 92 %
    assert ex5.expected_drop_step(other) == "sessions → leads"


def test_funnel_steps_are_read_in_many_spellings():
    from kpikit.exercises import ex05_customers as ex5

    q = ex5.q3
    for answer in ("leads → deals", "Leads -> Deals", " leads>deals ", "leads - deals", "leads to deals",
                   "Leads zu Deals", "leads, deals", ("leads", "deals"), ["LEADS", "Deals"]):
        assert q.check(answer).correct, answer
    assert q.check("Sitzungen → Leads").code == "largest_absolute"
    assert q.check("gewonnen → Kunden").code == "highest_rate"
    assert q.check("deals → leads").code == "not_a_step"  # backwards
    assert q.check("leads → deals → won").code == "not_a_step"
    assert q.check("leads → kasse").code == "not_a_step"
    assert "sessions → leads, leads → deals" in q.check(0.05).message
    assert q.check("deals").code == "one_stage" and "deals" in q.check("deals", lang="en").message


def test_funnel_messages_do_not_name_the_right_step():
    mod, q = QUESTIONS["5.3"]
    right = solution_answer(q, mod)
    for code, outcome in MISTAKES["5.3"]:
        if outcome == "not_a_step":  # lists every step
            continue
        text = " ".join(q.evaluate(run(code, mod)["falsch"]).text.values())
        assert right not in text and "leads → deals" not in text


# --- answers, numbers and displays ------------------------------------------------------------------------------
def test_answer_is_passed_explicitly_not_found_in_globals():
    mod, q = QUESTIONS["2.1"]
    antwort_1 = solution_answer(q, mod)  # a correct answer in the caller's namespace is not looked for
    assert q.check(antwort_1).status == "correct"
    assert q.check().status == "not_attempted"


def test_numbers_from_pandas_and_numpy_are_accepted():
    import numpy as np
    import pandas as pd

    mod, q = QUESTIONS["2.3"]
    right = float(solution_answer(q, mod))
    assert q.check(np.float64(right)).correct
    assert q.check(pd.Series([right])).correct
    assert q.check(round(right, 3)).correct
    assert q.check(pd.Series([right, right])).code == "not_a_number"
    assert q.check(float("nan")).code == "nan"
    assert q.check(True).code == "not_a_number"


def test_answers_in_other_shapes_are_understood():
    import datetime as dt

    import pandas as pd

    mod, q = QUESTIONS["1.2"]
    goal = solution_answer(q, mod)
    assert q.check({**goal, "deadline": pd.Timestamp("2027-06-30")}).correct
    assert q.check({**goal, "deadline": dt.date(2027, 6, 30), "target": "100"}).correct
    assert q.check({**goal, "deadline": "nächstes Jahr"}).code == "bad_deadline"
    assert q.check({**goal, "frist": "2027-06-30"}).code == "unknown_key"
    assert q.check("mehr Neukunden").code == "not_a_goal"
    assert QUESTIONS["1.3"][1].check("new_customers, close_rate, cac").correct
    assert QUESTIONS["1.3"][1].check(["cac", "cac", "close_rate", "new_customers"]).correct
    assert QUESTIONS["4.5"][1].check("neukunden, abschlussrate, cac").correct
    assert QUESTIONS["4.6"][1].check(" c) ").correct
    assert QUESTIONS["4.6"][1].check("Antwort C").code == "unknown_option"
    mod, q = QUESTIONS["3.4"]
    assert q.check({k.lower(): v for k, v in solution_answer(q, mod).items()}).correct


def test_close_but_not_exact_says_round_later():
    mod, q = QUESTIONS["3.3"]
    assert q.check(solution_answer(q, mod) * 1.01).code == "rounded"
    assert q.check(solution_answer(q, mod) * 3).code == "wrong_value"


def test_result_displays_in_jupyter_and_as_text():
    mod, q = QUESTIONS["2.3"]
    ok = q.check(solution_answer(q, mod))
    bad = q.check(0.99)
    assert "Richtig" in ok._repr_html_() and "#15803d" in ok._repr_html_()
    assert "Noch nicht richtig" in bad._repr_html_() and bad.message in bad._repr_html_().replace("&#x27;", "'")
    assert str(bad).startswith("Aufgabe 2.3 – Noch nicht richtig:")


# --- languages ----------------------------------------------------------------------------------------------------
def test_english_messages_by_set_lang_and_per_call():
    mod, q = QUESTIONS["2.3"]
    wrong_answer = run(MISTAKES["2.3"][0][0], mod)["falsch"]
    de = q.check(wrong_answer)
    assert "Offene Deals" in de.message
    exercises.set_lang("en")
    en = q.check(wrong_answer)
    assert en.lang == "en" and "Open deals" in en.message and str(en).startswith("Question 2.3 – Not quite")
    assert "Hint 1 of" in str(q.hint())
    assert str(q.solution()).startswith("Solution:")
    assert "of" in str(mod.progress())
    assert q.check(wrong_answer, lang="de").message == de.message
    with pytest.raises(ValueError, match="Must be one of"):
        exercises.set_lang("fr")


def test_english_from_the_environment(monkeypatch):
    monkeypatch.setitem(outcomes._STATE, "lang", None)
    monkeypatch.setenv("KPIKIT_LANG", "en")
    assert exercises.get_lang() == "en"
    assert QUESTIONS["4.2"][1].check(None).message.startswith("Replace")


def test_every_text_has_both_languages_and_swiss_spelling():
    texts = []
    for _mod, q in QUESTIONS.values():
        texts += [q.title, q.solution_text, *q.hints]
    for qid, items in MISTAKES.items():
        mod, q = QUESTIONS[qid]
        texts += [q.evaluate(run(code, mod)["falsch"]).text for code, _ in items]
    texts += list(exercise_messages.MESSAGES.values())  # the exercises' interface texts
    for text in texts:
        assert set(text) == {"de", "en"} and all(text.values()), text
        assert "ß" not in text["de"], text["de"]
    for path in [*ROOT.glob("kpikit/exercises/*.py"), *NOTEBOOKS, ROOT / "exercises" / "README.md"]:
        assert "ß" not in path.read_text(encoding="utf-8"), path


# --- hints, solutions, progress ----------------------------------------------------------------------------------
def test_hints_are_staged():
    _, q = QUESTIONS["2.1"]
    assert len(q.hints) >= 2
    shown = [str(q.hint()) for _ in range(len(q.hints) + 1)]
    assert shown[0].startswith(f"Hinweis 1 von {len(q.hints)}:")
    assert shown[1].startswith(f"Hinweis 2 von {len(q.hints)}:")
    assert shown[-1] == shown[-2] and "q1.solution()" in shown[-1]
    assert q.hints_seen == len(q.hints)
    assert str(q.hint(1)).startswith("Hinweis 1")
    with pytest.raises(ValueError, match="Must be between 1 and"):
        q.hint(0)
    assert q.hint()._repr_markdown_().startswith("**Hinweis")


SHELL_CELLS = """
import json
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config
config = Config()
config.HistoryManager.enabled = False
shell = InteractiveShell.instance(config=config)
shell.run_cell("from kpikit.exercises.ex02_sales import q1")
shown = []
for cell in ("q1.hint()\\nq1.hint()", "h = q1.hint(1)", "h"):
    with capture_output() as cap:
        shell.run_cell(cell, store_history=True)
    shown.append([o.data["text/plain"] for o in cap.outputs])
print(json.dumps(shown))
"""


def test_two_hints_in_one_cell_show_both(tmp_path):
    """An IPython shell runs the cells: each hint shows once, however many a cell asks for."""
    import json

    env = {**__import__("os").environ, "IPYTHONDIR": str(tmp_path), "KPIKIT_LANG": "de"}
    proc = subprocess.run([sys.executable, "-c", SHELL_CELLS], capture_output=True, text=True, check=False, env=env)
    assert proc.returncode == 0, proc.stderr
    both, assigned, again = json.loads(proc.stdout.splitlines()[-1])
    assert [text.split(":")[0] for text in both] == ["Hinweis 1 von 3", "Hinweis 2 von 3"]
    assert [text.split(":")[0] for text in assigned] == ["Hinweis 1 von 3"]
    assert again == assigned  # a note shown in an earlier cell shows again when asked for


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_every_question_has_hints_and_a_solution(qid):
    _, q = QUESTIONS[qid]
    assert len(q.hints) >= 2
    assert q.solution_text["de"] and q.solution_code
    solution = q.solution()
    assert q.solution_seen and q.solution_code in solution.body and "```python" in solution.body


def test_progress_summary_per_notebook():
    mod = MODULES["ex02_sales"]
    q1, q2, q3 = mod.q1, mod.q2, mod.q3
    q1.check(solution_answer(q1, mod))
    q2.check(1.0)
    q3.hint()
    records = {r["question"]: r for r in mod.progress().records()}
    assert [records[k]["status"] for k in ("2.1", "2.2", "2.3", "2.4")] == [
        "correct", "incorrect", "not_attempted", "not_attempted"]
    assert records["2.3"]["hints"] == 1 and records["2.2"]["attempts"] == 1
    progress = mod.progress()
    assert (progress.done, progress.total) == (1, 4)
    assert progress.summary() == "1 von 4 Aufgaben richtig"
    assert "Richtig" in progress._repr_html_() and "2.4" in str(progress)
    for q in mod.EXERCISE.questions:
        q.check(solution_answer(q, mod))
    assert mod.progress(lang="en").summary() == "All questions solved – well done!"
    overall = exercises.progress()
    assert {r["notebook"] for r in overall.records()} == {m.NOTEBOOK for m in MODULES.values()}
    assert overall.done == 4


def test_proofs_in_notebooks_do_not_count_as_progress():
    mod, q = QUESTIONS["4.2"]
    q.check(solution_answer(q, mod))
    q.expect(None, "not_attempted")
    q.expect(0, "enough_already")
    assert q.status == "correct"
    with pytest.raises(AssertionError, match="expected 'correct'"):
        q.expect(0, "correct")


# --- notebooks and the learners' copies ---------------------------------------------------------------------------
def _cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_has_check_and_solution_for_every_question(path):
    mod = next(m for m in MODULES.values() if m.NOTEBOOK == path.stem)
    cells = _cells(path)
    code = [c.source for c in cells if c.cell_type == "code"]
    solutions = "\n".join(c.source for c in cells if SOLUTION_TAG in c.metadata.get("tags", []))
    assert sum("# Einrichtung" in c for c in code) == 1
    for q in mod.EXERCISE.questions:
        assert f"{q.name}.check({q.var})" in code, q.id
        assert f"{q.var} = ..." in "\n".join(code), q.id
        assert q.solution_code in solutions, f"{q.id}: the notebook's solution differs from q.solution()"
        assert f'{q.name}.expect(..., "not_attempted")' in solutions
    assert any(c.strip() == "ex.progress()" for c in code)


def test_export_strips_solution_cells(tmp_path):
    written = export(tmp_path / "lernende")
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    assert (tmp_path / "lernende" / "README.md").is_file()
    for full, copy in zip(NOTEBOOKS, written, strict=True):
        cells = _cells(copy)
        text = "\n".join(c.source for c in cells)
        assert not any(SOLUTION_TAG in c.metadata.get("tags", []) for c in cells)
        assert ".expect(" not in text and "# Lösung" not in text
        assert all(not c.get("outputs") for c in cells if c.cell_type == "code")
        removed = sum(SOLUTION_TAG in c.metadata.get("tags", []) for c in _cells(full))
        assert len(cells) == len(_cells(full)) - removed
        assert re.search(r"q1\.check\(antwort_1\)", text)


def test_learner_copy_of_a_notebook_node_clears_outputs():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("print(2)", execution_count=3, outputs=[{"output_type": "stream", "name": "stdout",
                                                                          "text": "2"}])])
    copy = learner_notebook(nb)
    assert [c.source for c in copy.cells] == ["print(2)"]
    assert copy.cells[0].outputs == [] and copy.cells[0].execution_count is None
    assert len(nb.cells) == 2  # the original is untouched


def test_export_refuses_to_overwrite_the_full_notebooks(tmp_path):
    with pytest.raises(ValueError, match="Must be another folder"):
        export(ROOT / "exercises")
    with pytest.raises(FileNotFoundError, match="No exercise notebooks"):
        export(tmp_path / "out", source=tmp_path)


def test_export_command_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kpikit.exercises", "export", str(tmp_path / "kopie")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == len(NOTEBOOKS)
    bad = subprocess.run([sys.executable, "-m", "kpikit.exercises", "export", str(ROOT / "exercises")],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "Must be another folder" in bad.stderr


@pytest.mark.slow
def test_learner_copy_runs_top_to_bottom(tmp_path):
    """A learner who runs everything unchanged sees 'not attempted' everywhere, and no error."""
    from nbclient import NotebookClient

    path = export(tmp_path)[1]
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert shown.count("Noch nicht bearbeitet") >= 4
    assert "0 von 4 Aufgaben richtig" in shown


@pytest.mark.slow
def test_learner_copy_of_exercise_5_runs_without_the_demo_company(tmp_path):
    """Exercise 5 works on its own small tables: unchanged, it shows 'not attempted' three times, and no error."""
    from nbclient import NotebookClient

    path = next(p for p in export(tmp_path) if p.stem == MODULES["ex05_customers"].NOTEBOOK)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert all(f"Aufgabe 5.{i} – Noch nicht bearbeitet" in shown for i in (1, 2, 3))
    assert "0 von 3 Aufgaben richtig" in shown and "K13" in shown and "customers" in shown


def test_demo_loads_lazily_and_once():
    code = ("import kpikit.exercises.ex03_marketing as m, kpikit.exercises.data as d;"
            "assert d.demo.cache_info().currsize == 0;"
            "m.q1.check(None); assert d.demo.cache_info().currsize == 0;"
            "a = d.demo(); m.q1.check(0.5); assert d.demo() is a and d.demo.cache_info().misses == 1;"
            "assert d.company() is d.company() and d.company() is not a")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_learners_changing_their_tables_do_not_move_the_expected_answer():
    mod, q = QUESTIONS["2.4"]
    right = solution_answer(q, mod)
    ns = mod.namespace()
    ns["deals"].loc[:, "status"] = "won"
    assert q.check(right).correct
