"""Seeded generator for the kpikit demo company exports.

Fictional company: **Bürokafi Muster AG**, Biel/Bienne. It sells office coffee
machines to Swiss businesses (B2B deals managed in a CRM) and afterwards
recurring coffee-bean and service orders. Currency CHF. Data period
2024-10-01 to 2026-09-30 (24 months, 8 full quarters).

Usage::

    python datasets/generate_demo.py

writes two companies from the same code:

* ``datasets/demo/exports/``          seed 4127, both stories on, planted dirty rows
* ``datasets/demo-control/exports/``  seed 9083, stories off, no dirty rows

Files per company (formats imitate the real tools' German/Swiss exports):

=====================  ===========================================================
``crm-deals.csv``      HubSpot-like deals, UTF-8 with BOM, ``;``, Swiss amounts
                       (``12'450.00``), dates ``dd.mm.yyyy``, CRLF
``crm-kontakte.csv``   CRM contacts (leads), cp1252, ``,``, ``dd.mm.yyyy HH:MM``,
                       CRLF, quoted firm names containing commas
``google-ads.csv``     Google Ads daily campaign report, 2-line preamble,
                       ``"1'234"`` thousands in quotes
``meta-ads.csv``       Meta Ads Manager daily export (German headers)
``linkedin-ads.csv``   LinkedIn Campaign Manager daily export, 5-line preamble,
                       US dates ``M/D/YYYY``
``newsletter.tsv``     weekly newsletter sends, tab-separated, decimal comma
``search-console.csv`` Google Search Console daily performance (organic search, channel Website)
``ga4-akquisition.csv`` Google Analytics 4 report "Quelle/Medium der Sitzung" × "Datum" (German UI,
                       ``#`` preamble, dates ``20250131``): sessions, users, views, key events
``umsatz.xlsx``        orders (sheet ``Hinweise`` + sheet ``Umsatz``); about ten
                       amounts stored as Swiss text (``CHF 1'234.–``, ``1'234.00``)
``kosten.xlsx``        monthly marketing/sales costs incl. trade-fair stands
=====================  ===========================================================

Consistency rules built into the data
-------------------------------------
* Every deal references a real ``Kontakt-ID``; its ``Kanal`` equals the lead's
  ``Quelle``; the deal is created 0-14 days after the lead; won/lost deals
  close 15-100 days after creation; deals that would close after 2026-09-30
  are still open (empty ``Abschlussdatum``).
* ``Kunde seit`` of a contact = first won close date of its ``Firmen-ID``.
* Each won deal yields an order on its close date (``Kanal`` = ``Vertrieb``),
  after which the customer orders beans/service roughly every 2-5 weeks
  (``Kanal`` = ``Abo``) until churn or 2026-09-30. About 300 webshop-only
  customers (``K-5xxxx``, ``Kanal`` = ``Webshop``) add 1-6 small orders each.
* Daily ad-platform conversions/leads are derived from the CRM leads of that
  channel and campaign (Google conversions get small attribution noise).
* Newsletter ``Anmeldungen`` = CRM newsletter leads created 0-4 days after
  the send.

Planted stories (``stories=True``)
----------------------------------
A. **Close rate falls while leads stay flat.** Leads are Poisson(180) per
   month without trend. Close rate (won / (won + lost) by close quarter) is
   ~0.345-0.375 from Q4 2024 to Q1 2026, then 0.26 in Q2 2026 and 0.20 in
   Q3 2026. The drop is a sales-side effect and applies to all channels
   alike (every channel keeps its relative quality; referrals ``Empfehlung``
   always close best).
B. **LinkedIn Ads CAC rises.** LinkedIn spend is ~CHF 6'000 per quarter up to
   Q2 2025, then 8'000, 10'000, 12'500, 15'000 and 18'000 (Q3 2026); a second
   LinkedIn campaign starts 2025-07-01, with rising CPMs. LinkedIn's share of
   leads stays at 12 %, so LinkedIn leads and customers do not grow with
   the budget. Google Ads and Meta Ads spend stays flat.
   Note: because story A lowers the close rate of *all* channels, every
   channel's CAC also rises in Q2/Q3 2026; the LinkedIn-specific increase
   is visible from Q3 2025 onwards (about 2x by Q1 2026, before story A).

C. **Bean-subscription customers leave.** From 2026-01-01 the customers whose
   first won deal was ``Bohnen-Abo Business`` leave with a chance of 10 % per
   month on top of the usual 1.5 % (a cheaper rival subscription); their
   recurring orders stop. The other products keep their churn, so the
   retention of that product falls from Q1 2026 while the others stay.

With ``stories=False`` (control company) the close rate stays ~0.35 in every
quarter, LinkedIn spend stays at ~CHF 6'000 per quarter and no product's
customers leave faster than the others.

Planted dirty rows (``dirty_rows=True``, demo only)
---------------------------------------------------
* ``crm-deals.csv``: one exact duplicate row (same ``Deal-ID``) placed later in
  the file; one won deal whose ``Abschlussdatum`` lies before its
  ``Erstelldatum`` (the two dates were swapped); one deal whose ``Betrag`` is
  the text ``auf Anfrage``.
* ``crm-kontakte.csv``: one lead with ``Erstellt am`` = ``31.02.2026 10:15``.

The script prints file name and line number of each planted row (line 1 =
header line; the CSVs without preamble therefore match the physical line).

The output is byte-for-byte deterministic: only ``numpy.random.default_rng``
with fixed seeds is used, and the xlsx files get fixed document properties
and fixed zip-entry timestamps.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

DATASETS_DIR = Path(__file__).resolve().parent

START = dt.date(2024, 10, 1)
END = dt.date(2026, 9, 30)
EXPORT_STAMP = dt.datetime(2026, 10, 1, 7, 30, 0)  # fixed "export time"

DEMO_SEED = 4127
CONTROL_SEED = 9083

COMPANY = "Bürokafi Muster AG"

# --------------------------------------------------------------------------
# Channels, campaigns, sales organisation
# --------------------------------------------------------------------------
GOOGLE, LINKEDIN, META = "Google Ads", "LinkedIn Ads", "Meta Ads"
NEWSLETTER, MESSE, EMPFEHLUNG, WEBSITE = "Newsletter", "Messe", "Empfehlung", "Website"

# Share of the non-trade-fair leads per channel (constant over time);
# trade-fair leads come on top in the fair months (see _make_leads).
BASE_SHARES = {
    GOOGLE: 0.27,
    WEBSITE: 0.20,
    META: 0.17,
    LINKEDIN: 0.12,
    NEWSLETTER: 0.13,
    EMPFEHLUNG: 0.11,
}
# Probability that a lead becomes a deal.
DEAL_RATE = {
    GOOGLE: 0.34,
    WEBSITE: 0.27,
    META: 0.30,
    LINKEDIN: 0.38,
    NEWSLETTER: 0.22,
    EMPFEHLUNG: 0.45,
    MESSE: 0.45,
}
# Relative odds of winning a closed deal (quality of the channel).
WIN_WEIGHT = {
    EMPFEHLUNG: 1.6,
    MESSE: 1.2,
    GOOGLE: 1.0,
    LINKEDIN: 1.0,
    WEBSITE: 0.95,
    NEWSLETTER: 0.85,
    META: 0.9,
}

GOOGLE_CAMPAIGNS = ["Search | Kaffeemaschinen Büro", "Brand | Bürokafi"]
META_CAMPAIGNS = ["Lead-Formular Büro-Kaffee", "Retargeting Website-Besucher"]
LINKEDIN_CAMPAIGNS = ["Lead Gen – Office Manager DACH", "Lead Gen – HR & Facility Manager"]
LINKEDIN_CAMPAIGN_IDS = {LINKEDIN_CAMPAIGNS[0]: "187654321", LINKEDIN_CAMPAIGNS[1]: "198765432"}
LINKEDIN_SECOND_CAMPAIGN_START = dt.date(2025, 7, 1)

# Trade fairs: (name, first day, last day, expected leads, stand cost CHF)
FAIRS = [
    ("Messe OFFICE Zürich", dt.date(2024, 10, 22), dt.date(2024, 10, 24), 38, 14800.0),
    ("Personal Swiss Zürich", dt.date(2025, 4, 8), dt.date(2025, 4, 9), 30, 9600.0),
    ("SuisseEMEX Zürich", dt.date(2025, 8, 19), dt.date(2025, 8, 21), 34, 12400.0),
    ("Messe OFFICE Zürich", dt.date(2025, 10, 21), dt.date(2025, 10, 23), 38, 15200.0),
    ("Swissbau Basel", dt.date(2026, 1, 20), dt.date(2026, 1, 23), 32, 18900.0),
    ("SuisseEMEX Zürich", dt.date(2026, 8, 18), dt.date(2026, 8, 20), 34, 12900.0),
]

OWNERS = ["Laura Meier", "Marco Bianchi", "Sandra Keller", "Luca Brunner"]

# region -> (weight, owner, towns)
REGIONS = {
    "Zürich": (0.30, "Laura Meier", ["Zürich", "Winterthur", "Küsnacht", "Dübendorf", "Uster", "Wädenswil"]),
    "Bern": (0.18, "Luca Brunner", ["Bern", "Biel/Bienne", "Thun", "Burgdorf", "Köniz", "Münsingen"]),
    "Basel": (0.14, "Sandra Keller", ["Basel", "Münchenstein", "Allschwil", "Liestal", "Pratteln", "Reinach BL"]),
    "Ostschweiz": (0.12, "Sandra Keller", ["St. Gallen", "Frauenfeld", "Wil SG", "Rapperswil-Jona", "Chur", "Gossau SG"]),
    "Romandie": (0.14, "Marco Bianchi", ["Lausanne", "Genève", "Neuchâtel", "Fribourg", "Yverdon-les-Bains", "Sion"]),
    "Zentralschweiz": (0.12, "Marco Bianchi", ["Luzern", "Zug", "Kriens", "Baar", "Schwyz", "Küssnacht am Rigi"]),
}

# product -> (share of deals, min amount, max amount)
PRODUCTS = {
    "Kaffeevollautomat Pro": (0.30, 12000, 25000),
    "Kaffeevollautomat Compact": (0.40, 4500, 11000),
    "Service-Abo Premium": (0.15, 2400, 6000),
    "Bohnen-Abo Business": (0.15, 1800, 4800),
}

LEAD_PHASE = "Lead"
MQL, SQL, OPP, KUNDE = "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity", "Kunde"
WON, LOST = "Abgeschlossen und gewonnen", "Abgeschlossen und verloren"
OPEN_PHASES = ["Termin vereinbart", "Qualifiziert für Kauf", "Vertrag gesendet"]

RECURRING_ITEMS = [
    ("Kaffeebohnen Crema 6 kg", 0.33),
    ("Kaffeebohnen Espresso 6 kg", 0.25),
    ("Bohnen-Abo Business – Monatslieferung", 0.20),
    ("Wartung Kaffeevollautomat", 0.12),
    ("Reinigungs- und Entkalkungsset", 0.10),
]
WEBSHOP_ITEMS = [
    "Kaffeebohnen Crema 1 kg",
    "Kaffeebohnen Espresso 1 kg",
    "Kaffeebohnen Probierset",
    "Entkalker (3 Stk.)",
    "Reinigungstabletten (100 Stk.)",
    "Milchsystem-Reiniger 1 l",
]

# --------------------------------------------------------------------------
# Fake Swiss firm names
# --------------------------------------------------------------------------
SURNAMES_DE = [
    "Meier", "Müller", "Keller", "Brunner", "Frei", "Huber", "Gerber", "Zürcher", "Steiner",
    "Baumann", "Fischer", "Weber", "Schmid", "Moser", "Widmer", "Graf", "Wyss", "Bühler",
    "Hofer", "Roth", "Suter", "Gasser", "Lüthi", "Zimmermann", "Bachmann", "Kunz", "Marti",
    "Berger", "Studer", "Fuchs", "Aebi", "Hug", "Egli", "Vogel", "Kaufmann", "Sutter",
    "Lehmann", "Ammann", "Rüegg", "Schärer", "Käser", "Bösch", "Tanner", "Wälti", "Imhof",
    "Blaser", "Flückiger", "Jäggi", "Nussbaumer", "Stalder", "Schürch", "Zbinden", "Odermatt",
    "Ziegler", "Birrer", "Felder", "Bucher", "Portmann", "Kälin", "Zünd", "Muster",
]
INDUSTRIES_DE = [
    "Treuhand", "Architekten", "Immobilien", "Informatik", "Consulting", "Elektro",
    "Haustechnik", "Versicherungen", "Werbeagentur", "Ingenieure", "Druckerei", "Logistik",
    "Personalberatung", "Vermögensverwaltung", "Bau", "Garage", "Physiotherapie", "Software",
    "Medizintechnik", "Gartenbau", "Maschinenbau", "Holzbau", "Reisen", "Steuerberatung",
    "Revision", "Kommunikation", "Metallbau", "Sanitär", "Anwälte", "Zahnärzte",
]
SURNAMES_FR = [
    "Rochat", "Dubois", "Favre", "Morel", "Perrin", "Bonvin", "Chappuis", "Girard", "Mottier",
    "Pittet", "Rey", "Cuendet", "Jaquet", "Monnier", "Vuilleumier", "Berthoud", "Decosterd",
    "Gay", "Duc", "Rossier", "Clerc", "Reymond", "Bovet", "Python",
]
INDUSTRIES_FR = [
    "Fiduciaire", "Architectes", "Immobilier", "Informatique", "Conseil", "Électricité",
    "Assurances", "Ingénieurs", "Imprimerie", "Transports", "Gestion de fortune", "Garage",
    "Cabinet dentaire", "Bureau technique", "Agence de communication",
]
PLACE_PREFIX = {
    "Zürich": ["Limmat", "Zürichsee", "Glatttal"],
    "Bern": ["Seeland", "Aare", "Emmental"],
    "Basel": ["Rhein", "Birseck", "Dreiland"],
    "Ostschweiz": ["Bodensee", "Säntis", "Thur"],
    "Zentralschweiz": ["Pilatus", "Rigi", "Vierwaldstätter"],
}


def _firm_name(rng: np.random.Generator, region: str) -> str:
    """One fake, Swiss-plausible firm name (may contain a comma)."""
    pick = lambda seq: seq[int(rng.integers(len(seq)))]  # noqa: E731
    u = rng.random()
    if region == "Romandie":
        if u < 0.55:
            return f"{pick(INDUSTRIES_FR)} {pick(SURNAMES_FR)} {pick(['SA', 'Sàrl'])}"
        if u < 0.85:
            return f"{pick(SURNAMES_FR)} & Associés {pick(['SA', 'Sàrl'])}"
        if u < 0.97:
            return f"{pick(SURNAMES_FR)} {pick(INDUSTRIES_FR)} SA"
        return f"{pick(SURNAMES_FR)}, {pick(SURNAMES_FR)} & Cie SA"
    form = pick(["AG", "GmbH", "AG", "GmbH", "GmbH"])
    if u < 0.50:
        return f"{pick(SURNAMES_DE)} {pick(INDUSTRIES_DE)} {form}"
    if u < 0.65:
        return f"{pick(INDUSTRIES_DE)} {pick(SURNAMES_DE)} {form}"
    if u < 0.80:
        return f"{pick(SURNAMES_DE)} & {pick(SURNAMES_DE)} {form}"
    if u < 0.985:
        return f"{pick(PLACE_PREFIX[region])} {pick(INDUSTRIES_DE)} {form}"
    return f"{pick(SURNAMES_DE)}, {pick(SURNAMES_DE)} & Partner {form}"


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------
def quarter(d: dt.date) -> str:
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def quarters() -> list[str]:
    out, d = [], START
    while d <= END:
        q = quarter(d)
        if q not in out:
            out.append(q)
        d += dt.timedelta(days=28)
    return out


def quarter_days(q: str) -> list[dt.date]:
    year, n = int(q[:4]), int(q[-1])
    first = dt.date(year, 3 * n - 2, 1)
    last_month = 3 * n
    last = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def months() -> list[tuple[int, int]]:
    out, y, m = [], START.year, START.month
    while (y, m) <= (END.year, END.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def all_days() -> list[dt.date]:
    return [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]


def swiss_number(x: float, decimals: int = 2) -> str:
    """12450.0 -> "12'450.00" (Swiss thousands apostrophe, point decimal)."""
    return f"{x:,.{decimals}f}".replace(",", "'")


def stoch_round(rng: np.random.Generator, x: float) -> int:
    base = int(np.floor(x))
    return base + int(rng.random() < x - base)


def fmt_date(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def us_date(d: dt.date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def round_rappen(x: float) -> float:
    """Round to 5 Rappen like Swiss invoices."""
    return round(round(x * 20) / 20, 2)


def weekday_weight(d: dt.date) -> float:
    return {5: 0.25, 6: 0.2}.get(d.weekday(), 1.0)


def newsletter_sends() -> list[dt.date]:
    """Every Tuesday; no sends in the two weeks around Christmas/New Year."""
    out, d = [], START  # 2024-10-01 is a Tuesday
    while d <= END:
        if not ((d.month == 12 and d.day >= 22) or (d.month == 1 and d.day <= 4)):
            out.append(d)
        d += dt.timedelta(days=7)
    return out


NEWSLETTER_LAG_WEIGHTS = [0.45, 0.25, 0.15, 0.10, 0.05]  # lead 0..4 days after send
HOUR_WEIGHTS = np.array([2, 5, 9, 10, 9, 6, 7, 9, 9, 8, 6, 4, 2], dtype=float)  # 07..19 h


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------
def _sample_days(rng, days: list[dt.date], weights: np.ndarray, n: int) -> list[dt.date]:
    if n == 0:
        return []
    p = weights / weights.sum()
    idx = rng.choice(len(days), size=n, p=p)
    return [days[i] for i in idx]


def _make_leads(rng: np.random.Generator) -> list[dict]:
    sends = newsletter_sends()
    leads: list[dict] = []
    for y, m in months():
        ndays = calendar.monthrange(y, m)[1]
        days = [dt.date(y, m, d) for d in range(1, ndays + 1)]
        n_total = int(rng.poisson(180))

        # Trade-fair leads (scanned badges) in the fair month.
        fair_leads: list[tuple[dt.date, str]] = []
        for name, first, last, expected, _cost in FAIRS:
            if (first.year, first.month) != (y, m):
                continue
            k = int(rng.poisson(expected))
            window = [d for d in days if first <= d <= last + dt.timedelta(days=10)]
            w = np.array([3.0 if d <= last else 0.6 * weekday_weight(d) for d in window])
            fair_leads += [(d, name) for d in _sample_days(rng, window, w, k)]
        fair_leads = fair_leads[:n_total]

        # Constant channel mix: LinkedIn leads stay flat even when its budget grows.
        shares = BASE_SHARES
        chans = list(shares)
        counts = rng.multinomial(n_total - len(fair_leads), np.array([shares[c] for c in chans]))

        day_w = np.array([weekday_weight(d) for d in days])
        # Newsletter leads come 0-4 days after a send.
        nl_w = np.zeros(len(days))
        for i, d in enumerate(days):
            for s in sends:
                lag = (d - s).days
                if 0 <= lag < len(NEWSLETTER_LAG_WEIGHTS):
                    nl_w[i] += NEWSLETTER_LAG_WEIGHTS[lag]

        entries: list[tuple[dt.date, str]] = [(d, MESSE) for d, _ in fair_leads]
        for c, k in zip(chans, counts):
            w = nl_w if c == NEWSLETTER else day_w
            entries += [(d, c) for d in _sample_days(rng, days, w, int(k))]

        for d, c in entries:
            hour = 7 + int(rng.choice(len(HOUR_WEIGHTS), p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum()))
            ts = dt.datetime(d.year, d.month, d.day, hour, int(rng.integers(60)))
            campaign = ""
            if c == GOOGLE:
                campaign = GOOGLE_CAMPAIGNS[0] if rng.random() < 0.85 else GOOGLE_CAMPAIGNS[1]
            elif c == META:
                campaign = META_CAMPAIGNS[0] if rng.random() < 0.75 else META_CAMPAIGNS[1]
            elif c == LINKEDIN:
                if d >= LINKEDIN_SECOND_CAMPAIGN_START and rng.random() < 0.4:
                    campaign = LINKEDIN_CAMPAIGNS[1]
                else:
                    campaign = LINKEDIN_CAMPAIGNS[0]
            leads.append({"ts": ts, "channel": c, "campaign": campaign, "tie": float(rng.random())})

    leads.sort(key=lambda r: (r["ts"], r["tie"]))
    for i, lead in enumerate(leads):
        lead["id"] = f"C-{200001 + i}"
        lead["idx"] = i
    return leads


def _assign_companies(rng: np.random.Generator, leads: list[dict]) -> list[dict]:
    companies: list[dict] = []
    used_names: set[str] = set()
    region_names = list(REGIONS)
    region_p = np.array([REGIONS[r][0] for r in region_names])
    region_p = region_p / region_p.sum()
    for lead in leads:
        if companies and rng.random() < 0.08:
            # A further contact of a company that is already in the CRM.
            comp = companies[int(rng.integers(len(companies)))]
        else:
            region = region_names[int(rng.choice(len(region_names), p=region_p))]
            for _ in range(200):
                name = _firm_name(rng, region)
                if name not in used_names:
                    break
            else:  # pragma: no cover - name pool is large enough
                name = f"{name} ({len(companies)})"
            used_names.add(name)
            towns = REGIONS[region][2]
            comp = {
                "id": f"K-{10001 + len(companies)}",
                "name": name,
                "region": region,
                "ort": towns[int(rng.integers(len(towns)))],
                "owner": REGIONS[region][1],
                "first_win": None,
            }
            companies.append(comp)
        lead["company"] = comp
    return companies


def _make_deals(rng: np.random.Generator, leads: list[dict], stories: bool) -> list[dict]:
    # Stratified lead -> deal conversion per channel and month (low noise).
    groups: dict[tuple[str, int, int], list[dict]] = {}
    for lead in leads:
        key = (lead["channel"], lead["ts"].year, lead["ts"].month)
        groups.setdefault(key, []).append(lead)

    deals: list[dict] = []
    for key in sorted(groups):
        group = groups[key]
        k = min(len(group), stoch_round(rng, len(group) * DEAL_RATE[key[0]]))
        chosen = sorted(rng.choice(len(group), size=k, replace=False).tolist())
        for i in chosen:
            lead = group[i]
            lag = min(12, int(rng.geometric(0.22)) - 1)
            created = lead["ts"].date() + dt.timedelta(days=lag)
            while created.weekday() >= 5:
                created += dt.timedelta(days=1)
            if created > END:
                continue
            cycle = min(100, 17 + int(rng.gamma(1.5, 12.0)))  # weekend shift keeps >= 15
            close = created + dt.timedelta(days=cycle)
            if close.weekday() >= 5:
                close -= dt.timedelta(days=close.weekday() - 4)
            prods = list(PRODUCTS)
            product = prods[int(rng.choice(len(prods), p=[PRODUCTS[p][0] for p in prods]))]
            lo, hi = PRODUCTS[product][1:]
            amount = float(round(rng.uniform(lo, hi) / 50) * 50)
            deal = {
                "lead": lead,
                "created": created,
                "close": close if close <= END else None,
                "product": product,
                "amount": amount,
                "tie": float(rng.random()),
            }
            if deal["close"] is None:
                age = (END - created).days
                p = [0.6, 0.3, 0.1] if age < 12 else ([0.25, 0.45, 0.3] if age < 30 else [0.1, 0.35, 0.55])
                deal["phase"] = OPEN_PHASES[int(rng.choice(3, p=p))]
            deals.append(deal)

    # Win/loss per close quarter and channel: the number of winners follows
    # the quarter's target close rate, tilted by channel quality, with only
    # rounding noise (keeps per-channel CAC readable despite small counts).
    by_q: dict[str, list[dict]] = {}
    for deal in deals:
        if deal["close"] is not None:
            by_q.setdefault(quarter(deal["close"]), []).append(deal)
    for q in quarters():
        closed = sorted(by_q.get(q, []), key=lambda d: (d["close"], d["tie"]))
        if stories:
            rate = {"2026Q2": 0.26, "2026Q3": 0.20}.get(q, float(rng.uniform(0.345, 0.375)))
        else:
            rate = float(rng.uniform(0.335, 0.365))
        if not closed:
            continue
        # Expected winners per channel; floor them, then hand out the
        # remaining winners (so the quarter total is exact) with probability
        # proportional to the fractional parts.
        w_bar = float(np.mean([WIN_WEIGHT[d["lead"]["channel"]] for d in closed]))
        chans = [c for c in WIN_WEIGHT if any(d["lead"]["channel"] == c for d in closed)]
        groups = {c: [d for d in closed if d["lead"]["channel"] == c] for c in chans}
        expected = np.array([min(1.0, rate * WIN_WEIGHT[c] / w_bar) * len(groups[c]) for c in chans])
        n_win = np.floor(expected).astype(int)
        rest = int(round(rate * len(closed))) - int(n_win.sum())
        frac = expected - n_win
        if rest > 0 and frac.sum() > 0:
            extra = rng.choice(len(chans), size=min(rest, int((frac > 0).sum())), replace=False,
                               p=frac / frac.sum())
            n_win[extra] += 1
        for c, k in zip(chans, n_win):
            group = groups[c]
            winners = set(rng.choice(len(group), size=min(int(k), len(group)), replace=False).tolist())
            for i, deal in enumerate(group):
                deal["phase"] = WON if i in winners else LOST

    deals.sort(key=lambda d: (d["created"], d["lead"]["idx"], d["tie"]))
    for i, deal in enumerate(deals):
        deal["id"] = f"D-{100001 + i}"
        lead = deal["lead"]
        if deal["phase"] == WON:
            comp = lead["company"]
            if comp["first_win"] is None or deal["close"] < comp["first_win"]:
                comp["first_win"] = deal["close"]
    return deals


def _lifecycle(rng: np.random.Generator, lead: dict, deals_by_lead: dict[str, list[dict]]) -> str:
    if lead["company"]["first_win"] is not None:
        return KUNDE
    if lead["id"] in deals_by_lead:
        return OPP
    age = (END - lead["ts"].date()).days
    p = [0.7, 0.25, 0.05] if age < 14 else [0.45, 0.38, 0.17]
    return [LEAD_PHASE, MQL, SQL][int(rng.choice(3, p=p))]


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------
DEAL_HEADER = [
    "Deal-ID", "Dealname", "Dealphase", "Betrag (CHF)", "Erstelldatum", "Abschlussdatum",
    "Dealinhaber", "Kanal", "Produkt", "Region", "Firmen-ID", "Kontakt-ID",
]
CONTACT_HEADER = [
    "Kontakt-ID", "Erstellt am", "Quelle", "Kampagne", "Firma", "Ort", "Lifecycle-Phase",
    "Firmen-ID", "Kunde seit", "Zuständig",
]


def _deal_row(deal: dict) -> list[str]:
    lead, comp = deal["lead"], deal["lead"]["company"]
    return [
        deal["id"],
        f"{comp['name']} – {deal['product']}",
        deal["phase"],
        swiss_number(deal["amount"]),
        fmt_date(deal["created"]),
        fmt_date(deal["close"]) if deal["close"] else "",
        comp["owner"],
        lead["channel"],
        deal["product"],
        comp["region"],
        comp["id"],
        lead["id"],
    ]


def _write_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding: str,
               delimiter: str, lineterminator: str = "\n", preamble: list[str] = ()) -> None:
    buf = io.StringIO(newline="")
    for line in preamble:
        buf.write(line + lineterminator)
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator,
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def _save_workbook(wb: Workbook, path: Path) -> None:
    """Save an openpyxl workbook byte-for-byte reproducibly."""
    wb.properties.creator = COMPANY
    wb.properties.lastModifiedBy = COMPANY
    wb.properties.created = EXPORT_STAMP
    wb.properties.modified = EXPORT_STAMP
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        # ExcelWriter directly: openpyxl.save_workbook would overwrite "modified".
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=EXPORT_STAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------
# Main entry point
# --------------------------------------------------------------------------
GA4_SOURCES = {  # source / medium -> (share of ad clicks that arrive as sessions, or daily mean sessions)
    "google / cpc": 0.92, "google / organic": 1.12, "facebook / paid": 0.82, "linkedin / paid": 0.86,
    "newsletter / email": 0.9, "(direct) / (none)": 118.0, "kaffeeforum.ch / referral": 9.0,
}


def _write_ga4(rng: np.random.Generator, path: Path, clicks: dict, events: dict) -> int:
    """A GA4 report (Akquisition, Quelle/Medium der Sitzung × Datum), German UI, with its # preamble.

    Sessions follow the ad platforms' clicks (an arrival share per source below 1: not every click
    loads the page, consent banners drop some); key events (the lead form) are the CRM's web leads of
    that source and day, with a little tracking noise.
    """
    lines = ["# ----------------------------------------",
             "# Akquisition: Quelle/Medium der Sitzung", f"# Konto: {COMPANY}",
             "# Property: www.buerokafi.ch - GA4", "# ----------------------------------------", "#",
             "# Alle Nutzer", f"# Startdatum: {START:%Y%m%d}", f"# Enddatum: {END:%Y%m%d}",
             "Quelle/Medium der Sitzung,Datum,Sitzungen,Nutzer,Aufrufe,Schlüsselereignisse"]
    n = 0
    d = START
    while d <= END:
        for source, level in GA4_SOURCES.items():
            if level > 5:
                sessions = int(rng.poisson(level * (0.6 if d.weekday() >= 5 else 1.0)))
            else:
                sessions = int(rng.binomial(int(clicks.get((source, d), 0.0)), level)) if level < 1 else \
                    int(round(clicks.get((source, d), 0.0) * level * rng.uniform(0.95, 1.05)))
            key_events = events.get((source, d), 0)
            if key_events and rng.random() < 0.05:  # consent or an ad blocker: a lead without its event
                key_events -= 1
            sessions = max(sessions, key_events)
            if sessions == 0:
                continue
            users = max(1, int(round(sessions * rng.uniform(0.78, 0.9))))
            views = int(round(sessions * rng.uniform(1.8, 2.9)))
            lines.append(f"{source},{d:%Y%m%d},{sessions},{users},{views},{key_events}")
            n += 1
        d += dt.timedelta(days=1)
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return n


def _story_churn(rng: np.random.Generator, orders: list[dict], deals: list[dict]) -> set[int]:
    """Story C: the indices of the bean-subscription customers' orders after their story churn.

    A customer's product is that of its first won deal. From 2026-01-01 each such customer leaves with
    a chance of 10 % per month on top of the usual 1.5 %; its recurring orders after that day are dropped.
    """
    first_product: dict[str, str] = {}
    for deal in sorted((d for d in deals if d["phase"] == WON), key=lambda d: d["close"]):
        first_product.setdefault(deal["lead"]["company"]["id"], deal["product"])
    story = sorted(c for c, p in first_product.items() if p == STORY_CHURN_PRODUCT)
    leave: dict[str, dt.date] = {}
    for cust in story:
        days = int(rng.geometric(1 - (1 - STORY_CHURN_MONTHLY) ** (1 / 30.0)))
        leave[cust] = STORY_CHURN_START + dt.timedelta(days=days)
    return {i for i, o in enumerate(orders)
            if o["chan"] == "Abo" and o["cust"] in leave and o["date"] >= leave[o["cust"]]}


STORY_CHURN_PRODUCT = "Bohnen-Abo Business"
STORY_CHURN_START = dt.date(2026, 1, 1)
STORY_CHURN_MONTHLY = 0.10


def generate(out_dir: Path, *, seed: int, stories: bool = True, dirty_rows: bool = True) -> dict:
    """Generate the eight export files of one company into ``out_dir``.

    ``stories`` switches the two planted stories (close-rate drop from Q2 2026,
    LinkedIn budget ramp from Q3 2025) on; ``dirty_rows`` plants the invalid
    rows listed in the module docstring.

    Returns a dict with row counts and the planted dirty rows
    (list of (file, line, description)).
    """
    rng = np.random.default_rng(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    planted: list[tuple[str, int, str]] = []
    counts: dict[str, int] = {}

    leads = _make_leads(rng)
    companies = _assign_companies(rng, leads)
    deals = _make_deals(rng, leads, stories)
    deals_by_lead: dict[str, list[dict]] = {}
    for deal in deals:
        deals_by_lead.setdefault(deal["lead"]["id"], []).append(deal)

    # ---------------- crm-kontakte.csv ----------------
    contact_rows = []
    for lead in leads:
        comp = lead["company"]
        contact_rows.append([
            lead["id"],
            lead["ts"].strftime("%d.%m.%Y %H:%M"),
            lead["channel"],
            lead["campaign"],
            comp["name"],
            comp["ort"],
            _lifecycle(rng, lead, deals_by_lead),
            comp["id"],
            fmt_date(comp["first_win"]) if comp["first_win"] else "",
            comp["owner"],
        ])
    if dirty_rows:
        # Impossible date on a February-2026 website lead without a deal.
        cands = [i for i, lead in enumerate(leads)
                 if lead["ts"].year == 2026 and lead["ts"].month == 2
                 and lead["channel"] == WEBSITE and lead["id"] not in deals_by_lead]
        i = cands[len(cands) // 2]
        contact_rows[i][1] = "31.02.2026 10:15"
        planted.append(("crm-kontakte.csv", i + 2,
                        f"{contact_rows[i][0]}: Erstellt am = 31.02.2026 10:15 (impossible date)"))
    _write_csv(out_dir / "crm-kontakte.csv", CONTACT_HEADER, contact_rows,
               encoding="cp1252", delimiter=",", lineterminator="\r\n")
    counts["crm-kontakte.csv"] = len(contact_rows)

    # ---------------- crm-deals.csv ----------------
    deal_rows = [_deal_row(d) for d in deals]
    if dirty_rows:
        # (1) won deal with swapped dates -> Abschlussdatum before Erstelldatum
        won_idx = [i for i, d in enumerate(deals) if d["phase"] == WON and d["created"].year == 2025]
        i = won_idx[len(won_idx) // 3]
        deal_rows[i][4], deal_rows[i][5] = deal_rows[i][5], deal_rows[i][4]
        swapped = i
        # (2) open deal without amount
        open_idx = [j for j, d in enumerate(deals) if d["close"] is None]
        j = open_idx[len(open_idx) // 2]
        deal_rows[j][3] = "auf Anfrage"
        # (3) exact duplicate of an earlier row, placed later in the file
        k = int(len(deal_rows) * 0.30)
        while k in (i, j):
            k += 1
        dup_pos = int(len(deal_rows) * 0.72)
        deal_rows.insert(dup_pos, list(deal_rows[k]))
        # line numbers after the insertion (header = line 1)
        line = lambda idx: idx + 2 + (1 if idx >= dup_pos else 0)  # noqa: E731
        planted.append(("crm-deals.csv", line(k),
                        f"{deal_rows[k][0]}: original row of the duplicated Deal-ID"))
        planted.append(("crm-deals.csv", dup_pos + 2,
                        f"{deal_rows[dup_pos][0]}: exact duplicate of line {line(k)}"))
        planted.append(("crm-deals.csv", line(swapped),
                        f"{deals[swapped]['id']}: won, Abschlussdatum {deal_rows[line(swapped) - 2][5]}"
                        f" before Erstelldatum {deal_rows[line(swapped) - 2][4]}"))
        planted.append(("crm-deals.csv", line(j), f"{deals[j]['id']}: Betrag = 'auf Anfrage'"))
        planted.sort(key=lambda p: (p[0], p[1]))
    _write_csv(out_dir / "crm-deals.csv", DEAL_HEADER, deal_rows,
               encoding="utf-8-sig", delimiter=";", lineterminator="\r\n")
    counts["crm-deals.csv"] = len(deal_rows)

    # Leads per (channel, campaign, day) for the ad platforms.
    lead_count: dict[tuple[str, dt.date], int] = {}
    for lead in leads:
        key = (lead["campaign"], lead["ts"].date())
        lead_count[key] = lead_count.get(key, 0) + 1

    days = all_days()
    qs = quarters()

    def daily_spend(campaign_days: list[dt.date], total: float, weekend: float, sd: float) -> np.ndarray:
        w = np.array([weekend if d.weekday() >= 5 else 1.0 for d in campaign_days])
        w = w * rng.lognormal(0.0, sd, size=len(campaign_days))
        return total * float(rng.uniform(0.97, 1.03)) * w / w.sum()

    # ---------------- google-ads.csv ----------------
    google_rows: list[tuple[dt.date, str, int, int, float, float]] = []
    per_campaign: dict[str, dict[dt.date, tuple]] = {}
    for campaign, q_budget, cpc_range, ctr_range, weekend in [
        (GOOGLE_CAMPAIGNS[0], 13500.0, (2.4, 3.2), (0.038, 0.055), 0.45),
        (GOOGLE_CAMPAIGNS[1], 2200.0, (0.35, 0.55), (0.18, 0.26), 0.6),
    ]:
        per_campaign[campaign] = {}
        for q in qs:
            qd = quarter_days(q)
            spend = daily_spend(qd, q_budget, weekend, 0.15)
            for d, s in zip(qd, spend):
                clicks = max(1, int(round(s / rng.uniform(*cpc_range))))
                impr = max(clicks, int(round(clicks / rng.uniform(*ctr_range))))
                leads_d = lead_count.get((campaign, d), 0)
                conv = float(leads_d)
                u = rng.random()
                if u < 0.08:  # attribution / tracking noise
                    conv += 1.0
                elif u < 0.16 and conv >= 1:
                    conv -= 1.0
                elif u < 0.24 and conv >= 1:
                    conv -= 0.5
                elif u < 0.28:
                    conv += 0.5
                per_campaign[campaign][d] = (impr, clicks, round(float(s), 2), conv)
    lines = ["Kampagnenbericht", "1. Oktober 2024 - 30. September 2026",
             "Tag,Kampagne,Impr.,Klicks,Kosten,Conversions"]

    def g_int(n: int) -> str:
        return f'"{swiss_number(n, 0)}"' if n >= 1000 else str(n)

    for d in days:
        for campaign in GOOGLE_CAMPAIGNS:
            impr, clicks, cost, conv = per_campaign[campaign][d]
            lines.append(f"{d.isoformat()},{campaign},{g_int(impr)},{g_int(clicks)},{cost:.2f},{conv:.2f}")
            google_rows.append((d, campaign, impr, clicks, cost, conv))
    (out_dir / "google-ads.csv").write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    counts["google-ads.csv"] = len(google_rows)

    # ---------------- meta-ads.csv ----------------
    meta_data: dict[str, dict[dt.date, list]] = {}
    for campaign, q_budget in [(META_CAMPAIGNS[0], 5600.0), (META_CAMPAIGNS[1], 1900.0)]:
        meta_data[campaign] = {}
        for q in qs:
            qd = quarter_days(q)
            spend = daily_spend(qd, q_budget, 0.8, 0.18)
            for d, s in zip(qd, spend):
                impr = int(round(s / rng.uniform(9.0, 15.0) * 1000))
                reach = int(round(impr / rng.uniform(1.25, 1.85)))
                clicks = int(rng.binomial(impr, rng.uniform(0.006, 0.011)))
                meta_data[campaign][d] = [
                    campaign, d.isoformat(), d.isoformat(), f"{s:.2f}", str(impr), str(reach),
                    str(clicks) if clicks > 0 else "", str(lead_count.get((campaign, d), 0)),
                    "Leads (Formular)",
                ]
    meta_rows = [meta_data[c][d] for d in days for c in META_CAMPAIGNS]
    _write_csv(out_dir / "meta-ads.csv",
               ["Kampagnenname", "Beginn des Berichtszeitraums", "Ende des Berichtszeitraums",
                "Ausgegebener Betrag (CHF)", "Impressionen", "Reichweite", "Link-Klicks",
                "Ergebnisse", "Ergebnistyp"],
               meta_rows, encoding="utf-8", delimiter=",")
    counts["meta-ads.csv"] = len(meta_rows)

    # ---------------- linkedin-ads.csv ----------------
    li_budget = {q: 6000.0 for q in qs}
    if stories:
        li_budget.update({"2025Q3": 8000.0, "2025Q4": 10000.0, "2026Q1": 12500.0,
                          "2026Q2": 15000.0, "2026Q3": 18000.0})
    li_data: dict[str, dict[dt.date, list]] = {c: {} for c in LINKEDIN_CAMPAIGNS}
    for qi, q in enumerate(qs):
        qd = quarter_days(q)
        second_active = qd[0] >= LINKEDIN_SECOND_CAMPAIGN_START
        split = [(LINKEDIN_CAMPAIGNS[0], 0.55), (LINKEDIN_CAMPAIGNS[1], 0.45)] if second_active \
            else [(LINKEDIN_CAMPAIGNS[0], 1.0)]
        # Rising budgets buy ever more expensive impressions (auction pressure).
        cpm_level = 42.0 * (li_budget[q] / 6000.0) ** 0.5
        for campaign, share in split:
            spend = daily_spend(qd, li_budget[q] * share, 0.35, 0.2)
            for d, s in zip(qd, spend):
                impr = int(round(s / (cpm_level * rng.uniform(0.85, 1.15)) * 1000))
                clicks = int(rng.binomial(impr, rng.uniform(0.004, 0.007)))
                n_leads = lead_count.get((campaign, d), 0)
                li_data[campaign][d] = [
                    us_date(d), campaign, LINKEDIN_CAMPAIGN_IDS[campaign], f"{s:.2f}", str(impr),
                    str(max(clicks, n_leads)), str(n_leads), "CHF",
                ]
    li_rows = [li_data[c][d] for d in days for c in LINKEDIN_CAMPAIGNS if d in li_data[c]]
    _write_csv(out_dir / "linkedin-ads.csv",
               ["Start Date (in UTC)", "Campaign Name", "Campaign ID", "Total Spent", "Impressions",
                "Clicks", "Leads", "Currency"],
               li_rows, encoding="utf-8", delimiter=",",
               preamble=["Campaign Performance Report (in UTC)",
                         "Report Start: 10/1/2024, 12:00 AM",
                         "Report End: 9/30/2026, 11:59 PM",
                         "Date Generated: 10/1/2026, 7:30 AM",
                         f"Account: {COMPANY} (5123456)"])
    counts["linkedin-ads.csv"] = len(li_rows)

    # ---------------- newsletter.tsv ----------------
    sends = newsletter_sends()
    signups = {s: 0 for s in sends}
    for lead in leads:
        if lead["channel"] == NEWSLETTER:
            d = lead["ts"].date()
            send = max(s for s in sends if s <= d)
            signups[send] += 1
    nl_rows = []
    recipients = 4150.0
    for s in sends:
        recipients += rng.normal(9.0, 6.0)
        n_rec = int(round(recipients))
        opens = int(rng.binomial(n_rec, rng.uniform(0.34, 0.42)))
        clicks = int(rng.binomial(opens, rng.uniform(0.07, 0.11)))
        kw = s.isocalendar()
        cost = 45.0 if n_rec <= 5000 else 59.0
        nl_rows.append([fmt_date(s), f"Bürokafi-News KW {kw[1]:02d}/{kw[0]}", str(n_rec), str(opens),
                        str(clicks), str(signups[s]), f"{cost:.2f}".replace(".", ",")])
    _write_csv(out_dir / "newsletter.tsv",
               ["Versanddatum", "Kampagne", "Empfänger", "Öffnungen", "Klicks", "Anmeldungen", "Kosten"],
               nl_rows, encoding="utf-8", delimiter="\t")
    counts["newsletter.tsv"] = len(nl_rows)

    # ---------------- search-console.csv (organic search: channel Website, no ad spend) ----------------
    # A separate generator keeps every other file byte-for-byte as it was before this export was added.
    sc_rng = np.random.default_rng(seed + 7)
    web_leads: dict[dt.date, int] = {}
    for lead in leads:
        if lead["channel"] == "Website":
            web_leads[lead["ts"].date()] = web_leads.get(lead["ts"].date(), 0) + 1
    sc_rows = []
    d = START
    while d <= END:
        impressions = int(sc_rng.poisson(850 + 140 * web_leads.get(d, 0)))
        clicks = int(sc_rng.binomial(impressions, sc_rng.uniform(0.028, 0.042)))
        position = sc_rng.uniform(8.5, 14.0)
        sc_rows.append([d.isoformat(), str(clicks), str(impressions), f"{clicks / impressions * 100:.2f}%",
                        f"{position:.1f}"])
        d += dt.timedelta(days=1)
    _write_csv(out_dir / "search-console.csv", ["Datum", "Klicks", "Impressionen", "CTR", "Position"],
               sc_rows, encoding="utf-8", delimiter=",")
    counts["search-console.csv"] = len(sc_rows)

    # ---------------- umsatz.xlsx ----------------
    orders: list[dict] = []  # date, customer, item, channel, amount, tie
    for deal in deals:
        if deal["phase"] == WON:
            orders.append({"date": deal["close"], "cust": deal["lead"]["company"]["id"],
                           "item": deal["product"], "chan": "Vertrieb", "amount": deal["amount"]})
    item_names = [n for n, _ in RECURRING_ITEMS]
    item_p = np.array([p for _, p in RECURRING_ITEMS])
    item_p = item_p / item_p.sum()
    for comp in companies:
        if comp["first_win"] is None:
            continue
        mean_amount = rng.uniform(160.0, 620.0)
        mean_gap = rng.uniform(14.0, 35.0)
        d = comp["first_win"] + dt.timedelta(days=int(rng.integers(7, 31)))
        while d <= END:
            amount = float(np.clip(mean_amount * rng.lognormal(0.0, 0.25), 120.0, 900.0))
            orders.append({"date": d, "cust": comp["id"],
                           "item": item_names[int(rng.choice(len(item_names), p=item_p))],
                           "chan": "Abo", "amount": round_rappen(amount)})
            gap = max(7, int(round(mean_gap * rng.uniform(0.7, 1.3))))
            if rng.random() < 1.0 - (1.0 - 0.015) ** (gap / 30.0):  # ~1.5 % churn per month
                break
            d += dt.timedelta(days=gap)
    n_orders_p = np.array([0.35, 0.22, 0.16, 0.12, 0.09, 0.06])
    for w in range(300):
        cust = f"K-{50001 + w}"
        n = 1 + int(rng.choice(6, p=n_orders_p))
        d = START + dt.timedelta(days=int(rng.integers(0, (END - START).days - 20)))
        for _ in range(n):
            if d > END:
                break
            amount = float(np.clip(rng.lognormal(np.log(95.0), 0.6), 35.0, 450.0))
            orders.append({"date": d, "cust": cust,
                           "item": WEBSHOP_ITEMS[int(rng.integers(len(WEBSHOP_ITEMS)))],
                           "chan": "Webshop", "amount": round_rappen(amount)})
            d += dt.timedelta(days=int(rng.integers(20, 121)))
    for o in orders:
        o["tie"] = float(rng.random())
    orders.sort(key=lambda o: (o["date"], o["tie"]))

    # ~10 amounts stored as Swiss-formatted text (valid values).
    text_amount: dict[int, str] = {}
    vertrieb_idx = [i for i, o in enumerate(orders) if o["chan"] == "Vertrieb"]
    abo_idx = [i for i, o in enumerate(orders) if o["chan"] == "Abo"]
    for n, i in enumerate(rng.choice(vertrieb_idx, size=7, replace=False).tolist()):
        a = orders[i]["amount"]
        text_amount[i] = f"CHF {swiss_number(a, 0)}.–" if n % 3 != 2 else swiss_number(a)
    for i in rng.choice(abo_idx, size=3, replace=False).tolist():
        text_amount[i] = f"CHF {swiss_number(orders[i]['amount'])}"

    # Story C: from Q1 2026 the customers of the bean subscription leave far more often (a cheaper rival
    # subscription). Decided with a generator of its own and applied to the finished order list, so every
    # other draw, and every other file, stays as it was; the orders after a story churn are left out.
    dropped: set[int] = set()
    if stories:
        dropped = _story_churn(np.random.default_rng(seed + 13), orders, deals)
    churned = len({orders[i]["cust"] for i in dropped})

    wb = Workbook()
    ws_info = wb.active
    ws_info.title = "Hinweise"
    for line in [
        f"Umsatzexport {COMPANY} – Auftragsverwaltung",
        "Zeitraum: 01.10.2024 bis 30.09.2026, exportiert am 01.10.2026",
        "Beträge in CHF exkl. MWST; einzelne Beträge wurden manuell erfasst (Text).",
        "Kanal: Vertrieb = Neukundenauftrag aus CRM-Deal, Abo = wiederkehrende Bestellung, "
        "Webshop = Onlineshop-Kunde",
        "Kundennr K-1xxxx = CRM-Firmen-ID, K-5xxxx = Webshop-Kunde",
    ]:
        ws_info.append([line])
    ws_info["A1"].font = Font(bold=True)
    ws = wb.create_sheet("Umsatz")
    ws.append(["Bestellnr", "Kundennr", "Datum", "Artikel", "Kanal", "Betrag CHF"])
    row = 1
    for i, o in enumerate(orders):
        if i in dropped:
            continue
        row += 1
        amount = text_amount.get(i, o["amount"])
        ws.append([f"B-{300001 + i}", o["cust"], o["date"], o["item"], o["chan"], amount])
        ws.cell(row=row, column=3).number_format = "DD.MM.YYYY"
        if i not in text_amount:
            ws.cell(row=row, column=6).number_format = "#,##0.00"
    for col, width in zip("ABCDEF", [12, 11, 12, 40, 10, 13]):
        ws.column_dimensions[col].width = width
    _save_workbook(wb, out_dir / "umsatz.xlsx")
    counts["umsatz.xlsx"] = len(orders) - len(dropped)

    # ---------------- kosten.xlsx ----------------
    cost_rows: list[tuple[dt.date, str, float, str]] = []
    for y, m in months():
        last = dt.date(y, m, calendar.monthrange(y, m)[1])
        raise_factor = 1.0 if y == 2024 or (y == 2025 and m < 4) else 1.015
        if y == 2026 and m >= 4:
            raise_factor = 1.03
        cost_rows += [
            (dt.date(y, m, 25), "Vertrieb", round(41500.0 * raise_factor, 2),
             "Lohnanteil Verkaufsteam (4 Personen)"),
            (dt.date(y, m, 1), "Vertrieb", 890.0, "CRM-Lizenz HubSpot Sales Hub"),
            (last, "Vertrieb", round(float(rng.uniform(1200, 3800)), 2), "Reisespesen Aussendienst"),
            (dt.date(y, m, 1), "Marketing", 4500.0, "Agentur-Retainer Werbeagentur"),
            (dt.date(y, m, 1), "Marketing", 129.0, "Newsletter-Tool Lizenz"),
            (dt.date(y, m, 1), "Marketing", 240.0, "Website-Hosting & Wartung"),
        ]
    for name, first, _last, _leads, cost in FAIRS:
        cost_rows.append((first, "Marketing", cost, f"Messe: {name} – Standmiete & Standbau"))
    cost_rows.sort(key=lambda r: (r[0], r[1], r[3]))
    wb = Workbook()
    ws = wb.active
    ws.title = "Kosten"
    ws.append(["Datum", "Kategorie", "Betrag", "Bemerkung"])
    for i, (d, cat, amount, note) in enumerate(cost_rows):
        ws.append([d, cat, amount, note])
        ws.cell(row=i + 2, column=1).number_format = "DD.MM.YYYY"
        ws.cell(row=i + 2, column=3).number_format = "#,##0.00"
    for col, width in zip("ABCD", [12, 11, 12, 48]):
        ws.column_dimensions[col].width = width
    _save_workbook(wb, out_dir / "kosten.xlsx")
    counts["kosten.xlsx"] = len(cost_rows)

    # ---------------- ga4-akquisition.csv (web analytics; a generator of its own, as above) ----------------
    clicks: dict[tuple[str, dt.date], float] = {}
    for campaign in GOOGLE_CAMPAIGNS:
        for d, (_impr, n, _cost, _conv) in per_campaign[campaign].items():
            clicks[("google / cpc", d)] = clicks.get(("google / cpc", d), 0.0) + n
    for campaign in META_CAMPAIGNS:
        for d, r in meta_data[campaign].items():
            clicks[("facebook / paid", d)] = clicks.get(("facebook / paid", d), 0.0) + float(r[6] or 0)
    for campaign in LINKEDIN_CAMPAIGNS:
        for d, r in li_data[campaign].items():
            clicks[("linkedin / paid", d)] = clicks.get(("linkedin / paid", d), 0.0) + float(r[5])
    for r, send in zip(nl_rows, sends):
        clicks[("newsletter / email", send)] = float(r[4])
    for r in sc_rows:
        clicks[("google / organic", dt.date.fromisoformat(r[0]))] = float(r[1])
    web_events: dict[tuple[str, dt.date], int] = {}
    source_of = {"Google Ads": "google / cpc", "Meta Ads": "facebook / paid", "LinkedIn Ads": "linkedin / paid",
                 NEWSLETTER: "newsletter / email", WEBSITE: "google / organic"}
    for lead in leads:
        if lead["channel"] in source_of:
            key = (source_of[lead["channel"]], lead["ts"].date())
            web_events[key] = web_events.get(key, 0) + 1
    counts["ga4-akquisition.csv"] = _write_ga4(np.random.default_rng(seed + 17), out_dir / "ga4-akquisition.csv",
                                               clicks, web_events)

    return {"counts": counts, "planted": planted, "story_churned_customers": churned}


def main() -> None:
    for label, sub, seed, flags in [
        ("demo", "demo", DEMO_SEED, {"stories": True, "dirty_rows": True}),
        ("demo-control", "demo-control", CONTROL_SEED, {"stories": False, "dirty_rows": False}),
    ]:
        out_dir = DATASETS_DIR / sub / "exports"
        result = generate(out_dir, seed=seed, **flags)
        print(f"{label}: {out_dir} (seed {seed}, stories={flags['stories']}, "
              f"dirty_rows={flags['dirty_rows']})")
        for name, n in result["counts"].items():
            print(f"  {name:18s} {n:6d} data rows")
        print(f"  story C: {result['story_churned_customers']} bean-subscription customers left from 2026")
        for file, line, what in result["planted"]:
            print(f"  planted: {file} line {line}: {what}")


if __name__ == "__main__":
    main()
