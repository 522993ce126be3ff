"""A finding's evidence in words of the report's language, for the workbook and ``kpikit check``.

Evidence stays a dict of plain values for machines (``run.json``, ``Finding.as_dict``); people read it
through ``evidence_text``: each key as a label in ``lang``, rates in percent, money in the kit's style,
periods as ``2026-Q3``, dates as ``dd.mm.yyyy``, yes/no as words. Keys without a label are shown with
their words spaced (``typical n per period``), never dropped.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from kpikit.core import fmt
from kpikit.core.i18n import check_lang, has, t
from kpikit.kpis.registry import KPIS

# Labels of the evidence keys the checks write (de, en).
LABELS: dict[str, tuple[str, str]] = {
    "window": ("Zeitfenster", "window"), "baseline_window": ("Vergleichsfenster", "baseline window"),
    "base_window": ("Vergleichsfenster", "baseline window"),
    "close_rate_window": ("Abschlussrate im Fenster", "close rate in the window"),
    "close_rate_baseline": ("Abschlussrate vorher", "close rate before"),
    "won_window": ("gewonnen im Fenster", "won in the window"), "won_baseline": ("gewonnen vorher", "won before"),
    "closed_window": ("abgeschlossen im Fenster", "closed in the window"),
    "closed_baseline": ("abgeschlossen vorher", "closed before"),
    "drop_points": ("Rückgang", "drop"), "test": ("Test", "test"), "z": ("z", "z"),
    "p_value": ("p-Wert", "p value"), "alpha": ("Signifikanzniveau", "significance level"),
    "close_rate_by_quarter": ("Abschlussrate je Quartal", "close rate by quarter"),
    "leads_change": ("Veränderung der Leads", "change in leads"),
    "leads_flat": ("Leads gleich geblieben", "leads flat"),
    "leads_trend_p_value": ("p-Wert Trend der Leads", "p value of the leads trend"),
    "by_channel": ("je Kanal", "by channel"), "by_owner": ("je Verantwortliche", "by owner"),
    "segment": ("Segment", "segment"), "cac_window": ("CAC im Fenster", "CAC in the window"),
    "cac_baseline": ("CAC vorher", "CAC before"), "ratio": ("Verhältnis", "ratio"),
    "spend_window": ("Ausgaben im Fenster", "spend in the window"),
    "spend_baseline": ("Ausgaben vorher", "spend before"),
    "new_customers_window": ("Neukunden im Fenster", "new customers in the window"),
    "new_customers_baseline": ("Neukunden vorher", "new customers before"),
    "cac_by_quarter": ("CAC je Quartal", "CAC by quarter"),
    "coincides_with_close_rate_drop": ("zugleich sinkende Abschlussrate", "close rate falling at the same time"),
    "kpi": ("KPI", "KPI"), "kpis": ("KPIs", "KPIs"), "goals": ("Ziele", "goals"), "goal": ("Ziel", "goal"),
    "statement": ("Aussage", "statement"), "per": ("Raster", "grain"), "grain": ("Raster", "grain"),
    "target": ("Zielwert", "target"), "deadline": ("Termin", "deadline"), "baseline": ("Ausgangswert", "baseline"),
    "baseline_period": ("Periode Ausgangswert", "baseline period"), "actual": ("Ist", "actual"),
    "actual_period": ("Periode Ist", "actual period"), "expected": ("Soll (Pfad)", "expected (path)"),
    "projected": ("Prognose zum Termin", "projection to the deadline"), "status": ("Status", "status"),
    "periods": ("Perioden", "periods"), "reason": ("Grund", "reason"), "count": ("Anzahl", "count"),
    "selected": ("ausgewählt", "selected"), "typical_n_per_period": ("typische Anzahl je Periode",
                                                                     "typical count per period"),
    "rate": ("Rate", "rate"), "minimum_detectable_change": ("kleinste erkennbare Änderung",
                                                            "smallest detectable change"),
    "target_change": ("gesuchte Änderung", "change looked for"),
    "needed_n_per_period": ("nötige Anzahl je Periode", "count needed per period"),
    "weeks_needed": ("nötige Wochen", "weeks needed"), "power": ("Teststärke", "power"),
    "current": ("aktuell", "current"), "previous": ("vorher", "previous"), "period": ("Periode", "period"),
    "prev_period": ("Vorperiode", "previous period"), "n_current": ("n aktuell", "n current"),
    "n_previous": ("n vorher", "n previous"), "channels": ("Kanäle", "channels"), "table": ("Tabelle", "table"),
    "column": ("Spalte", "column"), "rows": ("Zeilen", "rows"), "file": ("Datei", "file"),
    "missing": ("fehlt", "missing"), "share": ("Anteil", "share"), "loaded": ("geladen", "loaded"),
    "set_aside": ("beiseitegelegt", "set aside"), "complete_periods": ("volle Perioden", "complete periods"),
    "crm_channels_not_in_ads": ("CRM-Kanäle ohne Werbedaten", "CRM channels without ad data"),
    "ad_channels_not_in_crm": ("Werbekanäle ohne CRM-Daten", "ad channels without CRM data"),
}
_YES_NO = {"de": ("ja", "nein"), "en": ("yes", "no")}
_GRAINS = {"de": {"week": "Woche", "month": "Monat", "quarter": "Quartal", "year": "Jahr"},
           "en": {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}}
_RATE = re.compile(r"(rate|share|power|alpha|change|drop_points)")
_MONEY = re.compile(r"(cac|spend|revenue|cost|amount)")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Keys whose numbers are values of the finding's KPI (shown in its unit).
_KPI_VALUES = {"target", "baseline", "actual", "expected", "projected", "current", "previous"}


def _label(key: str, lang: str) -> str:
    pair = LABELS.get(str(key))
    return pair[lang == "en"] if pair else str(key).replace("_", " ")


def _value(key: str, v: object, lang: str, grain: str | None, currency: str, unit: str | None = None) -> str:
    key = str(key)
    if isinstance(v, bool):
        return _YES_NO[lang][0 if v else 1]
    if v is None or v == "" or (isinstance(v, float) and not math.isfinite(v)):
        return fmt.UNDEFINED
    if isinstance(v, dict):
        return "(" + ", ".join(f"{k}: {_value(key, x, lang, grain, currency, unit)}" for k, x in v.items()) + ")"
    if isinstance(v, list | tuple):
        return ", ".join(_value(key, x, lang, grain, currency, unit) for x in v)
    if isinstance(v, dt.date):
        return fmt.date(v)
    if isinstance(v, int | float):
        x = float(v)
        if unit and key in _KPI_VALUES:
            return fmt.value(x, unit, currency)
        if key == "drop_points":
            return fmt.points(x, lang)
        if key.startswith("p_value") or key.endswith("p_value"):
            return "< 0.001" if x < 0.001 else fmt.number(x, 3)
        if key in ("z", "ratio"):
            return fmt.number(x, 2)
        if _RATE.search(key) and abs(x) <= 1.5:
            return fmt.signed(x * 100, 1) + " %" if "change" in key or key == "drop_points" else fmt.percent(x)
        if _MONEY.search(key):
            return fmt.money(x, currency)
        return fmt.count(x) if x.is_integer() or abs(x) >= 100 else fmt.number(x, 2)
    text = str(v)
    if _ISO.match(text):
        if key.endswith("period") and grain:
            return fmt.period_label(text, grain, lang)
        return fmt.date(dt.date.fromisoformat(text))
    if key == "status" and has(f"status_{text}"):
        return t(f"status_{text}", lang)
    if key in ("per", "grain"):
        return _GRAINS[lang].get(text, text)
    return text


def evidence_text(evidence: dict, lang: str = "de", *, nested: bool = True, currency: str = "CHF") -> str:
    """A finding's evidence as ``label: value`` pairs in ``lang``, separated by semicolons.

    Parameters
    ----------
    evidence : dict
        ``Finding.evidence``: plain values, lists and nested dicts.
    lang : {"de", "en"}
        Language of labels and words.
    nested : bool, default True
        Whether to show nested tables (per quarter, per channel); ``kpikit check`` leaves them out.
    currency : str, default "CHF"
        Currency of money values.

    Examples
    --------
    >>> evidence_text({"kpi": "new_customers", "goals": [], "typical_n_per_period": 1487.0, "leads_flat": True})
    "KPI: new_customers; typische Anzahl je Periode: 1'487; Leads gleich geblieben: ja"
    >>> evidence_text({"cac_window": 2934.2, "ratio": 1.553, "p_value": 2.4e-06, "by_channel": {"A": 1}},
    ...               "en", nested=False)
    "CAC in the window: CHF 2'934; ratio: 1.55; p value: < 0.001"
    >>> evidence_text({"kpi": "close_rate", "per": "quarter", "target": 0.4, "baseline_period": "2024-10-01",
    ...                "deadline": "2026-12-31", "status": "off_track"}).split("; ")
    ['KPI: close_rate', 'Raster: Quartal', 'Zielwert: 40.0 %', 'Periode Ausgangswert: 2024-Q4', \
'Termin: 31.12.2026', 'Status: nicht auf Kurs']
    """
    lang = check_lang(lang)
    grain = (evidence or {}).get("per") or (evidence or {}).get("grain")
    kpi = (evidence or {}).get("kpi")
    unit = KPIS[kpi].unit if isinstance(kpi, str) and kpi in KPIS else None
    parts = []
    for key, v in (evidence or {}).items():
        if (isinstance(v, dict) and not nested) or v is None or v == "" or (isinstance(v, list | tuple | dict)
                                                                             and not v):
            continue
        parts.append(f"{_label(key, lang)}: {_value(key, v, lang, grain, currency, unit)}")
    return "; ".join(parts)


__all__ = ["LABELS", "evidence_text"]
