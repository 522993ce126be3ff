"""``kpikit new --from``: what an export file is, proposed from its header and values.

``propose(path)`` reads a file with kpikit's own reader and picks the preset whose columns it
holds, or, for a layout no preset knows, guesses a column mapping from the header and the values,
every guess marked for review. ``kpikit.company.scaffold_yaml`` writes the proposals as company.yaml.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpikit.company.config_sources import pick_column
from kpikit.company.prepare import drop_summary_rows
from kpikit.core.errors import DataError
from kpikit.sources.parse import parse_dates, parse_numbers
from kpikit.sources.presets import PRESETS
from kpikit.sources.raw import Raw
from kpikit.sources.read import read_raw
from kpikit.sources.schema import CATEGORY, DATE, ENUM, MONEY, STATUS, SYNONYMS, TABLES, Table
from kpikit.sources.workbook import EXCEL_SUFFIXES

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
    "converted": ("converted", "konvertiert", "iscustomer", "istkunde", "gewonnen"),
    "churned": ("churn", "churned", "gekundigt", "abgewandert", "cancelled", "canceled"),
    "churned_at": ("kundigungsdatum", "churndate", "churnedat", "cancellationdate", "gekundigtam"),
    "sessions": ("sessions", "sitzungen", "visits", "besuche"),
    "users": ("users", "nutzer", "benutzer", "totalusers", "activeusers", "besucher", "uniquevisitors"),
    "pageviews": ("pageviews", "seitenaufrufe", "views", "aufrufe", "screenpageviews"),
    "landing_page": ("landingpage", "zielseite", "einstiegsseite", "landingpageandquerystring", "pagepath"),
    "mrr": ("mrr", "monthlycharges", "monatsbeitrag", "monatlicherumsatz", "abobetrag"),
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



def score_presets(present: list[str]) -> list[tuple[float, str, dict[str, str]]]:
    """Presets whose required columns the header holds, best first: (share of preset columns found, name, found).

    >>> best = score_presets(["Kampagne", "Tag", "Impr.", "Klicks", "Kosten", "Conversions"])[0]
    >>> best[:2]
    (1.0, 'google_ads')
    >>> score_presets(["Datum", "Betrag"])
    []
    >>> [name for _, name, _ in score_presets(["Datum", "Klicks", "Impressionen", "CTR", "Position"])]
    ['search_console']
    >>> score_presets(["Datum", "Klicks", "Impressionen"])
    []
    """
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
        signature = preset.get("signature", ())
        if signature and not all(pick_column([name], present) for name in signature):
            continue  # its columns are too common to tell it apart without them
        if not signature and all(_norm(column) in GENERIC for column in found.values()):
            continue
        out.append((round(len(found) / len(preset["columns"]), 3), name, found))
    return sorted(out, key=lambda x: (-x[0], -len(x[2]), x[1]))


def propose(path: Path) -> Proposal:
    """Read ``path`` and propose how it feeds a canonical table: a preset, or a guessed mapping.

    Every sheet of a workbook is tried; the one that fits best is taken.

    Parameters
    ----------
    path : Path
        An export file.

    Returns
    -------
    Proposal
        The table, preset or guessed mapping, and what to review.

    Raises
    ------
    DataError
        When no sheet of the file can be read.
    """
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
    import openpyxl  # lazy, as in kpikit.sources.workbook: about 60 ms, and only workbooks need it

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


def _propose_raw(path: Path, raw: Raw, sheet: str | None) -> Proposal:
    present = [str(c) for c in raw.frame.columns]
    proposal = Proposal(path, [str(h) for h in raw.header], len(raw.frame), currency=_currency(raw.frame),
                        sheet=sheet)
    ranked = score_presets(present)
    if ranked:
        score, preset, found = ranked[0]
        proposal.table, proposal.preset = PRESETS[preset]["table"], preset
        proposal.matched, proposal.score = found, score
        if PRESETS[preset].get("summary_rows"):
            proposal.rows = len(drop_summary_rows(raw, PRESETS[preset]["summary_rows"]).frame)
        return proposal
    _guess(proposal, raw.frame)
    return proposal


def _norm(text: str) -> str:
    text = str(text).casefold().replace("ä", "a").replace("ö", "o").replace("ü", "u")
    return "".join(ch for ch in text if ch.isalnum())


def _fits(kind: str, values: pd.Series) -> bool:
    """Whether most filled values of a column read as ``kind`` (dates, money/counts) – the guess's sanity check."""
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


def _guess_table(table: Table, frame: pd.DataFrame) -> tuple[dict[str, str], float]:
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


def _guess(proposal: Proposal, frame: pd.DataFrame) -> None:
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
            proposal.constants[c] = default or display_title(proposal.path.stem)
    for c in table.columns:
        if c.kind == ENUM and c.name in mapping:
            proposal.values[c.name] = _value_map(c.name, frame[mapping[c.name]])


def _known_values(column: str) -> dict[str, str]:
    known = {}
    for preset in PRESETS.values():
        for value, canonical in preset.get("values", {}).get(column, {}).items():
            known[str(value).strip().casefold()] = canonical
    known.update(SYNONYMS.get(column, {}))
    return known


def _value_map(column: str, values: pd.Series) -> dict[str, tuple[str, bool]]:
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


def _currency(frame: pd.DataFrame) -> str | None:
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


def display_title(stem: str) -> str:
    """A folder or file name as a display name; legal forms keep their capitals.

    >>> display_title("muster-ag"), display_title("bau_gmbh"), display_title("alpen-sa")
    ('Muster AG', 'Bau GmbH', 'Alpen SA')
    """
    forms = {"ag": "AG", "gmbh": "GmbH", "sa": "SA", "sarl": "Sàrl", "kg": "KG", "se": "SE", "ug": "UG"}
    words = stem.replace("-", " ").replace("_", " ").split()
    return " ".join(forms.get(w.casefold(), w[:1].upper() + w[1:]) for w in words)
