"""``kpikit new --from``: the proposals of ``kpikit.company.proposal`` written as a commented company.yaml."""

from __future__ import annotations

import datetime as dt
import json

from kpikit.company.proposal import Proposal
from kpikit.core.i18n import t
from kpikit.kpis.registry import KPIS
from kpikit.sources.presets import PRESETS
from kpikit.sources.schema import NO_DATES, ROW_IDS, TABLES

# KPIs proposed for the tables found, in order of preference (3 to 5 are taken).
KPI_PREFERENCE = ("new_customers", "close_rate", "cac", "cost_per_lead", "conversion_rate", "lead_to_customer_rate",
                  "revenue", "avg_deal_size", "cost_per_click", "marketing_spend", "leads", "repeat_purchase_rate",
                  "visit_conversion_rate", "sessions")


def yaml_str(text: str) -> str:
    """``text`` as a double-quoted YAML string (backslashes and quotes escaped)."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_key(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def propose_kpis(tables: set[str]) -> list[str]:
    """Three to five KPIs the tables at hand can compute, in order of preference.

    >>> propose_kpis({"deals", "campaigns"})
    ['new_customers', 'close_rate', 'cac', 'cost_per_lead', 'conversion_rate']
    >>> propose_kpis({"traffic"})
    ['visit_conversion_rate', 'sessions']
    """
    chosen = []
    for k in KPI_PREFERENCE:
        if all(any(t in tables for t in need.split("|")) for need in KPIS[k].tables):
            chosen.append(k)
    return chosen[:5]


def render_yaml(proposals: list[Proposal], *, name: str, currency: str, lang: str = "de") -> str:
    """The commented company.yaml for ``proposals``.

    Parameters
    ----------
    proposals : list of Proposal
        One per export file, with ``target`` (the path company.yaml names it by) set.
    name, currency : str
        The company's name and currency.
    lang : {"de", "en"}
        Language of the comments.

    Returns
    -------
    str
        The text of company.yaml: it loads as it is, every guess marked for review.
    """
    today = dt.date.today().isoformat()
    out = [f"# {t('NEW_Y_TITLE', lang, date=today)}", f"# {t('NEW_Y_REVIEW', lang)}", "",
           f"name: {yaml_str(name)}", f"currency: {currency}", f"language: {lang}", "", "sources:"]
    tables = [tb for tb in TABLES if any(p.table == tb for p in proposals)]
    for table in tables:
        mine = [p for p in proposals if p.table == table]
        off = all(p.missing for p in mine)  # nothing loadable: the table itself is commented out
        out.append(f"  {'# ' if off else ''}{table}:")
        for p in mine:
            lines = _source_lines(p, lang)
            if len(mine) == 1:
                out += ["    " + ln for ln in lines]
                continue
            first = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))  # comments, then "file:"
            out += ["    " + ln for ln in lines[:first]]
            out.append("    - " + lines[first])
            out += ["      " + ln for ln in lines[first + 1:]]
    kpis = propose_kpis({p.table for p in proposals if p.table and not p.missing})
    out += ["", f"# {t('NEW_Y_GOALS', lang)}", "# goals:", "#   - id: neukunden",
            '#     statement: "Bis 31.12.2026 mindestens 40 Neukunden pro Quartal gewinnen"',
            "#     kpi: new_customers", "#     target: 40", "#     per: quarter", "#     deadline: 2026-12-31", "",
            f"# {t('NEW_Y_KPIS', lang)}", f"kpis: [{', '.join(kpis)}]", ""]
    if not any(t("NEW_Y_MARK", lang) in line for line in out[2:]):  # nothing guessed: nothing to review
        del out[1]
    return "\n".join(out)


def _source_lines(p: Proposal, lang: str) -> list[str]:
    lines = []
    if p.preset:
        preset = PRESETS[p.preset]
        lines.append("# " + t("NEW_Y_PRESET", lang, file=p.path.name, label=preset["label"], preset=p.preset,
                              found=len(p.matched), total=len(preset["columns"])))
        shown = [f"{src} → {canonical}" for canonical, src in p.matched.items()]
        lines += ["#   " + part for part in _wrap(shown, 100)]
        lines += [f"file: {yaml_str(p.target)}", f"preset: {p.preset}"]
        if p.sheet:
            lines.append(f"read: {{sheet: {yaml_str(p.sheet)}}}")
        return lines
    lines.append("# " + t("NEW_Y_GUESSED", lang, file=p.path.name))
    if p.missing:
        lines.append("# " + t("NEW_Y_DISABLED", lang, columns=", ".join(p.missing)))
    body = [f"file: {yaml_str(p.target)}"]
    if p.sheet:
        body.append(f"read: {{sheet: {yaml_str(p.sheet)}}}")
    body += _guessed_lines(p, lang)
    # A source that lacks a required column cannot load: written commented out, so the rest of the file loads.
    return lines + (["# " + ln for ln in body] if p.missing else body)


def _wrap(parts: list[str], width: int) -> list[str]:
    out, line = [], ""
    for part in parts:
        if line and len(line) + len(part) + 2 > width:
            out.append(line + ",")
            line = part
        else:
            line = f"{line}, {part}" if line else part
    return [*out, line] if line else out


def _guessed_lines(p: Proposal, lang: str) -> list[str]:
    lines = []
    mark = t("NEW_Y_MARK", lang)
    if p.columns or p.missing:
        lines.append("columns:")
        width = max(len(f"{c}: {yaml_str(s)}") for c, s in p.columns.items()) if p.columns else 0
        for canonical, src in p.columns.items():
            entry = f"{canonical}: {yaml_str(src)}"
            why = {ROW_IDS: t("NEW_Y_ROW_IDS", lang), NO_DATES: t("NEW_Y_NO_DATES", lang)}.get(
                src, t("NEW_Y_GUESS_FROM", lang, column=src))
            lines.append(f"  {entry.ljust(width)}  # {mark}: {why}")
        for canonical in p.missing:
            lines.append(f"  # {canonical}: ???  # {mark}: {t('NEW_Y_NOT_FOUND', lang, column=canonical)}")
    if p.values:
        lines.append("values:")
        for column, mapping in p.values.items():
            lines.append(f"  {column}:")
            for value, (canonical, review) in mapping.items():
                note = f"  # {mark}: {t('NEW_Y_UNKNOWN_VALUE', lang, value=value, canonical=canonical)}" \
                    if review else ""
                lines.append(f"    {_yaml_key(value)}: {canonical}{note}")
    if p.constants:
        lines.append("constants:")
        for column, value in p.constants.items():
            key = "NEW_Y_NO_SPEND" if column == "spend" else "NEW_Y_CONSTANT"
            shown = value if column == "spend" else yaml_str(value)
            lines.append(f"  {column}: {shown}  # {mark}: {t(key, lang, column=column)}")
    return lines
