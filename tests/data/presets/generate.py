"""Write the sample vendor exports in this folder (seeded; the files are committed, so nobody needs to run it).

Each file imitates one vendor's documented export layout, in the language and number and date format
that vendor writes: German HubSpot (``;``, ``1.234,50``, ``dd.mm.yyyy HH:MM``, UTF-8 with BOM), English
HubSpot with internal stage ids, a Swiss Salesforce report (``12'500.00``, ``dd.mm.yyyy``), a US
Salesforce lead report (``3/15/2025``), Pipedrive (ISO timestamps), Google Ads in German (``1.234`` and
``131,18``, title and date-range lines, ``Gesamt:`` rows) and English (``Total:`` rows), Meta in German
(CHF) and English (EUR, daily breakdown) and LinkedIn (report preamble, month-first dates).

Run: ``python tests/data/presets/generate.py``
"""
# ruff: noqa: S311  (seeded sample data, not cryptography)

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
START = dt.date(2025, 1, 6)


def _write(name: str, header: list[str], rows: list[list], *, sep: str = ",", bom: bool = False,
           preamble: list[str] = (), footer: list[list] = (), quote_all: bool = False) -> None:
    buf = io.StringIO()
    for line in preamble:
        buf.write(line + "\r\n")
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    writer.writerows(footer)
    (HERE / name).write_bytes(("\ufeff" if bom else "").encode() + buf.getvalue().encode("utf-8"))


def _de_amount(x: float) -> str:
    return f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _ch_amount(x: float) -> str:
    return f"{x:,.2f}".replace(",", "'")


def _de_count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _month_end(d: dt.date) -> dt.date:
    nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


OWNERS = ["Anna Meier", "Luca Brunner", "Sandra Keller"]
FIRMS = ["Gasser & Wälti AG", "Rüegg Treuhand GmbH", "Käser Bau AG", "Fischer Immobilien AG", "Zünd Logistik AG",
         "Bernasconi SA", "Müller Gartenbau GmbH", "Hofer Elektro AG", "Weber & Aebi GmbH", "Limmat Praxis AG"]


def _deals(rng: random.Random, n: int, outcomes: list[str]) -> list[dict]:
    """n deals; ``outcomes`` holds one stage key per deal (won, lost or an open stage)."""
    out = []
    for i, outcome in enumerate(outcomes[:n]):
        created = START + dt.timedelta(days=rng.randrange(0, 150), hours=0)
        closing = outcome in ("won", "lost")
        closed = created + dt.timedelta(days=rng.randrange(5, 60)) if closing else _month_end(created)
        amount = rng.choice([2400, 3600, 4150.5, 5350, 7800, 10850, 12450, 15000, 21350.75])
        firm = FIRMS[i % len(FIRMS)]
        out.append({"i": i, "stage": outcome, "created": created, "closed": closed, "amount": amount,
                    "owner": OWNERS[i % 3], "firm": firm, "firm_id": 90000 + (i % len(FIRMS)),
                    "hour": 8 + i % 9, "minute": (i * 7) % 60})
    return out


