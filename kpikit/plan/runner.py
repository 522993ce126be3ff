"""The runner of the 30-day plan: every phase notebook per company, then the report and run.json.

``run_plan(["clients/muster-ag"])`` runs the seven notebooks with papermill for each company and
writes ``reports/<company>/<timestamp>/`` with the executed notebooks, one self-contained offline
HTML report (code hidden), an Excel workbook of the KPI table and findings, and ``run.json``.
Everything is first written to a hidden temporary folder of the run's own that is renamed when
complete, so a crash never leaves half a report, and no run lands in another's folder
(``kpikit.plan.folders``). A failed notebook keeps its executed copy showing the error. A company
that cannot be loaded, or whose folder cannot be written, fails on its own; Ctrl-C and SIGTERM
stop the run cleanly (``kpikit.core.signals``).
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import errno
import json
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from kpikit.checks import run_checks
from kpikit.company.cache import CACHE_ENV, cache_file, write_cache
from kpikit.company.config import read_config
from kpikit.company.load import Company, load_company
from kpikit.core.files import atomic_write
from kpikit.core.paths import company_path
from kpikit.core.signals import stoppable
from kpikit.plan import phases
from kpikit.plan.folders import discard, make_cache, make_temp, output_error, point_latest, prepare_out, publish, slug
from kpikit.plan.kernels import notebook_imports
from kpikit.plan.outputs import run_record, sha256_file, write_report_output, write_workbook_output
from kpikit.plan.pool import WORKER_DIED, Result, Task, run_tasks
from kpikit.views.summary import Summary
from kpikit.views.workbook import cleaned_cells

# A notebook whose output could not be written for one of these fails its company as an output fault
OUTPUT_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


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

    Each company is loaded and checked once here; the notebooks' kernels read it, findings
    included, from a cache folder of the run's own, which each kernel is given in its environment
    (``KPIKIT_CACHE``) when it starts, with ``KPIKIT_BATCH=1`` (nobody will move the trainer
    widgets' controls: they show their starting state). The runner's own environment is unchanged.

    Parameters
    ----------
    company_dirs : list of path
        Company folders (or YAML files in them).
    out : path
        Where ``<company>/<timestamp>/`` folders are written (``<timestamp>-2`` … when that name is
        taken); created if need be.
    jobs : int, optional
        Notebooks executed at the same time (default: number of CPUs, at most 4).
    parameters : dict, optional
        Extra notebook parameters (``lang``, ``as_of``); an unknown name raises ``ValueError``.
    progress : bool
        Show a progress bar on stderr.
    notebooks : list of Path, optional
        Run these notebooks instead of the seven phases (for tests).
    warm_kernels : bool, optional
        Start each notebook's kernel, with the modules the notebook imports, while the notebook
        before it runs. Every notebook still runs in a fresh kernel of its own; this costs one
        extra kernel's memory per job. ``False`` starts each kernel when its notebook begins.
        Default: warm when there is a core per job (on two cores, ``jobs=2`` warm took 10.4–11.3 s
        for the demo company against 12.3–12.7 s cold: a kernel waits on its start and its
        imports more than it computes).

    Returns
    -------
    list of CompanyRun
        In the order of ``company_dirs``; ``status`` is ``"ok"`` when every notebook, the report and
        the workbook were written, ``out_dir`` the published run folder (``None`` when none could
        be written: ``error`` says which folder, why, and the fix).

    Raises
    ------
    ValueError
        For a parameter that a notebook does not declare, or an ``as_of`` that is not a date;
        nothing is written then.
    kpikit.plan.folders.OutputError
        When nothing can be written in ``out`` (read-only, no permission, a file in its path); no
        notebook runs then.
    kpikit.core.signals.Stopped
        On Ctrl-C (SIGINT) or SIGTERM (when run in the main thread): the workers and their kernels
        are stopped, unfinished runs discarded, the temporary folders and the cache removed; runs
        published before stay.
    """
    parameters = dict(parameters or {})
    nb_paths = [Path(n) for n in notebooks] if notebooks else phases.phase_notebooks()
    phases.check_parameters(parameters, nb_paths)
    jobs = jobs or min(4, os.cpu_count() or 1)
    if warm_kernels is None:
        warm_kernels = jobs <= (os.cpu_count() or 1)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    with stoppable():
        try:
            out = Path(out).resolve()
        except RuntimeError as err:  # Python < 3.13: a symlink loop
            raise output_error(OSError(errno.ELOOP, os.strerror(errno.ELOOP)), Path(out)) from err
        prepare_out(out)
        cache = make_cache()
        temps: list[Path] = []  # the temporary folders not published (yet): removed however the run ends
        try:
            return _run_plan(company_dirs, out, jobs, parameters, progress, nb_paths, stamp, warm_kernels, cache,
                             temps)
        finally:
            discard(cache)
            for tmp in temps:
                discard(tmp)


