"""Questions, check results, staged hints, solutions and progress: the machinery of the exercises.

A ``Question`` is checked with an answer passed explicitly (``q.check(answer)``); it never looks
for variables in the caller's namespace. The result has a machine-readable ``status``:

- ``not_attempted``: the answer is ``None``, ``...`` or blank;
- ``incorrect``: a ``code`` names the mistake, the message points at it without giving the answer;
- ``correct``.

>>> q = Question("0.1", {"de": "Test", "en": "Test"},
...              lambda a: correct() if a == 42 else wrong("off", {"de": "Nein.", "en": "No."}),
...              hints=[{"de": "Sechs mal sieben.", "en": "Six times seven."}])
>>> q.check(...).status, q.check(41, lang="en").message, bool(q.check(42))
('not_attempted', 'No.', True)
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kpikit.core.i18n import LANGS, check_lang, default_lang

NOT_ATTEMPTED, INCORRECT, CORRECT = "not_attempted", "incorrect", "correct"
STATUSES = (NOT_ATTEMPTED, INCORRECT, CORRECT)

Text = dict[str, str]  # one message in every language: {"de": …, "en": …}

_STATE: dict[str, str | None] = {"lang": None}


def set_lang(lang: str) -> str:
    """Language of all check messages, hints and solutions from now on ("de" or "en").

    >>> set_lang("en"), get_lang(), set_lang("de")
    ('en', 'en', 'de')
    """
    _STATE["lang"] = check_lang(lang)
    return lang


def get_lang() -> str:
    """The language set with ``set_lang``, else ``$KPIKIT_LANG``, else German."""
    return _STATE["lang"] or default_lang()


def _lang(lang: str | None) -> str:
    return check_lang(lang) if lang is not None else get_lang()


UI: dict[str, Text] = {
    NOT_ATTEMPTED: {"de": "Noch nicht bearbeitet", "en": "Not attempted"},
    INCORRECT: {"de": "Noch nicht richtig", "en": "Not quite"},
    CORRECT: {"de": "Richtig", "en": "Correct"},
    "blank": {
        "de": "Ersetzen Sie «...» (bzw. None) in der Antwortzelle durch Ihre Antwort und führen Sie "
              "die Zelle erneut aus.",
        "en": "Replace '...' (or None) in the answer cell with your answer and run the cell again.",
    },
    "hint": {"de": "Hinweis {n} von {total}", "en": "Hint {n} of {total}"},
    "last_hint": {
        "de": "Das war der letzte Hinweis. Die Lösung zeigt {q}.solution().",
        "en": "That was the last hint. {q}.solution() shows the solution.",
    },
    "no_hint": {"de": "Zu dieser Aufgabe gibt es keinen Hinweis.", "en": "This question has no hint."},
    "solution": {"de": "Lösung", "en": "Solution"},
    "question": {"de": "Aufgabe", "en": "Question"},
    "status": {"de": "Stand", "en": "Status"},
    "attempts": {"de": "Versuche", "en": "Attempts"},
    "hints": {"de": "Hinweise", "en": "Hints"},
    "solution_seen": {"de": "Lösung angesehen", "en": "Solution viewed"},
    "yes": {"de": "ja", "en": "yes"},
    "no": {"de": "nein", "en": "no"},
    "summary": {"de": "{done} von {total} Aufgaben richtig", "en": "{done} of {total} questions correct"},
    "all_done": {"de": "Alle Aufgaben gelöst – gratuliere!", "en": "All questions solved – well done!"},
    "none_loaded": {"de": "Noch keine Übung geladen.", "en": "No exercise loaded yet."},
}


def ui(key: str, lang: str, **params: object) -> str:
    """One interface text of the exercises in ``lang``."""
    return UI[key][lang].format(**params)


# --- outcomes of an evaluation ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What an evaluation function decided: status, a mistake code and a message in every language."""

    status: str
    code: str
    text: Text = field(default_factory=dict)


