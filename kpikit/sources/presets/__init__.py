"""Built-in mappings of known export layouts, selectable with ``preset:`` in company.yaml.

A preset describes one vendor export: the canonical table it feeds, ``read`` options, a column
map, value maps and constants. Anything written in company.yaml overrides the preset (value maps
are merged entry by entry, so one extra stage name does not drop the vendor's default pipeline).

Column maps list *alternatives* for each canonical column: the first one present in the file wins,
matched case-insensitively; ``*`` stands for any text, so ``"Amount spent (*)"`` takes
``Amount spent (CHF)`` as well as ``Amount spent (EUR)``. One preset thus reads the German and the
English export of a vendor. An optional column none of whose alternatives is present is simply not
loaded; a required one stops with a message that names the alternatives and the columns present.

``summary_rows`` names the prefixes of report total rows (Google Ads ends its reports with
``Gesamt: Konto`` / ``Total: Account``); rows whose first filled cell starts with such a prefix and a
colon are report totals, not data, and are skipped. ``footer`` names the first words of closing lines
(Salesforce's "Confidential Information - Do Not Distribute" …): one-field lines from such a line to the end
of the file are skipped. ``dates: month_first`` reads m/d/yyyy dates month first when every date of the
file is written so (LinkedIn). ``signature`` names columns that are no canonical column but tell the export
apart when its mapped columns are too common ("Datum, Klicks, Impressionen" plus "CTR, Position" is Search
Console): ``kpikit new --from`` proposes the preset when all of them are present. Presets of German-locale
exports need no ``read`` options: when the money
columns write decimals with a comma ("132,94"), every number of the file is read that way ("2.438" is 2438).

>>> sorted(PRESETS)  # doctest: +NORMALIZE_WHITESPACE
['ga4', 'google_ads', 'hubspot_contacts', 'hubspot_deals', 'linkedin_ads', 'matomo', 'meta_ads',
 'pipedrive_deals', 'salesforce_leads', 'salesforce_opportunities', 'search_console']
>>> presets_for("traffic")
['ga4', 'matomo']
>>> PRESETS["google_ads"]["table"]
'campaigns'
"""

from __future__ import annotations

from kpikit.sources.presets import _ads, _analytics, _hubspot, _pipedrive, _salesforce

PRESET_KEYS = ("table", "label", "sources", "read", "columns", "values", "constants", "summary_rows", "footer",
               "dates", "signature")

PRESETS: dict[str, dict] = {
    "hubspot_deals": _hubspot.DEALS,
    "hubspot_contacts": _hubspot.CONTACTS,
    "salesforce_opportunities": _salesforce.OPPORTUNITIES,
    "salesforce_leads": _salesforce.LEADS,
    "pipedrive_deals": _pipedrive.DEALS,
    "google_ads": _ads.GOOGLE_ADS,
    "meta_ads": _ads.META_ADS,
    "linkedin_ads": _ads.LINKEDIN_ADS,
    "search_console": _analytics.SEARCH_CONSOLE,
    "ga4": _analytics.GA4,
    "matomo": _analytics.MATOMO,
}


def presets_for(table: str) -> list[str]:
    """Names of the presets that feed ``table``.

    >>> presets_for("leads")
    ['hubspot_contacts', 'salesforce_leads']
    """
    return [name for name, p in PRESETS.items() if p["table"] == table]


__all__ = ["PRESETS", "PRESET_KEYS", "presets_for"]
