"""Errors and warnings: unusable input, rows set aside, file-level warnings (codes E_, P_, F_, WF_)."""

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
        "de": "Unter «sources:» mindestens eine Tabelle (leads, deals, orders, campaigns, costs, customers, "
        "traffic) mit Datei angeben.",
        "en": "List at least one table (leads, deals, orders, campaigns, costs, customers, traffic) with its "
        "file under 'sources:'.",
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
    "P_INVALID_NUMBER": {
        "de": "«{value}» ist keine Zahl im Zahlenformat dieser Spalte (Dezimalzeichen «{decimal}», wie {example}).",
        "en": "'{value}' is not a number in this column's format (decimal mark '{decimal}', as in {example}).",
    },
    "PF_INVALID_NUMBER": {
        "de": "Den Wert im Quellsystem so schreiben wie die übrigen der Spalte, z. B. {example} (ohne Text, "
        "Tausender in Dreiergruppen). Ist die ganze Spalte anders zu lesen, unter sources.{table}.read "
        "«decimal» und «thousands» angeben.",
        "en": "Write the value in the source system like the rest of the column, e.g. {example} (no text, "
        "thousands in groups of three). If the whole column is to be read another way, set \"decimal\" and "
        "\"thousands\" under sources.{table}.read.",
    },
    "P_IMPLAUSIBLE_NUMBER": {
        "de": "«{value}» ist als Betrag oder Anzahl nicht plausibel (kpikit nimmt Werte bis {limit} an).",
        "en": "'{value}' is not plausible as an amount or count (kpikit takes values up to {limit}).",
    },
    "PF_IMPLAUSIBLE_NUMBER": {
        "de": "Den Wert im Quellsystem prüfen und korrigieren: meist eine Kennnummer im falschen Feld, ein "
        "verrutschtes Feld oder ein Formatfehler (1e308).",
        "en": "Check and correct the value in the source system: usually an id in the wrong field, a shifted "
        "field or a formatting slip (1e308).",
    },
    "P_DATE_OUT_OF_RANGE": {
        "de": "Das Datum {value} liegt ausserhalb des plausiblen Zeitraums {earliest} bis {latest}.",
        "en": "The date {value} lies outside the plausible window {earliest} to {latest}.",
    },
    "PF_DATE_OUT_OF_RANGE": {
        "de": "Die Jahreszahl prüfen (z. B. 0001 oder 2199 statt 2025) und im Quellsystem korrigieren; kpikit "
        "liest Daten vom {earliest} bis {years} Jahre nach heute.",
        "en": "Check the year (e.g. 0001 or 2199 for 2025) and correct it in the source system; kpikit reads "
        "dates from {earliest} up to {years} years after today.",
    },
    "P_DATE_OTHER_ORDER": {
        "de": "«{value}» ist nur mit vertauschtem Tag und Monat ein Datum; die Spalte liest Tag und Monat in "
        "der anderen Reihenfolge (wie {example}).",
        "en": "'{value}' is a date only with day and month swapped; the column reads day and month the other "
        "way round (as in {example}).",
    },
    "PF_DATE_OTHER_ORDER": {
        "de": "Das Datum im Quellsystem korrigieren und wie die übrigen der Spalte schreiben (z. B. {example}).",
        "en": "Correct the date in the source system and write it like the rest of the column (e.g. {example}).",
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
        "z. B. {yaml_value}: {example}",
        "en": "Add a mapping under sources.{table}.values.{column} in company.yaml, "
        "e.g. {yaml_value}: {example}",
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
        "de": "Zeilen, die eine andere Zeile exakt wiederholen: {count} (Zeile(n) {rows}); ohne ID-Spalte (und als "
        "Zeilen einer Bestellung) werden sie mitgezählt.",
        "en": "Rows that exactly repeat another row: {count} (rows {rows}); with no id column (and as lines of one "
        "order) they are counted.",
    },
    "WF_DUPLICATE_ROWS": {
        "de": "Prüfen, ob der Export doppelt ist; mit einer ID-Spalte (z. B. order_id) erkennt kpikit Duplikate. "
        "Zwei gleiche Zeilen einer Bestellung zählen doppelt (Shops schreiben zwei gleiche Artikel meist als eine "
        "Zeile mit Menge 2).",
        "en": "Check whether the export repeats rows; with an id column (e.g. order_id) kpikit detects them. Two "
        "identical lines of one order count twice (shops usually write two of the same item as one line with "
        "quantity 2).",
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
        "de": "Die Daten in {file}, Spalte «{columns}», lassen offen, ob Tag/Monat oder Monat/Tag gemeint ist "
        "(z. B. {examples}): jeder Wert passt zu beidem, oder die Werte widersprechen sich; kpikit rät nicht.",
        "en": "The dates in {file}, column '{columns}', leave open whether day/month or month/day is meant "
        "(e.g. {examples}): every value fits both, or the values contradict each other; kpikit does not guess.",
    },
    "F_AMBIGUOUS_DATES": {
        "de": "Unter sources.{table}.read in company.yaml date_order: dmy (31/01/2025, Schweiz) oder "
        "date_order: mdy (01/31/2025, USA) angeben.",
        "en": "Add date_order: dmy (31/01/2025, Switzerland) or date_order: mdy (01/31/2025, US) under "
        "sources.{table}.read in company.yaml.",
    },
    "E_PERIOD_TOO_LONG": {
        "de": "Der Zeitraum {start} bis {end} umfasst mehr als {years} Jahre; so viele Perioden rechnet kpikit "
        "nicht.",
        "en": "The period {start} to {end} spans more than {years} years; kpikit does not compute that many "
        "periods.",
    },
    "F_PERIOD_TOO_LONG": {
        "de": "In company.yaml unter period: Beginn und Ende setzen, oder die Daten prüfen, die so früh oder "
        "spät liegen.",
        "en": "Set the start and end under period: in company.yaml, or check the data dated that early or late.",
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
    "E_BAD_AS_OF": {"de": "Der Stichtag «{value}» ist kein Datum.", "en": "The cut-off date '{value}' is not a date."},
    "F_BAD_AS_OF": {"de": "Stichtag (--as-of, as_of) als TT.MM.JJJJ oder JJJJ-MM-TT angeben, z. B. 30.09.2026.",
                    "en": "Give the cut-off date (--as-of, as_of) as YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-09-30."},
    # --- issue 15: the data as it is (appended) ----------------------------------------------------------
    "W_DUPLICATE_MAPPED": {
        "de": "Zeilen, die in den zugeordneten Spalten ({columns}) einer früheren Zeile gleichen, in der Datei "
        "aber nicht: {count} (Zeile(n) {rows}). Sie werden mitgezählt.",
        "en": "Rows identical in the mapped columns ({columns}) to an earlier row, but not in the file: {count} "
        "(rows {rows}). They are counted.",
    },
    "WF_DUPLICATE_MAPPED": {
        "de": "Meist richtig (verschiedene Datensätze mit gleichen Werten, z. B. eine Sitzung pro Zeile). Hat der "
        "Export eine ID-Spalte, sie zuordnen: dann erkennt kpikit echte Duplikate.",
        "en": "Usually right (different records with the same values, e.g. one session per row). If the export has "
        "an id column, map it: then kpikit recognises real duplicates.",
    },
    "W_WRAPPED_LINES": {
        "de": "Zeilen, die ganz in zusätzliche Anführungszeichen eingepackt waren: {count} (Zeile(n) {rows}); "
        "ausgepackt und geladen.",
        "en": "Lines wrapped whole in an extra layer of quotes: {count} (rows {rows}); unwrapped and loaded.",
    },
    "WF_WRAPPED_LINES": {
        "de": "Nichts zu tun; für eine saubere Datei den Export ohne zusätzliche Anführungszeichen wiederholen.",
        "en": "Nothing to do; for a clean file, export again without the extra quotes.",
    },
    "W_TEXT_PLACEHOLDER": {
        "de": "Platzhalter statt Werten: {values} in {count} Zeile(n); als «ohne Angabe» gelesen, nicht als eigener "
        "Wert.",
        "en": "Placeholders instead of values: {values} in {count} row(s); read as missing, not as a value of their "
        "own.",
    },
    "WF_TEXT_PLACEHOLDER": {
        "de": "Im Quellsystem «{column}» ausfüllen lassen (Pflichtfeld) oder leer exportieren.",
        "en": "Have '{column}' filled in the source system (a required field) or export it blank.",
    },
    "W_TEXT_MERGED": {
        "de": "Schreibweisen eines Werts zusammengeführt, zur häufigsten ({count} Zeile(n)): {merges}.",
        "en": "Spellings of one value merged into the most frequent one ({count} row(s)): {merges}.",
    },
    "WF_TEXT_MERGED": {
        "de": "Nichts zu tun; für saubere Daten die Werte von «{column}» im Quellsystem vereinheitlichen "
        "(Auswahlliste statt Freitext).",
        "en": "Nothing to do; for clean data, unify the values of '{column}' in the source system (a drop-down "
        "instead of free text).",
    },
    # --- #15: exports without ids or dates ("@row", "@none")
    "F_MISSING_COLUMN_ID": {
        "de": "Die Spalte im Export ergänzen oder unter sources.{table}.columns.{column} den richtigen "
        "Spaltennamen eintragen. Hat der Export keine Datensatz-ID (Kontaktliste, Kampagnenergebnisse, "
        "Sitzungsprotokoll): «{column}: \"@row\"» eintragen, dann werden die Zeilen in Dateireihenfolge nummeriert.",
        "en": "Add the column to the export or enter the right column name under sources.{table}.columns.{column}. "
        "If the export has no record id (a contact list, campaign results, a session log): enter "
        "'{column}: \"@row\"', and the rows are numbered in file order.",
    },
    "F_MISSING_COLUMN_DATE": {
        "de": "Die Spalte im Export ergänzen oder unter sources.{table}.columns.{column} den richtigen "
        "Spaltennamen eintragen. Hat der Export gar kein Datum (eine Momentaufnahme wie eine Kundenliste): "
        "«{column}: \"@none\"» eintragen; die Kennzahlen gelten dann für den ganzen Bestand, ohne Verlauf.",
        "en": "Add the column to the export or enter the right column name under sources.{table}.columns.{column}. "
        "If the export has no dates at all (a snapshot such as a customer list): enter '{column}: \"@none\"'; "
        "the KPIs then cover the whole list, without trends.",
    },
    "E_SPECIAL_COLUMN": {
        "de": "company.yaml ordnet «{column}» (Tabelle {table}) «{value}» zu, aber «{value}» passt hier nur zu: "
        "{allowed}.",
        "en": "company.yaml maps '{column}' (table {table}) to '{value}', but here '{value}' fits only: {allowed}.",
    },
    "F_SPECIAL_COLUMN": {
        "de": "«@row» (Zeilen nummerieren) nur bei der ID-Spalte der Tabelle eintragen, «@none» (Export ohne Datum) "
        "nur bei einer Datumsspalte; sonst den Spaltennamen der Datei angeben.",
        "en": "Use '@row' (number the rows) only for the table's id column and '@none' (an export without dates) "
        "only for a date column; otherwise give the file's column name.",
    },
    # --- #16: orders as shops export them (one row per line item)
    "P_ORDER_LINES_DISAGREE": {
        "de": "Diese Zeile gehört zur Bestellung «{order}», nennt aber «{value}», wo die erste Zeile der Bestellung "
        "(Zeile {first_row}) «{expected}» nennt; die Zeilen einer Bestellung teilen Kunde, Bestelldatum und "
        "Bestellsumme.",
        "en": "This row belongs to order '{order}' but gives '{value}' where the order's first line (row "
        "{first_row}) gives '{expected}'; the lines of one order share customer, order date and order total.",
    },
    "PF_ORDER_LINES_DISAGREE": {
        "de": "Im Shop prüfen, welche Angabe stimmt, und neu exportieren; sind es zwei Bestellungen, ihnen "
        "verschiedene Bestellnummern geben (Spalte «{id_column}»).",
        "en": "Check in the shop which value is right and export again; if these are two orders, give them "
        "different order numbers (column '{id_column}').",
    },
}
