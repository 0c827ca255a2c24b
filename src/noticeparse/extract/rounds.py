"""Inspection rounds (巡视/巡察轮次) a notice names, their stage and units, and the notice's unit mentions.

Rules: ``rules/rounds.yaml`` (round phrases, stages, figures), ``rules/units.yaml`` (unit names and
keys), ``rules/lexicon/places.txt`` (place names). The cascade of ``extract_rounds``:

1. find the round phrases (十四届市委第十四轮巡察; 第十三轮、第十四轮 gives two) and the unit names;
2. give each phrase its body (the place or institution of 市委/校党委 from the text itself) and term;
3. the notice's main round is the title's (else the first named) and takes the title's stage; a
   title with 回头看 makes it a 回头看, a separate 巡察“回头看” adds one; no phrase but a report and an
   inspecting group gives a ref without a round number;
4. the main round's body qualifies the unit names (their keys) and its facts are read
   (group, period, feedback date, figures: ``round_facts.py``);
5. each ref gets its units: the main round the inspected units of the clauses, the others the
   names written next to their phrase.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from noticeparse.extract.places import Places, load_places
from noticeparse.extract.round_facts import Facts, clause_date, find_facts
from noticeparse.extract.round_parts import Phrase, RoundContext, find_phrases, ref_key, text_stage
from noticeparse.extract.units import NameHit, UnitScope, find_unit_names, unit_mentions
from noticeparse.records import Alias, DateMention, NoticeMeta, RoundRef, RoundUnit, UnitMention
from noticeparse.rules import RuleSet

__all__ = ["Rounds", "extract_rounds"]

_INSPECTION = regex.compile(r"巡视|巡察")
_MAIN_UNIT_ROLES = ("title", "inspected", "feedback", "entered", "objects")
_CLAUSE_ENDS = "，,。；;！？\n"


@dataclass(frozen=True, slots=True)
class Rounds:
    """The round refs of one notice and every unit name it writes."""

    refs: list[RoundRef]
    mentions: list[UnitMention]


def extract_rounds(text: str, rules: RuleSet, *, meta: NoticeMeta, dates: Sequence[DateMention],
                   aliases: Sequence[Alias]) -> Rounds:
    """The rounds a notice names and its unit mentions (none when it never says 巡视 or 巡察).

    >>> from noticeparse.rules import load_rules
    >>> text = "乐至县石湍镇党委关于十四届县委第十二轮巡察整改进展情况的通报\\n县委第三巡察组对石湍镇党委开展了巡察。"
    >>> found = extract_rounds(text, load_rules(), meta=NoticeMeta(title=text.split("\\n")[0]), dates=[], aliases=[])
    >>> [(r.key, r.stage, [u.unit for u in r.units]) for r in found.refs]
    [('乐至县委/十四届/12', 'progress', ['乐至县石湍镇党委'])]
    """
    shift = 0
    if meta.title and not text.lstrip().startswith(meta.title):  # a page's title is a field, not text: read both
        shift = len(meta.title) + 1
        text = f"{meta.title}\n{text}"
        dates = [dataclasses.replace(d, start=d.start + shift, end=d.end + shift) for d in dates]
        aliases = [dataclasses.replace(a, start=a.start + shift, end=a.end + shift) for a in aliases]
    if not _INSPECTION.search(text):
        return Rounds([], [])
    places = load_places(rules)
    title_end = text.find("\n") if "\n" in text else len(text)
    title = meta.title or text[:title_end]
    hits = find_unit_names(text, rules, places, title_end)  # 1.
    context = RoundContext(text, title_end, meta.source_label, hits, places, rules)
    stage, stage_rule = text_stage(title, rules)
    # a title with 回头看 makes the main round a 回头看, unless the text inspects units both ways
    both = {h.lookback for h in hits if h.role == "inspected"} == {True, False}
    refs = _refs(find_phrases(text, rules), context, stage, stage_rule, "回头看" in title and not both,
                 title_end)  # 2. and 3.
    main = next((r for r in refs if r.main), None)
    scope = _scope(main, context, places)  # 4.
    mentions = unit_mentions(text, hits, aliases, scope, rules, places)
    if main is not None:
        per_unit = sum(1 for h in hits if h.role == "feedback" and clause_date(text, dates, h.clause_start))
        facts = find_facts(text, rules, dates, entry=stage == "entry", per_unit_dates=per_unit)
        refs = [_with_facts(r, facts) if r.main or r.stage != "mention" else r for r in refs]
    refs = _with_units(refs, hits, mentions, text, dates)  # 5.
    return Rounds([_ref_unshifted(r, shift) for r in refs], [_unshifted(m, shift) for m in mentions])


def _unshifted(record: Any, shift: int) -> Any:
    """A record found in ``title + text`` with its span in the text, or in the title (``where="title"``)."""
    if not shift:
        return record
    if record.start >= shift:
        return dataclasses.replace(record, start=record.start - shift, end=record.end - shift)
    return dataclasses.replace(record, where="title")


def _ref_unshifted(ref: RoundRef, shift: int) -> RoundRef:
    """A ref, its units and figures back in the stored text; a group, period or feedback span in the title is dropped."""
    if not shift:
        return ref
    def inner(start: int | None, end: int | None) -> tuple[int | None, int | None]:
        return (start - shift, end - shift) if start is not None and end is not None and start >= shift else (None, None)

    group, period, feedback = (inner(ref.group_start, ref.group_end), inner(ref.period_char_start, ref.period_char_end),
                               inner(ref.feedback_char_start, ref.feedback_char_end))
    moved: RoundRef = _unshifted(ref, shift)
    return dataclasses.replace(
        moved, units=tuple(_unshifted(u, shift) for u in ref.units),
        figures=tuple(_unshifted(f, shift) for f in ref.figures), group_start=group[0], group_end=group[1],
        period_char_start=period[0], period_char_end=period[1], feedback_char_start=feedback[0],
        feedback_char_end=feedback[1])


def _refs(phrases: list[Phrase], context: RoundContext, stage: str, stage_rule: str | None, title_lookback: bool,
          title_end: int) -> list[RoundRef]:
    """One ref per key, the main one first in text order; 回头看 promoted or added (step 3)."""
    if not phrases:
        return _groupless_ref(context, stage, stage_rule, title_lookback)
    main_at = next((p.head_start for p in phrases if p.end <= title_end), phrases[0].head_start)
    refs: dict[str | None, RoundRef] = {}
    for phrase in _with_bodies(phrases):
        main = phrase.head_start == main_at
        lookback = phrase.lookback or (main and title_lookback)
        body, body_rule = context.body(phrase)
        term = context.term(phrase, body)
        key = ref_key(body, term, phrase.round, lookback)
        if key in refs:
            continue
        ref_stage = _ref_stage(stage, lookback) if main else "mention"
        refs[key] = RoundRef(ref_id=len(refs), text=context.text[phrase.start:phrase.end], start=phrase.start,
                             end=phrase.end, rule_id=phrase.rule_id, key=key, body=body, body_rule_id=body_rule,
                             term=term, round=phrase.round, lookback=lookback, stage=ref_stage,
                             stage_rule_id=stage_rule if main else None, main=main and phrase.first)
    bare = context.bare_lookback(phrases)
    main_ref = next((r for r in refs.values() if r.main), None)
    if bare and main_ref and not main_ref.lookback and not title_lookback:
        key = ref_key(main_ref.body, main_ref.term, main_ref.round, True)
        if key not in refs:
            refs[key] = dataclasses.replace(main_ref, ref_id=len(refs), text=context.text[bare[0]:bare[1]],
                                            start=bare[0], end=bare[1], rule_id="round.lookback_bare", key=key,
                                            lookback=True, stage=_ref_stage(stage, True), main=False)
    return list(refs.values())


def _with_bodies(phrases: list[Phrase]) -> list[Phrase]:
    """A phrase that writes no body (第三轮巡察) takes the one of the phrase before it, else after it."""
    named = [p for p in phrases if p.body_word or p.pre]
    out = []
    for phrase in phrases:
        if phrase.body_word or phrase.pre or not named:
            out.append(phrase)
            continue
        source = next((p for p in reversed(named) if p.start < phrase.start), named[0])
        out.append(dataclasses.replace(phrase, body_word=source.body_word, pre=source.pre, body_at=source.body_at,
                                       term=phrase.term or source.term))
    return out


def _ref_stage(stage: str, lookback: bool) -> str:
    """A 回头看's entry or feedback is ``lookback``; its reports keep their stage."""
    return "lookback" if lookback and stage in ("entry", "feedback") else stage


