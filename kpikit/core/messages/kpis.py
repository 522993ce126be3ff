"""KPI texts: why a value is undefined or worth a remark (codes N_, U_), and the catalogue's words (KPI_)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- KPI notes: why a value is undefined, or what to keep in mind -------------------------------
    "N_NO_TABLE": {
        "de": "nicht berechenbar: Tabelle «{table}» fehlt (in company.yaml unter sources ergänzen)",
        "en": "not computable: table '{table}' is missing (add it under sources in company.yaml)",
    },
    "N_MAPPED_AS": {"de": " (die Spalte «{name}» in {file} ist als «{canonical}» gelesen: {name} → {canonical})",
                    "en": " (the column '{name}' in {file} is read as '{canonical}': {name} → {canonical})"},
    "N_NO_COLUMN": {
        "de": "nicht berechenbar: Spalte «{column}» fehlt in {table}",
        "en": "not computable: column '{column}' is missing in {table}",
    },
    "N_NO_DIMENSION": {
        "de": "nicht nach «{dim}» aufteilbar: die Daten dieser KPI haben diese Spalte nicht",
        "en": "cannot be split by '{dim}': the data of this KPI has no such column",
    },
    "N_NO_CUSTOMERS": {
        "de": "nicht berechenbar: weder Deals noch Bestellungen (noch als konvertiert markierte Leads) vorhanden",
        "en": "not computable: neither deals nor orders (nor leads marked as converted) are present",
    },
    "N_NO_SPEND": {
        "de": "nicht berechenbar: keine Ausgabendaten (campaigns oder costs)",
        "en": "not computable: no spend data (campaigns or costs)",
    },
    "N_NO_CONVERSION": {
        "de": "nicht berechenbar: Leads ohne converted (ja/nein), converted_at und customer_id, und keine Deals "
              "mit lead_id",
        "en": "not computable: leads have neither converted (yes/no), converted_at nor customer_id, and no deals "
              "carry a lead_id",
    },
    "U_NO_CLOSED_DEALS": {"de": "keine abgeschlossenen Deals {period}", "en": "no deals closed {period}"},
    "U_NO_WON_DEALS": {"de": "keine gewonnenen Deals {period}", "en": "no deals won {period}"},
    "U_NO_CUSTOMERS": {"de": "keine Kunden {period}", "en": "no customers {period}"},
    "U_NO_ORDERING_CUSTOMERS": {"de": "keine Bestellungen mit Kunde in «orders» {period}",
                                "en": "no orders with a customer in 'orders' {period}"},
    "U_NO_PAYING_CUSTOMERS": {"de": "keine gewonnenen Deals mit Betrag {period}",
                              "en": "no won deals with an amount {period}"},
    "U_NO_NEW_CUSTOMERS": {"de": "keine Neukunden {period}", "en": "no new customers {period}"},
    "U_NO_LEADS": {"de": "keine Leads {period}", "en": "no leads {period}"},
    "U_NO_LEADS_WON": {"de": "keine Leads, die {period} Kunde wurden", "en": "no leads became customers {period}"},
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
    # --- the catalogue's words: units, directions, periods --------------------------------------------
    "KPI_UNIT_COUNT": {"de": "Anzahl", "en": "count"},
    "KPI_UNIT_CURRENCY": {"de": "Betrag", "en": "amount"},
    "KPI_UNIT_RATIO": {"de": "Anteil", "en": "share"},
    "KPI_UNIT_DAYS": {"de": "Tage", "en": "days"},
    "KPI_HIGHER_IS_BETTER": {"de": "höher ist besser", "en": "higher is better"},
    "KPI_LOWER_IS_BETTER": {"de": "tiefer ist besser", "en": "lower is better"},
    "KPI_WHOLE_PERIOD": {"de": "im ganzen Zeitraum", "en": "over the whole period"},
    "KPI_IN_PERIOD": {"de": "in {period}", "en": "in {period}"},
    # --- issue 15/16: undated tables, churn, web analytics ------------------------------------------------
    "N_UNDATED": {
        "de": "nur für den ganzen Zeitraum berechenbar: «{table}» hat keine Datumsangaben ({column}); für "
              "Verläufe pro Monat oder Quartal den Export mit Datum ({column}) erfassen",
        "en": "computable for the whole period only: '{table}' has no dates ({column}); for trends per month "
              "or quarter, capture the export with its date ({column})",
    },
    "N_CHURN_NO_DATES": {
        "de": "pro Periode nicht berechenbar: Kunden ohne Kündigungsdatum (customers.churned_at); nur für den "
              "ganzen Zeitraum (Liste) berechenbar, für Verläufe das Kündigungsdatum erfassen",
        "en": "not computable per period: customers have no churn date (customers.churned_at); computable for "
              "the whole period (as a list) only, capture the churn date for trends",
    },
    "U_NO_SESSIONS": {"de": "keine Sitzungen {period}", "en": "no sessions {period}"},
    "U_NO_ACTIVE_CUSTOMERS": {
        "de": "keine zu Periodenbeginn aktiven Kunden {period}",
        "en": "no customers active at the period's start {period}",
    },
    "U_CHURN_LIST": {
        "de": "Methode: Liste (gekündigte / alle Kunden bis Periodenende)",
        "en": "method: list (churned / all customers to the period end)",
    },
    "U_CHURN_DATED": {
        "de": "Methode: in der Periode gekündigte / zu Periodenbeginn aktive Kunden",
        "en": "method: churned in the period / customers active at the period's start",
    },
    "F_STEP_sessions": {"de": "Sitzungen (Web-Analyse)", "en": "Sessions (web analytics)"},
    "F_STEP_leads": {"de": "Leads", "en": "Leads"},
    "F_STEP_deals": {"de": "Leads mit Deal", "en": "Leads with a deal"},
    "F_STEP_won": {"de": "Leads mit gewonnenem Deal", "en": "Leads with a deal won"},
    "F_STEP_customers": {"de": "Kunden", "en": "Customers"},
    "F_CAPTURE_sessions": {
        "de": "fehlt: Sitzungen aus der Web-Analyse (GA4, Matomo) exportieren und unter sources.traffic eintragen "
              "(Phase 3)",
        "en": "missing: export the sessions from web analytics (GA4, Matomo) and add them under sources.traffic "
              "(phase 3)",
    },
    "F_CAPTURE_leads": {
        "de": "fehlt: Kontakte bzw. Leads aus dem CRM exportieren und unter sources.leads eintragen (Phase 3)",
        "en": "missing: export the contacts or leads from the CRM and add them under sources.leads (phase 3)",
    },
    "F_CAPTURE_deals": {
        "de": "fehlt: die Deals aus dem CRM mit der Verknüpfung Deal → Kontakt exportieren und unter "
              "sources.deals.columns.lead_id zuordnen (Phase 3)",
        "en": "missing: export the CRM's deals with the deal → contact link and map it under "
              "sources.deals.columns.lead_id (phase 3)",
    },
    "F_CAPTURE_customers": {
        "de": "fehlt: woran ein Lead als Kunde erkennbar ist – «Kunde seit» (converted_at), die Kunden-ID "
              "(customer_id) oder Deals mit lead_id (Phase 3)",
        "en": "missing: what shows that a lead became a customer – its conversion date (converted_at), its "
              "customer id (customer_id) or deals with a lead_id (phase 3)",
    },
    "U_REACH_USERS": {
        "de": "Nutzer der Web-Analyse stehen für Reichweite (keine Anzeigen-Reichweite oder Impressionen): "
              "Website-Besucher, eine Obergrenze",
        "en": "web analytics users stand in for reach (no ad reach or impressions): site visitors, an upper bound",
    },
    # --- issue 16: customers kept and lost ---------------------------------------------------------------
    "U_RET_NO_PREVIOUS": {
        "de": "nicht definiert {period}: keine Vorperiode in den Daten (die Bestellungen beginnen am {first})",
        "en": "undefined {period}: no previous period in the data (the orders start on {first})",
    },
    "U_NO_PREVIOUS_ACTIVE": {"de": "keine aktiven Kunden in der Vorperiode {period}",
                             "en": "no customers active in the period before {period}"},
    "U_RET_NEEDS_GRAIN": {
        "de": "über den ganzen Zeitraum nicht definiert: vergleicht jede Periode mit der vorherigen (Monat, "
              "Quartal, Jahr wählen)",
        "en": "undefined over the whole period: compares each period with the one before (choose month, quarter "
              "or year)",
    },
    "U_RET_METHOD": {
        "de": "Methode: in der Vorperiode bestellende Kunden, die wieder bestellt haben (Segment der Vorperiode)",
        "en": "method: customers ordering in the previous period who ordered again (segment of the previous period)",
    },
    "U_CHURN_ORDERS": {
        "de": "Methode: aus Bestellungen, 1 − Kundenbindung (in der Vorperiode bestellende Kunden ohne Bestellung "
              "in dieser Periode / in der Vorperiode bestellende Kunden)",
        "en": "method: from orders, 1 − retention (customers ordering in the previous period without an order in "
              "this one / customers ordering in the previous period)",
    },
    "U_ACTIVE_LIST": {
        "de": "Methode: Kundenliste (bis Periodenende erfasst, nicht vor Periodenbeginn gekündigt)",
        "en": "method: customer list (created by the period end, not churned before its start)",
    },
    "U_PAYBACK_NO_CAC": {"de": "nicht definiert: CAC ist 0 {period}", "en": "undefined: CAC is 0 {period}"},
    "U_PAYBACK_NO_REVENUE": {"de": "nicht definiert: kein Umsatz von Neukunden {period}",
                             "en": "undefined: no revenue from new customers {period}"},
    "U_PAYBACK_METHOD": {
        "de": "Methode: CAC / (Umsatz der Neukunden im Zeitraum / Neukunden / Monate des Zeitraums); Umsatz, "
              "nicht Marge",
        "en": "method: CAC / (revenue of the period's new customers in it / new customers / months of the "
              "period); revenue, not margin",
    },
    "KPI_UNIT_MONTHS": {"de": "Monate", "en": "months"},
    "COHORT_LABEL": {"de": "Kohorte", "en": "cohort"},
    "COHORT_SIZE": {"de": "Kunden", "en": "customers"},
    "COHORT_MONTHS": {"de": "Mt.", "en": "mo."},
    "COHORT_QUARTERS": {"de": "Q.", "en": "qtr."},
    "COHORT_AFTER": {"de": "nach {k} {unit}", "en": "after {k} {unit}"},
    "COHORT_AGAIN": {"de": "bestellen wieder", "en": "order again"},
    "COHORT_NOTE": {
        "de": "Kohorte: Monat (Quartal) der ersten Bestellung; «nach k {unit}»: Anteil mit Bestellung im k-ten "
              "Monat (Quartal) danach; leer: noch nicht beobachtbar (Daten bis {as_of}), nicht 0; «bestellen "
              "wieder»: Anteil mit einer späteren Bestellung bis {as_of}",
        "en": "cohort: month (quarter) of the first order; 'after k {unit}': share with an order in the k-th "
              "month (quarter) after it; empty: not observable yet (data to {as_of}), not 0; 'order again': share "
              "with a later order up to {as_of}",
    },
    "U_PAYBACK_MRR": {
        "de": "Methode: CAC / mittlerer MRR der Neukunden (customers.mrr); Umsatz, nicht Marge",
        "en": "method: CAC / mean MRR of the new customers (customers.mrr); revenue, not margin",
    },
}
