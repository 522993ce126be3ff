"""The 30-day plan: the manifest of phase notebooks and the runner that executes them per company.

``run_plan(["clients/muster-ag"])`` runs the seven notebooks with papermill for each company and
writes ``reports/<company>/<timestamp>/`` with the executed notebooks, one self-contained offline
HTML report (code hidden), an Excel workbook of the KPI table and findings, and ``run.json``.
Everything is first written to a hidden temporary folder that is renamed when complete, so a crash
never leaves half a report. A failed notebook keeps its executed copy showing the error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from kpikit.core.paths import ROOT, resolve_company_dir

NOTEBOOKS = ROOT / "notebooks"


@dataclass(frozen=True)
class Phase:
    """One phase of the 30-day plan."""

    number: int
    days: str
    title_de: str
    title_en: str
    notebook: str

    def title(self, lang: str = "de") -> str:
        """The phase title in ``lang``."""
        return self.title_de if lang == "de" else self.title_en


PHASES = (
    Phase(1, "1–3", "Ziele definieren", "Define goals", "01_ziele_definieren.ipynb"),
    Phase(2, "4–7", "KPIs auswählen", "Choose KPIs", "02_kpis_auswaehlen.ipynb"),
    Phase(3, "8–12", "Erfassung sicherstellen", "Secure data capture", "03_erfassung_sicherstellen.ipynb"),
    Phase(4, "13–16", "Schulung der Mitarbeitenden", "Train the staff", "04_schulung_mitarbeitende.ipynb"),
    Phase(5, "17–23", "Datenanalyse starten", "Start the analysis", "05_datenanalyse_starten.ipynb"),
    Phase(6, "24–27", "Ergebnisse überprüfen", "Review the results", "06_ergebnisse_ueberpruefen.ipynb"),
    Phase(7, "28–30", "Anpassungen vornehmen", "Make adjustments", "07_anpassungen_vornehmen.ipynb"),
)

# The parameters every phase notebook takes, with their types and defaults.
PARAMETERS = {
    "company_dir": (str, ""),  # company folder; empty = $KPIKIT_COMPANY or the demo company
    "lang": (str, "de"),  # de | en
    "as_of": (str, ""),  # judge periods complete by this date (2026-09-30 or 30.09.2026); empty = end of the data
}


def manifest() -> list[dict]:
    """Phase → days → notebook → parameters, as records."""
    return [{"phase": p.number, "days": p.days, "title_de": p.title_de, "title_en": p.title_en,
             "notebook": f"notebooks/{p.notebook}", "parameters": dict.fromkeys(PARAMETERS)} for p in PHASES]


@dataclass
class NotebookRun:
    """Outcome of one executed notebook."""

    phase: int
    notebook: str
    status: str
    seconds: float
    error: str | None = None


@dataclass
class CompanyRun:
    """Outcome of the plan for one company."""

    company_dir: str
    name: str
    status: str
    out_dir: str | None
    notebooks: list[NotebookRun] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when every notebook ran."""
        return self.status == "ok"


def slug(name: str) -> str:
    """A folder name for a company: ``Bürokafi Muster AG`` → ``buerokafi-muster-ag``.

    >>> slug("Bürokafi Muster AG")
    'buerokafi-muster-ag'
    """
    text = name.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("é", "e"), ("è", "e"), ("à", "a")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "firma"


def check_parameters(parameters: dict, notebooks: list[Path] | None = None) -> None:
    """Raise ``ValueError`` for a parameter that a phase notebook does not declare, or a bad ``as_of``.

    ``as_of`` is rewritten in place as YYYY-MM-DD (``30.09.2026`` is accepted).
    """
    import papermill

    notebooks = notebooks or [NOTEBOOKS / p.notebook for p in PHASES]
    if parameters.get("as_of"):  # the notebooks get it as YYYY-MM-DD, also when given as 30.09.2026
        from kpikit.core.errors import KpikitError
        from kpikit.core.fmt import parse_as_of

        try:
            parameters["as_of"] = parse_as_of(parameters["as_of"])
        except KpikitError as err:
            raise ValueError(f"as_of: {err.message('de')} / {err.message('en')}") from None
    for nb in notebooks:
        known = set(papermill.inspect_notebook(str(nb)))
        unknown = sorted(set(parameters) - known)
        if unknown:
            raise ValueError(
                f"Unbekannter Parameter / unknown parameter {unknown} for {nb.name}. "
                f"Erlaubt / allowed: {sorted(known)}."
            )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def localise(notebook: str | Path, lang: str, out: Path) -> Path:
    """A copy of ``notebook`` whose Markdown cells are in ``lang``.

    The phase notebooks are written in German; each Markdown cell carries its English text in
    ``metadata.kpikit.en``. For ``lang="de"`` the notebook is used as it is.
    """
    import nbformat

    if lang == "de":
        return Path(notebook)
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        text = cell.get("metadata", {}).get("kpikit", {}).get(lang)
        if cell.cell_type == "markdown" and text:
            cell.source = text
    nbformat.write(nb, str(out))
    return out


