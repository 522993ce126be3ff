"""What the seven phase notebooks show: one function per view, each returning a tidy frame.

Notebooks only call these functions and explain the result; nothing is computed in a notebook.
Column headers and values follow ``lang``.
"""

from __future__ import annotations

import math

import pandas as pd

from kpikit.checks.checks import CAPTURE, NOT_OUTCOME, VANITY, Finding, check_selection, run_checks
from kpikit.checks.goals import complete_series, goal_status, missing_parts
from kpikit.core import fmt as _format
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.sources.schema import TABLES

# Findings and recommendations are sentences: show them whole in notebooks and the report (pandas
# would cut text cells at 50 characters).
pd.set_option("display.max_colwidth", None)

# The KPIs the source text names, offered as candidates in phases 1 and 2.
SOURCE_KPIS = ("new_customers", "revenue_per_customer", "close_rate", "conversion_rate", "cac", "reach")


def L(key: str, lang: str) -> str:
    """Label ``key`` in ``lang``."""
    return t(f"L_{key}", lang)


def _fmt(value: float, kpi: str, currency: str) -> str:
    return KPIS[kpi].show(value, currency)


def last_quarters(company, as_of=None, n: int = 4) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Start and end of the last ``n`` complete quarters up to ``as_of``."""
    frame = compute_kpis(company, "leads" if company.leads is not None else "new_customers", period="quarter")
    rows = complete_series(frame, company, as_of)
    if rows.empty:
        return None
    tail = rows.tail(n)
    return pd.Timestamp(tail["period_start"].iloc[0]), pd.Timestamp(tail["period_end"].iloc[-1])


# --- phase 1: goals -----------------------------------------------------------------------------------------
def snapshot(company, *, lang: str = "de") -> pd.DataFrame:
    """Which tables the company has: files, rows, rejected rows, date range, columns filled."""
    rows = []
    for name, table in TABLES.items():
        frame = company.tables.get(name)
        sources = [s for s in company.sources if s.table == name]
        if frame is None:
            rows.append({L("table", lang): name, L("files", lang): "–", L("rows", lang): 0,
                         L("rejected", lang): 0, L("from", lang): "–", L("to", lang): "–",
                         L("columns", lang): L("absent", lang)})
            continue
        dates = [c.name for c in table.columns if c.kind == "date" and c.name in frame]
        lo = min((frame[c].min() for c in dates if frame[c].notna().any()), default=None)
        hi = max((frame[c].max() for c in dates if frame[c].notna().any()), default=None)
        filled = [c for c in table.names if c in frame and frame[c].notna().any()]
        rows.append({
            L("table", lang): name, L("files", lang): ", ".join(s.file for s in sources),
            L("rows", lang): len(frame), L("rejected", lang): sum(s.rows_rejected for s in sources),
            L("from", lang): lo.strftime("%d.%m.%Y") if lo is not None else "–",
            L("to", lang): hi.strftime("%d.%m.%Y") if hi is not None else "–",
            L("columns", lang): f"{len(filled)}/{len(table.names)}",
        })
    if any(s.skipped for s in company.sources):
        # report totals and footers a preset recognised: not data, but shown so that no line vanishes unseen
        for row in rows:
            row[L("skipped", lang)] = sum(s.rows_skipped for s in company.sources if s.table == row[L("table", lang)])
    return pd.DataFrame(rows)


def baselines(company, kpis=None, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """Each candidate KPI over the last four complete quarters and in the last quarter."""
    kpis = list(kpis or dict.fromkeys([*SOURCE_KPIS, *company.kpis]))
    span = last_quarters(company, as_of)
    rows = []
    if span is None:
        return pd.DataFrame(columns=[L("kpi", lang), L("last_year", lang), L("last_quarter", lang),
                                     L("direction", lang), L("note", lang)])
    year = compute_kpis(company, kpis, period="all", start=span[0], end=span[1], lang=lang)
    quarters = compute_kpis(company, kpis, period="quarter", lang=lang)
    for k in kpis:
        y = year[year["kpi"] == k].iloc[0]
        q = complete_series(quarters[quarters["kpi"] == k], company, as_of)
        last = q.iloc[-1] if len(q) else None
        rows.append({
            L("kpi", lang): KPIS[k].name(lang),
            L("last_year", lang): _fmt(y["value"], k, company.currency),
            L("last_quarter", lang): _fmt(last["value"], k, company.currency) if last is not None else "–",
            L("direction", lang): L(KPIS[k].direction, lang),
            L("note", lang): y["note"] or "",
        })
    return pd.DataFrame(rows)


def goals_table(company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The goals of company.yaml with what they lack to be SMART, and where they stand."""
    rows = []
    for g in company.goals:
        status = goal_status(company, g, as_of=as_of)
        unit_kpi = g.kpi if g.kpi in KPIS else None

        def show(x, k=unit_kpi):
            return _fmt(x, k, company.currency) if k and x is not None and not (
                isinstance(x, float) and math.isnan(x)) else "–"

        rows.append({
            L("goal", lang): g.id, L("statement", lang): g.statement or "–",
            L("kpi", lang): KPIS[g.kpi].name(lang) if unit_kpi else "–",
            L("target", lang): show(g.target), L("per", lang): t(f"grain1_{g.per}", lang) if g.per else "–",
            L("deadline", lang): g.deadline.strftime("%d.%m.%Y") if g.deadline else "–",
            L("smart_missing", lang): ", ".join(missing_parts(g)) or "–",
            L("baseline", lang): show(status.baseline), L("actual", lang): show(status.actual),
            L("status", lang): t(f"status_{status.status}", lang),
        })
    if not rows:  # say so, rather than show an empty table
        return pd.DataFrame([{L("goal", lang): "–", L("statement", lang): L("no_goals", lang)}])
    return pd.DataFrame(rows)


