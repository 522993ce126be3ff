"""Text helpers shared by every layer: the nearest name for a "did you mean" suggestion, text lines."""

from __future__ import annotations

import difflib
import re


def near_miss(name: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate ``name`` is a typo or an abbreviation of, ignoring case, spaces and punctuation; else None.

    A candidate is proposed only when it is close by difflib's ratio (0.6) and also either a few typing
    slips away (insert, delete, replace or swap one character per four) or an abbreviation of it (a shared
    start of at least three characters, the rest of the shorter name in order in the longer). A name
    that merely shares letters (``deal_id`` and ``default``) is no suggestion.

    >>> near_miss("Abschluss Datum", ["Erstelldatum", "Abschlussdatum", "Betrag"])
    'Abschlussdatum'
    >>> near_miss("stauts", ["deal_id", "status"]), near_miss("Kundennummer", ["Kundennr", "Datum"])
    ('status', 'Kundennr')
    >>> near_miss("deal_id", ["age", "default", "housing"]) is None
    True
    """
    key = _norm(name)
    table: dict[str, str] = {}
    for c in candidates:
        table.setdefault(_norm(c), c)
    if key in table:
        return table[key]
    for hit in difflib.get_close_matches(key, list(table), n=5, cutoff=0.6):
        if _typos(key, hit) <= max(1, min(len(key), len(hit)) // 4) or _abbreviates(key, hit):
            return table[hit]
    return None


def _norm(s: str) -> str:
    return "".join(ch for ch in str(s).casefold() if ch.isalnum())


def _typos(a: str, b: str) -> int:
    """Edits from ``a`` to ``b`` (insert, delete, replace, swap of neighbours): optimal string alignment."""
    before, prev = [0] * (len(b) + 1), list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], before[j - 2] + 1)
        before, prev = prev, cur
    return prev[-1]


def _abbreviates(a: str, b: str) -> bool:
    """Whether the shorter of ``a``, ``b`` abbreviates the longer (``kundennr``, ``kundennummer``)."""
    short, long = sorted((a, b), key=len)
    start = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    rest = iter(long[start:])
    return start >= 3 and start >= 0.6 * len(short) and all(ch in rest for ch in short[start:])


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def text_lines(text: str) -> list[str]:
    r"""The lines of a text file: split at CR LF, LF or CR only.

    ``str.splitlines`` also breaks at vertical tab, form feed and the separators U+001C–U+001E, U+0085,
    U+2028, which appear inside cells of CRM exports and are no line ends for a CSV reader.

    >>> text_lines("a;b\r\nMesse\x0bWest;2\n")
    ['a;b', 'Messe\x0bWest;2']
    """
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


# C0 control characters that XML 1.0 (and so Excel's .xlsx) cannot hold: all but tab, newline and
# carriage return. They come from ad-platform and CRM exports (a vertical tab in a deal name).
_CONTROL = {c: "\ufffd" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}

# Markdown punctuation that means something anywhere in a line: emphasis, links, code, tables, math.
_MARKDOWN = {ord(c): "\\" + c for c in "\\`*_[]|~$"}
_MARKDOWN.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;",
                  ord("\n"): " ", ord("\r"): " "})

_LINE_START = re.compile(r"^(\s*)([-+=#])|^(\s*\d+)([.)])")  # a list, heading or setext line


def clean_control(text: str) -> str:
    r"""``text`` with each C0 control character but tab, newline and CR replaced by U+FFFD.

    Excel (XML 1.0) cannot store them; the replacement character shows where one was.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text, the same length, without control characters.

    Examples
    --------
    >>> clean_control("Deal\x0bA\tB\x00")
    'Deal\ufffdA\tB\ufffd'
    """
    return text.translate(_CONTROL)


def escape_markdown(text: object) -> str:
    r"""``text`` as Markdown that renders literally: no markup, no raw HTML, no math.

    HTML's ``& < > "`` become entities, Markdown's punctuation is backslash-escaped and line breaks
    become spaces, so a company or channel name can neither start a heading, link, emphasis or
    ``$…$`` formula nor smuggle HTML into the page. The text must not be put inside a code span.

    Parameters
    ----------
    text : object
        Any value; converted with ``str``.

    Returns
    -------
    str
        Markdown source that shows ``text`` as it is.

    Examples
    --------
    >>> escape_markdown("*Söhne* <Muster> [x](javascript:y) $a$")
    '\\*Söhne\\* &lt;Muster&gt; \\[x\\](javascript:y) \\$a\\$'
    >>> escape_markdown("# 1"), escape_markdown("2. Liga"), escape_markdown("Tag 2. 3")
    ('\\# 1', '2\\. Liga', 'Tag 2. 3')
    """
    out = clean_control(str(text)).translate(_MARKDOWN)
    # what means something only at the start of a line (a heading or list): escaped there
    return _LINE_START.sub(lambda m: (m[1] + "\\" + m[2]) if m[2] else (m[3] + "\\" + m[4]), out, count=1)
