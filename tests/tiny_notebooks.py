"""A phase-like notebook of one code cell, for runner tests that need a real papermill run but no KPIs."""

from __future__ import annotations

from pathlib import Path

import nbformat


def tiny_notebook(path: Path, body: str) -> Path:
    """Write a notebook with the plan's ``parameters`` cell and one code cell ``body`` to ``path``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('company_dir: str = ""  # folder\nlang: str = "de"  # language\n'
                                          'as_of: str = ""  # date', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path
