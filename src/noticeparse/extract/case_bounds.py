"""案件边界 (case boundaries): where each case of a discipline notice begins and ends.

Rules: ``rules/case.yaml`` (``case.marker_*``, ``case.heading``, ``data.closing``, ``data.intro``).
The paragraphs (``case_units``: lines, sentences set apart by spaces on one line, a list's clauses)
are grouped into cases, in this order:

1. a family of item markers (1. （一） 一、 第一起 案例一) whose items penalise someone cuts
   the cases: each of its items that penalises someone, or names a subject in a case notice,
   is a case up to the next item or the closing paragraphs;
2. else, at cross-heads (short lines without a full stop, one over each case) when two of their
   sections or more penalise someone (``case.crosshead``);
3. else, paragraph by paragraph: a case heading (``<post><name><act>问题。``) starts a case,
   and so does a paragraph that penalises persons the current case has not named; the
   paragraphs before a case's first penalty (its lead, 经查…) belong to it;
4. paragraphs that open with ``data.closing`` (上述…, 中央纪委国家监委指出, a signature) close
   the cases; after them only a new heading or new persons open one;
5. a case notice in which none of these finds a case, but which states a penalty (给予枣巷镇党委书记
   诫勉: the persons unnamed) and no count of cases above one, is one case up to its closing
   paragraphs (``case.whole_notice``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from noticeparse.extract.case_names import title_run
from noticeparse.extract.case_units import Unit, opens_with_titled_name
from noticeparse.extract.numerals import cn_to_int
from noticeparse.extract.spans import Within
from noticeparse.rules import RuleFile, RuleSet, compiled

__all__ = ["Block", "case_blocks"]

Names = Callable[[int, int], set[str]]  # the names a span penalises (or mentions)
_STOP = regex.compile(r"[。！？!?]")  # a sentence's end
_NO_LEAD = ("case.heading", "case.dated_item", "case.listed_item")  # cases that open with their own subject and act, never a lead


@dataclass(slots=True)
class Block:
    """The span of one case before its persons are read."""

    units: list[Unit]
    rule_id: str
    ordinal: int | None = None
    heading: tuple[int, int] | None = None
    names: set[str] = field(default_factory=set)

    @property
    def start(self) -> int:
        return self.units[0].start

    @property
    def end(self) -> int:
        return self.units[-1].end


def case_blocks(text: str, units: Sequence[Unit], rules: RuleSet, *, open_kind: bool,
                penalised: Names, mentions: Within, penalty_said: bool = False) -> list[Block]:
    """The cases' spans, in text order (see the module docstring).

    ``penalised(start, end)`` gives the names a span penalises; ``mentions`` are every name's mentions;
    ``penalty_said`` whether the text states a penalty (to anyone, named or not) and no count of cases above one.
    """
    table = rules["case"]

    def mentioned(start: int, end: int) -> set[str]:
        return {m.name for m in mentions.inside(start, end)}

    blocks = _marked(text, units, table, open_kind, penalised, mentioned)
    if blocks is None:
        blocks = _crossheads(units, table, open_kind, penalised, mentioned)
    if blocks is None:
        blocks = _paragraphs(text, units, rules, open_kind, penalised, mentions)
        blocks = _one_group(text, units, blocks, rules, penalised)
    if not blocks and open_kind and penalty_said:  # 5. the whole notice, its persons unnamed
        held = list(itertools.takewhile(lambda u: not _is_closing(u, table), units))
        blocks = [Block(held, "case.whole_notice")] if held else []
    for number, block in enumerate(blocks, start=1):
        block.ordinal = block.ordinal or number
    return blocks


def _crossheads(units: Sequence[Unit], table: RuleFile, open_kind: bool, penalised: Names,
                mentioned: Names) -> list[Block] | None:
    """Cases cut at cross-heads (``data.crosshead``: a short line without a full stop over its section), when
    two sections or more penalise someone and nobody is penalised before the first: a story that gives each
    case a subtitle; None otherwise."""
    heads = [i for i, unit in enumerate(units) if _is_crosshead(units, i, table)]
    if not heads or (heads[0] and penalised(units[0].start, units[heads[0] - 1].end)):
        return None
    blocks, scored = [], 0
    for position, index in enumerate(heads):
        stop = heads[position + 1] if position + 1 < len(heads) else len(units)
        held = list(itertools.takewhile(lambda u: not _is_closing(u, table), units[index:stop]))
        names = penalised(held[0].start, held[-1].end) if len(held) > 1 else set()
        scored += bool(names)
        if names or (open_kind and len(held) > 1 and mentioned(held[1].start, held[-1].end)):
            blocks.append(Block(held, "case.crosshead", None, (held[0].start, held[0].end), names))
    return blocks if scored >= 2 else None


def _is_crosshead(units: Sequence[Unit], index: int, table: RuleFile) -> bool:
    """A short line without a full stop (a subtitle) before a paragraph that has one."""
    unit = units[index]
    return (index + 1 < len(units) and "。" in units[index + 1].text and not _is_closing(unit, table)
            and bool(compiled(table.data["crosshead"]).match(unit.text))
            and not compiled(table.data["crosshead_not"]).search(unit.text))


def _one_group(text: str, units: Sequence[Unit], blocks: list[Block], rules: RuleSet, penalised: Names) -> list[Block]:
    """One case when the notice is about a group of persons (青海省6名党员领导干部…) and counts no cases."""
    table = rules["case"]
    if len(blocks) < 2 or any(b.rule_id not in ("case.penalty", "case.subject_start") for b in blocks):
        return blocks
    first = next((u for u in blocks[0].units if penalised(u.start, u.end)), blocks[0].units[0])
    lead = text[: first.start]
    counted = any(table.rule(r).regex.search(text) for r in ("case.count_presented", "case.count_notified",
                                                             "case.count_typical"))
    if counted or not compiled(table.data["person_group"]).search(lead):
        return blocks
    held = [u for u in units if blocks[0].start <= u.start < blocks[-1].end]
    return [Block(held, "case.penalty", None, None, set().union(*(b.names for b in blocks)))]


def _marker(unit: Unit, table: RuleFile) -> tuple[str, int, int] | None:
    """The marker family, number and end of the marker a paragraph opens with."""
    for rule_id in table.data["markers"]:
        match = table.rule(rule_id).regex.match(unit.text)
        if match:
            number = match.group("num")
            value = int(number) if number.isdigit() else cn_to_int(number)
            return rule_id, value, unit.start + match.end("marker")
    return None


def _families(units: Sequence[Unit], table: RuleFile) -> dict[str, list[tuple[int, int, int]]]:
    """Per marker family, its items (unit index, number, marker end) that follow 1, 2, 3 …"""
    families: dict[str, list[tuple[int, int, int]]] = {}
    for index, unit in enumerate(units):
        found = _marker(unit, table)
        if found is None:
            continue
        rule_id, number, marker_end = found
        items = families.setdefault(rule_id, [])
        if number == 1 or (items and number == items[-1][1] + 1):
            items.append((index, number, marker_end))
    return families


def _item_units(units: Sequence[Unit], items: list[tuple[int, int, int]], position: int,
                table: RuleFile) -> list[Unit]:
    """The paragraphs of one item: up to the next item or a closing paragraph."""
    first = items[position][0]
    last = items[position + 1][0] if position + 1 < len(items) else len(units)
    held = [units[first]]
    for unit in units[first + 1 : last]:
        if _is_closing(unit, table):
            break
        held.append(unit)
    return held


def _marked(text: str, units: Sequence[Unit], table: RuleFile, open_kind: bool,
            penalised: Names, mentioned: Names) -> list[Block] | None:
    """Cases cut by the marker family whose items penalise most persons; None without one.

    The clause family (一是…二是…) is read only when no other family cuts cases.
    """
    families = _families(units, table)
    clause = table.data["clause_marker"]
    best: tuple[int, int, list[Block]] | None = None
    for rule_id in (r for r in table.data["markers"] if r in families and r != clause):
        best = _better(best, _family_blocks(text, units, families[rule_id], rule_id, table, open_kind, penalised,
                                            mentioned))
    if best is None and clause in families:
        best = _better(None, _family_blocks(text, units, families[clause], clause, table, False, penalised,
                                            mentioned))
    return best[2] if best else None


def _better(best: tuple[int, int, list[Block]] | None,
            found: tuple[int, int, list[Block]] | None) -> tuple[int, int, list[Block]] | None:
    """The family with more penalised items, then more cases; the later (inner) one on a tie."""
    if found is None:
        return best
    return found if best is None or found[:2] >= best[:2] else best


def _family_blocks(text: str, units: Sequence[Unit], items: list[tuple[int, int, int]], rule_id: str,
                   table: RuleFile, open_kind: bool, penalised: Names,
                   mentioned: Names) -> tuple[int, int, list[Block]] | None:
    """The cases one marker family cuts, with how many of its items penalise someone.

    Items after a paragraph that announces a decision (``data.decision_intro``: 作如下处理：) are the
    measures of one case, which runs from the first paragraph of the notice.
    """
    if not items:  # a family whose markers were all dropped (a lone `2、` at the end of a text)
        return None
    blocks, scored = [], 0
    for position, (_index, number, marker_end) in enumerate(items):
        held = _item_units(units, items, position, table)
        names = penalised(held[0].start, held[-1].end)
        scored += bool(names)
        if names or (open_kind and _has_subject(text, held[0], marker_end, table, mentioned)):
            blocks.append(Block(held, rule_id, number, _first_sentence(text, marker_end, held[0].end, table), names))
    first = items[0][0]
    if scored and first and compiled(table.data["decision_intro"]).search(units[first - 1].text):
        held = [*units[:first], *(u for b in blocks for u in b.units)]
        return scored, 1, [Block(held, rule_id, None, None, set().union(*(b.names for b in blocks)))]
    return (scored, len(blocks), blocks) if blocks and (scored or open_kind) else None


def _has_subject(text: str, unit: Unit, marker_end: int, table: RuleFile, mentioned: Names) -> bool:
    """An item that names who it is about: a person, or an organisation with a date or an act."""
    sentence_end = _sentence_end(text, marker_end, unit.end)
    if mentioned(marker_end, sentence_end):
        return True
    subject = table.rule("case.subject_org").regex.match(text[marker_end:sentence_end])
    return bool(subject) and bool(compiled(table.data["subject_evidence"]).search(text[marker_end:sentence_end]))


def _sentence_end(text: str, start: int, end: int) -> int:
    stop = _STOP.search(text, start, end)
    return stop.end() if stop else end


def _first_sentence(text: str, start: int, end: int, table: RuleFile) -> tuple[int, int] | None:
    stop = _sentence_end(text, start, end)
    raw = text[start:stop].rstrip("。！？!?；; ")
    if not raw.strip() or len(raw) > int(table.data["heading_max"]):
        return None
    lead = len(raw) - len(raw.lstrip())
    return start + lead, start + len(raw)


def _heading(text: str, unit: Unit, rules: RuleSet, open_kind: bool,
             mentions: Within) -> tuple[int, int, str] | None:
    """The case heading a paragraph opens with (a subject and an act up to 问题/案), and its rule.

    In a case notice a paragraph that opens with a titled name (县财政局局长张某某…) opens a
    case too (``case.subject_start``), when that name is new to the case before it.
    """
    table = rules["case"]
    if _is_closing(unit, table):
        return None
    match = table.rule("case.heading").regex.match(unit.text)
    if match and len(match.group("heading")) <= int(table.data["heading_max"]) \
            and not compiled(table.data["heading_not"]).search(match.group("heading")):
        start, end = unit.start + match.start("heading"), unit.start + match.end("heading")
        if _subject_first(text, start, end, rules, mentions) and (open_kind or _has_post(text, start, end, rules)):
            return start, end, "case.heading"
        if open_kind and table.rule("case.subject_org").regex.match(match.group("heading")):
            return start, end, "case.heading"
    if open_kind and opens_with_titled_name(text, unit, rules, mentions):
        first = _first_sentence(text, unit.start, unit.end, table)
        return (first[0], first[1], "case.subject_start") if first else None
    return None


def _subject_first(text: str, start: int, end: int, rules: RuleSet, mentions: Within) -> bool:
    """The span opens with who it is about: a name, or a title run and a name (not 某纪委在查办…王某案件时)."""
    first = next(iter(mentions.starting(start, end)), None)
    if first is None:
        return False
    run = title_run(text, first, start, rules)
    return first.start == start or (run is not None and run.start == start)


def _has_post(text: str, start: int, end: int, rules: RuleSet) -> bool:
    post = compiled(rules["persons"].fragments["post_word"])
    return bool(post.search(text, start, end))


def _is_closing(unit: Unit, table: RuleFile) -> bool:
    return bool(compiled(table.data["closing"]).match(unit.text))


def _continues(unit: Unit, table: RuleFile) -> bool:
    """The paragraph goes on with the case before it: a reference back or a leader's responsibility."""
    first = _STOP.split(unit.text, maxsplit=1)[0]
    return bool(compiled(table.data["continues"]).search(first))


