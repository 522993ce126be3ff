"""Questions: check an answer, show staged hints and the solution; the results show in Jupyter.

A ``Question`` is checked with an answer passed explicitly (``q.check(answer)``); it never looks
for variables in the caller's namespace. The result has a machine-readable ``status``:

- ``not_attempted``: the answer is ``None``, ``...`` or blank;
- ``incorrect``: a ``code`` names the mistake, the message points at it without giving the answer;
- ``correct``.

>>> from kpikit.exercises.outcomes import correct, wrong
>>> q = Question("0.1", {"de": "Test", "en": "Test"},
...              lambda a: correct() if a == 42 else wrong("off", {"de": "Nein.", "en": "No."}),
...              hints=[{"de": "Sechs mal sieben.", "en": "Six times seven."}])
>>> q.check(...).status, q.check(41, lang="en").message, bool(q.check(42))
('not_attempted', 'No.', True)
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kpikit.core.i18n import t
from kpikit.exercises.outcomes import (
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    Outcome,
    Text,
    is_blank,
    not_attempted,
    resolve_lang,
    status_label,
)

COLOURS = {NOT_ATTEMPTED: ("#6b7280", "#f3f4f6"), INCORRECT: ("#b91c1c", "#fef2f2"), CORRECT: ("#15803d", "#f0fdf4")}


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
        head = f"{t('EX_QUESTION', self.lang)} {self.question} – {status_label(self.status, self.lang)}"
        return f"{head}: {self.message}" if self.message else head

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        fg, bg = COLOURS[self.status]
        mark = {CORRECT: "✔", INCORRECT: "✘", NOT_ATTEMPTED: "…"}[self.status]
        msg = f"<br>{html.escape(self.message)}" if self.message else ""
        return (f'<div style="border-left:4px solid {fg};background:{bg};padding:6px 10px;margin:4px 0">'
                f'<b style="color:{fg}">{mark} {t("EX_QUESTION", self.lang)} {html.escape(self.question)}: '
                f"{status_label(self.status, self.lang)}</b>{msg}</div>")


@dataclass(frozen=True)
class Note:
    """A hint or a solution: Markdown in Jupyter, plain text elsewhere."""

    title: str
    body: str
    shown_in: int | None = field(default=None, compare=False, repr=False)  # the IPython cell that showed it

    def __str__(self) -> str:
        return f"{self.title}: {self.body}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        return f"**{self.title}:** {self.body}"

    def _ipython_display_(self) -> None:
        """Shows the note, but once per cell: after ``show`` the cell's last value does not repeat it."""
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        cell = getattr(shell, "execution_count", None)
        if cell is not None and self.shown_in == cell:
            return
        object.__setattr__(self, "shown_in", cell)
        display({"text/markdown": self._repr_markdown_(), "text/plain": str(self)}, raw=True)


def show(note: Note) -> Note:
    """``note``, displayed right away in IPython or Jupyter, so that each of several calls in one cell shows.

    A cell shows only its last value by itself: ``q.hint()`` twice in one cell would show one hint.
    Outside IPython nothing is displayed; the note is returned as it is.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return note
    if get_ipython() is not None:
        note._ipython_display_()
    return note


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
            return not_attempted()
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
        lang = resolve_lang(lang)
        outcome = self.evaluate(answer)
        message = outcome.text.get(lang, "") if outcome.text else ""
        if outcome.status == CORRECT and not message:
            message = t("EX_WELL_DONE", lang)
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
        """The next hint (1st, 2nd, …) on each call; ``hint(n)`` shows hint ``n`` again.

        In Jupyter each call shows its hint at once, so two calls in one cell show two hints.
        """
        lang = resolve_lang(lang)
        total = len(self.hints)
        if not total:
            return show(Note(t("EX_HINTS", lang), t("EX_NO_HINT", lang)))
        if n is None:
            n = min(self.hints_seen + 1, total)
        if not 1 <= n <= total:
            raise ValueError(f"Got n={n}. Must be between 1 and {total}.")
        self.hints_seen = max(self.hints_seen, n)
        body = self.hints[n - 1][lang]
        if n == total:
            body += " " + t("EX_LAST_HINT", lang, q=self.name)
        return show(Note(t("EX_HINT", lang, n=n, total=total), body))

    def solution(self, *, lang: str | None = None) -> Note:
        """The solution: the code and why it is right."""
        lang = resolve_lang(lang)
        self.solution_seen = True
        code = f"\n\n```python\n{self.solution_code}\n```\n\n" if self.solution_code else " "
        return show(Note(t("EX_SOLUTION", lang), (code + self.solution_text[lang]).strip()))