def goal_findings(company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """What the goals of company.yaml lack to be SMART; with no goals at all, that they are missing."""
    if not company.goals:
        return pd.DataFrame([{L("finding", lang): L("no_goals", lang),
                              L("recommendation", lang): L("add_goals", lang)}])
    return findings_table([f for f in run_checks(company, as_of=as_of)
                           if f.code in ("GOAL_NOT_SMART", "GOAL_WITHOUT_KPI")], lang=lang)


# --- phase 2: choose KPIs -----------------------------------------------------------------------------------
def catalogue_fit(company, *, lang: str = "de") -> pd.DataFrame:
    """The catalogue with each KPI's fit to the goals and whether the data can produce it."""
    selected = set(company.kpis)
    goal_of: dict[str, list[str]] = {}
    for g in company.goals:
        if g.kpi:
            goal_of.setdefault(g.kpi, []).append(g.id)
    overall = compute_kpis(company, list(KPIS), period="all", lang=lang)
    vanity_only = bool(selected & VANITY) and selected <= NOT_OUTCOME
    rows = []
    for k, kpi in KPIS.items():
        r = overall[overall["kpi"] == k].iloc[0]
        if k in goal_of:
            fit = L("fit_goal", lang)
        elif k in selected and k in VANITY and vanity_only:
            fit = L("fit_vanity", lang)
        elif k in selected:
            fit = L("fit_no_goal", lang)
        else:
            fit = L("fit_candidate", lang) if k in SOURCE_KPIS else ""
        rows.append({
            L("kpi", lang): kpi.name(lang), "id": k, L("selected", lang): L("yes" if k in selected else "no", lang),
            L("goals", lang): ", ".join(goal_of.get(k, [])) or "–", L("fit", lang): fit,
            L("computable", lang): L("no" if isinstance(r["missing"], str) else "yes", lang),
            L("value", lang): _fmt(r["value"], k, company.currency),
        })
    return pd.DataFrame(rows)


def selection_findings(company, *, lang: str = "de") -> pd.DataFrame:
    """The 3–5 check, KPIs without goals and vanity metrics as a table."""
    return findings_table(check_selection(company), lang=lang)


def findings_table(findings: list[Finding], *, lang: str = "de") -> pd.DataFrame:
    """Findings with severity, message, recommendation and confidence, for display."""
    rows = [{L("severity", lang): t(f"severity_{f.severity}", lang), L("finding", lang): f.message(lang),
             L("recommendation", lang): f.recommendation(lang),
             L("confidence", lang): t(f"confidence_{f.confidence}", lang) if f.confidence else "–",
             L("code", lang): f.code} for f in findings]
    columns = [L("severity", lang), L("finding", lang), L("recommendation", lang), L("confidence", lang),
               L("code", lang)]
    if not rows:  # say so, rather than show an empty table
        rows = [{L("severity", lang): "–", L("finding", lang): L("no_findings", lang), L("recommendation", lang): "–",
                 L("confidence", lang): "–", L("code", lang): "–"}]
    return pd.DataFrame(rows, columns=columns)


# --- phase 3: data capture ----------------------------------------------------------------------------------
def completeness(company, *, lang: str = "de") -> pd.DataFrame:
    """Rows per month and table; an empty month is a gap in capture."""
    start, end = company.period
    if start is None:
        return pd.DataFrame()
    months = pd.period_range(start, end, freq="M")
    main_date = {"leads": "created_at", "deals": "created_at", "orders": "ordered_at", "campaigns": "date",
                 "costs": "date"}
    out = pd.DataFrame(index=[str(m) for m in months])
    for name, col in main_date.items():
        frame = company.tables.get(name)
        if frame is None:
            continue
        if col not in frame or frame[col].isna().all():
            col = "closed_at" if name == "deals" else col
        counts = frame[col].dropna().dt.to_period("M").astype(str).value_counts()
        out[name] = counts.reindex(out.index, fill_value=0).astype(int)
    out.index.name = L("month", lang)
    return out.reset_index()


def field_fill(company, *, lang: str = "de") -> pd.DataFrame:
    """Share of filled values per canonical field (an unmapped field shows as missing)."""
    rows = []
    for name, table in TABLES.items():
        frame = company.tables.get(name)
        if frame is None:
            continue
        for col in table.names:
            share = float(frame[col].notna().mean()) if col in frame and len(frame) else 0.0
            rows.append({L("table", lang): name, L("field", lang): col, L("filled", lang): f"{share:.0%}"})
    return pd.DataFrame(rows)


def rejected_summary(company, *, lang: str = "de") -> pd.DataFrame:
    """Rejected rows grouped by file and reason, with example rows."""
    rej = company.rejected
    cols = [L("file", lang), L("code", lang), L("count", lang), L("row", lang), L("message", lang), L("fix", lang)]
    if rej.empty:  # say so, rather than show an empty table
        return pd.DataFrame([{L("file", lang): "–", L("message", lang): L("no_rejected", lang)}])
    rows = []
    for (file, code), part in rej.groupby(["file", "code"], sort=True):
        rows.append({L("file", lang): file, L("code", lang): code, L("count", lang): len(part),
                     L("row", lang): ", ".join(str(r) for r in part["row"].head(5)),
                     L("message", lang): part["message"].iloc[0], L("fix", lang): part["fix"].iloc[0]})
    return pd.DataFrame(rows, columns=cols)


def computability(company, *, lang: str = "de") -> pd.DataFrame:
    """Every KPI: computable from the data at hand, and if not, what to capture in CRM or ad tools."""
    overall = compute_kpis(company, list(KPIS), period="all", lang=lang)
    rows = []
    for _, r in overall.iterrows():
        missing = r["missing"] if isinstance(r["missing"], str) else None
        capture = ""
        if missing:
            key = missing if missing in CAPTURE else missing.split(".")[0]
            capture = CAPTURE.get(key, (missing, missing))[0 if lang == "de" else 1]
        rows.append({L("kpi", lang): r["name"], "id": r["kpi"],
                     L("computable", lang): L("no" if missing else "yes", lang),
                     L("note", lang): r["note"] if missing else "", L("capture", lang): capture})
    return pd.DataFrame(rows)


# --- phase 4: training --------------------------------------------------------------------------------------
def explain_kpis(company, kpis=None, *, lang: str = "de", as_of=None) -> list[dict]:
    """Each selected KPI in plain words with the company's own numbers of the last complete quarter."""
    kpis = list(kpis or company.kpis or SOURCE_KPIS[:4])
    quarters = compute_kpis(company, kpis, period="quarter", lang=lang)
    out = []
    for k in kpis:
        q = complete_series(quarters[quarters["kpi"] == k], company, as_of)
        kpi = KPIS[k]
        last = q.iloc[-1] if len(q) else None
        if last is None or math.isnan(last["value"]):
            example = last["note"] if last is not None and last["note"] else "–"
        else:
            period = _format.period_label(last["period"], "quarter")
            value = _fmt(last["value"], k, company.currency)
            if kpi.denominator and not math.isnan(last["denominator"]):
                money = kpi.unit == "currency" and k not in ("ltv_cac_ratio",)
                num = (_format.money(last["numerator"], company.currency) if money and k != "sales_cycle_days"
                       else _format.number(last["numerator"]))
                den = _format.number(last["denominator"])
                example = f"{period}: {num} / {den} = {value}"
            else:
                example = f"{period}: {value}"
        out.append({"kpi": k, "name": kpi.name(lang), "explanation": kpi.explain(lang),
                    "formula": kpi.formula_text(lang), "example": example, "direction": L(kpi.direction, lang)})
    return out


def explain_markdown(company, kpis=None, *, lang: str = "de", as_of=None) -> str:
    """``explain_kpis`` as Markdown: one section per KPI with explanation, formula and our numbers."""
    words = {"de": ("Formel", "besser, wenn", "Unsere Zahlen"), "en": ("Formula", "better when", "Our numbers")}[lang]
    parts = []
    for item in explain_kpis(company, kpis, lang=lang, as_of=as_of):
        parts.append(f"### {item['name']}\n\n{item['explanation']}\n\n*{words[0]}:* `{item['formula']}` · "
                     f"*{words[1]}* {item['direction']}\n\n*{words[2]}:* {item['example']}")
    return "\n\n".join(parts)


def quiz_html(company, *, lang: str = "de", as_of=None) -> str:
    """The quiz as HTML, each answer in a collapsed ``<details>`` block."""
    import html

    label = "Auflösung" if lang == "de" else "Answer"
    parts = []
    for i, q in enumerate(quiz(company, lang=lang, as_of=as_of), 1):
        choices = " · ".join(html.escape(c) for c in q["choices"])
        parts.append(f"<p><b>{i}. {html.escape(q['question'])}</b><br>{choices}</p><details><summary>{label}"
                     f"</summary><p>{html.escape(q['answer'])} – {html.escape(q['why'])}</p></details>")
    return "\n".join(parts)


def explain_table(company, kpis=None, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """``explain_kpis`` as a table for display."""
    rows = explain_kpis(company, kpis, lang=lang, as_of=as_of)
    return pd.DataFrame([{L("kpi", lang): r["name"], L("note", lang): r["explanation"], "Formel" if lang == "de"
                          else "Formula": r["formula"], L("value", lang): r["example"]} for r in rows])


def what_if_basis(company, *, as_of=None) -> dict | None:
    """The figures the what-if rests on: closed and won deals, deal size, new customers and revenue.

    Taken over the last four complete quarters; None when there are no closed deals. Computed once,
    so that ``what_if_table`` can be redrawn cheaply for every slider value.
    """
    span = last_quarters(company, as_of)
    if span is None or company.deals is None:
        return None
    frame = compute_kpis(company, ["close_rate", "avg_deal_size", "new_customers", "revenue"], period="all",
                         start=span[0], end=span[1])
    get = frame.set_index("kpi")
    closed = float(get.loc["close_rate", "denominator"])
    won = float(get.loc["close_rate", "numerator"])
    if not closed or math.isnan(closed):
        return None
    size = float(get.loc["avg_deal_size", "value"])
    new_customers = float(get.loc["new_customers", "value"])
    return {"start": span[0], "end": span[1], "closed": closed, "won": won,
            "avg_deal_size": 0.0 if math.isnan(size) else size, "new_customers": new_customers,
            "new_share": min(1.0, new_customers / won) if won else 0.0,
            "revenue": float(get.loc["revenue", "value"]), "currency": company.currency}


def _signed(text: str, x: float) -> str:
    return text if x < 0 or text.startswith("-") else f"+{text}"


def what_if_table(basis: dict | None, *, close_rate_points: float = 5.0, lang: str = "de") -> pd.DataFrame:
    """The what-if table for ``close_rate_points`` on a ``what_if_basis``.

    Extra won deals = closed deals × the extra points; extra revenue = extra won deals × average deal
    size; extra new customers = extra won deals × the share of won deals that were new customers.
    The close rate stays within 0 and 100 %.
    """
    cols = [L("kpi", lang), L("today", lang), L("what_if", lang), L("change", lang)]
    if basis is None:
        return pd.DataFrame(columns=cols)
    closed, won, cur = basis["closed"], basis["won"], basis["currency"]
    rate = won / closed
    new_rate = min(1.0, max(0.0, rate + close_rate_points / 100))
    extra_won = (new_rate - rate) * closed
    extra_revenue = extra_won * basis["avg_deal_size"]
    extra_customers = extra_won * basis["new_share"]
    points = (new_rate - rate) * 100
    unit = "Pkt." if lang == "de" else "pts"
    return pd.DataFrame([
        {L("kpi", lang): KPIS["close_rate"].name(lang), L("today", lang): _format.value(rate, "ratio"),
         L("what_if", lang): _format.value(new_rate, "ratio"),
         L("change", lang): f"{_signed(_format.number(points, 1), points)} {unit}"},
        {L("kpi", lang): L("stage_won", lang), L("today", lang): _format.number(won),
         L("what_if", lang): _format.number(won + extra_won),
         L("change", lang): _signed(_format.number(extra_won), extra_won)},
        {L("kpi", lang): KPIS["new_customers"].name(lang), L("today", lang): _format.number(basis["new_customers"]),
         L("what_if", lang): _format.number(basis["new_customers"] + extra_customers),
         L("change", lang): _signed(_format.number(extra_customers), extra_customers)},
        {L("kpi", lang): KPIS["revenue"].name(lang), L("today", lang): _format.money(basis["revenue"], cur),
         L("what_if", lang): _format.money(basis["revenue"] + extra_revenue, cur),
         L("change", lang): _signed(_format.money(extra_revenue, cur), extra_revenue)},
    ], columns=cols)


def what_if(company, *, close_rate_points: float = 5.0, lang: str = "de", as_of=None) -> pd.DataFrame:
    """What a close rate higher by ``close_rate_points`` would have meant over the last four quarters.

    ``what_if_table`` on ``what_if_basis``: extra won deals = closed deals × the extra points; extra
    revenue = extra won deals × average deal size; extra new customers = extra won deals × the share
    of won deals that were new customers.
    """
    return what_if_table(what_if_basis(company, as_of=as_of), close_rate_points=close_rate_points, lang=lang)


def quiz(company, *, lang: str = "de", as_of=None) -> list[dict]:
    """Three questions on the company's own numbers, each with choices, the answer and why."""
    span = last_quarters(company, as_of)
    questions: list[dict] = []
    if span is None or company.deals is None:
        return questions
    frame = compute_kpis(company, ["close_rate"], period="all", start=span[0], end=span[1]).set_index("kpi")
    won, closed = frame.loc["close_rate", "numerator"], frame.loc["close_rate", "denominator"]
    deals = company.deals
    # "all deals" of the trap: the closed ones plus those still open (created in the span, when known)
    is_open = deals["status"] == "open"
    if "created_at" in deals and deals["created_at"].notna().any():
        is_open &= deals["created_at"].between(span[0], span[1] + pd.Timedelta(days=1))
    total = int(closed) + int(is_open.sum())
    right = _format.value(won / closed, "ratio") if closed else "–"
    wrong = _format.value(won / total, "ratio") if total else "–"
    if wrong == right:
        wrong = _format.value(won / (closed * 1.25), "ratio")
    if lang == "de":
        questions.append({
            "question": f"In den letzten vier Quartalen wurden {_format.number(won)} Deals gewonnen, "
                        f"{_format.number(closed - won)} verloren; {_format.number(total)} Deals wurden erstellt. "
                        "Wie hoch ist die Abschlussrate?",
            "choices": sorted([right, wrong]), "answer": right,
            "why": "Gewonnene / (gewonnene + verlorene) Deals; offene Deals zählen nicht. Gewonnene / alle Deals "
                   "ist eine andere Zahl."})
        questions.append({
            "question": "Die CAC sinkt von CHF 2'000 auf CHF 1'600. Ist das gut?",
            "choices": ["ja", "nein"], "answer": "ja",
            "why": "Tiefere Akquisitionskosten pro Neukunde sind besser – die Richtung zählt."})
        questions.append({
            "question": "Die Abschlussrate ist diesen Monat um 3 Punkte gestiegen. Soll das Team sofort gelobt "
                        "werden?",
            "choices": ["ja", "erst prüfen, ob die Änderung über dem Rauschen liegt"],
            "answer": "erst prüfen, ob die Änderung über dem Rauschen liegt",
            "why": "Bei wenigen Deals pro Monat liegen solche Änderungen oft im Zufall (Ungeduld ist ein "
                   "typischer Fehler)."})
    else:
        questions.append({
            "question": f"Over the last four quarters {_format.number(won)} deals were won and "
                        f"{_format.number(closed - won)} lost; {_format.number(total)} deals were created. "
                        "What is the close rate?",
            "choices": sorted([right, wrong]), "answer": right,
            "why": "Won / (won + lost) deals; open deals do not count. Won / all deals is a different figure."})
        questions.append({
            "question": "CAC falls from CHF 2'000 to CHF 1'600. Is that good?", "choices": ["yes", "no"],
            "answer": "yes", "why": "Lower acquisition cost per new customer is better – direction matters."})
        questions.append({
            "question": "The close rate rose by 3 points this month. Praise the team right away?",
            "choices": ["yes", "first check whether the change is above the noise"],
            "answer": "first check whether the change is above the noise",
            "why": "With few deals a month such changes are often chance (impatience is a typical mistake)."})
    return questions


# --- phase 5: analysis --------------------------------------------------------------------------------------
def funnel(company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The cohort of leads created in the last four complete quarters: with a deal, with a won deal."""
    span = last_quarters(company, as_of)
    cols = [L("stage", lang), L("count", lang), L("share", lang)]
    leads, deals = company.leads, company.deals
    if span is None or leads is None:
        return pd.DataFrame(columns=cols)
    cohort = leads[leads["created_at"].between(span[0], span[1] + pd.Timedelta(days=1))]
    stages = [(L("stage_leads", lang), len(cohort))]
    if deals is not None and "lead_id" in deals and deals["lead_id"].notna().any():
        linked = deals[deals["lead_id"].isin(cohort["lead_id"])]
        stages.append((L("stage_deals", lang), int(linked["lead_id"].nunique())))
        stages.append((L("stage_won", lang), int(linked.loc[linked["status"] == "won", "lead_id"].nunique())))
    top = stages[0][1]
    return pd.DataFrame([{L("stage", lang): s, L("count", lang): n,
                          L("share", lang): f"{n / top:.1%}" if top else "–"} for s, n in stages], columns=cols)


def funnel_note(company, *, lang: str = "de") -> str:
    """Why the funnel stops at the leads, when it does; else an empty string."""
    if company.leads is None:
        return t("funnel_no_leads", lang)
    deals = company.deals
    if deals is None or "lead_id" not in deals or not deals["lead_id"].notna().any():
        return t("funnel_no_link", lang)
    return ""


def channel_comparison(company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """Leads, close rate, new customers, spend and CAC per channel over the last four complete quarters."""
    span = last_quarters(company, as_of)
    kpis = ["leads", "close_rate", "new_customers", "marketing_spend", "cac", "cost_per_lead"]
    if span is None:
        return pd.DataFrame()
    frame = compute_kpis(company, kpis, period="all", by="channel", start=span[0], end=span[1], lang=lang)
    frame = frame[frame["segment"].notna() & (frame["segment"] != "–")]
    table = frame.pivot_table(index="segment", columns="kpi", values="value", aggfunc="first", dropna=False)
    table = table.reindex(columns=[k for k in kpis if k in table.columns])
    shown = pd.DataFrame(index=table.index)
    for k in table.columns:
        shown[KPIS[k].name(lang)] = [_fmt(v, k, company.currency) for v in table[k]]
    shown.index.name = L("channel", lang)
    shown = shown.reset_index()
    active = pd.Series(False, index=table.index)
    if "leads" in table:
        active |= table["leads"].fillna(0) > 0
    if "marketing_spend" in table:
        active |= table["marketing_spend"].notna()
    return shown[active.to_numpy()].reset_index(drop=True)


# --- phase 6 and 7: review and adjust -----------------------------------------------------------------------
def diagnoses(company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """All findings of the checks and diagnoses, most severe first."""
    return findings_table(run_checks(company, as_of=as_of), lang=lang)


def proposed_kpis(company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """A proposed KPI set of 3–5: keep KPIs with goals, drop the rest, add what the diagnoses point at."""
    findings = run_checks(company, as_of=as_of)
    goal_kpis = [g.kpi for g in company.goals if g.kpi in KPIS]
    keep = list(dict.fromkeys(k for k in company.kpis if k in goal_kpis))
    rows = []
    add = []
    for f in findings:
        if f.code.startswith("CLOSE_RATE_FALLING") and "close_rate" not in keep:
            add.append(("close_rate", f.message(lang)))
        if f.code.startswith("CLOSE_RATE_FALLING") and company.leads is not None:
            add.append(("lead_to_customer_rate", f.message(lang)))
        if f.code == "CAC_RISING" and "cac" not in keep:
            add.append(("cac", f.message(lang)))
    # Too few KPIs with a goal: keep selected ones without a goal up to three, and ask for their goal.
    no_goal = [k for k in company.kpis if k not in keep]
    keep_for_goal = no_goal[: max(0, 3 - len(keep))]
    for k in dict.fromkeys([*company.kpis, *goal_kpis]):
        if k in keep:
            rows.append((k, L("keep", lang), L("fit_goal", lang)))
        elif k in keep_for_goal:
            rows.append((k, L("keep", lang), L("fit_set_goal", lang)))
        else:
            rows.append((k, L("drop", lang), L("fit_no_goal", lang)))
    for k, why in add:
        if len([r for r in rows if r[1] in (L("keep", lang), L("add", lang))]) >= 5:
            break
        if k not in [r[0] for r in rows if r[1] != L("drop", lang)]:
            rows = [r for r in rows if r[0] != k]
            rows.append((k, L("add", lang), why))
    return pd.DataFrame([{L("kpi", lang): KPIS[k].name(lang), "id": k, L("decision", lang): d,
                          L("reason", lang): why} for k, d, why in rows])


def proposed_goals(company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """Goals re-set where they are off track: the midpoint between projection and target, same deadline + 1 quarter."""
    rows = []
    for g in company.goals:
        if missing_parts(g) or g.kpi not in KPIS:
            continue
        s = goal_status(company, g, as_of=as_of)
        proposal, deadline = g.target, g.deadline
        if s.status == "off_track" and not math.isnan(s.projected):
            proposal = (s.projected + g.target) / 2
            if KPIS[g.kpi].unit == "ratio":
                proposal = min(max(proposal, 0.0), 1.0)
            deadline = (pd.Timestamp(g.deadline) + pd.DateOffset(months=3)).date()
        rows.append({L("goal", lang): g.id, L("kpi", lang): KPIS[g.kpi].name(lang),
                     L("status", lang): t(f"status_{s.status}", lang),
                     L("target", lang): _fmt(g.target, g.kpi, company.currency),
                     L("projected", lang): _fmt(s.projected, g.kpi, company.currency),
                     L("proposal", lang): _fmt(proposal, g.kpi, company.currency),
                     L("deadline", lang): deadline.strftime("%d.%m.%Y")})
    return pd.DataFrame(rows)


def next_30_days(company, *, lang: str = "de", as_of=None) -> pd.DataFrame:
    """The next 30 days: one action per phase, filled with what the findings ask for."""
    findings = run_checks(company, as_of=as_of)
    codes = {f.code for f in findings}
    channel = next((f.segment for f in findings if f.code == "CAC_RISING" and f.segment), None)
    de = lang == "de"
    mgmt = "Geschäftsleitung" if de else "Management"
    ops = "Marketing/Vertrieb (Daten)" if de else "Marketing/Sales Ops"
    plan = [
        ("1–3", "Ziele mit den Anpassungen verabschieden" if de else "Adopt the adjusted goals", mgmt),
        ("4–7", "KPI-Set auf 3–5 KPIs mit Ziel festlegen" if de else "Fix the KPI set at 3–5 KPIs with goals",
         mgmt),
        ("8–12", ("Fehlende Felder im CRM und in den Werbekonten erfassen" if de else
                  "Capture the missing fields in CRM and ad accounts") if "KPI_NOT_COMPUTABLE" in codes or
         not company.rejected.empty else ("Datenqualität monatlich prüfen (kpikit validate)" if de else
                                          "Check data quality monthly (kpikit validate)"), ops),
        ("13–16", ("Verkaufsteam zu Qualifizierung und Abschluss schulen" if de else
                   "Train the sales team on qualification and closing") if any(c.startswith("CLOSE_RATE")
                                                                               for c in codes)
         else ("KPI-Schulung für alle Mitarbeitenden" if de else "KPI training for all staff"),
         "Vertrieb" if de else "Sales"),
        ("17–23", (f"{channel}: Zielgruppe, Gebote und Anzeigen optimieren, Budget umschichten" if de else
                   f"{channel}: optimise audience, bids and ads, shift budget") if channel else
         ("Analyse je Kanal und Monat fortführen" if de else "Continue the analysis by channel and month"),
         "Marketing"),
        ("24–27", "Ergebnisse gegen die Ziele prüfen (kpikit check)" if de else
         "Review results against the goals (kpikit check)", mgmt),
        ("28–30", "Strategie und KPIs anpassen, nächsten Zyklus planen" if de else
         "Adjust strategy and KPIs, plan the next cycle", mgmt),
    ]
    return pd.DataFrame([{L("days", lang): d, L("action", lang): a, L("who", lang): w} for d, a, w in plan])


__all__ = [
    "SOURCE_KPIS",
    "baselines",
    "catalogue_fit",
    "channel_comparison",
    "completeness",
    "computability",
    "diagnoses",
    "explain_kpis",
    "explain_markdown",
    "explain_table",
    "field_fill",
    "findings_table",
    "funnel",
    "funnel_note",
    "goal_findings",
    "goals_table",
    "next_30_days",
    "proposed_goals",
    "proposed_kpis",
    "quiz",
    "quiz_html",
    "rejected_summary",
    "selection_findings",
    "snapshot",
    "what_if",
    "what_if_basis",
    "what_if_table",
]
