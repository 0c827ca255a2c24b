"""Which round each round ref belongs to, across notices (the ``round_notices`` table's ``key``).

A ref's own key says what its text alone lets a reader know; the round it belongs to is read from
the other notices, by these rules (the ``link_rule`` of each row):

- ``link.same_round``: a body that names its place or institution, the same round and 回头看 flag;
  a term written by one ref is the term of those that write none, unless the body has two rounds
  of that number in different terms (then a ref without a term takes the one it shares a unit with);
- ``link.generic_by_unit``: a body written without its place (市委 of a notice that names none) is
  the round of the same level and number that inspected one of its units (a town the city's notices
  name without its county counts: 舒城县青石镇 is 六安市委's 青石镇; so does a unit the round's notices
  name with their city: 徐汇区 is 上海市委's 上海徐汇区);
- ``link.generic_group``: refs of such a body that share units with each other are one round
  (a province never named: 省委/十二届/3); one that names no unit is placed nowhere (``link.unplaced``);
- ``link.unit_group_period``: a ref without a round number belongs to the round of its body that
  inspected its unit when more than the unit agrees: two or more of its units, or the group, the
  period or the feedback day of a ref of that round naming the unit; a period of that unit's that
  differs, or a date more than ``EARLIER_ROUND_DAYS`` before the round's first, keeps it out (a body
  inspects one unit again in a later round: a district in 2021 and in the next term's second round).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from noticeparse.link.units import TERRITORIAL

__all__ = ["RefKey", "resolve_refs"]

RefKey = tuple[str, int]  # notice_id, ref_id
# a ref dated this long before a round's first date is of an earlier round (entry to final report is under a year)
EARLIER_ROUND_DAYS = 400
TOWN = re.compile(TERRITORIAL)
TOWN_OF_CITY = re.compile(r"^(.+?)(?:市委|州委|盟委)$")  # a city's body: its towns lie in counties it may not name
SPECIFIC_BODY = frozenset({"round.body_place", "round.body_written", "round.body_institution"})


def _key(body: str, term: str | None, number: int, lookback: bool) -> str:
    return f"{body}/{term or '-'}/{number}" + ("/回头看" if lookback else "")


def resolve_refs(refs: Sequence[Mapping[str, Any]], units: Mapping[RefKey, set[str]],
                 days: Mapping[RefKey, Mapping[str, Any]] | None = None) -> dict[RefKey, tuple[str | None, str]]:
    """``(notice_id, ref_id)`` → ``(round key or None, link rule)`` for every ref.

    ``days`` are the feedback days a ref gives its units one by one (a feedback notice of several units).

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
    out.update(_numberless(numberless, units, members, refs, out, days or {}))
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
                 and (mine & members[key] or _same_town(mine, members[key], key) or _city_form(mine, members[key], key))}
        if len(found) == 1:
            out[_id(ref)] = (found.pop(), "link.generic_by_unit")
        else:
            pool.append(ref)
    return out | _generic_groups(pool, units)


def _same_town(mine: set[str], theirs: set[str], key: str) -> bool:
    """A town the round's city notices name without its county (六安青石镇) that a ref names with it
    (舒城青石镇): its unit ends with the town's name (link/units.py ``TERRITORIAL``)."""
    city = TOWN_OF_CITY.match(key.split("/")[0])
    if not city:
        return False
    towns = {unit[len(city.group(1)):] for unit in theirs if unit.startswith(city.group(1))}
    towns = {town for town in towns if len(town) >= 3 and TOWN.search(town)}
    return any(unit.endswith(town) and unit != city.group(1) + town for unit in mine for town in towns)


def _city_form(mine: set[str], theirs: set[str], key: str) -> bool:
    """A unit a ref names without a place (徐汇区, of a notice that says only 市委) that the round's own
    notices name with the city of its body (上海徐汇区 in 上海市委's round)."""
    city = TOWN_OF_CITY.match(key.split("/")[0])
    return bool(city) and any(len(unit) >= 3 and city.group(1) + unit in theirs for unit in mine)  # type: ignore[union-attr]


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
                every: Sequence[Mapping[str, Any]], found: Mapping[RefKey, tuple[str | None, str]],
                days: Mapping[RefKey, Mapping[str, Any]]) -> dict[RefKey, tuple[str | None, str]]:
    """A ref without a round number: the one round of its body whose refs agree with it on more than a unit (step 4)."""
    by_body: dict[str, list[str]] = defaultdict(list)
    for key in members:
        by_body[key.split("/")[0]].append(key)
    placed: dict[str, list[tuple[set[str], Mapping[str, Any]]]] = defaultdict(list)  # round → its refs' units, facts
    for other in every:
        placed_in = found.get(_id(other), (None,))[0]
        if placed_in:
            placed[placed_in].append((units.get(_id(other), set()), {**other, "days": days.get(_id(other), {})}))
    out: dict[RefKey, tuple[str | None, str]] = {}
    for ref in refs:
        mine = units.get(_id(ref), set())
        keys = [key for key in sorted(by_body.get(str(ref["body"]), [])) if mine & members[key]
                and _agrees(ref, mine & members[key], placed[key])]
        out[_id(ref)] = (keys[0], "link.unit_group_period") if len(keys) == 1 else (None, "link.unplaced")
    return out


def _agrees(ref: Mapping[str, Any], shared: set[str], placed: Sequence[tuple[set[str], Mapping[str, Any]]]) -> bool:
    """Whether a round's refs that name the shared units agree with a ref on more than the units, and never
    on a different inspection period of them, nor on a date long before the round's first."""
    naming = [other for their, other in placed if their & shared]
    if any(ref.get("period_start") and other.get("period_start") and other["period_start"] != ref["period_start"]
           for other in naming):
        return False
    when = ref.get("period_start") or ref.get("notice_date")
    first = min((d for _units, other in placed if (d := other.get("period_start") or other.get("notice_date"))),
                default=None)
    if when and first and (first - when).days > EARLIER_ROUND_DAYS:  # 闵行区 in a 2021 round, again in 2023
        return False
    if len(shared) >= 2:
        return True
    told = {day for other in naming for unit, day in other.get("days", {}).items() if unit in shared}
    return ref.get("feedback_date") in told or any(
        _same(ref, other, fact) for other in naming for fact in ("group", "period_start", "feedback_date"))


def _same(ref: Mapping[str, Any], other: Mapping[str, Any], fact: str) -> bool:
    mine, theirs = ref.get(fact), other.get(fact)
    if fact == "group" and mine and theirs:  # 阜阳市委第三巡察组 = 市委第三巡察组: the group's number decides
        mine, theirs = str(mine)[str(mine).find("第"):], str(theirs)[str(theirs).find("第"):]
    return mine is not None and mine == theirs
