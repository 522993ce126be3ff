"""``kpikit check``: the common-mistake checks and diagnoses, as findings."""

from __future__ import annotations

import argparse
import json
import sys

from kpikit.checks import run_checks
from kpikit.cli.common import EXIT_FINDINGS, EXIT_OK
from kpikit.company.load import load_company
from kpikit.core.fmt import number, parse_as_of
from kpikit.core.i18n import t
from kpikit.kpis.registry import KPIS


def run(args: argparse.Namespace) -> int:
    """``kpikit check DIR``: findings as text or JSON; exit 0 none, 1 findings."""
    args.as_of = parse_as_of(args.as_of)
    company = load_company(args.dir, lang=args.lang)
    lang = args.lang or company.language
    findings = run_checks(company, as_of=args.as_of)
    if args.format == "json":
        json.dump([f.as_dict(lang) for f in findings], sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
        return EXIT_FINDINGS if findings else EXIT_OK
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
        facts = evidence_line(f.evidence)
        if facts:
            out.append(f"  {t('evidence', lang)}: {facts}")
    print("\n".join(out))
    return EXIT_FINDINGS


def evidence_line(evidence: dict, limit: int = 10) -> str:
    """A finding's evidence in one line: numbers rounded, lists joined, nested tables left out.

    >>> evidence_line({"cac_first": 1234.56, "cac_last": 0.51234, "channels": ["A", "B"], "series": {}})
    "cac_first=1'235; cac_last=0.5123; channels=A, B"
    """
    parts = []
    for key, value in evidence.items():
        if isinstance(value, dict) or value is None:
            continue
        if isinstance(value, float):
            value = number(value) if abs(value) >= 1000 else f"{value:.4g}"
        elif isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        parts.append(f"{key}={value}")
    return "; ".join(parts[:limit])
