"""The full 30-day plan on the demo company against the floor of its own work and against the peer tools.

Measured in one run, interleaved (plan, plan --jobs 1, floor, peer, batch, plan, …), best of R:

- **plan** (``plan_s``): ``kpikit run datasets/demo`` as a user runs it, default jobs; ``plan_jobs1_s``
  with ``--jobs 1``.
- **compute floor** (``compute_floor_s``): the same seven notebooks' code cells executed one after
  another in one plain Python process: no kernel, no papermill. The company is loaded and checked
  once, as the runner does; each notebook's cells run with ``exec`` in a fresh namespace with the
  parameters set; what a cell shows is formatted as a kernel would (PNG for charts, HTML for
  tables); then the same report and workbook are written. This is what the plan's content costs
  with no notebook machinery at all. Target: plan ≤ 1.25× the floor.
- **peer** (``peer_s``): what a user does without kpikit's runner: the ``papermill`` CLI on each of the
  seven notebooks in turn, then ``jupyter nbconvert --to html --no-input`` on each. Target: plan ≤ 0.4×.
- **batch** (``batch_s``): eight copies of the demo company in one ``kpikit run`` (default jobs),
  against eight times the single-company plan (``single_s``, the plan above). Target: ≤ 0.6×.

Also reported: ``import kpikit`` in a fresh interpreter (target < 0.5 s), the report HTML and
workbook writing on their own, each chart's drawing time and the floor's cProfile
(``--profile``: the top functions by cumulative time).

    python benchmarks/bench_plan.py [--repeats 3] [--quick] [--json] [--profile]
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "_data"
DEMO = ROOT / "datasets" / "demo"
BIN = Path(sys.executable).parent
TARGETS = {"plan_over_floor": 1.25, "plan_over_peer": 0.4, "batch_over_singles": 0.6}


# ---- the compute floor (run in a child process: python bench_plan.py --floor-child OUT) ----

def _floor_child(out: Path, profile: Path | None, timings: Path | None) -> None:
    """Execute the seven notebooks' code in this process, then write the report and the workbook."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    import IPython.core.display_functions as display_functions
    import IPython.display

    shown: list[dict] = []  # the display_data outputs of the cell being executed

    def display(*objs, **_kwargs):
        for obj in objs:
            bundle = _format(obj)
            if bundle:
                shown.append({"output_type": "display_data", "data": bundle, "metadata": {}})

    display_functions.display = display
    IPython.display.display = display

    import matplotlib
    matplotlib.use("Agg")
    import nbformat
    from IPython.core.formatters import DisplayFormatter
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    formatter = DisplayFormatter()
    formatter.formatters["image/png"].for_type(Figure, lambda fig: print_figure(fig, "png", bbox_inches="tight"))

    formatting = [0.0]

    def _format(obj):
        t0 = time.perf_counter()
        try:
            return _bundle(obj)
        finally:
            formatting[0] += time.perf_counter() - t0

    def _bundle(obj):
        data, _meta = formatter.format(obj)
        if "image/png" in data and isinstance(data["image/png"], bytes):
            import base64
            data["image/png"] = base64.b64encode(data["image/png"]).decode("ascii")
        return data

    from kpikit.company.cache import CACHE_ENV
    from kpikit.company.load import load_company
    from kpikit.plan import PHASES
    from kpikit.plan.folders import discard, make_cache
    from kpikit.plan.outputs import write_outputs
    from kpikit.plan.runner import cache_company

    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    cache = make_cache()
    os.environ[CACHE_ENV], os.environ["KPIKIT_BATCH"] = str(cache), "1"
    charts: list[tuple[str, float]] = []
    steps: dict[str, float] = {"imports_s": time.perf_counter() - started}
    try:
        t0 = time.perf_counter()
        company = load_company(DEMO)
        cache_company(company, DEMO, cache, {})
        steps["load_and_checks_s"] = time.perf_counter() - t0
        paths = []
        for phase in PHASES:
            t_nb = time.perf_counter()
            nb = nbformat.read(str(ROOT / "notebooks" / phase.notebook), as_version=4)
            ns = {"__name__": "__main__"}
            cwd = os.getcwd()
            os.chdir(ROOT / "notebooks")  # where papermill runs the kernel (cwd)
            try:
                for cell in nb.cells:
                    if cell.cell_type != "code":
                        continue
                    if "parameters" in cell.metadata.get("tags", []):
                        exec(cell.source, ns)  # noqa: S102
                        ns.update(company_dir=str(DEMO), lang="de", as_of="")
                        continue
                    shown.clear()
                    t0 = time.perf_counter()
                    tree = ast.parse(cell.source)
                    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                    exec(compile(tree, phase.notebook, "exec"), ns)  # noqa: S102
                    outputs = list(shown)
                    if last is not None:
                        value = eval(compile(ast.Expression(last.value), phase.notebook, "eval"), ns)  # noqa: S307
                        if value is not None:
                            outputs.append({"output_type": "execute_result", "data": _format(value), "metadata": {},
                                            "execution_count": 1})
                    cell.outputs = [nbformat.from_dict(o) for o in outputs]
                    if "plots." in cell.source:
                        charts.append((f"{phase.notebook}: {cell.source.splitlines()[-2].strip()[:60]}",
                                       time.perf_counter() - t0))
            finally:
                os.chdir(cwd)
            path = out / phase.notebook
            nbformat.write(nb, str(path))
            paths.append(path)
            steps[phase.notebook] = time.perf_counter() - t_nb
        t0 = time.perf_counter()
        errors = write_outputs(company, out, paths, lang=company.language)
        writing = time.perf_counter() - t0
        if errors:
            raise RuntimeError(errors)
    finally:
        discard(cache)
    if prof:
        prof.disable()
        prof.dump_stats(str(profile))
    if timings:
        timings.write_text(json.dumps({"total_s": time.perf_counter() - started, "outputs_s": writing,
                                       "formatting_s": formatting[0], "steps": steps, "chart_cells": charts}))


