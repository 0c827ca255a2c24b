"""Committed snapshots of an output folder, switched by one atomic rename.

An output folder holds its tables in immutable snapshot folders and one symlink that
names the committed one::

    OUT/current -> _snapshots/20261203T101502-3fa9c1     the commit point: one rename
    OUT/_snapshots/<id>/_manifest.json                    what the snapshot holds
    OUT/_snapshots/<id>/<table>/pub_year=YYYY/part-….parquet   (batch)  or  <table>.parquet (parse)
    OUT/<table> -> current/<table>                        stable paths for plain readers

A writer builds the next snapshot under a hidden name (``_snapshots/.new-<id>``),
unchanged parts hard-linked from the committed one, renames it into place and then
replaces ``current`` (a new symlink renamed over the old one): a reader that resolves
``current`` once sees the whole snapshot before or the whole snapshot after, never a
mix. The snapshot it replaced is kept until the next commit, so a reader that resolved
it a moment before still finds every file. ``commit_step`` names each step of a
commit for tests that stop a writer there (``add_step_hook``).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from noticeparse.store.atomic import atomic_write_text

__all__ = [
    "CURRENT",
    "MANIFEST",
    "SNAPSHOTS",
    "add_step_hook",
    "clean_stale",
    "commit_step",
    "link_or_copy",
    "new_snapshot",
    "publish",
    "read_manifest",
    "resolve_output",
]

CURRENT = "current"
SNAPSHOTS = "_snapshots"
MANIFEST = "_manifest.json"
_NEW = ".new-"  # a snapshot being built (removed by the next writer if its run stopped)
_LINK_TEMP = ".current-"  # a symlink about to replace ``current``
_ASIDE = ".old-"  # an earlier layout's table moved aside to make room for its link
_STAGING = ".staging-"  # the staging folder of ``parse`` before snapshots (earlier versions)

_hooks: list[Callable[[str], None]] = []


def add_step_hook(hook: Callable[[str], None]) -> Callable[[], None]:
    """Call ``hook(step)`` at every commit step of this process; return a function that removes it.

    The seam for fault tests: a hook that SIGKILLs the process at one step shows what a
    reader sees when a run dies exactly there (no environment variable, no timing).
    """
    _hooks.append(hook)
    return lambda: _hooks.remove(hook)


def commit_step(step: str) -> None:
    """Mark that a commit reached ``step`` (``part``, ``bucket``, ``staged``, ``snapshot``, ``current`` …)."""
    for hook in _hooks:
        hook(step)


def resolve_output(outdir: Path) -> Path:
    """The folder a reader reads: the committed snapshot of ``outdir``, else ``outdir`` itself.

    Resolve once and read everything under the result: that is the atomic view.
    Folders of earlier versions (tables right under ``outdir``) resolve to themselves.
    """
    outdir = Path(outdir)
    link = outdir / CURRENT
    if link.is_symlink() or (link / MANIFEST).is_file():
        real = Path(os.path.realpath(link))
        if real.is_dir():
            return real
    return outdir


def read_manifest(outdir: Path) -> dict[str, Any] | None:
    """The manifest of the committed snapshot of ``outdir`` (None when there is none or it does not read)."""
    path = resolve_output(outdir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def new_snapshot(outdir: Path) -> Path:
    """A new, empty, hidden snapshot folder to build (``publish`` gives it its final name)."""
    folder = Path(outdir) / SNAPSHOTS
    folder.mkdir(exist_ok=True)
    staged = folder / f"{_NEW}{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"
    staged.mkdir()
    return staged


def publish(outdir: Path, staged: Path, manifest: dict[str, Any], entries: Iterable[str]) -> Path:
    """Commit ``staged`` (from ``new_snapshot``): write its manifest, rename it, switch ``current``.

    ``entries`` are the names under a snapshot that get a stable link ``OUT/<name>``
    (the tables). The previous snapshot is kept; older ones are removed.
    Returns the committed snapshot folder.
    """
    outdir = Path(outdir)
    snapshots = outdir / SNAPSHOTS
    before = resolve_output(outdir)
    previous = before.name if before.parent == snapshots.resolve() else None
    name = staged.name[len(_NEW):]
    atomic_write_text(staged / MANIFEST, json.dumps(
        {**manifest, "snapshot": name, "previous": previous,
         "committed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
        ensure_ascii=False, sort_keys=True, indent=1))
    commit_step("staged")
    final = snapshots / name
    os.rename(staged, final)
    _fsync_dir(snapshots)
    commit_step("snapshot")
    link = outdir / f"{_LINK_TEMP}{secrets.token_hex(4)}"
    os.symlink(f"{SNAPSHOTS}/{name}", link)
    os.replace(link, outdir / CURRENT)  # the commit: readers resolve the new snapshot from here on
    _fsync_dir(outdir)
    commit_step("current")
    _link_entries(outdir, entries)
    commit_step("links")
    _prune(snapshots, keep={name, previous})
    commit_step("pruned")
    return final


def clean_stale(outdir: Path) -> list[str]:
    """Remove what a stopped writer left: unfinished snapshots, temp links, tables moved aside.

    Call it only while holding the output's lock (another writer's work is not stale).
    Returns what was removed, relative to ``outdir``.
    """
    outdir = Path(outdir)
    removed = []
    candidates = [*outdir.glob(f"{_LINK_TEMP}*"), *outdir.glob(f"{_ASIDE}*"), *outdir.glob(f"{_STAGING}*"),
                  *outdir.glob(".*.tmp"), *(outdir / SNAPSHOTS).glob(f"{_NEW}*")]
    for path in candidates:
        _remove(path)
        removed.append(path.relative_to(outdir).as_posix())
    return removed


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a hard link of ``source`` (a copy where the file system has no hard links)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}:
            raise
        shutil.copy2(source, target)


def _link_entries(outdir: Path, entries: Iterable[str]) -> None:
    """``OUT/<name> -> current/<name>`` for every entry; an earlier layout's file or folder is replaced."""
    for name in entries:
        path, target = outdir / name, f"{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            continue
        if path.is_dir() and not path.is_symlink():  # an earlier version's table folder
            aside = outdir / f"{_ASIDE}{name}-{secrets.token_hex(3)}"
            os.rename(path, aside)
        else:
            aside = None
        link = outdir / f"{_LINK_TEMP}{secrets.token_hex(4)}"
        os.symlink(target, link)
        os.replace(link, path)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)


def _prune(snapshots: Path, keep: set[str | None]) -> None:
    for path in snapshots.iterdir():
        if path.name not in keep:
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a power cut after the commit keeps it)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems refuse fsync on folders
        if exc.errno not in {errno.EINVAL, errno.ENOTSUP, errno.EBADF}:
            raise
    finally:
        os.close(fd)
