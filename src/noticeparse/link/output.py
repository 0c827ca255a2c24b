"""``link_output``: the link of an output committed as its next snapshot, under the output's lock.

The committed snapshot's files are hard-linked into a new snapshot (``store.new_snapshot``), the
tables across notices are computed from it and written into it (``run.link_folder``), and
``store.publish`` switches ``OUT/current`` to it in one rename: readers see the output before the
link or after it, never a half-written table. An output folder of an earlier layout (tables right
under it) is linked in place, each file renamed into place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from noticeparse.link.run import LinkSummary, link_folder
from noticeparse.store import (
    LINK_TABLES,
    MANIFEST,
    link_or_copy,
    new_snapshot,
    output_lock,
    publish,
    read_manifest,
    resolve_output,
)

__all__ = ["link_output"]


def link_output(outdir: Path | str, *, threads: int | None = None, wait: float = 0.0) -> LinkSummary:
    """Link the notices of an output folder and commit the tables across notices with it.

    ``wait`` is how long to wait for another run writing the output (0: refuse at once).

    Raises:
        FileNotFoundError: when the folder holds no parsed output.
        store.OutputBusy: another run writes the output.
    """
    outdir = Path(outdir)
    committed = resolve_output(outdir)
    if committed == outdir:  # an earlier layout, or a folder written by hand: in place
        return link_folder(outdir, threads=threads)
    with output_lock(outdir, "link", wait):
        committed = resolve_output(outdir)  # what the lock holder may have committed meanwhile
        staged = new_snapshot(outdir)
        try:
            entries = _link_entries(committed, staged)
            summary = link_folder(staged, threads=threads)
            manifest = {**(read_manifest(outdir) or {}), "linked": summary.counts}
            publish(outdir, staged, manifest, [*entries, *(f"{name}.parquet" for name in LINK_TABLES)])
        finally:
            if staged.exists():  # not committed: nothing of it is visible, nothing of it is kept
                shutil.rmtree(staged, ignore_errors=True)
    summary.outdir = outdir
    return summary


def _link_entries(committed: Path, staged: Path) -> list[str]:
    """Hard-link the committed snapshot's files into ``staged`` (not its manifest nor an earlier link's
    tables); return the top-level names that get a stable link ``OUT/<name>``."""
    skipped = {MANIFEST, *(f"{name}.parquet" for name in LINK_TABLES)}
    entries = []
    for path in sorted(committed.iterdir()):
        if path.name in skipped:
            continue
        entries.append(path.name)
        if path.is_dir():
            path_files = [p for p in path.rglob("*") if p.is_file()]
            (staged / path.name).mkdir(exist_ok=True)  # an empty table's folder stays a folder
            for file in path_files:
                link_or_copy(file, staged / file.relative_to(committed))
        else:
            link_or_copy(path, staged / path.name)
    return entries
