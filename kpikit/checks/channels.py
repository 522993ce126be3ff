"""Channel names: the CRM and the ad platforms must name a paid channel alike, or its CAC stays unknown.

The CRM says "Bezahlte Suche" where Google Ads says "Google Ads": without a value map the two never
meet, and every per-channel CAC and cost per lead is undefined.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from kpikit.checks.findings import Finding

if TYPE_CHECKING:
    from kpikit.company.model import Company

# What CRMs call the channels the ad platforms bill for (lower case, matched as words or phrases).
CHANNEL_FAMILIES = (
    (("google", "bing", "microsoft", "adwords"),
     ("bezahlte suche", "paid search", "suchmaschinenwerbung", "sea", "ppc", "cpc", "google", "adwords", "bing",
      "search ads", "suchanzeigen")),
    (("meta", "facebook", "instagram"),
     ("paid social", "social ads", "social media", "soziale medien", "facebook", "instagram", "meta")),
    (("linkedin",), ("linkedin",)),
)
ORGANIC = ("organisch", "organic", "seo", "direkt", "direct", "empfehlung", "referral")


def check_channels(company: Company) -> list[Finding]:
    """Ad channels with spend whose name never occurs in the CRM (``CHANNELS_UNMATCHED``).

    Parameters
    ----------
    company : Company
        Its campaigns (channel, spend) and the ``channel`` columns of its deals and leads are read.

    Returns
    -------
    list of Finding
        One warning naming the ad channels with spend > 0 that no deal or lead names (compared
        without case and outer spaces), the CRM channels that no ad platform names, where to map
        them (``sources.<table>.values.channel``) and an example pair (``channel_pair``); empty when
        every paid channel is matched, or there are no campaigns or no CRM channels.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["A", "B", "C"], "status": ["won", "lost", "won"],
    ...                       "closed_at": ["2025-01-10", "2025-01-11", "2025-01-12"],
    ...                       "channel": ["Bezahlte Suche", "Organische Suche", "Messe"]})
    >>> campaigns = pd.DataFrame({"date": ["2025-01-01", "2025-01-02", "2025-01-03"],
    ...                           "channel": ["Google Ads", "Newsletter", "Messe"], "spend": [100.0, 0.0, 50.0]})
    >>> found = check_channels(Company.from_frames(deals=deals, campaigns=campaigns))
    >>> found[0].code, found[0].evidence["ad_channels_not_in_crm"], found[0].params["example_crm"]
    ('CHANNELS_UNMATCHED', ['Google Ads'], 'Bezahlte Suche')
    """
    camp = company.tables.get("campaigns")
    crm: set[str] = set()
    tables = []
    for name in ("deals", "leads"):
        frame = company.tables.get(name)
        if frame is not None and "channel" in frame and frame["channel"].notna().any():
            crm |= set(frame["channel"].dropna().astype(str).str.strip())
            tables.append(name)
    if camp is None or "channel" not in camp or not crm:
        return []
    spend = camp.groupby("channel", sort=True)["spend"].sum()
    ad = [str(c) for c, v in spend.items() if v > 0]
    folded = {c.casefold() for c in crm}
    unmatched = [c for c in ad if c.strip().casefold() not in folded]
    if not unmatched:
        return []
    ad_folded = {c.casefold() for c in ad}
    crm_only = sorted(c for c in crm if c.casefold() not in ad_folded)
    where = " / ".join(f"sources.{name}.values.channel" for name in tables)
    example_crm, example_ad = channel_pair(unmatched, crm_only)
    return [Finding("CHANNELS_UNMATCHED", "warning", "cac", {
        "ad": ", ".join(unmatched), "crm": ", ".join(crm_only[:6]) + (" …" if len(crm_only) > 6 else ""),
        "where": where, "example_crm": example_crm, "example_ad": example_ad},
        {"ad_channels_not_in_crm": unmatched, "crm_channels_not_in_ads": crm_only})]


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9äöü]+", " ", text.casefold()) + " "


def _score(ad: str, crm: str) -> float:
    """How likely ``crm`` means the ad channel ``ad``: the same family (+2), organic (−1), spelling (0..1)."""
    wa, wc = _words(ad), _words(crm)
    family = any(any(f" {k} " in wa for k in ads) and any(f" {k} " in wc for k in crms)
                 for ads, crms in CHANNEL_FAMILIES)
    organic = any(f" {k}" in wc for k in ORGANIC)
    return 2.0 * family - 1.0 * organic + difflib.SequenceMatcher(None, wa, wc).ratio()


def channel_pair(ad: list[str], crm: list[str]) -> tuple[str, str]:
    """The CRM channel and the ad channel most likely meant to be the same, for the example mapping.

    Parameters
    ----------
    ad : list of str
        Ad channels the CRM does not name.
    crm : list of str
        CRM channels no ad platform names.

    Returns
    -------
    tuple of str
        ``(crm channel, ad channel)`` with the highest score: 2 when both belong to one family of
        ``CHANNEL_FAMILIES`` (Google and "Bezahlte Suche"), −1 when the CRM channel is organic, plus
        the ``difflib`` similarity of the two names; ``("…", ad[0])`` without CRM channels.

    Examples
    --------
    >>> channel_pair(["Google Ads", "LinkedIn Ads"], ["Bezahlte Suche", "Messe", "Organische Suche"])
    ('Bezahlte Suche', 'Google Ads')
    >>> channel_pair(["Meta Ads"], ["Empfehlung", "Social Media"])
    ('Social Media', 'Meta Ads')
    """
    if not crm:
        return "…", ad[0]
    return max(((c, a) for a in ad for c in crm), key=lambda pair: _score(pair[1], pair[0]))
