"""案件人员 (case persons): names as written and the title run before them.

Rules: ``rules/persons.yaml``. ``find_mentions`` finds every mention of a person's name:
masked names (张某, 李某某, X某某) wherever they do not head an organisation, full names in
slots only a name fills (``person.after_post``, ``person.object`` of 给予/对, before 同志,
opening a clause that penalises it, after a known name in a list; a name without a Han
surname only when it recurs), then every other occurrence of a full name found so. A
full name's length (刘平 or 刘平久) is chosen by its other occurrences, then by what follows.
``title_run`` reads the post before a mention: the run of organisation and post words back
to a clause break, an earlier name or a verb (``data.run_stops``), ending in a post word
(``person.post``); ``appositive`` reads one written after the name (``person.appositive``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from noticeparse.rules import RuleFile, RuleSet, compiled

__all__ = ["Mention", "Post", "appositive", "find_mentions", "title_run"]

_BREAK = regex.compile(r"[，,。；;：:！？!?【】\n]")
_WORD_START = regex.compile(r"[\s，,、。；;：:“”\"（(）)]|给予|对")  # what stands before a name
_PAREN = regex.compile(r"[（(][^（）()]{0,30}[)）]")
_MARKER = regex.compile(r"\s*(?:\d{1,2}\s?[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}起)")


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a person's name (or a unit) in the text."""

    name: str
    start: int
    end: int
    rule_id: str
    kind: str = "person"


@dataclass(frozen=True, slots=True)
class Post:
    """The title run before a mention, its organisation part and whether it is a former post."""

    text: str
    start: int
    end: int
    organisation: str | None
    organisation_start: int | None
    former: bool
    rule_id: str  # person.post (the run before the name) or person.appositive (written after it)


def find_mentions(text: str, rules: RuleSet) -> list[Mention]:
    """Every mention of a person's name, in text order.

    >>> from noticeparse.rules import load_rules
    >>> [m.name for m in find_mentions("副总经理徐宝义干预招标。徐宝义受到处分，刘某被免职。", load_rules())]
    ['徐宝义', '徐宝义', '刘某']
    """
    table = rules["persons"]
    found = {(m.start("name"), m.end("name")): Mention(m.group("name"), m.start("name"), m.end("name"), "person.masked")
             for m in table.rule("person.masked").regex.finditer(text)}
    covered = {i for a, b in found for i in range(a, b)}
    recurs = _Recurrence(text)
    full = _full_names(text, table, covered, recurs)
    full.update(_listed_names(text, table, covered, full, recurs))
    for name, rule_id in full.items():
        for match in regex.finditer(regex.escape(name) + "(?!某)", text):
            span = (match.start(), match.end())
            if not covered.intersection(range(*span)):
                found[span] = Mention(name, span[0], span[1], rule_id)
                covered.update(range(*span))
    return sorted(found.values(), key=lambda m: m.start)


def _full_names(text: str, table: RuleFile, masked: set[int], recurs: _Recurrence) -> dict[str, str]:
    """Full names (not masked) in the slots only a name fills, with the rule that found each."""
    names: dict[str, str] = {}
    for rule_id in ("person.after_post", "person.object", "person.comrade", "person.subject", "person.after_post_any"):
        for match in table.rule(rule_id).regex.finditer(text, overlapped=rule_id.startswith("person.after_post")):
            start = match.start("name")
            if start in masked or any(text[start : start + n] in names for n in (2, 3, 4)):
                continue
            name = _choose_name(text, start, match.group("name"), table, recurs,
                                recurring_only=rule_id == "person.after_post_any")
            if name and name not in names:
                names[name] = rule_id
    return names


def _listed_names(text: str, table: RuleFile, covered: set[int], full: dict[str, str],
                  recurs: _Recurrence) -> dict[str, str]:
    """Full names that follow a known name in a list (王长青、董山水、曹秋实…), chained."""
    follower = table.rule("person.listed").regex
    found: dict[str, str] = {}
    queue = list(full)
    while queue:
        name = queue.pop()
        for occurrence in regex.finditer(regex.escape(name), text):
            match = follower.match(text, occurrence.end())
            if not match or match.start("name") in covered:
                continue
            listed = _choose_name(text, match.start("name"), match.group("name"), table, recurs)
            if listed and listed not in full and listed not in found:
                found[listed] = "person.listed"
                queue.append(listed)
    return found


def _choose_name(text: str, start: int, longest: str, table: RuleFile, recurs: _Recurrence, *,
                 recurring_only: bool = False) -> str | None:
    """The cut of ``longest`` that is the name: one that recurs in the text; else the one followed by a
    strong boundary (punctuation, a word), then a weak one (一 character), three characters before two."""
    after = compiled(table.fragments["after_name"])
    strong = compiled(table.fragments["after_strong"])
    bad = compiled(table.data["not_full_name"])
    cuts = [longest[:n] for n in (2, 3, 4) if n <= len(longest) and not bad.search(longest[:n])]
    if recurring_only:  # no surname: the name must stand before punctuation here and recur before a strong boundary
        strong_cuts = [n for n in cuts if strong.match(text, start + len(n))
                       and recurs(n, start, strong, word_start=True)
                       and not compiled(table.data["not_name_start"]).match(n)]
        return strong_cuts[-1] if strong_cuts else None
    recurring = [name for name in cuts if recurs(name, start, after)]
    if recurring:
        return recurring[0]  # the shortest: 陈堃 (违规…) before 陈堃违规
    short = [name for name in cuts if len(name) <= 3]
    ranked = sorted(short, key=lambda n: (bool(strong.match(text, start + len(n))), bool(after.match(text, start + len(n))),
                                          len(n)), reverse=True)
    return ranked[0] if ranked and after.match(text, start + len(ranked[0])) else None


