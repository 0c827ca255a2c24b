"""Units across notices: one row per unit with every name seen, its notices, and the rules that merged them.

Names merge only by their keys (``extract/units.py``: a key rule or the notice's place made two
names one key) and by an alias a notice writes (皖通公司党委 defined as 安徽皖通高速公路股份有限公司党委
joins the two keys everywhere). Never by similarity. A local key (局党组 in one notice) is a unit of
that notice alone. An alias that would join two units each known by a full name is refused and
listed in ``units_conflicts``, with the names one rule would merge and another keeps apart: one name
under several units (县卫生健康局 of two counties), a unit beside its sub-unit or its government
(东莞自然资源局 and its 东城分局, 杨湖镇 and 杨湖镇政府).

Only the alias edges come to Python (a union-find over them); the names, notices and keys of every
unit are aggregated by DuckDB over the ``unit_mentions`` view, so memory does not grow with the archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

__all__ = ["UnitGraph", "build_units", "unit_table"]

# a name under many units (县审计局 of every county) lists its first unit beside this many others, and
# each row this many notices: the rows say that the names were kept apart, not every place they occur
CONFLICT_PAIRS, CONFLICT_NOTICES = 10, 20
# the words after which a key names something inside (or beside) the unit its head names
SUB_UNITS = ("分局", "政府", "分公司", "支队", "大队", "派出所")

_EDGES = """
SELECT DISTINCT name_key, unit_key, name, notice_id FROM unit_mentions
WHERE NOT local AND name_key <> unit_key ORDER BY unit_key, name_key, notice_id
"""
# every mention with its unit: a local key is its notice's; unit_map holds the keys an alias joined
MENTIONS_VIEW = """
CREATE OR REPLACE TEMP VIEW unit_rows AS
SELECT coalesce(m.unit_id, k.key) AS unit_id, k.key, k.name, k.notice_id, k.key_rules, k.aliased, k.local
FROM (SELECT CASE WHEN local THEN notice_id || '#' || unit_key ELSE unit_key END AS key, name, notice_id,
             key_rules, name_key <> unit_key AS aliased, local FROM unit_mentions) k
LEFT JOIN unit_map m ON m.unit_key = k.key
"""
_UNITS = """
WITH by_name AS (
  SELECT unit_id, name, list(DISTINCT notice_id ORDER BY notice_id) AS notices, count(DISTINCT notice_id) AS n,
         list_sort(list_distinct(flatten(list(key_rules)) || CASE WHEN bool_or(aliased) THEN ['unit.key_alias']
                                                                   ELSE [] END)) AS rule_ids
  FROM unit_rows GROUP BY unit_id, name),
by_unit AS (
  SELECT unit_id, list(DISTINCT key ORDER BY key) AS keys, list(DISTINCT notice_id ORDER BY notice_id) AS notices,
         bool_and(local) AS local FROM unit_rows GROUP BY unit_id),
inspected AS (
  SELECT DISTINCT coalesce(m.unit_id, r.unit_key) AS unit_id FROM round_ref_units r
  LEFT JOIN unit_map m ON m.unit_key = r.unit_key)
SELECT b.unit_id, arg_max(n.name, (n.n, length(n.name), n.name)) AS name,
       list({'name': n.name, 'notices': n.notices, 'rule_ids': n.rule_ids} ORDER BY n.name) AS names,
       any_value(b.keys) AS keys, any_value(b.notices) AS notices, CAST(len(any_value(b.notices)) AS INTEGER) AS n_notices,
       bool_or(i.unit_id IS NOT NULL) AS inspected, any_value(b.local) AS local,
       coalesce(any_value(r.rounds), []) AS rounds
FROM by_unit b JOIN by_name n USING (unit_id) LEFT JOIN inspected i USING (unit_id)
LEFT JOIN (SELECT unit_id, list(DISTINCT key ORDER BY key) AS rounds FROM round_units_in GROUP BY unit_id) r USING (unit_id)
GROUP BY b.unit_id ORDER BY b.unit_id
"""
# one row per name and unit beside the name's first unit, at most $pairs a name; each with a few notices
_SAME_NAME = """
WITH named AS (SELECT name, unit_id, list(DISTINCT notice_id ORDER BY notice_id)[1:$sample] AS notices
               FROM unit_rows WHERE NOT local GROUP BY name, unit_id),
ranked AS (SELECT *, row_number() OVER (PARTITION BY name ORDER BY unit_id) AS n,
                  count(*) OVER (PARTITION BY name) AS units FROM named)
