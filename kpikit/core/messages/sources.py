"""Export presets: what a preset found or missed."""

MESSAGES: dict[str, dict[str, str]] = {
    # a name quoted in running text
    "SRC_QUOTED": {"de": "«{name}»", "en": "'{name}'"},
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
        "de": "Keine der Dateien ({file}) liess sich einer Tabelle (leads, deals, orders, campaigns, costs, "
        "customers, traffic) zuordnen.",
        "en": "None of the files ({file}) could be matched to a table (leads, deals, orders, "
        "campaigns, costs, customers, traffic).",
    },
    "F_FROM_NO_TABLE": {
        "de": "Mit «kpikit new» ohne --from die kommentierte Vorlage anlegen und die Spalten unter «columns:» "
        "zuordnen.",
        "en": "Run 'kpikit new' without --from for the commented template and map the columns under 'columns:'.",
    },
    # --- limits (kpikit.sources.limits): no input may eat the machine
    "E_FILE_TOO_LARGE": {
        "de": "Die Datei {file} ist zu gross zum Lesen: {what}.",
        "en": "The file {file} is too large to read: {what}.",
    },
    "F_FILE_TOO_LARGE": {
        "de": "Einen kleineren Export erstellen (kürzerer Zeitraum, weniger Spalten) oder die Grenze erhöhen: "
        "in company.yaml unter read der Quelle «{option}: {suggested}» eintragen, oder für alle Dateien die "
        "Umgebungsvariable {env}={suggested} setzen.",
        "en": "Create a smaller export (a shorter period, fewer columns) or raise the limit: add "
        "'{option}: {suggested}' under the source's read in company.yaml, or set the environment variable "
        "{env}={suggested} for every file.",
    },
    "F_FILE_TOO_LARGE_FIXED": {
        "de": "Das ist eine Grenze von Excel selbst, die kein echter Export überschreitet: die Datei neu "
        "exportieren oder herunterladen (sie ist beschädigt oder keine Exportdatei).",
        "en": "That is a limit of Excel itself, which no real export exceeds: export or download the file again "
        "(it is damaged or no export).",
    },
    "F_FILE_TOO_LARGE_LINE": {
        "de": "Die Datei in einem Texteditor prüfen: ein Export hat keine so langen Zeilen; ihn neu erstellen oder "
        "herunterladen.",
        "en": "Look at the file in a text editor: an export has no lines that long; create or download it again.",
    },
    "LIMIT_LONG_LINE": {
        "de": "Zeile {line} ist über {limit} MB lang",
        "en": "line {line} is over {limit} MB long",
    },
    "LIMIT_BYTES": {
        "de": "sie ist {found} MB gross, erlaubt sind {limit} MB",
        "en": "it is {found} MB, the limit is {limit} MB",
    },
    "LIMIT_UNPACKED": {
        "de": "entpackt ist ihr Inhalt über {found} MB gross, erlaubt sind {limit} MB (eine .xlsx-Datei ist "
        "ein gepacktes Archiv)",
        "en": "unpacked, its content is over {found} MB, the limit is {limit} MB (an .xlsx file is a packed "
        "archive)",
    },
    "LIMIT_CELLS": {
        "de": "sie hat über {found} Zellen (Zeilen × Spalten), erlaubt sind {limit}",
        "en": "it has over {found} cells (rows × columns), the limit is {limit}",
    },
    "LIMIT_COLUMNS": {
        "de": "ihre Kopfzeile hat {found} Spalten, höchstens {limit} sind möglich",
        "en": "its header has {found} columns, at most {limit} are possible",
    },
    "LIMIT_ROWS": {
        "de": "sie hat eine Zeile {found}, höchstens {limit} Zeilen sind möglich",
        "en": "it has a row {found}, at most {limit} rows are possible",
    },
    "LIMIT_COLUMNS_LINE": {
        "de": "ihre Kopfzeile hat schon in den ersten {mb} MB über {found} Spalten, höchstens {limit} sind möglich",
        "en": "its header has over {found} columns in its first {mb} MB already, at most {limit} are possible",
    },
    "LIMIT_LINE": {
        "de": "ihre erste Zeile ist über {limit} MB lang – das ist keine Kopfzeile eines Exports",
        "en": "its first line is over {limit} MB long, which is no export's header",
    },
    # a list of columns cut short in a message
    "SRC_MORE_COLUMNS": {"de": "… und {count} weitere", "en": "… and {count} more"},
    # --- what a source's file is, when it is no file (kpikit.sources.files)
    "E_FILE_NOT_REGULAR": {
        "de": "{file} (Tabelle «{table}») ist keine Exportdatei, sondern {kind}.",
        "en": "{file} (table '{table}') is no export file but {kind}.",
    },
    "F_FILE_NOT_REGULAR_ANY": {
        "de": "Den Pfad einer Exportdatei angeben (CSV, XLSX, …).",
        "en": "Give the path of an export file (CSV, XLSX, …).",
    },
    "F_FILE_NOT_REGULAR": {
        "de": "Unter sources.{table}.file in company.yaml den Pfad einer Exportdatei angeben (CSV, XLSX, …), "
        "relativ zum Firmenordner.",
        "en": "Give the path of an export file (CSV, XLSX, …) under sources.{table}.file in company.yaml, "
        "relative to the company folder.",
    },
    "KIND_DIRECTORY": {"de": "ein Ordner", "en": "a folder"},
    "KIND_FIFO": {"de": "eine benannte Pipe (FIFO)", "en": "a named pipe (FIFO)"},
    "KIND_DEVICE": {"de": "ein Gerät", "en": "a device"},
    "KIND_SOCKET": {"de": "ein Socket", "en": "a socket"},
    "KIND_SYSTEM": {
        "de": "eine Systemdatei des Betriebssystems (/proc, /sys); ihr Inhalt wird nicht gelesen",
        "en": "a file of the operating system (/proc, /sys); its content is not read",
    },
    "KIND_OTHER": {"de": "kein gewöhnlicher Dateityp", "en": "no ordinary kind of file"},
    "KIND_LOOP": {
        "de": "ein Verweis (Symlink), der im Kreis auf sich selbst zeigt",
        "en": "a symbolic link that points round in a loop to itself",
    },
    # --- mixed encodings (kpikit.sources.encoding)
    "W_MIXED_ENCODING": {
        "de": "{count} Zeile(n) sind nicht {encoding} wie der Rest der Datei und wurden als {other} gelesen "
        "(Zeilen {rows}).",
        "en": "{count} line(s) are not {encoding} like the rest of the file and were read as {other} "
        "(lines {rows}).",
    },
    "WF_MIXED_ENCODING": {
        "de": "Umlaute in diesen Zeilen prüfen; die Datei einheitlich als UTF-8 speichern (oft sind zwei "
        "Exporte aneinandergehängt).",
        "en": "Check the umlauts in these lines; save the file in one encoding, UTF-8 (often two exports were "
        "joined).",
    },
    # --- company.yaml
    "E_YAML_ALIAS": {
        "de": "company.yaml verwendet in Zeile {row} einen YAML-Verweis (*{alias}); Verweise (&anker, *anker, "
        "<<) sind nicht erlaubt.",
        "en": "company.yaml uses a YAML alias (*{alias}) on line {row}; aliases (&anchor, *anchor, <<) are not "
        "allowed.",
    },
    "F_YAML_ALIAS": {
        "de": "Den Wert an dieser Stelle ausschreiben statt auf einen anderen Teil zu verweisen.",
        "en": "Write the value out at that place instead of referring to another part.",
    },
    # --- #15: exports without ids or dates (kpikit validate, kpikit new --from)
    "validate_ids_generated": {
        "de": "IDs erzeugt: «{column}» ist die Zeilennummer in der Datei (sie hat keine eigene ID-Spalte; "
        "Zeilen in derselben Reihenfolge exportieren, damit die IDs gleich bleiben).",
        "en": "Ids generated: '{column}' is the row number in the file (it has no id column of its own; export "
        "the rows in the same order so that the ids stay the same).",
    },
    "validate_undated": {
        "de": "Tabelle {table} hat kein Datum ({columns}: \"@none\"): ihre Kennzahlen gelten für den ganzen Bestand, "
        "Verläufe und Vergleiche über die Zeit sind nicht möglich. Dafür das Datum jeder Zeile ({columns}) "
        "erfassen und mit exportieren.",
        "en": "Table {table} has no dates ({columns}: \"@none\"): its KPIs cover the whole list, trends and "
        "comparisons over time are not possible. For them, capture each row's date ({columns}) and include it in "
        "the export.",
    },
    "NEW_Y_ROW_IDS": {
        "de": "keine ID-Spalte gefunden: die Zeilen werden in Dateireihenfolge nummeriert",
        "en": "no id column found: the rows are numbered in file order",
    },
    "NEW_Y_NO_DATES": {
        "de": "keine Datumsspalte gefunden: eine Momentaufnahme ohne Verlauf; hat der Export doch ein Datum, "
        "hier den Spaltennamen eintragen",
        "en": "no date column found: a snapshot without trends; if the export does have a date, enter its column "
        "name here",
    },
}
