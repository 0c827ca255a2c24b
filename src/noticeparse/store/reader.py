"""Read a parsed output folder back: every table as rows, for the report and the diff.

A folder holds ``<table>.parquet`` files (``noticeparse parse -o``) or Hive-style
``<table>/pub_year=…/part-….parquet`` folders (``noticeparse batch``). Tables that ``schema.TABLES`` does not know
(tokens, terms, topics, …) are read too and come after the known ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from noticeparse.store.parquet import sort_table
from noticeparse.store.schema import LINK_TABLES, PARTITION_KEY, PARTITION_TYPE, TABLES
from noticeparse.store.snapshot import CURRENT, resolve_output

Row = dict[str, Any]
_BATCH_ROWS = 2048  # rows read at a time from a sorted single file (as dicts: a few MB a table)


@dataclass(frozen=True)
class ParsedRun:
    """The tables of one parse run: rows per table and each table's key-value metadata."""

    root: Path
    tables: dict[str, list[Row]]
    metadata: dict[str, dict[str, str]] = field(default_factory=dict)

    def rows(self, table: str) -> list[Row]:
        """The rows of ``table`` (none when the run has no such table)."""
        return self.tables.get(table, [])

    def provenance(self) -> dict[str, str]:
        """rules_sha256, noticeparse_version, git_commit … of the run (from the notices table)."""
        return self.metadata.get("notices") or next(iter(self.metadata.values()), {})


def find_tables(root: Path) -> dict[str, Path]:
    """Table name → file or partition folder of the committed snapshot of ``root``, known tables first.

    ``root`` is resolved once (``store.resolve_output``): every path returned belongs to
    the same commit, whatever a writer does meanwhile. A table of your own put beside the
    committed ones (``OUT/extra.parquet``, not a link into ``OUT/current``) is read too.

    >>> find_tables(Path("/nonexistent"))
    {}
    """
    root = Path(root)
    committed = resolve_output(root)
    found = _tables_in(committed)
    if committed != root:
        found |= {name: path for name, path in _tables_in(root).items()
                  if name not in found and not path.is_symlink() and name != CURRENT}
    known = [name for name in TABLES if name in found]
    return {name: found[name] for name in [*known, *sorted(set(found) - set(known))]}


