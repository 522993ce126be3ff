"""``kpikit kpis``: the KPI table of a company, the catalogue, comparisons and why cells are undefined."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys

import pandas as pd

from kpikit.cli.common import EXIT_OK
from kpikit.company.load import load_company
from kpikit.core.errors import ConfigError
from kpikit.core.fmt import neutralise, parse_as_of, period_label
from kpikit.core.i18n import default_lang, t
from kpikit.core.text import near_miss
from kpikit.kpis.compare import add_comparisons
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.periods import complete_periods
from kpikit.kpis.registry import KPIS, catalogue


def run(args: argparse.Namespace) -> int:
    """``kpikit kpis DIR``: the KPI table per period and segment, as a table, CSV or JSON."""
    if args.list or not args.dir:
        lang = args.lang or default_lang()
        cat = catalogue(lang).reset_index()
        if args.format == "table":
            _print_catalogue(lang)
        else:
            _emit(cat, args.format, lang)
        return EXIT_OK
    for k in args.kpi or ():
        if k not in KPIS:
            raise ConfigError("UNKNOWN_KPI", kpi=k, where="--kpi", allowed=", ".join(KPIS),
                              suggestion=near_miss(k, list(KPIS)))
    as_of = parse_as_of(args.as_of)
    company = load_company(args.dir, lang=args.lang)
    lang = args.lang or company.language
    frame = compute_kpis(company, args.kpi, period=args.period, by=args.by, end=as_of, lang=lang)
    if as_of is not None and args.period != "all":
        # periods still running at the cut-off are left out, as in the notebooks and checks
        frame = complete_periods(frame, as_of, company=company).reset_index(drop=True)
    if args.compare:
        frame = add_comparisons(frame, company)
    if args.format == "table" and frame.empty and args.period != "all" and getattr(company, "undated", ()):
        print(f"{company.name} ({company.currency})")
        print(t("K_undated", lang, tables=", ".join(company.undated)))
        return EXIT_OK
    if args.format == "table":
        shown = frame.assign(shown=[KPIS[k].show(v, company.currency)
                                    for v, k in zip(frame["value"], frame["kpi"], strict=True)])
        shown["label"] = shown["name"] + shown["segment"].map(lambda s: "" if s is None else f" · {s}")
        table = shown.pivot_table(index="label", columns="period", values="shown", aggfunc="first", sort=False)
        # periods as people say them (2025-Q2, like the notes below), not the ISO date they start on
        table.columns = [period_label(p, args.period, lang) for p in table.columns]
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250):
            print(f"{company.name} ({company.currency})")
            print(table.rename_axis(index=None, columns=None).to_string())
        if args.compare:
            _print_comparison(shown, company.currency, lang)
        _print_undefined(shown, lang)
        return EXIT_OK
    _emit(frame.drop(columns=["period_start", "period_end"]), args.format, lang)
    return EXIT_OK


def _print_catalogue(lang: str) -> None:
    """The catalogue for a terminal: one block per KPI, not a 300-character-wide frame."""
    print(t("K_list_head", lang, n=len(KPIS)))
    for k in KPIS.values():
        print(f"\n{k.id:<24} {k.name(lang)}  [{k.unit_label(lang)}; {k.direction_label(lang)}]")
        print(f"{'':<24} = {k.formula_text(lang)}")


def _print_comparison(frame, currency: str, lang: str) -> None:
    """For each KPI (and segment): its last period against the previous one, last year and the target."""
    last = frame[frame["period"] == frame["period"].iloc[-1]]
    print("\n" + t("K_compare_head", lang, period=last["period"].iloc[0]))

    def verdict(better) -> str:
        # better is True, False, or missing (None, NaN or pd.NA when there is nothing to compare)
        return t("K_same", lang) if better is None or pd.isna(better) else t(
            "K_better" if bool(better) else "K_worse", lang)

    for _, r in last.iterrows():
        fmt = lambda v, k=r["kpi"]: KPIS[k].show(v, currency)  # noqa: E731
        parts = [f"{r['label']}: {r['shown']}"]
        if r["previous"] == r["previous"] and r["previous"] is not None:
            parts.append(t("K_previous", lang, value=fmt(r["previous"]), change=verdict(r["better"])))
        if r["last_year"] == r["last_year"] and r["last_year"] is not None:
            parts.append(t("K_last_year", lang, value=fmt(r["last_year"]), change=verdict(r["better_yoy"])))
        if r["target"] == r["target"] and r["target"] is not None:
            parts.append(t("K_target", lang, value=fmt(r["target"]),
                           met=t("K_met" if r["target_met"] is True else "K_not_met", lang)))
        print("  " + " · ".join(parts))


_PERIOD = re.compile(r" (?:in|im) (\d{4}-Q\d|\d{4}-\d{2}|\d{4}|KW \d{2}/\d{4}|W \d{2}/\d{4})")


def _print_undefined(frame, lang: str) -> None:
    """Why a cell shows «–», and what to know about the values shown: each reason once, with its periods."""
    for head, part in (("K_undefined_head", frame[frame["value"].isna() & frame["note"].notna()]),
                       ("K_notes_head", frame[frame["value"].notna() & frame["note"].notna()])):
        if part.empty:
            continue
        print("\n" + t(head, lang))
        reasons: dict[tuple[str, str], list[str]] = {}
        for label, note in zip(part["label"], part["note"], strict=True):
            periods = _PERIOD.findall(str(note))
            key = (str(label), _PERIOD.sub("", str(note)))
            seen = reasons.setdefault(key, [])
            seen.extend(p for p in periods if p not in seen)
        merged: dict[tuple[str, str], list[str]] = {}  # KPIs with the same reason and periods share a line
        for (label, note), periods in reasons.items():
            merged.setdefault((note, ", ".join(periods)), []).append(label)
        for (note, periods), labels in merged.items():
            when = f" ({periods})" if periods else ""
            print(f"  {', '.join(labels)}: {note}{when}")


def _emit(frame, fmt: str, lang: str) -> None:
    if fmt == "json":
        records = []
        for rec in frame.to_dict(orient="records"):
            records.append({k: _json_value(v) for k, v in rec.items()})
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif fmt == "csv":
        frame.map(neutralise).to_csv(sys.stdout, index=False)
    else:
        print(frame.to_string(index=False))


def _json_value(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    return v
