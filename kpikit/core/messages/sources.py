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
        "de": "Keine der Dateien ({file}) liess sich einer Tabelle (leads, deals, orders, campaigns, costs) "
        "zuordnen.",
        "en": "None of the files ({file}) could be matched to a table (leads, deals, orders, campaigns, costs).",
    },
    "F_FROM_NO_TABLE": {
        "de": "Mit «kpikit new» ohne --from die kommentierte Vorlage anlegen und die Spalten unter «columns:» "
        "zuordnen.",
        "en": "Run 'kpikit new' without --from for the commented template and map the columns under 'columns:'.",
    },
}
