"""Units (被巡视/巡察单位): the names a notice gives units, every place each occurs, and their keys.

Rules: ``rules/units.yaml``. Names come from the clauses that say who was inspected (对X开展巡察,
向X反馈, 进驻X, 巡察对象为X, the title's X关于…巡察…的通报, …涉及的X等单位), from the notice's
aliases and from name patterns (中共X委员会, 市X局, a place and what follows it); then every
occurrence of those names is a mention, the longest name winning where two overlap. A name's key
(``unit_key``) is what two names must share to be one unit: only the rules of ``data.key_rules``,
the party organ (X党组 = X) and the notice's place or institution (县公安局 in a notice of 乐至县 is
乐至公安局) make it; a bare type name (局党组, 镇党委) keys to this notice alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from noticeparse.extract.places import Places
from noticeparse.extract.spans import pick_longest
from noticeparse.records import Alias, UnitMention
from noticeparse.rules import RuleSet, compiled

__all__ = ["CLAUSE_ROLES", "NameHit", "UnitScope", "find_unit_names", "unit_key", "unit_mentions"]

# the clause rules and the role their names get (a round ref's units come from these)
CLAUSE_ROLES = {"unit.inspected": "inspected", "unit.feedback_to": "feedback", "unit.entered": "entered",
                "unit.objects": "objects", "unit.group_line": "entered", "unit.title_subject": "title",
                "unit.involved": "involved"}
_NAME_RULES = ("unit.name_cpc", "unit.name_level")


@dataclass(frozen=True, slots=True)
class UnitScope:
    """What a notice's names are qualified by: a short place per level word, and the body's place or institution."""

    places: Mapping[str, str] = field(default_factory=dict)  # 市 → 东莞, 县 → 乐至
    qualifier: str | None = None  # 东莞, 江苏科技大学, 安徽交控集团


@dataclass(frozen=True, slots=True)
class NameHit:
    """A unit name found by a rule, before its key; ``clause_start`` is where the clause's match begins."""

    name: str
    start: int
    end: int
    rule_id: str
    role: str
    lookback: bool = False
    clause_start: int = 0


def find_unit_names(text: str, rules: RuleSet, places: Places, title_end: int) -> list[NameHit]:
    """Every unit name the rules find, clauses first, in text order (overlaps resolved, longest first).

    >>> from noticeparse.rules import load_rules
    >>> from noticeparse.extract.places import load_places
    >>> rules = load_rules()
    >>> [h.name for h in find_unit_names("县委巡察组对县公安局、县医疗保障局等2个单位开展常规巡察", rules,
    ...                                   load_places(rules), 0)]
    ['县公安局', '县医疗保障局']
    """
    clauses = _longest(_clause_hits(text, rules, title_end))
    taken = sorted((h.start, h.end) for h in clauses)
    names = _longest([h for h in _name_hits(text, rules, places) if not _overlapping(h, taken)])
    return sorted([*clauses, *names], key=lambda h: h.start)


def _overlapping(hit: NameHit, taken: list[tuple[int, int]]) -> bool:
    """Whether a hit shares a character with one of ``taken`` (sorted spans that never overlap each other)."""
    at = bisect.bisect_left(taken, (hit.end, -1))  # the spans that start before the hit ends
    return at > 0 and taken[at - 1][1] > hit.start


def _longest(hits: list[NameHit]) -> list[NameHit]:
    """The hits that survive overlaps, longest first (``spans.pick_longest``)."""
    return [h for h in pick_longest([(h.start, h.end, 0, h) for h in hits]) if isinstance(h, NameHit)]


def _clause_hits(text: str, rules: RuleSet, title_end: int) -> list[NameHit]:
    data = rules["units"].data
    hits = []
    for rule_id, role in CLAUSE_ROLES.items():
        rule = rules["units"].rule(rule_id)
        scope = text[:title_end] if role == "title" else text
        for match in rule.regex.finditer(scope):
            lookback = bool(match.groupdict().get("lb"))
            for name, start in split_list(match.group("list"), match.start("list"), data):
                hits.append(NameHit(name, start, start + len(name), rule_id, role, lookback, match.start()))
    return hits


