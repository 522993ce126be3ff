"""``python -m kpikit.exercises export OUTDIR``: write the learners' copies of the exercise notebooks."""

from __future__ import annotations

import argparse
import sys

from kpikit.exercises.export import SOURCE, export


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m kpikit.exercises",
        description="Übungen für Lernende / exercises for learners.")
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("export", help="Kopien ohne Lösungszellen schreiben / write copies without solution cells")
    cmd.add_argument("out", help="Zielordner / target folder")
    cmd.add_argument("--source", default=str(SOURCE), help="Ordner mit den vollständigen Notebooks (exercises/)")
    args = parser.parse_args(argv)
    try:
        written = export(args.out, source=args.source)
    except (ValueError, FileNotFoundError) as err:
        print(f"Fehler / error: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
