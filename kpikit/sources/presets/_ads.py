"""Ad-platform reports: Google Ads, Meta Ads Manager and LinkedIn Campaign Manager.

Each report feeds ``campaigns``; the channel is a constant (override it with ``constants:``).
What the platform calls a result is read as ``leads``, the usual goal of a KMU campaign: Google Ads
"Conversions", Meta "Ergebnisse"/"Results", LinkedIn "Leads". When a campaign optimises for
purchases, map the column to ``conversions`` instead (``columns: {conversions: Conversions}``) so that
cost per acquisition counts it.

Google Ads: a downloaded report (Reports → Download → CSV) starts with two lines, the report title
and the date range, before the header; it ends with total rows "Gesamt: Konto", "Gesamt:
Suchkampagnen" (English "Total: Account", "Total: Campaigns"). The reader skips the title lines, the
preset skips the totals. Sources: Google Ads Help, "Download and schedule reports", column names of
the campaign report (Campaign/Kampagne, Day/Tag, Impr., Clicks/Klicks, Cost/Kosten, Conversions,
Currency code/Währungscode).

Meta: Ads Manager → Reports → Export table data (CSV/XLSX); the amount column carries the account
currency in its name ("Ausgegebener Betrag (CHF)", "Amount spent (EUR)"). With a daily breakdown the
file has a "Tag"/"Day" column; otherwise "Beginn des Berichtszeitraums"/"Reporting starts" dates the
row. Sources: Meta Business Help Center, "About Ads Manager reporting" and the metric glossary
(Amount spent, Reach, Impressions, Link clicks, Results, Reporting starts).

LinkedIn: Campaign Manager → Export → Campaign performance (CSV), a preamble of report lines
(title, report start/end, date generated, account) before the header; "Start Date (in UTC)" is written
month first (``10/1/2024``); when every date of the file has that form it is read month first, even for a
week that alone would not tell (other forms, e.g. ISO dates, are detected as usual). Sources: LinkedIn
Marketing Solutions Help, "Performance metrics in Campaign Manager" and "Export campaign performance
reports" (Total Spent, Impressions, Clicks, Leads, Reach).
"""

from __future__ import annotations

TOTALS = ("Gesamt", "Total", "Summe")

GOOGLE_ADS = {
    "table": "campaigns",
    "label": "Google Ads – Kampagnenbericht / campaign report",
    "sources": "support.google.com/google-ads: download reports; campaign report columns (en, de)",
    "columns": {
        "date": ["Tag", "Day", "Datum", "Date"],
        "campaign": ["Kampagne", "Campaign"],
        "impressions": ["Impr.", "Impressionen", "Impressions"],
        "clicks": ["Klicks", "Clicks"],
        "spend": ["Kosten", "Cost", "Kosten (*)", "Cost (*)"],
        "leads": ["Conversions", "Konversionen"],
    },
    "constants": {"channel": "Google Ads"},
    "summary_rows": TOTALS,
}

META_ADS = {
    "table": "campaigns",
    "label": "Meta Ads – Werbeanzeigenmanager / Ads Manager",
    "sources": "facebook.com/business/help: Ads Manager reporting; metric glossary (en, de)",
    "columns": {
        "date": ["Tag", "Day", "Beginn des Berichtszeitraums", "Reporting starts", "Berichtsbeginn"],
        "campaign": ["Kampagnenname", "Campaign name", "Kampagne", "Campaign"],
        "spend": ["Ausgegebener Betrag (*)", "Amount spent (*)", "Ausgegebener Betrag", "Amount spent"],
        "impressions": ["Impressionen", "Impressions"],
        "reach": ["Reichweite", "Reach"],
        "clicks": ["Link-Klicks", "Link clicks", "Klicks (alle)", "Clicks (all)"],
        "leads": ["Leads", "Ergebnisse", "Results"],
    },
    "constants": {"channel": "Meta Ads"},
    "summary_rows": TOTALS,
}

LINKEDIN_ADS = {
    "table": "campaigns",
    "label": "LinkedIn Ads – Campaign Performance Report",
    "sources": "linkedin.com/help/lms: performance metrics in Campaign Manager; export reports",
    "dates": "month_first",  # «10/1/2024» is 1 October: taken month first when every date is written m/d/yyyy
    "columns": {
        "date": ["Start Date (in UTC)", "Startdatum (in UTC)", "Start Date", "Startdatum"],
        "campaign": ["Campaign Name", "Kampagnenname", "Campaign"],
        "spend": ["Total Spent", "Total Spent (*)", "Ausgaben insgesamt", "Gesamtausgaben", "Amount Spent"],
        "impressions": ["Impressions", "Impressionen"],
        "reach": ["Reach", "Reichweite"],
        "clicks": ["Clicks", "Klicks"],
        "leads": ["Leads"],
    },
    "constants": {"channel": "LinkedIn Ads"},
    "summary_rows": TOTALS,
}