def correct(text: Text | None = None) -> Outcome:
    """The answer is right; ``text`` may add a remark (e.g. what the number means)."""
    return Outcome(CORRECT, "ok", text or {})


def wrong(code: str, text: Text) -> Outcome:
    """The answer is wrong: ``code`` names the mistake, ``text`` points at it (de and en)."""
    missing = [lang for lang in LANGS if lang not in text]
    if missing:
        raise ValueError(f"Got a message without {missing} for mistake {code!r}. Must have {list(LANGS)}.")
    return Outcome(INCORRECT, code, text)


def is_blank(answer: object) -> bool:
    """Whether an answer counts as not attempted: None, ``...``, blank text or an empty collection.

    >>> [is_blank(a) for a in (None, ..., "  ", [], {}, 0, "B")]
    [True, True, True, True, True, False, False]
    """
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, list | tuple | set | frozenset | dict):
        return len(answer) == 0
    return False


# --- results and displays ------------------------------------------------------------------------------------
_COLOURS = {NOT_ATTEMPTED: ("#6b7280", "#f3f4f6"), INCORRECT: ("#b91c1c", "#fef2f2"), CORRECT: ("#15803d", "#f0fdf4")}


@dataclass(frozen=True)
class CheckResult:
    """The result of ``q.check(answer)``; shows as a coloured box in Jupyter.

    ``status`` is one of ``not_attempted``, ``incorrect``, ``correct``; ``code`` names the mistake
    (``ok`` when correct, ``blank`` when not attempted). ``bool(result)`` is True only when correct.
    """

    question: str
    status: str
    code: str
    message: str
    lang: str

    @property
    def correct(self) -> bool:
        """True when the answer is right."""
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        head = f"{ui('question', self.lang)} {self.question} – {ui(self.status, self.lang)}"
        return f"{head}: {self.message}" if self.message else head

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        fg, bg = _COLOURS[self.status]
        mark = {CORRECT: "✔", INCORRECT: "✘", NOT_ATTEMPTED: "…"}[self.status]
        msg = f"<br>{html.escape(self.message)}" if self.message else ""
        return (f'<div style="border-left:4px solid {fg};background:{bg};padding:6px 10px;margin:4px 0">'
                f'<b style="color:{fg}">{mark} {ui("question", self.lang)} {html.escape(self.question)}: '
                f"{ui(self.status, self.lang)}</b>{msg}</div>")


@dataclass(frozen=True)
class Note:
    """A hint or a solution: Markdown in Jupyter, plain text elsewhere."""

    title: str
    body: str

    def __str__(self) -> str:
        return f"{self.title}: {self.body}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        return f"**{self.title}:** {self.body}"


