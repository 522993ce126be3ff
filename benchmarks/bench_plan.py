"""The full 30-day plan on the demo company against the floor of the runner itself.

The floor is the same runner executing seven notebooks that only import kpikit and read their
parameters, measured in the same run. Target: the plan takes at most 1.5x the floor. Reported for
sequential (--jobs 1) and parallel (--jobs 2) runs.

The runner starts each notebook's kernel ahead when there are two cores per job (``warm_kernels``
left to the runner). The plan is also timed with the other setting, as a second baseline.

    python benchmarks/bench_plan.py [--repeats 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from kpikit.plan import PHASES, run_plan

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "_data"


def floor_notebooks(folder: Path) -> list[Path]:
    """Seven notebooks with the phase notebooks' parameters cell and nothing but ``import kpikit``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for phase in PHASES:
        source = nbformat.read(str(ROOT / "notebooks" / phase.notebook), as_version=4)
        params = next(c for c in source.cells if "parameters" in c.metadata.get("tags", []))
        nb = nbformat.v4.new_notebook(metadata=source.metadata)
        nb.cells = [nbformat.v4.new_code_cell(params.source, metadata={"tags": ["parameters"]}),
                    nbformat.v4.new_code_cell("import kpikit\nprint(company_dir, lang, as_of)")]
        path = folder / phase.notebook
        nbformat.write(nb, str(path))
        paths.append(path)
    return paths


def _time(notebooks, jobs: int, warm: bool | None = None) -> float:
    out = Path(tempfile.mkdtemp(prefix="kpikit-bench-"))
    try:
        started = time.perf_counter()
        runs = run_plan([ROOT / "datasets" / "demo"], out=out, jobs=jobs, progress=False, notebooks=notebooks,
                        warm_kernels=warm)
        seconds = time.perf_counter() - started
        if not all(r.ok for r in runs):
            raise RuntimeError([(n.notebook, n.error) for r in runs for n in r.notebooks if n.status != "ok"])
        return seconds
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="one repeat, parallel only")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    floor = floor_notebooks(OUT / "floor-notebooks")
    plan = [ROOT / "notebooks" / ph.notebook for ph in PHASES]
    results = {}
    for jobs in ([2] if args.quick else [1, 2]):
        auto = 2 * jobs <= (os.cpu_count() or 1)  # what run_plan chooses
        f_times, p_times, c_times = [], [], []
        for _ in range(1 if args.quick else args.repeats):
            f_times.append(_time(floor, jobs))  # interleaved: floor, plan, cold plan, floor, plan …
            p_times.append(_time(plan, jobs))
            if not args.quick:
                c_times.append(_time(plan, jobs, warm=not auto))
        f, pl = min(f_times), min(p_times)
        results[f"jobs{jobs}"] = {"warm_kernels": auto, "floor_s": f, "plan_s": pl, "ratio": pl / f}
        if c_times:
            results[f"jobs{jobs}"].update(other_plan_s=min(c_times), other_over_plan=min(c_times) / pl)
    print("Full plan on the demo company vs. the runner's floor (7 notebooks that only import kpikit)")
    for key, r in results.items():
        verdict = "PASS" if r["ratio"] <= 1.5 else "FAIL"
        mode = "warm" if r["warm_kernels"] else "cold"
        other = (f"   plan with {'cold' if r['warm_kernels'] else 'warm'} kernels {r['other_plan_s']:6.1f} s "
                 f"({r['other_over_plan']:.2f}x the {mode} plan)" if "other_plan_s" in r else "")
        print(f"  {key} ({mode} kernels): floor {r['floor_s']:6.1f} s   plan {r['plan_s']:6.1f} s   "
              f"ratio {r['ratio']:.2f}x  (target <= 1.5x) {verdict}{other}")
    if args.json:
        OUT.mkdir(exist_ok=True)
        (OUT / "results-plan.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
