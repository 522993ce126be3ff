"""The ``kpikit`` command line: new, validate, kpis.

Errors go to stderr as one clear paragraph with exit status 2, never as a traceback
(``--debug`` shows one for developers).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import defaultdict

from kpikit.core.fmt import number, parse_as_of
from kpikit.core.i18n import LANGS, default_lang, t

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kpikit",
        description="KPI-Kit für KMU: Daten prüfen, KPIs berechnen. / KPI kit for SMEs: check data, compute KPIs.",
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks (for developers)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = sub.add_parser("new", help="Firmenordner mit kommentierter company.yaml anlegen / scaffold a company folder")
    new.add_argument("dir")
    new.add_argument("--name", help="Firmenname / company name")
    new.add_argument("--force", action="store_true", help="company.yaml überschreiben / overwrite company.yaml")
    new.add_argument("--lang", choices=LANGS)
    new.add_argument("--from", dest="from_files", nargs="+", metavar="FILE",
                     help="company.yaml aus diesen Exporten vorschlagen / propose company.yaml from these exports")
    new.add_argument("--link", action="store_true",
                     help="Exporte verlinken statt kopieren / link the exports instead of copying them")

    val = sub.add_parser("validate", help="Daten und Konfiguration prüfen / check data and config "
                         "(exit 0 sauber/clean, 1 Befunde/findings, 2 unbrauchbar/unusable)")
    val.add_argument("dir")
    val.add_argument("--lang", choices=LANGS)
    val.add_argument("--all", action="store_true", help="alle abgewiesenen Zeilen zeigen / show every rejected row")

    ch = sub.add_parser("check", help="häufige Fehler und Diagnosen prüfen / common-mistake checks and diagnoses "
                        "(exit 0 keine Befunde/no findings, 1 Befunde/findings, 2 unbrauchbar/unusable)")
    ch.add_argument("dir")
    ch.add_argument("--format", default="text", choices=("text", "json"))
    ch.add_argument("--lang", choices=LANGS)
    ch.add_argument("--as-of", dest="as_of",
                    help="Stichtag / judge periods complete by this date (30.09.2026 or 2026-09-30)")

    run = sub.add_parser("run", help="30-Tage-Plan für Firmen ausführen / run the 30-day plan for companies")
    run.add_argument("dirs", nargs="+", metavar="DIR")
    run.add_argument("--out", default="reports", help="Zielordner / output folder (default: reports)")
    run.add_argument("--jobs", type=int, help="Notebooks gleichzeitig / notebooks at once")
    run.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                     help="Notebook-Parameter / notebook parameter (lang, as_of)")
    run.add_argument("--lang", choices=LANGS)
    run.add_argument("--as-of", dest="as_of",
                     help="Stichtag / judge periods complete by this date (30.09.2026 or 2026-09-30)")
    run.add_argument("--quiet", action="store_true", help="ohne Fortschrittsbalken / no progress bar")

    kp = sub.add_parser("kpis", help="KPI-Tabelle berechnen / compute the KPI table")
    kp.add_argument("dir", nargs="?", help="Firmenordner / company folder (optional with --list)")
    kp.add_argument("--period", default="all", choices=("all", "year", "quarter", "month", "week"))
    kp.add_argument("--by", choices=("channel", "owner", "product", "region", "campaign"))
    kp.add_argument("--kpi", nargs="+", metavar="ID", help="nur diese KPIs / only these KPIs")
    kp.add_argument("--format", default="table", choices=("table", "csv", "json"))
    kp.add_argument("--lang", choices=LANGS)
    kp.add_argument("--compare", action="store_true",
                    help="Vorperiode, Vorjahr und Zielwert ergänzen / add previous period, last year and target")
    kp.add_argument("--as-of", dest="as_of", help="Stichtag: nur Perioden, die bis dahin abgeschlossen sind / "
                    "only periods complete by this date (30.09.2026 or 2026-09-30)")
    kp.add_argument("--list", action="store_true", help="KPI-Katalog zeigen / list the KPI catalogue")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kpikit`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    lang = getattr(args, "lang", None) or default_lang()
    try:
        commands = {"new": _new, "validate": _validate, "kpis": _kpis, "check": _check, "run": _run}
        return commands[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # one clear paragraph instead of a traceback
        from kpikit.core.errors import KpikitError

        if args.debug:
            raise
        if isinstance(err, KpikitError):
            print(err.message(lang), file=sys.stderr)
        elif isinstance(err, ValueError):
            print(str(err), file=sys.stderr)
        else:
            print(t("E_INTERNAL", lang, detail=f"{type(err).__name__}: {err}") + " "
                  + t("fix", lang, fix=t("F_INTERNAL", lang)), file=sys.stderr)
        return EXIT_UNUSABLE


def _new(args) -> int:
    from kpikit.company.scaffold import new_company

    lang = args.lang or default_lang()
    if args.from_files:
        return _new_from(args, lang)
    new_company(args.dir, name=args.name, force=args.force)
    print(t("new_done", lang, path=args.dir))
    return EXIT_OK


def _new_from(args, lang: str) -> int:
    """``kpikit new DIR --from FILE…``: propose company.yaml, then load it once to show that it works."""
    from pathlib import Path

    from kpikit.company.scaffold import new_company_from, summary
    from kpikit.core.errors import KpikitError

    target, proposals = new_company_from(args.dir, args.from_files, name=args.name, force=args.force, lang=lang,
                                         link=args.link)
    out = [t("new_from_title", lang, path=target), *("  " + line for line in summary(proposals, Path(args.dir), lang))]
    try:
        company = _load(args.dir, lang)
    except KpikitError as err:
        out += ["", t("new_from_not_loaded", lang), "  " + err.message(lang)]
        print("\n".join(out))
        return EXIT_FINDINGS
    out += ["", t("new_from_loaded", lang, read=number(company.rows_read), loaded=number(company.rows_loaded),
                  rejected=number(company.rows_rejected))]
    guesses = sum(p.review for p in proposals if p.table and not p.preset)  # the «PRÜFEN» marks written
    if guesses or company.rows_rejected:
        # loaded, but not finished: the guesses want a look, and rejected rows a decision
        out.append(t("new_from_review", lang, guesses=number(guesses), rejected=number(company.rows_rejected),
                     path=args.dir))
    out.append(t("new_from_next", lang, path=args.dir))
    print("\n".join(out))
    return EXIT_FINDINGS if guesses or company.rows_rejected else EXIT_OK


def _load(path: str, lang: str | None):
    from kpikit.company.load import load_company

    return load_company(path, lang=lang)


def _validate(args) -> int:
    company = _load(args.dir, args.lang)
    lang = args.lang or company.language
    out = [t("validate_title", lang, name=company.name), "", t("validate_sources", lang) + ":"]
    for s in company.sources:
        out.append("  " + t("validate_source_line", lang, table=s.table, file=s.file, read=number(s.rows_read),
                                loaded=number(s.rows_loaded), rejected=number(s.rows_rejected)))
        for kind in ("summary", "footer"):
            rows = [row for row, k, _ in s.skipped if k == kind]
            if rows:
                out.append("      " + t(f"validate_skipped_{kind}", lang, count=number(len(rows)),
                                        rows=_row_ranges(rows)))
    problems = company.problems
    if not problems:
        out += ["", t("validate_clean", lang, rows=number(company.rows_read))]
        print("\n".join(out))
        return EXIT_OK
    out += ["", t("validate_findings", lang, count=len(problems)) + ":"]
    groups: dict[tuple, list] = defaultdict(list)
    for p in problems:
        groups[(p.severity, p.file, p.code, p.column)].append(p)
    limit = None if args.all else 5
    for (severity, _, _, _), items in groups.items():
        label = t(f"severity_{severity}", lang)
        for p in items[:limit]:
            out.append(f"  [{label}] {p.where(lang)}: {p.message(lang)}")
            out.append(f"      {t('fix', lang, fix=p.fix(lang))}")
        if limit is not None and len(items) > limit:
            out.append("      " + t("validate_more", lang, count=len(items) - limit))
    warnings = sum(p.severity == "warning" for p in problems)
    out += ["", t("validate_result", lang, rejected=number(company.rows_rejected), warnings=warnings)]
    print("\n".join(out))
    return EXIT_FINDINGS


def _row_ranges(rows: list[int]) -> str:
    """Row numbers as short ranges.

    >>> _row_ranges([4, 9, 10, 11, 12])
    '4, 9–12'
    """
    parts: list[str] = []
    start = prev = None
    for row in sorted(rows):
        if prev is not None and row == prev + 1:
            prev = row
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = row
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}–{prev}")
    return ", ".join(parts)


def _run(args) -> int:
    from kpikit.plan.runner import run_plan

    args.as_of = parse_as_of(args.as_of)
    lang = args.lang or default_lang()
    params = dict(args.param)
    if args.lang:
        params["lang"] = args.lang
    if args.as_of:
        params["as_of"] = args.as_of
    runs = run_plan(args.dirs, out=args.out, jobs=args.jobs, parameters=params, progress=not args.quiet)
    de = lang == "de"
    for r in runs:
        if r.out_dir is None or not r.notebooks:  # unusable input: no notebook ran
            where = f" ({r.out_dir}/run.json)" if r.out_dir else ""
            print(("FEHLER" if de else "FAILED") + f"  {r.company_dir}: {r.error}{where}", file=sys.stderr)
            continue
        label = "OK" if r.ok else ("FEHLER" if de else "FAILED")
        print(f"{label:7} {r.name}: {r.out_dir}")
        for n in r.notebooks:
            if n.status != "ok":
                print(f"        {n.notebook}: {n.error}", file=sys.stderr)
        if r.error:
            print(f"        {r.error}", file=sys.stderr)
    return EXIT_OK if runs and all(r.ok for r in runs) else EXIT_FINDINGS


def _check(args) -> int:
    from kpikit.checks.checks import run_checks

    args.as_of = parse_as_of(args.as_of)
    company = _load(args.dir, args.lang)
    lang = args.lang or company.language
    findings = run_checks(company, as_of=args.as_of)
    if args.format == "json":
        json.dump([f.as_dict(lang) for f in findings], sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
        return EXIT_FINDINGS if findings else EXIT_OK
    from kpikit.kpis.registry import KPIS

    out = [t("check_title", lang, name=company.name), ""]
    if not findings:
        print("\n".join([*out, t("check_clean", lang)]))
        return EXIT_OK
    out.append(t("check_count", lang, count=len(findings)))
    for f in findings:
        label = t(f"severity_{f.severity}", lang)
        what = " · ".join(x for x in (KPIS[f.kpi].name(lang) if f.kpi else None, f.segment) if x)
        out += ["", f"[{label}] {f.code}" + (f" · {what}" if what else ""), f"  {f.message(lang)}",
                f"  {t('recommendation', lang)}: {f.recommendation(lang)}"]
        facts = _evidence_line(f.evidence)
        if facts:
            out.append(f"  {t('evidence', lang)}: {facts}")
    print("\n".join(out))
    return EXIT_FINDINGS


def _evidence_line(evidence: dict, limit: int = 10) -> str:
    parts = []
    for key, value in evidence.items():
        if isinstance(value, dict) or value is None:
            continue
        if isinstance(value, float):
            value = f"{value:,.0f}".replace(",", "'") if abs(value) >= 1000 else f"{value:.4g}"
        elif isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        parts.append(f"{key}={value}")
    return "; ".join(parts[:limit])


def _kpis(args) -> int:
    import pandas as pd

    from kpikit.core import fmt as _format
    from kpikit.kpis.engine import compute_kpis
    from kpikit.kpis.registry import catalogue

    if args.list or not args.dir:
        lang = args.lang or default_lang()
        cat = catalogue(lang).reset_index()
        if args.format == "table":
            _print_catalogue(lang)
        else:
            _emit(cat, args.format, lang)
        return EXIT_OK
    from kpikit.core.errors import ConfigError
    from kpikit.core.text import near_miss
    from kpikit.kpis.registry import KPIS

    for k in args.kpi or ():
        if k not in KPIS:
            raise ConfigError("UNKNOWN_KPI", kpi=k, where="--kpi", allowed=", ".join(KPIS),
                              suggestion=near_miss(k, list(KPIS)))
    as_of = parse_as_of(args.as_of)
    company = _load(args.dir, args.lang)
    lang = args.lang or company.language
    frame = compute_kpis(company, args.kpi, period=args.period, by=args.by, end=as_of, lang=lang)
    if as_of is not None and args.period != "all":
        # periods still running at the cut-off are left out, as in the notebooks and checks
        frame = frame[pd.to_datetime(frame["period_end"]) <= pd.Timestamp(as_of)].reset_index(drop=True)
    if args.compare:
        from kpikit.kpis.compare import add_comparisons

        frame = add_comparisons(frame, company)
    if args.format == "table":
        shown = frame.assign(shown=[KPIS[k].show(v, company.currency)
                                    for v, u, k in zip(frame["value"], frame["unit"], frame["kpi"], strict=True)])
        shown["label"] = shown["name"] + shown["segment"].map(lambda s: "" if s is None else f" · {s}")
        table = shown.pivot_table(index="label", columns="period", values="shown", aggfunc="first", sort=False)
        # periods as people say them (2025-Q2, like the notes below), not the ISO date they start on
        table.columns = [_format.period_label(p, args.period, lang) for p in table.columns]
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
    from kpikit.kpis.registry import KPIS

    print(t("K_list_head", lang, n=len(KPIS)))
    for k in KPIS.values():
        print(f"\n{k.id:<24} {k.name(lang)}  [{k.unit_label(lang)}; {k.direction_label(lang)}]")
        print(f"{'':<24} = {k.formula_text(lang)}")


def _print_comparison(frame, currency: str, lang: str) -> None:
    """For each KPI (and segment): its last period against the previous one, last year and the target."""
    last = frame[frame["period"] == frame["period"].iloc[-1]]
    print("\n" + t("K_compare_head", lang, period=last["period"].iloc[0]))

    import pandas as pd

    from kpikit.kpis.registry import KPIS

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
    from kpikit.core.fmt import neutralise

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


if __name__ == "__main__":
    sys.exit(main())
