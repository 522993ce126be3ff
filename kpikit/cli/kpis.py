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
from kpikit.core import fmt
from kpikit.core.errors import ConfigError
from kpikit.core.fmt import neutralise, parse_as_of, period_label
from kpikit.core.i18n import default_lang, t
from kpikit.core.text import near_miss
from kpikit.kpis.compare import add_comparisons
from kpikit.kpis.engine import compute_kpis
from kpikit.kpis.grid import NO_SEGMENT
from kpikit.kpis.periods import complete_periods, kpi_coverage
from kpikit.kpis.registry import KPIS, catalogue


def run(args: argparse.Namespace) -> int:
    """``kpikit kpis DIR``: the KPI table per period and segment, as a table, CSV or JSON.

    Periods still running at the cut-off (``--as-of``, else the end of the data) are left out; a KPI's
    periods beyond the end of its own tables (``complete_periods``) show «–» with the reason (CSV and JSON
    leave their rows out). ``--include-incomplete`` keeps both, marked with ``*`` (``complete`` is false
    in CSV and JSON). ``--compare`` never compares a part of a period.
    """
    lang = getattr(args, "lang", None)
    if args.list or not args.dir:
        lang = lang or default_lang()
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
    company = load_company(args.dir, lang=lang)
    lang = lang or company.language
    frame = compute_kpis(company, args.kpi, period=args.period, by=args.by, end=as_of, lang=lang)
    if args.by:
        frame = without_empty_rest(frame)
    end = pd.Timestamp(as_of) if as_of is not None else company.period[1]
    frame = _mark_complete(frame, args.period, end, company)
    include = getattr(args, "include_incomplete", False)
    left_out = list(dict.fromkeys(frame.loc[frame["running"], "period"])) if not include else []
    if not include:  # running periods go; a KPI whose tables end early shows «–» there (the table), or no row
        frame = frame[~frame["running"]] if args.format == "table" else frame[frame["complete"]]
        frame = _blank_cut(frame.reset_index(drop=True), company, args.period, lang)
    if args.compare:
        frame = _compare(frame, company)
    if args.format == "table" and frame.empty and args.period != "all" and getattr(company, "undated", ()):
        print(f"{company.name} ({company.currency})")
        print(t("K_undated", lang, tables=", ".join(company.undated)))
        return EXIT_OK
    if args.format == "table":
        _print_table(frame, company, args.period, end, lang, compare=args.compare, left_out=left_out)
        return EXIT_OK
    _emit(frame.drop(columns=["period_start", "period_end", "running"]), args.format, lang)
    return EXIT_OK


def without_empty_rest(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the «–» segment when no row fell into it.

    The engine always adds a segment «–» for the rows without a value in the split dimension
    (``kpikit.kpis.grid.NO_SEGMENT``); when every row has one, it holds nothing but zeros and «–».

    >>> frame = pd.DataFrame({"segment": ["Web", "–"], "value": [3.0, 0.0], "numerator": [3.0, 0.0],
    ...                       "denominator": [float("nan")] * 2, "n": [3.0, 0.0]})
    >>> without_empty_rest(frame)["segment"].tolist()
    ['Web']
    """
    rest = frame["segment"].eq(NO_SEGMENT)
    if not rest.any():
        return frame
    part = frame.loc[rest]
    cols = [c for c in ("value", "numerator", "denominator", "n") if c in part]
    held = part[cols].fillna(0).ne(0).any(axis=1)
    return frame if held.any() else frame.loc[~rest].reset_index(drop=True)


def _mark_complete(frame: pd.DataFrame, grain: str, end, company) -> pd.DataFrame:
    """``frame`` with ``complete`` (the period ended by ``end`` and the KPI's tables cover it) and ``running``."""
    if grain == "all" or frame.empty:
        return frame.assign(complete=True, running=False)
    complete = complete_periods(frame, end, company=company).index
    ends = pd.to_datetime(frame["period_end"])
    running = ends > end if end is not None else pd.Series(False, index=frame.index)
    return frame.assign(complete=frame.index.isin(complete), running=running.to_numpy(dtype=bool))


def _comparable(frame: pd.DataFrame) -> pd.Series:
    """Rows fit to compare: not in a running period, and complete or undefined (never a part of a period)."""
    return ~frame["running"] & (frame["complete"] | frame["value"].isna())


def _blank_cut(frame: pd.DataFrame, company, grain: str, lang: str) -> pd.DataFrame:
    """Values of periods a KPI's own tables do not cover to the end become «–», with the reason in ``note``."""
    cut = ~frame["complete"]
    if not cut.any():
        return frame
    frame = frame.copy()
    for i in frame.index[cut]:
        if pd.notna(frame.at[i, "value"]) or frame.at[i, "note"] is None:
            until = kpi_coverage(company, frame.at[i, "kpi"])[1]
            frame.at[i, "note"] = t("K_cut", lang, date=fmt.date(until)) + " " + t(
                "KPI_IN_PERIOD", lang, period=period_label(frame.at[i, "period"], grain, lang))
    frame.loc[cut, "value"] = float("nan")
    return frame


def _compare(frame: pd.DataFrame, company) -> pd.DataFrame:
    """Comparisons among the comparable rows; the others (with --include-incomplete) get none."""
    frame = frame.assign(order=range(len(frame)))
    ok = _comparable(frame)
    done = add_comparisons(frame[ok].reset_index(drop=True), company)
    out = pd.concat([done, frame[~ok]], ignore_index=True) if not ok.all() else done
    return out.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)


def _print_table(frame: pd.DataFrame, company, grain: str, end, lang: str, *, compare: bool,
                 left_out: list[str]) -> None:
    """The KPIs as rows, the periods as columns; incomplete periods and values marked with *."""
    cells = [KPIS[k].show(v, company.currency) for v, k in zip(frame["value"], frame["kpi"], strict=True)]
    # a KPI whose tables end early: its value (shown with --include-incomplete) is marked
    marked = ~frame["complete"] & ~frame["running"] & frame["value"].notna()
    shown = frame.assign(shown=[c + "*" if m else c for c, m in zip(cells, marked, strict=True)])
    shown["label"] = shown["name"] + shown["segment"].map(lambda s: "" if s is None else f" · {s}")
    table = shown.pivot_table(index="label", columns="period", values="shown", aggfunc="first", sort=False)
    table = table.fillna(fmt.UNDEFINED)
    running = set(shown.loc[shown["running"], "period"])
    # periods as people say them (2025-Q2, like the notes below), not the ISO date they start on
    table.columns = [period_label(p, grain, lang) + ("*" if p in running else "") for p in table.columns]
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250):
        print(f"{company.name} ({company.currency})")
        print(table.rename_axis(index=None, columns=None).to_string())
    if running and end is not None:
        print("\n" + t("K_incomplete_note", lang, date=fmt.date(end)))
    if marked.any():
        print(("" if running else "\n") + t("K_incomplete_cell", lang))
    if left_out and end is not None:
        print("\n" + t("K_left_out", lang, periods=", ".join(period_label(p, grain, lang) for p in left_out),
                       date=fmt.date(end)))
    if compare:
        _print_comparison(shown[_comparable(shown)], company.currency, grain, lang)
    _print_undefined(shown, lang)


