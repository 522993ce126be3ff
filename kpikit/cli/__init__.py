"""The ``kpikit`` command line: new, validate, kpis, check, run.

Errors go to stderr as one clear paragraph with exit status 2, never as a traceback
(``--debug`` shows one for developers). Ctrl-C prints one line and exits with 130, SIGTERM
with 143. Each command is a module of this package with a
``run(args) -> int``; it is imported only when its command runs, because the commands that read data
import pandas (about a second), which ``kpikit --help`` and ``kpikit new DIR`` need not wait for.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from kpikit.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_UNUSABLE
from kpikit.core.errors import KpikitError
from kpikit.core.i18n import LANGS, default_lang, t
from kpikit.core.signals import stoppable

COMMANDS = {name: f"kpikit.cli.{name}" for name in ("new", "validate", "kpis", "check", "run")}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kpikit`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    lang = getattr(args, "lang", None) or default_lang()
    try:
        with stoppable():  # SIGTERM too ends in the clean-ups and the one line below
            return import_module(COMMANDS[args.command]).run(args)
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM (kpikit.core.signals.Stopped)
        print(t("cli_stopped", lang, signal=getattr(err, "name", "Ctrl-C")), file=sys.stderr)
        return getattr(err, "exit_code", EXIT_INTERRUPTED)
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # one clear paragraph instead of a traceback
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
