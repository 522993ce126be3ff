"""Common-mistake checks and diagnoses: the kit tells a company when its KPI work goes wrong.

``run_checks(company)`` collects every finding at once. Each ``Finding`` has a stable code, a
severity (info, warning, critical), a message and a recommendation in German and English, and
the evidence in numbers.

Diagnoses turn KPI series into the source text's two worked examples. They compare the last two
complete quarters with the (up to) four quarters before and fire only when the change is material
*and* statistically supported: all diagnosis tests of one run share a family-wise error rate of
5 % (Bonferroni), so on data without a trend at most one run in twenty shows any diagnosis.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpikit.checks.goals import complete_series, goal_status, missing_parts
from kpikit.core import fmt as _format
from kpikit.core.i18n import check_lang, t
from kpikit.kpis.registry import KPIS
from kpikit.kpis.stats import (
    MIN_EVENTS,
    MIN_PERIODS,
    MIN_RATE_N,
    confidence,
    mann_kendall,
    rate_ratio_test,
    required_n_two_proportions,
    two_proportion_test,
)

SEVERITIES = ("info", "warning", "critical")
FAMILY_ALPHA = 0.05  # family-wise error rate of all diagnosis tests in one run
NOISE_ALPHA = 0.05
WINDOW, BASELINE = 2, 4  # quarters
MIN_DROP_POINTS, MIN_DROP_RELATIVE = 0.05, 0.15
MIN_CAC_RATIO = 1.2
FLAT_TOLERANCE = 0.15  # lead volume within ±15 % counts as flat
VANITY = {"reach", "impressions"}
NOT_OUTCOME = VANITY | {"ctr", "cost_per_click", "marketing_spend"}
WEEKS = {"week": 1, "month": 52 / 12, "quarter": 13, "year": 52}


@dataclass
class Finding:
    """One finding of the checks or diagnoses.

    ``params`` fill the message and recommendation templates ``C_<code>`` / ``R_<code>``; a param
    given as ``{"de": …, "en": …}`` is rendered in the language asked for.
    """

    code: str
    severity: str
    kpi: str | None = None
    params: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    segment: str | None = None
    p_value: float | None = None

    def _params(self, lang: str) -> dict:
        return {k: (v[lang] if isinstance(v, dict) and set(v) == {"de", "en"} else v) for k, v in self.params.items()}

    def message(self, lang: str = "de") -> str:
        """What is wrong, in ``lang``."""
        return t(f"C_{self.code}", lang, **self._params(lang))

    def recommendation(self, lang: str = "de") -> str:
        """What to do, in ``lang``."""
        return t(f"R_{self.code}", lang, **self._params(lang))

    @property
    def confidence(self) -> str | None:
        """very_high, high or moderate for diagnoses; None for configuration findings."""
        return None if self.p_value is None else confidence(self.p_value)

    def as_dict(self, lang: str = "de") -> dict:
        """The contract's JSON object: code, severity, kpi, message, evidence, recommendation (+ extras)."""
        return {"code": self.code, "severity": self.severity, "kpi": self.kpi, "message": self.message(lang),
                "evidence": _plain(self.evidence), "recommendation": self.recommendation(lang),
                "segment": self.segment, "confidence": self.confidence, "p_value": self.p_value}


