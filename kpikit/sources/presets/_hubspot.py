"""HubSpot CRM exports: deals and contacts, from the German or the English user interface.

HubSpot exports a view (CRM → Deals/Contacts → Export) as CSV or XLSX. The headers are the
property *labels* in the user's language ("Deal Stage" / "Deal-Phase"); exports made through the
API or an integration carry the internal names ("dealstage"). Both are listed. Stage values are
the labels of the default sales pipeline, in both languages (HubSpot's German wording has changed
over the years, so several are listed), and the internal stage ids.

Sources: HubSpot Knowledge Base, "HubSpot's default deal properties" and "Set up and customize your
deal pipelines and deal stages" (English and German editions; the default pipeline has seven
stages: Appointment scheduled 20 %, Qualified to buy 40 %, Presentation scheduled 60 %, Decision
maker bought-in 80 %, Contract sent 90 %, Closed won 100 %, Closed lost 0 %); "HubSpot's default
contact properties" (Create date, Original source, Became a Customer date, Contact owner).
"""

from __future__ import annotations

WON = ("closedwon", "Closed won", "Abgeschlossen und gewonnen", "Abgeschlossen/gewonnen",
       "Geschlossen und gewonnen", "Gewonnen", "Won")
LOST = ("closedlost", "Closed lost", "Abgeschlossen und verloren", "Abgeschlossen/verloren",
        "Geschlossen und verloren", "Verloren", "Lost")
OPEN = (
    # internal ids of the default pipeline
    "appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent",
    # English labels
    "Appointment scheduled", "Qualified to buy", "Presentation scheduled", "Decision maker bought-in",
    "Decision maker bought in", "Contract sent",
    # German labels, current and earlier translations
    "Termin vereinbart", "Termin geplant", "Qualifiziert für Kauf", "Für Kauf qualifiziert", "Kaufbereit",
    "Präsentation geplant", "Präsentation vereinbart", "Entscheidungsträger eingebunden",
    "Entscheidungsträger eingebracht", "Entscheidungsträger überzeugt", "Entscheider überzeugt",
    "Vertrag gesendet", "Vertrag versendet", "Vertrag verschickt",
)
STAGES = {**{s: "won" for s in WON}, **{s: "lost" for s in LOST}, **{s: "open" for s in OPEN}}

DEALS = {
    "table": "deals",
    "label": "HubSpot – Deals",
    "sources": "knowledge.hubspot.com: default deal properties; deal pipelines and deal stages (en, de)",
    "columns": {
        "deal_id": ["Record ID", "Datensatz-ID", "Deal ID", "Deal-ID", "hs_object_id"],
        "status": ["Deal Stage", "Deal-Phase", "Dealphase", "dealstage"],
        "closed_at": ["Close Date", "Abschlussdatum", "closedate"],
        "created_at": ["Create Date", "Erstelldatum", "Erstellungsdatum", "createdate"],
        "amount": ["Amount in company currency", "Betrag in Firmenwährung", "Amount", "Betrag", "Amount (*)",
                   "Betrag (*)", "amount"],
        "customer_id": ["Associated Company IDs", "Associated Company ID", "Associated Company IDs (Primary)",
                        "Zugeordnete Unternehmens-IDs", "Zugeordnete Unternehmens-ID", "Firmen-ID",
                        "Associated Company (Primary)", "Associated Company", "Zugeordnetes Unternehmen"],
        "lead_id": ["Associated Contact IDs", "Associated Contact ID", "Zugeordnete Kontakt-IDs", "Kontakt-ID"],
        "channel": ["Original Source Type", "Original Source", "Originalquelle", "Ursprüngliche Quelle",
                    "Quelle", "Kanal"],
        "owner": ["Deal owner", "Deal-Inhaber", "Dealinhaber", "hubspot_owner_id"],
        "product": ["Product", "Produkt"],
        "region": ["Region"],
    },
    "values": {"status": STAGES},
}

CONTACTS = {
    "table": "leads",
    "label": "HubSpot – Kontakte / Contacts",
    "sources": "knowledge.hubspot.com: default contact properties; lifecycle stages (en, de)",
    "columns": {
        "lead_id": ["Record ID", "Datensatz-ID", "Contact ID", "Kontakt-ID", "hs_object_id"],
        "created_at": ["Create Date", "Erstelldatum", "Erstellungsdatum", "createdate"],
        "channel": ["Original Source", "Original Source Type", "Originalquelle", "Ursprüngliche Quelle", "Quelle",
                    "hs_analytics_source"],
        "campaign": ["Campaign", "Kampagne", "First campaign", "Erste Kampagne"],
        "converted_at": ["Became a Customer Date", "Became a customer date", "Datum, an dem Kunde wurde",
                         "Kunde geworden am", "Kunde seit", "hs_lifecyclestage_customer_date"],
        "customer_id": ["Associated Company ID", "Associated Company IDs", "Associated Company IDs (Primary)",
                        "Zugeordnete Unternehmens-ID", "Zugeordnete Unternehmens-IDs", "Firmen-ID",
                        "associatedcompanyid"],
        "owner": ["Contact owner", "Kontaktinhaber", "Kontakt-Inhaber", "Zuständig", "hubspot_owner_id"],
    },
}
