"""``kpikit new``: scaffold a company folder, empty or proposed from the client's exports.

``kpikit new DIR`` writes the commented template. ``kpikit new DIR --from FILE…`` reads each export
with kpikit's own reader (separator, encoding and preamble lines are detected), picks the preset
whose columns it holds, or, for a layout no preset knows, guesses a column mapping from the
header and the values and marks every guess for review. It copies the files to ``DIR/exports/``
and writes a commented company.yaml that loads as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kpikit.core.errors import ConfigError, DataError
from kpikit.core.i18n import t
from kpikit.sources.schema import CATEGORY, DATE, ENUM, MONEY, STATUS, SYNONYMS, TABLES

# What a column is called, in German and English exports, per canonical column; compared after
# folding case and dropping everything but letters and digits. Used only for layouts no preset knows.
GUESS: dict[str, tuple[str, ...]] = {
    "deal_id": ("dealid", "dealnr", "dealnummer", "opportunityid", "auftragsid", "verkaufschanceid", "auftragsnr",
                "auftragsnummer", "angebotsnr", "projektnr", "deal"),
    "lead_id": ("leadid", "kontaktid", "contactid", "interessentid", "anfrageid", "lead", "kontakt"),
    "order_id": ("bestellnr", "bestellnummer", "orderid", "ordernr", "auftragsnr", "auftragsnummer", "rechnungsnr",
                 "rechnungsnummer", "belegnr", "invoiceid"),
    "customer_id": ("kundenid", "kundennr", "kundennummer", "customerid", "firmenid", "accountid", "kunde",
                    "customer", "firma", "unternehmen", "account", "organisation", "organization"),
    "status": ("status", "dealphase", "phase", "stage", "dealstage", "stufe", "stand", "zustand", "ergebnis",
               "outcome"),
    "closed_at": ("abschlussdatum", "closedate", "closedat", "abgeschlossenam", "schlusstermin", "closed",
                  "gewonnenam", "wontime", "abschluss"),
    "created_at": ("erstelldatum", "erstelltam", "createdate", "createddate", "createdat", "angelegtam",
                   "eingangsdatum", "eroffnetam", "eroffnet", "erstellt", "created"),
    "converted_at": ("kundeseit", "konvertiertam", "converteddate", "convertedat", "becameacustomerdate"),
    "ordered_at": ("bestelldatum", "orderdate", "rechnungsdatum", "auftragsdatum", "belegdatum", "datum", "date"),
    "date": ("datum", "date", "tag", "day", "versanddatum", "woche", "week", "monat", "month"),
    "amount": ("betrag", "amount", "dealwert", "wert", "value", "volumen", "auftragswert", "summe"),
    "revenue": ("umsatz", "revenue", "betrag", "amount", "rechnungsbetrag", "nettobetrag", "total", "summe"),
    "spend": ("kosten", "cost", "spend", "ausgaben", "ausgegebenerbetrag", "amountspent", "totalspent", "budget"),
    "campaign": ("kampagne", "campaign", "kampagnenname", "campaignname", "aktion"),
    "impressions": ("impr", "impressionen", "impressions", "einblendungen", "offnungen", "opens"),
    "reach": ("reichweite", "reach", "empfanger", "recipients"),
    "clicks": ("klicks", "clicks", "linkklicks", "linkclicks"),
    "leads": ("leads", "anmeldungen", "anfragen", "ergebnisse", "results", "kontaktanfragen"),
    "conversions": ("conversions", "konversionen", "kaufe", "purchases", "bestellungen"),
    "channel": ("kanal", "channel", "quelle", "source", "leadquelle", "leadsource", "herkunft", "medium"),
    "owner": ("inhaber", "owner", "verkaufer", "verkauferin", "zustandig", "berater", "betreuer", "dealinhaber",
              "mitarbeiter"),
    "product": ("produkt", "product", "artikel", "item", "leistung"),
    "region": ("region", "gebiet", "kanton", "verkaufsgebiet", "territory"),
    "category": ("kategorie", "category", "kostenart", "bereich", "kostenstelle"),
    "note": ("bemerkung", "notiz", "note", "beschreibung", "description", "text", "kommentar"),
}
# Column names too common to tell a vendor's export apart: a preset is only proposed when at least one of
# the columns it recognises is not one of these (so "Date, Cost, Clicks" is not taken for Google Ads).
GENERIC = frozenset({
    "id", "name", "date", "datum", "day", "tag", "cost", "costs", "kosten", "clicks", "klicks", "impressions",
    "impressionen", "status", "phase", "stage", "amount", "betrag", "value", "wert", "region", "product", "produkt",
    "quelle", "source", "kanal", "channel", "campaign", "kampagne", "campaignname", "kampagnenname", "leads", "reach",
    "reichweite", "conversions", "results", "ergebnisse", "owner", "erstelldatum", "createddate", "abschlussdatum",
    "closedate",
})
# Required columns a whole file may lack, filled in as a constant to review.
CONSTANT_DEFAULTS = {"channel": None, "category": "marketing"}
# KPIs proposed for the tables found, in order of preference (3 to 5 are taken).
KPI_PREFERENCE = ("new_customers", "close_rate", "cac", "cost_per_lead", "conversion_rate", "lead_to_customer_rate",
                  "revenue", "avg_deal_size", "cost_per_click", "marketing_spend", "leads", "repeat_purchase_rate")


@dataclass
class Proposal:
    """What ``kpikit new --from`` makes of one export file."""

    path: Path
    header: list[str]
    rows: int
    table: str | None = None
    preset: str | None = None
    matched: dict[str, str] = field(default_factory=dict)  # canonical -> file column
    columns: dict[str, str] = field(default_factory=dict)  # guessed mapping (no preset)
    constants: dict[str, str] = field(default_factory=dict)  # guessed constants (review)
    values: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)  # value -> (canonical, review)
    missing: list[str] = field(default_factory=list)  # required columns not found
    currency: str | None = None
    sheet: str | None = None  # the workbook sheet read
    score: float = 0.0
    target: str = ""  # path written into company.yaml

    @property
    def quality(self) -> tuple:
        """How well the proposal fits: a preset beats a complete guess beats a partial one."""
        if self.preset:
            return (3, self.score)
        if self.table and not self.missing:
            return (2, self.score)
        return (1 if self.table else 0, self.score)

    @property
    def review(self) -> int:
        """How many entries are marked for review."""
        marks = len(self.columns) + len(self.constants) + len(self.missing)
        return marks + sum(r for m in self.values.values() for _, r in m.values())


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
    target.write_text(template.format(name=_yaml_str(_label(folder, name))), encoding="utf-8")
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
    proposals = [propose(f) for f in unique]
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


def _label(folder: Path, name: str | None) -> str:
    return name or _title(folder.resolve().name)


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


# --- matching ----------------------------------------------------------------------------------------
def score_presets(present: list[str]) -> list[tuple[float, str, dict[str, str]]]:
    """Presets whose required columns the header holds, best first: (share of preset columns found, name, found).

    >>> best = score_presets(["Kampagne", "Tag", "Impr.", "Klicks", "Kosten", "Conversions"])[0]
    >>> best[:2]
    (1.0, 'google_ads')
    >>> score_presets(["Datum", "Betrag"])
    []
    """
    from kpikit.company.config import pick_column
    from kpikit.sources.presets import PRESETS

    out = []
    for name, preset in PRESETS.items():
        table = TABLES[preset["table"]]
        found = {}
        for canonical, alternatives in preset["columns"].items():
            hit = pick_column(alternatives, present)
            if hit is not None and hit not in found.values():
                found[canonical] = hit
        needed = [c for c in table.required if c not in preset.get("constants", {})]
        if len(found) < 2 or not all(c in found for c in needed):
            continue
        if all(_norm(column) in GENERIC for column in found.values()):
            continue
        out.append((round(len(found) / len(preset["columns"]), 3), name, found))
    return sorted(out, key=lambda x: (-x[0], -len(x[2]), x[1]))


def propose(path: Path) -> Proposal:
    """Read ``path`` and propose how it feeds a canonical table: a preset, or a guessed mapping.

    Every sheet of a workbook is tried; the one that fits best is taken.
    """
    from kpikit.sources.read import EXCEL_SUFFIXES, read_raw

    sheets: list[str | None] = [None]
    if path.suffix.lower() in EXCEL_SUFFIXES:
        sheets = _sheet_names(path) or [None]
    best, error = None, None
    for sheet in sheets:
        try:
            raw = read_raw(path, path.name, {} if sheet is None else {"sheet": sheet})
        except DataError as err:
            if sheet is None:
                raise
            error = err  # an empty or odd sheet: try the others
            continue
        proposal = _propose_raw(path, raw, sheet)
        if best is None or proposal.quality > best.quality:
            best = proposal
    if best is None:
        raise error
    return best


def _sheet_names(path: Path) -> list[str]:
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # unreadable: read_raw raises the clear error
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _propose_raw(path: Path, raw, sheet: str | None) -> Proposal:
    from kpikit.company.config import _drop_summary_rows
    from kpikit.sources.presets import PRESETS

    present = [str(c) for c in raw.frame.columns]
    proposal = Proposal(path, [str(h) for h in raw.header], len(raw.frame), currency=_currency(raw.frame),
                        sheet=sheet)
    ranked = score_presets(present)
    if ranked:
        score, preset, found = ranked[0]
        proposal.table, proposal.preset = PRESETS[preset]["table"], preset
        proposal.matched, proposal.score = found, score
        if PRESETS[preset].get("summary_rows"):
            proposal.rows = len(_drop_summary_rows(raw, PRESETS[preset]["summary_rows"]).frame)
        return proposal
    _guess(proposal, raw.frame)
    return proposal


def _norm(text: str) -> str:
    text = str(text).casefold().replace("ä", "a").replace("ö", "o").replace("ü", "u")
    return "".join(ch for ch in text if ch.isalnum())


def _fits(kind: str, values) -> bool:
    """Whether most filled values of a column read as ``kind`` (dates, money/counts) – the guess's sanity check."""
    from kpikit.sources.parse import parse_dates, parse_numbers

    sample = values.dropna().astype("str").str.strip()
    sample = sample[sample != ""].head(200)
    if sample.empty:
        return kind not in (DATE, MONEY, "count")
    if kind == DATE:
        _, bad, _ = parse_dates(sample.reset_index(drop=True))
    elif kind in (MONEY, "count"):
        _, bad = parse_numbers(sample.reset_index(drop=True))
    else:
        return True
    return float(bad.mean()) <= 0.2


