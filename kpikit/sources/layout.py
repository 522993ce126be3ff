"""How a text export is laid out: its encoding, separator, preamble lines and header.

The reader (``kpikit.sources.read``) asks these questions of the first lines of a file before it
reads the whole of it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

from kpikit.core.errors import DataError

SEPARATORS = (";", ",", "\t", "|")
WHITESPACE = "whitespace"


def detect_encoding(head: bytes, whole: bytes | None = None) -> str:
    r"""UTF-8 with BOM, UTF-16, UTF-8 or cp1252.

    >>> detect_encoding(b"\xef\xbb\xbfa;b")
    'utf-8-sig'
    >>> detect_encoding("Zürich".encode("cp1252"))
    'cp1252'
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    pairs = head[: len(head) // 2 * 2][:4000]
    if len(pairs) >= 4 and pairs[1::2].count(0) > 0.9 * (len(pairs) // 2):
        return "utf-16-le"  # UTF-16 without BOM: every second byte of Latin text is zero
    if len(pairs) >= 4 and pairs[0::2].count(0) > 0.9 * (len(pairs) // 2):
        return "utf-16-be"
    try:
        (whole if whole is not None else head).decode("utf-8")
    except UnicodeDecodeError as err:
        if whole is None and err.start > len(head) - 4:
            return "utf-8"  # a multi-byte character cut by the sample boundary
        return "cp1252"
    return "utf-8"


def _count_outside_quotes(line: str, sep: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            count += 1
    return count


def detect_layout(lines: list[str], suffix: str = "") -> tuple[str, int]:
    r"""Find the separator and the number of preamble lines before the header.

    The separator is the candidate whose field count is most consistent over the sample; the
    header is the first line with that count. Ties prefer no preamble, then a tab for ``.tsv``
    files, then more columns. Without any candidate the file is whitespace-separated.

    >>> detect_layout(["Bericht", "1. Okt - 30. Sep", "Tag,Kampagne,Kosten", "2025-01-01,A,1.5"])
    (',', 2)
    >>> detect_layout(["a;b;c", "1;2,5;3"])
    (';', 0)
    >>> detect_layout(["Tag\tKosten", "2025-01-01\t3,50"], ".tsv")
    ('\t', 0)

    Leading ``#`` comment lines (GA4 writes report, account and date range so) are preamble, whatever
    separators they hold:

    >>> detect_layout(["# Konto: Muster AG, Biel", "#", "", "Datum,Sitzungen", "20250101,12", "20250102,14"])
    (',', 3)
    """
    lead = comment_lines(lines)
    # blank lines count for skiprows, not for layout
    filled = [i for i, ln in enumerate(lines) if ln.strip() and i >= lead]
    best: tuple | None = None
    for sep in SEPARATORS:
        counts = [_count_outside_quotes(lines[i], sep) for i in filled]
        if not counts:
            continue
        tally = Counter(counts)
        modal = max(tally, key=lambda c: (tally[c], c > 0, -counts.index(c)))
        if modal == 0:
            continue
        first = counts.index(modal)
        start = filled[first]
        body = counts[first:]
        consistency = sum(c == modal for c in body) / len(body)
        key = (round(consistency, 2), -start, sep == "\t" and suffix in (".tsv", ".tab"), modal)
        if best is None or key > best[0]:
            best = (key, sep, start)
    if best is None:
        return WHITESPACE, 0
    return best[1], best[2]


_COMMENT = re.compile(r"^\ufeff?\s*#(?:[ #-]|$)")


def comment_lines(lines: list[str]) -> int:
    """How many leading lines are ``#`` comments or blank, when there are comments among them; else 0.

    A comment is ``#`` alone or followed by a space, ``-`` or ``#``; a header cell named ``#`` (``#;Name``)
    is not one.

    >>> comment_lines(["# Account: Muster AG", "", "# Start date: 20250101", "Date,Sessions", "20250101,3"])
    3
    >>> comment_lines(["#;Name", "1;A"]), comment_lines(["", "a,b"])
    (0, 0)
    """
    lead = 0
    while lead < len(lines) and (not lines[lead].strip() or _COMMENT.match(lines[lead])):
        lead += 1
    if lead >= len(lines) or not any(_COMMENT.match(ln) for ln in lines[:lead]):
        return 0
    return lead


def looks_binary(text: str) -> bool:
    """Whether decoded text is mostly control characters: an image, an archive, not an export."""
    sample = text[:4000]
    control = sum(1 for ch in sample if (ch < " " and ch not in "\t\r\n") or ch == "\ufffd")
    return control > max(8, len(sample) // 20)


def is_wrapped(lines: list[str]) -> bool:
    """Whether every line is one quoted field that holds a whole separated record."""
    filled = [ln.strip() for ln in lines if ln.strip()]
    if len(filled) < 2 or not all(len(ln) > 1 and ln[0] == ln[-1] == '"' for ln in filled):
        return False
    if any(_count_outside_quotes(ln, sep) for ln in filled for sep in SEPARATORS):
        return False  # quoted fields with separators between them: ordinary CSV
    inner = [ln[1:-1].replace('""', '"') for ln in filled]
    return detect_layout(inner)[0] != WHITESPACE


def unwrap(text: str) -> str:
    """Text whose every line was one quoted field, with that outer layer of quotes removed."""
    out = []
    for ln in text.split("\n"):
        end = "\r" if ln.endswith("\r") else ""
        body = ln[: len(ln) - len(end)]
        stripped = body.strip()
        if len(stripped) > 1 and stripped[0] == stripped[-1] == '"':
            body = stripped[1:-1].replace('""', '"')
        out.append(body + end)
    return "\n".join(out)


def declared_sep(line: str) -> str | None:
    r"""The separator of an Excel ``sep=;`` first line, else None.

    >>> declared_sep("sep=;"), declared_sep('"sep=,"'), declared_sep("Deal-ID;Betrag")
    (';', ',', None)
    """
    text = line.strip().strip('"').strip()
    if len(text) == 5 and text[:4].lower() == "sep=":
        return text[4]
    return None


def sep_name(sep: str) -> str:
    """A separator as messages name it (Tab, ';', whitespace)."""
    return {"\t": "Tab", " ": "' '", WHITESPACE: "Leerraum/whitespace"}.get(sep, f"'{sep}'")


def check_given_sep(given: str, detected: str, lines: list[str], skip: int, display: str) -> None:
    """A read.sep that leaves the header in one piece while another separator splits it: say so."""
    if given in ("whitespace", " ", r"\s+") or detected == WHITESPACE or given == detected:
        return
    header = lines[skip] if skip < len(lines) else ""
    if len(split_header(header, given)) == 1 and len(split_header(header, detected)) > 1:
        raise DataError("WRONG_SEPARATOR", file=display, row=skip + 1, given=sep_name(given),
                        found=sep_name(detected), found_raw=detected)


def split_header(line: str, sep: str) -> list[str]:
    """The fields of a header line, stripped (``sep`` may be ``WHITESPACE``)."""
    if sep == WHITESPACE:
        return line.split()
    return [h.strip() for h in next(csv.reader([line], delimiter=sep))]
