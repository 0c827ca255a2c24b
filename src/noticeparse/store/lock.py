"""One writer at a time per output folder: an advisory lock with who holds it and since when.

``OUT/.noticeparse.lock`` is locked with ``flock`` for the whole run. The kernel
releases the lock when its holder dies, however it dies, so a crash never leaves
an output locked: the next run finds the file unlocked, says whose stale lock it
takes over and goes on. While a run holds it, another one says who is writing
(``another batch is writing OUT since …, pid …``) and exits, or waits when asked to.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["LOCK_NAME", "OutputBusy", "output_lock"]

LOCK_NAME = ".noticeparse.lock"
_POLL = 0.2  # seconds between tries while waiting


class OutputBusy(RuntimeError):
    """Another run holds the output folder's lock (and we were not to wait, or waited long enough)."""


@contextlib.contextmanager
def output_lock(outdir: Path, command: str, wait: float = 0.0,
                on_wait: Callable[[str], None] | None = None) -> Iterator[list[str]]:
    """Hold the write lock of ``outdir`` for the block; yield warnings (a stale lock taken over).

    ``wait`` is how many seconds to wait for another run to finish (0: not at all,
    ``float('inf')``: until it does); ``on_wait`` hears once who is waited for.

    Raises:
        OutputBusy: another run holds the lock.
    """
    outdir = Path(outdir)
    path = outdir / LOCK_NAME
    fd = _acquire(path, outdir, wait, on_wait)
    try:
        stale = _holder(fd)
        warnings = []
        if stale.get("pid") and not _same_process(stale):
            warnings.append(f"took over the lock of {stale.get('command', 'a run')} pid {stale['pid']}"
                            f" (since {stale.get('since', '?')}), which ended without releasing it")
        _write_holder(fd, command)
        yield warnings
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)  # released: nobody's name left in it
        os.close(fd)  # closing drops the flock


def _acquire(path: Path, outdir: Path, wait: float, on_wait: Callable[[str], None] | None) -> int:
    deadline = time.monotonic() + wait
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise OutputBusy(_busy_message(outdir, holder, waited=wait > 0)) from None
            if on_wait is not None and not told:
                on_wait(f"{_busy_message(outdir, holder, waited=False).partition(';')[0]}: waiting for it (--wait)")
                told = True
            time.sleep(_POLL)
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:  # removed between open and lock: lock the new file
            same = False
        if same:
            return fd
        os.close(fd)


def _busy_message(outdir: Path, holder: dict[str, Any], *, waited: bool) -> str:
    who = f"another {holder.get('command', 'noticeparse run')} is writing {outdir}"
    if holder.get("since"):
        who += f" since {holder['since']}"
    if holder.get("pid"):
        host = holder.get("host")
        who += f", pid {holder['pid']}" + (f" on {host}" if host and host != socket.gethostname() else "")
    advice = "it is still running after the wait" if waited else "wait for it to end, or run with --wait"
    return f"{who}; {advice}"


def _holder(fd: int) -> dict[str, Any]:
    """Who wrote the lock file last (empty when nobody or unreadable)."""
    try:
        data = os.pread(fd, 4096, 0)
        found = json.loads(data.decode("utf-8")) if data.strip() else {}
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_holder(fd: int, command: str) -> None:
    info = {"command": command, "pid": os.getpid(), "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S")}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)


def _same_process(holder: dict[str, Any]) -> bool:
    return holder.get("pid") == os.getpid() and holder.get("host") == socket.gethostname()
