"""The system's headless Chromium, launched one way for every script and test that needs a browser.

``find_chromium`` finds the binary (``$CHROMIUM``, else ``chromium``, ``chromium-browser``, Chrome);
``command`` builds the command line shared by all launches (headless, no GPU, no first-run dialogs,
a throw-away profile, ``--no-sandbox`` when run as root, optionally offline); ``render`` runs a page
once and returns what Chromium printed (``--dump-dom``) or wrote (``--screenshot``). Nothing is
downloaded.

    .venv/bin/python scripts/chromium.py reports/<firma>/latest/bericht.html    # the DOM after scripts ran
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# A proxy that leads nowhere: whatever the page loads from the web is missing, not fetched.
OFFLINE = ("--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>")


def find_chromium() -> str | None:
    """The Chromium binary: ``$CHROMIUM``, else the first of the usual names on PATH; None without one."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def command(binary: str, profile: Path | str, *args: str, headless: str = "--headless",
            width: int = 1280, height: int = 1000, offline: bool = True) -> list[str]:
    """The command line of one headless Chromium: shared flags, then ``args``.

    Parameters
    ----------
    binary : str
        The Chromium binary (``find_chromium``).
    profile : path
        A fresh folder for the profile (``--user-data-dir``).
    *args : str
        More flags and the URL.
    headless : str
        ``--headless`` (one-shot ``--dump-dom``/``--screenshot``) or ``--headless=new`` (DevTools).
    width, height : int
        The window size.
    offline : bool
        Route every web request to a proxy that leads nowhere.

    Returns
    -------
    list of str
    """
    cmd = [binary, headless, "--disable-gpu", "--no-first-run", "--no-default-browser-check",
           "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
           f"--window-size={width},{height}", f"--user-data-dir={profile}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses to run as root with its sandbox
        cmd.append("--no-sandbox")
    if offline:
        cmd.extend(OFFLINE)
    return [*cmd, *args]


def render(page: Path, *, dump_dom: bool = False, screenshot: Path | None = None, width: int = 1280,
           height: int = 1000, chromium: str | None = None, timeout: float = 120.0,
           budget_ms: int | None = None) -> str:
    """Open a local ``page`` once in headless Chromium, offline, scripts enabled as a browser has them.

    Parameters
    ----------
    page : Path
        The HTML file.
    dump_dom : bool
        Return the DOM as it stands after the page's scripts ran (``--dump-dom``).
    screenshot : Path, optional
        Save a PNG of ``width`` × ``height`` here.
    width, height : int
        The window size.
    chromium : str, optional
        The binary (default ``find_chromium()``).
    timeout : float
        Seconds before Chromium is given up.
    budget_ms : int, optional
        Virtual time the page gets to run timers and handlers before the DOM is taken.

    Returns
    -------
    str
        What Chromium printed on stdout (the DOM with ``dump_dom``).

    Raises
    ------
    RuntimeError
        Without Chromium, or when it wrote no screenshot or no DOM.
    """
    binary = chromium or find_chromium()
    if binary is None:
        raise RuntimeError("Chromium not found: `apt-get install chromium`, or set $CHROMIUM")
    args = []
    if dump_dom:
        args.append("--dump-dom")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        args.append(f"--screenshot={screenshot}")
    if budget_ms is not None:
        args.append(f"--virtual-time-budget={budget_ms}")
    with tempfile.TemporaryDirectory(prefix="kpikit-chromium-") as profile:
        cmd = command(binary, profile, *args, Path(page).resolve().as_uri(), width=width, height=height)
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if screenshot is not None and (not screenshot.is_file() or screenshot.stat().st_size == 0):
        raise RuntimeError(f"Chromium wrote no screenshot (exit {done.returncode}): {done.stderr[-500:]}")
    if dump_dom and "<html" not in done.stdout:
        raise RuntimeError(f"Chromium printed no DOM (exit {done.returncode}): {done.stderr[-500:]}")
    return done.stdout


if __name__ == "__main__":
    try:
        print(render(Path(sys.argv[1]), dump_dom=True, budget_ms=2000))
    except (IndexError, OSError, RuntimeError, subprocess.SubprocessError) as err:
        print(f"chromium: {err}", file=sys.stderr)
        sys.exit(1)
