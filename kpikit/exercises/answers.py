"""Reading and judging answers: numbers (with typical mistakes), letters of a choice, lists of names.

Each reader returns the value it understood, or an ``Outcome`` that says why the answer has the
wrong form; each ``check_*`` returns the ``Outcome`` of the whole comparison.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kpikit.core.i18n import t_all
from kpikit.exercises.outcomes import Outcome, Text, correct, wrong


def as_number(answer: object) -> float | Outcome:
    """A single number from the answer (int, float, numpy scalar, one-element Series), else an Outcome.

    >>> as_number(3), as_number("drei").code
    (3.0, 'not_a_number')
    """
    if isinstance(answer, bool):
        return wrong("not_a_number", t_all("EX_NOT_A_NUMBER"))
    if hasattr(answer, "shape") and hasattr(answer, "__len__") and not isinstance(answer, str):
        try:
            if len(answer) != 1:
                return wrong("not_a_number", t_all("EX_NOT_A_NUMBER"))
            answer = answer.to_numpy().ravel()[0] if hasattr(answer, "to_numpy") else answer.ravel()[0]
        except TypeError:  # a 0-d numpy array has a shape but no length
            answer = answer.item()
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return wrong("not_a_number", t_all("EX_NOT_A_NUMBER"))
    if math.isnan(value):
        return wrong("nan", t_all("EX_NAN"))
    return value


def same(value: float, expected: float, unit: str) -> bool:
    """Whether ``value`` matches ``expected`` for this unit (rates to 0.05 points, money to 0.05 %).

    >>> same(0.2504, 0.25, "ratio"), same(0.2510, 0.25, "ratio"), same(1000.4, 1000, "currency")
    (True, False, True)
    """
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

    >>> traps = [Trap("won_over_all", 0.2, {"de": "Offene Deals …", "en": "Open deals …"})]
    >>> [check_number(a, 0.25, "ratio", traps, {"de": "Nein.", "en": "No."}).code for a in (0.25, 0.2, 25, 0.3)]
    ['ok', 'won_over_all', 'percent', 'wrong_value']
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
        return wrong("percent", t_all("EX_PERCENT"))
    if unit == "ratio" and not 0 <= value <= 1:
        return wrong("out_of_range", t_all("EX_OUT_OF_RANGE"))
    if expected and abs(value - expected) <= 0.02 * abs(expected) and unit != "count":
        return wrong("rounded", t_all("EX_ROUNDED"))
    return wrong("wrong_value", otherwise)


def as_choice(answer: object, options: Iterable[str]) -> str | Outcome:
    """One option letter from the answer ("b", "B)", " B "), else an Outcome naming the options.

    >>> as_choice(" b) ", "ABC"), as_choice("Antwort B", "ABC").code
    ('B', 'unknown_option')
    """
    allowed = list(options)
    text = str(answer).strip().upper().rstrip(").:").strip() if isinstance(answer, str) else None
    if text in allowed:
        return text
    return wrong("unknown_option", t_all("EX_UNKNOWN_OPTION", options=", ".join(f"«{o}»" for o in allowed)))


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
    """A set of names from a list, tuple, set, Series or comma-separated text.

    >>> sorted(as_names("cac; close_rate, ")), as_names(3).code
    (['cac', 'close_rate'], 'not_a_list')
    """
    if isinstance(answer, str):
        items: Iterable = answer.replace(";", ",").split(",")
    elif isinstance(answer, list | tuple | set | frozenset) or hasattr(answer, "tolist"):
        items = answer.tolist() if hasattr(answer, "tolist") else answer
    else:
        return wrong("not_a_list", t_all("EX_NOT_A_LIST"))
    return {str(x).strip() for x in items if str(x).strip()}


def as_channel(answer: object, channels: Iterable[str], not_text: Text) -> str | Outcome:
    """One of ``channels`` from a text answer, whatever its case and outer spaces, else an Outcome.

    ``not_text`` is said when the answer is no text (code ``not_a_channel``); an answer naming none of
    the channels gets the list of them (code ``unknown_channel``).

    >>> no = {"de": "Bitte als Text.", "en": "Please as text."}
    >>> as_channel(" meta ads", ["Google Ads", "Meta Ads"], no), as_channel(3, ["Meta Ads"], no).code
    ('Meta Ads', 'not_a_channel')
    >>> as_channel("Xing", ["Google Ads", "Meta Ads"], no).text["en"]
    'Please name one of the paid channels: Google Ads, Meta Ads.'
    """
    if not isinstance(answer, str):
        return wrong("not_a_channel", not_text)
    channels = list(channels)
    channel = {c.lower(): c for c in channels}.get(answer.strip().lower())
    if channel is None:
        return wrong("unknown_channel", t_all("EX_UNKNOWN_CHANNEL", channels=", ".join(channels)))
    return channel
