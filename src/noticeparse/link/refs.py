"""The ``ref_links`` table: each round ref with the round it belongs to (``resolve.py`` says by which rules).

Most refs name a body with its place or institution and a round number: DuckDB resolves those by
``link.same_round`` in one pass. The few others (a body without its place, a term that two rounds
of one body share, no round number) come to Python with the rounds' units (``resolve_refs``).
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from noticeparse.link.resolve import SPECIFIC_BODY, RefKey, resolve_refs

__all__ = ["link_refs"]

_SPECIFIC = f"(body_rule_id IN ({', '.join(repr(r) for r in sorted(SPECIFIC_BODY))}) OR body = '中央')"
_SAME_ROUND = f"""
CREATE OR REPLACE TEMP TABLE ref_links AS
WITH s AS (SELECT notice_id, ref_id, body, term, round, lookback FROM round_refs
           WHERE round IS NOT NULL AND {_SPECIFIC}),
g AS (SELECT body, round, lookback, list(DISTINCT term) FILTER (WHERE term IS NOT NULL) AS terms FROM s GROUP BY ALL)
SELECT s.notice_id, CAST(s.ref_id AS INTEGER) AS ref_id,
       s.body || '/' || coalesce(s.term, g.terms[1], '-') || '/' || s.round
              || CASE WHEN s.lookback THEN '/回头看' ELSE '' END AS key,
       'link.same_round' AS link_rule
FROM s JOIN g USING (body, round, lookback)
WHERE s.term IS NOT NULL OR coalesce(len(g.terms), 0) <= 1
"""
_REST = """
SELECT r.notice_id, r.ref_id, r.body, r.body_rule_id, r.term, r.round, r.lookback, r."group", r.period_start
FROM round_refs r ANTI JOIN ref_links l USING (notice_id, ref_id)
"""
# the rounds the rest may join: those of a round number or a body the rest name
_CANDIDATES = """
CREATE OR REPLACE TEMP TABLE candidate_links AS
SELECT l.notice_id, l.ref_id, l.key FROM ref_links l
JOIN (SELECT DISTINCT CAST(round AS VARCHAR) AS r FROM rest_refs) n ON split_part(l.key, '/', 3) = n.r
UNION
SELECT l.notice_id, l.ref_id, l.key FROM ref_links l
JOIN (SELECT DISTINCT body FROM rest_refs) b ON split_part(l.key, '/', 1) = b.body
"""
_UNITS_OF = """
SELECT u.notice_id, u.ref_id, list(DISTINCT coalesce(m.unit_id, u.unit_key))
FROM round_ref_units u
JOIN (SELECT notice_id, ref_id FROM rest_refs UNION SELECT notice_id, ref_id FROM candidate_links) w
  USING (notice_id, ref_id)
LEFT JOIN unit_map m ON m.unit_key = u.unit_key
GROUP BY ALL
"""
_PLACED = "SELECT notice_id, ref_id, key FROM candidate_links"


def link_refs(con: duckdb.DuckDBPyConnection) -> int:
    """Create ``ref_links`` (notice_id, ref_id, key, link_rule) for every ref; return how many found no round."""
    con.execute(_SAME_ROUND)
    rest = _rows(con, _REST)
    if not rest:
        return 0
    con.register("rest_refs", pa.Table.from_pylist(rest))
    con.execute(_CANDIDATES)
    units: dict[RefKey, set[str]] = {(nid, rid): set(ids) for nid, rid, ids in con.execute(_UNITS_OF).fetchall()}
    placed = [{"notice_id": nid, "ref_id": rid, "body": key.split("/")[0], "body_rule_id": "round.body_place",
               "term": None if key.split("/")[1] == "-" else key.split("/")[1], "round": int(key.split("/")[2]),
               "lookback": key.endswith("/回头看")} for nid, rid, key in con.execute(_PLACED).fetchall()]
    links = resolve_refs([*placed, *rest], units)
    new = [(nid, rid, *links[(nid, rid)]) for nid, rid in ((r["notice_id"], r["ref_id"]) for r in rest)]
    con.register("rest_links", pa.table({
        "notice_id": pa.array([n[0] for n in new], pa.string()), "ref_id": pa.array([n[1] for n in new], pa.int32()),
        "key": pa.array([n[2] for n in new], pa.string()), "link_rule": pa.array([n[3] for n in new], pa.string())}))
    con.execute("INSERT INTO ref_links SELECT * FROM rest_links")
    return sum(1 for n in new if n[2] is None)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
