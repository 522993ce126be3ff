"""The worker pool: each worker process runs notebooks with papermill, one pipe per worker.

The parent hands out the tasks one at a time over each worker's own pipe, so it always knows
which tasks a worker holds; a worker that dies fails the notebook it was running, and the tasks it
had only taken go to a new worker. Everything a worker needs travels in its ``Task``.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from kpikit.core.signals import signals_blocked, unblock_signals
from kpikit.plan.kernels import KERNEL_ARGS, KernelManager, kill_kernel, start_kernel, stop_kernel
from kpikit.plan.phases import localise

# status, seconds, error, and the errno of an OSError (the output notebook could not be written)
Result = tuple[str, float, str | None, int | None]
# A kernel that exits while it starts (two kernels of a busy machine that raced for one port) fails
# with this before any cell ran; the worker tries the notebook once more in a new kernel.
KERNEL_START_FAILED = "Kernel died before replying to kernel_info"
# the error of a notebook whose worker process ended before it ran
WORKER_DIED = "WorkerDied: Arbeitsprozess beendet / worker process exited"


@dataclass(frozen=True)
class Task:
    """One notebook of one company, as sent to a worker process.

    Parameters
    ----------
    index : int
        Its number in the run; results are keyed by it.
    notebook, output : str
        The notebook to run and where the executed copy goes.
    parameters : dict
        The notebook's parameters.
    cwd : str
        The folder the kernel runs in (the run's temporary folder).
    env : dict of str to str
        The kernel's environment on top of the worker's (``KPIKIT_CACHE``, ``KPIKIT_BATCH``).
    imports : tuple of str
        The modules the notebook imports, for a warm kernel to import ahead.
    """

    index: int
    notebook: str
    output: str
    parameters: dict
    cwd: str
    env: dict[str, str] = field(default_factory=dict)
    imports: tuple[str, ...] = ()


def execute(task: Task, km: KernelManager) -> Result:
    """Run one notebook with papermill (in a worker process); the output notebook is always written.

    ``km`` is the task's kernel, started ahead by ``start_kernel`` or not yet started (papermill
    starts it then). The notebook is localised first when its language is not German.
    """
    # papermill takes about a second to import (nbformat's schemas); imported where it runs, it
    # leaves ``import kpikit.plan`` fast (a forked worker finds it imported by the parent)
    import papermill

    started = time.perf_counter()
    notebook = task.notebook
    try:
        lang = task.parameters.get("lang", "de")
        if lang != "de":  # the notebooks are written in German
            notebook = str(localise(notebook, lang, Path(task.cwd) / f".{Path(notebook).stem}.{lang}.ipynb"))
        papermill.execute_notebook(notebook, task.output, parameters=task.parameters, cwd=task.cwd,
                                   progress_bar=False, kernel_name="python3", log_output=False, km=km,
                                   extra_arguments=list(KERNEL_ARGS))
        return "ok", time.perf_counter() - started, None, None
    except papermill.PapermillExecutionError as err:
        return "failed", time.perf_counter() - started, f"{err.ename}: {err.evalue}", None
    except OSError as err:  # the output notebook (or its localised copy) could not be written
        return "failed", time.perf_counter() - started, f"{type(err).__name__}: {err}", err.errno
    except Exception as err:  # kernel died, timeout, unreadable notebook
        return "failed", time.perf_counter() - started, f"{type(err).__name__}: {err}", None
    finally:
        for tmp in Path(task.cwd).glob(f".{Path(task.output).stem}.*.ipynb"):
            tmp.unlink(missing_ok=True)


def worker(conn: Connection, warm: bool, inherited: list | None = None) -> None:
    """A worker process: asks the parent for tasks over its own pipe and runs them, until told to stop.

    ``("want",)`` waits for a task or ``None`` (stop); ``("ahead",)`` gets the next task or ``None``
    at once. It posts ``("start", index)`` before running a task and ``("done", index, status,
    seconds, error)`` after. With ``warm`` it asks for the next task before running the current one
    and starts that task's kernel, with the modules its notebook imports, so the kernel start and the
    imports overlap the current notebook. Each notebook still gets a fresh kernel of its own. A
    finished kernel is asked to shut down and reaped after the next notebook, off the critical path.
    A notebook whose kernel dies while it starts (``KERNEL_START_FAILED``) is run once more in a new
    kernel. A worker whose parent is gone (its pipe closes) stops. ``inherited`` are the parent's pipe ends
    a forked worker holds copies of; they are closed first.

    Ctrl-C is the parent's to handle (the terminal sends it to the worker too): the worker ignores
    SIGINT. On SIGTERM, which the parent sends to stop the run, it kills its kernels at once and
    exits quietly, without a traceback.
    """
    live: dict[int, KernelManager] = {}  # id -> kernel manager, for the clean-up on the way out

    def stop(signum: int, frame: object) -> None:
        for km in list(live.values()):
            kill_kernel(km)
        os._exit(128 + signum)

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, stop)
    _die_with_parent()
    unblock_signals()  # a forked worker starts with them held back
    for other in inherited or ():
        other.close()

    def kernel(task: Task, *, ahead: bool) -> KernelManager:
        km = KernelManager(task.env)  # cold, or a warm start that failed: papermill starts it
        live[id(km)] = km
        if ahead and not start_kernel(km, task.cwd, task.imports):
            kill_kernel(km)
            live.pop(id(km), None)
            km = KernelManager(task.env)
            live[id(km)] = km
        return km

    def ask(kind: str) -> tuple[Task | None, KernelManager | None]:
        conn.send((kind,))
        task = conn.recv()
        return task, (kernel(task, ahead=warm) if task is not None else None)

    stopping: list[KernelManager] = []
    try:
        current, km = ask("want")
        while current is not None:
            following, next_km = ask("ahead") if warm else (None, None)
            conn.send(("start", current.index))
            result = execute(current, km)
            if result[2] and KERNEL_START_FAILED in result[2]:  # no cell ran: once more, in a new kernel
                kill_kernel(km)
                live.pop(id(km), None)
                km = kernel(current, ahead=False)
                again = execute(current, km)
                result = (again[0], result[1] + again[1], *again[2:])
            conn.send(("done", current.index, *result))
            for old in stopping:
                stop_kernel(old, wait=True)
                live.pop(id(old), None)
            stopping = [km]
            stop_kernel(km, wait=False)
            current, km = (following, next_km) if following is not None else ask("want")
    except (EOFError, OSError):  # the parent is gone, or closed the pipe once everything was done
        pass
    finally:
        for old in live.values():
            stop_kernel(old, wait=False)
        for old in live.values():
            stop_kernel(old, wait=True)


def _die_with_parent() -> None:
    """On Linux, have the kernel send this worker SIGTERM when its parent dies (``PR_SET_PDEATHSIG``).

    A runner killed outright (SIGKILL, the out-of-memory killer) cannot stop its workers; this way
    they stop at once, with their kernels, instead of finishing the notebook they hold.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = multiprocessing.parent_process()
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent.pid:  # the parent died before that
        os.kill(os.getpid(), signal.SIGTERM)