def _plain(value):
    """Evidence as JSON-friendly Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _both(key: str, **params) -> dict:
    return {lang: t(key, lang, **params) for lang in ("de", "en")}


def _names(kpis, lang: str | None = None) -> dict:
    return {lang: ", ".join(KPIS[k].name(lang) for k in kpis) for lang in ("de", "en")}


# --- configuration checks ---------------------------------------------------------------------------------
def check_selection(company) -> list[Finding]:
    """KPI count (3–5), KPIs without a goal, goals without a KPI, vanity metrics."""
    out: list[Finding] = []
    kpis = list(dict.fromkeys(company.kpis))
    if len(kpis) > 5:
        out.append(Finding("KPI_COUNT_HIGH", "warning", None, {"count": len(kpis), "kpis": ", ".join(kpis)},
                           {"selected": kpis, "count": len(kpis), "allowed": [3, 5]}))
    elif len(kpis) < 3:
        out.append(Finding("KPI_COUNT_LOW", "warning", None, {"count": len(kpis), "kpis": ", ".join(kpis) or "–"},
                           {"selected": kpis, "count": len(kpis), "allowed": [3, 5]}))
    goal_kpis = {g.kpi for g in company.goals if g.kpi}
    for k in kpis:
        if k not in goal_kpis:
            out.append(Finding("KPI_WITHOUT_GOAL", "warning", k, {"name": _names([k])},
                               {"kpi": k, "goals": [g.id for g in company.goals]}))
    for g in company.goals:
        if not g.kpi:
            out.append(Finding("GOAL_WITHOUT_KPI", "warning", None, {"goal": g.id}, {"goal": g.id}))
        elif kpis and g.kpi not in kpis:
            out.append(Finding("GOAL_KPI_NOT_SELECTED", "info", g.kpi, {"goal": g.id, "name": _names([g.kpi]),
                                                                       "kpi": g.kpi}, {"goal": g.id, "kpi": g.kpi}))
    vanity = [k for k in kpis if k in VANITY]
    if vanity and all(k in NOT_OUTCOME for k in kpis):
        out.append(Finding("VANITY_METRIC", "warning", vanity[0], {"names": _names(vanity)},
                           {"vanity": vanity, "selected": kpis}))
    return out


def check_goals(company, *, as_of=None) -> list[Finding]:
    """Goals that are not SMART, and goals off track or at risk."""
    out: list[Finding] = []
    for g in company.goals:
        missing = missing_parts(g)
        if missing:
            out.append(Finding("GOAL_NOT_SMART", "warning", g.kpi, {
                "goal": g.id, "missing": {lang: _join(missing, lang) for lang in ("de", "en")}},
                {"goal": g.id, "missing": missing}))
            continue
        status = goal_status(company, g, as_of=as_of)
        if status.status in ("off_track", "at_risk"):
            unit = KPIS[g.kpi].unit
            params = {"goal": g.id, "name": _names([g.kpi]),
                      "actual": _format.value(status.actual, unit, company.currency),
                      "period": _format.period_label(status.actual_period, g.per),
                      "expected": _format.value(status.expected, unit, company.currency),
                      "target": _format.value(g.target, unit, company.currency),
                      "deadline": g.deadline.strftime("%d.%m.%Y")}
            code = "GOAL_OFF_TRACK" if status.status == "off_track" else "GOAL_AT_RISK"
            out.append(Finding(code, "warning" if code == "GOAL_OFF_TRACK" else "info", g.kpi, params,
                               status.as_dict()))
    return out


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]


def _grain_words(grain: str) -> tuple[dict, dict]:
    return _both(f"grain1_{grain}"), _both(f"grain_{grain}")


def check_window(company, *, as_of=None) -> list[Finding]:
    """Impatience: too few complete periods at the grains the goals use (monthly without goals)."""
    from kpikit.kpis.engine import compute_kpis

    out = []
    grains = sorted({g.per for g in company.goals if g.per} or {"month"}, key=list(WEEKS).index)
    for grain in grains:
        frame = compute_kpis(company, ["leads" if company.leads is not None else "revenue"], period=grain)
        periods = len(complete_series(frame, company, as_of))
        if periods < MIN_PERIODS:
            weeks = math.ceil((MIN_PERIODS - periods) * WEEKS[grain])
            one, many = _grain_words(grain)
            out.append(Finding("WINDOW_TOO_SHORT", "warning", None,
                               {"periods": periods, "grain": one, "grains": many, "needed": MIN_PERIODS,
                                "weeks": weeks},
                               {"grain": grain, "complete_periods": periods, "needed": MIN_PERIODS,
                                "more_weeks": weeks}))
    return out


def _wait(weeks: int | None) -> dict[str, str]:
    """How long collecting enough data takes at today's pace, in words; years beyond two years.

    >>> _wait(12)["de"], _wait(339)["de"], _wait(339)["en"], _wait(None)["en"]
    ('etwa 12 Wochen', 'mehr als zwei Jahre (etwa 6.5 Jahre)', 'more than two years (about 6.5 years)', 'unknown')
    """
    if weeks is None:
        return {"de": "unbekannt", "en": "unknown"}
    if weeks <= 104:
        return {"de": f"etwa {weeks} Wochen", "en": f"about {weeks} weeks"}
    years = _format.number(weeks / 52.18, 1)
    return {"de": f"mehr als zwei Jahre (etwa {years} Jahre)", "en": f"more than two years (about {years} years)"}


def _goal_grain(company, kpi: str) -> str:
    return next((g.per for g in company.goals if g.kpi == kpi and g.per), "month")


def check_noise(company, *, as_of=None) -> list[Finding]:
    """For each selected rate: too few observations to judge it, and a last change inside the noise."""
    from kpikit.kpis.engine import compute_kpis

    out = []
    for k in dict.fromkeys(company.kpis):
        if not KPIS[k].bounded:
            continue
        grain = _goal_grain(company, k)
        series = complete_series(compute_kpis(company, k, period=grain), company, as_of)
        series = series.dropna(subset=["value"])
        if series.empty:
            continue
        one, many = _grain_words(grain)
        n_typ = float(series["denominator"].tail(6).median())
        p = float(series["numerator"].sum() / series["denominator"].sum())
        delta = max(0.01, min(0.10, 0.25 * p))
        needed = required_n_two_proportions(p, -delta if p > 0.5 else delta)
        if n_typ < needed:
            mde = next((d for d in np.arange(0.01, 1.0, 0.01)
                        if required_n_two_proportions(p, -d if p > 0.5 else d) <= n_typ), 1.0)
            per_week = n_typ / WEEKS[grain]
            weeks = math.ceil(needed / per_week) if per_week > 0 else None
            out.append(Finding("TOO_FEW_OBSERVATIONS", "info", k, {
                "name": _names([k]), "grain": one, "grains": many, "n": _format.number(n_typ),
                "mde": f"{mde * 100:.0f}", "delta": f"{delta * 100:.0f}", "needed": _format.number(needed),
                "wait": _wait(weeks)},
                {"grain": grain, "typical_n_per_period": n_typ, "rate": p, "minimum_detectable_change": mde,
                 "target_change": delta, "needed_n_per_period": needed, "weeks_needed": weeks,
                 "power": 0.8, "alpha": 0.05}))
        if len(series) >= 2:
            prev, last = series.iloc[-2], series.iloc[-1]
            test = two_proportion_test(prev["numerator"], prev["denominator"], last["numerator"], last["denominator"])
            change = last["value"] - prev["value"]
            if not math.isnan(test.p_value) and test.p_value >= NOISE_ALPHA and abs(change) >= max(0.01, 0.1 * p):
                out.append(Finding("CHANGE_WITHIN_NOISE", "info", k, {
                    "name": _names([k]), "previous": _format.value(prev["value"], "ratio"),
                    "current": _format.value(last["value"], "ratio"),
                    "prev_period": _format.period_label(prev["period"], grain),
                    "period": _format.period_label(last["period"], grain), "p": f"p = {test.p_value:.2f}"},
                    {"previous": prev["value"], "current": last["value"], "n_previous": prev["denominator"],
                     "n_current": last["denominator"], "p_value": test.p_value, "test": "two-proportion z-test"}))
    return out


CAPTURE = {
    "deals": ("Deals aus dem CRM (HubSpot, Salesforce, Pipedrive) exportieren und unter sources.deals eintragen",
              "export deals from the CRM (HubSpot, Salesforce, Pipedrive) and add them under sources.deals"),
    "leads": ("Kontakte/Leads aus dem CRM mit Erstelldatum und Quelle exportieren",
              "export contacts/leads from the CRM with creation date and source"),
    "orders": ("Bestellungen/Rechnungen aus Shop oder Buchhaltung mit Kundennummer, Datum und Betrag",
               "orders/invoices from the shop or accounting with customer id, date and amount"),
    "campaigns": ("Kampagnenberichte aus Google Ads, Meta und LinkedIn mit Tag, Kosten, Impressionen und Klicks",
                  "campaign reports from Google Ads, Meta and LinkedIn with day, cost, impressions and clicks"),
    "costs": ("Marketing- und Vertriebskosten aus der Buchhaltung nach Monat und Kategorie",
              "marketing and sales costs from accounting by month and category"),
    "deals.amount": ("im CRM bei jedem Deal den Betrag pflegen", "fill in every deal's amount in the CRM"),
    "deals.created_at": ("das Erstelldatum der Deals mit exportieren", "include the deals' creation date"),
    "campaigns.clicks": ("Klicks im Kampagnenbericht mit exportieren", "include clicks in the campaign report"),
    "campaigns.impressions": ("Impressionen im Kampagnenbericht mit exportieren",
                              "include impressions in the campaign report"),
    "campaigns.conversions": ("Kauf-Conversions im Werbekonto messen (Conversion-Tracking) und exportieren",
                              "track purchase conversions in the ad account and export them"),
    "campaigns.leads": ("Leads/Ergebnisse im Kampagnenbericht mit exportieren",
                        "include leads/results in the campaign report"),
    "campaigns.reach": ("Reichweite oder Impressionen im Kampagnenbericht mit exportieren",
                        "include reach or impressions in the campaign report"),
    "N_NO_CONVERSION": ("im CRM «Kunde seit» (converted_at) oder die Firmen-ID (customer_id) der Leads pflegen",
                        "keep 'customer since' (converted_at) or the company id (customer_id) of leads in the CRM"),
    "N_NO_SPEND": ("Werbeausgaben (Kampagnenberichte) oder Marketingkosten (Buchhaltung)",
                   "ad spend (campaign reports) or marketing costs (accounting)"),
    "N_NO_CUSTOMERS": ("gewonnene Deals aus dem CRM oder Bestellungen", "won deals from the CRM, or orders"),
}


def check_computable(company) -> list[Finding]:
    """Selected or goal KPIs that the data at hand cannot produce, with what to capture."""
    from kpikit.kpis.engine import compute_kpis

    wanted = list(dict.fromkeys([*company.kpis, *(g.kpi for g in company.goals if g.kpi)]))
    if not wanted or company.period[0] is None:
        return []
    out = []
    for lang_frame in [compute_kpis(company, wanted, period="all", lang="de")]:
        en = compute_kpis(company, wanted, period="all", lang="en")
        for (_, de_row), (_, en_row) in zip(lang_frame.iterrows(), en.iterrows(), strict=True):
            if de_row["missing"] is None or not isinstance(de_row["missing"], str):
                continue
            missing = de_row["missing"]
            key = missing if missing in CAPTURE else missing.split(".")[0]
            capture = CAPTURE.get(key, (missing, missing))
            out.append(Finding("KPI_NOT_COMPUTABLE", "critical", de_row["kpi"], {
                "name": _names([de_row["kpi"]]), "reason": {"de": de_row["note"], "en": en_row["note"]},
                "capture": {"de": capture[0], "en": capture[1]}}, {"kpi": de_row["kpi"], "missing": missing}))
    return out


def check_channels(company) -> list[Finding]:
    """Ad channels with spend whose name never occurs in the CRM: their CAC and cost per lead stay unknown.

    The CRM says "Bezahlte Suche" where Google Ads says "Google Ads": without a value map the two never
    meet, and every per-channel CAC is undefined.
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
    where = " / ".join(f"sources.{t}.values.channel" for t in tables)
    example_crm, example_ad = _channel_pair(unmatched, crm_only)
    return [Finding("CHANNELS_UNMATCHED", "warning", "cac", {
        "ad": ", ".join(unmatched), "crm": ", ".join(crm_only[:6]) + (" …" if len(crm_only) > 6 else ""),
        "where": where, "example_crm": example_crm, "example_ad": example_ad},
        {"ad_channels_not_in_crm": unmatched, "crm_channels_not_in_ads": crm_only})]


