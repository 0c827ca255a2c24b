"""The only module that writes Parquet: one file per table, atomically, zstd."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from noticeparse.about import PARSER_VERSION
from noticeparse.store.atomic import atomic_path
from noticeparse.store.schema import LINK_TABLES, PARTITION_KEY, SCHEMA_VERSION, TABLES
from noticeparse.store.snapshot import commit_step, new_snapshot, publish

_SORT_KEYS = ("notice_id", "char_start", "node_id")
ROW_GROUP_ROWS = 64_000  # bounded row groups: readers and writers never hold a whole archive
# the Hive folder of rows whose year is unknown: pyarrow, DuckDB and Spark all read it as null
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
_MAGIC = b"PAR1"  # a Parquet file starts and ends with it


@functools.cache
def _git_commit() -> str:
    """The checkout's commit (once per process: ``to_table`` runs for every chunk)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5,
            cwd=Path(__file__).parent, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _provenance(schema: pa.Schema, rules_sha256: str) -> dict[bytes, bytes]:
    ours = {"schema_version": SCHEMA_VERSION, "rules_sha256": rules_sha256, "noticeparse_version": PARSER_VERSION,
            "git_commit": _git_commit()}
    return {**(schema.metadata or {}), **{k.encode(): v.encode() for k, v in ours.items()}}


def sort_table(table: pa.Table) -> pa.Table:
    """Rows by notice, then span start, then node (missing values first)."""
    keys = [(k, "ascending", "at_start") for k in _SORT_KEYS if k in table.schema.names]
    if not keys or table.num_rows < 2:
        return table
    # pyarrow >= 25 takes (name, order, null placement) per key; its stubs know only the pairs of before
    return table.take(pc.sort_indices(table, sort_keys=cast(Any, keys)))


def to_table(name: str, rows: Sequence[Mapping[str, Any]] | Mapping[str, list[Any]], rules_sha256: str) -> pa.Table:
    """Rows (or column lists: ``store.rows.notice_columns``) to an Arrow table, sorted, with provenance.

    Built column by column (the rows are not copied) and sorted by Arrow.
    """
    schema = TABLES[name]
    if isinstance(rows, Mapping):  # column lists: a missing column is all nulls, as a missing key is
        size = len(next(iter(rows.values()), []))
        data = {c: rows[c] if c in rows else [None] * size for c in schema.names}
    else:
        data = {c: [r.get(c) for r in rows] for c in schema.names}
    table = pa.Table.from_pydict(data, schema=schema)
    return sort_table(table).replace_schema_metadata(_provenance(schema, rules_sha256))


def concat_sorted(pieces: Sequence[pa.Table]) -> pa.Table:
    """Pieces of one table (from ``to_table``, at least one) as one sorted table."""
    return pieces[0] if len(pieces) == 1 else sort_table(pa.concat_tables(pieces))


def write_table(table: pa.Table, path: Path) -> None:
    """Write one Parquet file atomically: a temp file in the same folder, then rename.

    An ``OSError`` of the writer names the file (Arrow's say only "Error writing bytes").
    """
    with atomic_path(path) as tmp:
        try:
            pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP_ROWS)
        except OSError as exc:
            if exc.filename:
                raise
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc


