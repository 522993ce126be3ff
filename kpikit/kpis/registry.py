"""The KPI catalogue: one registered definition per KPI.

Naming rule (as in scikit-learn's metrics): ``*_rate`` and ``ctr`` are fractions from 0 to 1,
``*_days`` are durations, ``cost_*``, ``cac`` and money KPIs are amounts in the company's
currency, and plain nouns (``leads``, ``new_customers``) are counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpikit.core import fmt

COUNT, CURRENCY, RATIO, DAYS = "count", "currency", "ratio", "days"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class KPI:
    """One KPI definition.

    ``numerator`` and ``denominator`` name what the engine reports in those columns;
    ``bounded`` marks fractions that must lie in [0, 1] and carry a Wilson interval.
    """

    id: str
    name_de: str
    name_en: str
    explain_de: str
    explain_en: str
    numerator: str
    denominator: str | None
    unit: str
    direction: str
    tables: tuple[str, ...]
    bounded: bool = False

    def name(self, lang: str = "de") -> str:
        """Display name in ``lang``."""
        return self.name_de if lang == "de" else self.name_en

    def explain(self, lang: str = "de") -> str:
        """Plain-words explanation in ``lang``."""
        return self.explain_de if lang == "de" else self.explain_en

    @property
    def formula(self) -> str:
        """``numerator / denominator`` in English, or the numerator alone for counts and sums."""
        return self.formula_text("en")

    def formula_text(self, lang: str = "de") -> str:
        """The formula in ``lang``; a sum is bracketed when it is divided.

        >>> KPIS["cac"].formula_text("de")
        '(Marketingausgaben + Vertriebskosten) / Neukunden'
        """
        num, den = (self.numerator, self.denominator) if lang != "de" else _FORMULA_DE[self.id]
        if not den:
            return num
        bracket = lambda part: f"({part})" if " + " in part or " - " in part else part  # noqa: E731
        return f"{bracket(num)} / {bracket(den)}"

    def unit_label(self, lang: str = "de") -> str:
        """The unit in words: Anzahl, Betrag, Anteil, Tage."""
        return _UNIT_LABELS[self.unit][0 if lang == "de" else 1]

    def direction_label(self, lang: str = "de") -> str:
        """Which way is better, in words."""
        if lang == "de":
            return "höher ist besser" if self.direction == HIGHER else "tiefer ist besser"
        return "higher is better" if self.direction == HIGHER else "lower is better"

    def show(self, value: float | None, currency: str = "CHF") -> str:
        """``value`` of this KPI for display: a percentage for a fraction, money with the currency.

        >>> KPIS["close_rate"].show(0.25), KPIS["ltv_cac_ratio"].show(1.433), KPIS["cac"].show(1234.4)
        ('25.0 %', '1.43', "CHF 1'234")
        """
        return fmt.value(value, self.unit, currency, bounded=self.bounded)

    def better(self, old: float, new: float) -> bool | None:
        """Whether ``new`` is better than ``old`` given the direction; None when equal or undefined.

        >>> KPIS["cac"].better(500, 400)
        True
        """
        if old != old or new != new or old == new:  # NaN-safe
            return None
        return (new > old) if self.direction == HIGHER else (new < old)


def _k(*args, **kwargs) -> KPI:
    return KPI(*args, **kwargs)


_DEFINITIONS = [
    _k("leads", "Leads", "Leads",
       "Anzahl neuer Interessenten (Leads), die im Zeitraum erfasst wurden.",
       "Number of new prospects (leads) created in the period.",
       "leads created", None, COUNT, HIGHER, ("leads",)),
    _k("new_customers", "Neukunden", "New customers",
       "Kunden, deren erster gewonnener Deal (oder sonst erste Bestellung) in den Zeitraum fällt.",
       "Customers whose first won deal, or failing that first order, falls in the period.",
       "customers with first won deal or first order in period", None, COUNT, HIGHER, ("deals|orders",)),
    _k("revenue", "Umsatz", "Revenue",
       "Umsatz aus Bestellungen (nach Bestelldatum); ohne Bestelldaten die Summe gewonnener Deals "
       "(nach Abschlussdatum).",
       "Order revenue by order date; without orders, the sum of won deal amounts by close date.",
       "order revenue (or won deal amount)", None, CURRENCY, HIGHER, ("orders|deals",)),
    _k("revenue_per_customer", "Umsatz pro Kunde", "Revenue per customer",
       "Umsatz geteilt durch die Zahl verschiedener Kunden mit Bestellung (bzw. gewonnenem Deal) "
       "im Zeitraum; auch Bestellungen über 0.00 zählen den Kunden.",
       "Revenue divided by the distinct customers with an order (or a won deal) in the period; "
       "a 0.00 order counts the customer.",
       "revenue", "distinct customers with an order or won deal", CURRENCY, HIGHER, ("orders|deals",)),
    _k("close_rate", "Abschlussrate", "Close rate",
       "Anteil gewonnener an allen abgeschlossenen (gewonnenen + verlorenen) Deals im Zeitraum. "
       "Gewonnene / alle Deals ist eine andere Zahl.",
       "Share of won among all closed (won + lost) deals in the period. Won / all deals is a "
       "different figure.",
       "won deals", "won + lost deals", RATIO, HIGHER, ("deals",), True),
    _k("avg_deal_size", "Durchschnittlicher Auftragswert", "Average deal size",
       "Durchschnittlicher Betrag der im Zeitraum gewonnenen Deals.",
       "Average amount of the deals won in the period.",
       "won amount", "won deals", CURRENCY, HIGHER, ("deals",)),
    _k("sales_cycle_days", "Verkaufszyklus (Tage)", "Sales cycle (days)",
       "Mittlere Dauer in Tagen von der Erstellung bis zum Abschluss gewonnener Deals; der Median "
       "steht daneben.",
       "Mean days from creation to close of won deals; the median is reported alongside.",
       "days from created_at to closed_at", "won deals", DAYS, LOWER, ("deals",)),
    _k("pipeline_value", "Pipeline-Wert", "Pipeline value",
       "Summe der Beträge aller Deals, die am Ende des Zeitraums offen sind.",
       "Total amount of the deals open at the end of the period.",
       "amount of deals open at period end", None, CURRENCY, HIGHER, ("deals",)),
    _k("lead_to_customer_rate", "Lead-zu-Kunde-Rate", "Lead-to-customer rate",
       "Anteil der im Zeitraum erfassten Leads, die (bis heute) Kunde wurden.",
       "Share of the leads created in the period that became customers (to date).",
       "leads created that became customers", "leads created", RATIO, HIGHER, ("leads",), True),
    _k("reach", "Reichweite", "Reach",
       "Summe der gemeldeten Reichweite; fehlt sie, stehen Impressionen dafür (markiert). Tägliche "
       "Reichweiten sind nicht addierbar: die Summe ist eine Obergrenze der eindeutigen Reichweite.",
       "Sum of reported reach; impressions stand in, flagged, where reach is missing. Daily reach is "
       "not additive: the sum is an upper bound on unique reach.",
       "reach (or impressions)", None, COUNT, HIGHER, ("campaigns",)),
    _k("impressions", "Impressionen", "Impressions",
       "Wie oft Anzeigen oder Inhalte angezeigt wurden.",
       "How often ads or content were shown.",
       "impressions", None, COUNT, HIGHER, ("campaigns",)),
    _k("ctr", "Klickrate (CTR)", "Click-through rate (CTR)",
       "Klicks geteilt durch Impressionen.",
       "Clicks divided by impressions.",
       "clicks", "impressions", RATIO, HIGHER, ("campaigns",), True),
    _k("conversion_rate", "Conversion-Rate", "Conversion rate",
       "Anteil der Klicks, aus denen eine Kampagnen-Conversion (Lead) wurde.",
       "Share of clicks that became a campaign conversion (lead).",
       "campaign leads", "clicks", RATIO, HIGHER, ("campaigns",), True),
    _k("cost_per_click", "Kosten pro Klick", "Cost per click",
       "Werbeausgaben geteilt durch Klicks.",
       "Ad spend divided by clicks.",
       "spend", "clicks", CURRENCY, LOWER, ("campaigns",)),
    _k("cost_per_lead", "Kosten pro Lead", "Cost per lead",
       "Werbeausgaben geteilt durch Leads; Kampagnen-Leads, wo die Plattform sie meldet, sonst im CRM "
       "erfasste Leads.",
       "Ad spend divided by leads: campaign leads where the platform reports them, otherwise leads "
       "created in the CRM.",
       "spend", "leads (campaign, else CRM)", CURRENCY, LOWER, ("campaigns",)),
    _k("cost_per_acquisition", "Kosten pro Abschluss", "Cost per acquisition",
       "Werbeausgaben geteilt durch Kampagnen-Conversions, die Käufe sind.",
       "Ad spend divided by campaign conversions that are purchases.",
       "spend", "purchase conversions", CURRENCY, LOWER, ("campaigns",)),
    _k("marketing_spend", "Marketingausgaben", "Marketing spend",
       "Werbeausgaben der Kampagnen plus übrige Marketingkosten.",
       "Campaign spend plus other marketing costs.",
       "campaign spend + marketing costs", None, CURRENCY, LOWER, ("campaigns|costs",)),
    _k("cac", "Kundenakquisitionskosten (CAC)", "Customer acquisition cost (CAC)",
       "Marketing- und Vertriebskosten geteilt durch die Zahl der Neukunden.",
       "Marketing and sales costs divided by the number of new customers.",
       "marketing spend + sales costs", "new customers", CURRENCY, LOWER, ("campaigns|costs", "deals|orders")),
    _k("repeat_purchase_rate", "Wiederkaufrate", "Repeat purchase rate",
       "Anteil der Kunden mit Bestellungen im Zeitraum, die zwei oder mehr Bestellungen hatten.",
       "Share of customers with orders in the period who ordered two or more times.",
       "customers with 2+ orders", "customers with orders", RATIO, HIGHER, ("orders",), True),
    _k("customer_lifetime_value", "Kundenwert (CLV)", "Customer lifetime value (CLV)",
       "Historischer Kundenwert: kumulierter Umsatz bis Periodenende geteilt durch alle bis dahin "
       "gewonnenen Kunden (Methode: historischer Durchschnitt, keine Prognose).",
       "Historical customer value: cumulative revenue to the period end divided by all customers "
       "acquired to then (method: historical average, not a forecast).",
       "cumulative revenue", "cumulative customers", CURRENCY, HIGHER, ("orders|deals",)),
    _k("ltv_cac_ratio", "CLV/CAC-Verhältnis", "CLV/CAC ratio",
       "Kundenwert geteilt durch Akquisitionskosten; über 3 gilt oft als gesund.",
       "Customer value divided by acquisition cost; above 3 is often called healthy.",
       "customer_lifetime_value", "cac", RATIO, HIGHER, ("orders|deals", "campaigns|costs")),
]

KPIS: dict[str, KPI] = {k.id: k for k in _DEFINITIONS}

_UNIT_LABELS = {COUNT: ("Anzahl", "count"), CURRENCY: ("Betrag", "amount"), RATIO: ("Anteil", "share"),
                DAYS: ("Tage", "days")}

# German numerator and denominator of each formula (the English ones are on the definitions).
_FORMULA_DE: dict[str, tuple[str, str | None]] = {
    "leads": ("erfasste Leads", None),
    "new_customers": ("Kunden mit erstem gewonnenem Deal (sonst erster Bestellung) im Zeitraum", None),
    "revenue": ("Umsatz aus Bestellungen (sonst Betrag gewonnener Deals)", None),
    "revenue_per_customer": ("Umsatz", "verschiedene Kunden mit Bestellung oder gewonnenem Deal"),
    "close_rate": ("gewonnene Deals", "gewonnene + verlorene Deals"),
    "avg_deal_size": ("Betrag gewonnener Deals", "gewonnene Deals"),
    "sales_cycle_days": ("Tage von Erstellung bis Abschluss", "gewonnene Deals"),
    "pipeline_value": ("Betrag der am Periodenende offenen Deals", None),
    "lead_to_customer_rate": ("Leads, die Kunde wurden", "erfasste Leads"),
    "reach": ("Reichweite (sonst Impressionen)", None),
    "impressions": ("Impressionen", None),
    "ctr": ("Klicks", "Impressionen"),
    "conversion_rate": ("Kampagnen-Leads", "Klicks"),
    "cost_per_click": ("Werbeausgaben", "Klicks"),
    "cost_per_lead": ("Werbeausgaben", "Leads (Kampagne, sonst CRM)"),
    "cost_per_acquisition": ("Werbeausgaben", "Kauf-Conversions"),
    "marketing_spend": ("Werbeausgaben + übrige Marketingkosten", None),
    "cac": ("Marketingausgaben + Vertriebskosten", "Neukunden"),
    "repeat_purchase_rate": ("Kunden mit 2+ Bestellungen", "Kunden mit Bestellungen"),
    "customer_lifetime_value": ("kumulierter Umsatz", "kumulierte Kunden"),
    "ltv_cac_ratio": ("Kundenwert (CLV)", "CAC"),
}


def catalogue(lang: str = "de"):
    """The catalogue as a frame: one row per KPI with name, formula, unit, direction and tables.

    >>> catalogue("en").loc["close_rate", "formula"]
    'won deals / (won + lost deals)'
    >>> catalogue("de").loc["close_rate", "formula"]
    'gewonnene Deals / (gewonnene + verlorene Deals)'
    """
    import pandas as pd

    rows = [
        {"kpi": k.id, "name": k.name(lang), "explanation": k.explain(lang), "formula": k.formula_text(lang),
         "unit": k.unit, "direction": k.direction, "tables": ", ".join(k.tables)}
        for k in KPIS.values()
    ]
    return pd.DataFrame(rows).set_index("kpi")