# --- questions ----------------------------------------------------------------------------------------------
class Question:
    """One exercise question.

    Parameters
    ----------
    id : str
        Shown to the learner, e.g. ``"2.3"`` (notebook 2, question 3).
    title : dict
        Short title in de and en.
    evaluate : callable
        Takes a non-blank answer and returns an ``Outcome`` (``correct()`` or ``wrong(code, text)``).
    hints : list of dict
        Staged hints, from a gentle nudge to almost the solution, each in de and en.
    solution : dict
        Explanation of the solution in de and en (Markdown).
    solution_code : str
        Code that computes the answer in the notebook's namespace; shown by ``solution()`` and run
        by the tests.
    var : str
        Name of the answer variable in the notebook (``q1.solution()`` names it).
    """

    def __init__(self, id: str, title: Text, evaluate: Callable[[object], Outcome], *,
                 hints: Iterable[Text] = (), solution: Text | None = None, solution_code: str = "",
                 var: str = "antwort", name: str = "q") -> None:
        self.id = id
        self.title = title
        self._evaluate = evaluate
        self.hints = list(hints)
        self.solution_text = solution or {"de": "", "en": ""}
        self.solution_code = solution_code.strip()
        self.var = var
        self.name = name
        self.reset()

    def reset(self) -> None:
        """Forget attempts, hints and solution views (progress starts afresh)."""
        self.attempts = 0
        self.last: CheckResult | None = None
        self.hints_seen = 0
        self.solution_seen = False

    def __repr__(self) -> str:
        return f"<Question {self.id}: {self.title['en']}>"

    def evaluate(self, answer: object = ...) -> Outcome:
        """The outcome for ``answer`` without recording progress."""
        if is_blank(answer):
            return Outcome(NOT_ATTEMPTED, "blank", UI["blank"])
        return self._evaluate(answer)

    def expect(self, answer: object, outcome: str) -> None:
        """Raise ``AssertionError`` unless ``answer`` gets ``outcome`` (a status or a mistake code).

        The full notebooks use it to prove that every check can fail; progress is not recorded.
        """
        got = self.evaluate(answer)
        if outcome not in (got.status, got.code):
            raise AssertionError(f"Question {self.id}: expected {outcome!r}, got status {got.status!r} "
                                 f"with code {got.code!r} for answer {answer!r}.")

    def check(self, answer: object = ..., *, lang: str | None = None) -> CheckResult:
        """Check ``answer``: not attempted, incorrect (with what is wrong) or correct."""
        lang = _lang(lang)
        outcome = self.evaluate(answer)
        message = outcome.text.get(lang, "") if outcome.text else ""
        if outcome.status == CORRECT and not message:
            message = {"de": "Gut gemacht.", "en": "Well done."}[lang]
        result = CheckResult(self.id, outcome.status, outcome.code, message, lang)
        if outcome.status != NOT_ATTEMPTED:
            self.attempts += 1
        self.last = result
        return result

    @property
    def status(self) -> str:
        """Status of the last check (``not_attempted`` before any)."""
        return self.last.status if self.last is not None else NOT_ATTEMPTED

    def hint(self, n: int | None = None, *, lang: str | None = None) -> Note:
        """The next hint (1st, 2nd, …) on each call; ``hint(n)`` shows hint ``n`` again."""
        lang = _lang(lang)
        total = len(self.hints)
        if not total:
            return Note(ui("hints", lang), ui("no_hint", lang))
        if n is None:
            n = min(self.hints_seen + 1, total)
        if not 1 <= n <= total:
            raise ValueError(f"Got n={n}. Must be between 1 and {total}.")
        self.hints_seen = max(self.hints_seen, n)
        body = self.hints[n - 1][lang]
        if n == total:
            body += " " + ui("last_hint", lang, q=self.name)
        return Note(ui("hint", lang, n=n, total=total), body)

    def solution(self, *, lang: str | None = None) -> Note:
        """The solution: the code and why it is right."""
        lang = _lang(lang)
        self.solution_seen = True
        code = f"\n\n```python\n{self.solution_code}\n```\n\n" if self.solution_code else " "
        return Note(ui("solution", lang), (code + self.solution_text[lang]).strip())


# --- notebooks and progress ----------------------------------------------------------------------------------
REGISTRY: dict[str, Exercise] = {}


class Exercise:
    """The questions of one notebook, in order; registered for the overall progress summary."""

    def __init__(self, notebook: str, title: Text, questions: list[Question]) -> None:
        self.notebook = notebook
        self.title = title
        self.questions = questions
        for i, q in enumerate(questions, start=1):
            q.name = f"q{i}"
        REGISTRY[notebook] = self

    def progress(self, *, lang: str | None = None) -> Progress:
        """Which questions are done, with attempts, hints seen and solution views."""
        return Progress([self], _lang(lang))

    def reset(self) -> None:
        """Forget all attempts of this notebook."""
        for q in self.questions:
            q.reset()


