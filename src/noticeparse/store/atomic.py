"""Atomic file writes that honour the process umask: a temp file in the same folder, then rename.

Every writer of an output (Parquet, the crawl store's raw files and sidecars, its state,
the review pages) goes through here, so a killed run never leaves a half-written file
under the final name, and files get the mode an ordinary ``open()`` would give them
(0644 under the usual umask 022), not ``mkstemp``'s 0600.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path", "atomic_write_bytes", "atomic_write_text"]

_TEMP_SUFFIX = ".tmp"  # store.parquet.remove_temp_files sweeps ``.*.tmp`` left by a kill


def _create_temp(path: Path) -> Path:
    """An empty, new temp file next to ``path``, created with mode 0666 minus the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")
        try:
            os.close(os.open(tmp, flags, 0o666))  # the kernel applies the umask, as open() does
        except FileExistsError:
            continue
        return tmp


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: Path, *, durable: bool = True) -> Iterator[Path]:
    """Yield a temp path to write; on success it replaces ``path``, on error it is removed.

    For writers that want a path of their own (``pyarrow.parquet.write_table``). With
    ``durable`` the data is flushed to disk before the rename, so after a power cut the
    final name never points at an empty file; regenerable output may skip that cost.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "通报.txt") as tmp:
    ...     _ = tmp.write_bytes("整改".encode())
    >>> (folder / "通报.txt").read_text(encoding="utf-8"), sorted(p.name for p in folder.iterdir())
    ('整改', ['通报.txt'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _create_temp(path)
    try:
        yield tmp
        if durable:
            _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically, with the mode the umask gives (0644 usually).

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "raw" / "a.html"
    >>> atomic_write_bytes(target, "<p>关于整改情况的通报</p>".encode())
    >>> target.read_bytes().decode()
    '<p>关于整改情况的通报</p>'
    """
    with atomic_path(path, durable=durable) as tmp, open(tmp, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (see ``atomic_write_bytes``)."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)
