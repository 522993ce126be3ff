"""Files written whole or not at all: a reader never sees half a report, workbook or cache."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_file(path: Path, *, mode: int = 0o644, parents: bool = True) -> Iterator[BinaryIO]:
    """Open a hidden temporary file beside ``path`` for writing; rename it to ``path`` when the block ends.

    When the block raises (a full disk, Ctrl-C, a stop by SIGTERM under the plan runner), the temporary
    file is removed and ``path`` is left as it was: no partial ``.<name>.*`` file stays behind. With
    ``parents=False`` a missing folder is an error (``FileNotFoundError``) instead of being created.

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_file(target) as fh:
    ...     _ = fh.write(b"ok")
    >>> target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'ok', ['a.txt'])
    """
    path = Path(path)
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], object], *, mode: int = 0o644,
                 parents: bool = True) -> Path:
    """Write ``data`` (bytes, or a function that writes to the open file) to ``path`` atomically (``atomic_file``).

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "b.bin"
    >>> atomic_write(target, lambda fh: fh.write(b"xy")).read_bytes()
    b'xy'
    """
    with atomic_file(path, mode=mode, parents=parents) as fh:
        if callable(data):
            data(fh)
        else:
            fh.write(data)
    return Path(path)