def _guess_table(table, frame) -> tuple[dict[str, str], float]:
    """Best guess of canonical column → file column for one table, and its score."""
    candidates = []
    for col in table.columns:
        for header in frame.columns:
            h = _norm(header)
            best = 0
            for rank, word in enumerate(GUESS.get(col.name, ())):
                bonus = 0.1 * (len(GUESS[col.name]) - rank) / len(GUESS[col.name])  # earlier synonyms are surer
                if h == word:
                    best = max(best, 3 + bonus)
                elif h.startswith(word) or h.endswith(word):
                    best = max(best, 2 + bonus)
                elif len(word) >= 4 and word in h:
                    best = max(best, 1 + bonus)
            if h == _norm(col.name):
                best = max(best, 3.5)
            if best and _fits(col.kind, frame[header]):
                candidates.append((best, col.name, header))
    mapping: dict[str, str] = {}
    score = 0.0
    for best, canonical, header in sorted(candidates, key=lambda c: -c[0]):
        if canonical in mapping or header in mapping.values():
            continue
        mapping[canonical] = header
        score += best
    return mapping, score


def _guess(proposal: Proposal, frame) -> None:
    """Fill ``proposal`` with the table and mapping that fit the file best; every entry is for review."""
    best = None
    for table in TABLES.values():
        mapping, score = _guess_table(table, frame)
        needed = [c for c in table.required if c not in CONSTANT_DEFAULTS]
        found = sum(c in mapping for c in needed)
        key = (found == len(needed), found, score)
        if mapping and (best is None or key > best[0]):
            best = (key, table, mapping)
    if best is None:
        return
    (_, _, score), table, mapping = best
    proposal.table, proposal.score = table.name, score
    proposal.columns = {c: mapping[c] for c in table.names if c in mapping}  # in the table's order
    proposal.missing = [c for c in table.required if c not in mapping and c not in CONSTANT_DEFAULTS]
    if table.name == "campaigns" and "spend" in proposal.missing:
        proposal.missing.remove("spend")  # an organic channel (Search Console, newsletter): no cost column
        proposal.constants["spend"] = "0"
    for c, default in CONSTANT_DEFAULTS.items():
        if c in table.names and c in table.required and c not in mapping:
            proposal.constants[c] = default or _title(proposal.path.stem)
    for c in table.columns:
        if c.kind == ENUM and c.name in mapping:
            proposal.values[c.name] = _value_map(c.name, frame[mapping[c.name]])


