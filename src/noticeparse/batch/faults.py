"""Faults of the machine as one sentence: which path, what happened, what to do.

A full disk, a read-only or permission-denied output folder, a locked state, an output
folder deleted during the run: each ends ``parse``, ``batch`` and ``run`` with exit code
1 and one line, never a traceback. Nothing half-written is visible after it: a run
commits by one rename (``store.snapshot``), so the earlier output stays whole.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

__all__ = ["OutputError", "identity", "output_faults"]

_KEPT = "the earlier output is unchanged"


class OutputError(RuntimeError):
    """A run that could not write its output, said in one line with what to do."""


def identity(folder: Path) -> tuple[int, int] | None:
    """The device and inode of a folder (None when it is gone): a folder replaced has another."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def vanished(outdir: Path) -> OutputError:
    """The error of an output folder deleted or moved while a run wrote into it."""
    return OutputError(f"the output folder {outdir} vanished during the run (deleted or moved); nothing was"
                       " committed: run again to write it anew")


@contextlib.contextmanager
def output_faults(outdir: Path, started: tuple[int, int] | None = None) -> Iterator[None]:
    """Turn the OS and SQLite errors of writing ``outdir`` into ``OutputError`` lines.

    ``started`` is the folder's ``identity`` when the run began: an error after the
    folder was deleted or replaced says so rather than naming a missing file.
    """
    try:
        yield
    except OSError as exc:
        if started is not None and identity(outdir) != started:
            raise vanished(outdir) from exc
        raise OutputError(describe_os_error(exc, outdir)) from exc
    except sqlite3.OperationalError as exc:
        if started is not None and identity(outdir) != started:
            raise vanished(outdir) from exc
        raise OutputError(_describe_sqlite(exc, outdir)) from exc


def describe_os_error(exc: OSError, outdir: Path) -> str:
    """One line for an ``OSError`` met while writing under ``outdir``.

    >>> describe_os_error(OSError(28, "No space left on device", "/data/out/_work/x.parquet"), Path("/data/out"))
    'cannot write /data/out/_work/x.parquet: the disk is full (No space left on device); free space or choose another output folder (-o), then run again (the earlier output is unchanged)'
    """
    path = exc.filename or outdir
    reason = exc.strerror or str(exc)
    if exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        what = f"the disk is full ({reason}); free space or choose another output folder (-o), then run again"
    elif exc.errno == errno.EROFS:
        what = f"the file system is read-only ({reason}); choose an output folder on a writable disk (-o)"
    elif exc.errno in {errno.EACCES, errno.EPERM}:
        what = f"permission denied ({reason}); make {outdir} writable for this user or choose another output folder (-o)"
    elif exc.errno == errno.EIO:
        what = f"the disk reported an I/O error ({reason}); check the disk, then run again"
    else:
        what = f"{reason}; check {outdir}, then run again"
    return f"cannot write {path}: {what} ({_KEPT})"


def _describe_sqlite(exc: sqlite3.OperationalError, outdir: Path) -> str:
    state = Path(outdir) / "_state" / "state.sqlite"
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == 13:  # SQLITE_FULL
        what = "the disk is full; free space or choose another output folder (-o), then run again"
    elif code in {3, 8, 14}:  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN
        what = (f"it cannot be written (permission denied, or a read-only disk); make {outdir} writable for this"
                " user or choose another output folder (-o)")
    elif code in {5, 6}:  # SQLITE_BUSY, SQLITE_LOCKED
        what = "another process holds it locked; end that program (a sqlite3 shell?) and run again"
    else:
        what = "check the disk, then run again"
    return f"cannot write the batch state {state}: {exc} — {what} ({_KEPT})"
