"""The link of one output folder: DuckDB reads its per-notice tables, the tables across notices are written into it.

``link_folder`` reads a folder (a committed snapshot, one being built, or an output of an earlier
layout) through ``store.connect`` and writes the tables of ``store.LINK_TABLES`` into it; the steps
are numbered as they run. ``output.link_output`` puts that folder in a new snapshot of an output.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from noticeparse.link.refs import link_refs
from noticeparse.link.tables import round_tables
from noticeparse.link.units import MENTIONS_VIEW, build_units, unit_table
from noticeparse.store import LINK_TABLES, connect, find_tables, write_linked

__all__ = ["LinkSummary", "link_folder"]

_BATCH_ROWS = 20_000  # rows a record batch, from DuckDB to the Parquet writer
_ORDER = {"rounds": "key", "round_timeline": "key, unit_id, notice_date NULLS LAST, notice_id",
          "round_units": "key, unit_id", "units": "unit_id"}
MEMORY_LIMIT = "256MB"  # DuckDB's, for link: sorts and aggregates beyond it go to disk
# what link reads of each per-notice table, read once from the Parquet files into DuckDB
_READ = {
    "round_refs": "SELECT * EXCLUDE (pub_year) FROM round_refs",
    "round_ref_units": "SELECT notice_id, ref_id, unit, unit_key, char_start, feedback_date FROM round_ref_units",
    "unit_mentions": "SELECT notice_id, name, name_key, unit_key, local, key_rules FROM unit_mentions",
    "notices": "SELECT notice_id, publish_date, signed_date, title FROM notices",
    "outline": "SELECT notice_id, is_finding FROM outline WHERE is_finding",
}
_ROUND_NOTICES = """
SELECT l.key, r.notice_id, r.ref_id, r.key AS ref_key, r.stage, coalesce(n.publish_date, n.signed_date) AS notice_date,
       n.title, l.link_rule
FROM round_refs r JOIN ref_links l USING (notice_id, ref_id) LEFT JOIN notices n USING (notice_id)
ORDER BY l.key NULLS LAST, notice_date NULLS LAST, r.notice_id, r.ref_id
"""


@dataclass
class LinkSummary:
    """What ``link_output`` wrote: rows per table, and how many refs found no round."""

    outdir: Path
    counts: dict[str, int] = field(default_factory=dict)
    unplaced: int = 0
    seconds: float = 0.0

    def render(self) -> str:
        """One line for the terminal."""
        tables = ", ".join(f"{n} {name}" for name, n in self.counts.items() if name != "round_timeline")
        placed = f"; {self.unplaced} round refs placed in no round" if self.unplaced else ""
        return f"linked {tables}{placed} in {self.seconds:.2f}s"


def link_folder(outdir: Path | str, *, threads: int | None = None) -> LinkSummary:
    """Link the notices of one folder: write ``rounds``, ``round_notices``, ``round_units``,
    ``round_timeline``, ``units`` and ``units_conflicts`` into it, beside its tables.

    Raises:
        FileNotFoundError: when the folder holds no parsed output.
    """
    started = time.perf_counter()
    outdir = Path(outdir)
    paths = find_tables(outdir)
    if "notices" not in paths:
        raise FileNotFoundError(f"no parsed output in {outdir}: run `noticeparse parse` or `batch` first")
    con = connect(outdir)
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # past this DuckDB spills to disk (a temp folder): memory stays the same whatever the archive's size
    spill = Path(tempfile.mkdtemp(prefix="noticeparse-link-"))
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{_quoted(spill)}'")
    con.execute("SET preserve_insertion_order = false")
    try:
        return _link(con, outdir, paths, started)
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def _link(con: Any, outdir: Path, paths: dict[str, Path], started: float) -> LinkSummary:
    """The steps of ``link_output`` on an open connection (numbered as they run)."""
    for name, sql in _READ.items():  # once: the views would read the files again for every query
        con.execute(f"CREATE TEMP TABLE read_{name} AS {sql}")
        _drop(con, name)
        con.execute(f"CREATE TEMP VIEW {name} AS SELECT * FROM read_{name}")
    graph = build_units(con)  # 1. the keys written aliases join
    con.register("unit_map", pa.table({"unit_key": pa.array(list(graph.unit_of), pa.string()),
                                       "unit_id": pa.array(list(graph.unit_of.values()), pa.string())}))
    con.execute(MENTIONS_VIEW)
    unplaced = link_refs(con)  # 2. the round of every ref
    made = round_tables(con)  # 3. rounds, their units over time
    made["units"], conflicts = unit_table(con, graph)  # 4. units and their names
    # each read when written (a connection streams one result at a time), in a stable order
    tables: dict[str, Any] = {name: _batches(con, f"SELECT * FROM {table} ORDER BY {_ORDER[name]}")
                              for name, table in made.items()}
    tables["round_notices"] = _batches(con, _ROUND_NOTICES)
    tables["units_conflicts"] = pa.Table.from_pylist(conflicts, schema=LINK_TABLES["units_conflicts"])
    counts = write_linked(outdir, tables, _rules_sha256(paths["notices"]))
    return LinkSummary(outdir, counts, unplaced, time.perf_counter() - started)


def _drop(con: Any, name: str) -> None:
    """Drop the view ``store.connect`` made (or the empty table it registered) for a table."""
    try:
        con.unregister(name)
    except Exception:  # noqa: BLE001 - not a registered table: a view over Parquet files
        con.execute(f'DROP VIEW IF EXISTS "{name}"')
    con.execute(f'DROP VIEW IF EXISTS "{name}"')


def _batches(con: Any, sql: str) -> Callable[[], pa.RecordBatchReader]:
    """A query whose rows come as Arrow record batches, run when the writer asks for them."""
    def run() -> pa.RecordBatchReader:
        relation = con.sql(sql)
        reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch  # DuckDB 2.x, 1.x
        batches: pa.RecordBatchReader = reader(_BATCH_ROWS)
        return batches

    return run


def _rules_sha256(notices: Path) -> str:
    """The rules hash the output was parsed with (the notices table's metadata), for the link's files."""
    files = [notices] if notices.is_file() else sorted(notices.rglob("*.parquet"))
    metadata = pq.read_schema(files[0]).metadata or {} if files else {}
    return (metadata.get(b"rules_sha256") or b"").decode()


def _quoted(path: Path) -> str:
    """A path inside SQL single quotes."""
    return str(path).replace("'", "''")