def _print_catalogue(lang: str) -> None:
    """The catalogue for a terminal: one block per KPI, not a 300-character-wide frame."""
    print(t("K_list_head", lang, n=fmt.count(len(KPIS))))
    for k in KPIS.values():
        print(f"\n{k.id:<24} {k.name(lang)}  [{k.unit_label(lang)}; {k.direction_label(lang)}]")
        print(f"{'':<24} = {k.formula_text(lang)}")


def _print_comparison(frame, currency: str, grain: str, lang: str) -> None:
    """Each KPI (and segment) in its last complete period against the previous one, last year and the target.

    The change is in the kit's number style (``fmt.change``: points for rates, percent otherwise); an
    undefined value is "nicht vergleichbar", never "gleich".
    """
    if frame.empty:
        return
    last = frame.sort_values("period_start", kind="stable").groupby("label", sort=False).tail(1)
    last = last.set_index("label").loc[list(dict.fromkeys(frame["label"]))].reset_index()
    head = last["period"].max()
    print("\n" + t("K_compare_head", lang, period=period_label(head, grain, lang)))
    for _, r in last.iterrows():
        kpi = KPIS[r["kpi"]]
        label = r["label"] if r["period"] == head else f"{r['label']} ({period_label(r['period'], grain, lang)})"
        parts = [f"{label}: {r['shown']}"]
        for base, better, key in (("previous", "better", "K_previous"), ("last_year", "better_yoy", "K_last_year")):
            if _defined(r[base]):
                parts.append(t(key, lang, value=kpi.show(r[base], currency),
                               change=_verdict(kpi, r["value"], r[base], r[better], lang)))
        if _defined(r["target"]):
            met = "K_open" if not _defined(r["value"]) else "K_met" if r["target_met"] is True else "K_not_met"
            parts.append(t("K_target", lang, value=kpi.show(r["target"], currency), met=t(met, lang)))
        print("  " + " · ".join(parts))


def _defined(x) -> bool:
    return x is not None and not pd.isna(x)


def _verdict(kpi, value, base, better, lang: str) -> str:
    """«−30 %, schlechter»; «gleich» only for two equal values; «nicht vergleichbar» when ``value`` is undefined."""
    if not _defined(value):
        return t("K_not_comparable", lang)
    if not _defined(better):  # two equal values
        return t("K_same", lang)
    word = t("K_better" if bool(better) else "K_worse", lang)
    change = fmt.change(value, base, kpi.unit, bounded=kpi.bounded, lang=lang)
    return word if change == fmt.UNDEFINED else t("K_verdict", lang, change=change, verdict=word)


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
