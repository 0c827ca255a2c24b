"""Child processes that parse chunks on their main thread, where the per-notice budget works (issue 28).

The budget is a ``SIGALRM`` timer, and only a process's main thread receives signals; a
Dask worker runs its tasks on threads. ``run_in_child`` hands a task (a module-level function
and its arguments) to a child process (``main`` of this module) and waits for its result: each
message is a pickle with an 8-byte length before it, on the child's stdin and stdout. A child serves
task after task (it loads the rules and dictionaries once), one task at a time; a worker
with several threads starts one child per busy thread. A child that does not answer by
the deadline is killed and the task fails; a child dies with its parent (``worker_init``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

from noticeparse.batch.processes import worker_init

__all__ = ["ChildError", "main", "run_in_child"]

_LENGTH = struct.Struct(">Q")
_START = "from noticeparse.batch.child import main; main()"  # not -m: the package face imports this module
_idle: queue.SimpleQueue[subprocess.Popen[bytes]] = queue.SimpleQueue()


class ChildError(RuntimeError):
    """A child process died or passed its deadline before it answered."""


def run_in_child(function: Callable[..., Any], args: tuple[Any, ...], deadline: float | None) -> Any:
    """``function(*args)`` computed in a child process, within ``deadline`` seconds.

    ``function`` is a module-level function: it goes to the child as a pickled reference (its
    module is imported there), so this module imports no task of its own.
    """
    child = _take()
    timer = threading.Timer(deadline, child.kill) if deadline else None
    try:
        if timer:
            timer.start()
        assert child.stdin is not None and child.stdout is not None  # not an error: Popen was given PIPEs
        _send(child.stdin, (function, args))
        result = _receive(child.stdout)
    except (OSError, EOFError, pickle.UnpicklingError) as exc:
        child.kill()
        why = f"past its {deadline:g} s deadline" if deadline and child.wait() < 0 else f"exit {child.wait()}"
        raise ChildError(f"the child parsing a chunk stopped ({why}): {exc or type(exc).__name__}") from exc
    finally:
        if timer:
            timer.cancel()
    _idle.put(child)
    return result


def _take() -> subprocess.Popen[bytes]:
    """An idle live child, else a new one."""
    while True:
        try:
            child = _idle.get_nowait()
        except queue.Empty:
            return subprocess.Popen([sys.executable, "-c", _START, str(os.getpid())],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        if child.poll() is None:
            return child


def _send(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("no answer")
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("a cut answer")
    return pickle.loads(data)


def main() -> None:
    """The child: run each task read on stdin on this main thread, write each result on stdout."""
    worker_init(int(sys.argv[1]))
    tasks, results = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the results stream
    while True:
        try:
            function, args = _receive(tasks)
        except EOFError:  # the parent closed the pipe: no more tasks
            return
        with contextlib.suppress(BrokenPipeError):
            _send(results, function(*args))