# The kernel's own log ("running over TCP", shutdown noise) is not for users; a kernel that dies is
# reported by papermill and kept in the output notebook.
_KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]


@dataclass(frozen=True)
class _Task:
    """One notebook of one company, as sent to a worker process."""

    index: int
    notebook: str
    output: str
    parameters: dict
    cwd: str
    imports: tuple[str, ...] = ()


def notebook_imports(notebook: str | Path) -> tuple[str, ...]:
    """The modules a notebook's code cells import, in order (``from a import b`` gives ``a`` and ``a.b``).

    >>> import nbformat, tempfile, pathlib
    >>> cell = nbformat.v4.new_code_cell("import pandas as pd; from kpikit.views import plots")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.ipynb"
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), str(path))
    >>> notebook_imports(path)
    ('pandas', 'kpikit.views', 'kpikit.views.plots')
    """
    import ast

    import nbformat

    names: list[str] = []
    for cell in nbformat.read(str(notebook), as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics: the cell's imports are left to the cell
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")]
    return tuple(dict.fromkeys(names))


# Packages whose import prints nothing: preloading them cannot hide a message or a warning that
# the notebook's own import would show (a preloaded module is not imported again).
PRELOAD = ("kpikit", "pandas", "numpy", "pyarrow", "matplotlib", "seaborn", "ipywidgets", "IPython")


def _preload_line(modules: tuple[str, ...]) -> str:
    """A line for the kernel's ``exec_lines`` that imports ``modules`` without binding any name.

    It runs in its own namespace, so the notebook still has to import what it uses; a module that
    fails to import is skipped here and fails where the notebook imports it, with its traceback.
    """
    code = ("import importlib as _i, importlib.util as _u\n"
            f"for _m in {list(modules)!r}:\n"
            "    try:\n"
            "        _i.import_module(_m) if _u.find_spec(_m) is not None else None\n"
            "    except Exception:\n"
            "        pass\n")
    return f"exec({code!r}, {{}})"


def _start_kernel(task: _Task):
    """Start the kernel for ``task`` now, importing its notebook's modules; ``None`` if it cannot start.

    The kernel initialises in its own process while the worker runs the notebook before; papermill
    then finds it ready. Without a kernel here papermill starts one itself and reports any failure.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    try:
        km = AsyncKernelManager(kernel_name="python3")
        args = [*_KERNEL_ARGS]
        quiet = tuple(m for m in task.imports if m.split(".")[0] in PRELOAD)
        if quiet:
            args.append(f"--IPKernelApp.exec_lines={_preload_line(quiet)}")
        # its output reaches the notebook through the kernel protocol; what it prints on the
        # terminal itself is shutdown noise (a dead kernel is reported in the notebook by papermill)
        run_sync(km.start_kernel)(cwd=task.cwd, extra_arguments=args, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        # papermill does not own this kernel, so it leaves its client connected: keep the clients
        # to close them with the kernel (each holds sockets and threads in the worker)
        make_client, km.kpikit_clients = km.client, []
        km.client = lambda **kw: km.kpikit_clients.append(make_client(**kw)) or km.kpikit_clients[-1]
        return km
    except Exception:  # papermill tries again and reports
        return None


def _stop_kernel(km, *, wait: bool) -> None:
    """Ask a kernel to shut down; with ``wait``, also wait for it to exit and free its resources."""
    from jupyter_core.utils import run_sync

    try:
        for client in getattr(km, "kpikit_clients", ()):
            client.stop_channels()
        if not wait:
            run_sync(km.request_shutdown)()
            return
        run_sync(km.finish_shutdown)()
        run_sync(km.cleanup_resources)()
    except Exception:  # noqa: S110  (a kernel that is gone already)
        pass


def _execute(notebook: str, output: str, parameters: dict, cwd: str, km=None) -> tuple[str, float, str | None]:
    """Run one notebook with papermill (in a worker process); the output notebook is always written.

    ``km`` is a kernel started ahead by ``_start_kernel``; without it papermill starts one.
    """
    import papermill

    started = time.perf_counter()
    try:
        lang = parameters.get("lang", "de")
        if lang != "de":
            notebook = str(localise(notebook, lang, Path(cwd) / f".{Path(notebook).stem}.{lang}.ipynb"))
        extra = {"km": km} if km is not None else {"extra_arguments": _KERNEL_ARGS}
        papermill.execute_notebook(notebook, output, parameters=parameters, cwd=cwd, progress_bar=False,
                                   kernel_name="python3", log_output=False, **extra)
        return "ok", time.perf_counter() - started, None
    except papermill.PapermillExecutionError as err:
        return "failed", time.perf_counter() - started, f"{err.ename}: {err.evalue}"
    except Exception as err:  # kernel died, timeout, unreadable notebook
        return "failed", time.perf_counter() - started, f"{type(err).__name__}: {err}"
    finally:
        for tmp in Path(cwd).glob(f".{Path(output).stem}.*.ipynb"):
            tmp.unlink(missing_ok=True)


def _worker(conn, warm: bool, inherited: list | None = None) -> None:
    """A worker process: asks the parent for tasks over its own pipe and runs them, until told to stop.

    ``("want",)`` waits for a task or ``None`` (stop); ``("ahead",)`` gets the next task or ``None``
    at once. It posts ``("start", index)`` before running a task and ``("done", index, status,
    seconds, error)`` after. With ``warm`` it asks for the next task before running the current one
    and starts that task's kernel, with the modules its notebook imports, so the kernel start and the
    imports overlap the current notebook. Each notebook still gets a fresh kernel of its own. A
    finished kernel is asked to shut down and reaped after the next notebook, off the critical path.
    A worker whose parent is gone (its pipe closes) stops. ``inherited`` are the parent's pipe ends
    a forked worker holds copies of; they are closed first.
    """
    for other in inherited or ():
        other.close()
    live: dict[int, object] = {}  # id -> kernel manager, for the clean-up on the way out

    def ask(kind: str):
        conn.send((kind,))
        task = conn.recv()
        km = _start_kernel(task) if warm and task is not None else None
        if km is not None:
            live[id(km)] = km
        return task, km

    stopping: list = []
    try:
        current, km = ask("want")
        while current is not None:
            following, next_km = ask("ahead") if warm else (None, None)
            conn.send(("start", current.index))
            conn.send(("done", current.index, *_execute(current.notebook, current.output, current.parameters,
                                                        current.cwd, km)))
            for old in stopping:
                _stop_kernel(old, wait=True)
                live.pop(id(old), None)
            stopping = [km] if km is not None else []
            for old in stopping:
                _stop_kernel(old, wait=False)
            current, km = (following, next_km) if following is not None else ask("want")
    except (EOFError, OSError):  # the parent is gone, or closed the pipe once everything was done
        pass
    finally:
        for old in live.values():
            _stop_kernel(old, wait=False)
        for old in live.values():
            _stop_kernel(old, wait=True)


def run_plan(
    company_dirs: list[str | os.PathLike],
    *,
    out: str | os.PathLike = "reports",
    jobs: int | None = None,
    parameters: dict | None = None,
    progress: bool = True,
    notebooks: list[Path] | None = None,
    warm_kernels: bool | None = None,
) -> list[CompanyRun]:
    """Run the 30-day plan for each company; returns one ``CompanyRun`` per company.

    Parameters
    ----------
    company_dirs : list of path
        Company folders (or YAML files in them).
    out : path
        Where ``<company>/<timestamp>/`` folders are written.
    jobs : int, optional
        Notebooks executed at the same time (default: number of CPUs, at most 4).
    parameters : dict, optional
        Extra notebook parameters (``lang``, ``as_of``); an unknown name raises ``ValueError``.
    notebooks : list of Path, optional
        Run these notebooks instead of the seven phases (for tests).
    warm_kernels : bool, optional
        Start each notebook's kernel, with the modules the notebook imports, while the notebook
        before it runs. Every notebook still runs in a fresh kernel of its own; this costs one
        extra kernel's memory and one more busy core per job. ``False`` starts each kernel when its
        notebook begins. Default: warm when there are at least two cores per job (on two cores,
        ``jobs=1`` warm and ``jobs=2`` cold keep both cores busy and take about as long).
    """
    parameters = dict(parameters or {})
    nb_paths = [Path(n) for n in notebooks] if notebooks else [NOTEBOOKS / p.notebook for p in PHASES]
    check_parameters(parameters, nb_paths)
    jobs = jobs or min(4, os.cpu_count() or 1)
    if warm_kernels is None:
        warm_kernels = 2 * jobs <= (os.cpu_count() or 1)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(out).resolve()
    # Each company is loaded once here; the notebooks' kernels read it from this cache.
    cache = Path(tempfile.mkdtemp(prefix=".kpikit-cache-", dir=out if out.is_dir() else None))
    # KPIKIT_BATCH tells the trainer widgets that nobody will move their controls: they show their
    # starting state without precomputing every other view.
    previous = {k: os.environ.get(k) for k in ("KPIKIT_CACHE", "KPIKIT_BATCH")}
    os.environ.update(KPIKIT_CACHE=str(cache), KPIKIT_BATCH="1")
    try:
        return _run_plan(company_dirs, out, jobs, parameters, progress, nb_paths, stamp, warm_kernels)
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(cache, ignore_errors=True)


def _run_plan(company_dirs, out: Path, jobs: int, parameters: dict, progress: bool, nb_paths: list[Path],
              stamp: str, warm: bool) -> list[CompanyRun]:
    from kpikit.company.load import load_company

    runs: list[CompanyRun] = []
    tasks = []
    for company_dir in company_dirs:
        path = resolve_company_dir(company_dir).resolve()
        try:
            company = load_company(path, lang=parameters.get("lang"))
        except Exception as err:  # unusable input: report it, run the other companies
            msg = err.message(parameters.get("lang", "de")) if hasattr(err, "message") else str(err)
            runs.append(_record_unusable(path, out, stamp, parameters, msg))
            continue
        _share_findings(company, path, parameters)
        target = out / slug(company.name) / stamp
        tmp = target.parent / f".{stamp}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        run = CompanyRun(str(path), company.name, "running", str(target))
        runs.append(run)
        params = {"company_dir": str(path), **parameters}
        for nb in nb_paths:
            tasks.append((run, company, nb, tmp, params))
    imports = {nb: notebook_imports(nb) for nb in nb_paths} if warm else {}
    work = [_Task(i, str(nb), str(tmp / nb.name), params, str(tmp), imports.get(nb, ()))
            for i, (_, _, nb, tmp, params) in enumerate(tasks)]
    results: dict[int, tuple[str, float, str | None]] = {}
    if work:
        bar = _progress(len(work), progress)
        results = _run_tasks(work, jobs, warm, bar.update)
        bar.close()
    for run in runs:
        if run.status == "failed":
            continue
        mine = [(i, task) for i, task in enumerate(tasks) if task[0] is run]
        company, tmp, params = mine[0][1][1], mine[0][1][3], mine[0][1][4]
        for i, (_, _, nb, _, _) in mine:
            status, seconds, error = results[i]
            number = next((p.number for p in PHASES if p.notebook == nb.name), 0)
            run.notebooks.append(NotebookRun(number, nb.name, status, round(seconds, 2), error))
        run.status = "ok" if all(n.status == "ok" for n in run.notebooks) else "failed"
        _finish_run(run, company, tmp, params)
    return runs


def _run_tasks(tasks: list[_Task], jobs: int, warm: bool, done) -> dict[int, tuple[str, float, str | None]]:
    """Run ``tasks`` in ``jobs`` worker processes; ``done(1)`` after each.

    Each worker has its own pipe, and the parent hands out the tasks, so it always knows which
    tasks a worker holds. A worker that dies (a notebook that kills its kernel's parent, the
    out-of-memory killer) fails the notebook it was running; the tasks it had only taken go back to
    the queue and a new worker takes its place. Nothing a dead worker leaves behind can block the
    others.
    """
    import collections
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context()
    todo = collections.deque(tasks)
    results: dict[int, tuple[str, float, str | None]] = {}
    workers: dict = {}  # parent's end of the pipe -> {"process", "held", "running", "waiting"}
    budget = len(tasks) + jobs  # replacements, but no endless respawning

    def spawn() -> None:
        nonlocal budget
        budget -= 1
        mine, theirs = ctx.Pipe()
        # a forked worker inherits the parent's ends of the pipes: it closes them, or its own pipe
        # would never report the parent's end closed
        process = ctx.Process(target=_worker, args=(theirs, warm, [mine, *workers]), name="kpikit-run-worker")
        process.start()
        theirs.close()
        workers[mine] = {"process": process, "held": set(), "running": None, "waiting": False}

    def hand_out(conn, state, *, ahead: bool = False) -> None:
        task = todo.popleft() if todo else None  # None: nothing ahead, or stop
        if task is None and not ahead and len(results) < len(tasks):
            state["waiting"] = True  # answered when a task comes back or everything is done
            return
        state["waiting"] = False
        try:
            conn.send(task)
        except OSError:  # the worker died a moment ago: the task stays here, its burial follows
            if task is not None:
                todo.appendleft(task)
            return
        if task is not None:
            state["held"].add(task.index)

    def handle(conn, state, message) -> None:
        kind = message[0]
        if kind in ("want", "ahead"):
            hand_out(conn, state, ahead=kind == "ahead")
        elif kind == "start":
            state["running"] = message[1]
        elif kind == "done" and message[1] not in results:
            results[message[1]] = tuple(message[2:])
            state["held"].discard(message[1])
            state["running"] = None
            done(1)

    def bury(conn, state) -> None:
        del workers[conn]
        conn.close()
        lost = state["running"]
        if lost is not None and lost not in results:
            results[lost] = ("failed", 0.0, f"WorkerDied: Arbeitsprozess beendet / worker process exited "
                                            f"(exit code {state['process'].exitcode})")
            done(1)
        todo.extendleft(sorted((t for t in tasks if t.index in state["held"] - set(results)),
                               key=lambda t: -t.index))
        if todo and budget > 0:
            spawn()

    for _ in range(max(1, min(jobs, len(tasks)))):
        spawn()
    try:
        while len(results) < len(tasks) and workers:
            sentinels = {state["process"].sentinel: conn for conn, state in workers.items()}
            for ready in wait([*workers, *sentinels], timeout=5):
                conn = sentinels.get(ready, ready)
                state = workers.get(conn)
                if state is None:
                    continue
                try:
                    while conn.poll():  # a dying worker's last messages first
                        handle(conn, state, conn.recv())
                except (EOFError, OSError):
                    state["process"].join(timeout=5)
                if not state["process"].is_alive():
                    bury(conn, state)
            if len(results) == len(tasks) or todo:
                for conn, state in list(workers.items()):
                    if state["waiting"]:
                        hand_out(conn, state)
    finally:
        for conn in list(workers):
            conn.close()  # a worker waiting for a task reads the end of its pipe and stops
        for state in workers.values():
            state["process"].join(timeout=30)
            if state["process"].is_alive():
                state["process"].terminate()
    for task in tasks:
        if task.index not in results:
            results[task.index] = ("failed", 0.0, "WorkerDied: Arbeitsprozess beendet / worker process exited")
            done(1)
    return results


def _record_unusable(path: Path, out: Path, stamp: str, parameters: dict, message: str) -> CompanyRun:
    """A company whose data cannot be loaded still gets its run folder, with ``run.json`` saying why.

    A consultant who runs many clients finds every one of them under ``--out``; no notebook runs.
    """
    name = path.stem if path.is_file() else path.name
    try:
        from kpikit.company.config import read_config

        folder, config_file = (path.parent, path) if path.is_file() else (path, None)
        name = read_config(folder, config_file).name or name
    except Exception:  # noqa: S110  (the folder name will do)
        pass
    run = CompanyRun(str(path), name, "failed", None, error=message)
    target = out / slug(name) / stamp
    tmp = target.parent / f".{stamp}.tmp"
    try:
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        record = {**_run_record(name, str(path), "failed"),
                  "parameters": {"lang": parameters.get("lang"), "as_of": parameters.get("as_of") or None,
                                 "company_dir": str(path), **parameters},
                  "as_of_effective": parameters.get("as_of") or None, "inputs_sha256": {},
                  "notebooks": [], "outputs": ["run.json"], "error": message}
        _publish(tmp, target, record)
        run.out_dir = str(target)
    except OSError:  # cannot write there either: the message alone
        shutil.rmtree(tmp, ignore_errors=True)
    return run


def _share_findings(company, company_dir, parameters: dict) -> None:
    """Run the checks once here and store them with the cached company, so the kernels don't redo them.

    The report's workbook needs the findings anyway; three phase notebooks show them. A failure is
    left to the notebooks, which show it where it happens.
    """
    from kpikit.checks.checks import run_checks
    from kpikit.company.cache import cache_file, write_cache
    from kpikit.company.config import read_config

    try:
        run_checks(company, as_of=parameters.get("as_of") or None)
        path = Path(company_dir)
        folder, config_file = (path.parent, path) if path.is_file() else (path, None)
        config = read_config(folder, config_file)
        cache = cache_file(folder, config, parameters.get("lang") or config.language)
        if cache is not None:
            write_cache(cache, company)
    except Exception:  # noqa: S110  (the notebooks report it)
        pass


def _progress(total: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="kpikit run", unit="notebook", disable=not enabled, file=sys.stderr)


def _finish_run(run: CompanyRun, company, tmp: Path, params: dict) -> None:
    """Report, workbook and run.json into the temporary folder, then rename it into place."""
    import pandas as pd

    from kpikit.views.report import write_report, write_workbook

    lang = params.get("lang", company.language)
    as_of = params.get("as_of") or None
    errors = []
    try:
        write_report(company, [tmp / n.notebook for n in run.notebooks], tmp / "bericht.html", phases=PHASES, lang=lang)
    except Exception as err:
        errors.append(f"report: {err}")
        (tmp / "report-error.txt").write_text(traceback.format_exc(), encoding="utf-8")
    try:
        write_workbook(company, tmp / "kpis.xlsx", lang=lang, as_of=as_of)
    except Exception as err:
        errors.append(f"workbook: {err}")
        (tmp / "workbook-error.txt").write_text(traceback.format_exc(), encoding="utf-8")
    if errors:
        run.status, run.error = "failed", "; ".join(errors)
    inputs = {}
    if company.path is not None:
        base = Path(company.path)
        files = [base / "company.yaml", *[base / s.file for s in company.sources]]
        for f in dict.fromkeys(files):
            if f.is_file():
                inputs[os.path.relpath(f, base)] = _sha256(f)
    record = {
        **_run_record(company.name, run.company_dir, run.status),
        "parameters": {"lang": lang, "as_of": as_of, **params},
        # without as_of the notebooks count complete periods up to the end of the data: record that date
        "as_of_effective": str(pd.Timestamp(as_of).date()) if as_of else (
            str(company.period[1].date()) if company.period[1] is not None else None),
        "inputs_sha256": inputs,
        "notebooks": [n.__dict__ for n in run.notebooks],
        "outputs": [*sorted(p.name for p in tmp.iterdir()), "run.json"],
        "error": run.error,
    }
    _publish(tmp, Path(run.out_dir), record)


def _run_record(name: str, company_dir: str, status: str) -> dict:
    """The fields every ``run.json`` starts with."""
    from kpikit.core.version import __version__

    return {"company": name, "company_dir": company_dir, "status": status, "kpikit_version": __version__,
            "python": platform.python_version(), "created": dt.datetime.now().isoformat(timespec="seconds")}


def _publish(tmp: Path, target: Path, record: dict) -> None:
    """Write ``run.json`` into the temporary folder, rename it into place and point ``latest`` at it."""
    (tmp / "run.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    _point_latest(target)


def _point_latest(target: Path) -> None:
    """``<company>/latest`` names the newest run, so a report has a stable address; replaced atomically."""
    link = target.parent / "latest"
    tmp_link = target.parent / f".latest-{os.getpid()}"
    try:
        tmp_link.unlink(missing_ok=True)
        tmp_link.symlink_to(target.name, target_is_directory=True)
        os.replace(tmp_link, link)
    except OSError:  # no symlinks on this file system: the timestamped folder is still there
        tmp_link.unlink(missing_ok=True)