def split_list(listed: str, offset: int, data: Mapping[str, Any]) -> list[tuple[str, int]]:
    """A clause's list cut into names with their offsets: shared suffix, counts and aliases dropped.

    >>> from noticeparse.rules import load_rules
    >>> split_list("竹瓦镇、汪岗镇党委", 0, load_rules()["units"].data)
    [('竹瓦镇', 0), ('汪岗镇', 4)]
    """
    pieces, last = [], 0
    keep = compiled(str(data["list_keep"]))
    for sep in compiled(str(data["list_split"])).finditer(listed):
        if keep.match(sep.group()):  # a bracketed part belongs to the conjunct it ends
            continue
        pieces.append((listed[last:sep.start()], offset + last))
        last = sep.end()
    pieces.append((listed[last:], offset + last))
    cleaned = [(_clean(piece, data), start) for piece, start in pieces]
    cleaned = _without_shared_suffix(cleaned, data)
    return [(name, start) for name, start in cleaned if _is_name(name, data)]


def _clean(piece: str, data: Mapping[str, Any]) -> str:
    """A conjunct without a parenthetical alias or extension and without its counting tail."""
    cut = compiled(str(data["drop_parenthetical"])).search(piece)
    piece = piece[:cut.start()] if cut else piece
    return str(compiled(str(data["list_tail"])).sub("", piece)).strip("“”\"")


def _without_shared_suffix(names: list[tuple[str, int]], data: Mapping[str, Any]) -> list[tuple[str, int]]:
    if len(names) < 2:
        return names
    suffixes = list(data["shared_suffixes"])
    last, start = names[-1]
    for suffix in suffixes:
        stem = last[: -len(suffix)]
        # the others end as the stem does (竹瓦镇、汪岗镇党委): the suffix is the list's, not the last name's
        if last.endswith(suffix) and len(stem) > 1 and all(n.endswith(stem[-1]) for n, _s in names[:-1]):
            return [*names[:-1], (stem, start)]
    return names


def _is_name(name: str, data: Mapping[str, Any]) -> bool:
    return (len(name) >= int(data["min_name"])
            and not name.startswith(tuple(data["not_names"]))
            and not regex.search(r"\d", name))


def _name_hits(text: str, rules: RuleSet, places: Places) -> list[NameHit]:
    """Names by pattern: 中共X委员会, 市X局, and a place with what follows it (东莞市自然资源局, 宜城市委)."""
    hits = []
    for rule_id in _NAME_RULES:
        for match in rules["units"].rule(rule_id).regex.finditer(text):
            group = "name" if rule_id == "unit.name_level" else 0
            hits.append(NameHit(match.group(group), match.start(group), match.end(group), rule_id, "name"))
    follow = rules["units"].rule("unit.place_org").regex
    for place in places.find_full(text):
        tail = follow.match(text, place.end)
        end = tail.end() if tail else place.end
        hits.append(NameHit(text[place.start:end], place.start, end, "unit.place_org", "name"))
    return hits


def unit_key(name: str, scope: UnitScope, rules: RuleSet, places: Places) -> tuple[str, tuple[str, ...], bool]:
    """The key of a name: ``(key, rules applied, local)``; a local key names a unit only in its notice.

    >>> from noticeparse.rules import load_rules
    >>> from noticeparse.extract.places import load_places
    >>> rules = load_rules(); places = load_places(rules)
    >>> unit_key("中共乐至县公安局委员会", UnitScope(), rules, places)[0]
    '乐至公安局'
    >>> unit_key("县公安局党委", UnitScope({"县": "乐至"}, "乐至"), rules, places)[0]
    '乐至公安局'
    >>> unit_key("局党组", UnitScope({"市": "东莞"}, "东莞"), rules, places)[2]
    True
    """
    data = rules["units"].data
    key, applied = name, list[str]()
    for item in data["key_rules"]:
        changed = compiled(str(item["find"])).sub(str(item["replace"]), key)
        if changed != key and changed:
            key, applied = changed, [*applied, str(item["id"])]
    for organ in data["party_organs"]:
        if key.endswith(organ) and len(key) > len(organ):
            key, applied = key[: -len(organ)], [*applied, "unit.key_party_organ"]
            break
    if _bare(key, data):
        return key, (*applied, "unit.key_bare"), True
    return _qualified(key, applied, scope, places)