def _known_values(column: str) -> dict[str, str]:
    from kpikit.sources.presets import PRESETS

    known = {}
    for preset in PRESETS.values():
        for value, canonical in preset.get("values", {}).get(column, {}).items():
            known[str(value).strip().casefold()] = canonical
    known.update(SYNONYMS.get(column, {}))
    return known


def _value_map(column: str, values) -> dict[str, tuple[str, bool]]:
    """A value map for the distinct values of an enum column: known ones as they are, the rest to review."""
    known = _known_values(column)
    fallback = "open" if column == "status" else "marketing"
    allowed = STATUS if column == "status" else CATEGORY
    out: dict[str, tuple[str, bool]] = {}
    distinct = [v for v in values.dropna().astype("str").str.strip().unique() if v][:40]
    for v in distinct:
        canonical = known.get(v.casefold())
        if canonical in allowed:
            out[v] = (canonical, False)
        elif v.casefold() in allowed:
            out[v] = (v.casefold(), False)
        else:
            out[v] = (fallback, True)
    return out


def _currency(frame) -> str | None:
    """The currency the export names: a "(CHF)" in a header or a currency column with one code."""
    for h in frame.columns:
        m = re.search(r"\(([A-Z]{3})\)\s*$", str(h))
        if m:
            return m.group(1)
    for h in frame.columns:
        if _norm(h) in ("currency", "currencycode", "wahrung", "wahrungscode", "dealcurrency"):
            codes = frame[h].dropna().astype("str").str.strip()
            codes = codes[codes.str.fullmatch(r"[A-Z]{3}")]
            if len(codes) and codes.nunique() == 1:
                return codes.iloc[0]
    return None


