"""What the commands share: their exit statuses, and the help's language (argparse's own words included)."""

from __future__ import annotations

import argparse
import contextlib
import shutil
from collections.abc import Iterator, Sequence

from kpikit.core.i18n import LANGS, default_lang
from kpikit.core.messages.cli import MESSAGES

EXIT_OK = 0  # clean
EXIT_FINDINGS = 1  # findings to look at (rejected rows, warnings, failed notebooks)
EXIT_UNUSABLE = 2  # unusable input, or an output folder that cannot be written: one clear paragraph on stderr
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT); SIGTERM exits with 143 (128 + SIGTERM)


def help_lang(argv: Sequence[str]) -> str:
    """The language of the help and of argparse's messages: ``--lang`` anywhere in ``argv``, else KPIKIT_LANG.

    The parser is built in that language, so the value is read before parsing. An unknown value is
    left to the parser to refuse.

    >>> help_lang(["--lang", "en", "--help"]), help_lang(["kpis", "x", "--lang=en"]), help_lang(["--", "--lang"])
    ('en', 'en', 'de')
    """
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGS:
            return value
    return default_lang()


def argparse_words(lang: str) -> dict[str, str]:
    """Argparse's own texts ("usage: ", "options" …) in ``lang``: from argparse's English to ours.

    >>> argparse_words("de")["usage: "], argparse_words("en")["options"]
    ('Aufruf: ', 'options')
    """
    return {entry["en"]: entry[lang] for key, entry in MESSAGES.items() if key.startswith("AP_")}


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    r"""The argparse texts in ``lang`` inside the block (argparse looks them up through ``argparse._``).

    >>> with speaking("de"):
    ...     argparse.ArgumentParser(prog="x").format_usage()
    'Aufruf: x [-h]\n'
    >>> argparse.ArgumentParser(prog="x").format_usage()
    'usage: x [-h]\n'
    """
    words = argparse_words(lang)
    saved = argparse._, argparse.ngettext
    argparse._ = lambda text: words.get(text, text)
    argparse.ngettext = lambda one, many, n: words.get(one if n == 1 else many, one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples as written (line breaks kept); option help wrapped at the terminal's width."""

    def __init__(self, prog: str) -> None:
        width = min(shutil.get_terminal_size((100, 24)).columns, 110) - 2
        super().__init__(prog, max_help_position=30, width=width)
