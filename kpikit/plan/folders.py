"""The run folders of the plan: one of its own per run, published whole, never overwritten.

``<out>/<company>/<stamp>/`` is a run (``<stamp>-2``, ``-3`` … when a run of the same company took that
second already, in this call or in another process). A run is written to a hidden temporary folder of its
own, ``<out>/<company>/.<stamp>-<random>.tmp``, created exclusively; when it is complete, its name is
taken with an exclusive ``mkdir`` and the temporary folder renamed onto that empty folder, so a run never
lands in, replaces or deletes another's. ``<out>/<company>/latest`` is a symbolic link to the run
published last, switched atomically (created under a temporary name, then renamed over the old one).

The companies loaded once for the notebooks' kernels are pickled into a private folder (mode 0700) in the
system's temporary folder, ``.kpikit-cache-<pid>-<random>``, removed when the run ends however it ends; one
left behind by a process that was killed outright is removed by the next run.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from kpikit.core.errors import KpikitError

SLUG_MAX = 60  # characters of a company's folder name; far below any file system's 255 bytes
CACHE_PREFIX = ".kpikit-cache-"
_CACHE = re.compile(rf"^{re.escape(CACHE_PREFIX)}(\d+)-")


class OutputError(KpikitError):
    """The output folder (``--out``) or a run folder in it cannot be written: which folder, why and the fix."""


def slug(name: str) -> str:
    """A folder name for a company: ``Bürokafi Muster AG`` → ``buerokafi-muster-ag``, at most ``SLUG_MAX`` long.

    A longer name is cut and ends in eight characters of its hash, so two long names that begin alike still
    get folders of their own.

    >>> slug("Bürokafi Muster AG")
    'buerokafi-muster-ag'
    >>> long = slug("Sehr " * 40 + "AG")
    >>> len(long), long[-9:] == "-" + hashlib.sha256(("Sehr " * 40 + "AG").encode()).hexdigest()[:8]
    (60, True)
    """
    text = name.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("é", "e"), ("è", "e"), ("à", "a")):
        text = text.replace(a, b)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "firma"
    if len(text) > SLUG_MAX:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        text = f"{text[:SLUG_MAX - 9].rstrip('-')}-{digest}"
    return text


def prepare_out(out: Path) -> None:
    """Create the output folder and make sure a folder can be created in it; ``OutputError`` otherwise.

    Checked before anything runs, so that a read-only, missing or misspelt ``--out`` is one clear message.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = make_temp(out, "probe")
        probe.rmdir()
    except OSError as err:
        raise output_error(err, out) from err


def make_temp(parent: Path, stamp: str) -> Path:
    """A new hidden temporary folder in ``parent`` (created as needed), created exclusively for this run."""
    parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = parent / f".{stamp}-{secrets.token_hex(4)}.tmp"
        try:
            os.mkdir(tmp)
            return tmp
        except FileExistsError:  # another run drew the same name: draw again
            continue


def publish(tmp: Path, stamp: str) -> Path:
    """Rename the complete folder ``tmp`` to ``<stamp>`` beside it, or to the first free ``<stamp>-<n>``.

    The name is taken with an exclusive ``mkdir`` first; the rename then replaces that empty folder of our
    own, atomically. An existing run is never replaced, entered or deleted.
    """
    for n in range(1, 10_000):
        target = tmp.parent / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            os.mkdir(target)
        except FileExistsError:
            continue
        try:
            os.rename(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.rmdir(target)
            raise
        return target
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(tmp.parent / stamp))


def point_latest(target: Path) -> None:
    """Point ``latest`` beside ``target`` at it: a relative symlink made under a temporary name, then renamed.

    Where no symlink can be made (a file system without them) or ``latest`` is a real folder, it is left as
    it is: the run folder itself is there.
    """
    link = target.parent / "latest"
    tmp_link = target.parent / f".latest-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        tmp_link.symlink_to(target.name, target_is_directory=True)
        os.replace(tmp_link, link)
    except OSError:
        with contextlib.suppress(OSError):
            tmp_link.unlink()


def discard(folder: Path) -> None:
    """Remove a temporary folder of this run (or what is left of it)."""
    shutil.rmtree(folder, ignore_errors=True)


def make_cache() -> Path:
    """A private folder (mode 0700) in the system's temporary folder for the companies of this run.

    Folders left by runs whose process is gone (killed outright, so it could not clean up) go first.
    """
    root = Path(tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for old in root.iterdir():
            match = _CACHE.match(old.name)
            if match and not _alive(int(match.group(1))) and old.lstat().st_uid == os.getuid():
                shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{CACHE_PREFIX}{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


# errno -> the code of the message (E_OUT_<code>, F_OUT_<code> in kpikit.core.messages.cli)
_FAULTS = {
    errno.EROFS: "READONLY",
    errno.EACCES: "DENIED",
    errno.EPERM: "DENIED",
    errno.ENOSPC: "FULL",
    errno.EDQUOT: "FULL",
    errno.EFBIG: "FULL",
    errno.ENOTDIR: "NOTDIR",
    errno.EEXIST: "NOTDIR",
    errno.ENAMETOOLONG: "LONG",
}


def output_error(err: OSError, folder: Path) -> OutputError:
    """The ``OutputError`` for ``err`` met while writing in ``folder``: what went wrong there and the fix.

    >>> output_error(OSError(errno.ENOSPC, "No space left on device"), Path("/srv/reports")).code
    'OUT_FULL'
    """
    code = _FAULTS.get(err.errno or 0, "OTHER")
    blocker = folder
    if code == "NOTDIR":  # the part of the path that is a file, not a folder
        for part in (folder, *folder.parents):
            with contextlib.suppress(OSError):
                if part.exists() and not part.is_dir():
                    blocker = part
                    break
    return OutputError(f"OUT_{code}", folder=str(folder), blocker=str(blocker),
                       detail=err.strerror or type(err).__name__)