def _is_intro(unit: Unit, table: RuleFile) -> bool:
    if compiled(table.data["intro"]).search(unit.text):
        return True
    return any(table.rule(r).regex.search(unit.text) for r in ("case.count_presented", "case.count_notified"))


def _dated_items(units: Sequence[Unit], table: RuleFile) -> set[int]:
    """The paragraphs of a 曝光台 list: two or more in a row that open with an organisation and a date
    (``data.dated_item``: 省民政厅2015年5月25日公务接待10人…; 沙洋县2015年3月12日…)."""
    pattern = compiled(table.data["dated_item"])
    dated = {index for index, unit in enumerate(units) if pattern.match(unit.text)}
    return {index for index in dated if index - 1 in dated or index + 1 in dated}


def _paragraphs(text: str, units: Sequence[Unit], rules: RuleSet, open_kind: bool,
                penalised: Names, mentions: Within) -> list[Block]:
    """Cases paragraph by paragraph: headings, new persons, the leads before them."""
    table = rules["case"]

    def mentioned(start: int, end: int) -> set[str]:
        return {m.name for m in mentions.inside(start, end)}

    blocks: list[Block] = []
    current: Block | None = None
    pending: list[Unit] = []  # paragraphs that may lead the next case
    closed = False
    everyone: set[str] = set()  # the names of every case so far
    listed = _dated_items(units, table) if open_kind else set()
    for index, unit in enumerate(units):
        if _is_closing(unit, table):
            current, pending, closed = None, [], True
            continue
        heading = _heading(text, unit, rules, open_kind, mentions)
        if heading is None and (index in listed or unit.listed):  # 省民政厅2015年5月25日公务接待10人…
            first = _first_sentence(text, unit.start, unit.end, table)
            heading = (first[0], first[1], "case.listed_item" if unit.listed else "case.dated_item") if first else None
        names, named = penalised(unit.start, unit.end), mentioned(unit.start, unit.end)
        seen = everyone if closed or current is None else current.names
        if heading is not None and heading[2] == "case.subject_start" and (
                named & seen or (current is not None and _continues(unit, table))):
            heading = None  # the same person again, or the case's leaders: the case goes on
        new_persons = bool(names) and not names & seen and not (current is not None and _continues(unit, table))
        if heading is not None or new_persons:
            lead = [] if heading is not None and heading[2] in _NO_LEAD else pending  # a 问题 heading has no lead
            current = Block([*lead, unit], heading[2] if heading else "case.penalty",
                            heading=heading[:2] if heading else None,
                            names=set(mentioned(lead[0].start if lead else unit.start, unit.end)) | names)
            blocks.append(current)
            everyone |= current.names
            pending, closed = [], False
        elif current is not None and not closed and (named & current.names or (not pending and (names or not named))):
            current.units += [*pending, unit]  # the paragraphs held back were the current case's after all
            current.names |= named | set().union(*(mentioned(u.start, u.end) for u in pending))
            everyone |= current.names
            pending = []
        elif not closed and (blocks or not _is_intro(unit, table)):
            pending.append(unit)
    if current is not None and pending:
        current.units += pending
    return blocks
