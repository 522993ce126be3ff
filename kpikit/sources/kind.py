"""What a source's path is, before anything opens it: a file, or a folder, a pipe, a device, a system file.

Opening a named pipe blocks until someone writes to it, ``/dev/zero`` never ends, and the files under
``/proc`` and ``/sys`` hold the machine's own state (its environment, its processes), which must never
end up quoted in an error or a report. So the path is looked at with ``stat`` (which opens nothing) and
anything but an ordinary file is refused with what it is.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kpikit.core.errors import DataError
from kpikit.core.i18n import t

# pseudo file systems whose files are the machine's state, not exports
SYSTEM_ROOTS = ("/proc", "/sys")


def file_kind(path: Path) -> str | None:
    """``None`` for an ordinary file or a missing path; otherwise what the path is (a ``KIND_*`` message key).

    >>> file_kind(Path("/")), file_kind(Path("/dev/null")), file_kind(Path("/proc/self/status"))
    ('KIND_DIRECTORY', 'KIND_DEVICE', 'KIND_SYSTEM')
    >>> file_kind(Path("/no/such/file")) is None
    True
    """
    try:
        st = os.stat(path)  # follows symlinks, opens nothing
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "KIND_LOOP"
        return None  # not readable: the reader says so
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return "KIND_DIRECTORY"
    if stat.S_ISFIFO(mode):
        return "KIND_FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "KIND_DEVICE"
    if stat.S_ISSOCK(mode):
        return "KIND_SOCKET"
    if not stat.S_ISREG(mode):
        return "KIND_OTHER"
    for root in SYSTEM_ROOTS:
        try:
            if os.stat(root).st_dev == st.st_dev:
                return "KIND_SYSTEM"
        except OSError:
            continue
    return None


def check_file(path: Path, display: str, table: str | None = None) -> None:
    """Raise ``FILE_NOT_REGULAR`` when ``path`` exists but is no ordinary file (see ``file_kind``).

    Parameters
    ----------
    path : Path
        The source's file, as resolved against the company folder.
    display : str
        How messages name it (the path as company.yaml writes it).
    table : str, optional
        The table the file feeds, named in the fix.

    Raises
    ------
    DataError
        ``FILE_NOT_REGULAR``, naming what the path is: a folder, a named pipe, a device, a socket, a file of
        the operating system (``/proc``, ``/sys``) or a symbolic link loop.
    """
    kind = file_kind(path)
    if kind is None:
        return
    what = {lang: t(kind, lang, path=display) for lang in ("de", "en")}
    raise DataError("FILE_NOT_REGULAR", file=display, table=table or "…", kind=what,
                    fix_code="FILE_NOT_REGULAR" if table else "FILE_NOT_REGULAR_ANY")
