"""Which round each round ref belongs to, across notices (the ``round_notices`` table's ``key``).

A ref's own key says what its text alone lets a reader know; the round it belongs to is read from
the other notices, by these rules (the ``link_rule`` of each row):

- ``link.same_round``: a body that names its place or institution, the same round and 回头看 flag;
  a term written by one ref is the term of those that write none, unless the body has two rounds
  of that number in different terms (then a ref without a term takes the one it shares a unit with);
- ``link.generic_by_unit``: a body written without its place (市委 of a notice that names none) is
  the round of the same level and number that inspected one of its units;
- ``link.generic_group``: refs of such a body that share units with each other are one round
  (a province never named: 省委/十二届/3); one that names no unit is placed nowhere (``link.unplaced``);
- ``link.unit_group_period``: a ref without a round number belongs to the round of its body that
  inspected its unit (with the same group and period when several did).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["RefKey", "resolve_refs"]

RefKey = tuple[str, int]  # notice_id, ref_id
SPECIFIC_BODY = frozenset({"round.body_place", "round.body_written", "round.body_institution"})


def _key(body: str, term: str | None, number: int, lookback: bool) -> str:
    return f"{body}/{term or '-'}/{number}" + ("/回头看" if lookback else "")


def resolve_refs(refs: Sequence[Mapping[str, Any]],
                 units: Mapping[RefKey, set[str]]) -> dict[RefKey, tuple[str | None, str]]:
    """``(notice_id, ref_id)`` → ``(round key or None, link rule)`` for every ref.

    >>> refs = [{"notice_id": "a", "ref_id": 0, "body": "东莞市委", "body_rule_id": "round.body_place",
    ...          "term": "十四届", "round": 14, "lookback": False},
    ...         {"notice_id": "b", "ref_id": 0, "body": "东莞市委", "body_rule_id": "round.body_place",
    ...          "term": None, "round": 14, "lookback": False}]
    >>> resolve_refs(refs, {})[("b", 0)]
    ('东莞市委/十四届/14', 'link.same_round')
    """
    out: dict[RefKey, tuple[str | None, str]] = {}
    specific = [r for r in refs if r["round"] is not None and _specific(r)]
    generic = [r for r in refs if r["round"] is not None and not _specific(r)]
    numberless = [r for r in refs if r["round"] is None]
    out.update(_same_rounds(specific, units))
    members: dict[str, set[str]] = defaultdict(set)  # round key → its units
    for ref in specific:
        key = out[_id(ref)][0]
        if key:
            members[key] |= units.get(_id(ref), set())
    out.update(_generic(generic, units, members))
    out.update(_numberless(numberless, units, members, refs, out))
    return out


def _id(ref: Mapping[str, Any]) -> RefKey:
    return str(ref["notice_id"]), int(ref["ref_id"])


def _specific(ref: Mapping[str, Any]) -> bool:
    return ref.get("body_rule_id") in SPECIFIC_BODY or ref.get("body") == "中央"


def _same_rounds(refs: Sequence[Mapping[str, Any]], units: Mapping[RefKey, set[str]]) -> dict[RefKey, tuple[str | None, str]]:
    groups: dict[tuple[str, int, bool], list[Mapping[str, Any]]] = defaultdict(list)
    for ref in refs:
        groups[(ref["body"], ref["round"], bool(ref["lookback"]))].append(ref)
    out: dict[RefKey, tuple[str | None, str]] = {}
    for (body, number, lookback), members in groups.items():
        terms = sorted({m["term"] for m in members if m["term"]})
        for ref in members:
            term = ref["term"] or (terms[0] if len(terms) == 1 else _term_by_unit(ref, members, units))
            if ref["term"] or len(terms) <= 1 or term:
                out[_id(ref)] = (_key(body, term, number, lookback), "link.same_round")
            else:
                out[_id(ref)] = (None, "link.ambiguous_term")
    return out


def _term_by_unit(ref: Mapping[str, Any], members: Sequence[Mapping[str, Any]],
                  units: Mapping[RefKey, set[str]]) -> str | None:
    mine = units.get(_id(ref), set())
    terms = {m["term"] for m in members if m["term"] and mine & units.get(_id(m), set())}
    return terms.pop() if len(terms) == 1 else None


def _generic(refs: Sequence[Mapping[str, Any]], units: Mapping[RefKey, set[str]],
             members: Mapping[str, set[str]]) -> dict[RefKey, tuple[str | None, str]]:
    out: dict[RefKey, tuple[str | None, str]] = {}
    by_round: dict[tuple[int, bool], list[str]] = defaultdict(list)  # (round, 回头看) → placed round keys
    for key in members:
        parts = key.split("/")
        by_round[(int(parts[2]), key.endswith("/回头看"))].append(key)
    pool = []
    for ref in refs:
        mine = units.get(_id(ref), set())
        word = str(ref["body"]).removeprefix("学校").removeprefix("校")
        found = {key for key in by_round.get((ref["round"], bool(ref["lookback"])), [])
                 if key.split("/")[0].endswith(word) and (not ref["term"] or key.split("/")[1] == ref["term"])
                 and mine & members[key]}
        if len(found) == 1:
            out[_id(ref)] = (found.pop(), "link.generic_by_unit")
        else:
            pool.append(ref)
    return out | _generic_groups(pool, units)


def _generic_groups(refs: Sequence[Mapping[str, Any]], units: Mapping[RefKey, set[str]]) -> dict[RefKey, tuple[str | None, str]]:
    """Refs of a body without its place that share units: one round each group (step 3)."""
    out: dict[RefKey, tuple[str | None, str]] = {}
    by_round: dict[tuple[str, int, bool], list[Mapping[str, Any]]] = defaultdict(list)
    for ref in refs:
        by_round[(ref["body"], ref["round"], bool(ref["lookback"]))].append(ref)
    for (body, number, lookback), members in by_round.items():
        for group in _sharing_units(members, units):
            terms = {m["term"] for m in group if m["term"]}
            term = terms.pop() if len(terms) == 1 else None
            for ref in group:
                placed = bool(units.get(_id(ref)))
                out[_id(ref)] = ((_key(body, term, number, lookback), "link.generic_group") if placed
                                 else (None, "link.unplaced"))
    return out


def _sharing_units(refs: Sequence[Mapping[str, Any]], units: Mapping[RefKey, set[str]]) -> list[list[Mapping[str, Any]]]:
    """The refs cut into groups that share units with each other (a ref with no unit alone)."""
    groups: list[tuple[set[str], list[Mapping[str, Any]]]] = []
    for ref in refs:
        mine = set(units.get(_id(ref), set()))
        touching = [g for g in groups if mine and g[0] & mine]
        merged_units, merged = mine, [ref]
        for group in touching:
            groups.remove(group)
            merged_units |= group[0]
            merged += group[1]
        groups.append((merged_units, merged))
    return [members for _units, members in groups]


def _numberless(refs: Sequence[Mapping[str, Any]], units: Mapping[RefKey, set[str]], members: Mapping[str, set[str]],
                every: Sequence[Mapping[str, Any]], found: Mapping[RefKey, tuple[str | None, str]]) -> dict[RefKey, tuple[str | None, str]]:
    """A ref without a round number: the round of its body that inspected its unit (step 4)."""
    by_body: dict[str, list[str]] = defaultdict(list)
    for key in members:
        by_body[key.split("/")[0]].append(key)
    signature: dict[str, set[tuple[Any, Any]]] = defaultdict(set)  # a round's (group, period start) pairs
    for other in every:
        placed = found.get(_id(other), (None,))[0]
        if placed:
            signature[placed].add((other.get("group"), other.get("period_start")))
    out: dict[RefKey, tuple[str | None, str]] = {}
    for ref in refs:
        mine = units.get(_id(ref), set())
        keys = sorted(key for key in by_body.get(str(ref["body"]), []) if mine & members[key])
        if len(keys) > 1:  # the round whose refs share the group and period
            keys = [k for k in keys if (ref.get("group"), ref.get("period_start")) in signature[k]] or keys
        out[_id(ref)] = (keys[0], "link.unit_group_period") if len(keys) == 1 else (None, "link.unplaced")
    return out
