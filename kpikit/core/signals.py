"""Stopping: Ctrl-C (SIGINT) and SIGTERM become an exception, so every clean-up runs.

While ``stoppable()`` is active in the main thread, the first SIGINT or SIGTERM raises ``Stopped`` where the
program is; in the plan runner, the ``finally`` blocks on the way out stop the workers and their kernels
and remove the temporary folders and the cache. The command line runs every command so. A second signal
during the clean-up is ignored instead of cutting it short. The previous handlers are restored afterwards.
Outside the main thread (``signal`` cannot be used there) nothing is installed.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

SIGNALS = (signal.SIGINT, signal.SIGTERM)
NAMES = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal; ``exit_code`` is the shell's convention, 128 + the signal number.

    A ``KeyboardInterrupt``, so that code which lets Ctrl-C through lets SIGTERM through as well.

    >>> Stopped(signal.SIGTERM).exit_code, Stopped(signal.SIGTERM).name
    (143, 'SIGTERM')
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = int(signum)
        self.exit_code = 128 + self.signum
        self.name = NAMES.get(signum, signal.Signals(signum).name)


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """Raise ``Stopped`` on the first SIGINT or SIGTERM inside the block; ignore the ones after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}

    def stop(signum: int, frame: object) -> None:
        for sig in SIGNALS:  # the clean-up that follows is not cut short by a second Ctrl-C
            signal.signal(sig, signal.SIG_IGN)
        raise Stopped(signum)

    for sig in SIGNALS:
        signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back in this thread for the block (a forked worker starts with them held)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def unblock_signals() -> None:
    """Let SIGINT and SIGTERM through again in this thread (a worker, once it has its handlers)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