def hubspot() -> None:
    rng = random.Random(7)
    stages_de = {"won": "Abgeschlossen und gewonnen", "lost": "Abgeschlossen und verloren",
                 "s1": "Termin vereinbart", "s2": "Qualifiziert für Kauf", "s3": "Präsentation geplant",
                 "s4": "Entscheidungsträger eingebunden", "s5": "Vertrag gesendet"}
    outcomes = ["won"] * 14 + ["lost"] * 12 + ["s1", "s1", "s2", "s2", "s3", "s3", "s4", "s4", "s5", "s5"]
    rng.shuffle(outcomes)
    deals = _deals(rng, 36, outcomes)
    sources = ["Bezahlte Suche", "Organische Suche", "Verweise", "Bezahlte Social-Media-Beiträge", "Direkter Traffic"]
    rows = [[f"{18_000_000_000 + d['i'] * 137}", f"{d['firm']} – Kaffeevollautomat", stages_de[d["stage"]],
             _de_amount(d["amount"]), d["closed"].strftime("%d.%m.%Y") + f" {d['hour']:02d}:{d['minute']:02d}",
             d["created"].strftime("%d.%m.%Y") + f" {d['hour']:02d}:{d['minute']:02d}", d["owner"],
             "Sales Pipeline", d["firm"], sources[d["i"] % 5]] for d in deals]
    _write("hubspot-deals-de.csv", ["Datensatz-ID", "Deal-Name", "Deal-Phase", "Betrag", "Abschlussdatum",
                                    "Erstelldatum", "Deal-Inhaber", "Pipeline", "Zugeordnetes Unternehmen",
                                    "Originalquelle"], rows, sep=";", bom=True)

    stages_en = {"won": "closedwon", "lost": "closedlost", "s1": "appointmentscheduled", "s2": "qualifiedtobuy",
                 "s3": "presentationscheduled", "s4": "decisionmakerboughtin", "s5": "contractsent"}
    outcomes = ["won"] * 7 + ["lost"] * 8 + ["s1", "s2", "s3", "s4", "s5"]
    rng.shuffle(outcomes)
    deals = _deals(rng, 20, outcomes)
    rows = [[f"{19_000_000_000 + d['i'] * 211}", f"{d['firm']} - Service plan", stages_en[d["stage"]],
             f"{d['amount']:.2f}".rstrip("0").rstrip("."), d["closed"].isoformat() + " 17:00",
             d["created"].isoformat() + f" {d['hour']:02d}:{d['minute']:02d}", d["owner"], "default",
             str(d["firm_id"])] for d in deals]
    _write("hubspot-deals-en.csv", ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date",
                                    "Deal owner", "Pipeline", "Associated Company IDs"], rows)

    rows = []
    phases = ["Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity", "Kunde"]
    firstnames = ["Anna", "Beat", "Claudia", "Daniel", "Eva", "Fabian", "Gabriela", "Hans"]
    for i in range(40):
        created = dt.datetime(2025, 1, 2, 9) + dt.timedelta(days=i * 3 + (i % 4), hours=i % 7, minutes=i * 11 % 60)
        customer = i % 5 == 4
        became = (created + dt.timedelta(days=20 + i % 9)).strftime("%d.%m.%Y %H:%M") if customer else ""
        rows.append([str(51000 + i * 3), firstnames[i % 8], f"Muster{i}", f"kontakt{i}@beispiel.ch",
                     created.strftime("%d.%m.%Y %H:%M"), "Kunde" if customer else phases[i % 4],
                     sources[i % 5], OWNERS[i % 3], became, str(90000 + i % 10)])
    _write("hubspot-contacts-de.csv", ["Datensatz-ID", "Vorname", "Nachname", "E-Mail", "Erstelldatum",
                                       "Lifecycle-Phase", "Originalquelle", "Kontaktinhaber",
                                       "Datum, an dem Kunde wurde", "Zugeordnete Unternehmens-ID"], rows,
           sep=";", bom=True)


def salesforce() -> None:
    rng = random.Random(11)
    open_stages = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
                   "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"]
    outcomes = ["Closed Won"] * 10 + ["Closed Lost"] * 12 + open_stages
    rng.shuffle(outcomes)
    deals = _deals(rng, 30, ["won" if o == "Closed Won" else "lost" if o == "Closed Lost" else "open"
                             for o in outcomes])
    rows = [[f"0065g00000{d['i']:03d}AbCQAW", f"{d['firm']} – Kaffeeabo", d["firm"], stage, _ch_amount(d["amount"]),
             d["closed"].strftime("%d.%m.%Y"), d["created"].strftime("%d.%m.%Y"), d["owner"],
             ["Web", "Partner Referral", "Trade Show", "Advertisement"][d["i"] % 4]]
            for d, stage in zip(deals, outcomes, strict=True)]
    _write("salesforce-opportunities.csv", ["Opportunity-ID", "Opportunity-Name", "Accountname", "Phase", "Betrag",
                                            "Schlusstermin", "Erstelldatum", "Opportunity-Inhaber", "Lead-Quelle"],
           rows, quote_all=True)

    rows = []
    for i in range(40):
        created = dt.date(2025, 1, 3) + dt.timedelta(days=i * 4 + i % 3)
        converted = created + dt.timedelta(days=10 + i % 12) if i % 4 == 0 else None
        rows.append([f"00Q5g00000{i:03d}XyZUA0", f"Person{i}", FIRMS[i % 10],
                     ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"][i % 5],
                     "Closed - Converted" if converted else ["Open - Not Contacted", "Working - Contacted"][i % 2],
                     f"{created.month}/{created.day}/{created.year}",
                     f"{converted.month}/{converted.day}/{converted.year}" if converted else "",
                     f"0015g00000{i % 10:03d}AbAAA" if converted else "", OWNERS[i % 3]])
    _write("salesforce-leads.csv", ["Lead ID", "Last Name", "Company / Account", "Lead Source", "Lead Status",
                                    "Created Date", "Converted Date", "Converted Account ID", "Lead Owner"], rows)