def _groupless_ref(context: RoundContext, stage: str, stage_rule: str | None, lookback: bool) -> list[RoundRef]:
    """A report or feedback that names its inspecting group but no round number: a ref without a key."""
    if stage == "mention":
        return []
    group = context.first_group()
    if group is None:
        return []
    text, start, end = group
    phrase = Phrase(start, end, start, None, None, None, None, False, "round.group", True)  # body: the group's owner
    body, body_rule = context.body(phrase)
    return [RoundRef(ref_id=0, text=text, start=start, end=end, rule_id="round.group", key=None, body=body,
                     body_rule_id=body_rule, term=None, round=None, lookback=lookback, stage=_ref_stage(stage, lookback),
                     stage_rule_id=stage_rule, main=True)]


def _scope(main: RoundRef | None, context: RoundContext, places: Places) -> UnitScope:
    """What qualifies the notice's unit names: its places by level, the main body's place or institution."""
    levels = {level: place.short for level in "省市县区州" if (place := context.place(level))}
    # a body without its place (市委 of a town's notice): names are qualified by the most local place written
    local = next((levels[level] for level in "县区市州省" if level in levels), None)
    if main is None or not main.body or main.body_rule_id == "round.body_as_written":  # 学校党委 names no school
        return UnitScope(levels, local)
    word = next((w for w in sorted(context.rules["rounds"].data["body_levels"], key=len, reverse=True)
                 if main.body.endswith(w)), None)
    stem = main.body[: -len(word)] if word else main.body.removesuffix("党委").removesuffix("党组")
    if word and stem:
        levels[context.rules["rounds"].data["body_levels"][word]] = stem
    return UnitScope(levels, stem or local)


