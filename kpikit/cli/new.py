"""``kpikit new``: scaffold a company folder, empty or proposed from the client's exports."""

from __future__ import annotations

import argparse
from pathlib import Path

from kpikit.cli.common import EXIT_FINDINGS, EXIT_OK
from kpikit.company.load import load_company
from kpikit.company.scaffold import new_company, new_company_from, summary
from kpikit.core.errors import KpikitError
from kpikit.core.fmt import number
from kpikit.core.i18n import default_lang, t


def run(args: argparse.Namespace) -> int:
    """``kpikit new DIR [--from FILE…]``."""
    lang = args.lang or default_lang()
    if args.from_files:
        return _new_from(args, lang)
    new_company(args.dir, name=args.name, force=args.force)
    print(t("new_done", lang, path=args.dir))
    return EXIT_OK


def _new_from(args, lang: str) -> int:
    """``kpikit new DIR --from FILE…``: propose company.yaml, then load it once to show that it works."""
    target, proposals = new_company_from(args.dir, args.from_files, name=args.name, force=args.force, lang=lang,
                                         link=args.link)
    out = [t("new_from_title", lang, path=target), *("  " + line for line in summary(proposals, Path(args.dir), lang))]
    try:
        company = load_company(args.dir, lang=lang)
    except KpikitError as err:
        out += ["", t("new_from_not_loaded", lang), "  " + err.message(lang)]
        print("\n".join(out))
        return EXIT_FINDINGS
    out += ["", t("new_from_loaded", lang, read=number(company.rows_read), loaded=number(company.rows_loaded),
                  rejected=number(company.rows_rejected))]
    guesses = sum(p.review for p in proposals if p.table and not p.preset)  # the «PRÜFEN» marks written
    if guesses or company.rows_rejected:
        # loaded, but not finished: the guesses want a look, and rejected rows a decision
        out.append(t("new_from_review" if guesses else "new_from_review_rejected", lang, guesses=number(guesses),
                     rejected=number(company.rows_rejected), path=args.dir))
    out.append(t("new_from_next" if guesses else "new_from_next_clean", lang, path=args.dir))
    print("\n".join(out))
    return EXIT_FINDINGS if guesses or company.rows_rejected else EXIT_OK