def _bare(key: str, data: Mapping[str, Any]) -> bool:
    """True when nothing but level words and a type word is left (局, 镇, 新区工委, 学院)."""
    core, levels = key, sorted(data["level_words"], key=len, reverse=True)
    stripped = True
    while stripped and core:
        stripped = False
        for word in levels:
            if core.startswith(word) and core != word:
                core, stripped = core[len(word):], True
                break
    return not core or core in data["bare_types"] or key in data["level_words"]


def _qualified(key: str, applied: list[str], scope: UnitScope, places: Places) -> tuple[str, tuple[str, ...], bool]:
    """The key with its place: a full place put short, a level word given the notice's place."""
    short = places.short_of(key)
    if short != key:
        return short, (*applied, "unit.key_place"), False
    if places.starts_with_place(key) or (scope.qualifier and key.startswith(scope.qualifier)):
        return key, tuple(applied), False
    level = key[0]
    if level in "省市县区州":
        place = scope.places.get(level)
        if place is None:  # no place of that level known: the name means something only here
            return key, (*applied, "unit.key_local"), True
        return place + key[1:], (*applied, "unit.key_scope_place"), False
    if scope.qualifier:
        return scope.qualifier + key, (*applied, "unit.key_scope"), False
    return key, tuple(applied), False


def unit_mentions(text: str, hits: Sequence[NameHit], aliases: Iterable[Alias], scope: UnitScope,
                  rules: RuleSet, places: Places) -> list[UnitMention]:
    """Every occurrence of a found name or alias, with its key (an alias keys as its full name here)."""
    aliases = list(aliases)
    names = {h.name for h in hits} | {a.alias for a in aliases} | {a.full_name for a in aliases}
    names = {n for n in names if len(n) >= 2}
    if not names:
        return []
    by_span = {(h.start, h.end): h for h in hits}
    found: list[tuple[int, int, int, Found]] = [(h.start, h.end, 2, (h.name, h.rule_id, h.role, h.lookback)) for h in hits]
    pattern = regex.compile(r"\L<names>", names=sorted(names, key=len, reverse=True))
    for match in pattern.finditer(text):
        if (match.start(), match.end()) not in by_span:
            found.append((match.start(), match.end(), 1, (match.group(), "unit.occurrence", "mention", False)))
    defined = {a.alias: a.full_name for a in aliases}
    keys = {n: unit_key(n, scope, rules, places) for n in names | set(defined.values())}
    out = []
    for start, end, (name, rule_id, role, lookback) in _spans(found):
        own, applied, local = keys[name]
        target = defined.get(name)
        unit = keys[target][0] if target else own
        if target:
            own = unit if local else own  # a bare alias (局党组) is its full name here and joins nothing elsewhere
            applied, local = (*applied, "unit.key_alias"), keys[target][2]
        out.append(UnitMention(name=name, name_key=own, unit_key=unit, start=start, end=end, rule_id=rule_id,
                               role="alias" if target and role == "mention" else role, local=local,
                               key_rules=tuple(applied), lookback=lookback))
    return out


Found = tuple[str, str, str, bool]  # name, rule id, role, lookback


def _spans(found: list[tuple[int, int, int, Found]]) -> list[tuple[int, int, Found]]:
    """The occurrences that survive overlaps (longest first), with their spans."""
    spans = {id(p): (s, e, p) for s, e, _prio, p in found}
    return [spans[id(p)] for p in pick_longest(found)]
