"""The command line: ``kpikit validate`` summary, ``kpikit kpis`` comparison, ``kpikit new`` output."""

MESSAGES: dict[str, dict[str, str]] = {
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
    "K_compare_head": {"de": "Vergleich der letzten Periode ({period})",
                       "en": "Comparison of the last period ({period})"},
    "K_undated": {"de": "Keine Perioden: die Daten ({tables}) haben kein Datum, also gibt es keinen Verlauf "
                  "über die Zeit. Mit --period all zeigt kpikit die Kennzahlen über den ganzen Bestand.",
                  "en": "No periods: the data ({tables}) have no dates, so there is no trend over time. "
                  "With --period all kpikit shows the KPIs over the whole list."},
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
    # kpikit run: one line per company
    "run_ok": {"de": "OK", "en": "OK"},
    "run_failed": {"de": "FEHLER", "en": "FAILED"},
    "run_stopped": {
        "de": "Abgebrochen ({signal}): unfertige Läufe verworfen, temporäre Ordner und Cache entfernt.",
        "en": "Stopped ({signal}): unfinished runs discarded, temporary folders and cache removed.",
    },
    "cli_stopped": {"de": "Abgebrochen ({signal}).", "en": "Stopped ({signal})."},
    # kpikit run: a company folder that cannot be looked at (the others still run)
    "E_COMPANY_LOOP": {
        "de": "Der Firmenordner {path} ist ein symbolischer Link, der im Kreis zeigt (Link-Schleife).",
        "en": "The company folder {path} is a symbolic link that points round in a circle (a link loop).",
    },
    "F_COMPANY_LOOP": {
        "de": "Mit «ls -l {path}» das Ziel des Links prüfen und ihn auf den echten Firmenordner zeigen lassen.",
        "en": "Check the link's target with 'ls -l {path}' and point it at the real company folder.",
    },
    "E_COMPANY_LONG": {
        "de": "Der Pfad des Firmenordners ist zu lang für das Dateisystem ({length} Zeichen): {path}",
        "en": "The path of the company folder is too long for the file system ({length} characters): {path}",
    },
    "F_COMPANY_LONG": {
        "de": "Den Ordner kürzer benennen oder an einen kürzeren Pfad verschieben.",
        "en": "Give the folder a shorter name or move it to a shorter path.",
    },
    "E_COMPANY_UNREADABLE": {
        "de": "Der Firmenordner {path} kann nicht gelesen werden: {detail}.",
        "en": "The company folder {path} cannot be read: {detail}.",
    },
    "F_COMPANY_UNREADABLE": {
        "de": "Pfad und Leserechte prüfen (ist das Laufwerk verbunden?).",
        "en": "Check the path and the read permissions (is the drive connected?).",
    },
    # kpikit run: the output folder (--out) or a run folder in it cannot be written
    "E_OUT_READONLY": {
        "de": "Der Ausgabeordner {folder} liegt auf einem schreibgeschützten Laufwerk: kpikit kann dort nichts "
        "schreiben.",
        "en": "The output folder {folder} is on a read-only file system: kpikit cannot write there.",
    },
    "F_OUT_READONLY": {
        "de": "Mit --out einen beschreibbaren Ordner angeben, z. B. --out reports im eigenen Projektordner.",
        "en": "Name a writable folder with --out, e.g. --out reports in your own project folder.",
    },
    "E_OUT_DENIED": {
        "de": "Keine Schreibrechte im Ausgabeordner {folder}.",
        "en": "No permission to write in the output folder {folder}.",
    },
    "F_OUT_DENIED": {
        "de": "Mit --out einen eigenen Ordner angeben oder sich Schreibrechte für {folder} geben lassen.",
        "en": "Name a folder of your own with --out, or get write permission for {folder}.",
    },
    "E_OUT_FULL": {
        "de": "Kein Platz mehr im Ausgabeordner {folder}: das Laufwerk ist voll, der Lauf wurde nicht gespeichert.",
        "en": "No space left in the output folder {folder}: the drive is full, the run was not saved.",
    },
    "F_OUT_FULL": {
        "de": "Platz schaffen (z. B. alte Läufe löschen) oder mit --out ein anderes Laufwerk wählen, dann erneut "
        "ausführen.",
        "en": "Free some space (e.g. delete old runs) or choose another drive with --out, then run again.",
    },
    "E_OUT_NOTDIR": {
        "de": "Der Ausgabeordner {folder} kann nicht angelegt werden: {blocker} ist eine Datei, kein Ordner.",
        "en": "The output folder {folder} cannot be created: {blocker} is a file, not a folder.",
    },
    "F_OUT_NOTDIR": {
        "de": "Mit --out einen Ordner angeben, in dessen Pfad keine Datei steht, oder die Datei {blocker} "
        "umbenennen.",
        "en": "Name a folder with --out whose path contains no file, or rename the file {blocker}.",
    },
    "E_OUT_LONG": {
        "de": "Der Pfad {folder} ist zu lang für das Dateisystem.",
        "en": "The path {folder} is too long for the file system.",
    },
    "F_OUT_LONG": {
        "de": "Mit --out einen kürzeren Ordner angeben.",
        "en": "Name a shorter folder with --out.",
    },
    "E_OUT_OTHER": {
        "de": "In den Ausgabeordner {folder} kann nicht geschrieben werden: {detail}.",
        "en": "Cannot write in the output folder {folder}: {detail}.",
    },
    "F_OUT_OTHER": {
        "de": "Den Ordner prüfen (Laufwerk verbunden? Rechte?) oder mit --out einen anderen wählen.",
        "en": "Check the folder (drive connected? permissions?) or choose another one with --out.",
    },
}
