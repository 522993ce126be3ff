"""``kpikit validate``: read and check the data and config; say what was read, loaded and set aside."""

from __future__ import annotations

import argparse
from collections import defaultdict

from kpikit.cli.common import EXIT_FINDINGS, EXIT_OK
from kpikit.company.load import load_company
from kpikit.core.fmt import number
from kpikit.core.i18n import t


def run(args: argparse.Namespace) -> int:
    """``kpikit validate DIR``: exit 0 clean, 1 findings (rejected rows, warnings)."""
    company = load_company(args.dir, lang=args.lang)
    lang = args.lang or company.language
    out = [t("validate_title", lang, name=company.name), "", t("validate_sources", lang) + ":"]
    for s in company.sources:
        out.append("  " + t("validate_source_line", lang, table=s.table, file=s.file, read=number(s.rows_read),
                                loaded=number(s.rows_loaded), rejected=number(s.rows_rejected)))
        for kind in ("summary", "footer"):
            rows = [row for row, k, _ in s.skipped if k == kind]
            if rows:
                out.append("      " + t(f"validate_skipped_{kind}", lang, count=number(len(rows)),
                                        rows=row_ranges(rows)))
        if s.detected.get("generated_ids"):
            out.append("      " + t("validate_ids_generated", lang, column=s.detected["generated_ids"]))
    for table in getattr(company, "undated", ()):  # once per table, however many files feed it
        columns = dict.fromkeys(c for s in company.sources if s.table == table
                                for c in str(s.detected.get("no_dates", "")).split(", ") if c)
        out += ["", t("validate_undated", lang, table=table, columns=", ".join(columns))]
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
        # the rows with the same message and fix (one unknown value, say) are one entry with their rows
        same: dict[tuple[str, str], list] = defaultdict(list)
        for p in items:
            same[(p.message(lang), p.fix(lang))].append(p)
        for (message, fix), ps in list(same.items())[:limit]:
            out.append(f"  [{label}] {_where(ps, lang)}: {message}")
            out.append(f"      {t('fix', lang, fix=fix)}")
        if limit is not None and len(same) > limit:
            out.append("      " + t("validate_more", lang, count=sum(len(ps) for ps in list(same.values())[limit:])))
    warnings = sum(p.severity == "warning" for p in problems)
    out += ["", t("validate_result", lang, rejected=number(company.rows_rejected), warnings=warnings)]
    print("\n".join(out))
    return EXIT_FINDINGS


def _where(problems: list, lang: str) -> str:
    """File, rows and column of problems with the same message: ``deals.csv, Zeilen 3–4, 6 (3), Spalte «status»``."""
    first = problems[0]
    rows = [p.row for p in problems if p.row is not None]
    if len(problems) == 1 or not rows:
        return first.where(lang)
    parts = [first.file, t("validate_rows", lang, rows=row_ranges(rows), count=number(len(rows)))]
    if first.column is not None:
        parts.append(t("column", lang, column=first.column))
    return ", ".join(parts)


def row_ranges(rows: list[int]) -> str:
    """Row numbers as short ranges.

    >>> row_ranges([4, 9, 10, 11, 12])
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