def pipedrive() -> None:
    rng = random.Random(13)
    outcomes = ["won"] * 11 + ["lost"] * 9 + ["open"] * 10
    rng.shuffle(outcomes)
    deals = _deals(rng, 30, outcomes)
    stages = ["Lead In", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started"]
    rows = []
    for d in deals:
        closed = f"{d['closed'].isoformat()} 16:{d['minute']:02d}:00" if d["stage"] != "open" else ""
        rows.append([str(100 + d["i"]), f"{d['firm']} deal", f"{d['amount']:.2f}".rstrip("0").rstrip("."), "CHF",
                     d["stage"], stages[d["i"] % 5], "Verkauf", d["owner"], d["firm"], f"Person {d['i']}",
                     f"{d['created'].isoformat()} {d['hour']:02d}:{d['minute']:02d}:00", closed,
                     closed if d["stage"] == "won" else "", closed if d["stage"] == "lost" else "",
                     "Zu teuer" if d["stage"] == "lost" else ""])
    _write("pipedrive-deals.csv", ["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Status",
                                   "Deal - Stage", "Deal - Pipeline", "Deal - Owner", "Deal - Organization",
                                   "Deal - Contact person", "Deal - Deal created", "Deal - Deal closed on",
                                   "Deal - Won time", "Deal - Lost time", "Deal - Lost reason"], rows)


def google_ads() -> None:
    rng = random.Random(17)
    campaigns = ["Suche | Kaffeemaschinen Büro", "Marke | Bürokafi"]
    rows, tot = [], [0, 0, 0.0, 0.0]
    for day in range(31):
        date = dt.date(2025, 3, 1) + dt.timedelta(days=day)
        for c in campaigns:
            impr = rng.randrange(300, 2500)
            clicks = rng.randrange(10, 90)
            cost = round(rng.uniform(20, 160), 2)
            conv = rng.choice([0, 0, 1, 1, 2, 0.5])
            tot = [tot[0] + impr, tot[1] + clicks, tot[2] + cost, tot[3] + conv]
            rows.append([c, date.isoformat(), "Aktiviert", "CHF", _de_count(impr), str(clicks),
                         _de_amount(cost), _de_amount(conv)])
    total = ["--", "--", "CHF", _de_count(tot[0]), _de_count(tot[1]), _de_amount(tot[2]), _de_amount(tot[3])]
    footer = [["Gesamt: Konto", *total], ["Gesamt: Suchkampagnen", *total]]
    _write("google-ads-de.csv", ["Kampagne", "Tag", "Kampagnenstatus", "Währungscode", "Impr.", "Klicks", "Kosten",
                                 "Conversions"], rows,
           preamble=["Kampagnenbericht", "1. März 2025 - 31. März 2025"], footer=footer)

    rows, tot = [], [0, 0, 0.0, 0.0]
    for day in range(14):
        date = dt.date(2025, 4, 1) + dt.timedelta(days=day)
        for c in ["Search | Office coffee", "Brand | Buerokafi"]:
            impr, clicks = rng.randrange(600, 2500), rng.randrange(10, 90)
            cost, conv = round(rng.uniform(20, 160), 2), rng.choice([0, 1, 2])
            tot = [tot[0] + impr, tot[1] + clicks, tot[2] + cost, tot[3] + conv]
            rows.append([date.isoformat(), c, "EUR", f"{impr:,}", str(clicks), f"{cost:.2f}", f"{conv:.2f}"])
    total = ["--", "EUR", f"{tot[0]:,}", f"{tot[1]:,}", f"{tot[2]:,.2f}", f"{tot[3]:.2f}"]
    _write("google-ads-en.csv", ["Day", "Campaign", "Currency code", "Impr.", "Clicks", "Cost", "Conversions"], rows,
           preamble=["Campaign report", "April 1, 2025 - April 14, 2025"],
           footer=[["Total: Account", *total], ["Total: Search campaigns", *total]])


def meta_ads() -> None:
    rng = random.Random(19)
    rows = []
    for day in range(20):
        date = (dt.date(2025, 3, 1) + dt.timedelta(days=day)).isoformat()
        for c in ["Lead-Formular Büro-Kaffee", "Retargeting Website-Besucher"]:
            reach = rng.randrange(800, 3000)
            impr = reach + rng.randrange(200, 1500)
            spend = round(rng.uniform(15, 70), 2)
            results = rng.choice([0, 1, 1, 2])
            per = f"{spend / results:.2f}" if results else ""
            rows.append([c, date, date, f"{spend:.2f}", str(impr), str(reach), str(rng.randrange(8, 45)),
                         str(results), "Leads (Formular)", per])
    _write("meta-ads-de.csv", ["Kampagnenname", "Beginn des Berichtszeitraums", "Ende des Berichtszeitraums",
                               "Ausgegebener Betrag (CHF)", "Impressionen", "Reichweite", "Link-Klicks", "Ergebnisse",
                               "Ergebnistyp", "Kosten pro Ergebnis"], rows)
    rows = []
    for day in range(15):
        date = (dt.date(2025, 5, 1) + dt.timedelta(days=day)).isoformat()
        reach = rng.randrange(800, 3000)
        impr = reach + rng.randrange(100, 900)
        rows.append(["Lead form office coffee", date, f"{rng.uniform(15, 70):.2f}", str(impr), str(reach),
                     str(rng.randrange(8, 45)), str(rng.choice([0, 1, 2])), "On-Facebook leads",
                     "2025-05-01", "2025-05-15"])
    _write("meta-ads-en.csv", ["Campaign name", "Day", "Amount spent (EUR)", "Impressions", "Reach", "Link clicks",
                               "Results", "Result indicator", "Reporting starts", "Reporting ends"], rows)


def linkedin_ads() -> None:
    rng = random.Random(23)
    rows = []
    for day in range(20):
        date = dt.date(2025, 3, 1) + dt.timedelta(days=day)
        for name, cid in (("Lead Gen – Office Manager DACH", 187654321), ("Lead Gen – HR & Facility", 198765432)):
            rows.append([f"{date.month}/{date.day}/{date.year}", "Bürokafi Muster AG", "Lead Gen 2025", name, str(cid),
                         "Sponsored Content", "CHF", f"{rng.uniform(60, 110):.2f}", str(rng.randrange(900, 2500)),
                         str(rng.randrange(4, 20)), str(rng.choice([0, 0, 1, 2]))])
    preamble = ["Campaign Performance Report (in UTC)", "Report Start: 3/1/2025, 12:00 AM",
                "Report End: 3/20/2025, 11:59 PM", "Date Generated: 3/21/2025, 7:30 AM",
                "Account: Bürokafi Muster AG (5123456)"]
    _write("linkedin-ads.csv", ["Start Date (in UTC)", "Account Name", "Campaign Group Name", "Campaign Name",
                                "Campaign ID", "Campaign Type", "Currency", "Total Spent", "Impressions", "Clicks",
                                "Leads"], rows, preamble=preamble)


if __name__ == "__main__":
    hubspot()
    salesforce()
    pipedrive()
    google_ads()
    meta_ads()
    linkedin_ads()