@dataclass
class Progress:
    """A progress summary; shows as a table in Jupyter. ``records()`` is machine-readable."""

    exercises: list[Exercise]
    lang: str

    def records(self) -> list[dict]:
        """One dict per question: notebook, question, title, status, attempts, hints, solution_seen."""
        return [{"notebook": ex.notebook, "question": q.id, "title": q.title[self.lang], "status": q.status,
                 "attempts": q.attempts, "hints": q.hints_seen, "solution_seen": q.solution_seen}
                for ex in self.exercises for q in ex.questions]

    @property
    def done(self) -> int:
        """Questions whose last check was correct."""
        return sum(r["status"] == CORRECT for r in self.records())

    @property
    def total(self) -> int:
        """Number of questions covered."""
        return len(self.records())

    def summary(self) -> str:
        """One line: how many questions are correct."""
        if not self.total:
            return ui("none_loaded", self.lang)
        if self.done == self.total:
            return ui("all_done", self.lang)
        return ui("summary", self.lang, done=self.done, total=self.total)

    def __str__(self) -> str:
        lines = [self.summary()]
        for r in self.records():
            mark = {CORRECT: "✔", INCORRECT: "✘", NOT_ATTEMPTED: "·"}[r["status"]]
            lines.append(f"  {mark} {r['question']:>4}  {r['title']}  ({ui(r['status'], self.lang)})")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        lang = self.lang
        head = "".join(f"<th style='text-align:left'>{ui(k, lang)}</th>"
                       for k in ("question", "status", "attempts", "hints", "solution_seen"))
        rows = []
        for r in self.records():
            fg, _ = _COLOURS[r["status"]]
            rows.append(
                f"<tr><td>{html.escape(r['question'])} {html.escape(r['title'])}</td>"
                f"<td style='color:{fg}'><b>{ui(r['status'], lang)}</b></td><td>{r['attempts']}</td>"
                f"<td>{r['hints']}</td><td>{ui('yes' if r['solution_seen'] else 'no', lang)}</td></tr>")
        return f"<p><b>{html.escape(self.summary())}</b></p><table><tr>{head}</tr>{''.join(rows)}</table>"


def progress(*, lang: str | None = None) -> Progress:
    """Progress over every exercise notebook loaded in this session."""
    return Progress(sorted(REGISTRY.values(), key=lambda e: e.notebook), _lang(lang))


# --- answer helpers ------------------------------------------------------------------------------------------
def as_number(answer: object) -> float | Outcome:
    """A single number from the answer (int, float, numpy scalar, one-element Series), else an Outcome.

    >>> as_number(3), as_number("drei").code
    (3.0, 'not_a_number')
    """
    if isinstance(answer, bool):
        return wrong("not_a_number", NOT_A_NUMBER)
    if hasattr(answer, "shape") and hasattr(answer, "__len__") and not isinstance(answer, str):
        try:
            if len(answer) != 1:
                return wrong("not_a_number", NOT_A_NUMBER)
            answer = answer.to_numpy().ravel()[0] if hasattr(answer, "to_numpy") else answer.ravel()[0]
        except TypeError:  # a 0-d numpy array has a shape but no length
            answer = answer.item()
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return wrong("not_a_number", NOT_A_NUMBER)
    if math.isnan(value):
        return wrong("nan", {"de": "Ihre Rechnung ergibt NaN (keine Zahl): Wahrscheinlich wird durch 0 geteilt "
                                   "oder ein Filter lässt keine Zeilen übrig. Prüfen Sie die Filter.",
                             "en": "Your calculation gives NaN (not a number): probably a division by 0, or a "
                                   "filter leaves no rows. Check the filters."})
    return value


NOT_A_NUMBER: Text = {
    "de": "Bitte eine einzelne Zahl angeben (z. B. 0.25 oder 1234.5), keinen Text und keine Tabelle.",
    "en": "Please give a single number (e.g. 0.25 or 1234.5), not text and not a table.",
}


