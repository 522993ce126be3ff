"""``kpikit run``: the 30-day plan for one or more companies, one line per company."""

from __future__ import annotations

import argparse
import sys

from kpikit.cli.common import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK
from kpikit.core.fmt import parse_as_of
from kpikit.core.i18n import default_lang, t
from kpikit.plan import run_plan


def run(args: argparse.Namespace) -> int:
    """``kpikit run DIR…``: exit 0 when every notebook of every company ran, else 1.

    2 when ``--out`` cannot be written at all (nothing runs then); 130 on Ctrl-C and 143 on SIGTERM,
    after the run has stopped its workers and removed its temporary folders and cache.
    """
    args.as_of = parse_as_of(args.as_of)
    lang = args.lang or default_lang()
    params = dict(args.param)
    if args.lang:
        params["lang"] = args.lang
    if args.as_of:
        params["as_of"] = args.as_of
    try:
        runs = run_plan(args.dirs, out=args.out, jobs=args.jobs, parameters=params, progress=not args.quiet)
    except KeyboardInterrupt as err:  # Ctrl-C or SIGTERM: run_plan has cleaned up; one line, no traceback
        print(t("run_stopped", lang, signal=getattr(err, "name", "Ctrl-C")), file=sys.stderr)
        return getattr(err, "exit_code", EXIT_INTERRUPTED)
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
