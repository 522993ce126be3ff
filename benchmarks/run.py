"""Run every ``benchmarks/bench_*.py`` (each has ``main(argv)``), forwarding the command-line flags.

    .venv/bin/python benchmarks/run.py            # full size (``make bench``)
    .venv/bin/python benchmarks/run.py --quick    # 100,000 rows, 1 repeat
    .venv/bin/python benchmarks/run.py --json     # also write benchmarks/_data/results-*.json

Timings never fail the run: the exit code is non-zero only when a benchmark crashes.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Run all benchmark modules in name order; return the highest exit code among them."""
    argv = list(sys.argv[1:] if argv is None else argv)
    status = 0
    modules = sorted(HERE.glob("bench_*.py"))
    if not modules:
        print(f"no bench_*.py in {HERE}")
        return 1
    sys.path.insert(0, str(HERE))
    for path in modules:
        print(f"=== {path.name} {' '.join(argv)}".rstrip(), flush=True)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        status = max(status, int(module.main(argv) or 0))
        print(flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
