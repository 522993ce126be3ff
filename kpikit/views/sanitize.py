"""Clean the HTML of notebook outputs for the hand-over report: only what the kit itself emits survives.

The report is opened by the client, outside the consultant's machine. Whatever a notebook output
holds, only an allow-list of elements and attributes is written back: tables, text, headings,
lists, ``<details>``, images embedded as ``data:image/…`` and links to anchors or the web. Scripts,
frames, objects, forms, event handlers (``on…``), ``javascript:`` and other URL schemes are dropped,
and text is re-escaped. Absolute paths of this machine (home, Python, working folder) are replaced
by ``…``, so that no local path reaches the client either.
"""

from __future__ import annotations

import html
import os
import re
import sys
import sysconfig
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from kpikit.core.text import clean_control

# Elements whose tag is kept (with the allowed attributes); any other tag is dropped, its text kept.
ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure h1 h2 h3 h4 "
    "h5 h6 hr i img kbd li mark ol p pre s section small span strong style sub summary sup table tbody td tfoot "
    "th thead tr u ul".split())
# Elements dropped together with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    "script iframe frame frameset object embed applet noscript noembed noframes template svg math form "
    "textarea select button input option title head base link meta audio video canvas portal".split())
VOID_TAGS = frozenset("br col hr img".split())
ALLOWED_ATTRS = frozenset(
    "class id style title alt src href colspan rowspan align valign border width height scope open lang dir "
    "start reversed scoped".split())
_URL_ATTRS = ("href", "src")
_SAFE_HREF = re.compile(r"^(#|https?://|mailto:)", re.I)
_SAFE_SRC = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", re.I)
# CSS that can fetch or run something: dropped with its declaration block or attribute.
_UNSAFE_CSS = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding|\\", re.I)
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f]+")


def local_roots(extra: list[str | os.PathLike] | tuple = ()) -> list[str]:
    """Absolute folders of this machine that must not appear in a report, longest first.

    The home folder, the Python installation and its packages, the working folder, the temp
    folder, and any ``extra`` (e.g. the company folder and the run folder).

    Parameters
    ----------
    extra : sequence of path
        More folders to hide.

    Returns
    -------
    list of str
        Folder paths without a trailing separator, longest first (so the most specific is replaced).
    """
    found = {str(Path.home()), sys.prefix, sys.base_prefix, sys.exec_prefix, os.getcwd(), tempfile.gettempdir(),
             *(str(p) for p in extra)}
    found |= {v for k, v in sysconfig.get_paths().items() if v}
    found |= {str(Path(p).resolve()) for p in list(found) if p}
    roots = {p.rstrip("/\\") for p in found if p and len(p.rstrip("/\\")) > 1}
    return sorted(roots, key=len, reverse=True)


def scrub_paths(text: str, roots: list[str]) -> str:
    r"""``text`` with each of the ``roots`` replaced by ``…`` where it begins a path.

    Parameters
    ----------
    text : str
        Any text (an error message, a traceback line).
    roots : list of str
        Folders to hide (``local_roots``).

    Returns
    -------
    str

    Examples
    --------
    >>> scrub_paths("File /home/ana/venv/lib/x/y.py, line 3; /home/anab", ["/home/ana/venv", "/home/ana"])
    'File …/lib/x/y.py, line 3; /home/anab'
    """
    for root in roots:
        if root in text:
            text = re.sub(re.escape(root) + r"(?=[/\\]|$|[\s'\",:;)\]])", "…", text)
    return text


def _safe_url(name: str, value: str) -> bool:
    url = _BAD_URL_CHARS.sub("", value)
    return bool(_SAFE_SRC.match(value) if name == "src" else _SAFE_HREF.match(url))


class _Cleaner(HTMLParser):
    def __init__(self, roots: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.roots = roots
        self.out: list[str] = []
        self.skip = 0  # depth inside a dropped element
        self.skipping: list[str] = []
        self.open: list[str] = []
        self.removed = 0

    def _text(self, data: str) -> str:
        return html.escape(scrub_paths(clean_control(data), self.roots), quote=False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and tag not in VOID_TAGS:
                self.skipping.append(tag)
            return
        if tag in DROPPED_WITH_CONTENT:
            self.removed += 1
            if tag not in VOID_TAGS and tag not in ("base", "link", "meta", "input"):
                self.skipping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            self.removed += 1
            return
        kept = []
        for name, value in attrs:
            value = value or ""
            if name not in ALLOWED_ATTRS or (name in _URL_ATTRS and not _safe_url(name, value)) or (
                    name == "style" and _UNSAFE_CSS.search(value)):
                self.removed += 1
                continue
            kept.append(f' {name}="{html.escape(scrub_paths(clean_control(value), self.roots), quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.open and self.open[-1] == tag and not self.skipping:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in self.open:  # close what is open up to it; a stray end tag is dropped
            while self.open:
                last = self.open.pop()
                self.out.append(f"</{last}>")
                if last == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.open and self.open[-1] == "style":
            if _UNSAFE_CSS.search(data) or "<" in data:
                self.removed += 1
                return
            self.out.append(data)
            return
        self.out.append(self._text(data))

    def handle_comment(self, data: str) -> None:
        self.removed += 1

    def handle_decl(self, decl: str) -> None:
        self.removed += 1

    def handle_pi(self, data: str) -> None:
        self.removed += 1

    def unknown_decl(self, data: str) -> None:
        self.removed += 1

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def sanitize_html(fragment: str, *, roots: list[str] | None = None) -> tuple[str, int]:
    """``fragment`` with only the allowed elements and attributes, its text escaped, local paths hidden.

    Parameters
    ----------
    fragment : str
        HTML, e.g. the body of an exported notebook.
    roots : list of str, optional
        Folders to hide in text and attribute values (default ``local_roots()``).

    Returns
    -------
    tuple of (str, int)
        The clean HTML and how many elements or attributes were removed.

    Examples
    --------
    >>> sanitize_html('<p onclick="x()">Hi <script>alert(1)</script><a href=" javascript:x">y</a></p>', roots=[])
    ('<p>Hi <a>y</a></p>', 3)
    >>> sanitize_html('<img src="data:image/png;base64,AAAA" alt="&lt;b&gt;">', roots=[])[0]
    '<img src="data:image/png;base64,AAAA" alt="&lt;b&gt;">'
    """
    cleaner = _Cleaner(local_roots() if roots is None else roots)
    cleaner.feed(fragment)
    return cleaner.result(), cleaner.removed


__all__ = ["ALLOWED_ATTRS", "ALLOWED_TAGS", "local_roots", "sanitize_html", "scrub_paths"]
