"""Learners' copies of the exercise notebooks: cells tagged ``solution`` removed, outputs cleared.

The full notebooks in ``exercises/`` plant the solutions and prove that every check can fail; those
cells carry the tag ``solution``. ``export(out)`` writes the copies a learner works in.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat

from kpikit.core.paths import ROOT

SOURCE = ROOT / "exercises"
SOLUTION_TAG = "solution"


def learner_notebook(nb):
    """A copy of the notebook ``nb`` (nbformat node) without solution cells and without outputs."""
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return out


def export(out: str | Path, *, source: str | Path = SOURCE) -> list[Path]:
    """Write the learners' copies of every ``*.ipynb`` in ``source`` (and its README) to ``out``.

    Raises
    ------
    ValueError
        When ``out`` is ``source`` itself: the full versions would be overwritten.
    FileNotFoundError
        When ``source`` holds no notebook.
    """
    source, out = Path(source).resolve(), Path(out).resolve()
    if out == source:
        raise ValueError(f"Got out={str(out)!r}, the folder of the full notebooks. Must be another folder.")
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"No exercise notebooks (*.ipynb) in {source}.")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        target = out / path.name
        nbformat.write(learner_notebook(nb), target)
        written.append(target)
    readme = source / "README.md"
    if readme.is_file():
        shutil.copy(readme, out / "README.md")
    return written
