"""Commit a batch: the next snapshot from the committed one and the finished work, in one rename.

Workers write the parts of the buckets they parse into ``OUT/_work``; as a bucket
finishes it is recorded in the state (``ArchiveState.finish``), so a killed run
resumes there. When every bucket is done, ``commit_batch`` builds the next snapshot:
hard links of the unchanged buckets' committed parts and of the new parts, every
table's folder (empty ones too), and a manifest with each bucket's fingerprint,
errors and parts (size, mtime, rows: what the next run checks). ``store.publish``
renames it into place and switches ``OUT/current``: the commit. Until that rename a
reader sees the previous output whole; from it on, the new one whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from noticeparse.about import PARSER_VERSION
from noticeparse.batch.state import WORK_DIR, ArchiveState, Committed, Part, Plan
from noticeparse.store import (
    TABLES,
    commit_step,
    link_or_copy,
    new_snapshot,
    publish,
    read_manifest,
    resolve_output,
)

__all__ = ["clean_work", "commit_batch", "read_committed"]

LAYOUT = "dataset"


def read_committed(outdir: Path) -> Committed:
    """What the committed snapshot of a batch output holds (nothing for a new or earlier-version folder)."""
    manifest = read_manifest(outdir)
    if not manifest or manifest.get("layout") != LAYOUT:
        return Committed(None)
    folder = resolve_output(outdir)
    prints, errors, parts = {}, {}, {}
    for key, info in (manifest.get("bucket") or {}).items():
        bucket = int(key)
        prints[bucket] = str(info["fp"])
        errors[bucket] = {str(c): int(n) for c, n in (info.get("errors") or {}).items()}
        parts[bucket] = [(str(n), int(s), int(m), int(r)) for n, s, m, r in info.get("parts") or []]
    return Committed(folder, int(manifest.get("buckets") or 0) or None, prints, errors, parts)


def commit_batch(outdir: Path, state: ArchiveState, plan: Plan, committed: Committed, rules_sha256: str,
                 finish: Callable[[Path], list[str]] | None = None) -> Path:
    """Commit every bucket of ``plan``: the unchanged from ``committed``, the rest from ``OUT/_work``.

    ``finish`` is called with the snapshot once its tables are in, before it is committed (the link
    of the whole output goes in the same commit), and returns more names to link as ``OUT/<name>``.
    Returns the new snapshot folder. The finished work is forgotten afterwards.
    """
    outdir = Path(outdir)
    work = outdir / WORK_DIR
    fresh = set(plan.changed) | set(plan.resumed)
    work_errors = state.work_errors()
    staged = new_snapshot(outdir)
    try:
        buckets: dict[str, Any] = {}
        for bucket, fp in sorted(plan.fingerprints.items()):
            if bucket in fresh:
                source, parts, errors = work, state.work_parts(bucket), work_errors.get(bucket, {})
            else:
                # plan() keeps a bucket only when the committed snapshot holds it whole
                source = committed.folder or work
                parts, errors = committed.parts.get(bucket, []), committed.errors.get(bucket, {})
            _link_parts(source, staged, parts)
            buckets[str(bucket)] = {"fp": fp, "errors": errors, "parts": [list(p) for p in parts]}
        for name in TABLES:
            (staged / name).mkdir(exist_ok=True)  # a table with no rows is an empty folder, not a missing one
        manifest = {"layout": LAYOUT, "buckets": state.buckets, "parser_version": PARSER_VERSION,
                    "rules_sha256": rules_sha256, "bucket": buckets}
        extra = finish(staged) if finish is not None else []
        final = publish(outdir, staged, manifest, [*TABLES, *extra])
    finally:
        if staged.exists():  # not committed: nothing of it is visible, nothing of it is kept
            shutil.rmtree(staged, ignore_errors=True)
    state.clear_work()
    commit_step("work-cleared")
    shutil.rmtree(work, ignore_errors=True)
    return final


def _link_parts(source: Path, staged: Path, parts: Iterable[Part]) -> None:
    for name, *_ in parts:
        link_or_copy(source / name, staged / name)


def clean_work(outdir: Path, keep: set[str]) -> int:
    """Remove from ``OUT/_work`` every file that no finished bucket lists (a stopped chunk's, temp files).

    With nothing to keep the folder goes.
    """
    work = Path(outdir) / WORK_DIR
    removed = 0
    if not work.is_dir():
        return removed
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
        return 1
    for folder, _dirs, files in os.walk(work):
        for name in files:
            path = Path(folder) / name
            if path.relative_to(work).as_posix() not in keep:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
