"""The command line: ``kpikit validate`` summary, ``kpikit kpis`` comparison, ``kpikit new`` output."""

MESSAGES: dict[str, dict[str, str]] = {
    "validate_rows": {"de": "Zeilen {rows} ({count} Zeilen)", "en": "rows {rows} ({count} rows)"},
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
    "new_from_review_rejected": {
        "de": "Noch zu prüfen: {rejected} abgewiesene Zeile(n) («kpikit validate {path}» zeigt sie).",
        "en": "Still to review: {rejected} rejected row(s) ('kpikit validate {path}' lists them).",
    },
    "new_from_next_clean": {
        "de": "Nächste Schritte: Ziele ergänzen, dann «kpikit validate {path}».",
        "en": "Next: add goals, then run 'kpikit validate {path}'.",
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
    # --- kpikit kpis: periods and comparison -----------------------------------------------------------
    "K_incomplete_note": {
        "de": "* unvollständige Periode (Daten bis {date}): nicht mit ganzen Perioden vergleichbar. Ohne "
        "--include-incomplete bleibt sie weg.",
        "en": "* incomplete period (data up to {date}): not comparable with whole periods. Without "
        "--include-incomplete it is left out.",
    },
    "K_incomplete_cell": {
        "de": "* bei einem Wert: die Daten dieser KPI reichen nicht bis zum Ende der Periode.",
        "en": "* on a value: the data of this KPI do not reach the end of the period.",
    },
    "K_left_out": {
        "de": "Nicht gezeigt: {periods} (unvollständig, Daten bis {date}; mit --include-incomplete anzeigen).",
        "en": "Not shown: {periods} (incomplete, data up to {date}; show with --include-incomplete).",
    },
    "K_cut": {"de": "unvollständig: die Daten dieser KPI reichen nur bis {date}",
              "en": "incomplete: the data of this KPI reach only to {date}"},
    "K_verdict": {"de": "{change}, {verdict}", "en": "{change}, {verdict}"},
    "K_not_comparable": {"de": "nicht vergleichbar", "en": "not comparable"},
    "K_open": {"de": "nicht beurteilbar", "en": "cannot be judged"},
    # --- help (kpikit --help, kpikit COMMAND --help) ---------------------------------------------------
    "H_prog": {
        "de": "KPI-Kit für KMU: Exporte prüfen, KPIs berechnen, Befunde zeigen und den 30-Tage-Plan ausführen.",
        "en": "KPI kit for SMEs: check exports, compute KPIs, show findings and run the 30-day plan.",
    },
    "H_prog_epilog": {
        "de": "Beispiele:\n"
        "  kpikit validate datasets/demo                          Daten der Demo-Firma prüfen\n"
        "  kpikit kpis datasets/demo --period quarter --compare   KPIs pro Quartal mit Vergleich\n"
        "  kpikit run datasets/demo --out reports                 30-Tage-Plan: Bericht, Excel, Notebooks\n\n"
        "Hilfe zu einem Befehl: kpikit BEFEHL --help. Sprache: --lang en oder KPIKIT_LANG=en.",
        "en": "Examples:\n"
        "  kpikit validate datasets/demo                          check the demo company's data\n"
        "  kpikit kpis datasets/demo --period quarter --compare   KPIs per quarter with a comparison\n"
        "  kpikit run datasets/demo --out reports                 30-day plan: report, workbook, notebooks\n\n"
        "Help on a command: kpikit COMMAND --help. Language: --lang en or KPIKIT_LANG=en.",
    },
    "H_commands": {"de": "Befehle", "en": "commands"},
    "H_default": {"de": "Standard: {default}", "en": "default: {default}"},
    "H_off": {"de": "aus", "en": "off"},
    "H_debug": {"de": "bei Fehlern den Traceback zeigen, für Entwickler",
                "en": "show the traceback on errors, for developers"},
    "H_version": {"de": "Version zeigen und beenden", "en": "show the version and exit"},
    "H_lang_top": {"de": "Sprache der Hilfe und der Ausgabe: de oder en",
                   "en": "language of help and output: de or en"},
    "H_lang_top_default": {"de": "KPIKIT_LANG, sonst de", "en": "KPIKIT_LANG, else de"},
    "H_lang": {"de": "Sprache der Ausgabe: de oder en", "en": "language of the output: de or en"},
    "H_lang_company": {"de": "«language» in company.yaml", "en": "'language' in company.yaml"},
    "H_dir": {"de": "Firmenordner (mit company.yaml) oder eine YAML-Datei darin",
              "en": "company folder (with company.yaml) or a YAML file in it"},
    "H_as_of": {"de": "Stichtag: Perioden gelten als abgeschlossen, wenn sie bis dahin enden "
                "(30.09.2026 oder 2026-09-30)",
                "en": "cut-off date: periods count as complete when they end by it (30.09.2026 or 2026-09-30)"},
    "H_as_of_default": {"de": "Ende der Daten", "en": "end of the data"},
    "H_new": {"de": "Firmenordner mit kommentierter company.yaml anlegen", "en": "create a company folder with a "
              "commented company.yaml"},
    "H_new_dir": {"de": "neuer Firmenordner, z. B. clients/muster-ag",
                  "en": "new company folder, e.g. clients/muster-ag"},
    "H_new_name": {"de": "Firmenname in company.yaml", "en": "company name in company.yaml"},
    "H_new_name_default": {"de": "Name des Ordners", "en": "the folder's name"},
    "H_new_force": {"de": "eine bestehende company.yaml überschreiben", "en": "overwrite an existing company.yaml"},
    "H_new_from": {"de": "company.yaml aus diesen Exporten vorschlagen (CSV, Excel)",
                   "en": "propose company.yaml from these exports (CSV, Excel)"},
    "H_new_from_default": {"de": "kommentierte Vorlage ohne Exporte", "en": "the commented template, no exports"},
    "H_new_link": {"de": "Exporte nach exports/ verlinken statt kopieren", "en": "link the exports into exports/ "
                   "instead of copying them"},
    "H_new_epilog": {
        "de": "Beispiele:\n"
        "  kpikit new clients/muster-ag --name \"Muster AG\"     Vorlage zum Ausfüllen\n"
        "  kpikit new clients/muster-ag --from deals.csv ads.csv  Vorschlag aus den Exporten\n"
        "  kpikit new clients/muster-ag --from umsatz.xlsx --link  Exporte verlinken statt kopieren",
        "en": "Examples:\n"
        "  kpikit new clients/muster-ag --name \"Muster AG\"     template to fill in\n"
        "  kpikit new clients/muster-ag --from deals.csv ads.csv  proposal from the exports\n"
        "  kpikit new clients/muster-ag --from umsatz.xlsx --link  link the exports instead of copying",
    },
    "H_validate": {"de": "Daten und Konfiguration prüfen (Exit 0 sauber, 1 Befunde, 2 unbrauchbar)",
                   "en": "check data and configuration (exit 0 clean, 1 findings, 2 unusable)"},
    "H_validate_all": {"de": "alle abgewiesenen Zeilen zeigen, nicht nur die ersten",
                       "en": "show every rejected row, not only the first ones"},
    "H_validate_epilog": {
        "de": "Beispiele:\n"
        "  kpikit validate datasets/demo          Quellen, gelesene und abgewiesene Zeilen\n"
        "  kpikit validate datasets/demo --all    jede abgewiesene Zeile mit Grund und Lösung\n"
        "  kpikit validate clients/muster-ag --lang en",
        "en": "Examples:\n"
        "  kpikit validate datasets/demo          sources, rows read and rejected\n"
        "  kpikit validate datasets/demo --all    every rejected row with its reason and fix\n"
        "  kpikit validate clients/muster-ag --lang en",
    },
    "H_check": {"de": "häufige Fehler und Diagnosen prüfen (Exit 0 keine Befunde, 1 Befunde, 2 unbrauchbar)",
                "en": "common-mistake checks and diagnoses (exit 0 no findings, 1 findings, 2 unusable)"},
    "H_check_format": {"de": "Ausgabe: text (lesbar) oder json (maschinenlesbar)",
                       "en": "output: text (to read) or json (for machines)"},
    "H_check_epilog": {
        "de": "Beispiele:\n"
        "  kpikit check datasets/demo                      Befunde mit Empfehlung\n"
        "  kpikit check datasets/demo --as-of 30.06.2026   nur bis zu diesem Stichtag\n"
        "  kpikit check datasets/demo --format json        für Skripte",
        "en": "Examples:\n"
        "  kpikit check datasets/demo                      findings with a recommendation\n"
        "  kpikit check datasets/demo --as-of 30.06.2026   only up to this cut-off date\n"
        "  kpikit check datasets/demo --format json        for scripts",
    },
    "H_run": {"de": "30-Tage-Plan für Firmen ausführen: Notebooks, Bericht, Excel",
              "en": "run the 30-day plan for companies: notebooks, report, workbook"},
    "H_run_dirs": {"de": "ein oder mehrere Firmenordner", "en": "one or more company folders"},
    "H_run_out": {"de": "Zielordner; jeder Lauf bekommt einen eigenen Unterordner",
                  "en": "output folder; every run gets a folder of its own in it"},
    "H_run_jobs": {"de": "Notebooks, die gleichzeitig laufen", "en": "notebooks that run at once"},
    "H_run_jobs_default": {"de": "Anzahl Kerne, höchstens 4", "en": "number of cores, at most 4"},
    "H_run_param": {"de": "Notebook-Parameter setzen, mehrfach möglich (z. B. -p lang en)",
                    "en": "set a notebook parameter, may be repeated (e.g. -p lang en)"},
    "H_run_param_default": {"de": "keine", "en": "none"},
    "H_run_quiet": {"de": "ohne Fortschrittsbalken", "en": "no progress bar"},
    "H_run_epilog": {
        "de": "Beispiele:\n"
        "  kpikit run datasets/demo                        Ergebnisse in reports/<firma>/latest/\n"
        "  kpikit run clients/a clients/b --out berichte   mehrere Firmen nacheinander\n"
        "  kpikit run datasets/demo --as-of 30.06.2026 --lang en",
        "en": "Examples:\n"
        "  kpikit run datasets/demo                        results in reports/<company>/latest/\n"
        "  kpikit run clients/a clients/b --out berichte   several companies in turn\n"
        "  kpikit run datasets/demo --as-of 30.06.2026 --lang en",
    },
    "H_kpis": {"de": "KPI-Tabelle berechnen, vergleichen, den Katalog zeigen",
               "en": "compute the KPI table, compare, list the catalogue"},
    "H_kpis_dir": {"de": "Firmenordner (ohne Ordner: der Katalog wie mit --list)",
                   "en": "company folder (without one: the catalogue, as with --list)"},
    "H_kpis_period": {"de": "Raster: all (ganzer Zeitraum), year, quarter, month oder week",
                      "en": "grain: all (the whole period), year, quarter, month or week"},
    "H_kpis_by": {"de": "nach dieser Dimension aufteilen", "en": "split by this dimension"},
    "H_kpis_by_default": {"de": "keine Aufteilung", "en": "no split"},
    "H_kpis_kpi": {"de": "nur diese KPIs (IDs aus --list)", "en": "only these KPIs (ids from --list)"},
    "H_kpis_kpi_default": {"de": "die KPIs aus company.yaml, sonst alle", "en": "the KPIs in company.yaml, else all"},
    "H_kpis_format": {"de": "Ausgabe: table (lesbar), csv oder json", "en": "output: table (to read), csv or json"},
    "H_kpis_compare": {"de": "letzte Periode mit Vorperiode, Vorjahr und Ziel vergleichen",
                       "en": "compare the last period with the previous one, last year and the target"},
    "H_kpis_incomplete": {"de": "auch die unvollständige letzte Periode zeigen, mit * markiert",
                          "en": "also show the incomplete last period, marked with *"},
    "H_kpis_list": {"de": "den KPI-Katalog zeigen", "en": "list the KPI catalogue"},
    "H_kpis_epilog": {
        "de": "Beispiele:\n"
        "  kpikit kpis datasets/demo --period quarter --compare     Quartale, letztes mit Vergleich\n"
        "  kpikit kpis datasets/demo --period month --by channel --kpi close_rate cac\n"
        "  kpikit kpis datasets/demo --period all --format json     für Skripte\n\n"
        "Perioden, die beim Ende der Daten (oder --as-of) noch laufen, bleiben weg; --include-incomplete "
        "zeigt sie mit *.",
        "en": "Examples:\n"
        "  kpikit kpis datasets/demo --period quarter --compare     quarters, the last one compared\n"
        "  kpikit kpis datasets/demo --period month --by channel --kpi close_rate cac\n"
        "  kpikit kpis datasets/demo --period all --format json     for scripts\n\n"
        "Periods still running at the end of the data (or --as-of) are left out; --include-incomplete "
        "shows them with *.",
    },
    # argparse's own words ("en" is argparse's text as it is, "de" its translation; kpikit.cli.common)
    "AP_usage": {"de": "Aufruf: ", "en": "usage: "},
    "AP_options": {"de": "Optionen", "en": "options"},
    "AP_positionals": {"de": "Argumente", "en": "positional arguments"},
    "AP_help": {"de": "diese Hilfe zeigen und beenden", "en": "show this help message and exit"},
    "AP_version": {"de": "Version zeigen und beenden", "en": "show program's version number and exit"},
    "AP_required": {"de": "diese Argumente fehlen: %s", "en": "the following arguments are required: %s"},
    "AP_one_of": {"de": "eines dieser Argumente fehlt: %s", "en": "one of the arguments %s is required"},
    "AP_unrecognized": {"de": "unbekannte Argumente: %s", "en": "unrecognized arguments: %s"},
    "AP_choice": {"de": "ungültige Wahl: %(value)r (möglich: %(choices)s)",
                  "en": "invalid choice: %(value)r (choose from %(choices)s)"},
    "AP_error": {"de": "%(prog)s: Fehler: %(message)s\n", "en": "%(prog)s: error: %(message)s\n"},
    "AP_argument": {"de": "Argument %(argument_name)s: %(message)s", "en": "argument %(argument_name)s: %(message)s"},
    "AP_one": {"de": "erwartet einen Wert", "en": "expected one argument"},
    "AP_at_least_one": {"de": "erwartet mindestens einen Wert", "en": "expected at least one argument"},
    "AP_at_most_one": {"de": "erwartet höchstens einen Wert", "en": "expected at most one argument"},
    "AP_n": {"de": "erwartet %s Wert", "en": "expected %s argument"},
    "AP_n_plural": {"de": "erwartet %s Werte", "en": "expected %s arguments"},
    "AP_type": {"de": "ungültiger Wert für %(type)s: %(value)r", "en": "invalid %(type)s value: %(value)r"},
    "AP_ambiguous": {"de": "mehrdeutige Option: %(option)s passt zu %(matches)s",
                     "en": "ambiguous option: %(option)s could match %(matches)s"},
    "AP_not_allowed": {"de": "nicht erlaubt zusammen mit %s", "en": "not allowed with argument %s"},
    "AP_ignored": {"de": "Wert %r ignoriert", "en": "ignored explicit argument %r"},
    "AP_parser": {"de": "unbekannter Befehl %(parser_name)r (möglich: %(choices)s)",
                  "en": "unknown parser %(parser_name)r (choices: %(choices)s)"},
}
