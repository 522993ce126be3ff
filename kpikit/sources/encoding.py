"""Files of two encodings: UTF-8 lines and cp1252 lines in one export, and byte order marks in the middle.

Two exports joined into one file (a UTF-8 export with one from old Excel, or two UTF-8 exports each
with its BOM) are common. Decoding the whole file as cp1252 because one line is not UTF-8 turns every
umlaut of the other 3,000 lines into ``Ã¼``. So a file that holds valid UTF-8 characters and invalid
bytes is decoded line by line, each line in the encoding it is in, and the lines in the minority's
encoding are named (``Mixed``); a byte order mark is dropped wherever it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

BOM = b"\xef\xbb\xbf"
# one multi-byte UTF-8 character; cp1252 text almost never holds such a pair ("Ã¼" is one)
_UTF8_CHAR = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class Mixed:
    """How a file of two encodings was decoded: ``encoding`` for most lines, ``other`` for ``lines``."""

    encoding: str
    other: str
    lines: list[int]  # 1-based file lines decoded as ``other``


def has_utf8_chars(data: bytes) -> bool:
    r"""Whether ``data`` holds at least one valid multi-byte UTF-8 character.

    >>> has_utf8_chars("Zürich".encode()), has_utf8_chars("Zürich".encode("cp1252")), has_utf8_chars(b"abc")
    (True, False, False)
    """
    if len(data) < 1 << 20:
        return _UTF8_CHAR.search(data) is not None
    # large files: a lead byte followed by a continuation byte, found with numpy in 16 MB slices (the regex
    # takes 15 s/GB); a candidate is checked by the regex in its slice
    step = 1 << 24
    for start in range(0, len(data), step):
        end = min(len(data), start + step + 4)
        a = np.frombuffer(data, np.uint8, count=end - start, offset=start)
        lead = (a[:-1] >= 0xC2) & (a[:-1] <= 0xF4)
        if (lead & ((a[1:] & 0xC0) == 0x80)).any() and _UTF8_CHAR.search(data[start:end]):
            return True
    return False


def decode_mixed(data: bytes) -> tuple[bytes, Mixed] | None:
    r"""Decode ``data`` line by line (UTF-8, else cp1252) when it mixes both; None when it is plain cp1252.

    Returns the text as UTF-8 bytes (byte order marks dropped) and which lines were in the minority's
    encoding. A file whose non-ASCII lines are all invalid UTF-8 is simply cp1252: None.

    >>> text, mixed = decode_mixed("a;b\nZürich;1\n".encode() + "Bösch;2\n".encode("cp1252"))
    >>> text.decode(), mixed
    ('a;b\nZürich;1\nBösch;2\n', Mixed(encoding='utf-8', other='cp1252', lines=[3]))
    >>> decode_mixed("Zürich;1\n".encode("cp1252")) is None
    True
    """
    if not has_utf8_chars(data):
        return None
    out: list[str] = []
    utf8: list[int] = []
    cp1252: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            out.append(line.decode("ascii"))
            continue
        try:
            out.append(line.decode("utf-8"))
            utf8.append(number)
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
            cp1252.append(number)
    if not utf8:
        return None
    if not cp1252:  # valid UTF-8 after all (a BOM, then nothing else)
        mixed = Mixed("utf-8", "utf-8", [])
    elif len(cp1252) <= len(utf8):
        mixed = Mixed("utf-8", "cp1252", cp1252)
    else:
        mixed = Mixed("cp1252", "utf-8", utf8)
    return "\n".join(out).replace("\ufeff", "").encode("utf-8"), mixed


def strip_boms(data: bytes) -> bytes | None:
    r"""``data`` without the byte order marks after its start (two exports joined); None when it has none.

    >>> strip_boms(b"\xef\xbb\xbfa;b\n1;2\n\xef\xbb\xbfa;b\n"), strip_boms(b"\xef\xbb\xbfa;b\n") is None
    (b'a;b\n1;2\na;b\n', True)
    """
    first = data.find(BOM[:1], 1)  # one byte: memchr, ten times faster than finding the three
    if first < 0 or data.find(BOM, first) < 0:
        return None
    return bytes(data).replace(BOM, b"")