def same(value: float, expected: float, unit: str) -> bool:
    """Whether ``value`` matches ``expected`` for this unit (rates to 0.05 points, money to 0.05 %)."""
    if unit == "count":
        return abs(value - expected) < 1e-9
    if unit == "ratio":  # 0.05 points, tighter for small rates (a 1.5 % rate is judged to 0.0075 points)
        return abs(value - expected) <= (min(5e-4, 5e-3 * abs(expected)) if expected else 1e-9)
    return abs(value - expected) <= max(5e-4 * abs(expected), 0.5)


@dataclass(frozen=True)
class Trap:
    """A typical mistake for a number question: the value it produces and what to say."""

    code: str
    value: float
    text: Text


def check_number(answer: object, expected: float, unit: str, traps: Iterable[Trap], otherwise: Text) -> Outcome:
    """Compare a number answer with ``expected`` and recognise typical mistakes.

    Checks in order: a number at all; the right value; each trap; a rate given in percent; a rate
    above 1; close but not exact (rounded too early); anything else gets ``otherwise``.
    """
    value = as_number(answer)
    if isinstance(value, Outcome):
        return value
    if same(value, expected, unit):
        return correct()
    for trap in traps:
        if not math.isnan(trap.value) and same(value, trap.value, unit):
            return wrong(trap.code, trap.text)
    if unit == "ratio" and same(value / 100, expected, "ratio"):
        return wrong("percent", {"de": "Sie haben Prozent angegeben. Bitte als Anteil zwischen 0 und 1 "
                                       "(z. B. 0.25 statt 25).",
                                 "en": "You gave a percentage. Please give a fraction between 0 and 1 "
                                       "(e.g. 0.25 rather than 25)."})
    if unit == "ratio" and not 0 <= value <= 1:
        return wrong("out_of_range", {"de": "Eine Quote liegt zwischen 0 und 1. Prüfen Sie Zähler und Nenner.",
                                      "en": "A rate lies between 0 and 1. Check numerator and denominator."})
    if expected and abs(value - expected) <= 0.02 * abs(expected) and unit != "count":
        return wrong("rounded", {"de": "Fast: Ihre Zahl liegt nahe, stimmt aber nicht genau. Runden Sie erst "
                                       "am Schluss und prüfen Sie die Grenzen des Zeitraums.",
                                 "en": "Almost: your number is close but not exact. Round only at the end and "
                                       "check the bounds of the period."})
    return wrong("wrong_value", otherwise)


def as_choice(answer: object, options: Iterable[str]) -> str | Outcome:
    """One option letter from the answer ("b", "B)", " B "), else an Outcome naming the options."""
    allowed = list(options)
    text = str(answer).strip().upper().rstrip(").:").strip() if isinstance(answer, str) else None
    if text in allowed:
        return text
    listed = ", ".join(f"«{o}»" for o in allowed)
    return wrong("unknown_option", {"de": f"Bitte genau einen Buchstaben angeben: {listed}.",
                                    "en": f"Please give exactly one letter: {listed}."})


def check_choice(answer: object, expected: str, feedback: dict[str, Text], right: Text | None = None) -> Outcome:
    """A one-letter choice: ``feedback`` holds a message for every wrong letter (keys are the options)."""
    options = sorted({*feedback, expected})
    letter = as_choice(answer, options)
    if isinstance(letter, Outcome):
        return letter
    if letter == expected:
        return correct(right)
    return wrong(f"option_{letter}", feedback[letter])


def as_names(answer: object) -> set[str] | Outcome:
    """A set of names from a list, tuple, set, Series or comma-separated text."""
    if isinstance(answer, str):
        items: Iterable = answer.replace(";", ",").split(",")
    elif isinstance(answer, list | tuple | set | frozenset) or hasattr(answer, "tolist"):
        items = answer.tolist() if hasattr(answer, "tolist") else answer
    else:
        return wrong("not_a_list", {"de": "Bitte eine Liste angeben, z. B. [\"a\", \"b\"].",
                                    "en": "Please give a list, e.g. [\"a\", \"b\"]."})
    return {str(x).strip() for x in items if str(x).strip()}
