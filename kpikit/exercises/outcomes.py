"""Outcomes of an evaluation, the texts of the exercises and their language.

An evaluation function takes a learner's answer and returns an ``Outcome``: ``correct()`` or
``wrong(code, text)``, where ``code`` names the mistake and ``text`` points at it, in German and
English (``T(de, en)``). The exercises' own interface texts are in the catalogue
(``kpikit.core.messages.exercises``, keys ``EX_…``) and rendered with ``kpikit.core.i18n.t``.

>>> wrong("off", T("Nein.", "No.")).status, correct().code, is_blank("  ")
('incorrect', 'ok', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpikit.core.i18n import LANGS, check_lang, default_lang, t, t_all

NOT_ATTEMPTED, INCORRECT, CORRECT = "not_attempted", "incorrect", "correct"
STATUSES = (NOT_ATTEMPTED, INCORRECT, CORRECT)

Text = dict[str, str]  # one message in every language: {"de": …, "en": …}

_STATE: dict[str, str | None] = {"lang": None}


def T(de: str, en: str) -> Text:
    """One message in German and English.

    >>> T("Ja", "Yes")
    {'de': 'Ja', 'en': 'Yes'}
    """
    return {"de": de, "en": en}


def status_label(status: str, lang: str) -> str:
    """``not_attempted``, ``incorrect`` or ``correct`` as the learner reads it, in ``lang``.

    >>> status_label("incorrect", "de")
    'Noch nicht richtig'
    """
    return t(f"EX_{status.upper()}", lang)


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


def resolve_lang(lang: str | None) -> str:
    """``lang`` if given (checked), else the language of ``get_lang``.

    >>> resolve_lang("en")
    'en'
    """
    return check_lang(lang) if lang is not None else get_lang()


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


def not_attempted() -> Outcome:
    """The answer is blank: what to do in the answer cell."""
    return Outcome(NOT_ATTEMPTED, "blank", t_all("EX_BLANK"))


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