SELECT a.name, a.unit_id, b.unit_id, b.units, list_distinct(a.notices || b.notices)
FROM ranked a JOIN ranked b ON a.name = b.name AND a.n = 1 AND b.n > 1 AND b.n <= $pairs + 1
ORDER BY a.name, b.unit_id
"""
# a unit whose id holds a sub-unit word, beside the longest unit whose id is a head of the part before it
_SUB_UNIT = """
WITH ids AS (SELECT DISTINCT unit_id FROM unit_rows WHERE NOT local),
words AS (SELECT unnest($words) AS word),
cut AS (SELECT unit_id, word, strpos(unit_id, word) - 1 AS pos FROM ids CROSS JOIN words
        WHERE strpos(unit_id, word) > 2),
sizes AS (SELECT unit_id, word, unnest(range(2, pos + 1)) AS size FROM cut),
heads AS (SELECT unit_id, word, left(unit_id, CAST(size AS INTEGER)) AS head, size FROM sizes)
SELECT 'sub_unit' AS kind, h.unit_id AS name, arg_max(h.head, h.size) AS parent, h.unit_id AS unit,
       'unit.sub_unit:' || h.word AS separating_rule
FROM heads h JOIN ids p ON p.unit_id = h.head GROUP BY h.unit_id, h.word ORDER BY h.unit_id
"""


@dataclass
class UnitGraph:
    """Keys an alias joined (``unit_map``: key → unit id) and the aliases refused."""

    unit_of: dict[str, str] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)


class _Components:
    """Union-find over keys where a component holds at most one anchor (a key named in full)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.anchor: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            root = self.parent[root]
        while key != root:  # path compression: later finds are one step
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, alias_key: str, full_key: str) -> str | None:
        """Join an alias's key to its full name's; the other anchor's key when refused, else None."""
        a, b = self.find(alias_key), self.find(full_key)
        self.anchor.setdefault(b, full_key)
        if a == b:
            return None
        if a in self.anchor and self.anchor[a] != self.anchor[b]:
            return self.anchor[a]
        self.parent[a] = b
        return None

    def unit_id(self, key: str) -> str:
        root = self.find(key)
        return self.anchor.get(root, root)


def build_units(con: duckdb.DuckDBPyConnection) -> UnitGraph:
    """Join the keys an alias links (a union-find over the ``unit_mentions`` view's alias rows)."""
    components = _Components()
    graph = UnitGraph()
    for name_key, unit_key, name, notice in con.execute(_EDGES).fetchall():
        refused = components.join(name_key, unit_key)
        if refused:
            graph.conflicts.append(conflict("alias", name, refused, unit_key, "unit.key_alias", "unit.one_full_name",
                                            [notice]))
    graph.unit_of = {key: components.unit_id(key) for key in components.parent}
    return graph


def conflict(kind: str, name: str, unit_a: str, unit_b: str, merging: str, separating: str,
             notices: list[str], n_units: int = 2) -> dict[str, Any]:
    """One ``units_conflicts`` row."""
    return {"kind": kind, "name": name, "unit_a": unit_a, "unit_b": unit_b, "merging_rule": merging,
            "separating_rule": separating, "n_units": n_units, "notices": list(notices)[:CONFLICT_NOTICES]}


def unit_table(con: duckdb.DuckDBPyConnection, graph: UnitGraph) -> tuple[str, list[dict[str, Any]]]:
    """The ``units`` table (a DuckDB table: its name) and every conflict (refused aliases, names kept apart).

    Needs ``link_round_units`` (``tables.round_tables``) for the rounds of each unit.
    """
    con.execute("CREATE OR REPLACE TEMP VIEW round_units_in AS SELECT key, unit_id FROM link_round_units")
    con.execute(f"CREATE OR REPLACE TEMP TABLE link_units AS {_UNITS}")
    out = list(graph.conflicts)
    for name, first, other, count, notices in con.execute(_SAME_NAME, {"pairs": CONFLICT_PAIRS,
                                                                       "sample": CONFLICT_NOTICES}).fetchall():
        out.append(conflict("same_name", name, first, other, "unit.same_name", "unit.key_scope_place", notices,
                            count))
    for _kind, name, parent, unit, rule in con.execute(_SUB_UNIT, {"words": list(SUB_UNITS)}).fetchall():
        out.append(conflict("sub_unit", name, parent, unit, "unit.name_contains", rule, []))
    return "link_units", out
