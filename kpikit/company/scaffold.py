"""``kpikit new``: scaffold a company folder, empty or proposed from the client's exports.

``kpikit new DIR`` writes the commented template. ``kpikit new DIR --from FILE…`` reads each export
with kpikit's own reader (separator, encoding and preamble lines are detected), picks the preset
whose columns it holds, or, for a layout no preset knows, guesses a column mapping from the
header and the values and marks every guess for review. It copies the files to ``DIR/exports/``
and writes a commented company.yaml that loads as it is.
"""


from __future__ import annotations

import shutil
from collections import Counter
from importlib import resources
from pathlib import Path

from kpikit.company.proposal import (
    CONSTANT_DEFAULTS,
    GENERIC,
    Proposal,
    _guess_table,
    _value_map,
    display_title,
    propose,
)
from kpikit.company.scaffold_yaml import render_yaml, yaml_str
from kpikit.core import fmt
from kpikit.core.errors import ConfigError, DataError
from kpikit.core.i18n import t
from kpikit.sources.presets import PRESETS
from kpikit.sources.read import read_raw
from kpikit.sources.schema import NO_DATES, ROW_IDS, TABLES

# A table proposed for a guessed layout only when the file holds one of its own columns: a file with a date
# column is no web-analytics export for that alone.
MARKS = {"traffic": ("sessions", "users", "pageviews", "landing_page")}


def new_company(path: str | Path, *, name: str | None = None, force: bool = False) -> Path:
    """Create ``path`` with ``company.yaml`` (commented template) and an ``exports/`` folder.

    Returns the path of the written company.yaml. Refuses to overwrite unless ``force``.
    """
    folder = Path(path)
    target = folder / "company.yaml"
    if target.exists() and not force:
        raise ConfigError("DIR_EXISTS", file=str(target), path=str(folder))
    (folder / "exports").mkdir(parents=True, exist_ok=True)
    template = resources.files("kpikit").joinpath("templates/company.yaml").read_text(encoding="utf-8")
    target.write_text(template.format(name=yaml_str(_label(folder, name))), encoding="utf-8")
    return target


def new_company_from(
    path: str | Path, files: list[str | Path], *, name: str | None = None, force: bool = False, lang: str = "de",
    link: bool = False,
) -> tuple[Path, list[Proposal]]:
    """Create ``path`` with a company.yaml proposed from ``files``; copy (or link) them to ``path/exports``.

    Every file is read and matched before anything is written, so a missing or unreadable file stops
    with one clear error and leaves no half-made folder. Returns the company.yaml path and the proposals.
    """
    folder = Path(path)
    target = folder / "company.yaml"
    if target.exists() and not force:
        raise ConfigError("DIR_EXISTS", file=str(target), path=str(folder))
    for f in files:
        if not Path(f).is_file():
            raise DataError("FROM_NOT_FOUND", file=str(f))
    unique = list(dict.fromkeys(Path(f).resolve() for f in files))  # the same export named twice counts once
    proposals = [_propose(f) for f in unique]
    if not any(p.table for p in proposals):
        raise DataError("FROM_NO_TABLE", file=", ".join(str(f) for f in files))
    exports = folder / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for p in proposals:
        if p.table is None:
            continue
        p.target = _place(p.path, folder, exports, taken, link)
    currency = Counter(p.currency for p in proposals if p.currency).most_common(1)
    text = render_yaml(proposals, name=_label(folder, name), currency=currency[0][0] if currency else "CHF",
                       lang=lang)
    target.write_text(text, encoding="utf-8")
    return target, proposals


