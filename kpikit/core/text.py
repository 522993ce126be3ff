"""Text helpers shared by every layer: the nearest name for a "did you mean" suggestion."""

from __future__ import annotations

import difflib


def near_miss(name: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate closest to ``name``, ignoring case, spaces and punctuation.

    >>> near_miss("Abschluss Datum", ["Erstelldatum", "Abschlussdatum", "Betrag"])
    'Abschlussdatum'
    """
    def norm(s: str) -> str:
        return "".join(ch for ch in str(s).casefold() if ch.isalnum())

    table = {norm(c): c for c in candidates}
    hit = difflib.get_close_matches(norm(name), list(table), n=1, cutoff=0.6)
    return table[hit[0]] if hit else None