def _with_facts(ref: RoundRef, facts: Facts) -> RoundRef:
    """The main ref (and its coordinated or 回头看 siblings) with the period and feedback date; the main
    one also with its group and figures."""
    group = facts.group if ref.main else None
    period, feedback = facts.period, facts.feedback
    figures = tuple(dataclasses.replace(f, ref_id=ref.ref_id) for f in facts.figures) if ref.main else ()
    ref = dataclasses.replace(
        ref, group=group[0] if group else None, group_start=group[1] if group else None,
        group_end=group[2] if group else None,
        period_start=period[0] if period else None, period_end=period[1] if period else None,
        period_char_start=period[2] if period else None, period_char_end=period[3] if period else None,
        feedback_date=feedback[0] if feedback else None, feedback_char_start=feedback[1] if feedback else None,
        feedback_char_end=feedback[2] if feedback else None, figures=figures)
    values: dict[str, Any] = {f.figure: f.value if f.figure == "completion_rate" else int(f.value) for f in figures}
    return dataclasses.replace(ref, **values)  # the values again as columns, for queries


def _with_units(refs: list[RoundRef], hits: list[NameHit], mentions: list[UnitMention], text: str,
                dates: Sequence[DateMention]) -> list[RoundRef]:
    """Each ref's units in order of first appearance, one per key (step 5)."""
    by_span = {(m.start, m.end): m for m in mentions}
    named = {(h.start, h.end) for h in hits}
    # a mention's units may be any name written beside it, not only one a clause found
    written = sorted([*hits, *(NameHit(m.name, m.start, m.end, m.rule_id, m.role, m.lookback, m.start)
                               for m in mentions if (m.start, m.end) not in named)], key=lambda h: h.start)
    beside = _beside_mentions(refs, written, text)
    split = {r.lookback for r in refs if r.stage != "mention"} == {True, False}
    out = []
    for ref in refs:
        if ref.stage != "mention":
            chosen = [h for h in hits if h.role in _MAIN_UNIT_ROLES
                      and (not split or h.lookback == ref.lookback or h.role == "title")]
        else:
            chosen = beside.get(ref.ref_id, [])
        out.append(dataclasses.replace(ref, units=_units_of(ref, chosen, by_span, text, dates)))
    return out


