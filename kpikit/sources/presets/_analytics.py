"""Web analytics exports: Google Analytics 4, Matomo and Google Search Console.

GA4 and Matomo feed ``traffic`` (date, channel, sessions, users, pageviews, conversions, revenue). Search
Console feeds ``campaigns``: it counts impressions and clicks on Google's result pages, not sessions on the
site, so it sits beside the ad platforms as an organic channel without spend.

GA4: Reports → Share this report → Download file → CSV, or an Explore table (Export data → CSV). The file
starts with a preamble of ``#`` comment lines (report name, account, property, "Start date: 20250101") and
blank lines; the reader skips leading ``#`` lines wherever they occur. Dates are written ``20250131``. An
Explore export may carry a totals row ("Grand total" / "Gesamtsumme") right under the header; it is not data
and is skipped. A report needs a date dimension ("Datum"/"Date") to be read: add it as a secondary dimension
before downloading. GA4's "Key events" (earlier "Conversions") count events, so a session with two key events
counts twice; the visit conversion rate is then key events per session. Sources: Google Analytics Help,
"[GA4] Download report data", "[GA4] Default channel group", "[GA4] Key events"; the dimension and metric
names of the Data API schema (sessionDefaultChannelGroup, sessions, activeUsers, screenPageViews, keyEvents,
totalRevenue, sessionCampaignName, landingPage).

Matomo: a report (Acquisition → Channel types / Akquisition → Kanaltypen) exported as CSV or TSV with a date
per row (period "day" over a date range), or a visits log export (one row per visit: every row is one
session, ``visitConverted`` 1/0 counts as the conversion). Matomo's CSV export is UTF-16 with a byte order
mark (``convertToUnicode=1``, the default); the reader detects it. Older versions name the channel type
"Verweisart" / "Referrer type" (Matomo's German translation of the Referrers plugin). Sources: Matomo FAQ
"How do I export data?" and the Reporting API reference
(Referrers.getReferrerType: nb_visits, nb_uniq_visitors, nb_actions, nb_conversions, revenue;
Live.getLastVisitsDetails: serverDate, referrerTypeName, actions, visitConverted).

Search Console: Performance → Export → CSV (or Google Sheets); the download is a zip whose ``Dates.csv`` /
``Datumsangaben.csv`` holds one row per day ("Datum/Date, Klicks/Clicks, Impressionen/Impressions, CTR,
Position"). Sources: Search Console Help, "Performance report (Search results)" (clicks, impressions, CTR,
average position).
"""

from __future__ import annotations

# Names of totals rows: "Grand total" in a GA4 Explore export; the others as other tools and older exports
# write them. Matched as the whole first cell or followed by a colon, and only where the row looks like a total.
TOTALS = ("Grand total", "Gesamtsumme", "Totals", "Summe", "Gesamt", "Total")

GA4 = {
    "table": "traffic",
    "label": "Google Analytics 4 – Bericht / report (CSV)",
    "sources": "support.google.com/analytics: download report data; default channel group; key events (en, de)",
    "columns": {
        "date": ["Datum", "Date"],
        "channel": ["Standard-Channel-Gruppierung der Sitzung", "Session default channel group",
                    "Primäre Channel-Gruppierung der Sitzung", "Session primary channel group",
                    "Standard-Channel-Gruppierung", "Default channel group",
                    "Quelle/Medium der Sitzung", "Session source / medium"],
        "sessions": ["Sitzungen", "Sessions"],
        "users": ["Nutzer", "Users", "Aktive Nutzer", "Active users", "Nutzer insgesamt", "Total users"],
        "pageviews": ["Aufrufe", "Views", "Seitenaufrufe", "Screen page views"],
        "conversions": ["Schlüsselereignisse", "Key events", "Schlüsselereignisse (*)", "Key events (*)",
                        "Conversions", "Conversions (*)"],
        "revenue": ["Gesamtumsatz", "Total revenue", "Umsatz aus Käufen", "Purchase revenue"],
        "campaign": ["Sitzungskampagne", "Session campaign", "Kampagne der Sitzung", "Kampagne", "Campaign"],
        "landing_page": ["Landingpage", "Landing page", "Landingpage + Suchstring", "Landing page + query string",
                         "Zielseite"],
    },
    "summary_rows": TOTALS,
}

MATOMO = {
    "table": "traffic",
    "label": "Matomo – Kanaltypen / Channel types, Besuchs-Log / visits log",
    "sources": "matomo.org: FAQ export data; Reporting API Referrers.getReferrerType, Live.getLastVisitsDetails",
    "columns": {
        "date": ["Datum", "Date", "serverDate"],
        "channel": ["Kanaltyp", "Channel type", "referrerTypeName", "Verweisart", "Referrer type", "Kanal", "Channel"],
        "sessions": ["Besuche", "Visits", "nb_visits"],
        "users": ["Eindeutige Besucher", "Unique visitors", "nb_uniq_visitors"],
        "pageviews": ["Seitenansichten", "Pageviews", "nb_pageviews", "Aktionen", "Actions", "nb_actions"],
        "conversions": ["Conversions", "Konversionen", "nb_conversions", "visitConverted"],
        "revenue": ["Umsatz", "Revenue", "revenue"],
        "campaign": ["Kampagne", "Campaign", "campaignName"],
        "landing_page": ["Einstiegsseite", "Entry page"],
    },
    "summary_rows": TOTALS,
}

SEARCH_CONSOLE = {
    "table": "campaigns",
    "label": "Google Search Console – Leistung / Performance (Dates.csv)",
    "sources": "support.google.com/webmasters: Performance report (clicks, impressions, CTR, position)",
    "columns": {
        "date": ["Datum", "Date"],
        "clicks": ["Klicks", "Clicks"],
        "impressions": ["Impressionen", "Impressions"],
    },
    # the same name as GA4's channel group, so that both land in one channel; override with constants:
    "constants": {"channel": "Organic Search", "spend": 0},
    # its other columns are too common to tell it apart: these two, beside them, do (kpikit new --from)
    "signature": ["CTR", "Position"],
}
