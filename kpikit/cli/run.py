"""``kpikit run``: the 30-day plan for one or more companies, one line per company."""

from __future__ import annotations

import argparse
import sys

from kpikit.cli.common import EXIT_FINDINGS, EXIT_OK
from kpikit.core.fmt import parse_as_of
from kpikit.core.i18n import default_lang, t
from kpikit.plan import run_plan


def run(args: argparse.Namespace) -> int:
    """``kpikit run DIR…``: exit 0 when every notebook of every company ran, else 1."""
    args.as_of = parse_as_of(args.as_of)
    lang = args.lang or default_lang()
    params = dict(args.param)
    if args.lang:
        params["lang"] = args.lang
    if args.as_of:
        params["as_of"] = args.as_of
    runs = run_plan(args.dirs, out=args.out, jobs=args.jobs, parameters=params, progress=not args.quiet)
    failed = t("run_failed", lang)
    for r in runs:
        if r.out_dir is None or not r.notebooks:  # unusable input: no notebook ran
            where = f" ({r.out_dir}/run.json)" if r.out_dir else ""
            print(f"{failed}  {r.company_dir}: {r.error}{where}", file=sys.stderr)
            continue
        label = t("run_ok", lang) if r.ok else failed
        print(f"{label:7} {r.name}: {r.out_dir}")
        for n in r.notebooks:
            if n.status != "ok":
                print(f"        {n.notebook}: {n.error}", file=sys.stderr)
        if r.error:
            print(f"        {r.error}", file=sys.stderr)
    return EXIT_OK if runs and all(r.ok for r in runs) else EXIT_FINDINGS