def _run_plan(company_dirs: list[str | os.PathLike], out: Path, jobs: int, parameters: dict, progress: bool,
              nb_paths: list[Path], stamp: str, warm: bool, cache: Path, temps: list[Path]) -> list[CompanyRun]:
    """Load, run and publish the companies, each as soon as it can be.

    Three things happen at once: a loader thread loads and checks the companies one after another
    and feeds each one's notebooks to the worker pool as soon as it is cached (the first notebooks
    run while the next company loads); the pool runs the notebooks (the main thread); a writer
    thread writes each company's workbook once it is loaded (it needs no notebook) and its report,
    run.json and folder once its last notebook is done. Only the last company's report is left when
    the last notebook ends. A stop (Ctrl-C) stops the loader, cancels the outputs not begun and waits
    for those being written, so the temporary folders are removed only when nothing writes there.
    """
    env = {CACHE_ENV: str(cache), "KPIKIT_BATCH": "1"}  # what every kernel of this run is started with
    imports = {nb: notebook_imports(nb) for nb in nb_paths} if warm else {}
    runs: list[CompanyRun] = []
    tasks: list[tuple[CompanyRun, Path]] = []  # by task index: its company's run and its notebook
    companies: dict[int, tuple[CompanyRun, Company, Path, dict]] = {}  # id(run) -> what it needs
    left: collections.Counter = collections.Counter()  # id(run) -> notebooks not done yet
    results: dict[int, Result] = {}
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpikit-outputs")
    written: list[Future] = []
    books: dict[int, Future] = {}
    feed_out, feed_in = multiprocessing.Pipe(duplex=False)
    halt = threading.Event()
    fault: list[BaseException] = []
    bar = tqdm(total=len(company_dirs) * len(nb_paths), desc="kpikit run", unit="notebook", disable=not progress,
               file=sys.stderr)

    def load_all() -> None:  # the loader thread
        try:
            for company_dir in company_dirs:
                if halt.is_set():
                    return
                item = _prepare(company_dir, out, stamp, parameters, cache, temps)
                if isinstance(item, CompanyRun):  # unusable: its run.json is written, no notebook runs
                    runs.append(item)
                    bar.total -= len(nb_paths)
                    bar.refresh()
                    continue
                run, company, tmp, params = item
                runs.append(run)
                companies[id(run)] = item
                left[id(run)] = len(nb_paths)
                books[id(run)] = writer.submit(_write_book, company, tmp, params)
                written.append(books[id(run)])
                first = len(tasks)
                tasks.extend((run, nb) for nb in nb_paths)
                feed_in.send([Task(first + j, str(nb), str(tmp / nb.name), params, str(tmp), env,
                                   imports.get(nb, ())) for j, nb in enumerate(nb_paths)])
        except BaseException as err:
            fault.append(err)
        finally:
            with contextlib.suppress(OSError, ValueError):
                feed_in.send(None)  # no more tasks

    def finish(run: CompanyRun) -> None:
        _, company, tmp, params = companies[id(run)]
        full = None  # the errno of a notebook that could not be written for lack of space
        for i, (owner, nb) in enumerate(tasks):
            if owner is run:
                status, seconds, error, code = results[i]
                full = full or (code if code in OUTPUT_FULL else None)
                run.notebooks.append(NotebookRun(phases.phase_number(nb.name), nb.name, status, round(seconds, 2),
                                                 error))
        run.status = "ok" if all(n.status == "ok" for n in run.notebooks) else "failed"
        written.append(writer.submit(_finish_run, run, company, tmp, params, stamp, temps, full, books[id(run)]))

    def done(index: int, result: Result) -> None:
        bar.update(1)
        results[index] = result
        run = tasks[index][0]
        left[id(run)] -= 1
        if left[id(run)] == 0:
            finish(run)

    loader = threading.Thread(target=load_all, name="kpikit-load", daemon=True)
    stopped = True  # until the notebooks are through: a stop cancels the outputs not begun
    try:
        try:
            # the loader starts once the workers are forked: no thread is copied into them half-way
            run_tasks([], jobs, warm, done, started=loader.start, feed=feed_out)
            loader.join()
            for i in range(len(tasks)):  # the pool ended without them (no worker could be started)
                if i not in results:
                    done(i, ("failed", 0.0, WORKER_DIED, None))
        finally:
            bar.close()  # a message after a stop starts on a line of its own
        stopped = False
    finally:
        halt.set()
        feed_out.close()  # a loader still sending gets an error and stops
        if loader.ident is not None:  # started
            loader.join()
        feed_in.close()
        writer.shutdown(wait=True, cancel_futures=stopped)
    if fault:
        raise fault[0]
    for future in written:
        if not future.cancelled():
            future.result()  # a fault of the kit itself is raised, not lost
    return runs


