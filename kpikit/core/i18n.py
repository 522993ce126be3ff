"""German/English message catalogue.

Every user-facing string of kpikit lives here under a stable key. German uses Swiss
spelling ("ss", never the sharp s). ``t(key, lang, **params)`` renders one message.

>>> t("row", "de", row=12)
'Zeile 12'
>>> t("row", "en", row=12)
'row 12'
"""

from __future__ import annotations

import os

LANGS = ("de", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # --- locations -------------------------------------------------------------------------------------
    "row": {"de": "Zeile {row}", "en": "row {row}"},
    "column": {"de": "Spalte «{column}»", "en": "column '{column}'"},
    "fix": {"de": "Lösung: {fix}", "en": "Fix: {fix}"},
    "did_you_mean": {"de": "Meinten Sie «{name}»?", "en": "Did you mean '{name}'?"},
    "columns_present": {"de": "Vorhandene Spalten: {columns}.", "en": "Columns present: {columns}."},
    # --- unusable input (errors) -------------------------------------------------------------------------
    "E_DIR_NOT_FOUND": {
        "de": "Der Firmenordner {path} existiert nicht.",
        "en": "The company folder {path} does not exist.",
    },
    "F_DIR_NOT_FOUND": {
        "de": "Pfad prüfen oder mit «kpikit new {path}» einen neuen Firmenordner anlegen.",
        "en": "Check the path, or create a company folder with 'kpikit new {path}'.",
    },
    "E_CONFIG_NOT_FOUND": {
        "de": "Im Ordner {path} fehlt die Datei company.yaml.",
        "en": "The folder {path} has no company.yaml.",
    },
    "F_CONFIG_NOT_FOUND": {
        "de": "Mit «kpikit new {path}» eine kommentierte company.yaml anlegen.",
        "en": "Create a commented company.yaml with 'kpikit new {path}'.",
    },
    "E_YAML_SYNTAX": {
        "de": "company.yaml ist kein gültiges YAML ({problem}).",
        "en": "company.yaml is not valid YAML ({problem}).",
    },
    "F_YAML_SYNTAX": {
        "de": "Einrückung (Leerzeichen, keine Tabs), Doppelpunkte und Anführungszeichen an dieser Stelle prüfen.",
        "en": "Check indentation (spaces, not tabs), colons and quotes at that position.",
    },
    "E_CONFIG_TYPE": {
        "de": "In company.yaml muss «{key}» {expected} sein, gefunden wurde: {got}.",
        "en": "In company.yaml, '{key}' must be {expected}; got: {got}.",
    },
    "F_CONFIG_TYPE": {
        "de": "Den Eintrag «{key}» wie in der Vorlage von «kpikit new» schreiben.",
        "en": "Write '{key}' as in the template written by 'kpikit new'.",
    },
    "E_CONFIG_UNKNOWN_KEY": {
        "de": "In company.yaml ist «{key}» unter «{section}» unbekannt. Erlaubt: {allowed}.",
        "en": "In company.yaml, '{key}' is not known under '{section}'. Allowed: {allowed}.",
    },
    "F_CONFIG_UNKNOWN_KEY": {
        "de": "Schreibweise korrigieren oder den Eintrag entfernen.",
        "en": "Correct the spelling or remove the entry.",
    },
    "E_CONFIG_MISSING_KEY": {
        "de": "In company.yaml fehlt der Pflichteintrag «{key}».",
        "en": "company.yaml lacks the required entry '{key}'.",
    },
    "F_CONFIG_MISSING_KEY": {
        "de": "«{key}» ergänzen, siehe Vorlage von «kpikit new».",
        "en": "Add '{key}'; see the template written by 'kpikit new'.",
    },
    "E_UNKNOWN_KPI": {
        "de": "Die KPI «{kpi}» ({where}) gibt es nicht.",
        "en": "There is no KPI '{kpi}' ({where}).",
    },
    "F_UNKNOWN_KPI": {
        "de": "Eine KPI-ID aus dem Katalog verwenden («kpikit kpis --list»): {allowed}.",
        "en": "Use a KPI id from the catalogue ('kpikit kpis --list'): {allowed}.",
    },
    "E_UNKNOWN_PRESET": {
        "de": "Die Vorlage (preset) «{preset}» für {table} ist unbekannt.",
        "en": "The preset '{preset}' for {table} is unknown.",
    },
    "F_UNKNOWN_PRESET": {
        "de": "Bekannte Vorlagen: {allowed}. Sonst die Spalten mit «columns:» zuordnen.",
        "en": "Known presets: {allowed}. Otherwise map the columns with 'columns:'.",
    },
    "E_FILE_NOT_FOUND": {
        "de": "Die Datei {file} für die Tabelle «{table}» wurde nicht gefunden.",
        "en": "The file {file} for the table '{table}' was not found.",
    },
    "F_FILE_NOT_FOUND": {
        "de": "Den Export nach {file} legen oder den Pfad unter sources.{table}.file in company.yaml anpassen "
        "(relativ zum Firmenordner).",
        "en": "Put the export at {file} or fix sources.{table}.file in company.yaml "
        "(relative to the company folder).",
    },
    "E_FILE_FORMAT": {
        "de": "Die Datei {file} hat ein unbekanntes Format ({suffix}).",
        "en": "The file {file} has an unsupported format ({suffix}).",
    },
    "F_FILE_FORMAT": {
        "de": "Als CSV, TSV, TXT, XLSX oder Parquet exportieren.",
        "en": "Export it as CSV, TSV, TXT, XLSX or Parquet.",
    },
    "E_FILE_UNREADABLE": {
        "de": "Die Datei {file} lässt sich nicht lesen: {detail}.",
        "en": "The file {file} cannot be read: {detail}.",
    },
    "F_FILE_UNREADABLE": {
        "de": "Den Export neu erstellen; Excel-Dateien ohne Passwortschutz als .xlsx speichern.",
        "en": "Export the file again; save workbooks as .xlsx without password protection.",
    },
    "E_FILE_EMPTY": {
        "de": "Die Datei {file} ist leer.",
        "en": "The file {file} is empty.",
    },
    "F_FILE_EMPTY": {
        "de": "Den Export mit Kopfzeile und Daten erneut herunterladen.",
        "en": "Download the export again, with its header and data.",
    },
    "E_SHEET_NOT_FOUND": {
        "de": "Die Arbeitsmappe {file} hat kein Blatt «{sheet}». Vorhandene Blätter: {sheets}.",
        "en": "The workbook {file} has no sheet '{sheet}'. Sheets present: {sheets}.",
    },
    "F_SHEET_NOT_FOUND": {
        "de": "read.sheet in company.yaml auf eines der vorhandenen Blätter setzen.",
        "en": "Set read.sheet in company.yaml to one of the sheets present.",
    },
    "E_MISSING_COLUMN": {
        "de": "Der Datei {file} fehlt die Pflichtspalte «{source_column}» für «{column}» (Tabelle {table}).",
        "en": "The file {file} lacks the required column '{source_column}' for '{column}' (table {table}).",
    },
    "E_MISSING_MAPPED_COLUMN": {
        "de": "Der Datei {file} fehlt die Spalte «{source_column}», die company.yaml «{column}» zuordnet "
        "(Tabelle {table}).",
        "en": "The file {file} lacks the column '{source_column}' that company.yaml maps to '{column}' "
        "(table {table}).",
    },
    "F_MISSING_COLUMN": {
        "de": "Die Spalte im Export ergänzen oder unter sources.{table}.columns.{column} den richtigen "
        "Spaltennamen eintragen.",
        "en": "Add the column to the export or enter the right column name under "
        "sources.{table}.columns.{column}.",
    },
    "E_UNKNOWN_COLUMN": {
        "de": "company.yaml ordnet «{column}» zu, aber die Tabelle {table} kennt diese Spalte nicht. "
        "Bekannt: {allowed}.",
        "en": "company.yaml maps '{column}', but the table {table} has no such column. Known: {allowed}.",
    },
    "F_UNKNOWN_COLUMN": {
        "de": "Einen der bekannten Spaltennamen verwenden.",
        "en": "Use one of the known column names.",
    },
    "E_NO_DATA": {
        "de": "company.yaml nennt keine Datenquellen (sources).",
        "en": "company.yaml names no data sources (sources).",
    },
    "F_NO_DATA": {
        "de": "Unter «sources:» mindestens eine Tabelle (leads, deals, orders, campaigns, costs) mit Datei angeben.",
        "en": "List at least one table (leads, deals, orders, campaigns, costs) with its file under 'sources:'.",
    },
    "E_BAD_OPTION": {
        "de": "Ungültiger Wert {name}={value!r}. Erlaubt: {allowed}.",
        "en": "Invalid value {name}={value!r}. Allowed: {allowed}.",
    },
    "F_BAD_OPTION": {
        "de": "Einen der erlaubten Werte angeben.",
        "en": "Give one of the allowed values.",
    },
    "E_DIR_EXISTS": {
        "de": "Im Ordner {path} gibt es bereits eine company.yaml.",
        "en": "The folder {path} already has a company.yaml.",
    },
    "F_DIR_EXISTS": {
        "de": "Einen anderen Ordner wählen oder --force angeben, um sie zu überschreiben.",
        "en": "Choose another folder, or pass --force to overwrite it.",
    },
    "E_INTERNAL": {
        "de": "Interner Fehler in kpikit: {detail}.",
        "en": "Internal error in kpikit: {detail}.",
    },
    "F_INTERNAL": {
        "de": "Mit --debug erneut ausführen und die Ausgabe den kpikit-Entwicklern melden.",
        "en": "Run again with --debug and report the output to the kpikit developers.",
    },
    # --- row-level problems (rows set aside) ----------------------------------------------------------
    "P_MISSING_VALUE": {"de": "Pflichtwert fehlt.", "en": "Required value is missing."},
    "PF_MISSING_VALUE": {
        "de": "Im Quellsystem nachtragen und neu exportieren.",
        "en": "Fill it in at the source system and export again.",
    },
    "P_INVALID_NUMBER": {"de": "«{value}» ist keine Zahl.", "en": "'{value}' is not a number."},
    "PF_INVALID_NUMBER": {
        "de": "Einen Betrag wie 1'234.50 oder 1.234,50 eintragen (ohne Text).",
        "en": "Enter an amount such as 1'234.50 or 1.234,50 (no text).",
    },
    "P_INVALID_DATE": {"de": "«{value}» ist kein gültiges Datum.", "en": "'{value}' is not a valid date."},
    "PF_INVALID_DATE": {
        "de": "Ein gültiges Datum wie 31.01.2025 oder 2025-01-31 eintragen.",
        "en": "Enter a valid date such as 31.01.2025 or 2025-01-31.",
    },
    "P_EXCEL_SERIAL_DATE": {
        "de": "«{value}» ist eine Excel-Seriennummer (entspricht dem {date}), kein Datum.",
        "en": "'{value}' is an Excel serial number (it stands for {date}), not a date.",
    },
    "PF_EXCEL_SERIAL_DATE": {
        "de": "In Excel die Spalte markieren, als Datum formatieren (Zellen formatieren > Datum) und neu "
        "speichern; oder im Quellsystem das Datum als 31.01.2025 exportieren.",
        "en": "In Excel, select the column, format it as a date (Format Cells > Date) and save again; or export "
        "the date as 2025-01-31 from the source system.",
    },
    "P_INVALID_VALUE": {
        "de": "«{value}» ist kein erlaubter Wert (erlaubt: {allowed}).",
        "en": "'{value}' is not an allowed value (allowed: {allowed}).",
    },
    "PF_INVALID_VALUE": {
        "de": "Unter sources.{table}.values.{column} in company.yaml eine Zuordnung ergänzen, "
        "z. B. «{value}»: {example}.",
        "en": "Add a mapping under sources.{table}.values.{column} in company.yaml, "
        "e.g. '{value}': {example}.",
    },
    "P_NEGATIVE_VALUE": {
        "de": "Negativer Wert {value} ist hier nicht zulässig.",
        "en": "Negative value {value} is not allowed here.",
    },
    "PF_NEGATIVE_VALUE": {
        "de": "Gutschriften und Stornos im Quellsystem separat führen oder den Vorzeichenfehler korrigieren.",
        "en": "Keep credit notes and cancellations apart in the source system, or fix the sign.",
    },
    "P_DUPLICATE_ID": {
        "de": "Die ID «{value}» kommt mehrfach vor (zuerst in Zeile {first_row}); nur das erste Vorkommen zählt.",
        "en": "The id '{value}' occurs more than once (first in row {first_row}); only the first counts.",
    },
    "P_DUPLICATE_ID_ACROSS_FILES": {
        "de": "Die ID «{value}» wurde schon aus einer früheren Datei dieser Tabelle geladen ({files}); nur das "
        "erste Vorkommen zählt.",
        "en": "The id '{value}' was already loaded from an earlier file of this table ({files}); only the first "
        "counts.",
    },
    "PF_DUPLICATE_ID_ACROSS_FILES": {
        "de": "Prüfen, ob sich die Exporte überschneiden, und den Zeitraum der Exporte abgrenzen.",
        "en": "Check whether the exports overlap, and make their periods disjoint.",
    },
    "PF_DUPLICATE_ID": {
        "de": "Doppelten Datensatz im Quellsystem zusammenführen oder löschen.",
        "en": "Merge or delete the duplicate record in the source system.",
    },
    "P_CLOSED_BEFORE_CREATED": {
        "de": "Abschlussdatum {value} liegt vor dem Erstelldatum {other}.",
        "en": "Close date {value} is before the creation date {other}.",
    },
    "PF_CLOSED_BEFORE_CREATED": {
        "de": "Erstell- oder Abschlussdatum im CRM korrigieren.",
        "en": "Correct the creation or close date in the CRM.",
    },
    "P_MISSING_CLOSE_DATE": {
        "de": "Abschluss «{value}» ohne Abschlussdatum.",
        "en": "Deal marked '{value}' without a close date.",
    },
    "PF_MISSING_CLOSE_DATE": {
        "de": "Das Abschlussdatum im CRM nachtragen.",
        "en": "Fill in the close date in the CRM.",
    },
    "P_RAGGED_ROW": {
        "de": "Die Zeile hat {got} statt {expected} Felder.",
        "en": "The row has {got} fields instead of {expected}.",
    },
    "PF_RAGGED_ROW": {
        "de": "Trennzeichen oder Anführungszeichen in dieser Zeile prüfen (z. B. ein Dezimalkomma in einer "
        "kommagetrennten Datei); Text mit Trennzeichen in \"…\" setzen.",
        "en": "Check separators and quotes on this row (e.g. a decimal comma in a comma-separated file); quote text "
        "that contains the separator.",
    },
    # --- file-level warnings ---------------------------------------------------------------------------
    "W_DUPLICATE_ROWS": {
        "de": "Zeilen, die eine andere Zeile exakt wiederholen: {count} (Zeile(n) {rows}); ohne ID-Spalte werden "
        "sie mitgezählt.",
        "en": "Rows that exactly repeat another row: {count} (rows {rows}); with no id column they are counted.",
    },
    "WF_DUPLICATE_ROWS": {
        "de": "Prüfen, ob der Export doppelt ist; mit einer ID-Spalte (z. B. order_id) erkennt kpikit Duplikate.",
        "en": "Check whether the export repeats rows; with an id column (e.g. order_id) kpikit detects them.",
    },
    "W_THOUSANDS_DOT": {
        "de": "Die Punkte in dieser Spalte trennen Tausender: «{value}» wurde als {number} gelesen.",
        "en": "The points in this column separate thousands: '{value}' was read as {number}.",
    },
    "WF_THOUSANDS_DOT": {
        "de": "Nichts zu tun, wenn das stimmt. Ist der Punkt hier ein Dezimalpunkt, unter sources.{table}.read "
        "«decimal: '.'» eintragen.",
        "en": "Nothing to do if that is right. If the point is a decimal point here, add \"decimal: '.'\" under "
        "sources.{table}.read.",
    },
    "W_DUPLICATE_HEADER": {
        "de": "Die Kopfzeile enthält «{value}» mehrfach; verwendet wird die erste Spalte.",
        "en": "The header contains '{value}' more than once; the first column is used.",
    },
    "WF_DUPLICATE_HEADER": {
        "de": "Doppelte Spalte im Export umbenennen oder entfernen.",
        "en": "Rename or remove the duplicate column in the export.",
    },
    # --- validate summary ------------------------------------------------------------------------------
    "validate_title": {"de": "{name} – Datenprüfung", "en": "{name} – data check"},
    "validate_sources": {"de": "Quellen", "en": "Sources"},
    "validate_skipped_summary": {
        "de": "übersprungen: {count} Summenzeile(n) des Berichts, keine Daten (Zeile(n) {rows})",
        "en": "skipped: {count} report total row(s), not data (row(s) {rows})",
    },
    "validate_skipped_footer": {
        "de": "übersprungen: {count} Zeile(n) der Berichtsfusszeile, keine Daten (Zeile(n) {rows})",
        "en": "skipped: {count} line(s) of the report footer, not data (row(s) {rows})",
    },
    "validate_source_line": {
        "de": "{table:<10} {file:<32} {read:>8} gelesen {loaded:>8} geladen {rejected:>6} abgewiesen",
        "en": "{table:<10} {file:<32} {read:>8} read    {loaded:>8} loaded  {rejected:>6} rejected",
    },
    "validate_findings": {"de": "Befunde ({count})", "en": "Findings ({count})"},
    "validate_clean": {
        "de": "Keine Befunde: alle {rows} Zeilen geladen.",
        "en": "No findings: all {rows} rows loaded.",
    },
    "validate_result": {
        "de": "Ergebnis: {rejected} Zeile(n) abgewiesen, {warnings} Warnung(en). Abgewiesene Zeilen zählen in "
        "keiner KPI.",
        "en": "Result: {rejected} row(s) rejected, {warnings} warning(s). Rejected rows count in no KPI.",
    },
    "validate_more": {"de": "… und {count} weitere Zeilen", "en": "… and {count} more rows"},
    "severity_rejected": {"de": "abgewiesen", "en": "rejected"},
    "severity_warning": {"de": "Warnung", "en": "warning"},
    "new_done": {
        "de": "Firmenordner angelegt: {path}\nNächste Schritte: Exporte nach {path}/exports legen, "
        "company.yaml anpassen, dann «kpikit validate {path}».",
        "en": "Company folder created: {path}\nNext: put the exports into {path}/exports, "
        "adapt company.yaml, then run 'kpikit validate {path}'.",
    },
    # --- KPI notes: why a value is undefined, or what to keep in mind -------------------------------
    "N_NO_TABLE": {
        "de": "nicht berechenbar: Tabelle «{table}» fehlt (in company.yaml unter sources ergänzen)",
        "en": "not computable: table '{table}' is missing (add it under sources in company.yaml)",
    },
    "N_NO_COLUMN": {
        "de": "nicht berechenbar: Spalte «{column}» fehlt in {table}",
        "en": "not computable: column '{column}' is missing in {table}",
    },
    "N_NO_DIMENSION": {
        "de": "nicht nach «{dim}» aufteilbar: die Daten dieser KPI haben diese Spalte nicht",
        "en": "cannot be split by '{dim}': the data of this KPI has no such column",
    },
    "N_NO_CUSTOMERS": {
        "de": "nicht berechenbar: weder Deals noch Bestellungen vorhanden",
        "en": "not computable: neither deals nor orders are present",
    },
    "N_NO_SPEND": {
        "de": "nicht berechenbar: keine Ausgabendaten (campaigns oder costs)",
        "en": "not computable: no spend data (campaigns or costs)",
    },
    "N_NO_CONVERSION": {
        "de": "nicht berechenbar: Leads ohne converted_at und ohne customer_id",
        "en": "not computable: leads have neither converted_at nor customer_id",
    },
    "U_NO_CLOSED_DEALS": {"de": "keine abgeschlossenen Deals {period}", "en": "no deals closed {period}"},
    "U_NO_WON_DEALS": {"de": "keine gewonnenen Deals {period}", "en": "no deals won {period}"},
    "U_NO_CUSTOMERS": {"de": "keine Kunden {period}", "en": "no customers {period}"},
    "U_NO_NEW_CUSTOMERS": {"de": "keine Neukunden {period}", "en": "no new customers {period}"},
    "U_NO_LEADS": {"de": "keine Leads {period}", "en": "no leads {period}"},
    "U_NO_IMPRESSIONS": {"de": "keine Impressionen {period}", "en": "no impressions {period}"},
    "U_NO_CLICKS": {"de": "keine Klicks {period}", "en": "no clicks {period}"},
    "U_NO_PURCHASES": {"de": "keine Kauf-Conversions {period}", "en": "no purchase conversions {period}"},
    "U_NO_ORDERS": {"de": "keine Bestellungen {period}", "en": "no orders {period}"},
    "U_NOT_COVERED": {
        "de": "keine Daten aus «{table}» {period} (Daten vom {first} bis {last}; unbekannt, nicht 0)",
        "en": "no data from '{table}' {period} (data from {first} to {last}; unknown, not 0)",
    },
    "U_NO_SPEND_SEGMENT": {
        "de": "keine Ausgabendaten für dieses Segment {period} (unbekannt, nicht 0)",
        "en": "no spend data for this segment {period} (unknown, not 0)",
    },
    "U_ZERO_DENOMINATOR": {"de": "Nenner ist 0 {period}", "en": "denominator is 0 {period}"},
    "U_OVER_ONE": {
        "de": "nicht definiert: Zähler {num} grösser als Nenner {den} (z. B. View-Through-Conversions)",
        "en": "undefined: numerator {num} exceeds denominator {den} (e.g. view-through conversions)",
    },
    "U_REACH_UPPER_BOUND": {
        "de": "Summe täglicher Reichweiten: Obergrenze der eindeutigen Reichweite",
        "en": "sum of daily reach: an upper bound on unique reach",
    },
    "U_REACH_IMPRESSIONS": {
        "de": "Impressionen stehen für fehlende Reichweite; Summe ist eine Obergrenze der eindeutigen Reichweite",
        "en": "impressions stand in for missing reach; the sum is an upper bound on unique reach",
    },
    "U_CRM_LEADS": {
        "de": "Nenner: im CRM erfasste Leads (Kampagnen melden keine Leads)",
        "en": "denominator: leads created in the CRM (campaigns report no leads)",
    },
    "U_NO_COSTS_TABLE": {
        "de": "nur Kampagnenausgaben: Tabelle «costs» (Vertriebs- und übrige Marketingkosten) fehlt",
        "en": "campaign spend only: table 'costs' (sales and other marketing costs) is missing",
    },
    "U_COSTS_UNATTRIBUTED": {
        "de": "nur zuordenbare Kampagnenausgaben; Kosten ohne Segment ({amount}) nicht enthalten",
        "en": "attributable campaign spend only; costs without a segment ({amount}) not included",
    },
    "U_CLV_METHOD": {
        "de": "Methode: historischer Durchschnitt (kumulierter Umsatz / kumulierte Kunden), keine Prognose",
        "en": "method: historical average (cumulative revenue / cumulative customers), not a forecast",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise a ``ValueError`` naming the allowed values.

    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise ValueError(f"Got lang={lang!r}. Must be one of {list(LANGS)}.")
    return lang


def default_lang() -> str:
    """Language from the ``KPIKIT_LANG`` environment variable, German by default."""
    lang = os.environ.get("KPIKIT_LANG", "de")
    return lang if lang in LANGS else "de"


def t(key: str, lang: str = "de", /, **params: object) -> str:
    """Render the message ``key`` in ``lang`` with ``params``."""
    entry = MESSAGES[key]
    return entry[check_lang(lang)].format(**params)


def has(key: str) -> bool:
    """Whether the catalogue holds ``key``."""
    return key in MESSAGES


def fmt_int(n: int | float) -> str:
    """Format an integer the Swiss way, with an apostrophe as thousands separator.

    >>> fmt_int(1234567)
    "1'234'567"
    """
    return f"{int(n):,}".replace(",", "'")


# --- kpis command: comparison and notes -----------------------------------------------------------------
MESSAGES.update({
    "K_compare_head": {"de": "Vergleich der letzten Periode ({period})",
                       "en": "Comparison of the last period ({period})"},
    "K_previous": {"de": "Vorperiode {value} ({change})", "en": "previous {value} ({change})"},
    "K_last_year": {"de": "Vorjahr {value} ({change})", "en": "last year {value} ({change})"},
    "K_target": {"de": "Ziel {value}: {met}", "en": "target {value}: {met}"},
    "K_met": {"de": "erreicht", "en": "met"},
    "K_not_met": {"de": "nicht erreicht", "en": "not met"},
    "K_better": {"de": "besser", "en": "better"},
    "K_worse": {"de": "schlechter", "en": "worse"},
    "K_same": {"de": "gleich", "en": "unchanged"},
    "K_undefined_head": {"de": "«–» heisst nicht berechenbar:", "en": "'–' means undefined:"},
    "K_notes_head": {"de": "Hinweise zu den Werten:", "en": "Notes on the values:"},
    "K_list_head": {"de": "{n} KPIs im Katalog (Details: --format csv oder json)",
                    "en": "{n} KPIs in the catalogue (details: --format csv or json)"},
    "funnel_no_leads": {
        "de": "*Ohne Tabelle «leads» gibt es keinen Trichter: Kontakte bzw. Leads aus dem CRM exportieren.*",
        "en": "*Without a 'leads' table there is no funnel: export the contacts or leads from the CRM.*",
    },
    "funnel_no_link": {
        "de": "*Der Trichter endet bei den Leads: die Deals tragen keine Lead-ID (Spalte «lead_id»), also lässt "
        "sich nicht sagen, aus welchem Lead ein Deal wurde. Im CRM die Verknüpfung Deal → Kontakt mit "
        "exportieren und unter sources.deals.columns.lead_id zuordnen.*",
        "en": "*The funnel stops at the leads: the deals carry no lead id (column 'lead_id'), so it cannot be "
        "told which lead became which deal. Export the deal → contact link from the CRM and map it under "
        "sources.deals.columns.lead_id.*",
    },
    "L_no_data_chart": {"de": "Keine Werte für diese Grafik", "en": "No values for this chart"},
    "L_no_segment_series": {"de": "kein Segment hat mindestens zwei Perioden mit Wert",
                            "en": "no segment has at least two periods with a value"},
    "L_no_segment_values": {"de": "kein Kanal hat in diesem Zeitraum einen Wert",
                            "en": "no channel has a value in this span"},
    "L_no_goals": {"de": "Noch keine Ziele in company.yaml definiert.",
                   "en": "No goals defined in company.yaml yet."},
    "L_add_goals": {"de": "1 bis 3 SMART-Ziele formulieren (Zielbauer in Phase 1) und unter goals: eintragen.",
                    "en": "Write 1 to 3 SMART goals (goal builder in phase 1) and add them under goals:."},
    "L_no_rejected": {"de": "Keine abgewiesenen Zeilen: alle Zeilen wurden geladen.",
                      "en": "No rejected rows: every row was loaded."},
    "L_fit_set_goal": {"de": "noch ohne Ziel: ein SMART-Ziel dafür formulieren",
                       "en": "no goal yet: write a SMART goal for it"},
    "L_no_findings": {"de": "Keine Befunde: hier ist nichts zu beanstanden.",
                      "en": "No findings: nothing to flag here."},
    "E_BAD_AS_OF": {"de": "Der Stichtag «{value}» ist kein Datum.", "en": "The cut-off date '{value}' is not a date."},
    "F_BAD_AS_OF": {"de": "Stichtag (--as-of, as_of) als TT.MM.JJJJ oder JJJJ-MM-TT angeben, z. B. 30.09.2026.",
                    "en": "Give the cut-off date (--as-of, as_of) as YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-09-30."},
})


# --- findings of the checks and diagnoses: C_<code> message, R_<code> recommendation ----------------------
MESSAGES.update({
    "C_KPI_COUNT_HIGH": {
        "de": "{count} KPIs ausgewählt ({kpis}); mehr als 5 verwässern den Fokus.",
        "en": "{count} KPIs selected ({kpis}); more than 5 dilute the focus.",
    },
    "R_KPI_COUNT_HIGH": {
        "de": "Auf 3 bis 5 KPIs beschränken, die direkt an einem Ziel hängen; die übrigen höchstens beobachten.",
        "en": "Keep 3 to 5 KPIs that each serve a goal; watch the others at most.",
    },
    "C_KPI_COUNT_LOW": {
        "de": "Nur {count} KPIs ausgewählt ({kpis}); unter 3 fehlt ein vollständiges Bild von Marketing und Vertrieb.",
        "en": "Only {count} KPIs selected ({kpis}); fewer than 3 miss part of marketing and sales.",
    },
    "R_KPI_COUNT_LOW": {
        "de": "3 bis 5 KPIs wählen, mindestens je eine für Marketing (z. B. CAC) und Vertrieb (z. B. Abschlussrate).",
        "en": "Choose 3 to 5 KPIs, at least one each for marketing (e.g. CAC) and sales (e.g. close rate).",
    },
    "C_KPI_WITHOUT_GOAL": {
        "de": "Die KPI «{name}» hängt an keinem Ziel.",
        "en": "The KPI '{name}' serves no goal.",
    },
    "R_KPI_WITHOUT_GOAL": {
        "de": "Ein SMART-Ziel für «{name}» formulieren oder die KPI aus der Auswahl nehmen.",
        "en": "Write a SMART goal for '{name}' or drop the KPI from the selection.",
    },
    "C_GOAL_WITHOUT_KPI": {
        "de": "Das Ziel «{goal}» nennt keine KPI, an der es gemessen wird.",
        "en": "The goal '{goal}' names no KPI to measure it by.",
    },
    "R_GOAL_WITHOUT_KPI": {
        "de": "Im Ziel «kpi:» mit einer KPI aus dem Katalog ergänzen.",
        "en": "Add 'kpi:' with a KPI from the catalogue to the goal.",
    },
    "C_GOAL_KPI_NOT_SELECTED": {
        "de": "Das Ziel «{goal}» wird an «{name}» gemessen, diese KPI ist aber nicht unter «kpis» ausgewählt.",
        "en": "The goal '{goal}' is measured by '{name}', but that KPI is not selected under 'kpis'.",
    },
    "R_GOAL_KPI_NOT_SELECTED": {
        "de": "«{kpi}» in die KPI-Auswahl aufnehmen, damit das Ziel regelmässig verfolgt wird.",
        "en": "Add '{kpi}' to the KPI selection so the goal is followed regularly.",
    },
    "C_GOAL_NOT_SMART": {
        "de": "Das Ziel «{goal}» ist nicht SMART: es fehlt {missing}.",
        "en": "The goal '{goal}' is not SMART: it lacks {missing}.",
    },
    "R_GOAL_NOT_SMART": {
        "de": "Aussage (statement), KPI (kpi), Zielwert (target), Raster (per: month/quarter/year) und Termin "
        "(deadline) angeben.",
        "en": "Give a statement, a KPI (kpi), a target, a grain (per: month/quarter/year) and a deadline.",
    },
    "C_GOAL_OFF_TRACK": {
        "de": "Ziel «{goal}» liegt nicht auf Kurs: {name} {actual} in {period}, erwartet auf dem Weg zum Ziel "
        "{expected} (Ziel {target} bis {deadline}).",
        "en": "Goal '{goal}' is off track: {name} {actual} in {period}, expected on the path to target "
        "{expected} (target {target} by {deadline}).",
    },
    "R_GOAL_OFF_TRACK": {
        "de": "Ursachen mit den Diagnosen prüfen; Massnahmen oder ein realistischeres Ziel festlegen.",
        "en": "Look for causes in the diagnoses; set measures or a more realistic goal.",
    },
    "C_GOAL_AT_RISK": {
        "de": "Ziel «{goal}» ist gefährdet: {name} {actual} in {period}, erwartet {expected} (Ziel {target} "
        "bis {deadline}).",
        "en": "Goal '{goal}' is at risk: {name} {actual} in {period}, expected {expected} (target {target} "
        "by {deadline}).",
    },
    "R_GOAL_AT_RISK": {
        "de": "Entwicklung in den nächsten Perioden eng verfolgen und früh gegensteuern.",
        "en": "Follow the next periods closely and act early.",
    },
    "C_WINDOW_TOO_SHORT": {
        "de": "Die Daten umfassen nur {periods} vollständige {grains}; für einen Trend braucht es mindestens "
        "{needed}.",
        "en": "The data covers only {periods} complete {grains}; a trend needs at least {needed}.",
    },
    "R_WINDOW_TOO_SHORT": {
        "de": "Geduld: noch etwa {weeks} Wochen Daten sammeln, bevor Trends beurteilt werden.",
        "en": "Be patient: collect about {weeks} more weeks of data before judging trends.",
    },
    "C_TOO_FEW_OBSERVATIONS": {
        "de": "«{name}» beruht pro {grain} auf nur etwa {n} Beobachtungen; damit lassen sich erst Änderungen "
        "ab {mde} Prozentpunkten von Zufall unterscheiden.",
        "en": "'{name}' rests on only about {n} observations per {grain}; only changes of {mde} percentage "
        "points or more can be told from noise.",
    },
    "R_TOO_FEW_OBSERVATIONS": {
        "de": "Für eine Änderung von {delta} Punkten braucht es rund {needed} Beobachtungen je Periode, beim "
        "heutigen Tempo {wait}; längere Perioden vergleichen statt einzelne {grains}.",
        "en": "A change of {delta} points needs about {needed} observations per period, {wait} at today's "
        "pace; compare longer periods rather than single {grains}.",
    },
    "C_CHANGE_WITHIN_NOISE": {
        "de": "«{name}» hat sich von {previous} ({prev_period}) auf {current} ({period}) verändert; die Änderung "
        "liegt im Rauschen ({p}).",
        "en": "'{name}' moved from {previous} ({prev_period}) to {current} ({period}); the change lies within "
        "noise ({p}).",
    },
    "R_CHANGE_WITHIN_NOISE": {
        "de": "Keine Massnahme allein wegen dieser Änderung; weitere Perioden abwarten.",
        "en": "Do not act on this change alone; wait for further periods.",
    },
    "C_CHANNELS_UNMATCHED": {
        "de": "Die Werbekanäle «{ad}» kommen im CRM nicht vor (dort: «{crm}»); CAC und Kosten pro Lead je Kanal "
        "bleiben für sie unbekannt.",
        "en": "The ad channels '{ad}' do not occur in the CRM (there: '{crm}'); CAC and cost per lead per channel "
        "stay unknown for them.",
    },
    "R_CHANNELS_UNMATCHED": {
        "de": "In company.yaml unter {where} die CRM-Kanäle den Werbekanälen zuordnen, z. B. "
        "«{example_crm}»: {example_ad}.",
        "en": "Map the CRM channels to the ad channels under {where} in company.yaml, e.g. "
        "'{example_crm}': {example_ad}.",
    },
    "C_KPI_NOT_COMPUTABLE": {
        "de": "«{name}» lässt sich aus den vorhandenen Daten nicht berechnen ({reason}).",
        "en": "'{name}' cannot be computed from the data at hand ({reason}).",
    },
    "R_KPI_NOT_COMPUTABLE": {
        "de": "Erfassen: {capture}.",
        "en": "Capture: {capture}.",
    },
    "C_VANITY_METRIC": {
        "de": "{names} ausgewählt, aber keine Ergebnis-KPI (z. B. Neukunden, Conversion-Rate, CAC): Reichweite "
        "allein sagt nichts über den Erfolg.",
        "en": "{names} selected, but no outcome KPI (e.g. new customers, conversion rate, CAC): reach alone "
        "says nothing about success.",
    },
    "R_VANITY_METRIC": {
        "de": "Eine Ergebnis-KPI ergänzen, die zeigt, ob aus Reichweite Kunden werden.",
        "en": "Add an outcome KPI that shows whether reach turns into customers.",
    },
    "C_CLOSE_RATE_FALLING_LEADS_FLAT": {
        "de": "Die Abschlussrate ist in {window} auf {current} gefallen (vorher {baseline} in {base_window}), "
        "während die Zahl der Leads gleich blieb ({leads_change}). Sicherheit: {confidence} ({p}).",
        "en": "The close rate fell to {current} in {window} (before: {baseline} in {base_window}) while lead "
        "volume stayed flat ({leads_change}). Confidence: {confidence} ({p}).",
    },
    "R_CLOSE_RATE_FALLING_LEADS_FLAT": {
        "de": "Leadqualität prüfen (Kanäle mit dem grössten Rückgang: {channels}) oder das Verkaufsteam schulen "
        "(grösster Rückgang bei: {owners}).",
        "en": "Check lead quality (channels with the largest drop: {channels}) or train the sales team "
        "(largest drop: {owners}).",
    },
    "C_CLOSE_RATE_FALLING": {
        "de": "Die Abschlussrate ist in {window} auf {current} gefallen (vorher {baseline} in {base_window}); "
        "die Leads haben sich ebenfalls verändert ({leads_change}). Sicherheit: {confidence} ({p}).",
        "en": "The close rate fell to {current} in {window} (before: {baseline} in {base_window}); lead volume "
        "changed too ({leads_change}). Confidence: {confidence} ({p}).",
    },
    "R_CLOSE_RATE_FALLING": {
        "de": "Zuerst prüfen, ob die veränderte Lead-Menge die Qualität verschoben hat; dann Leadqualität und "
        "Verkaufsprozess je Kanal ({channels}) und Person ({owners}) ansehen.",
        "en": "First check whether the changed lead volume shifted quality; then look at lead quality and the "
        "sales process by channel ({channels}) and person ({owners}).",
    },
    "C_CAC_RISING": {
        "de": "Die Kundenakquisitionskosten{where} sind in {window} auf {current} gestiegen (vorher {baseline} "
        "in {base_window}, ×{ratio}). Sicherheit: {confidence} ({p}).",
        "en": "Customer acquisition cost{where} rose to {current} in {window} (before: {baseline} in "
        "{base_window}, ×{ratio}). Confidence: {confidence} ({p}).",
    },
    "R_CAC_RISING": {
        "de": "Marketing arbeitet ineffizient{where}: Budget, Zielgruppe, Gebote und Anzeigen optimieren oder "
        "Mittel in günstigere Kanäle verschieben.",
        "en": "Marketing is inefficient{where}: optimise budget, audience, bids and ads, or move money to "
        "cheaper channels.",
    },
    "confidence_very_high": {"de": "sehr hoch", "en": "very high"},
    "confidence_high": {"de": "hoch", "en": "high"},
    "confidence_moderate": {"de": "mässig", "en": "moderate"},
    "grain_month": {"de": "Monate", "en": "months"},
    "grain_quarter": {"de": "Quartale", "en": "quarters"},
    "grain_year": {"de": "Jahre", "en": "years"},
    "grain_week": {"de": "Wochen", "en": "weeks"},
    "grain1_month": {"de": "Monat", "en": "month"},
    "grain1_quarter": {"de": "Quartal", "en": "quarter"},
    "grain1_year": {"de": "Jahr", "en": "year"},
    "grain1_week": {"de": "Woche", "en": "week"},
    "and": {"de": "und", "en": "and"},
    "none": {"de": "keine", "en": "none"},
    "check_title": {"de": "{name} – Prüfung der KPI-Arbeit", "en": "{name} – check of the KPI work"},
    "check_clean": {"de": "Keine Befunde.", "en": "No findings."},
    "check_count": {"de": "{count} Befunde", "en": "{count} findings"},
    "severity_info": {"de": "Hinweis", "en": "info"},
    "severity_critical": {"de": "kritisch", "en": "critical"},
    "evidence": {"de": "Belege", "en": "Evidence"},
    "recommendation": {"de": "Empfehlung", "en": "Recommendation"},
})


# --- labels for notebooks, charts and reports: L_<name> ------------------------------------------------------
MESSAGES.update({
    "L_table": {"de": "Tabelle", "en": "Table"},
    "L_files": {"de": "Dateien", "en": "Files"},
    "L_rows": {"de": "Zeilen", "en": "Rows"},
    "L_rejected": {"de": "Abgewiesen", "en": "Rejected"},
    "L_skipped": {"de": "Übersprungen (Summen/Fusszeile)", "en": "Skipped (totals/footer)"},
    "L_from": {"de": "Von", "en": "From"},
    "L_to": {"de": "Bis", "en": "To"},
    "L_columns": {"de": "Spalten", "en": "Columns"},
    "L_present": {"de": "vorhanden", "en": "present"},
    "L_absent": {"de": "fehlt", "en": "missing"},
    "L_kpi": {"de": "KPI", "en": "KPI"},
    "L_value": {"de": "Wert", "en": "Value"},
    "L_last_quarter": {"de": "Letztes Quartal", "en": "Last quarter"},
    "L_last_year": {"de": "Letzte 4 Quartale", "en": "Last 4 quarters"},
    "L_direction": {"de": "Besser, wenn", "en": "Better when"},
    "L_higher": {"de": "höher", "en": "higher"},
    "L_lower": {"de": "tiefer", "en": "lower"},
    "L_note": {"de": "Hinweis", "en": "Note"},
    "L_goal": {"de": "Ziel", "en": "Goal"},
    "L_statement": {"de": "Aussage", "en": "Statement"},
    "L_target": {"de": "Zielwert", "en": "Target"},
    "L_per": {"de": "Raster", "en": "Grain"},
    "L_deadline": {"de": "Termin", "en": "Deadline"},
    "L_smart_missing": {"de": "Fehlt für SMART", "en": "Missing for SMART"},
    "L_status": {"de": "Status", "en": "Status"},
    "L_baseline": {"de": "Ausgangswert", "en": "Baseline"},
    "L_actual": {"de": "Ist", "en": "Actual"},
    "L_expected": {"de": "Soll (Pfad)", "en": "Expected (path)"},
    "L_projected": {"de": "Prognose zum Termin", "en": "Projected at deadline"},
    "L_selected": {"de": "Ausgewählt", "en": "Selected"},
    "L_goals": {"de": "Ziele", "en": "Goals"},
    "L_fit": {"de": "Passung", "en": "Fit"},
    "L_fit_goal": {"de": "misst ein Ziel", "en": "measures a goal"},
    "L_fit_no_goal": {"de": "ausgewählt, aber ohne Ziel", "en": "selected, but no goal"},
    "L_fit_vanity": {"de": "Eitelkeitsmetrik ohne Ergebnis-KPI", "en": "vanity metric without outcome KPI"},
    "L_fit_candidate": {"de": "Kandidat", "en": "candidate"},
    "L_computable": {"de": "Berechenbar", "en": "Computable"},
    "L_yes": {"de": "ja", "en": "yes"},
    "L_no": {"de": "nein", "en": "no"},
    "L_capture": {"de": "Zu erfassen", "en": "To capture"},
    "L_month": {"de": "Monat", "en": "Month"},
    "L_quarter": {"de": "Quartal", "en": "Quarter"},
    "L_field": {"de": "Feld", "en": "Field"},
    "L_filled": {"de": "Ausgefüllt", "en": "Filled"},
    "L_code": {"de": "Grund", "en": "Reason"},
    "L_count": {"de": "Anzahl", "en": "Count"},
    "L_example": {"de": "Beispiel", "en": "Example"},
    "L_file": {"de": "Datei", "en": "File"},
    "L_row": {"de": "Zeile", "en": "Row"},
    "L_column": {"de": "Spalte", "en": "Column"},
    "L_message": {"de": "Meldung", "en": "Message"},
    "L_fix": {"de": "Lösung", "en": "Fix"},
    "L_channel": {"de": "Kanal", "en": "Channel"},
    "L_owner": {"de": "Verkäufer/in", "en": "Sales rep"},
    "L_stage": {"de": "Stufe", "en": "Stage"},
    "L_share": {"de": "Anteil", "en": "Share"},
    "L_stage_leads": {"de": "Leads", "en": "Leads"},
    "L_stage_deals": {"de": "Leads mit Deal", "en": "Leads with a deal"},
    "L_stage_won": {"de": "Gewonnene Deals", "en": "Deals won"},
    "L_stage_customers": {"de": "Neukunden", "en": "New customers"},
    "L_scenario": {"de": "Szenario", "en": "Scenario"},
    "L_today": {"de": "Heute", "en": "Today"},
    "L_what_if": {"de": "Was wäre, wenn", "en": "What if"},
    "L_change": {"de": "Veränderung", "en": "Change"},
    "L_severity": {"de": "Schwere", "en": "Severity"},
    "L_confidence": {"de": "Sicherheit", "en": "Confidence"},
    "L_finding": {"de": "Befund", "en": "Finding"},
    "L_recommendation": {"de": "Empfehlung", "en": "Recommendation"},
    "L_action": {"de": "Massnahme", "en": "Action"},
    "L_days": {"de": "Tage", "en": "Days"},
    "L_who": {"de": "Wer", "en": "Who"},
    "L_reason": {"de": "Begründung", "en": "Reason"},
    "L_keep": {"de": "behalten", "en": "keep"},
    "L_drop": {"de": "streichen", "en": "drop"},
    "L_add": {"de": "aufnehmen", "en": "add"},
    "L_proposal": {"de": "Vorschlag", "en": "Proposal"},
    "L_decision": {"de": "Entscheid", "en": "Decision"},
    "L_period_axis": {"de": "Periode", "en": "Period"},
    "L_goal_line": {"de": "Zielwert", "en": "Target"},
    "L_goal_path": {"de": "Pfad zum Ziel", "en": "Path to target"},
    "L_ci": {"de": "95-%-Vertrauensbereich", "en": "95 % confidence band"},
    "L_spend": {"de": "Ausgaben", "en": "Spend"},
    "L_closed": {"de": "Abgeschlossene Deals", "en": "Closed deals"},
    "L_all": {"de": "Gesamt", "en": "Total"},
    "status_achieved": {"de": "erreicht", "en": "achieved"},
    "status_on_track": {"de": "auf Kurs", "en": "on track"},
    "status_at_risk": {"de": "gefährdet", "en": "at risk"},
    "status_off_track": {"de": "nicht auf Kurs", "en": "off track"},
    "status_unknown": {"de": "unbekannt", "en": "unknown"},
})

# --- presets ---
MESSAGES.update({
    "E_PRESET_COLUMN_MISSING": {
        "de": "Der Datei {file} fehlt eine Spalte für «{column}» (Tabelle {table}, Vorlage {preset}). "
        "Gesucht wurde eine dieser Spalten: {alternatives}.",
        "en": "The file {file} has no column for '{column}' (table {table}, preset {preset}). "
        "Looked for one of: {alternatives}.",
    },
    "F_PRESET_COLUMN_MISSING": {
        "de": "Die Spalte beim Export mit auswählen oder unter sources.{table}.columns.{column} den Spaltennamen "
        "der Datei eintragen.",
        "en": "Include the column when exporting, or enter the file's column name under "
        "sources.{table}.columns.{column}.",
    },
    "E_PRESET_TABLE": {
        "de": "Die Vorlage (preset) «{preset}» liefert die Tabelle «{expected}», steht in company.yaml aber unter "
        "sources.{table}.",
        "en": "The preset '{preset}' feeds the table '{expected}', but company.yaml lists it under sources.{table}.",
    },
    "F_PRESET_TABLE": {
        "de": "Den Eintrag unter sources.{expected} verschieben oder eine Vorlage für «{table}» wählen.",
        "en": "Move the entry to sources.{expected}, or choose a preset for '{table}'.",
    },
    "E_FROM_NOT_FOUND": {
        "de": "Die Datei {file} (aus --from) wurde nicht gefunden.",
        "en": "The file {file} (given with --from) was not found.",
    },
    "F_FROM_NOT_FOUND": {
        "de": "Pfad und Dateinamen prüfen; mehrere Exporte mit Leerzeichen getrennt angeben.",
        "en": "Check the path and file name; list several exports separated by spaces.",
    },
    "E_FROM_NO_TABLE": {
        "de": "Keine der Dateien ({file}) liess sich einer Tabelle (leads, deals, orders, campaigns, costs) "
        "zuordnen.",
        "en": "None of the files ({file}) could be matched to a table (leads, deals, orders, campaigns, costs).",
    },
    "F_FROM_NO_TABLE": {
        "de": "Mit «kpikit new» ohne --from die kommentierte Vorlage anlegen und die Spalten unter «columns:» "
        "zuordnen.",
        "en": "Run 'kpikit new' without --from for the commented template and map the columns under 'columns:'.",
    },
    # company.yaml written by «kpikit new --from»
    "NEW_Y_TITLE": {
        "de": "company.yaml – vorgeschlagen von «kpikit new --from» am {date}",
        "en": "company.yaml – proposed by 'kpikit new --from' on {date}",
    },
    "NEW_Y_REVIEW": {
        "de": "Alle Stellen mit «PRÜFEN» sind geraten: kontrollieren, dann «kpikit validate <ordner>».",
        "en": "Everything marked 'REVIEW' is a guess: check it, then run 'kpikit validate <folder>'.",
    },
    "NEW_Y_PRESET": {
        "de": "{file}: {label} (Vorlage {preset}), {found} von {total} Spalten erkannt:",
        "en": "{file}: {label} (preset {preset}), {found} of {total} columns found:",
    },
    "NEW_Y_GUESSED": {
        "de": "{file}: unbekanntes Format – Spalten aus Namen und Werten geraten.",
        "en": "{file}: unknown layout – columns guessed from names and values.",
    },
    "NEW_Y_MARK": {"de": "PRÜFEN", "en": "REVIEW"},
    "NEW_Y_GUESS_FROM": {"de": "geraten aus «{column}»", "en": "guessed from '{column}'"},
    "NEW_Y_NOT_FOUND": {
        "de": "keine Spalte für «{column}» gefunden, Spaltennamen eintragen",
        "en": "no column found for '{column}', enter the column name",
    },
    "NEW_Y_UNKNOWN_VALUE": {
        "de": "unbekannter Wert «{value}», als «{canonical}» angenommen",
        "en": "unknown value '{value}', taken as '{canonical}'",
    },
    "NEW_Y_CONSTANT": {
        "de": "keine Spalte für «{column}» in der Datei, gilt für alle Zeilen",
        "en": "no column for '{column}' in the file, applies to every row",
    },
    "NEW_Y_NO_SPEND": {
        "de": "keine Kostenspalte: 0 angenommen (organischer Kanal?)",
        "en": "no cost column: 0 assumed (an organic channel?)",
    },
    "NEW_Y_DISABLED": {
        "de": "Auskommentiert, weil Pflichtspalten fehlen ({columns}): eintragen und die «#» entfernen.",
        "en": "Commented out because required columns are missing ({columns}): enter them and remove the '#'.",
    },
    "NEW_Y_GOALS": {
        "de": "SMART-Ziele ergänzen: Aussage, KPI, Zielwert, Raster (month | quarter | year) und Termin.",
        "en": "Add SMART goals: statement, KPI, target, grain (month | quarter | year) and deadline.",
    },
    "NEW_Y_KPIS": {
        "de": "Vorschlag: 3 bis 5 KPIs, die diese Daten berechnen können (Liste: kpikit kpis --list).",
        "en": "Proposal: 3 to 5 KPIs these data can compute (list: kpikit kpis --list).",
    },
    # summary printed by «kpikit new --from»
    "new_from_title": {"de": "Vorschlag geschrieben: {path}", "en": "Proposal written: {path}"},
    "NEW_S_PRESET": {
        "de": "{file} → {table}: Vorlage {preset} ({label}), {found} von {total} Spalten erkannt, z. B. {why}; "
        "{rows} Zeilen",
        "en": "{file} → {table}: preset {preset} ({label}), {found} of {total} columns found, e.g. {why}; "
        "{rows} rows",
    },
    "NEW_S_GUESSED": {
        "de": "{file} → {table}: keine Vorlage passt, Spalten geraten – {count} Stellen mit «PRÜFEN» markiert; "
        "{rows} Zeilen",
        "en": "{file} → {table}: no preset fits, columns guessed – {count} entries marked 'REVIEW'; {rows} rows",
    },
    "NEW_S_MISSING": {
        "de": "Pflichtspalten nicht gefunden: {columns} – in company.yaml eintragen.",
        "en": "Required columns not found: {columns} – enter them in company.yaml.",
    },
    "NEW_S_CURRENCIES": {
        "de": "Achtung: die Exporte sind in verschiedenen Währungen ({currencies}); kpikit rechnet nicht um.",
        "en": "Note: the exports are in different currencies ({currencies}); kpikit does not convert.",
    },
    "NEW_S_NONE": {
        "de": "{file}: keiner Tabelle zuzuordnen (Spalten: {columns}) – nicht übernommen",
        "en": "{file}: matches no table (columns: {columns}) – left out",
    },
    "new_from_loaded": {
        "de": "Probeweise geladen: {read} Zeilen gelesen, {loaded} geladen, {rejected} abgewiesen.",
        "en": "Test load: {read} rows read, {loaded} loaded, {rejected} rejected.",
    },
    "new_from_not_loaded": {
        "de": "Der Vorschlag lädt noch nicht – bitte company.yaml ergänzen:",
        "en": "The proposal does not load yet – please complete company.yaml:",
    },
    "new_from_review": {
        "de": "Noch zu prüfen: {guesses} geratene Zuordnung(en) («PRÜFEN» in company.yaml), {rejected} abgewiesene "
        "Zeile(n) («kpikit validate {path}» zeigt sie).",
        "en": "Still to review: {guesses} guessed mapping(s) ('REVIEW' in company.yaml), {rejected} rejected row(s) "
        "('kpikit validate {path}' lists them).",
    },
    "new_from_next": {
        "de": "Nächste Schritte: «PRÜFEN»-Stellen kontrollieren, Ziele ergänzen, dann «kpikit validate {path}».",
        "en": "Next: check the 'REVIEW' marks, add goals, then run 'kpikit validate {path}'.",
    },
})

# --- widgets ---
MESSAGES.update({
    "W_goal": {"de": "Ziel", "en": "goal"},
    "W_no_data": {"de": "Daten fehlen", "en": "no data"},
    "W_vanity": {"de": "nur mit Ergebnis-KPI", "en": "only with an outcome KPI"},
    "W_selected": {"de": "Ausgewählt", "en": "Selected"},
    "W_picker_title": {"de": "KPI-Auswahl: 3 bis 5 KPIs, jede an einem Ziel",
                       "en": "KPI picker: 3 to 5 KPIs, each tied to a goal"},
    "W_picker_ok": {"de": "{n} KPIs gewählt – die Auswahl gilt. Eintrag für company.yaml:",
                    "en": "{n} KPIs picked – the selection holds. Entry for company.yaml:"},
    "W_picker_ok_but": {"de": "{n} KPIs gewählt – die Zahl stimmt, aber beachten Sie die Hinweise. Eintrag für "
                              "company.yaml:",
                        "en": "{n} KPIs picked – the number is right, but mind the notes. Entry for company.yaml:"},
    "W_picker_count": {"de": "{n} KPIs gewählt – gesteuert wird mit 3 bis 5 KPIs.",
                       "en": "{n} KPIs picked – steer by 3 to 5 KPIs."},
    "W_picker_data": {"de": "{n} KPIs gewählt, aber nicht jede lässt sich aus den Daten berechnen.",
                      "en": "{n} KPIs picked, but not every one can be computed from the data."},
    "W_picker_batch": {"de": "KPI-Auswahl: in JupyterLab interaktiv; hier die Auswahl aus company.yaml.",
                       "en": "KPI picker: interactive in JupyterLab; here the selection of company.yaml."},
    "W_goal_title": {"de": "Zielbauer: ein neues SMART-Ziel", "en": "Goal builder: a new SMART goal"},
    "W_goal_placeholder": {"de": "Bis 31.12.2026 mindestens 60 Neukunden pro Quartal gewinnen",
                           "en": "Win at least 60 new customers a quarter by 31.12.2026"},
    "W_goal_missing": {"de": "Noch nicht SMART – es fehlt: {parts}", "en": "Not SMART yet – missing: {parts}"},
    "W_goal_smart": {"de": "SMART – Eintrag für company.yaml:", "en": "SMART – entry for company.yaml:"},
    "W_goal_smart_but": {"de": "SMART, aber bitte prüfen:", "en": "SMART, but please check:"},
    "W_goal_percent": {"de": "Raten werden als Anteil eingegeben: {target} % als {fraction}.",
                       "en": "Rates are entered as a fraction: {target} % as {fraction}."},
    "W_goal_past": {"de": "Der Termin liegt nicht nach dem Stichtag {date}.",
                    "en": "The deadline is not after the cut-off date {date}."},
    "W_goal_reached": {"de": "Der Zielwert ist schon erreicht (heute {value}) – das Ziel fordert nichts.",
                       "en": "The target is already met (today {value}) – the goal asks for nothing."},
    "W_goal_latest": {"de": "Letzter Wert ({period}): {value}.", "en": "Latest value ({period}): {value}."},
    "W_goal_step": {"de": "Nötig bis zum Termin: {step} pro {grain} über {n} Perioden.",
                    "en": "Needed by the deadline: {step} per {grain} over {n} periods."},
    "W_goal_batch": {"de": "Zielbauer: in JupyterLab interaktiv; hier die Ziele aus company.yaml.",
                     "en": "Goal builder: interactive in JupyterLab; here the goals of company.yaml."},
    "W_whatif_title": {"de": "Was wäre, wenn die Abschlussrate anders wäre?",
                       "en": "What if the close rate were different?"},
    "W_whatif_points": {"de": "Abschlussrate ± Punkte", "en": "Close rate ± points"},
    "W_whatif_basis": {"de": "Basis: {start} bis {end}, {closed} abgeschlossene Deals, davon {won} gewonnen, "
                               "durchschnittlicher Auftragswert {size}.",
                       "en": "Basis: {start} to {end}, {closed} closed deals, {won} of them won, average deal "
                             "size {size}."},
    "W_whatif_none": {"de": "Keine abgeschlossenen Deals in den letzten vier Quartalen – keine Rechnung möglich.",
                      "en": "No closed deals in the last four quarters – nothing to compute."},
    "W_whatif_batch": {"de": "Was-wäre-wenn: in JupyterLab mit Schieberegler; hier der Startwert.",
                       "en": "What-if: a slider in JupyterLab; here the starting value."},
    "W_explorer_title": {"de": "KPI-Explorer", "en": "KPI explorer"},
    "W_explorer_batch": {"de": "KPI-Explorer: in JupyterLab mit KPI, Raster, Kanal und Zeitraum steuerbar; "
                                 "hier die Startansicht.",
                         "en": "KPI explorer: KPI, grain, channel and time range can be set in JupyterLab; here "
                               "the starting view."},
    "W_grain": {"de": "Raster", "en": "Grain"},
    "W_range": {"de": "Zeitraum", "en": "Time range"},
    "W_total": {"de": "Gesamt", "en": "Total"},
    "W_all_channels": {"de": "Alle Kanäle", "en": "All channels"},
    "W_per_week": {"de": "pro Woche", "en": "per week"},
    "W_per_month": {"de": "pro Monat", "en": "per month"},
    "W_per_quarter": {"de": "pro Quartal", "en": "per quarter"},
    "W_per_year": {"de": "pro Jahr", "en": "per year"},
    "W_latest": {"de": "Letzte abgeschlossene Periode {period}: {value}.",
                 "en": "Latest complete period {period}: {value}."},
    "W_band": {"de": "95-%-Vertrauensbereich {lo} bis {hi} (n = {n}).", "en": "95 % band {lo} to {hi} (n = {n})."},
    "W_vs_prev": {"de": "Davor: {value} – {verdict}.", "en": "Before: {value} – {verdict}."},
    "W_better": {"de": "besser", "en": "better"},
    "W_worse": {"de": "schlechter", "en": "worse"},
    "W_same": {"de": "unverändert", "en": "unchanged"},
    "W_undefined": {"de": "{n} Perioden ohne Wert, z. B.: {note}", "en": "{n} periods without a value, e.g.: {note}"},
    "W_noise": {"de": "Wochenwerte beruhen auf wenigen Deals: Schwankungen innerhalb des Vertrauensbereichs sind "
                      "Rauschen, kein Trend.",
                "en": "Weekly values rest on few deals: swings within the confidence band are noise, not a trend."},
})

# --- bad input ---
MESSAGES.update({
    "E_WRONG_SEPARATOR": {
        "de": "company.yaml gibt für {file} das Trennzeichen read.sep {given} an, aber die Kopfzeile (Zeile {row}) "
        "ist mit {found} getrennt.",
        "en": "company.yaml sets read.sep {given} for {file}, but its header (row {row}) is separated by {found}.",
    },
    "F_WRONG_SEPARATOR": {
        "de": "read.sep in company.yaml auf {found} ändern oder weglassen (kpikit erkennt das Trennzeichen selbst).",
        "en": "Set read.sep in company.yaml to {found}, or leave it out (kpikit detects the separator).",
    },
    "E_FILE_CORRUPT": {
        "de": "Die Arbeitsmappe {file} ist beschädigt oder unvollständig (kein lesbares .xlsx).",
        "en": "The workbook {file} is damaged or incomplete (not a readable .xlsx).",
    },
    "F_FILE_CORRUPT": {
        "de": "Die Datei neu herunterladen oder in Excel öffnen und erneut als .xlsx speichern.",
        "en": "Download the file again, or open it in Excel and save it again as .xlsx.",
    },
    "E_FILE_ENCRYPTED": {
        "de": "Die Arbeitsmappe {file} ist passwortgeschützt; kpikit kann sie nicht öffnen.",
        "en": "The workbook {file} is password-protected; kpikit cannot open it.",
    },
    "F_FILE_ENCRYPTED": {
        "de": "In Excel öffnen, unter Datei › Informationen › Arbeitsmappe schützen das Passwort entfernen und "
        "ohne Passwort als .xlsx speichern.",
        "en": "Open it in Excel, remove the password under File › Info › Protect Workbook, and save it as .xlsx "
        "without a password.",
    },
    "E_FILE_NOT_XLSX": {
        "de": "Die Datei {file} heisst {suffix}, enthält aber {kind}-Text und keine Excel-Arbeitsmappe.",
        "en": "The file {file} is named {suffix} but holds {kind} text, not an Excel workbook.",
    },
    "F_FILE_NOT_XLSX": {
        "de": "Die Datei in .csv umbenennen und den Dateinamen in company.yaml anpassen.",
        "en": "Rename the file to .csv and change its name in company.yaml too.",
    },
    "F_FILE_NOT_XLSX_HTML": {
        "de": "Die Datei in Excel öffnen und als .xlsx speichern, oder im Quellsystem als CSV exportieren.",
        "en": "Open the file in Excel and save it as .xlsx, or export it as CSV from the source system.",
    },
    "E_FILE_NOT_TEXT": {
        "de": "Die Datei {file} enthält keinen Text, sondern Binärdaten (z. B. ein Bild oder ein Archiv).",
        "en": "The file {file} holds binary data (e.g. an image or an archive), not text.",
    },
    "F_FILE_NOT_TEXT": {
        "de": "Den Export im Quellsystem als CSV herunterladen und den Pfad in company.yaml prüfen.",
        "en": "Download the export as CSV from the source system and check the path in company.yaml.",
    },
    "F_FILE_FORMAT_XLS": {
        "de": "Die Datei in Excel öffnen und als Excel-Arbeitsmappe (.xlsx) speichern, oder als CSV exportieren.",
        "en": "Open the file in Excel and save it as an Excel workbook (.xlsx), or export it as CSV.",
    },
    "E_HEADER_IS_DATA": {
        "de": "In {file} ist Zeile {row} keine Kopfzeile, sondern Daten ({values}). Die Kopfzeile ist vermutlich "
        "Zeile {header_row} («{header_text}»), {reason}.",
        "en": "In {file}, row {row} is not a header but data ({values}). The header is probably row {header_row} "
        "('{header_text}'), {reason}.",
    },
    "HEADER_MIXED_SEP": {
        "de": "aber sie ist mit {header_sep} getrennt, die Datenzeilen mit {data_sep}",
        "en": "but it is separated by {header_sep} and the data rows by {data_sep}",
    },
    "HEADER_FIELD_COUNT": {
        "de": "aber sie hat {header_fields} Felder und die Datenzeilen {data_fields}: vermutlich Dezimalkommas "
        "ohne Anführungszeichen (132,94 in einer Komma-Datei)",
        "en": "but it has {header_fields} fields and the data rows {data_fields}: probably decimal commas without "
        "quotes (132,94 in a comma-separated file)",
    },
    "F_HEADER_IS_DATA": {
        "de": "Die Datei mit einem einzigen Trennzeichen neu exportieren – Semikolon, wenn Zahlen ein "
        "Dezimalkomma haben – oder die Zahlen in Anführungszeichen setzen.",
        "en": "Export the file again with one separator – a semicolon when numbers have a decimal comma – or "
        "with the numbers in quotes.",
    },
    "E_AMBIGUOUS_DATES": {
        "de": "Alle Daten in {file}, Spalte «{columns}», passen sowohl zu Tag/Monat als auch zu Monat/Tag "
        "(z. B. {examples}); kein Wert entscheidet, und kpikit rät nicht.",
        "en": "Every date in {file}, column '{columns}', fits both day/month and month/day (e.g. {examples}); "
        "no value decides, and kpikit does not guess.",
    },
    "F_AMBIGUOUS_DATES": {
        "de": "Unter sources.{table}.read in company.yaml date_order: dmy (31/01/2025, Schweiz) oder "
        "date_order: mdy (01/31/2025, USA) angeben.",
        "en": "Add date_order: dmy (31/01/2025, Switzerland) or date_order: mdy (01/31/2025, US) under "
        "sources.{table}.read in company.yaml.",
    },
    "P_UNCLOSED_QUOTE": {
        "de": "Ein Anführungszeichen aus Zeile {opened} wird nie geschlossen; diese Zeile wurde mit allen "
        "folgenden zu einem Feld verschluckt.",
        "en": "A quote opened in row {opened} is never closed; this row was swallowed into one field with "
        "all rows after it.",
    },
    "PF_UNCLOSED_QUOTE": {
        "de": "In Zeile {opened} das überzählige \" entfernen oder den Text mit \"…\" abschliessen und neu "
        "exportieren.",
        "en": "Remove the stray \" in row {opened}, or close the quoted text, and export again.",
    },
    "P_FUTURE_DATE": {
        "de": "Das Datum {value} liegt in der Zukunft (heute ist der {today}).",
        "en": "The date {value} lies in the future (today is {today}).",
    },
    "PF_FUTURE_DATE": {
        "de": "Die Jahreszahl prüfen (z. B. 2205 statt 2025) und im Quellsystem korrigieren; geplante Termine "
        "gehören nicht in «{column}».",
        "en": "Check the year (e.g. 2205 for 2025) and correct it in the source system; planned dates do not "
        "belong in '{column}'.",
    },
    "P_VALUE_TOO_LONG": {
        "de": "Der Wert ist {length} Zeichen lang (höchstens {limit}); vermutlich ein fehlendes "
        "Anführungszeichen oder eingefügter Text.",
        "en": "The value is {length} characters long (at most {limit}); probably a missing quote or pasted text.",
    },
    "PF_VALUE_TOO_LONG": {
        "de": "Das Feld im Quellsystem kürzen oder die Anführungszeichen in dieser Zeile prüfen.",
        "en": "Shorten the field in the source system, or check the quotes on this row.",
    },
    "P_FORMULA_WITHOUT_VALUE": {
        "de": "Die Formel {value} hat kein gespeichertes Ergebnis (die Datei wurde nie in Excel berechnet).",
        "en": "The formula {value} has no saved result (the file was never calculated in Excel).",
    },
    "PF_FORMULA_WITHOUT_VALUE": {
        "de": "Die Datei in Excel öffnen und speichern (das berechnet die Formeln), oder die Werte als Werte "
        "einfügen.",
        "en": "Open the file in Excel and save it (that calculates the formulas), or paste the values as values.",
    },
    "W_NO_ROWS": {
        "de": "Die Datei hat eine Kopfzeile, aber keine Datenzeilen.",
        "en": "The file has a header but no data rows.",
    },
    "WF_NO_ROWS": {
        "de": "Filter und Zeitraum im Quellsystem prüfen und neu exportieren.",
        "en": "Check the filters and the period in the source system and export again.",
    },
})
