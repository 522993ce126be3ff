"""The questions of each exercise notebook, and the learner's progress over them."""

from __future__ import annotations

import html
from dataclasses import dataclass

from kpikit.core.i18n import t
from kpikit.exercises.outcomes import CORRECT, INCORRECT, NOT_ATTEMPTED, Text, resolve_lang, status_label
from kpikit.exercises.questions import COLOURS, Question

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
        return Progress([self], resolve_lang(lang))

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
            return t("EX_NONE_LOADED", self.lang)
        if self.done == self.total:
            return t("EX_ALL_DONE", self.lang)
        return t("EX_SUMMARY", self.lang, done=self.done, total=self.total)

    def __str__(self) -> str:
        lines = [self.summary()]
        for r in self.records():
            mark = {CORRECT: "✔", INCORRECT: "✘", NOT_ATTEMPTED: "·"}[r["status"]]
            lines.append(f"  {mark} {r['question']:>4}  {r['title']}  ({status_label(r['status'], self.lang)})")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        lang = self.lang
        head = "".join(f"<th style='text-align:left'>{t(k, lang)}</th>"
                       for k in ("EX_QUESTION", "EX_STATUS", "EX_ATTEMPTS", "EX_HINTS", "EX_SOLUTION_SEEN"))
        rows = []
        for r in self.records():
            fg, _ = COLOURS[r["status"]]
            rows.append(
                f"<tr><td>{html.escape(r['question'])} {html.escape(r['title'])}</td>"
                f"<td style='color:{fg}'><b>{status_label(r['status'], lang)}</b></td><td>{r['attempts']}</td>"
                f"<td>{r['hints']}</td><td>{t('EX_YES' if r['solution_seen'] else 'EX_NO', lang)}</td></tr>")
        return f"<p><b>{html.escape(self.summary())}</b></p><table><tr>{head}</tr>{''.join(rows)}</table>"


def progress(*, lang: str | None = None) -> Progress:
    """Progress over every exercise notebook loaded in this session."""
    return Progress(sorted(REGISTRY.values(), key=lambda e: e.notebook), resolve_lang(lang))
