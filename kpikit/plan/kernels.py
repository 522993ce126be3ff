"""The kernels the phase notebooks run in: started with their own environment, ahead when warm.

Every notebook runs in a fresh kernel of its own. What a kernel needs from the runner (the cache
folder of the loaded companies, the batch switch of the trainer widgets) is given to it as its
environment when it is started; the runner's own environment is left alone. A warm kernel is
started while the notebook before it runs, with the modules its notebook imports already imported.
"""

from __future__ import annotations

import ast
import contextlib
import os
import signal
import subprocess
import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from kpikit.company.cache import CACHE_ENV

# The kernel's own log ("running over TCP", shutdown noise) is not for users; a kernel that dies is
# reported by papermill and kept in the output notebook.
KERNEL_ARGS = ("--IPKernelApp.log_level=CRITICAL",)

# Packages whose import prints nothing: preloading them cannot hide a message or a warning that
# the notebook's own import would show (a preloaded module is not imported again).
PRELOAD = ("kpikit", "pandas", "numpy", "pyarrow", "matplotlib", "seaborn", "ipywidgets", "IPython")


class KernelManager(AsyncKernelManager):
    """A ``python3`` kernel manager whose kernel starts with ``env`` on top of the worker's environment.

    papermill does not close the clients of a kernel it did not start: this manager keeps them, so
    that ``stop_kernel`` closes them with the kernel (each holds sockets and threads in the worker).
    The kernel's connection file goes into the run's private cache folder (``KPIKIT_CACHE`` in
    ``env``) rather than the system's temporary folder, so that a run killed outright leaves it where
    the next run removes it.

    Parameters
    ----------
    env : dict of str to str
        Variables the kernel gets in addition to the worker's environment.
    """

    def __init__(self, env: dict[str, str], **kwargs: Any) -> None:
        super().__init__(kernel_name="python3", **kwargs)
        self.kernel_env = dict(env)
        self.clients: list = []
        cache = self.kernel_env.get(CACHE_ENV)
        if cache and not kwargs.get("connection_file"):
            self.connection_file = os.path.join(cache, f"kernel-{uuid.uuid4().hex}.json")

    async def start_kernel(self, **kw: Any) -> None:
        """Start the kernel (``AsyncKernelManager.start_kernel``) with the environment of this manager.

        Its output reaches the notebook through the kernel protocol; what the kernel process prints on
        the terminal itself is shutdown noise (a dead kernel is reported in the notebook by papermill).
        """
        kw["env"] = {**kw.get("env", os.environ), **self.kernel_env}
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super().start_kernel(**kw)

    def client(self, **kwargs: Any) -> Any:
        """A client of the kernel (``AsyncKernelManager.client``), kept to be closed with the kernel."""
        client = super().client(**kwargs)
        self.clients.append(client)
        return client


def notebook_imports(notebook: str | Path) -> tuple[str, ...]:
    """The modules a notebook's code cells import, in order (``from a import b`` gives ``a`` and ``a.b``).

    A name used as an attribute of an imported module (``kp.load_company``) is listed too: the
    preload fetches it, so that what a lazy facade loads on first use is loaded ahead as well.

    >>> import nbformat, tempfile, pathlib
    >>> cell = nbformat.v4.new_code_cell("import kpikit as kp; from kpikit.views import plots; kp.load_company('x')")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.ipynb"
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), str(path))
    >>> notebook_imports(path)
    ('kpikit', 'kpikit.views', 'kpikit.views.plots', 'kpikit.load_company')
    """
    # nbformat takes about a second to import (its schemas, measured with -X importtime); here,
    # ``import kpikit.plan`` (the manifest) does not pay for it
    import nbformat

    names: list[str] = []
    aliases: dict[str, str] = {}  # `import kpikit as kp`: kp -> kpikit
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
                aliases.update({alias.asname or alias.name: alias.name for alias in node.names})
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")]
        # `kp.load_company(...)`: a name the module loads on first use (kpikit's facade loads its layers lazily)
        names += [f"{aliases[node.value.id]}.{node.attr}" for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases]
    return tuple(dict.fromkeys(names))


def preload_line(modules: tuple[str, ...]) -> str:
    """A line for the kernel's ``exec_lines`` that imports ``modules`` without binding any name.

    It runs in its own namespace, so the notebook still has to import what it uses; a module that
    fails to import is skipped here and fails where the notebook imports it, with its traceback.

    >>> ns = {}
    >>> exec(preload_line(("json", "json.dumps", "json.no_such_name")), ns)
    >>> sorted(k for k in ns if k != "__builtins__")
    []
    """
    code = ("import importlib as _i, importlib.util as _u\n"
            f"for _m in {list(modules)!r}:\n"
            "    try:\n"
            "        if _u.find_spec(_m) is not None:\n"
            "            _i.import_module(_m)\n"
            "        elif '.' in _m:\n"  # a name in a module (kpikit.load_company): fetched, which loads it
            "            getattr(_i.import_module(_m.rsplit('.', 1)[0]), _m.rsplit('.', 1)[1], None)\n"
            "    except Exception:\n"
            "        pass\n")
    return f"exec({code!r}, {{}})"


def start_kernel(km: KernelManager, cwd: str, imports: tuple[str, ...] = ()) -> bool:
    """Start the kernel of ``km`` now in ``cwd``, importing the ``PRELOAD`` modules of ``imports``; False if it cannot.

    The kernel initialises in its own process while the worker runs the notebook before; papermill
    then finds it ready. Without a kernel here the worker hands papermill an unstarted
    ``KernelManager(env)``, and papermill starts it and reports any failure. ``km`` is made by the
    caller, so that a stop which comes while the kernel starts finds it (``kill_kernel``).
    """
    try:
        args = [*KERNEL_ARGS]
        quiet = tuple(m for m in imports if m.split(".")[0] in PRELOAD)
        if quiet:
            args.append(f"--IPKernelApp.exec_lines={preload_line(quiet)}")
        run_sync(km.start_kernel)(cwd=cwd, extra_arguments=args)
        return True
    except Exception:  # papermill tries again and reports
        return False


def stop_kernel(km: KernelManager, *, wait: bool) -> None:
    """Ask a kernel to shut down; with ``wait``, also wait for it to exit and free its resources."""
    try:
        for client in km.clients:
            client.stop_channels()
        if not wait:
            run_sync(km.request_shutdown)()
            return
        run_sync(km.finish_shutdown)()
        run_sync(km.cleanup_resources)()
    except Exception:  # noqa: S110  (a kernel that is gone already)
        pass


def kill_kernel(km: KernelManager) -> None:
    """Kill the kernel of ``km`` at once, with what it started, and remove its connection file.

    For a worker that is being stopped: no shutdown request, no waiting for the kernel to agree. The
    kernel runs in a session of its own (jupyter_client starts it so), which is killed as a whole.
    """
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is not None and process.poll() is None:
        try:
            if hasattr(os, "killpg") and os.getpgid(process.pid) == process.pid:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        except OSError:  # gone already
            pass
        with contextlib.suppress(Exception):
            process.wait(timeout=5)
    with contextlib.suppress(Exception):
        km.cleanup_connection_file()
