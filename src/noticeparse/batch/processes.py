"""Worker processes that end with their parent, and clean stops on Ctrl-C and SIGTERM.

A pool worker asks the kernel for SIGKILL when its parent dies (Linux
``prctl(PR_SET_PDEATHSIG)``), so a killed batch leaves no workers behind. The
parent turns SIGINT and SIGTERM into ``Stopped``, kills its workers at once (a
chunk in flight is parsed again on the next run) and unwinds: temp files are
removed, finished buckets stay committed. The command then exits 130 or 143.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

__all__ = ["Stopped", "stop_on_signals", "track_workers", "worker_init"]

_PR_SET_PDEATHSIG = 1
_live_pools: list[Any] = []  # ProcessPoolExecutors of this process, killed on a stop


class Stopped(BaseException):  # not an error: the user asked the run to stop
    """A run stopped by a signal; ``exit_code`` is 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM).

    A ``BaseException``: the ``except Exception`` that keeps one bad notice from
    stopping a batch must not swallow it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


def worker_init(parent: int) -> None:
    """Pool initializer: die with ``parent``; leave Ctrl-C and SIGTERM to the defaults and the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the terminal sends it to the whole group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the parent's handler
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def kill_workers(pool: Any) -> None:
    """SIGKILL every worker of a ``ProcessPoolExecutor`` (their chunks are lost, not half-written)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()


@contextlib.contextmanager
def track_workers(pool: Any) -> Iterator[Any]:
    """Register a pool so a stop kills its workers; kill them too when the ``with`` ends by an exception."""
    _live_pools.append(pool)
    try:
        yield pool
    except BaseException:
        kill_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        _live_pools.remove(pool)


def _stop(signum: int, _frame: object) -> None:
    for pool in _live_pools:
        kill_workers(pool)
    raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise ``Stopped`` (main thread only); the old handlers come back after."""
    old = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)
