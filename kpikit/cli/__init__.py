"""The ``kpikit`` command line: new, validate, kpis, check, run.

Errors go to stderr as one clear paragraph with exit status 2, never as a traceback
(``--debug`` shows one for developers). Ctrl-C prints one line and exits with 130, SIGTERM
with 143. Each command is a module of this package with a
``run(args) -> int``; it is imported only when its command runs, because the commands that read data
import pandas (about a second), which ``kpikit --help`` and ``kpikit new DIR`` need not wait for.

The help speaks one language: ``--lang`` (before or after the command) or ``KPIKIT_LANG``, read before the
parser is built; argparse's own words ("usage", "options", its error messages) follow (``common.speaking``).
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from kpikit.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_UNUSABLE, HelpFormatter, help_lang, speaking
from kpikit.core.errors import KpikitError
from kpikit.core.i18n import LANGS, default_lang, t
from kpikit.core.signals import stoppable
from kpikit.core.version import __version__

COMMANDS = {name: f"kpikit.cli.{name}" for name in ("new", "validate", "kpis", "check", "run")}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kpikit`` console script; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    with speaking(help_lang(argv)):  # the help, and argparse's own words, in --lang or KPIKIT_LANG
        args = _parser(help_lang(argv)).parse_args(argv)
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


class _Options:
    """Adds options to one (sub)parser in one language; each help line ends with its default."""

    def __init__(self, parser: argparse.ArgumentParser, lang: str) -> None:
        self.parser, self.lang = parser, lang

    def __call__(self, *flags: str, key: str, default_text: str | None = None, **kw) -> None:
        text = t(key, self.lang)
        shown = default_text
        if shown is None and kw.get("action") == "store_true":
            shown = t("H_off", self.lang)
        elif shown is None and kw.get("default") not in (None, argparse.SUPPRESS, []):
            shown = str(kw["default"])
        if shown and flags[0].startswith("-"):  # an option says its default
            text += f" ({t('H_default', self.lang, default=shown)})"
        self.parser.add_argument(*flags, help=text.replace("%", "%%"), **kw)

    def lang_option(self, default_key: str = "H_lang_company") -> None:
        """``--lang`` of a command: SUPPRESS keeps a ``kpikit --lang en COMMAND`` given before the command."""
        self("--lang", key="H_lang", choices=LANGS, default=argparse.SUPPRESS,
             default_text=t(default_key, self.lang))

    def as_of(self, key: str = "H_as_of") -> None:
        self("--as-of", key=key, dest="as_of", metavar="DATE", default_text=t("H_as_of_default", self.lang))


def _parser(lang: str = "de") -> argparse.ArgumentParser:
    """The parser with every help text in ``lang`` (argparse's own words: ``common.speaking``)."""
    p = argparse.ArgumentParser(prog="kpikit", description=t("H_prog", lang), epilog=t("H_prog_epilog", lang),
                                formatter_class=HelpFormatter)
    top = _Options(p, lang)
    top("--lang", key="H_lang_top", choices=LANGS, default=None, default_text=t("H_lang_top_default", lang))
    top("--version", key="H_version", action="version", version=f"kpikit {__version__}", default_text="")
    top("--debug", key="H_debug", action="store_true")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", title=t("H_commands", lang))

    def command(name: str) -> _Options:
        parser = sub.add_parser(name, help=t(f"H_{name}", lang), description=t(f"H_{name}", lang),
                                epilog=t(f"H_{name}_epilog", lang), formatter_class=HelpFormatter)
        return _Options(parser, lang)

    new = command("new")
    new("dir", key="H_new_dir", metavar="DIR")
    new("--name", key="H_new_name", default_text=t("H_new_name_default", lang))
    new("--from", key="H_new_from", dest="from_files", nargs="+", metavar="FILE",
        default_text=t("H_new_from_default", lang))
    new("--link", key="H_new_link", action="store_true")
    new("--force", key="H_new_force", action="store_true")
    new.lang_option("H_lang_top_default")

    val = command("validate")
    val("dir", key="H_dir", metavar="DIR")
    val("--all", key="H_validate_all", action="store_true")
    val.lang_option()

    ch = command("check")
    ch("dir", key="H_dir", metavar="DIR")
    ch("--format", key="H_check_format", default="text", choices=("text", "json"))
    ch.as_of()
    ch.lang_option()

    kp = command("kpis")
    kp("dir", key="H_kpis_dir", nargs="?", metavar="DIR")
    kp("--period", key="H_kpis_period", default="all", choices=("all", "year", "quarter", "month", "week"))
    kp("--by", key="H_kpis_by", choices=("channel", "owner", "product", "region", "campaign"),
       default_text=t("H_kpis_by_default", lang))
    kp("--kpi", key="H_kpis_kpi", nargs="+", metavar="ID", default_text=t("H_kpis_kpi_default", lang))
    kp("--compare", key="H_kpis_compare", action="store_true")
    kp("--include-incomplete", key="H_kpis_incomplete", action="store_true", dest="include_incomplete")
    kp.as_of()
    kp("--format", key="H_kpis_format", default="table", choices=("table", "csv", "json"))
    kp("--list", key="H_kpis_list", action="store_true")
    kp.lang_option()

    run = command("run")
    run("dirs", key="H_run_dirs", nargs="+", metavar="DIR")
    run("--out", key="H_run_out", default="reports", metavar="DIR")
    run("--jobs", key="H_run_jobs", type=int, metavar="N", default_text=t("H_run_jobs_default", lang))
    run("-p", "--param", key="H_run_param", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
        default_text=t("H_run_param_default", lang))
    run.as_of()
    run("--quiet", key="H_run_quiet", action="store_true")
    run.lang_option()
    return p