def _tables_in(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for child in sorted(folder.iterdir()):
        if child.name.startswith((".", "_")):  # temp files of an interrupted write, the state, snapshots
            continue
        if child.is_file() and child.suffix == ".parquet":
            found[child.stem] = child
        elif child.is_dir() and any(child.rglob("*.parquet")):
            found[child.name] = child
    return found


def read_parsed(root: Path) -> ParsedRun:
    """Read every table under ``root``.

    Raises:
        FileNotFoundError: when ``root`` holds no Parquet table.
    """
    root = Path(root)
    paths = find_tables(root)
    if not paths:
        raise FileNotFoundError(f"no Parquet tables in {root}")
    tables: dict[str, list[Row]] = {}
    metadata: dict[str, dict[str, str]] = {}
    for name, path in paths.items():
        table = read_arrow(path)
        tables[name] = sorted(table.to_pylist(), key=_row_order)
        raw = table.schema.metadata or {}
        metadata[name] = {
            k.decode(): v.decode() for k, v in raw.items() if not k.startswith(b"ARROW:") and k != b"pandas"
        }
    return ParsedRun(root, tables, metadata)


def read_arrow(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One table as Arrow, from a file or a Hive folder; ``pub_year`` an integer column either way.

    A part of a Hive folder holds no ``pub_year``: the folder name gives it
    (``__HIVE_DEFAULT_PARTITION__``, or the ``unknown`` of older runs, is null).
    """
    path = Path(path)
    if path.is_file():
        return pq.read_table(path, columns=columns)
    pieces = []
    for folder in sorted(p for p in path.iterdir() if p.is_dir() and p.name.startswith(f"{PARTITION_KEY}=")):
        parts = sorted(f for f in folder.glob("*.parquet") if not f.name.startswith("."))
        if not parts:
            continue
        wanted = None if columns is None else [c for c in columns if c != PARTITION_KEY]
        piece = pq.read_table([str(f) for f in parts], columns=wanted, partitioning=None)
        if PARTITION_KEY not in piece.schema.names and (columns is None or PARTITION_KEY in columns):
            piece = piece.append_column(pa.field(PARTITION_KEY, PARTITION_TYPE),
                                        pa.array([_folder_year(folder)] * piece.num_rows, PARTITION_TYPE))
        pieces.append(piece)
    if not pieces:
        return pq.read_table(path, columns=columns, partitioning=None)
    return pa.concat_tables(pieces, promote_options="permissive")


def _row_order(row: Row) -> tuple[str, int, int]:
    """Partitioned parts come in any order: sort by notice, then span (the order ``parse`` writes)."""
    start, node = row.get("char_start"), row.get("node_id")
    return (
        str(row.get("notice_id")),
        start if isinstance(start, int) else -1,
        node if isinstance(node, int) else -1,
    )


def group_by_notice(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Rows keyed by ``notice_id``, in their stored order (rows without one are left out).

    >>> group_by_notice([{"notice_id": "a", "x": 1}, {"notice_id": "b"}, {"notice_id": "a", "x": 2}])["a"]
    [{'notice_id': 'a', 'x': 1}, {'notice_id': 'a', 'x': 2}]
    """
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get("notice_id") is not None:
            grouped[row["notice_id"]].append(row)
    return dict(grouped)


def has_spans(rows: list[Row]) -> bool:
    """True when the rows carry ``char_start``/``char_end`` offsets into the notice text."""
    return bool(rows) and "char_start" in rows[0] and "char_end" in rows[0]


def count_notices(root: Path) -> int:
    """How many ``notices`` rows ``root`` holds, from the Parquet footers (nothing else is read)."""
    path = find_tables(Path(root)).get("notices")
    if path is None:
        return 0
    files = [path] if path.is_file() else [f for f in path.glob("*/*.parquet") if not f.name.startswith(".")]
    return sum(pq.read_metadata(f).num_rows for f in files)


def iter_notice_groups(root: Path, skip: Iterable[str] = (), size: int = 50,
                       skip_columns: Iterable[str] = ()) -> Iterable[dict[str, list[Row]]]:
    """The run's rows a few notices at a time: ``{table: rows}`` of the same notices, in bounded memory.

    ``batch``'s Hive folders are read part by part: a chunk's part of every table has the
    same file name in the same ``pub_year=`` folder and holds the rows of the same notices.
    ``parse``'s single files are sorted by ``notice_id`` (``store.parquet.sort_table``): they are
    read in batches, ``size`` notices at a time, each table's rows taken up to the group's last
    notice (a merge on ``notice_id``), so memory holds one group, never a whole file. A file
    not in that order (written by hand) is read whole. ``skip`` names tables not read at all,
    ``skip_columns`` columns left out of any table's rows (``offset_runs``: never shown).
    Rows of inputs without a ``notices`` row (failed reads) are in no group.
    """
    skipped = {*skip, *LINK_TABLES}  # the tables across notices belong to no notice's group
    paths = {name: path for name, path in find_tables(Path(root)).items() if name not in skipped}
    dropped = set(skip_columns)
    notices = paths.get("notices")
    if notices is None:
        return
    if notices.is_file():
        if all(path.is_file() and is_sorted_by_notice(path) for path in paths.values()):
            yield from _merge_files(paths, size, dropped)
        else:
            yield from _read_files_whole(paths, size)
        return
    for part in sorted(f for f in notices.glob("*/*.parquet") if not f.name.startswith(".")):
        folder = part.parent.name
        group = {}
        for name, path in paths.items():
            sibling = path / folder / part.name if path.is_dir() else None
            group[name] = (_without(sort_table(read_arrow_part(sibling)), dropped).to_pylist()  # sorted as _row_order
                           if sibling is not None and sibling.is_file() else [])
        yield group


def _without(table: pa.Table, columns: set[str]) -> pa.Table:
    return table.drop_columns([c for c in table.schema.names if c in columns]) if columns else table


def _open(path: Path) -> pq.ParquetFile:
    """A file read as a buffered stream: a page at a time, not a row group's column chunks at once."""
    return pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False)


def _kept(path: Path, dropped: set[str]) -> list[str] | None:
    """The columns of a file to read (None: all)."""
    names = pq.ParquetFile(path).schema_arrow.names
    return [c for c in names if c not in dropped] if dropped & set(names) else None


def _read_files_whole(paths: dict[str, Path], size: int) -> Iterable[dict[str, list[Row]]]:
    """Groups of single files in no known order: every table read whole, then cut."""
    tables = {name: sorted(read_arrow(path).to_pylist(), key=_row_order) for name, path in paths.items()}
    by_table = {name: group_by_notice(rows) for name, rows in tables.items()}
    heads = tables["notices"]
    for i in range(0, len(heads), size):
        ids = [n["notice_id"] for n in heads[i:i + size]]
        yield {name: [row for nid in ids for row in groups.get(nid, [])] for name, groups in by_table.items()}


def is_sorted_by_notice(path: Path) -> bool:
    """True when a table file's rows come by ``notice_id`` (nulls first), read one column, in batches."""
    last: str | None = None
    for batch in _open(path).iter_batches(batch_size=_BATCH_ROWS, columns=["notice_id"]):
        ids = batch.column(0).fill_null("")
        if len(ids) == 0:
            continue
        if last is not None and ids[0].as_py() < last:
            return False
        if len(ids) > 1 and not pc.all(pc.less_equal(ids[:-1], ids[1:])).as_py():
            return False
        last = ids[-1].as_py()
    return True


class _SortedRows:
    """The rows of one table file sorted by ``notice_id``, handed out up to a notice, batch by batch."""

    def __init__(self, path: Path, dropped: set[str]) -> None:
        columns = _kept(path, dropped)
        self._batches = iter(_open(path).iter_batches(batch_size=_BATCH_ROWS, columns=columns))
        self._pending: list[Row] = []  # read, not yet handed out
        self._done = False

    def take_through(self, last_id: str) -> list[Row]:
        """Every row not handed out yet whose ``notice_id`` is at most ``last_id``."""
        while not self._done and (not self._pending or _notice_key(self._pending[-1]) <= last_id):
            batch = next(self._batches, None)
            if batch is None:
                self._done = True
            else:
                self._pending.extend(batch.to_pylist())
        cut = bisect_right(self._pending, last_id, key=_notice_key)
        taken, self._pending = self._pending[:cut], self._pending[cut:]
        return taken


def _notice_key(row: Row) -> str:
    return row.get("notice_id") or ""


def _merge_files(paths: dict[str, Path], size: int, dropped: set[str]) -> Iterable[dict[str, list[Row]]]:
    """Groups of ``size`` notices from sorted single files, every table read alongside the notices."""
    others = {name: _SortedRows(path, dropped) for name, path in paths.items() if name != "notices"}
    columns = _kept(paths["notices"], dropped)
    for batch in _open(paths["notices"]).iter_batches(batch_size=size, columns=columns):
        heads = batch.to_pylist()
        if not heads:
            continue
        ids, last = {n["notice_id"] for n in heads}, _notice_key(heads[-1])
        group = {"notices": heads}
        for name, rows in others.items():  # rows of notices without a notices row are dropped
            group[name] = sorted((r for r in rows.take_through(last) if r.get("notice_id") in ids), key=_row_order)
        yield group


def read_arrow_part(part: Path) -> pa.Table:
    """One Hive part with its folder's ``pub_year`` as a column."""
    table = pq.read_table(part)
    if PARTITION_KEY not in table.schema.names:
        table = table.append_column(pa.field(PARTITION_KEY, PARTITION_TYPE),
                                    pa.array([_folder_year(part.parent)] * table.num_rows, PARTITION_TYPE))
    return table


def _folder_year(folder: Path) -> int | None:
    """The year of a ``pub_year=`` folder (``__HIVE_DEFAULT_PARTITION__``, or an old ``unknown``: None)."""
    value = folder.name.partition("=")[2]
    return int(value) if value.isdigit() else None