def write_tables(outdir: Path, tables: Mapping[str, Sequence[Mapping[str, Any]]], rules_sha256: str) -> dict[str, int]:
    """Write every contract table (empty ones too) as ``outdir/<table>.parquet``; return row counts.

    The tables go into a new snapshot that replaces the committed one in one rename
    (``store.snapshot``): a failed or killed run leaves the previous output whole, and a
    reader never sees tables of two runs. Hold the output's lock while calling it.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    staged = new_snapshot(outdir)
    try:
        counts = {}
        for name in TABLES:
            table = to_table(name, tables.get(name, []), rules_sha256)
            write_table(table, staged / f"{name}.parquet")
            counts[name] = table.num_rows
            commit_step("table")
        publish(outdir, staged, {"layout": "files", "rules_sha256": rules_sha256, "parser_version": PARSER_VERSION,
                                 "rows": counts}, [f"{name}.parquet" for name in TABLES])
    finally:
        if staged.exists():  # not published: nothing of it is visible, nothing of it is kept
            shutil.rmtree(staged, ignore_errors=True)
    return counts


def partition_value(year: int | None) -> str:
    """The Hive folder value of a publication year (``NULL_PARTITION`` when unknown).

    >>> partition_value(2023), partition_value(None)
    ('2023', '__HIVE_DEFAULT_PARTITION__')
    """
    return NULL_PARTITION if year is None else str(year)


def part_path(outdir: Path, table: str, year: int | None, bucket: int, fingerprint: str, chunk: int = 0) -> Path:
    """Where one chunk of a bucket's rows of one table and publication year live (Hive layout)."""
    name = f"part-b{bucket:03d}-c{chunk:04d}-{fingerprint}.parquet"
    return Path(outdir) / table / f"{PARTITION_KEY}={partition_value(year)}" / name


def write_part(
    root: Path, table_name: str, year: int | None, bucket: int, fingerprint: str, table: pa.Table, chunk: int = 0
) -> Path:
    """Write one partition part atomically under ``root``; its folder holds ``pub_year``, so the file does not.

    ``root`` must exist: a folder deleted during a run is an error, never created again
    (``FileNotFoundError``). Returns the part's path.
    """
    if PARTITION_KEY in table.schema.names:
        table = table.drop_columns([PARTITION_KEY])
    path = part_path(root, table_name, year, bucket, fingerprint, chunk)
    for folder in (path.parent.parent, path.parent):  # no parents=True: a vanished root stays vanished
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
    write_table(table, path)
    commit_step("part")
    return path


def part_is_whole(path: Path, size: int, mtime_ns: int, rows: int) -> bool:
    """Whether a part file is still the one written: its size, both magic numbers, and a readable footer.

    An untouched file (same size and mtime) needs only the ends checked; a touched one
    has its footer parsed and its row count compared.
    """
    try:
        info = os.stat(path)
        if info.st_size != size or size < 12:
            return False
        with open(path, "rb") as handle:
            head = handle.read(4)
            handle.seek(-8, os.SEEK_END)
            tail = handle.read(8)
        footer = int.from_bytes(tail[:4], "little")
        if head != _MAGIC or tail[4:] != _MAGIC or footer + 12 > size:
            return False
        return info.st_mtime_ns == mtime_ns or pq.read_metadata(path).num_rows == rows
    except (OSError, ValueError, pa.ArrowException):
        return False


def remove_temp_files(outdir: Path) -> None:
    """Delete temp files a killed run left behind (never a finished file)."""
    for path in Path(outdir).glob("**/.*.tmp"):
        path.unlink(missing_ok=True)


def write_linked(folder: Path, tables: Mapping[str, pa.Table | Callable[[], pa.RecordBatchReader]],
                 rules_sha256: str) -> dict[str, int]:
    """Write the tables across notices (``schema.LINK_TABLES``) as ``folder/<table>.parquet``; return row counts.

    ``folder`` is a snapshot being built (``link.link_output`` publishes it in one rename) or an
    output folder of an earlier layout; each file is written to a temp name and renamed. A table
    may come as a function that gives its record batches, written as they are read.
    """
    counts = {}
    for name, schema in LINK_TABLES.items():
        source = tables.get(name, schema.empty_table())
        batches = source.to_batches() if isinstance(source, pa.Table) else source()
        with atomic_path(Path(folder) / f"{name}.parquet") as tmp:
            counts[name] = _write_batches(batches, schema.with_metadata(_provenance(schema, rules_sha256)), tmp)
    return counts


def _write_batches(batches: Iterable[pa.RecordBatch], schema: pa.Schema, path: Path) -> int:
    """Record batches to one Parquet file (their columns in ``schema``'s order and types); the row count."""
    rows = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in batches:
            table = pa.Table.from_batches([batch]).select(schema.names).cast(schema)
            writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
            rows += table.num_rows
    return rows
