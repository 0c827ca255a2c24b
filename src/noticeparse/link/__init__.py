"""Linking notices across an output: inspection rounds, their units over time, units and their names.

The face of the stage: other stages import only from here. ``link_output(OUT)`` reads a whole
output (``parse``'s files or ``batch``'s dataset) through ``store.connect`` (DuckDB views over the
Parquet files) and writes the tables of ``store.LINK_TABLES``, recomputed from the per-notice
tables every time, never merged by hand.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from noticeparse.link.resolve import RefKey, resolve_refs
from noticeparse.link.tables import round_tables
from noticeparse.link.units import build_units
from noticeparse.store import LINK_TABLES, connect, find_tables, write_linked

__all__ = ["LinkSummary", "link_output"]

_REFS = """
SELECT notice_id, ref_id, key, body, body_rule_id, term, round, lookback, "group", period_start
FROM round_refs ORDER BY notice_id, ref_id
"""
_REF_UNITS = "SELECT notice_id, ref_id, list(unit_key) FROM round_ref_units GROUP BY ALL"
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


def link_output(outdir: Path | str) -> LinkSummary:
    """Link the notices of an output: write ``rounds``, ``round_notices``, ``round_units``,
    ``round_timeline``, ``units`` and ``units_conflicts`` beside its tables.

    Raises:
        FileNotFoundError: when the folder holds no parsed output.
    """
    started = time.perf_counter()
    outdir = Path(outdir)
    paths = find_tables(outdir)
    if "notices" not in paths:
        raise FileNotFoundError(f"no parsed output in {outdir}: run `noticeparse parse` or `batch` first")
    con = connect(outdir)
    inspected = [row[0] for row in con.execute("SELECT DISTINCT unit_key FROM round_ref_units").fetchall()]
    graph = build_units(con, inspected)
    con.register("unit_ids", pa.table({"unit_key": pa.array(list(graph.unit_of), pa.string()),
                                       "unit_id": pa.array(list(graph.unit_of.values()), pa.string())}))
    units_of_ref = {(nid, rid): {graph.unit_of.get(k, k) for k in keys}
                    for nid, rid, keys in con.execute(_REF_UNITS).fetchall()}
    cursor = con.execute(_REFS)
    names = [d[0] for d in cursor.description]
    refs = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    links = resolve_refs(refs, units_of_ref)
    con.register("ref_links", _links_table(links))
    tables: dict[str, Any] = round_tables(con)
    tables["round_notices"] = _arrow(con, _ROUND_NOTICES)
    tables["units"] = _with_rounds(graph.table, tables["round_units"])
    tables["units_conflicts"] = pa.Table.from_pylist(graph.conflicts, schema=LINK_TABLES["units_conflicts"])
    counts = write_linked(outdir, tables, _rules_sha256(paths["notices"]))
    unplaced = sum(1 for key, _rule in links.values() if key is None)
    return LinkSummary(outdir, counts, unplaced, time.perf_counter() - started)


def _links_table(links: dict[RefKey, tuple[str | None, str]]) -> pa.Table:
    items = sorted(links.items())
    return pa.table({
        "notice_id": pa.array([k[0] for k, _v in items], pa.string()),
        "ref_id": pa.array([k[1] for k, _v in items], pa.int32()),
        "key": pa.array([v[0] for _k, v in items], pa.string()),
        "link_rule": pa.array([v[1] for _k, v in items], pa.string()),
    })


def _with_rounds(units: pa.Table | None, round_units: pa.Table) -> pa.Table:
    """The units table with the rounds each unit was inspected in."""
    schema = LINK_TABLES["units"]
    if units is None or units.num_rows == 0:
        return schema.empty_table()
    rounds: dict[str, list[str]] = defaultdict(list)
    for key, unit in zip(round_units.column("key").to_pylist(), round_units.column("unit_id").to_pylist(), strict=True):
        rounds[unit].append(key)
    column = pa.array([sorted(rounds.get(u, [])) for u in units.column("unit_id").to_pylist()], pa.list_(pa.string()))
    return units.set_column(units.schema.get_field_index("rounds"), "rounds", column).cast(schema)


def _arrow(con: Any, sql: str) -> pa.Table:
    relation = con.sql(sql)
    return (getattr(relation, "to_arrow_table", None) or relation.arrow)()


def _rules_sha256(notices: Path) -> str:
    """The rules hash the output was parsed with (the notices table's metadata), for the link's files."""
    files = [notices] if notices.is_file() else sorted(notices.rglob("*.parquet"))
    metadata = pq.read_schema(files[0]).metadata or {} if files else {}
    return (metadata.get(b"rules_sha256") or b"").decode()
