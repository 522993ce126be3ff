"""Exercises for learners, in the style of Kaggle's learntools: check, hint, solution, progress.

Each exercise notebook in ``exercises/`` has a module here (``ex01_goals`` … ``ex05_customers``) with
its questions ``q1``, ``q2``, … and a ``progress()`` summary. The answer is always passed
explicitly::

    from kpikit.exercises.ex02_sales import q1
    q1.check(antwort_1)     # not attempted, incorrect (says what is wrong) or correct
    q1.hint()               # first hint; call again for the next one
    q1.solution()           # the solution with its code

Messages are German by default; ``set_lang("en")`` switches every message to English. The demo
company loads on first use, once per process. ``python -m kpikit.exercises export DIR`` writes the
learners' copies of the notebooks, without the cells tagged ``solution``.

The machinery, by what it does: ``outcomes`` (the three outcomes, the texts and their language),
``answers`` (reading numbers, letters and names, with typical mistakes), ``questions`` (check, hint,
solution), ``notebooks`` (the questions of a notebook and the progress), ``data`` (the demo company
and what the questions compute from it), ``export`` (the learners' copies).
"""

from kpikit.exercises.notebooks import Exercise, progress
from kpikit.exercises.outcomes import CORRECT, INCORRECT, NOT_ATTEMPTED, STATUSES, get_lang, set_lang
from kpikit.exercises.questions import CheckResult, Question

MODULES = ("ex01_goals", "ex02_sales", "ex03_marketing", "ex04_trends", "ex05_customers")

__all__ = [
    "CORRECT",
    "INCORRECT",
    "MODULES",
    "NOT_ATTEMPTED",
    "STATUSES",
    "CheckResult",
    "Exercise",
    "Question",
    "get_lang",
    "progress",
    "set_lang",
]
