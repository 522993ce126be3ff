"""Built-in mappings of known export layouts, selectable with ``preset:`` in company.yaml.

A preset supplies ``read``, ``columns``, ``values`` and ``constants`` defaults for one vendor's
export; anything written in company.yaml overrides it. Presets for HubSpot, Salesforce,
Pipedrive, Google Ads, Meta Ads and LinkedIn are added with issue 7; this registry is the
extension point.
"""

from __future__ import annotations

PRESETS: dict[str, dict] = {}
