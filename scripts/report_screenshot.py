"""Screenshot a plan report (``bericht.html``) in headless Chromium, offline.

The report must show everything without the internet: Chromium gets a proxy that leads nowhere, so a
script, font or image loaded from the web would be missing from the picture, and the request is
reported. Nothing is downloaded: Chromium is the system's (``/usr/bin/chromium`` or ``$CHROMIUM``).

    .venv/bin/python scripts/report_screenshot.py                         # newest demo report
    .venv/bin/python scripts/report_screenshot.py reports/<firma>/latest/bericht.html --out report.png
    .venv/bin/python scripts/report_screenshot.py REPORT --height 12000    # more of the page

Exit status 0 when the screenshot was written, 1 otherwise (the reason on stderr).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import render

ROOT = Path(__file__).resolve().parents[1]


def newest_report() -> Path:
    """``reports/*/latest/bericht.html`` of the most recent run (``make demo`` writes one)."""
    found = sorted(ROOT.glob("reports/*/latest/bericht.html"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise FileNotFoundError("no reports/*/latest/bericht.html: run `make demo` first, or name a report")
    return found[-1]


def web_references(html: str) -> list[str]:
    """Scripts, stylesheets, images and fonts the page would fetch from the web.

    >>> web_references('<img src="data:image/png;base64,AA"><script src="https://cdn.x/a.js"></script>')
    ['https://cdn.x/a.js']
    """
    refs = re.findall(r"""<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)=["']?((?:https?:)?//[^"' >]+)""",
                      html, flags=re.I)
    refs += re.findall(r"""url\(\s*["']?((?:https?:)?//[^"')]+)""", html, flags=re.I)
    return refs


def screenshot(report: Path, out: Path, *, width: int = 1280, height: int = 6000, chromium: str | None = None,
               timeout: float = 120.0) -> Path:
    """Render ``report`` offline (the web leads nowhere) and save a PNG of ``width`` × ``height`` pixels."""
    render(report, screenshot=out, width=width, height=height, chromium=chromium, timeout=timeout)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: screenshot a report; 0 when the PNG was written."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("report", nargs="?", type=Path, help="bericht.html (default: the newest under reports/)")
    p.add_argument("--out", type=Path, default=None, help="PNG to write (default: next to the report)")
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--height", type=int, default=6000)
    args = p.parse_args(argv)
    try:
        report = args.report or newest_report()
        out = args.out or report.with_name("bericht.png")
        refs = web_references(report.read_text(encoding="utf-8"))
        if refs:
            print(f"the report refers to the web: {', '.join(refs[:5])}", file=sys.stderr)
            return 1
        screenshot(report, out, width=args.width, height=args.height)
    except (OSError, RuntimeError, subprocess.SubprocessError) as err:
        print(f"report_screenshot: {err}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