# --- company.yaml ------------------------------------------------------------------------------------
def _yaml_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_key(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def propose_kpis(tables: set[str]) -> list[str]:
    """Three to five KPIs the tables at hand can compute, in order of preference.

    >>> propose_kpis({"deals", "campaigns"})
    ['new_customers', 'close_rate', 'cac', 'cost_per_lead', 'conversion_rate']
    """
    from kpikit.kpis.registry import KPIS

    chosen = []
    for k in KPI_PREFERENCE:
        if all(any(t in tables for t in need.split("|")) for need in KPIS[k].tables):
            chosen.append(k)
    return chosen[:5]


def render_yaml(proposals: list[Proposal], *, name: str, currency: str, lang: str = "de") -> str:
    """The commented company.yaml for ``proposals``."""
    today = dt.date.today().isoformat()
    out = [f"# {t('NEW_Y_TITLE', lang, date=today)}", f"# {t('NEW_Y_REVIEW', lang)}", "",
           f"name: {_yaml_str(name)}", f"currency: {currency}", f"language: {lang}", "", "sources:"]
    tables = [tb for tb in TABLES if any(p.table == tb for p in proposals)]
    for table in tables:
        mine = [p for p in proposals if p.table == table]
        off = all(p.missing for p in mine)  # nothing loadable: the table itself is commented out
        out.append(f"  {'# ' if off else ''}{table}:")
        for p in mine:
            lines = _source_lines(p, lang)
            if len(mine) == 1:
                out += ["    " + ln for ln in lines]
                continue
            first = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))  # comments, then "file:"
            out += ["    " + ln for ln in lines[:first]]
            out.append("    - " + lines[first])
            out += ["      " + ln for ln in lines[first + 1:]]
    kpis = propose_kpis({p.table for p in proposals if p.table and not p.missing})
    out += ["", f"# {t('NEW_Y_GOALS', lang)}", "# goals:", "#   - id: neukunden",
            '#     statement: "Bis 31.12.2026 mindestens 40 Neukunden pro Quartal gewinnen"',
            "#     kpi: new_customers", "#     target: 40", "#     per: quarter", "#     deadline: 2026-12-31", "",
            f"# {t('NEW_Y_KPIS', lang)}", f"kpis: [{', '.join(kpis)}]", ""]
    return "\n".join(out)


