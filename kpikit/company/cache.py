"""The loaded company, cached between the plan runner and the notebooks' kernels.

The runner loads each company once, runs the checks once, and names a cache folder in
``$KPIKIT_CACHE`` for the kernels; ``load_company`` there reads the pickled company instead of
the exports. Only kpikit writes these files, in a folder of the run's own (mode 0700, in the
system's temporary folder), which the runner removes when the run ends, Ctrl-C and SIGTERM included.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from kpikit.core.files import atomic_write
from kpikit.core.version import __version__

if TYPE_CHECKING:
    from kpikit.company.config import Config
    from kpikit.company.model import Company

# The environment variable that names a plan run's cache folder in its kernels.
CACHE_ENV = "KPIKIT_CACHE"


def cache_file(folder: Path, config: Config, lang: str, *, root: str | os.PathLike | None = None) -> Path | None:
    """Where a loaded company is cached: in ``root``, or else the folder ``$KPIKIT_CACHE`` names.

    The plan runner passes its run's cache folder as ``root``, and starts each notebook's kernel with
    ``$KPIKIT_CACHE`` naming the same folder; without either there is no cache (None).

    The key covers the kpikit version, the language and the path, size and modification time of
    company.yaml and every source file, so any change to the inputs loads afresh.
    """
    root = root or os.environ.get(CACHE_ENV)
    if not root:
        return None
    files = [config.path] + [Path(s.file) if Path(s.file).is_absolute() else folder / s.file for s in config.sources]
    parts = [__version__, lang, str(folder.resolve())]
    for f in files:
        st = f.stat() if f.is_file() else None
        parts.append(f"{f.resolve()}:{st.st_size if st else -1}:{st.st_mtime_ns if st else -1}")
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return Path(root) / f"company-{key}.pkl"


def read_cache(path: Path | None) -> Company | None:
    """The company cached at ``path``; None when there is none. A stale or broken file is removed."""
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301  (our own cache, written by write_cache)
    except Exception:  # a stale or broken cache is simply rebuilt
        path.unlink(missing_ok=True)
        return None


def write_cache(path: Path, company: Company) -> None:
    """Cache ``company`` at ``path``, written whole or not at all (readable by its owner only).

    A cache that cannot be written (a full disk, its folder removed as the run stops) is no cache:
    the company is loaded from the exports instead, and nothing is left behind. The folder is not
    created here: it is the run's own (``kpikit.plan.folders.make_cache``), removed when the run ends.
    """
    with contextlib.suppress(OSError):
        atomic_write(path, lambda fh: pickle.dump(company, fh, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600,
                     parents=False)
