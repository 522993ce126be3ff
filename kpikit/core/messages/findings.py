"""Findings of the checks and diagnoses: C_<code> message, R_<code> recommendation, T_<code> short title."""

MESSAGES: dict[str, dict[str, str]] = {
    # short titles: a finding's name in a table or list, in a few words
    "T_AMOUNT_BLANK": {"de": "Beträge fehlen", "en": "Amounts missing"},
    "T_CAC_RISING": {"de": "CAC steigen", "en": "CAC rising"},
    "T_CHANGE_WITHIN_NOISE": {"de": "Veränderung im Rauschen", "en": "Change within noise"},
    "T_CHANNELS_UNMATCHED": {"de": "Kanäle passen nicht zusammen", "en": "Channels do not match"},
    "T_CLOSE_RATE_FALLING": {"de": "Abschlussrate sinkt", "en": "Close rate falling"},
    "T_CLOSE_RATE_FALLING_LEADS_FLAT": {"de": "Abschlussrate sinkt bei gleich vielen Leads",
                                        "en": "Close rate falling, leads flat"},
    "T_GOAL_AT_RISK": {"de": "Ziel gefährdet", "en": "Goal at risk"},
    "T_GOAL_KPI_NOT_SELECTED": {"de": "KPI des Ziels nicht ausgewählt", "en": "Goal's KPI not selected"},
    "T_GOAL_NOT_SMART": {"de": "Ziel nicht SMART", "en": "Goal not SMART"},
    "T_GOAL_OFF_TRACK": {"de": "Ziel nicht auf Kurs", "en": "Goal off track"},
    "T_GOAL_WITHOUT_KPI": {"de": "Ziel ohne KPI", "en": "Goal without a KPI"},
    "T_KPI_COUNT_HIGH": {"de": "Zu viele KPIs", "en": "Too many KPIs"},
    "T_KPI_COUNT_LOW": {"de": "Zu wenige KPIs", "en": "Too few KPIs"},
    "T_KPI_NOT_COMPUTABLE": {"de": "KPI nicht berechenbar", "en": "KPI not computable"},
    "T_KPI_WITHOUT_GOAL": {"de": "KPI ohne Ziel", "en": "KPI without a goal"},
    "T_ONLY_WON_DEALS": {"de": "Nur gewonnene Deals im Export", "en": "Only won deals in the export"},
    "T_ROWS_SET_ASIDE": {"de": "Zeilen beiseitegelegt", "en": "Rows set aside"},
    "T_TIDY_TEXT_MERGED": {"de": "Schreibweisen zusammengeführt", "en": "Spellings merged"},
    "T_TIDY_TEXT_PLACEHOLDER": {"de": "Platzhalter als leer gelesen", "en": "Placeholders read as empty"},
    "T_TOO_FEW_OBSERVATIONS": {"de": "Zu wenige Daten für ein Urteil", "en": "Too little data to judge"},
    "T_VANITY_METRIC": {"de": "Eitelkeitskennzahl", "en": "Vanity metric"},
    "T_WINDOW_TOO_SHORT": {"de": "Zeitraum zu kurz", "en": "Period too short"},
    "T_WINDOW_UNDATED": {"de": "Daten ohne Datum", "en": "Data without dates"},
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
        "ab {mde} von Zufall unterscheiden.",
        "en": "'{name}' rests on only about {n} observations per {grain}; only changes of {mde} or more can "
        "be told from noise.",
    },
    "R_TOO_FEW_OBSERVATIONS": {
        "de": "Für eine Änderung von {delta} braucht es rund {needed} Beobachtungen je Periode, beim "
        "heutigen Tempo {wait}; längere Perioden vergleichen statt einzelne {grains}.",
        "en": "A change of {delta} needs about {needed} observations per period, {wait} at today's "
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
        "in {base_window}, ×{ratio}). Sicherheit: {confidence} ({p}).{leads}",
        "en": "Customer acquisition cost{where} rose to {current} in {window} (before: {baseline} in "
        "{base_window}, ×{ratio}). Confidence: {confidence} ({p}).{leads}",
    },
    "R_CAC_RISING": {
        "de": "Marketing arbeitet ineffizient{where}: Budget, Zielgruppe, Gebote und Anzeigen optimieren oder "
        "Mittel in günstigere Kanäle verschieben.",
        "en": "Marketing is inefficient{where}: optimise budget, audience, bids and ads, or move money to "
        "cheaper channels.",
    },
    "FINDINGS_CAC_LEADS": {
        "de": " Mehr Budget brachte nicht mehr Leads: die Leads pro Franken sanken über die Quartale ({p}), die "
              "Neukunden pro Franken mit ({customers_p}).",
        "en": " More budget brought no more leads: leads per franc fell over the quarters ({p}), new customers "
              "per franc with them ({customers_p}).",
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
    # parts of finding params (rendered in every language by ``checks.findings.t_all``)
    "FINDINGS_WAIT_UNKNOWN": {"de": "unbekannt", "en": "unknown"},
    "FINDINGS_WAIT_WEEKS": {"de": "etwa {weeks} Wochen", "en": "about {weeks} weeks"},
    "FINDINGS_WAIT_YEARS": {"de": "mehr als zwei Jahre (etwa {years} Jahre)",
                            "en": "more than two years (about {years} years)"},
    "FINDINGS_IN_CHANNEL": {"de": " im Kanal {channel}", "en": " in channel {channel}"},
    "N_points_one": {"de": "{n} Punkt", "en": "{n} point"},
    "N_points_many": {"de": "{n} Punkten", "en": "{n} points"},
    "N_ppoints_one": {"de": "{n} Prozentpunkt", "en": "{n} percentage point"},
    "N_ppoints_many": {"de": "{n} Prozentpunkten", "en": "{n} percentage points"},
    "FINDINGS_DROP_POINTS": {"de": "{segment} (−{points} Pkt.)", "en": "{segment} (−{points} pts)"},
    # what to capture so that a KPI becomes computable (``checks.selection.capture_advice``)
    "FINDINGS_CAPTURE_deals": {
        "de": "Deals aus dem CRM (HubSpot, Salesforce, Pipedrive) exportieren und unter sources.deals eintragen",
        "en": "export deals from the CRM (HubSpot, Salesforce, Pipedrive) and add them under sources.deals",
    },
    "FINDINGS_CAPTURE_leads": {
        "de": "Kontakte/Leads aus dem CRM mit Erstelldatum und Quelle exportieren",
        "en": "export contacts/leads from the CRM with creation date and source",
    },
    "FINDINGS_CAPTURE_orders": {
        "de": "Bestellungen/Rechnungen aus Shop oder Buchhaltung mit Kundennummer, Datum und Betrag",
        "en": "orders/invoices from the shop or accounting with customer id, date and amount",
    },
    "FINDINGS_CAPTURE_campaigns": {
        "de": "Kampagnenberichte aus Google Ads, Meta und LinkedIn mit Tag, Kosten, Impressionen und Klicks",
        "en": "campaign reports from Google Ads, Meta and LinkedIn with day, cost, impressions and clicks",
    },
    "FINDINGS_CAPTURE_costs": {
        "de": "Marketing- und Vertriebskosten aus der Buchhaltung nach Monat und Kategorie",
        "en": "marketing and sales costs from accounting by month and category",
    },
    "FINDINGS_CAPTURE_deals.amount": {
        "de": "im CRM bei jedem Deal den Betrag pflegen",
        "en": "fill in every deal's amount in the CRM",
    },
    "FINDINGS_CAPTURE_deals.created_at": {
        "de": "das Erstelldatum der Deals mit exportieren",
        "en": "include the deals' creation date",
    },
    "FINDINGS_CAPTURE_campaigns.clicks": {
        "de": "Klicks im Kampagnenbericht mit exportieren",
        "en": "include clicks in the campaign report",
    },
    "FINDINGS_CAPTURE_campaigns.impressions": {
        "de": "Impressionen im Kampagnenbericht mit exportieren",
        "en": "include impressions in the campaign report",
    },
    "FINDINGS_CAPTURE_campaigns.conversions": {
        "de": "Kauf-Conversions im Werbekonto messen (Conversion-Tracking) und exportieren",
        "en": "track purchase conversions in the ad account and export them",
    },
    "FINDINGS_CAPTURE_campaigns.leads": {
        "de": "Leads/Ergebnisse im Kampagnenbericht mit exportieren",
        "en": "include leads/results in the campaign report",
    },
    "FINDINGS_CAPTURE_campaigns.reach": {
        "de": "Reichweite oder Impressionen im Kampagnenbericht mit exportieren",
        "en": "include reach or impressions in the campaign report",
    },
    "FINDINGS_CAPTURE_leads.created_at": {
        "de": "die Leads mit ihrem Erstelldatum exportieren (ohne Datum gibt es keinen Verlauf)",
        "en": "export the leads with their creation date (without dates there is no trend)",
    },
    "FINDINGS_CAPTURE_deals.closed_at": {
        "de": "die Deals mit ihrem Abschlussdatum exportieren (ohne Datum gibt es keinen Verlauf)",
        "en": "export the deals with their close date (without dates there is no trend)",
    },
    "FINDINGS_CAPTURE_orders.ordered_at": {
        "de": "die Bestellungen mit ihrem Datum exportieren (ohne Datum gibt es keinen Verlauf)",
        "en": "export the orders with their date (without dates there is no trend)",
    },
    "FINDINGS_CAPTURE_campaigns.date": {
        "de": "den Kampagnenbericht nach Tag oder Monat aufgeschlüsselt exportieren",
        "en": "export the campaign report broken down by day or month",
    },
    "FINDINGS_CAPTURE_traffic.date": {
        "de": "den Webanalyse-Bericht nach Tag oder Monat aufgeschlüsselt exportieren",
        "en": "export the web analytics report broken down by day or month",
    },
    "FINDINGS_CAPTURE_customers.created_at": {
        "de": "die Kundenliste mit dem Datum «Kunde seit» exportieren",
        "en": "export the customer list with its 'customer since' date",
    },
    "FINDINGS_CAPTURE_customers.churned_at": {
        "de": "in der Kundenliste das Kündigungsdatum (churned_at) mit exportieren",
        "en": "include the cancellation date (churned_at) in the customer list",
    },
    "FINDINGS_CAPTURE_customers": {
        "de": "eine Kundenliste (Kundennummer, Kunde seit, gekündigt ja/nein oder Kündigungsdatum) exportieren",
        "en": "export a customer list (customer id, customer since, churned yes/no or cancellation date)",
    },
    "FINDINGS_CAPTURE_traffic": {
        "de": "einen Webanalyse-Bericht (GA4, Matomo) mit Datum, Kanal, Sitzungen und Conversions exportieren",
        "en": "export a web analytics report (GA4, Matomo) with date, channel, sessions and conversions",
    },
    "FINDINGS_CAPTURE_N_NO_CONVERSION": {
        "de": "im CRM «Kunde seit» (converted_at), ein Ja/Nein «konvertiert» (converted) oder die Firmen-ID "
        "(customer_id) der Leads pflegen",
        "en": "keep 'customer since' (converted_at), a yes/no 'converted' flag (converted) or the company id "
        "(customer_id) of leads in the CRM",
    },
    "FINDINGS_CAPTURE_N_NO_SPEND": {
        "de": "Werbeausgaben (Kampagnenberichte) oder Marketingkosten (Buchhaltung)",
        "en": "ad spend (campaign reports) or marketing costs (accounting)",
    },
    "FINDINGS_CAPTURE_N_NO_CUSTOMERS": {
        "de": "gewonnene Deals aus dem CRM oder Bestellungen",
        "en": "won deals from the CRM, or orders",
    },
    # --- issue 15: findings about the data itself (kpikit.checks.data) ------------------------------------
    "C_ROWS_SET_ASIDE": {
        "de": "Aus «{table}» sind {count} Zeilen ({share}) abgewiesen (Gründe: {reasons}); die KPIs dieser Tabelle "
        "zählen sie nicht und können dadurch verzerrt sein.",
        "en": "{count} rows of '{table}' ({share}) are set aside (reasons: {reasons}); the KPIs of this table do "
        "not count them and may be biased.",
    },
    "R_ROWS_SET_ASIDE": {
        "de": "Die abgewiesenen Zeilen ansehen (kpikit validate, Blatt «Abgewiesen») und im Export korrigieren, "
        "bevor Sie den KPIs dieser Tabelle trauen.",
        "en": "Look at the rejected rows (kpikit validate, sheet 'Rejected') and correct them in the export before "
        "trusting this table's KPIs.",
    },
    "C_ONLY_WON_DEALS": {
        "de": "Alle {won} abgeschlossenen Deals sind gewonnen, kein einziger verloren: die Abschlussrate von 100 % "
        "kommt vom Export, nicht vom Verkauf.",
        "en": "All {won} closed deals are won and none lost: the close rate of 100 % comes from the export, not "
        "from sales.",
    },
    "R_ONLY_WON_DEALS": {
        "de": "Auch die verlorenen Deals exportieren (Filter im CRM prüfen); bis dahin die Abschlussrate nicht "
        "verwenden.",
        "en": "Export the lost deals too (check the CRM filter); until then, do not use the close rate.",
    },
    "C_AMOUNT_BLANK": {
        "de": "In «{column}» sind {count} von {of} Werten leer; sie zählen als 0 im Umsatz und fehlen im "
        "Durchschnitt.",
        "en": "{count} of {of} values of '{column}' are blank; they add nothing to revenue and are missing from "
        "averages.",
    },
    "R_AMOUNT_BLANK": {
        "de": "Die Beträge im Quellsystem nachtragen oder bewusst als 0 erfassen.",
        "en": "Fill in the amounts in the source system, or record them as 0 on purpose.",
    },
    "C_TIDY_TEXT_PLACEHOLDER": {
        "de": "In «{column}» ({file}) waren {count} Werte Platzhalter ({what}); sie zählen als «ohne Angabe», "
        "nicht als eigenes Segment.",
        "en": "{count} values of '{column}' ({file}) were placeholders ({what}); they count as missing, not as a "
        "segment of their own.",
    },
    "R_TIDY_TEXT_PLACEHOLDER": {
        "de": "Das Feld im Quellsystem pflegen lassen, damit die Aufteilung nach «{column}» vollständig wird.",
        "en": "Have the field kept in the source system, so that the split by '{column}' is complete.",
    },
    "C_TIDY_TEXT_MERGED": {
        "de": "In «{column}» ({file}) wurden Schreibweisen eines Werts zusammengeführt ({count} Zeilen): {what}.",
        "en": "Spellings of one value in '{column}' ({file}) were merged ({count} rows): {what}.",
    },
    "R_TIDY_TEXT_MERGED": {
        "de": "Nichts zu tun; im Quellsystem eine Auswahlliste statt Freitext verwenden.",
        "en": "Nothing to do; use a drop-down instead of free text in the source system.",
    },
    "T_IMMATURE_PERIODS": {"de": "Junge Perioden noch nicht beurteilt", "en": "Young periods not judged yet"},
    "C_IMMATURE_PERIODS": {
        "de": "«{name}»: {n} Perioden ab {first} sind jünger als das Konversionsfenster ({days} Tage, {source}); "
              "ihre Werte können noch steigen und werden noch nicht beurteilt.",
        "en": "'{name}': {n} periods from {first} on are younger than the conversion window ({days} days, "
              "{source}); they may still grow and are not judged yet.",
    },
    "R_IMMATURE_PERIODS": {
        "de": "Diese Perioden nicht als Einbruch lesen: Leads brauchen Zeit bis zum Abschluss. Später erneut "
              "auswerten oder in company.yaml conversion_window_days setzen.",
        "en": "Do not read these periods as a slump: leads take time to close. Evaluate again later or set "
              "conversion_window_days in company.yaml.",
    },
    "W_WINDOW_config": {"de": "in company.yaml gesetzt", "en": "set in company.yaml"},
    "W_WINDOW_median": {"de": "Median der Zeit vom Lead zum Abschluss", "en": "median time from lead to win"},
    "W_WINDOW_none": {"de": "unbekannt", "en": "unknown"},
    "T_RETENTION_FALLING": {"de": "Kundenbindung sinkt", "en": "Retention falling"},
    "C_RETENTION_FALLING": {
        "de": "Die Kundenbindung{where} ist in {window} auf {current} gesunken (vorher {baseline} in "
              "{base_window}): weniger Kunden des Vorquartals bestellen wieder. Sicherheit: {confidence} ({p}).",
        "en": "Customer retention{where} fell to {current} in {window} (before: {baseline} in {base_window}): "
              "fewer of the previous quarter's customers order again. Confidence: {confidence} ({p}).",
    },
    "R_RETENTION_FALLING": {
        "de": "Nachfragen, warum Kunden{where} gehen (Preis, Qualität, Konkurrenz, Service), verlorene Kunden "
              "ansprechen und die Kündigungsgründe künftig im CRM erfassen.",
        "en": "Ask why customers{where} leave (price, quality, competition, service), win back those lost and "
              "record the reasons for leaving in the CRM from now on.",
    },
    "FINDINGS_RETENTION_ALL": {"de": "", "en": ""},
    "FINDINGS_RETENTION_product": {"de": " beim Produkt «{segment}»", "en": " of product '{segment}'"},
    "FINDINGS_RETENTION_channel": {"de": " im Kanal «{segment}»", "en": " in channel '{segment}'"},
}