def _write_timing(out: Path) -> dict:
    """The report HTML and the workbook written on their own, from the floor's executed notebooks."""
    code = f"""
import json, time
from pathlib import Path
t0 = time.perf_counter()
from kpikit.company.load import load_company
from kpikit.plan import PHASES
from kpikit.views.report import write_report
from kpikit.views.summary import summary
from kpikit.views.workbook import write_workbook
company = load_company({str(DEMO)!r})
from kpikit.checks import run_checks
run_checks(company)
out = Path({str(out)!r})
nbs = [out / p.notebook for p in PHASES]
t1 = time.perf_counter(); page = summary(company, lang="de"); t2 = time.perf_counter()
write_report(company, nbs, out / "b2.html", phases=PHASES, lang="de", page=page); t3 = time.perf_counter()
write_workbook(company, out / "k2.xlsx", lang="de", page=page); t4 = time.perf_counter()
print(json.dumps({{"summary_s": t2 - t1, "report_html_s": t3 - t2, "workbook_s": t4 - t3}}))
"""
    return json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                     text=True).stdout.strip().splitlines()[-1])


# ---- the timed commands ----

def _run(cmd: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds


def _plan(dirs: list[Path], jobs: int | None = None) -> float:
    out = Path(tempfile.mkdtemp(prefix="kpikit-bench-"))
    try:
        return _run([str(BIN / "kpikit"), "run", *map(str, dirs), "--out", str(out), "--quiet",
                     *(["--jobs", str(jobs)] if jobs else [])])
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _floor(profile: Path | None = None, keep: Path | None = None) -> tuple[float, dict]:
    out = keep or Path(tempfile.mkdtemp(prefix="kpikit-floor-"))
    out.mkdir(parents=True, exist_ok=True)
    timings = out / "timings.json"
    try:
        seconds = _run([sys.executable, __file__, "--floor-child", str(out), "--timings", str(timings),
                        *(["--profile-out", str(profile)] if profile else [])])
        return seconds, json.loads(timings.read_text())
    finally:
        if keep is None:
            shutil.rmtree(out, ignore_errors=True)


def _peer() -> float:
    """papermill on each phase notebook in turn, then nbconvert --to html --no-input on each."""
    from kpikit.plan import PHASES
    out = Path(tempfile.mkdtemp(prefix="kpikit-peer-"))
    try:
        started = time.perf_counter()
        for phase in PHASES:
            _run([str(BIN / "papermill"), str(ROOT / "notebooks" / phase.notebook), str(out / phase.notebook),
                  "-p", "company_dir", str(DEMO), "--cwd", str(ROOT / "notebooks"), "--no-progress-bar"])
        for phase in PHASES:
            _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out / phase.notebook)])
        return time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _companies(n: int) -> list[Path]:
    """``n`` copies of the demo company, each with a name of its own (so each gets its own run folder)."""
    base = OUT / f"batch-{n}"
    dirs = []
    for i in range(1, n + 1):
        d = base / f"demo-{i}"
        if not d.is_dir():
            shutil.copytree(DEMO, d)
            yaml = d / "company.yaml"
            yaml.write_text(re.sub(r"(?m)^name: (.*)$", rf"name: \1 {i}", yaml.read_text(encoding="utf-8"), count=1),
                            encoding="utf-8")
        dirs.append(d)
    return dirs


