"""Screenshot a notebook in a real JupyterLab, rendered by headless Chromium.

Starts ``jupyter lab`` headless on 127.0.0.1 (a free port, a random token, config, runtime, settings
and workspaces in a temporary folder; ``--allow-root`` when run as root), opens the notebook in
headless Chromium through the DevTools protocol, waits until JupyterLab has rendered it and the
kernel is idle, optionally runs all cells (``--run``) so that the trainer widgets come alive,
saves a PNG and shuts everything down. Nothing is downloaded: Chromium is the system's
(``/usr/bin/chromium`` or ``$CHROMIUM``).

    .venv/bin/python scripts/lab_screenshot.py                       # exercises/01_*.ipynb, else notebooks/01_*
    .venv/bin/python scripts/lab_screenshot.py notebooks/05_datenanalyse_starten.ipynb --run
        --scroll-to .widget-image --out reports/screenshots/explorer.png   # (one line)

Exit status 0 when the screenshot was written, 1 otherwise (the reason on stderr).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import command, find_chromium

ROOT = Path(__file__).resolve().parents[1]


def default_notebook() -> Path:
    """The first exercise notebook if there is one, else the first phase notebook."""
    for pattern in ("exercises/01_*.ipynb", "notebooks/01_*.ipynb"):
        found = sorted(ROOT.glob(pattern))
        if found:
            return found[0]
    raise FileNotFoundError("no exercises/01_*.ipynb or notebooks/01_*.ipynb")


def serve_root(notebook: Path) -> Path:
    """The folder JupyterLab serves: the checkout holding the notebook (nearest ``pyproject.toml`` or ``.git``)."""
    for folder in Path(notebook).resolve().parents:
        if (folder / "pyproject.toml").exists() or (folder / ".git").exists():
            return folder
    return Path(notebook).resolve().parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str | None = None, timeout: float = 5.0):
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"Got url={url!r}. Only http://127.0.0.1 is contacted.")
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1 only
        return json.loads(response.read().decode() or "null")


def _wait(predicate, timeout: float, what: str, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as err:  # not up yet
            last_error = err
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}" + (f" ({last_error})" if last_error
                                                                                else ""))


class Lab:
    """A JupyterLab server on 127.0.0.1 with a token, in a temporary home; a context manager."""

    def __init__(self, root: Path, tmp: Path, *, company: Path | None = None) -> None:
        self.root, self.tmp = root, tmp
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.company = company
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Lab:
        settings = self.tmp / "settings" / "@jupyterlab"
        # no "news / updates?" toast over the notebook, and no autosave: the notebook on disk stays as it is
        for plugin, values in {"apputils-extension/notification": {"checkForUpdates": False, "fetchNews": "false"},
                               "docmanager-extension/plugin": {"autosave": False}}.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(self.tmp / "config"),
               "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"), "KPIKIT_COMPANY": str(self.company or "")}
        if not self.company:
            env.pop("KPIKIT_COMPANY")
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
               f"--LabApp.user_settings_dir={self.tmp / 'settings'}",
               f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = (self.tmp / "lab.log").open("w")
        self.process = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.root)
        _wait(lambda: self.process.poll() is None and _get(f"{self.url}/api/status", self.token), 90,
              "jupyter lab to start")
        return self

    def notebook_url(self, notebook: Path) -> str:
        """The notebook's URL in JupyterLab, logging in with the token."""
        rel = urllib.parse.quote(notebook.resolve().relative_to(self.root.resolve()).as_posix())
        return f"{self.url}/lab/tree/{rel}?token={self.token}&reset"

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        with contextlib.suppress(Exception):
            request = urllib.request.Request(f"{self.url}/api/shutdown", method="POST",  # noqa: S310
                                             headers={"Authorization": f"token {self.token}"})
            urllib.request.urlopen(request, timeout=5)  # noqa: S310 - 127.0.0.1 only
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class Browser:
    """Headless Chromium driven through the DevTools protocol (one page); a context manager."""

    def __init__(self, binary: str, tmp: Path, *, width: int = 1400, height: int = 1000) -> None:
        self.binary, self.tmp, self.size = binary, tmp, (width, height)
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.ws = None
        self._id = 0

    def __enter__(self) -> Browser:
        import websocket  # websocket-client, a dependency of jupyter_server

        # JupyterLab runs on 127.0.0.1: not offline (that proxy would swallow loopback requests too)
        cmd = command(self.binary, self.tmp / "chromium", f"--remote-debugging-port={self.port}",
                      "--remote-allow-origins=*", "about:blank", headless="--headless=new",
                      width=self.size[0], height=self.size[1], offline=False)
        self.log = (self.tmp / "chromium.log").open("w")
        self.process = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        pages = _wait(lambda: [t for t in _get(f"http://127.0.0.1:{self.port}/json/list") if t["type"] == "page"],
                      30, "chromium's DevTools endpoint")
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=self.size[0], height=self.size[1],
                  deviceScaleFactor=1, mobile=False)  # the viewport exactly, whatever the window decorations
        return self

    def send(self, method: str, **params):
        """One DevTools command; returns its result (events in between are skipped)."""
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression: str):
        """Evaluate ``expression`` in the page (promises awaited) and return its value."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("text", "JavaScript error"))
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        """Save the viewport as PNG."""
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


# JavaScript run in the page (JupyterLab exposes its app as window.jupyterapp with expose_app_in_browser).
PANEL = "Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.sessionContext && w.content)"
NOTEBOOK_READY = """(() => {
  const app = window.jupyterapp; if (!app) return false;
  const w = PANEL_JS; if (!w) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return w.content.widgets.length > 0 && !!k && k.status === 'idle'
    && document.querySelectorAll('.jp-Notebook .jp-Cell').length > 0;
})()"""
RUN_ALL = """(() => { const w = PANEL_JS; window.jupyterapp.shell.activateById(w.id);
  return window.jupyterapp.commands.execute('notebook:run-all-cells').then(() => true); })()"""
ALL_RUN = """(() => {
  const w = PANEL_JS; const k = w.sessionContext.session.kernel;
  const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')].map(p => p.textContent);
  return k.status === 'idle' && !prompts.some(p => p.includes('*'));
})()"""
SCROLL_TO = """((sel) => { const el = document.querySelector(sel); if (!el) return false;
  (el.closest('.jp-Cell') || el).scrollIntoView({block: 'start'}); return true; })(%s)"""
COLLAPSE_LEFT = "(() => { window.jupyterapp.shell.collapseLeft(); return true; })()"
NOTEBOOK_READY, RUN_ALL, ALL_RUN, SCROLL_TO = (js.replace("PANEL_JS", PANEL)
                                               for js in (NOTEBOOK_READY, RUN_ALL, ALL_RUN, SCROLL_TO))


def screenshot(notebook: Path, out: Path, *, run: bool = False, scroll_to: str | None = None, width: int = 1400,
               height: int = 1000, timeout: float = 180.0, chromium: str | None = None, settle: float = 2.0,
               sidebar: bool = False) -> Path:
    """Open ``notebook`` in a fresh JupyterLab in headless Chromium and save a screenshot to ``out``.

    Parameters
    ----------
    notebook : Path
        The notebook; JupyterLab serves the checkout it lies in (see ``serve_root``).
    out : Path
        Where to write the PNG.
    run : bool
        Run all cells first and wait until the kernel is idle (widgets then render live).
    scroll_to : str, optional
        CSS selector to scroll into view before the screenshot (e.g. ``.widget-image``).
    width, height : int
        Browser viewport in pixels.
    timeout : float
        Seconds to wait for each step (server, page, run).
    chromium : str, optional
        The browser binary; found with ``find_chromium`` by default.
    settle : float
        Seconds to let rendering settle before the screenshot.
    sidebar : bool
        Keep the file browser open (by default it is collapsed, leaving the width to the notebook).
    """
    binary = chromium or find_chromium()
    if not binary:
        raise FileNotFoundError("no Chromium found (set $CHROMIUM or install the 'chromium' package)")
    notebook = Path(notebook).resolve()
    original = notebook.read_bytes()
    tmp = Path(tempfile.mkdtemp(prefix="kpikit-lab-"))
    try:
        root = serve_root(notebook)
        with Lab(root, tmp, company=ROOT / "datasets" / "demo") as lab, \
                Browser(binary, tmp, width=width, height=height) as browser:
            browser.send("Page.navigate", url=lab.notebook_url(notebook))
            _wait(lambda: browser.js(NOTEBOOK_READY), timeout, "the notebook to render with an idle kernel")
            if not sidebar:
                browser.js(COLLAPSE_LEFT)
            if run:
                browser.js(RUN_ALL)
                time.sleep(1.0)
                _wait(lambda: browser.js(ALL_RUN), timeout, "all cells to run", interval=0.5)
            if scroll_to:
                _wait(lambda: browser.js(SCROLL_TO % json.dumps(scroll_to)), 30, f"{scroll_to!r} to appear")
            time.sleep(settle)
            browser.screenshot(Path(out))
        return Path(out)
    finally:
        if notebook.read_bytes() != original:  # autosave is off; should JupyterLab still have saved, undo it
            notebook.write_bytes(original)
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("notebook", nargs="?", type=Path, help="default: exercises/01_*.ipynb, else notebooks/01_*")
    p.add_argument("--out", type=Path, help="PNG to write (default: reports/screenshots/<notebook>.png)")
    p.add_argument("--run", action="store_true", help="run all cells first (live widgets)")
    p.add_argument("--scroll-to", help="CSS selector to scroll into view, e.g. '.widget-image'")
    p.add_argument("--width", type=int, default=1400)
    p.add_argument("--height", type=int, default=1000)
    p.add_argument("--timeout", type=float, default=180.0)
    p.add_argument("--sidebar", action="store_true", help="keep the file browser open")
    args = p.parse_args(argv)
    notebook = args.notebook or default_notebook()
    out = args.out or ROOT / "reports" / "screenshots" / f"{Path(notebook).stem}.png"
    try:
        path = screenshot(notebook, out, run=args.run, scroll_to=args.scroll_to, width=args.width,
                          height=args.height, timeout=args.timeout, sidebar=args.sidebar)
    except Exception as err:
        print(f"lab_screenshot: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