# What CRMs call the channels the ad platforms bill for (lower case, matched as words or phrases).
_CHANNEL_FAMILIES = (
    (("google", "bing", "microsoft", "adwords"),
     ("bezahlte suche", "paid search", "suchmaschinenwerbung", "sea", "ppc", "cpc", "google", "adwords", "bing",
      "search ads", "suchanzeigen")),
    (("meta", "facebook", "instagram"),
     ("paid social", "social ads", "social media", "soziale medien", "facebook", "instagram", "meta")),
    (("linkedin",), ("linkedin",)),
)
_ORGANIC = ("organisch", "organic", "seo", "direkt", "direct", "empfehlung", "referral")


def _channel_pair(ad: list[str], crm: list[str]) -> tuple[str, str]:
    """The CRM channel and ad channel most likely meant to be the same, for the example mapping.

    >>> _channel_pair(["Google Ads", "LinkedIn Ads"], ["Bezahlte Suche", "Messe", "Organische Suche"])
    ('Bezahlte Suche', 'Google Ads')
    >>> _channel_pair(["Meta Ads"], ["Empfehlung", "Social Media"])
    ('Social Media', 'Meta Ads')
    """
    import difflib

    def words(text: str) -> str:
        return " " + re.sub(r"[^a-z0-9äöü]+", " ", text.casefold()) + " "

    def score(a: str, c: str) -> float:
        wa, wc = words(a), words(c)
        family = any(any(f" {k} " in wa for k in ads) and any(f" {k} " in wc for k in crms)
                     for ads, crms in _CHANNEL_FAMILIES)
        organic = any(f" {k}" in wc for k in _ORGANIC)
        return 2.0 * family - 1.0 * organic + difflib.SequenceMatcher(None, wa, wc).ratio()

    if not crm:
        return "…", ad[0]
    return max(((c, a) for a in ad for c in crm), key=lambda pair: score(pair[1], pair[0]))


