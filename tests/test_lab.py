"""A real JupyterLab in headless Chromium: scripts/lab_screenshot.py opens a notebook and saves a screenshot."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "lab_screenshot.py"
sys.path.insert(0, str(SCRIPT.parent))
from lab_screenshot import default_notebook, find_chromium  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine (set $CHROMIUM)")]


def shoot(tmp_path, *args, notebook=None):
    out = tmp_path / "shot.png"
    nb = Path(notebook or default_notebook())
    before = nb.read_bytes()
    run = subprocess.run([sys.executable, str(SCRIPT), str(nb), "--out", str(out), "--timeout", "300", *args],
                         capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stderr
    assert nb.read_bytes() == before, "the notebook on disk is left as it was"
    return out


def assert_non_trivial(png: Path):
    image = Image.open(png)
    assert image.size == (1400, 1000)
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert png.stat().st_size > 30_000
    assert pixels.std() > 20, "not a blank page"
    assert (pixels < 128).mean() > 0.01, "text is drawn"


def test_first_exercise_notebook_in_jupyterlab(tmp_path):
    # the script waits until JupyterLab shows the notebook's cells with an idle kernel: no login page
    assert_non_trivial(shoot(tmp_path))


def test_live_explorer_in_jupyterlab(tmp_path):
    # run all cells: the explorer's chart (an ipywidgets Image sent by the kernel) must appear
    png = shoot(tmp_path, "--run", "--scroll-to", ".widget-image",
                notebook=ROOT / "notebooks" / "05_datenanalyse_starten.ipynb")
    assert_non_trivial(png)
