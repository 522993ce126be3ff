"""Phase 4, training: each KPI in plain words with the company's own numbers, and a quiz on them."""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

import pandas as pd

from kpikit.checks.goals import complete_series
from kpikit.core import fmt
from kpikit.core.i18n import t
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.registry import KPIS
from kpikit.views.markup import md_text
from kpikit.views.phases.common import SOURCE_KPIS, L, last_quarters

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kpikit.company.model import Company


def explain_kpis(company: Company, kpis: Sequence[str] | None = None, *, lang: str = "de",
                 as_of=None) -> list[dict]:
    """Each selected KPI in plain words with the company's own numbers of the last complete quarter.

    Parameters
    ----------
    company : Company
        The company.
    kpis : sequence of str, optional
        KPI ids; default the company's ``kpis`` (or the first four of ``SOURCE_KPIS``).
    lang : {"de", "en"}
        Language of names, explanations and formulas.
    as_of : date-like, optional
        Cut-off date; later quarters are incomplete. Default: the end of the data.

    Returns
    -------
    list of dict
        Per KPI: ``kpi``, ``name``, ``explanation``, ``formula``, ``example`` (the last complete
        quarter as ``numerator / denominator = value``, or why there is no value) and ``direction``.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> company = Company.from_frames(deals=deals, period=half_year, kpis=["close_rate"])
    >>> explain_kpis(company, lang="en")[0]["example"]
    '2025-Q2: 1 / 2 = 50.0 %'
    """
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
            period = fmt.period_label(last["period"], "quarter")
            value = kpi.show(last["value"], company.currency)
            if kpi.denominator and not math.isnan(last["denominator"]):
                money = kpi.unit == "currency" and k not in ("ltv_cac_ratio",)
                num = (fmt.money(last["numerator"], company.currency) if money and k != "sales_cycle_days"
                       else fmt.number(last["numerator"]))
                den = fmt.number(last["denominator"])
                example = f"{period}: {num} / {den} = {value}"
            else:
                example = f"{period}: {value}"
        out.append({"kpi": k, "name": kpi.name(lang), "explanation": kpi.explain(lang),
                    "formula": kpi.formula_text(lang), "example": example, "direction": L(kpi.direction, lang)})
    return out


def explain_markdown(company: Company, kpis: Sequence[str] | None = None, *, lang: str = "de",
                     as_of=None) -> str:
    """``explain_kpis`` as Markdown: one section per KPI with explanation, formula and our numbers.

    Parameters
    ----------
    company : Company
        The company.
    kpis : sequence of str, optional
        KPI ids, as for ``explain_kpis``.
    lang : {"de", "en"}
        Language of the text.
    as_of : date-like, optional
        Cut-off date, as for ``explain_kpis``.

    Returns
    -------
    str
        Markdown, one ``###`` section per KPI.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> company = Company.from_frames(deals=deals, period=half_year, kpis=["close_rate"])
    >>> print(explain_markdown(company, lang="en").splitlines()[-1])
    *Our numbers:* 2025-Q2: 1 / 2 = 50.0 %
    """
    labels = {"formula_label": L("formula", lang), "better": L("better_when", lang), "ours": L("our_numbers", lang)}
    parts = []
    for item in explain_kpis(company, kpis, lang=lang, as_of=as_of):
        # every field is escaped (the example carries the data's currency and notes); the formula is
        # the catalogue's own text, in a code span
        fields = {**labels, **{k: item[k] for k in ("name", "explanation", "direction", "example")}}
        parts.append(md_text("### {name}\n\n{explanation}\n\n*{formula_label}:* ", **fields)
                     + f"`{item['formula'].replace('`', chr(39))}`"
                     + md_text(" · *{better}* {direction}\n\n*{ours}:* {example}", **fields))
    return "\n\n".join(parts)


