"""The hand-over: report headings and the workbook (sheet names, headers), and the plan's phase titles."""

MESSAGES: dict[str, dict[str, str]] = {
    # the phases of the 30-day plan (kpikit.plan.phases.PHASES), as the report heads them
    "REPORT_phase_1": {"de": "Ziele definieren", "en": "Define goals"},
    "REPORT_phase_2": {"de": "KPIs auswählen", "en": "Choose KPIs"},
    "REPORT_phase_3": {"de": "Erfassung sicherstellen", "en": "Secure data capture"},
    "REPORT_phase_4": {"de": "Schulung der Mitarbeitenden", "en": "Train the staff"},
    "REPORT_phase_5": {"de": "Datenanalyse starten", "en": "Start the analysis"},
    "REPORT_phase_6": {"de": "Ergebnisse überprüfen", "en": "Review the results"},
    "REPORT_phase_7": {"de": "Anpassungen vornehmen", "en": "Make adjustments"},
    # the HTML report
    "REPORT_title": {"de": "Bericht zum 30-Tage-Plan", "en": "30-day plan report"},
    "REPORT_created": {"de": "Erstellt am {date} mit kpikit {version}",
                       "en": "Created on {date} with kpikit {version}"},
    "REPORT_contents": {"de": "Inhalt", "en": "Contents"},
    # the workbook's sheets
    "REPORT_sheet_quarter": {"de": "KPIs Quartal", "en": "KPIs quarter"},
    "REPORT_sheet_month": {"de": "KPIs Monat", "en": "KPIs month"},
    "REPORT_sheet_channel": {"de": "KPIs Kanal", "en": "KPIs channel"},
    "REPORT_sheet_goals": {"de": "Ziele", "en": "Goals"},
    "REPORT_sheet_findings": {"de": "Befunde", "en": "Findings"},
    "REPORT_sheet_rejected": {"de": "Abgewiesen", "en": "Rejected"},
    "REPORT_sheet_notes": {"de": "Hinweise", "en": "Notes"},
    "REPORT_note_control": {
        "de": "{n} Zellen enthielten Steuerzeichen (z. B. einen vertikalen Tabulator aus einem CRM-Export), die "
              "Excel nicht speichern kann; jedes ist durch \ufffd ersetzt. Suchen Sie in der Mappe nach \ufffd "
              "und bereinigen Sie das Feld im Quellsystem.",
        "en": "{n} cells held control characters (such as a vertical tab from a CRM export) that Excel cannot "
              "store; each was replaced by \ufffd. Search the workbook for \ufffd and clean the field in the "
              "source system."},
    # the workbook's column headers, REPORT_col_<column> (the CSV and JSON outputs keep the codes)
    "REPORT_col_kpi": {"de": "KPI-ID", "en": "KPI id"},
    "REPORT_col_period": {"de": "Periode", "en": "Period"},
    "REPORT_col_segment": {"de": "Segment", "en": "Segment"},
    "REPORT_col_value": {"de": "Wert", "en": "Value"},
    "REPORT_col_numerator": {"de": "Zähler", "en": "Numerator"},
    "REPORT_col_denominator": {"de": "Nenner", "en": "Denominator"},
    "REPORT_col_unit": {"de": "Einheit", "en": "Unit"},
    "REPORT_col_n": {"de": "n", "en": "n"},
    "REPORT_col_ci_low": {"de": "95-%-KI unten", "en": "95% CI low"},
    "REPORT_col_ci_high": {"de": "95-%-KI oben", "en": "95% CI high"},
    "REPORT_col_median": {"de": "Median", "en": "Median"},
    "REPORT_col_note": {"de": "Hinweis", "en": "Note"},
    "REPORT_col_name": {"de": "KPI", "en": "KPI"},
    "REPORT_col_period_start": {"de": "Beginn", "en": "Start"},
    "REPORT_col_period_end": {"de": "Ende", "en": "End"},
    "REPORT_col_missing": {"de": "Fehlt", "en": "Missing"},
    "REPORT_col_previous": {"de": "Vorperiode", "en": "Previous period"},
    "REPORT_col_last_year": {"de": "Vorjahr", "en": "Last year"},
    "REPORT_col_change": {"de": "Veränderung", "en": "Change"},
    "REPORT_col_change_pct": {"de": "Veränderung %", "en": "Change %"},
    "REPORT_col_better": {"de": "Besser", "en": "Better"},
    "REPORT_col_change_yoy": {"de": "Veränderung zum Vorjahr", "en": "Change vs last year"},
    "REPORT_col_change_yoy_pct": {"de": "Veränderung zum Vorjahr %", "en": "Change vs last year %"},
    "REPORT_col_better_yoy": {"de": "Besser als Vorjahr", "en": "Better than last year"},
    "REPORT_col_target": {"de": "Zielwert", "en": "Target"},
    "REPORT_col_target_gap": {"de": "Abstand zum Ziel", "en": "Gap to target"},
    "REPORT_col_target_met": {"de": "Ziel erreicht", "en": "Target met"},
    "REPORT_col_goal": {"de": "Ziel", "en": "Goal"},
    "REPORT_col_statement": {"de": "Aussage", "en": "Statement"},
    "REPORT_col_per": {"de": "Raster", "en": "Grain"},
    "REPORT_col_deadline": {"de": "Termin", "en": "Deadline"},
    "REPORT_col_baseline": {"de": "Ausgangswert", "en": "Baseline"},
    "REPORT_col_baseline_period": {"de": "Periode Ausgangswert", "en": "Baseline period"},
    "REPORT_col_actual": {"de": "Ist", "en": "Actual"},
    "REPORT_col_actual_period": {"de": "Periode Ist", "en": "Actual period"},
    "REPORT_col_expected": {"de": "Soll (Pfad)", "en": "Expected (path)"},
    "REPORT_col_projected": {"de": "Prognose zum Termin", "en": "Projected at deadline"},
    "REPORT_col_status": {"de": "Status", "en": "Status"},
    "REPORT_col_code": {"de": "Code", "en": "Code"},
    "REPORT_col_title": {"de": "Befund", "en": "Finding"},
    "REPORT_col_severity": {"de": "Schwere", "en": "Severity"},
    "REPORT_col_confidence": {"de": "Sicherheit", "en": "Confidence"},
    "REPORT_col_p_value": {"de": "p-Wert", "en": "p-value"},
    "REPORT_col_message": {"de": "Meldung", "en": "Message"},
    "REPORT_col_recommendation": {"de": "Empfehlung", "en": "Recommendation"},
    "REPORT_col_evidence": {"de": "Belege", "en": "Evidence"},
    "REPORT_col_file": {"de": "Datei", "en": "File"},
    "REPORT_col_row": {"de": "Zeile", "en": "Row"},
    "REPORT_col_column": {"de": "Spalte", "en": "Column"},
    "REPORT_col_table": {"de": "Tabelle", "en": "Table"},
    "REPORT_col_fix": {"de": "Lösung", "en": "Fix"},
    "REPORT_col_periods": {"de": "Perioden", "en": "Periods"},
    "REPORT_col_reason": {"de": "Grund", "en": "Reason"},
    "REPORT_col_record": {"de": "Datensatz", "en": "Record"},
    "C_WINDOW_UNDATED": {
        "de": "Die Tabelle {table} hat keine Datumsangaben: sie zeigt einen Stand, keinen Verlauf. Trends und "
              "Perioden lassen sich daraus nicht ablesen, auch nicht mit mehr Geduld.",
        "en": "The {table} table has no dates: it shows a snapshot, not a trend. No trend or period can be read "
              "from it, however long you wait.",
    },
    "R_WINDOW_UNDATED": {
        "de": "Im Export das Datum jedes Eintrags mitnehmen (z. B. Erstellt am) und in company.yaml zuordnen; bis "
              "dahin gelten die Werte für den ganzen Zeitraum.",
        "en": "Include each record's date in the export (e.g. created at) and map it in company.yaml; until then "
              "the figures are for the whole period.",
    },
}
