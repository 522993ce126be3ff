"""Tidy text values: placeholders read as missing, spellings of one value merged, each with a note.

Exports fill empty dimension fields with "Select", "(not set)" or "--", and one channel arrives as
"Google" and "google". Left alone, a KPI split by channel would show "Select" as a channel and Google
twice. ``tidy_text`` runs once per source, on the parsed text columns (``kpikit.company.ingest``), and
says what it did: one warning per column (``TEXT_PLACEHOLDER``, ``TEXT_MERGED``).
"""

from __future__ import annotations

import pandas as pd

from kpikit.company.collect import Collector
from kpikit.core.errors import Problem
from kpikit.sources.schema import TEXT, Table

# Values that mean "nothing entered", compared trimmed and case-folded (CRM drop-downs, Google Analytics,
# German forms). A required column keeps them: reading them as missing would set its rows aside.
PLACEHOLDERS = frozenset({
    "select", "-select-", "--select--", "please select", "bitte wählen", "bitte auswählen",
    "unknown", "unbekannt", "(unknown)", "(not set)", "not set", "(none)", "none", "null", "nil",
    "n/a", "n.a.", "#n/a", "-", "--", "---", "–", "—", "?", "keine angabe", "k.a.", "k. a.", "nicht gesetzt",
    "(not provided)",
})
SHOWN = 5  # values named in a note


def _key(value: str) -> str:
    """A value as merging compares it: case-folded, spaces collapsed."""
    return " ".join(value.split()).casefold()


def tidy_text(canon: pd.DataFrame, table: Table, collected: Collector) -> None:
    """Read placeholders in the optional text columns of ``canon`` as missing and merge spellings of one value.

    Parameters
    ----------
    canon : DataFrame
        The parsed canonical columns of one source; its text columns are replaced in place.
    table : Table
        The canonical table (its text columns and which are required).
    collected : Collector
        Receives one warning per column and kind of change.
    """
    for col in table.columns:
        if col.kind != TEXT or col.name not in canon:
            continue
        values = canon[col.name]
        keys = [_key(str(v)) for v in values.unique() if isinstance(v, str)]  # hashing only: the common case
        if not (len(set(keys)) < len(keys) or (not col.required and PLACEHOLDERS.intersection(keys))):
            continue  # nothing to tidy
        counts = values.value_counts(dropna=True)
        shown_name = collected.source_name.get(col.name, col.name)
        holders = [v for v in counts.index if _key(str(v)) in PLACEHOLDERS] if not col.required else []
        if holders:
            held = values.isin(holders)
            values = values.mask(held)
            collected.warn(_note("TEXT_PLACEHOLDER", collected, col.name, shown_name, held,
                                 count=int(counts[holders].sum()), values=", ".join(f"«{h}»" for h in holders[:SHOWN])))
            counts = counts.drop(holders)
        merges = _spellings(counts)
        if merges:
            values = values.replace(merges)
            pairs = sorted({(to, src) for src, to in merges.items()})
            text = "; ".join(f"«{src}» → «{to}»" for to, src in pairs[:SHOWN]) + (" …" if len(pairs) > SHOWN else "")
            changed = canon[col.name].isin(list(merges))
            collected.warn(_note("TEXT_MERGED", collected, col.name, shown_name, changed,
                                 count=int(counts[list(merges)].sum()), merges=text, values=len(pairs)))
        if holders or merges:
            canon[col.name] = values.astype("str")


def _spellings(counts: pd.Series) -> dict[str, str]:
    """Each spelling that is not its value's most frequent one -> that one ("google" -> "Google")."""
    groups: dict[str, list[str]] = {}
    for value in counts.index:  # most frequent first: the first of a group is the spelling kept
        groups.setdefault(_key(str(value)), []).append(value)
    return {v: spellings[0] for spellings in groups.values() if len(spellings) > 1 for v in spellings[1:]}


def _note(code: str, collected: Collector, canonical: str, column: str, mask: pd.Series, **params: object) -> Problem:
    first = mask.to_numpy(dtype=bool, na_value=False).argmax() if mask.any() else 0
    row = int(collected.rows[first]) if len(collected.rows) else None
    return Problem(code, "warning", collected.table, collected.display, row, column, None, params, canonical=canonical)