def _source_lines(p: Proposal, lang: str) -> list[str]:
    from kpikit.sources.presets import PRESETS

    lines = []
    if p.preset:
        preset = PRESETS[p.preset]
        lines.append("# " + t("NEW_Y_PRESET", lang, file=p.path.name, label=preset["label"], preset=p.preset,
                              found=len(p.matched), total=len(preset["columns"])))
        shown = [f"{src} → {canonical}" for canonical, src in p.matched.items()]
        lines += ["#   " + part for part in _wrap(shown, 100)]
        lines += [f"file: {_yaml_str(p.target)}", f"preset: {p.preset}"]
        if p.sheet:
            lines.append(f"read: {{sheet: {_yaml_str(p.sheet)}}}")
        return lines
    lines.append("# " + t("NEW_Y_GUESSED", lang, file=p.path.name))
    if p.missing:
        lines.append("# " + t("NEW_Y_DISABLED", lang, columns=", ".join(p.missing)))
    body = [f"file: {_yaml_str(p.target)}"]
    if p.sheet:
        body.append(f"read: {{sheet: {_yaml_str(p.sheet)}}}")
    body += _guessed_lines(p, lang)
    # A source that lacks a required column cannot load: written commented out, so the rest of the file loads.
    return lines + (["# " + ln for ln in body] if p.missing else body)


def _wrap(parts: list[str], width: int) -> list[str]:
    out, line = [], ""
    for part in parts:
        if line and len(line) + len(part) + 2 > width:
            out.append(line + ",")
            line = part
        else:
            line = f"{line}, {part}" if line else part
    return [*out, line] if line else out


def _guessed_lines(p: Proposal, lang: str) -> list[str]:
    lines = []
    mark = t("NEW_Y_MARK", lang)
    if p.columns or p.missing:
        lines.append("columns:")
        width = max(len(f"{c}: {_yaml_str(s)}") for c, s in p.columns.items()) if p.columns else 0
        for canonical, src in p.columns.items():
            entry = f"{canonical}: {_yaml_str(src)}"
            lines.append(f"  {entry.ljust(width)}  # {mark}: {t('NEW_Y_GUESS_FROM', lang, column=src)}")
        for canonical in p.missing:
            lines.append(f"  # {canonical}: ???  # {mark}: {t('NEW_Y_NOT_FOUND', lang, column=canonical)}")
    if p.values:
        lines.append("values:")
        for column, mapping in p.values.items():
            lines.append(f"  {column}:")
            for value, (canonical, review) in mapping.items():
                note = f"  # {mark}: {t('NEW_Y_UNKNOWN_VALUE', lang, value=value, canonical=canonical)}" \
                    if review else ""
                lines.append(f"    {_yaml_key(value)}: {canonical}{note}")
    if p.constants:
        lines.append("constants:")
        for column, value in p.constants.items():
            key = "NEW_Y_NO_SPEND" if column == "spend" else "NEW_Y_CONSTANT"
            shown = value if column == "spend" else _yaml_str(value)
            lines.append(f"  {column}: {shown}  # {mark}: {t(key, lang, column=column)}")
    return lines


def summary(proposals: list[Proposal], folder: Path, lang: str = "de") -> list[str]:
    """One line per file: which table, which preset and why, or how much was guessed."""
    from kpikit.sources.presets import PRESETS

    lines = []
    for p in proposals:
        if p.table is None:
            lines.append(t("NEW_S_NONE", lang, file=p.path.name, columns=", ".join(p.header[:8])))
        elif p.preset:
            why = ", ".join(f"«{src}»" if lang == "de" else f"'{src}'" for src in list(p.matched.values())[:6])
            lines.append(t("NEW_S_PRESET", lang, file=p.path.name, table=p.table, preset=p.preset,
                           label=PRESETS[p.preset]["label"], found=len(p.matched),
                           total=len(PRESETS[p.preset]["columns"]), why=why, rows=p.rows))
        else:
            lines.append(t("NEW_S_GUESSED", lang, file=p.path.name, table=p.table, count=p.review, rows=p.rows))
            if p.missing:
                lines.append("    " + t("NEW_S_MISSING", lang, columns=", ".join(p.missing)))
    currencies = sorted({p.currency for p in proposals if p.currency})
    if len(currencies) > 1:
        lines.append(t("NEW_S_CURRENCIES", lang, currencies=", ".join(currencies)))
    return lines


def _title(stem: str) -> str:
    """A folder or file name as a display name; legal forms keep their capitals.

    >>> _title("muster-ag"), _title("bau_gmbh"), _title("alpen-sa")
    ('Muster AG', 'Bau GmbH', 'Alpen SA')
    """
    forms = {"ag": "AG", "gmbh": "GmbH", "sa": "SA", "sarl": "Sàrl", "kg": "KG", "se": "SE", "ug": "UG"}
    words = stem.replace("-", " ").replace("_", " ").split()
    return " ".join(forms.get(w.casefold(), w[:1].upper() + w[1:]) for w in words)
