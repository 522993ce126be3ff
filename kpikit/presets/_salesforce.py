"""Salesforce exports: opportunities and leads, from report exports or Data Loader.

A report export ("Export → Details only", CSV or XLSX) carries the field labels in the user's
language and formats dates and amounts in the user's locale (de_CH: ``31.03.2025``, ``12'500.00``);
Data Loader writes the API names (``StageName``, ``CloseDate``). Both are listed. The stage map covers
the ten values of the standard ``StageName`` picklist and German labels used by German-language orgs.

Sources: Salesforce Help, "Opportunity Fields" (Account Name, Amount, Close Date, Stage, Lead Source,
Opportunity Owner); Salesforce Object Reference, "Opportunity" (StageName, CloseDate, CreatedDate,
IsWon, IsClosed) and "Lead" (ConvertedDate, ConvertedAccountId, LeadSource); the default stage
picklist (Prospecting, Qualification, Needs Analysis, Value Proposition, Id. Decision Makers,
Perception Analysis, Proposal/Price Quote, Negotiation/Review, Closed Won, Closed Lost).
"""

from __future__ import annotations

OPEN = (
    "Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
    "Identify Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review",
    # German labels
    "Akquise", "Interessent", "Qualifizierung", "Bedarfsanalyse", "Wertangebot", "Nutzenversprechen",
    "Entscheidungsträger identifizieren", "Entscheidungsträger ermitteln", "Wahrnehmungsanalyse",
    "Angebot/Preisangebot", "Angebot", "Verhandlung/Überprüfung", "Verhandlung/Prüfung", "Verhandlung",
)
WON = ("Closed Won", "Closed/Won", "Geschlossen und gewonnen", "Geschlossen/gewonnen", "Abgeschlossen und gewonnen",
       "Gewonnen")
LOST = ("Closed Lost", "Closed/Lost", "Geschlossen und verloren", "Geschlossen/verloren",
        "Abgeschlossen und verloren", "Verloren")
STAGES = {**{s: "open" for s in OPEN}, **{s: "won" for s in WON}, **{s: "lost" for s in LOST}}

OPPORTUNITIES = {
    "table": "deals",
    "label": "Salesforce – Opportunities",
    "sources": "help.salesforce.com: Opportunity Fields; Object Reference: Opportunity, OpportunityStage",
    "columns": {
        "deal_id": ["Opportunity ID", "Opportunity-ID", "Opportunity Id", "Verkaufschancen-ID", "Id"],
        "status": ["Stage", "Phase", "StageName"],
        "closed_at": ["Close Date", "Schlusstermin", "Abschlussdatum", "CloseDate"],
        "created_at": ["Created Date", "Erstelldatum", "Erstellt am", "CreatedDate"],
        "amount": ["Amount (converted)", "Betrag (umgerechnet)", "Amount", "Betrag"],
        "customer_id": ["Account ID", "Account-ID", "AccountId", "Account Name", "Accountname", "Account-Name"],
        "channel": ["Lead Source", "Lead-Quelle", "Leadquelle", "LeadSource"],
        "owner": ["Opportunity Owner", "Opportunity-Inhaber", "Opportunity Owner: Full Name", "OwnerId"],
        "product": ["Product Name", "Produktname"],
        "region": ["Billing State/Province", "Region"],
    },
    "values": {"status": STAGES},
}

LEADS = {
    "table": "leads",
    "label": "Salesforce – Leads",
    "sources": "help.salesforce.com: Lead Fields; Object Reference: Lead (ConvertedDate, ConvertedAccountId)",
    "columns": {
        "lead_id": ["Lead ID", "Lead-ID", "Lead Id", "Id"],
        "created_at": ["Created Date", "Erstelldatum", "Erstellt am", "CreatedDate"],
        "channel": ["Lead Source", "Lead-Quelle", "Leadquelle", "LeadSource"],
        "converted_at": ["Converted Date", "Konvertierungsdatum", "Umwandlungsdatum", "Konvertiert am",
                         "ConvertedDate"],
        "customer_id": ["Converted Account ID", "Konvertierte Account-ID", "Konvertierter Account-ID",
                        "ConvertedAccountId"],
        "owner": ["Lead Owner", "Lead-Inhaber", "Leadinhaber", "OwnerId"],
        "campaign": ["Campaign Name", "Kampagnenname", "Primary Campaign Source"],
    },
}