def _prepare(company_dir: str | os.PathLike, out: Path, stamp: str, parameters: dict, cache: Path,
             temps: list[Path]) -> CompanyRun | tuple[CompanyRun, Company, Path, dict]:
    """Load and cache one company and make its temporary run folder (the loader thread).

    Returns the failed ``CompanyRun`` of a company that cannot be used (its ``run.json`` written when
    possible), else its run, the company, its temporary folder and its notebooks' parameters.
    """
    lang = parameters.get("lang", "de")
    path = Path(company_dir).absolute()
    try:
        path = company_path(company_dir)
        company = load_company(path, lang=parameters.get("lang"))
    except Exception as err:  # unusable input: report it, run the other companies
        msg = err.message(lang) if hasattr(err, "message") else str(err)
        return _record_unusable(path, out, stamp, parameters, msg, temps)
    cache_company(company, path, cache, parameters)
    folder = out / slug(company.name)
    try:
        tmp = make_temp(folder, stamp)
    except OSError as err:  # this company's folder cannot be made: the others still run
        return CompanyRun(str(path), company.name, "failed", None, error=output_error(err, folder).message(lang))
    temps.append(tmp)
    return CompanyRun(str(path), company.name, "running", None), company, tmp, {"company_dir": str(path), **parameters}


def _write_book(company: Company, tmp: Path, params: dict) -> tuple[Summary | None, list[str], OSError | None]:
    """The workbook of one company into its temporary folder; the first page for its report too.

    Returns the first page (``None`` when it could not be computed), what failed, and an
    ``OSError`` (a full disk), which fails the company when it is finished (``_finish_run``).
    """
    try:
        page, errors = write_workbook_output(company, tmp, lang=params.get("lang", company.language),
                                             as_of=params.get("as_of") or None)
        return page, errors, None
    except OSError as err:
        return None, [], err


def cache_company(company: Company, company_dir: Path, cache: Path, parameters: dict) -> None:
    """Run the checks once here and cache the company with them in ``cache``, for the notebooks' kernels.

    The report's workbook needs the findings anyway; three phase notebooks show them. A failure is
    left to the notebooks, which show it where it happens (and load the company themselves).
    """
    with contextlib.suppress(Exception):  # the notebooks report it
        run_checks(company, as_of=parameters.get("as_of") or None)
    try:
        folder, config_file = (company_dir.parent, company_dir) if company_dir.is_file() else (company_dir, None)
        config = read_config(folder, config_file)
        file = cache_file(folder, config, parameters.get("lang") or config.language, root=cache)
        if file is not None:
            write_cache(file, company)
    except Exception:  # noqa: S110  (the notebooks load it themselves)
        pass


