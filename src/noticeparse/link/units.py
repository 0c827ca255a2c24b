"""Units across notices: one row per unit with every name seen, its notices, and the rules that merged them.

Names merge only by their keys (``extract/units.py``: a key rule or the notice's place made two
names one key) and by an alias a notice writes (皖通公司党委 defined as 安徽皖通高速公路股份有限公司党委
joins the two keys everywhere). Never by similarity. A local key (局党组 in one notice) is a unit of
that notice alone. An alias that would join two units each known by a full name is refused and
listed in ``units_conflicts``, with the names one rule would merge and another keeps apart: one name
under several keys (县卫生健康局 of two counties), a unit and its sub-unit or government
(东莞自然资源局 and its 东城分局, 杨湖镇 and 杨湖镇政府).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

__all__ = ["UnitGraph", "build_units"]

# a key that is the name of something inside (or beside) the unit another key names
_SUB_UNITS = ("分局", "政府", "分公司", "支队", "大队", "派出所")

_MENTIONS = """
SELECT CASE WHEN local THEN notice_id || '#' || unit_key ELSE unit_key END AS unit_key,
       CASE WHEN local THEN notice_id || '#' || name_key ELSE name_key END AS name_key,
       name, local, list(DISTINCT notice_id ORDER BY notice_id) AS notices,
       list(DISTINCT rule ORDER BY rule) FILTER (WHERE rule IS NOT NULL) AS rules
FROM (SELECT *, unnest(CASE WHEN len(key_rules) = 0 THEN [NULL] ELSE key_rules END) AS rule FROM unit_mentions)
GROUP BY ALL
ORDER BY unit_key, name
"""


@dataclass
class UnitGraph:
    """Keys joined into units: ``unit_of`` maps every key to its unit id."""

    unit_of: dict[str, str] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    table: pa.Table | None = None


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


def build_units(con: duckdb.DuckDBPyConnection, inspected_keys: Iterable[str]) -> UnitGraph:
    """The units of an output from its ``unit_mentions`` view (one DuckDB pass, then a union-find)."""
    rows = con.execute(_MENTIONS).fetchall()
    components = _Components()
    graph = UnitGraph()
    for unit_key, name_key, name, _local, notices, _rules in rows:
        components.find(unit_key)
        if name_key != unit_key:  # a name a notice defined as an alias of a full name
            refused = components.join(name_key, unit_key)
            if refused:
                graph.conflicts.append(_conflict("alias", name, refused, unit_key, "unit.key_alias",
                                                 "unit.one_full_name", notices))
    graph.unit_of = {key: components.unit_id(key) for key in components.parent}
    inspected = {graph.unit_of.get(k, k) for k in inspected_keys}
    graph.table = _table(rows, graph.unit_of, inspected)
    graph.conflicts += _kept_apart(rows, graph.unit_of)
    return graph


def _conflict(kind: str, name: str, unit_a: str, unit_b: str, merging: str, separating: str,
              notices: list[str]) -> dict[str, Any]:
    return {"kind": kind, "name": name, "unit_a": unit_a, "unit_b": unit_b, "merging_rule": merging,
            "separating_rule": separating, "notices": list(notices)}


def _table(rows: list[tuple[Any, ...]], unit_of: dict[str, str], inspected: set[str]) -> pa.Table:
    """One row per unit: its names (each with its notices and rules), keys and notices."""
    names: dict[str, dict[str, tuple[set[str], set[str]]]] = defaultdict(dict)
    keys: dict[str, set[str]] = defaultdict(set)
    local: dict[str, bool] = {}
    for unit_key, name_key, name, is_local, notices, rules in rows:
        unit = unit_of[unit_key]
        seen, rule_ids = names[unit].setdefault(name, (set(), set()))
        seen.update(notices)
        rule_ids.update(rules or [])
        if name_key != unit_key:
            rule_ids.add("unit.key_alias")
        keys[unit].update({unit_key, unit_of.get(name_key, name_key)})
        local[unit] = bool(is_local)
    out: dict[str, list[Any]] = defaultdict(list)
    for unit in sorted(names):
        by_name = names[unit]
        every = sorted(set().union(*(n for n, _r in by_name.values())))
        out["unit_id"].append(unit)
        out["name"].append(_display(by_name))
        out["names"].append([{"name": n, "notices": sorted(s), "rule_ids": sorted(r)} for n, (s, r) in sorted(by_name.items())])
        out["keys"].append(sorted(keys[unit]))
        out["notices"].append(every)
        out["n_notices"].append(len(every))
        out["inspected"].append(unit in inspected)
        out["local"].append(local[unit])
        out["rounds"].append([])
    return pa.table(out) if out else pa.table({"unit_id": pa.array([], pa.string())})


def _display(by_name: dict[str, tuple[set[str], set[str]]]) -> str:
    """The name a unit is shown by: the one most notices use, the longest on a tie."""
    counts = Counter({name: len(seen) for name, (seen, _rules) in by_name.items()})
    return max(counts, key=lambda n: (counts[n], len(n), n))


def _kept_apart(rows: list[tuple[Any, ...]], unit_of: dict[str, str]) -> list[dict[str, Any]]:
    """Names one rule would merge and another keeps apart: one name under several units, a sub-unit."""
    units_of_name: dict[str, set[str]] = defaultdict(set)
    notices_of_name: dict[str, set[str]] = defaultdict(set)
    for unit_key, _name_key, name, is_local, notices, _rules in rows:
        if not is_local:
            units_of_name[name].add(unit_of[unit_key])
            notices_of_name[name].update(notices)
    out = []
    for name, units in sorted(units_of_name.items()):
        ordered = sorted(units)
        out += [_conflict("same_name", name, a, b, "unit.same_name", "unit.key_scope_place",
                          sorted(notices_of_name[name])) for a, b in itertools.pairwise(ordered)]
    known = set(unit_of.values())
    for unit in sorted(known):
        for word in _SUB_UNITS:
            at = unit.find(word)
            parent = next(_prefixes(unit[:at], known), None) if at > 1 else None
            if parent:  # 东莞自然资源局东城分局 beside 东莞自然资源局: one name holds the other
                out.append(_conflict("sub_unit", unit, parent, unit, "unit.name_contains", f"unit.sub_unit:{word}",
                                     []))
    return out


def _prefixes(head: str, known: set[str]) -> Iterator[str]:
    """Units whose key is ``head`` or begins it (东莞自然资源局 for 东莞自然资源局东城), longest first."""
    for size in range(len(head), 1, -1):
        if head[:size] in known:
            yield head[:size]