def run_tasks(tasks: list[Task], jobs: int, warm: bool, done: Callable[[int, Result], object],
              started: Callable[[], object] | None = None, feed: Connection | None = None) -> dict[int, Result]:
    """Run ``tasks`` in ``jobs`` worker processes; ``done(index, result)`` as each one ends.

    ``started()`` is called once the first workers are forked: a thread the caller starts then is
    not copied, half-way through its work, into a worker. ``feed`` brings more tasks while they
    run: lists of tasks (numbered on from the ones before), then ``None`` when there are no more.

    Each worker has its own pipe, and the parent hands out the tasks, so it always knows which
    tasks a worker holds. A worker that dies (a notebook that kills its kernel's parent, the
    out-of-memory killer) fails the notebook it was running; the tasks it had only taken go back to
    the queue and a new worker takes its place. Nothing a dead worker leaves behind can block the
    others. When the parent is stopped (``Stopped``, ``KeyboardInterrupt`` or any other exception
    here), every worker is sent SIGTERM at once, kills its kernels and exits; the exception goes on.
    """
    ctx = multiprocessing.get_context()
    tasks = list(tasks)
    todo = collections.deque(tasks)
    feeding = feed is not None  # more tasks may come
    results: dict[int, Result] = {}
    workers: dict = {}  # parent's end of the pipe -> {"process", "held", "running", "waiting"}
    budget = len(tasks) + jobs  # replacements, but no endless respawning

    def spawn() -> None:
        nonlocal budget
        budget -= 1
        mine, theirs = ctx.Pipe()
        # a forked worker inherits the parent's ends of the pipes: it closes them, or its own pipe
        # would never report the parent's end closed
        process = ctx.Process(target=worker, args=(theirs, warm, [mine, *workers]), name="kpikit-run-worker")
        with signals_blocked():  # until the worker has its own handlers, and the parent knows the worker
            process.start()
            theirs.close()
            workers[mine] = {"process": process, "held": set(), "running": None, "waiting": False}

    def hand_out(conn, state, *, ahead: bool = False) -> None:
        task = todo.popleft() if todo else None  # None: nothing ahead, or stop
        if task is None and not ahead and (feeding or len(results) < len(tasks)):
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
            done(message[1], results[message[1]])

    def bury(conn, state) -> None:
        del workers[conn]
        conn.close()
        lost = state["running"]
        if lost is not None and lost not in results:
            results[lost] = ("failed", 0.0, f"{WORKER_DIED} "
                                            f"(exit code {state['process'].exitcode})", None)
            done(lost, results[lost])
        todo.extendleft(sorted((t for t in tasks if t.index in state["held"] - set(results)),
                               key=lambda t: -t.index))
        if (todo or feeding) and budget > 0:
            spawn()

    def take(more: list[Task] | None) -> None:
        nonlocal feeding, budget
        if more is None:
            feeding = False
            return
        tasks.extend(more)
        todo.extend(more)
        budget += len(more)

    stopped = False
    try:
        for _ in range(max(1, jobs if feeding else min(jobs, len(tasks)))):
            spawn()
        if started is not None:
            started()
        while (feeding or len(results) < len(tasks)) and workers:
            sentinels = {state["process"].sentinel: conn for conn, state in workers.items()}
            for ready in wait([*workers, *sentinels, *([feed] if feeding else [])], timeout=5):
                if ready is feed:
                    try:
                        take(feed.recv())
                    except (EOFError, OSError):  # the feeder is gone: no more tasks
                        take(None)
                    continue
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
            if (not feeding and len(results) == len(tasks)) or todo:
                for conn, state in list(workers.items()):
                    if state["waiting"]:
                        hand_out(conn, state)
    except BaseException:
        stopped = True
        raise
    finally:
        for conn in list(workers):
            conn.close()  # a worker waiting for a task reads the end of its pipe and stops
        _stop_workers([state["process"] for state in workers.values()], at_once=stopped)
    for task in tasks:
        if task.index not in results:
            results[task.index] = ("failed", 0.0, WORKER_DIED, None)
            done(task.index, results[task.index])
    return results


def _stop_workers(processes: list, *, at_once: bool) -> None:
    """Wait for the workers to exit (30 s each), then terminate them; ``at_once`` sends SIGTERM first.

    A worker terminated so kills its kernels and exits; one that does not within 10 s is killed (its
    kernels notice and exit on their own within a second).
    """
    if at_once:
        for process in processes:
            if process.is_alive():
                process.terminate()
    for process in processes:
        process.join(timeout=10 if at_once else 30)
        if process.is_alive():
            process.terminate()
            process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