def _record_unusable(path: Path, out: Path, stamp: str, parameters: dict, message: str,
                     temps: list[Path]) -> CompanyRun:
    """A company whose data cannot be loaded still gets its run folder, with ``run.json`` saying why.

    A consultant who runs many clients finds every one of them under ``--out``; no notebook runs.
    """
    name = path.stem if path.suffix in (".yaml", ".yml") else path.name
    with contextlib.suppress(Exception):  # the folder name will do
        folder, config_file = (path.parent, path) if path.is_file() else (path, None)
        name = read_config(folder, config_file).name or name
    run = CompanyRun(str(path), name, "failed", None, error=message)
    record = {**run_record(name, str(path), "failed"),
              "parameters": {"lang": parameters.get("lang"), "as_of": parameters.get("as_of") or None,
                             "company_dir": str(path), **parameters},
              "as_of_effective": parameters.get("as_of") or None, "inputs_sha256": {},
              "notebooks": [], "outputs": ["run.json"], "error": message}
    folder = out / slug(name)
    try:
        tmp = make_temp(folder, stamp)
    except OSError as err:  # cannot write there either: the message says both
        run.error = f"{message} {output_error(err, folder).message(parameters.get('lang', 'de'))}"
        return run
    temps.append(tmp)
    _publish(run, tmp, record, stamp, temps, parameters.get("lang", "de"))
    if run.out_dir is None:
        run.status, run.error = "failed", f"{message} {run.error}"
    return run


def _finish_run(run: CompanyRun, company: Company, tmp: Path, params: dict, stamp: str, temps: list[Path],
                full: int | None, book: Future) -> None:
    """The report and run.json into the temporary folder, beside the workbook, then publish it (``_publish``).

    ``book`` is the company's ``_write_book``. An output fault (``full``: a notebook could not be
    written for lack of space; or a write fails) publishes nothing: the temporary folder is removed
    and ``run.error`` names the folder, what went wrong and the fix.
    """
    lang = params.get("lang", company.language)
    as_of = params.get("as_of") or None
    page, errors, fault = book.result()
    try:
        if full is not None:
            raise OSError(full, os.strerror(full))
        if fault is not None:
            raise fault
        errors = write_report_output(company, tmp, [tmp / n.notebook for n in run.notebooks], lang=lang,
                                     as_of=as_of, page=page) + errors
    except OSError as err:
        discard(tmp)
        temps.remove(tmp)
        run.status, run.error = "failed", output_error(err, tmp.parent).message(lang)
        return
    if errors:
        run.status, run.error = "failed", "; ".join(errors)
    inputs = {}
    if company.path is not None:
        base = Path(company.path)
        files = [base / "company.yaml", *[base / s.file for s in company.sources]]
        for f in dict.fromkeys(files):
            with contextlib.suppress(OSError):
                if f.is_file():
                    inputs[os.path.relpath(f, base)] = sha256_file(f)
    record = {
        **run_record(company.name, run.company_dir, run.status),
        "parameters": {"lang": lang, "as_of": as_of, **params},
        # without as_of the notebooks count complete periods up to the end of the data: record that date
        "as_of_effective": str(pd.Timestamp(as_of).date()) if as_of else (
            str(company.period[1].date()) if company.period[1] is not None else None),
        "inputs_sha256": inputs,
        # cells of kpis.xlsx whose control characters were replaced (the workbook's notes sheet says so too)
        "workbook_cells_cleaned": cleaned_cells(tmp / "kpis.xlsx") if (tmp / "kpis.xlsx").is_file() else None,
        "notebooks": [n.__dict__ for n in run.notebooks],
        "outputs": [*sorted(p.name for p in tmp.iterdir()), "run.json"],
        "error": run.error,
    }
    _publish(run, tmp, record, stamp, temps, lang)


def _publish(run: CompanyRun, tmp: Path, record: dict, stamp: str, temps: list[Path], lang: str) -> None:
    """Write ``run.json`` into ``tmp``, rename it to a run folder of its own and point ``latest`` at it.

    Sets ``run.out_dir``; when it cannot be written, removes ``tmp`` and sets ``run.error`` instead.
    """
    try:
        atomic_write(tmp / "run.json", json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        target = publish(tmp, stamp)
    except OSError as err:
        discard(tmp)
        temps.remove(tmp)
        run.status, run.out_dir, run.error = "failed", None, output_error(err, tmp.parent).message(lang)
        return
    temps.remove(tmp)
    run.out_dir = str(target)
    point_latest(target)