# --- diagnoses ------------------------------------------------------------------------------------------------
@dataclass
class _Windows:
    window: list[str]
    baseline: list[str]


def _quarter_label(period: str) -> str:
    return _format.period_label(period, "quarter")


def _span(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{labels[0]} – {labels[-1]}"


def _windows(series: pd.DataFrame) -> _Windows | None:
    periods = list(series["period"])
    if len(periods) < WINDOW + 2:
        return None
    return _Windows(periods[-WINDOW:], periods[max(0, len(periods) - WINDOW - BASELINE):-WINDOW])


def _sum(series: pd.DataFrame, periods: list[str], column: str) -> float:
    return float(series.loc[series["period"].isin(periods), column].sum())


def _planned_tests(company, as_of) -> tuple[int, list[str]]:
    """How many diagnosis tests this run makes (for Bonferroni), and which channels are tested."""
    from kpikit.kpis.engine import compute_kpis

    channels: list[str] = []
    if company.campaigns is not None and "channel" in company.campaigns:
        by = compute_kpis(company, "cac", period="quarter", by="channel")
        by = by[by["segment"].map(lambda s: s not in (None, "–"))]
        for seg, rows in by.groupby("segment", sort=True):
            rows = complete_series(rows.assign(segment=None), company, as_of)
            w = _windows(rows)
            if w and rows.loc[rows["period"].isin(w.window + w.baseline), "numerator"].notna().all():
                channels.append(seg)
    return 2 + len(channels), channels


def _breakdown(company, dim: str, w: _Windows, as_of) -> list[tuple[str, float, float, float]]:
    """(segment, baseline rate, window rate, drop) for segments with enough closed deals, largest drop first."""
    from kpikit.kpis.engine import compute_kpis

    deals = company.deals
    if deals is None or dim not in deals:
        return []
    frame = compute_kpis(company, "close_rate", period="quarter", by=dim)
    rows = []
    for seg, part in frame.groupby("segment", sort=True):
        if seg in (None, "–"):
            continue
        part = complete_series(part.assign(segment=None), company, as_of)
        kb, nb = _sum(part, w.baseline, "numerator"), _sum(part, w.baseline, "denominator")
        kw, nw = _sum(part, w.window, "numerator"), _sum(part, w.window, "denominator")
        if nb >= 10 and nw >= 10:
            rows.append((seg, kb / nb, kw / nw, kb / nb - kw / nw))
    return sorted(rows, key=lambda r: -r[3])


def diagnose_close_rate(company, *, as_of=None, alpha: float = FAMILY_ALPHA / 2) -> list[Finding]:
    """Close rate falling (while lead volume stays flat): lead quality or team training."""
    from kpikit.kpis.engine import compute_kpis

    if company.deals is None:
        return []
    series = complete_series(compute_kpis(company, "close_rate", period="quarter"), company, as_of)
    w = _windows(series)
    if w is None:
        return []
    kb, nb = _sum(series, w.baseline, "numerator"), _sum(series, w.baseline, "denominator")
    kw, nw = _sum(series, w.window, "numerator"), _sum(series, w.window, "denominator")
    if nb < MIN_RATE_N or nw < MIN_RATE_N:
        return []
    pb, pw = kb / nb, kw / nw
    test = two_proportion_test(kb, nb, kw, nw, alternative="less")
    material = (pb - pw) >= MIN_DROP_POINTS and (pb - pw) / pb >= MIN_DROP_RELATIVE
    if not (material and test.p_value < alpha):
        return []
    leads_change, leads_trend = math.nan, None
    if company.leads is not None:
        leads = complete_series(compute_kpis(company, "leads", period="quarter"), company, as_of)
        lb = _sum(leads, w.baseline, "value") / len(w.baseline)
        lw = _sum(leads, w.window, "value") / len(w.window)
        leads_change = lw / lb - 1 if lb else math.nan
        monthly = complete_series(compute_kpis(company, "leads", period="month"), company, as_of)
        leads_trend = mann_kendall(monthly["value"].tail(12).tolist())
    flat = not math.isnan(leads_change) and abs(leads_change) <= FLAT_TOLERANCE and (
        leads_trend is None or leads_trend.trend == "none")
    by_channel = _breakdown(company, "channel", w, as_of)
    by_owner = _breakdown(company, "owner", w, as_of)

    def top(rows):
        shown = [f"{seg} (−{drop * 100:.0f} Pkt.)" for seg, _, _, drop in rows[:3] if drop > 0]
        return {"de": ", ".join(shown) or t("none", "de"),
                "en": ", ".join(s.replace("Pkt.", "pts") for s in shown) or t("none", "en")}

    window = [_quarter_label(p) for p in w.window]
    base = [_quarter_label(p) for p in w.baseline]
    conf = confidence(test.p_value)
    code = "CLOSE_RATE_FALLING_LEADS_FLAT" if flat else "CLOSE_RATE_FALLING"
    change_text = "–" if math.isnan(leads_change) else f"{leads_change * 100:+.0f} %"
    params = {"window": _span(window), "base_window": _span(base), "current": _format.value(pw, "ratio"),
              "baseline": _format.value(pb, "ratio"), "leads_change": change_text,
              "confidence": _both(f"confidence_{conf}"), "p": _p(test.p_value), "channels": top(by_channel),
              "owners": top(by_owner)}
    per_quarter = {_quarter_label(r["period"]): r["value"] for _, r in series.iterrows()}
    evidence = {
        "window": window, "baseline_window": base, "close_rate_window": pw, "close_rate_baseline": pb,
        "won_window": kw, "closed_window": nw, "won_baseline": kb, "closed_baseline": nb,
        "drop_points": pb - pw, "test": "two-proportion z-test, one-sided", "z": test.statistic,
        "p_value": test.p_value, "alpha": alpha, "close_rate_by_quarter": per_quarter,
        "leads_change": leads_change, "leads_flat": flat,
        "leads_trend_p_value": None if leads_trend is None else leads_trend.p_value,
        "by_channel": {s: {"baseline": b, "window": x} for s, b, x, _ in by_channel},
        "by_owner": {s: {"baseline": b, "window": x} for s, b, x, _ in by_owner},
    }
    severity = "critical" if test.p_value < 0.001 else "warning"
    return [Finding(code, severity, "close_rate", params, evidence, None, test.p_value)]


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def diagnose_cac(company, *, as_of=None, alpha: float | None = None, channels: list[str] | None = None,
                 close_rate_falling: bool = False) -> list[Finding]:
    """CAC rising, overall and per paid channel, naming the channel."""
    from kpikit.kpis.engine import compute_kpis

    if alpha is None or channels is None:
        m, planned = _planned_tests(company, as_of)
        alpha = FAMILY_ALPHA / m if alpha is None else alpha
        channels = planned if channels is None else channels
    out = []
    overall = complete_series(compute_kpis(company, "cac", period="quarter"), company, as_of)
    targets: list[tuple[str | None, pd.DataFrame]] = [(None, overall)]
    if channels:
        by = compute_kpis(company, "cac", period="quarter", by="channel")
        for seg in channels:
            targets.append((seg, complete_series(by[by["segment"] == seg].assign(segment=None), company, as_of)))
    for seg, series in targets:
        w = _windows(series)
        if w is None:
            continue
        sb, nb = _sum(series, w.baseline, "numerator"), _sum(series, w.baseline, "denominator")
        sw, nw = _sum(series, w.window, "numerator"), _sum(series, w.window, "denominator")
        if nb < MIN_EVENTS or nb + nw < 2 * MIN_EVENTS or sb <= 0 or sw <= 0:
            continue
        test = rate_ratio_test(nb, sb, nw, sw)
        cac_b, cac_w = sb / nb, (sw / nw if nw else math.inf)
        ratio = cac_w / cac_b
        if not (ratio >= MIN_CAC_RATIO and test.p_value < alpha):
            continue
        window = [_quarter_label(p) for p in w.window]
        base = [_quarter_label(p) for p in w.baseline]
        where = {"de": f" im Kanal {seg}", "en": f" in channel {seg}"} if seg else {"de": "", "en": ""}
        conf = confidence(test.p_value)
        per_quarter = {_quarter_label(r["period"]): r["value"] for _, r in series.iterrows()}
        params = {"where": where, "window": _span(window), "base_window": _span(base),
                  "current": _format.value(cac_w, "currency", company.currency),
                  "baseline": _format.value(cac_b, "currency", company.currency),
                  "ratio": f"{ratio:.1f}", "confidence": _both(f"confidence_{conf}"), "p": _p(test.p_value)}
        evidence = {"segment": seg, "window": window, "baseline_window": base, "cac_window": cac_w,
                    "cac_baseline": cac_b, "ratio": ratio, "spend_window": sw, "spend_baseline": sb,
                    "new_customers_window": nw, "new_customers_baseline": nb,
                    "test": "customers per franc, conditional binomial (one-sided)", "p_value": test.p_value,
                    "alpha": alpha, "cac_by_quarter": per_quarter,
                    "coincides_with_close_rate_drop": bool(close_rate_falling and seg is None)}
        severity = "critical" if test.p_value < 0.001 else "warning"
        out.append(Finding("CAC_RISING", severity, "cac", params, evidence, seg, test.p_value))
    return out


def diagnose(company, *, as_of=None) -> list[Finding]:
    """Both diagnoses of the source text, sharing one family-wise error rate."""
    m, channels = _planned_tests(company, as_of)
    alpha = FAMILY_ALPHA / m
    close = diagnose_close_rate(company, as_of=as_of, alpha=alpha)
    return close + diagnose_cac(company, as_of=as_of, alpha=alpha, channels=channels,
                                close_rate_falling=bool(close))


def run_checks(company, *, as_of=None) -> list[Finding]:
    """Every check and diagnosis at once; findings sorted by severity (critical first).

    The result is remembered in ``company.checked`` (per ``as_of``), so notebooks that show findings in
    several views compute them once.
    """
    key = str(as_of)
    if key not in company.checked:
        company.checked[key] = _run_checks(company, as_of=as_of)
    return list(company.checked[key])


def _run_checks(company, *, as_of=None) -> list[Finding]:
    findings: list[Finding] = []
    for check in (check_selection, check_goals, check_window, check_noise, check_computable, check_channels,
                  diagnose):
        kwargs = {} if check in (check_selection, check_computable, check_channels) else {"as_of": as_of}
        findings.extend(check(company, **kwargs))
    order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    return sorted(findings, key=lambda f: order[f.severity])


def findings_frame(findings: list[Finding], lang: str = "de") -> pd.DataFrame:
    """Findings as a table: code, severity, kpi, segment, confidence, message, recommendation."""
    check_lang(lang)
    rows = [f.as_dict(lang) for f in findings]
    cols = ["code", "severity", "kpi", "segment", "confidence", "p_value", "message", "recommendation", "evidence"]
    return pd.DataFrame(rows, columns=cols)