def _units_of(ref: RoundRef, chosen: list[NameHit], by_span: dict[tuple[int, int], UnitMention], text: str,
              dates: Sequence[DateMention]) -> tuple[RoundUnit, ...]:
    units: dict[str, RoundUnit] = {}
    itself = _body_stem(ref.body)  # a committee never inspects itself: 平湖市 is no unit of 平湖市委's rounds
    for hit in sorted(chosen, key=lambda h: h.start):
        mention = by_span.get((hit.start, hit.end))
        key = mention.unit_key if mention else hit.name
        if key in units or key == itself or (mention and "unit.key_bare" in mention.key_rules):  # 学院党委 alone
            continue
        when = clause_date(text, dates, hit.clause_start) if hit.role == "feedback" else None
        units[key] = RoundUnit(ref.ref_id, hit.name, key, hit.start, hit.end, hit.rule_id,
                               when.date_start if when else None)
    return tuple(units.values())


def _body_stem(body: str | None) -> str | None:
    """The place or institution a body is of: 平湖市委 → 平湖, 江苏科技大学党委 → 江苏科技大学 (None: none written)."""
    if not body:
        return None
    for word in ("党委", "党组", "市委", "县委", "区委", "省委", "州委", "盟委", "旗委"):
        if body.endswith(word) and len(body) > len(word):
            return body[: -len(word)]
    return None


def _beside_mentions(refs: list[RoundRef], names: list[NameHit], text: str) -> dict[int, list[NameHit]]:
    """The units of each mention ref: the names before its phrase in its clause (石湍镇党委在十四届县委第四轮
    巡察后), and a list …巡察涉及的X、Y等单位 after the phrase nearest before it (by bisection: linear)."""
    mentions = sorted((r for r in refs if r.stage == "mention"), key=lambda r: r.start)
    starts = [r.start for r in sorted(refs, key=lambda r: r.start)]
    ordered = sorted(refs, key=lambda r: r.start)
    clause_ends = [i for i, ch in enumerate(text) if ch in _CLAUSE_ENDS]
    name_starts = [h.start for h in names]
    out: dict[int, list[NameHit]] = {r.ref_id: [] for r in mentions}
    for ref in mentions:
        at = bisect.bisect_left(clause_ends, ref.start)
        clause = clause_ends[at - 1] + 1 if at else 0
        for hit in names[bisect.bisect_left(name_starts, clause):bisect.bisect_left(name_starts, ref.start)]:
            # a mention's title names its writer (市委巡察办关于…), not a unit the round inspected
            if hit.end <= ref.start and hit.role != "title" and not text[hit.end:ref.start].startswith(("巡察组", "巡视组")):
                out[ref.ref_id].append(hit)
    for hit in names:
        if hit.role == "involved":
            index = bisect.bisect_left(starts, hit.clause_start) - 1
            owner = ordered[index] if index >= 0 else None
            if owner is not None and owner.ref_id in out:
                out[owner.ref_id].append(hit)
    return out