class _Recurrence:
    """Whether a name occurs elsewhere in one text before a boundary, each name's occurrences read once.

    A name's candidates come at every place it is written; reading all its occurrences
    again for each (``，干部受到处分`` repeated) took time quadratic in the text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.first_two: dict[tuple[str, str, bool], tuple[int, ...]] = {}

    def __call__(self, name: str, start: int, after: regex.Pattern[str], *, word_start: bool = False) -> bool:
        """The name occurs at a start other than ``start`` before ``after`` (with ``word_start``, not
        inside a word: 滥发福利)."""
        key = (name, after.pattern, word_start)
        if key not in self.first_two:
            self.first_two[key] = self._first_two(name, after, word_start)
        return any(found != start for found in self.first_two[key])

    def _first_two(self, name: str, after: regex.Pattern[str], word_start: bool) -> tuple[int, ...]:
        text, found = self.text, []
        for match in regex.finditer(regex.escape(name), text):
            if after.match(text, match.end()) and (
                    not word_start or match.start() == 0 or _WORD_START.match(text, match.start() - 1)):
                found.append(match.start())
                if len(found) == 2:
                    break
        return tuple(found)


def title_run(text: str, mention: Mention, floor: int, rules: RuleSet) -> Post | None:
    """The post written right before ``mention`` (not before ``floor``), or None.

    >>> from noticeparse.rules import load_rules
    >>> text = "经查，时任青海省委委员、省政府秘书长师某某，召集时任省农业农村厅厅长李某某聚餐。"
    >>> [title_run(text, m, 0, load_rules()).text for m in find_mentions(text, load_rules())]
    ['时任青海省委委员、省政府秘书长', '时任省农业农村厅厅长']
    """
    table = rules["persons"]
    left = max(floor, text.rfind("\n", 0, mention.start) + 1, mention.start - 80)
    segment = text[left : mention.start]
    breaks = list(_BREAK.finditer(segment))
    offset = left + (breaks[-1].end() if breaks else 0)
    offset = _skip_prefix(text, offset, mention.start, table, after_name=not breaks and left == floor)
    if breaks and breaks[-1].group(0) in "，," and compiled(table.data["run_continues"]).match(text, offset):
        earlier = title_run(text, Mention("", left + breaks[-1].start(), 0, ""), floor, rules)
        offset = earlier.start if earlier else offset
    run = text[offset : mention.start]
    if not run or not table.rule("person.post").regex.search(run):
        return None
    return _post(run, offset, table, "person.post")


def appositive(text: str, mention: Mention, rules: RuleSet) -> Post | None:
    """The post written right after a mention (王某某，安华镇浣丰村原党总支书记，…), or None.

    >>> from noticeparse.rules import load_rules
    >>> text = "吴某某同志作为交通局局长负有主要领导责任。"
    >>> appositive(text, find_mentions(text, load_rules())[0], load_rules()).text
    '交通局局长'
    """
    table = rules["persons"]
    match = table.rule("person.appositive").regex.match(text, mention.end, mention.end + 60)
    if not match or not table.rule("person.post").regex.search(match.group("run")):
        return None
    return _post(match.group("run"), match.start("run"), table, "person.appositive")


def _skip_prefix(text: str, offset: int, end: int, table: RuleFile, *, after_name: bool) -> int:
    """Past the list join, item marker, verb and date that stand before a run."""
    if after_name:
        join = compiled(table.data["list_joins"]).match(text, offset, end)
        offset = join.end() if join else offset
    marker = _MARKER.match(text, offset, end)
    offset = marker.end() if marker else offset
    masked = _PAREN.sub(lambda m: "　" * len(m.group(0)), text[offset:end])  # （以下简称…） holds no stop
    stops = list(compiled(table.data["run_stops"]).finditer(masked))
    offset = offset + stops[-1].end() if stops else offset
    date = compiled(table.data["date_prefix"]).match(text, offset, end)
    offset = date.end() if date else offset
    while offset < end and text[offset] in "“”\"‘’「」『』 ":
        offset += 1
    return offset


def _post(run: str, offset: int, table: RuleFile, rule_id: str) -> Post:
    first = compiled(table.fragments["post_word"]).search(run)
    organisation = run[: first.start()] if first else ""
    lead = regex.match(r"^(?:时任|现任|原(?![阳州平野籍]))", organisation)
    org_start = lead.end() if lead else 0
    organisation = organisation[org_start:]
    former = bool(compiled(table.fragments["former"]).search(run))
    return Post(run, offset, offset + len(run), organisation or None, offset + org_start if organisation else None, former,
                rule_id)


def previous_end(mentions: Sequence[Mention], mention: Mention) -> int:
    """Where the mention before ``mention`` ends (0 when it is the first)."""
    ends = [m.end for m in mentions if m.end <= mention.start]
    return max(ends) if ends else 0