def explain_table(company: Company, kpis: Sequence[str] | None = None, *, lang: str = "de",
                  as_of=None) -> pd.DataFrame:
    """``explain_kpis`` as a table for display.

    Parameters
    ----------
    company : Company
        The company.
    kpis : sequence of str, optional
        KPI ids, as for ``explain_kpis``.
    lang : {"de", "en"}
        Language of headers and text.
    as_of : date-like, optional
        Cut-off date, as for ``explain_kpis``.

    Returns
    -------
    pandas.DataFrame
        One row per KPI: name, explanation, formula, the example with our numbers.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> company = Company.from_frames(deals=deals, period=half_year, kpis=["close_rate"])
    >>> explain_table(company, lang="en").columns.tolist()
    ['KPI', 'Note', 'Formula', 'Value']
    """
    rows = explain_kpis(company, kpis, lang=lang, as_of=as_of)
    return pd.DataFrame([{L("kpi", lang): r["name"], L("note", lang): r["explanation"],
                          L("formula", lang): r["formula"], L("value", lang): r["example"]} for r in rows])


def quiz(company: Company, *, lang: str = "de", as_of=None) -> list[dict]:
    """Three questions on the company's own numbers, each with choices, the answer and why.

    The first asks for the close rate of the last four complete quarters, won / (won + lost) deals,
    with the trap won / all deals (open ones included) as the other choice.

    Parameters
    ----------
    company : Company
        The company; needs deals.
    lang : {"de", "en"}
        Language of the questions.
    as_of : date-like, optional
        Cut-off date of the last four quarters. Default: the end of the data.

    Returns
    -------
    list of dict
        Per question: ``question``, ``choices`` (sorted), ``answer``, ``why``; empty without deals or
        without a complete quarter.

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> first = quiz(Company.from_frames(deals=deals, period=half_year), lang="en")[0]
    >>> first["answer"], first["choices"]
    ('50.0 %', ['40.0 %', '50.0 %'])
    """
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
    right = fmt.value(won / closed, "ratio") if closed else "–"
    wrong = fmt.value(won / total, "ratio") if total else "–"
    if wrong == right:
        wrong = fmt.value(won / (closed * 1.25), "ratio")
    check = L("quiz_noise_check", lang)
    questions.append({
        "question": t("L_quiz_rate_question", lang, won=fmt.number(won), lost=fmt.number(closed - won),
                      total=fmt.number(total)),
        "choices": sorted([right, wrong]), "answer": right, "why": L("quiz_rate_why", lang)})
    questions.append({"question": t("L_quiz_cac_question", lang, before=fmt.money(2000, company.currency),
                                       after=fmt.money(1600, company.currency)),
                      "choices": [L("yes", lang), L("no", lang)],
                      "answer": L("yes", lang), "why": L("quiz_cac_why", lang)})
    questions.append({"question": L("quiz_noise_question", lang), "choices": [L("yes", lang), check],
                      "answer": check, "why": L("quiz_noise_why", lang)})
    return questions


def quiz_html(company: Company, *, lang: str = "de", as_of=None) -> str:
    """The quiz as HTML, each answer in a collapsed ``<details>`` block.

    Parameters
    ----------
    company : Company
        The company, as for ``quiz``.
    lang : {"de", "en"}
        Language of the questions.
    as_of : date-like, optional
        Cut-off date, as for ``quiz``.

    Returns
    -------
    str
        One paragraph and one ``<details>`` block per question (empty without questions).

    Examples
    --------
    >>> from kpikit import Company
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4"], "status": ["won", "lost", "won", "lost"],
    ...                       "closed_at": ["2025-02-03", "2025-02-17", "2025-05-12", "2025-06-02"],
    ...                       "amount": [1000.0, 800.0, 1500.0, 900.0], "customer_id": ["K1", "K2", "K3", "K4"]})
    >>> half_year = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))  # Q1 and Q2 complete
    >>> quiz_html(Company.from_frames(deals=deals, period=half_year), lang="en").count("<summary>Answer</summary>")
    3
    """
    label = L("answer", lang)
    parts = []
    for i, q in enumerate(quiz(company, lang=lang, as_of=as_of), 1):
        choices = " · ".join(html.escape(c) for c in q["choices"])
        parts.append(f"<p><b>{i}. {html.escape(q['question'])}</b><br>{choices}</p><details><summary>{label}"
                     f"</summary><p>{html.escape(q['answer'])} – {html.escape(q['why'])}</p></details>")
    return "\n".join(parts)


__all__ = ["explain_kpis", "explain_markdown", "explain_table", "quiz", "quiz_html"]