def _propose(path: Path) -> Proposal:
    """``propose``, a table of ``MARKS`` only with one of its columns, and ``"@row"``/``"@none"`` for what is missing.

    A guessed source that lacks only its id column numbers its rows (``"@row"``); one that lacks only its
    required date columns is a snapshot (``"@none"``), so that the scaffolded company loads.
    """
    p = propose(path)
    if p.table in MARKS and not p.preset and not any(c in p.columns for c in MARKS[p.table]):
        raw = read_raw(path, path.name, {} if p.sheet is None else {"sheet": p.sheet})
        best = max(((_guess_table(tb, raw.frame), tb) for tb in TABLES.values() if tb.name not in MARKS),
                   key=lambda x: (sum(c in x[0][0] for c in x[1].required), x[0][1]))
        (mapping, score), table = best
        if not mapping or (all(str(h).casefold() in GENERIC for h in mapping.values()) and not score):
            return p
        p = Proposal(p.path, p.header, p.rows, table.name, currency=p.currency, sheet=p.sheet, score=score,
                     columns={c: mapping[c] for c in table.names if c in mapping},
                     missing=[c for c in table.required if c not in mapping and c not in CONSTANT_DEFAULTS])
        if table.name == "campaigns" and "spend" in p.missing:  # as proposal._guess: an organic channel
            p.missing.remove("spend")
            p.constants["spend"] = "0"
        for c, default in CONSTANT_DEFAULTS.items():
            if c in table.required and c not in mapping:
                p.constants[c] = default or display_title(path.stem)
        for c in table.columns:
            if c.allowed and c.name in mapping:
                p.values[c.name] = _value_map(c.name, raw.frame[mapping[c.name]])
    if p.table and not p.preset:
        table = TABLES[p.table]
        guessed_id = p.columns.get(table.id_column) if table.id_column else None
        if (guessed_id is not None and table.id_column not in p.missing and table.name != "orders"
                and not _unique(path, p, guessed_id)):
            # "Lead Origin" is no lead id: values that repeat would set every repeat aside as a duplicate
            # (a repeated order number is a shop's line items: kept, kpikit.company.lines)
            p.columns[table.id_column] = ROW_IDS
        for c in list(p.missing):
            if c == table.id_column or c in table.required_dates:
                p.columns[c] = ROW_IDS if c == table.id_column else NO_DATES
                p.missing.remove(c)
        p.columns = {c: p.columns[c] for c in table.names if c in p.columns}
    return p


def _unique(path: Path, p: Proposal, column: str) -> bool:
    """Whether the values of ``column`` look like ids: at least 95 % of the filled ones distinct."""
    raw = read_raw(path, path.name, {} if p.sheet is None else {"sheet": p.sheet})
    values = raw.frame[column].dropna() if column in raw.frame else None
    return values is None or not len(values) or values.nunique() >= 0.95 * len(values)


def _label(folder: Path, name: str | None) -> str:
    return name or display_title(folder.resolve().name)


def _place(src: Path, folder: Path, exports: Path, taken: set[str], link: bool) -> str:
    """Copy or link ``src`` into ``exports``; the path company.yaml names it by (relative to the folder)."""
    src = src.resolve()
    try:
        return src.relative_to(folder.resolve()).as_posix()  # already in the company folder
    except ValueError:
        pass
    stem, suffix, n = src.stem, src.suffix, 1
    dest = exports / src.name
    while dest.name in taken or (dest.exists() and not _same_file(dest, src)):
        n += 1
        dest = exports / f"{stem}-{n}{suffix}"
    taken.add(dest.name)
    if dest.is_symlink() or dest.exists():
        dest.unlink()
    if link:
        dest.symlink_to(src)
    else:
        shutil.copy2(src, dest)
    return dest.relative_to(folder).as_posix()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.read_bytes() == b.read_bytes()
    except OSError:
        return False



def summary(proposals: list[Proposal], folder: Path, lang: str = "de") -> list[str]:
    """One line per file: which table, which preset and why, or how much was guessed."""
    lines = []
    for p in proposals:
        if p.table is None:
            lines.append(t("NEW_S_NONE", lang, file=p.path.name, columns=", ".join(p.header[:8])))
        elif p.preset:
            why = ", ".join(t("SRC_QUOTED", lang, name=src) for src in list(p.matched.values())[:6])
            lines.append(t("NEW_S_PRESET", lang, file=p.path.name, table=p.table, preset=p.preset,
                           label=PRESETS[p.preset]["label"], found=len(p.matched),
                           total=len(PRESETS[p.preset]["columns"]), why=why, rows=fmt.count(p.rows)))
        else:
            lines.append(t("NEW_S_GUESSED", lang, file=p.path.name, table=p.table, count=p.review,
                           rows=fmt.count(p.rows)))
            if p.missing:
                lines.append("    " + t("NEW_S_MISSING", lang, columns=", ".join(p.missing)))
    currencies = sorted({p.currency for p in proposals if p.currency})
    if len(currencies) > 1:
        lines.append(t("NEW_S_CURRENCIES", lang, currencies=", ".join(currencies)))
    return lines