def _import_time(what: str = "") -> float:
    code = f"import time; t = time.perf_counter(); import kpikit; {what or 'pass'}; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                    text=True).stdout) for _ in range(5))


def _rss_mb(cmd: list[str]) -> float:
    """Peak resident memory (MB) of a command and its children (getrusage of the children)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True)
    return int(done.stdout) / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="one repeat, no batch")
    p.add_argument("--json", action="store_true")
    p.add_argument("--profile", action="store_true", help="print the compute floor's cProfile")
    p.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--timings", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    args, _unknown = p.parse_known_args(argv)
    if args.floor_child:
        _floor_child(args.floor_child, args.profile_out, args.timings)
        return 0
    repeats = 1 if args.quick else args.repeats
    batch = None if args.quick else _companies(8)
    times: dict[str, list[float]] = {k: [] for k in ("plan_s", "plan_jobs1_s", "compute_floor_s", "peer_s", "batch_s")}
    floor_detail = None
    for _ in range(repeats):  # interleaved: background load shifts every method alike
        times["plan_s"].append(_plan([DEMO]))
        times["plan_jobs1_s"].append(_plan([DEMO], jobs=1))
        seconds, detail = _floor()
        times["compute_floor_s"].append(seconds)
        if floor_detail is None or detail["total_s"] < floor_detail["total_s"]:
            floor_detail = detail
        times["peer_s"].append(_peer())
        if batch:
            times["batch_s"].append(_plan(batch))
        print("  run:", {k: round(v[-1], 2) for k, v in times.items() if v}, flush=True)
    best = {k: min(v) for k, v in times.items() if v}
    best["single_s"] = best["plan_s"]
    kept = OUT / "floor-run"
    shutil.rmtree(kept, ignore_errors=True)
    _floor(keep=kept)
    extra = {"import_kpikit_s": _import_time(), "import_load_s": _import_time("kpikit.load_company"),
             **_write_timing(kept),
             "floor_outputs_s": floor_detail["outputs_s"],
             "chart_cells_s": {name: round(s, 3) for name, s in floor_detail["chart_cells"]},
             "plan_peak_rss_mb": _rss_mb([str(BIN / "kpikit"), "run", str(DEMO), "--out", str(kept / "rss"),
                                          "--quiet"]),
             "spread": {k: round(statistics.pstdev(v), 2) for k, v in times.items() if len(v) > 1},
             "cpus": os.cpu_count()}
    ratios = {"plan_over_floor": best["plan_s"] / best["compute_floor_s"],
              "plan_jobs1_over_floor": best["plan_jobs1_s"] / best["compute_floor_s"],
              "plan_over_peer": best["plan_s"] / best["peer_s"]}
    if "batch_s" in best:
        ratios["batch_over_singles"] = best["batch_s"] / (8 * best["single_s"])
    print(f"Full 30-day plan on the demo company, best of {repeats} (interleaved), {os.cpu_count()} CPUs")
    labels = {"plan_s": "kpikit run (default jobs)", "plan_jobs1_s": "kpikit run --jobs 1",
              "compute_floor_s": "compute floor (exec cells, one process)", "peer_s": "peer (papermill + nbconvert)",
              "batch_s": "batch: 8 companies, one kpikit run", "single_s": "single company (= plan)"}
    for key, label in labels.items():
        if key in best:
            print(f"  {label:42s} {best[key]:7.1f} s")
    for key, ratio in ratios.items():
        target = TARGETS.get(key)
        verdict = "" if target is None else f"(target <= {target}x) {'PASS' if ratio <= target else 'FAIL'}"
        print(f"  {key:42s} {ratio:7.2f}x {verdict}")
    print(f"  import kpikit {extra['import_kpikit_s']:.3f} s, with kpikit.load_company {extra['import_load_s']:.2f} s "
          f"(target < 0.5 s)")
    print(f"  report HTML {extra['report_html_s']:.2f} s   workbook {extra['workbook_s']:.2f} s   "
          f"first page {extra['summary_s']:.2f} s (each on its own, in a fresh process)")
    print(f"  plan peak memory (largest process) {extra['plan_peak_rss_mb']:.0f} MB")
    print("  chart cells of the floor:")
    for name, s in extra["chart_cells_s"].items():
        print(f"    {s:6.2f} s  {name}")
    if args.profile:
        prof = OUT / "floor.prof"
        _floor(profile=prof)
        pstats.Stats(str(prof)).sort_stats("cumulative").print_stats(40)
    if args.json:
        OUT.mkdir(exist_ok=True)
        (OUT / "results-plan.json").write_text(json.dumps({**{k: round(v, 3) for k, v in best.items()},
                                                           "ratios": ratios, "targets": TARGETS, **extra,
                                                           "runs": times}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
