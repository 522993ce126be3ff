"""Run every ``benchmarks/bench_*.py`` (each has ``main(argv)``), forwarding the command-line flags.

    .venv/bin/python benchmarks/run.py            # full size (``make bench``)
    .venv/bin/python benchmarks/run.py --quick    # small inputs, 1 repeat
    .venv/bin/python benchmarks/run.py --json     # also write benchmarks/_data/results-*.json
    .venv/bin/python benchmarks/run.py --only load --rows 200000

``--only NAME`` (repeatable) runs just ``bench_NAME.py``; every other flag goes to each benchmark.
Timings never fail the run: the exit code is non-zero only when a benchmark crashes or rejects
its flags.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _split_only(argv: list[str]) -> tuple[list[str], list[str]]:
    only, rest, i = [], [], 0
    while i < len(argv):
        if argv[i] == "--only" and i + 1 < len(argv):
            only.append(argv[i + 1])
            i += 2
        elif argv[i].startswith("--only="):
            only.append(argv[i].split("=", 1)[1])
            i += 1
        else:
            rest.append(argv[i])
            i += 1
    return only, rest


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark modules in name order; return 0 unless one of them failed."""
    only, argv = _split_only(list(sys.argv[1:] if argv is None else argv))
    modules = sorted(HERE.glob("bench_*.py"))
    if only:
        modules = [m for m in modules if m.stem.removeprefix("bench_") in only or m.stem in only]
    if not modules:
        print(f"no matching bench_*.py in {HERE}")
        return 1
    sys.path.insert(0, str(HERE))
    failed = []
    for path in modules:
        print(f"=== {path.name} {' '.join(argv)}".rstrip(), flush=True)
        try:
            spec = importlib.util.spec_from_file_location(path.stem, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            status = int(module.main(argv) or 0)
        except SystemExit as err:  # argparse of a benchmark rejecting a flag
            status = err.code if isinstance(err.code, int) else 1
        except Exception:
            traceback.print_exc()
            status = 1
        if status:
            failed.append(path.name)
        print(flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
