"""``kpikit check``: the common-mistake checks and diagnoses, as findings."""

from __future__ import annotations

import argparse
import json
import sys

from kpikit.checks import run_checks
from kpikit.checks.evidence import evidence_text
from kpikit.cli.common import EXIT_FINDINGS, EXIT_OK
from kpikit.company.load import load_company
from kpikit.core.fmt import parse_as_of
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
        out += ["", f"[{label}] {f.title(lang)} ({f.code})" + (f" · {what}" if what else ""), f"  {f.message(lang)}",
                f"  {t('recommendation', lang)}: {f.recommendation(lang)}"]
        facts = evidence_text(f.evidence, lang, nested=False, currency=company.currency)
        if facts:
            out.append(f"  {t('evidence', lang)}: {facts}")
    print("\n".join(out))
    return EXIT_FINDINGS
