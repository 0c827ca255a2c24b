"""案件处分归属 (attribution): which person each penalty of a case goes to.

Rules: ``rules/case.yaml`` (``data.attribution``) and ``rules/persons.yaml`` (units, pronouns).
Read sentence by sentence. Penalties written together (``党内严重警告、政务记大过处分``)
form a list that goes to one set of recipients, found in this order:

0. a name inside the penalty phrase (``免去周某某的…职务``), or a count that stands for the last
   group of as many names (``责令四名教师将…返还``);
1. the object of the last trigger before the list (``给予X``, ``对X进行``, ``责令X``): its
   names, a pronoun (``给予其``), a unit (``对太平镇党委进行``); an object without a name
   (``对其他13人``) gives the list to nobody;
2. the subject: the last group of names before the list in its clause (``X、Y分别受到``);
3. the recipients of the list before it in the sentence (``被开除党籍，…被移送``), else the
   last group of names earlier in the sentence;
4. a pronoun subject (``他受到``, ``给予其``: the name its clause opened with when not yet
   penalised, else the group just penalised, else the last person penalised) or a unit at the
   head of the clause (read before 3.); a clause or sentence that speaks of unnamed people
   (``另有4名…``, ``一名退休厅官``) gives the list to nobody;
5. in a sentence that names nobody: the recipients of the penalty before it in the same
   paragraph, else the first names of the paragraph (the case heading's subject).

``分别`` before a list (or before its recipients: ``分别对X、Y予以A、B``) of as many penalties
as recipients gives them in order; of another number, who got which is not said and each
recipient gets each type's own value (``data.attribution.unsplit``: 党纪处分); otherwise every
recipient gets every penalty. A penalty that recovers money follows a person already
penalised and never makes a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from noticeparse.extract.case_names import Mention, title_run
from noticeparse.extract.case_penalties import PenaltyPhrase
from noticeparse.extract.numerals import cn_to_int
from noticeparse.extract.spans import Within
from noticeparse.rules import RuleSet, compiled

__all__ = ["Award", "attribute_penalties"]

# a run of more than _MAX_SENTENCE characters without a full stop is read in pieces of that many: each
# list of penalties looks back to its sentence's start, so one unbroken 100k-character run made the
# reading quadratic (the longest sentence of the corpus and dev sets: 365 characters)
_MAX_SENTENCE = 2_000
_SENTENCE = regex.compile(rf"[^。！？!?\n]{{1,{_MAX_SENTENCE}}}[。！？!?]?")
_PARAGRAPH_BREAK = regex.compile(r"\n|(?<=[。：:；;])[ \t\u3000]+")
_PRONOUN_REACH = 400  # characters back where a pronoun's persons are named (its paragraph or the one before)


@dataclass(frozen=True, slots=True)
class Award:
    """One penalty pair given to one recipient, with the rule that attributed it."""

    phrase: PenaltyPhrase
    pair: tuple[str, str]
    recipient: Mention
    rule_id: str


@dataclass(slots=True)
class _State:
    """What the case has named and penalised so far (pronouns and recoveries read it)."""

    mentions: Within  # the case's mentions
    penalised: dict[str, Mention]  # by name, in the order first penalised
    last: list[Mention]  # the recipients of the last penalty given


def attribute_penalties(
    text: str, start: int, end: int, mentions: Sequence[Mention], phrases: Sequence[PenaltyPhrase], rules: RuleSet
) -> list[Award]:
    """The penalties of ``text[start:end]`` given to the mentions of the same span.

    >>> from noticeparse.rules import load_rules
    >>> from noticeparse.extract.case_names import find_mentions
    >>> from noticeparse.extract.case_penalties import find_penalties
    >>> rules = load_rules()
    >>> text = "袁某某、王某某分别受到党内警告、党内严重警告处分。"
    >>> awards = attribute_penalties(text, 0, len(text), find_mentions(text, rules), find_penalties(text, 0, len(text), rules), rules)
    >>> [(a.recipient.name, a.pair[1]) for a in awards]
    [('袁某某', '警告'), ('王某某', '严重警告')]
    """
    state = _State(Within([m for m in mentions if start <= m.start < end]), {}, [])
    ordered = Within(phrases)
    awards: list[Award] = []
    for sentence in _SENTENCE.finditer(text, start, end):
        inside = ordered.starting(sentence.start(), sentence.end())
        previous: list[Mention] = []
        cursor = sentence.start()
        for group in _lists(text, inside, rules):
            recipients, rule_id = _recipients(text, cursor, sentence.start(), group, previous, state, rules)
            awards += _give(text, cursor, group, recipients, rule_id, state, rules)
            previous = recipients or previous
            cursor = group[-1].end
    return awards


def _lists(text: str, phrases: Sequence[PenaltyPhrase], rules: RuleSet) -> list[list[PenaltyPhrase]]:
    """Penalties written together (only joining words between them) as one list."""
    joiner = compiled(rules["case"].data["attribution"]["list_join"])
    groups: list[list[PenaltyPhrase]] = []
    for phrase in phrases:
        if groups and joiner.fullmatch(text, groups[-1][-1].end, phrase.start) and phrase.recovery == groups[-1][-1].recovery:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
    return groups


def _recipients(
    text: str, cursor: int, sentence_start: int, group: list[PenaltyPhrase], previous: list[Mention],
    state: _State, rules: RuleSet,
) -> tuple[list[Mention], str]:
    """Who a list of penalties goes to, and the attribution rule (the steps of the module docstring).

    ``cursor`` is where the clause of the list begins (the end of the list before it in the sentence).
    """
    head = group[0].start
    inner = state.mentions.inside(group[0].start, group[-1].end)
    if inner:  # 0. a name inside the penalty: 免去周某某的…职务, 解除与田某某的聘用关系
        return inner, "case.attribute_inner"
    counted = _counted(text, group[0].start, group[-1].end, state, rules)
    if counted:  # 0. a count inside it: 责令四名教师将违纪所得…返还学生
        return counted, "case.attribute_count"
    found = _in_clause(text, cursor, head, state, rules)  # 1.-2. and the pronoun or unit of 4.
    if found is not None:
        return found
    unnamed = compiled(rules["case"].data["attribution"]["unnamed"])
    if previous:  # 3. the list before it in the sentence: 被开除党籍，…被移送
        return previous, "case.attribute_carry"
    earlier = _last_group(text, state.mentions.inside(sentence_start, cursor), rules)
    if earlier:
        return earlier, "case.attribute_subject"
    if unnamed.search(text, sentence_start, head):
        return [], "case.attribute_unnamed"
    line_start = _paragraph_start(text, head)  # 5. a sentence that names nobody
    if state.last:
        return (state.last, "case.attribute_previous") if state.last[-1].end >= line_start else ([], "")
    heading = _groups(text, state.mentions.inside(line_start, head), rules)
    return (heading[0], "case.attribute_heading") if heading else ([], "")


def _in_clause(text: str, cursor: int, head: int, state: _State, rules: RuleSet) -> tuple[list[Mention], str] | None:
    """The recipients written in the clause of the list: its object, its subject, a pronoun or a unit.

    None when the clause names nobody; an empty list when it names people it does not name (其他13人).
    """
    cues = rules["case"].data["attribution"]
    subject_end = head
    for trigger in reversed(list(compiled(cues["object_trigger"]).finditer(text, cursor, head))):
        found = _object(text, trigger.end(), subject_end, state, rules)  # 1. 给予X, 对X进行
        if found is not None:
            return found
        subject_end = trigger.start()
    unnamed = compiled(cues["unnamed"])
    names = _last_group(text, state.mentions.inside(cursor, subject_end), rules)
    if names and not _unnamed_subject(text, names[-1].end, subject_end, rules):  # 2. X、Y分别受到
        return names, "case.attribute_subject"
    counted = _counted(text, cursor, subject_end, state, rules)
    if counted:  # 4. 陈某某、漆某某…4人，…。4人分别受到
        return counted, "case.attribute_count"
    pronoun = _pronoun(text, cursor, subject_end, state, rules)
    if pronoun:  # 4. 他受到, 两人均
        return pronoun, "case.attribute_pronoun"
    unit = _unit_subject(text, cursor, head, rules)
    if unit:  # 4. 石塘镇党委对…落实不力，被责令作出书面检查
        return [unit], "case.attribute_unit"
    if unnamed.search(text, cursor, head):  # 另有4名经理人员受到…
        return [], "case.attribute_unnamed"
    return None


def _paragraph_start(text: str, position: int) -> int:
    """Where the paragraph of ``position`` starts: a line break, or spaces after a full stop (a flattened page)."""
    window = max(0, position - _PRONOUN_REACH)
    breaks = list(_PARAGRAPH_BREAK.finditer(text, window, position))
    return breaks[-1].end() if breaks else window


def _object(text: str, start: int, end: int, state: _State, rules: RuleSet) -> tuple[list[Mention], str] | None:
    """The object between a trigger and the penalty; None when it is empty (read the subject)."""
    filler = compiled(rules["case"].data["attribution"]["object_filler"])
    inside = state.mentions.inside(start, end)
    if inside:
        return inside, "case.attribute_object"
    if compiled(r"[，,；;：:]").search(text, start, end):  # 对审计发现问题整改不力，受到…: no object here
        return None
    pronoun = _pronoun(text, start, end, state, rules)
    if pronoun:
        return pronoun, "case.attribute_pronoun"
    stripped = compiled(rules["case"].data["attribution"]["object_cut"]).split(filler.sub("", text[start:end]), maxsplit=1)[0]
    if not stripped:
        return None
    unit = rules["persons"].rule("person.unit").regex.search(stripped)
    if unit:
        offset = start + text[start:end].find(unit.group("unit"))
        return [Mention(unit.group("unit"), offset, offset + len(unit.group("unit")), "person.unit", "unit")], "case.attribute_unit"
    return [], "case.attribute_unnamed"


def _pronoun(text: str, start: int, end: int, state: _State, rules: RuleSet) -> list[Mention]:
    """The persons a pronoun between start and end stands for: the last group, or the last penalised."""
    found = list(rules["persons"].rule("person.pronoun").regex.finditer(text, start, end))
    if not found:
        return []
    word = found[-1].group("pronoun")
    before = state.mentions.inside(max(0, found[-1].start() - _PRONOUN_REACH), found[-1].start())
    if word in rules["persons"].data["plural_pronouns"]:
        groups = [g for g in _groups(text, before, rules) if len({m.name for m in g}) > 1]
        return groups[-1] if groups else []
    last = before[-1] if before else None
    if last is not None and last.name not in state.penalised and last.end > _last_given(state):
        return [last]  # 方某某对…监管不力，…，给予其党内警告处分: the name the clause opened with
    if state.last and (last is None or last.end <= _last_given(state)):
        return state.last  # 黄某某、王某某分别受到…处分；将其涉嫌犯罪问题移送…: the group just penalised
    if state.penalised:
        return [next(reversed(state.penalised.values()))]
    return [last] if last else []


def _last_given(state: _State) -> int:
    """Where the mentions of the last penalty's recipients end (-1 before any penalty)."""
    return max((m.end for m in state.last), default=-1)


def _unnamed_subject(text: str, start: int, end: int, rules: RuleSet) -> bool:
    """The clause of the penalty, after the names, has unnamed people as its subject (…，其中5101人受到…)."""
    clause = max([start, *(m.end() for m in compiled(r"[，,；;]").finditer(text, start, end))])
    return bool(compiled(rules["case"].data["attribution"]["unnamed_between"]).search(text, clause, end))


def _counted(text: str, start: int, end: int, state: _State, rules: RuleSet) -> list[Mention]:
    """The persons a count stands for (4人分别受到…): the last group named before it, when it has as many."""
    found = list(compiled(rules["case"].data["attribution"]["count"]).finditer(text, start, end))
    if not found:
        return []
    number = found[-1].group("count")
    count = int(number) if number.isdigit() else cn_to_int(number)
    if count < 2:  # 一名退休厅官: an unnamed person, not the name before it
        return []
    before = state.mentions.inside(max(0, found[-1].start() - _PRONOUN_REACH), found[-1].start())
    groups = [g for g in _groups(text, before, rules) if len({m.name for m in g}) == count]
    return groups[-1] if groups else []


def _last_group(text: str, mentions: Sequence[Mention], rules: RuleSet) -> list[Mention]:
    groups = _groups(text, mentions, rules)
    return groups[-1] if groups else []


def _groups(text: str, mentions: Sequence[Mention], rules: RuleSet) -> list[list[Mention]]:
    """Mentions joined into lists: only a joiner (、，和 同志) and the next one's title run between."""
    joiner = compiled(rules["case"].data["attribution"]["name_join"])
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups:
            last = groups[-1][-1]
            run = title_run(text, mention, last.end, rules)
            gap_end = run.start if run else mention.start
            if joiner.fullmatch(text, last.end, gap_end):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def _unit_subject(text: str, start: int, head: int, rules: RuleSet) -> Mention | None:
    """A unit that heads a clause before the penalty (石塘镇党委对…落实不力，被责令作出书面检查)."""
    pattern = compiled(rules["case"].data["attribution"]["unit_subject"])
    unit_rule = rules["persons"].rule("person.unit").regex
    starts = [start, *(m.end() for m in compiled(r"[，,；;]").finditer(text, start, head))]
    for clause_start in starts:
        match = pattern.match(text, clause_start, head)
        unit = unit_rule.search(match.group("unit")) if match else None
        if match and unit:
            begin = match.start("unit") + match.group("unit").find(unit.group("unit"))
            return Mention(unit.group("unit"), begin, begin + len(unit.group("unit")), "person.unit", "unit")
    return None


def _clause_start(text: str, floor: int, position: int) -> int:
    """Where the clause that holds ``position`` starts (not before ``floor``)."""
    breaks = [m.end() for m in compiled(r"[，,；;。]").finditer(text, max(floor, position - _PRONOUN_REACH), position)]
    return max([floor, *breaks])


def _third_party_money(text: str, phrase: PenaltyPhrase, state: _State, rules: RuleSet) -> bool:
    """The money recovered is what someone the case names but does not penalise obtained (何某因此违规领到
    临时救助金…，相关资金已被追缴), not the penalised person's own gain (违纪所得, 其…): ``data.attribution``
    ``third_party_gain`` after that person's name, and no ``own_gain`` word in the recovery's clause."""
    cues = rules["case"].data["attribution"]
    clause = _clause_start(text, 0, phrase.start)
    if compiled(cues["own_gain"]).search(text, clause, phrase.end):
        return False
    gain = compiled(cues["third_party_gain"])
    others = [m for m in state.mentions.inside(max(0, phrase.start - _PRONOUN_REACH), clause)
              if m.name not in state.penalised]
    return any(gain.match(text, m.end, min(m.end + 40, phrase.start)) for m in others)


def _respectively(text: str, cursor: int, head: int, first: int, rules: RuleSet) -> bool:
    """分别 in the clause of the list (分别受到A、B) or just before its recipients (分别对X、Y予以A、B),
    never one that spoke of something else (X、Y分别收受…，二人均受到A、B)."""
    each = compiled(rules["case"].data["attribution"]["respectively"])
    return bool(each.search(text, _clause_start(text, cursor, head), head)
                or each.search(text, _clause_start(text, cursor, first), first))


def _unsplit(group: list[PenaltyPhrase], rules: RuleSet) -> list[PenaltyPhrase]:
    """One phrase over the whole list per type, its value the type's own when the text does not say
    which person got which (``data.attribution.unsplit``: 党纪 → 党纪处分)."""
    generic = rules["case"].data["attribution"]["unsplit"]
    types = list(dict.fromkeys(kind for phrase in group for kind, _value in phrase.gives))
    values = {kind: [v for p in group for k, v in p.gives if k == kind] for kind in types}
    return [PenaltyPhrase(group[0].start, group[-1].end, group[0].rule_id,
                          ((kind, str(generic.get(kind, values[kind][0]))),), False) for kind in types]


def _give(
    text: str, cursor: int, group: list[PenaltyPhrase], recipients: list[Mention], rule_id: str,
    state: _State, rules: RuleSet,
) -> list[Award]:
    """Awards of one list: in order after 分别 when the counts agree, else every penalty to each."""
    if group[0].recovery:  # money recovered from someone not penalised (a villager, a relative) is not a penalty
        recipients = [] if _third_party_money(text, group[0], state, rules) else [
            m for m in recipients if m.name in state.penalised]
    if not recipients:
        return []
    if _respectively(text, cursor, group[0].start, min(m.start for m in recipients), rules) and len(group) > 1:
        if len(recipients) == len(group):  # 分别受到A、B处分, 分别对X、Y予以A、B
            pairs = [(phrase, [m]) for phrase, m in zip(group, recipients, strict=True)]
            rule_id = "case.attribute_respectively"
        else:  # 6名党员分别被给予党内严重警告、党内警告处分: who got which is not said
            pairs = [(phrase, recipients) for phrase in _unsplit(group, rules)]
            rule_id = "case.attribute_split_unknown"
    else:
        named = _first_of_each(recipients)
        pairs = [(phrase, named) for phrase in group]
    awards = [Award(phrase, pair, m, rule_id) for phrase, ms in pairs for m in ms for pair in phrase.gives]
    for mention in recipients:
        state.penalised.setdefault(mention.name, mention)
    state.last = recipients
    return awards


def _first_of_each(recipients: list[Mention]) -> list[Mention]:
    """Each name (and kind) once, at its first mention: only the first award of a name is kept
    (``case._deduplicated``), and a name said in every penalty of a long list (解除与田某某的…) would
    otherwise give each penalty to each of its mentions, in time quadratic in the list."""
    first: dict[tuple[str, str], Mention] = {}
    for mention in recipients:
        first.setdefault((mention.name, mention.kind), mention)
    return list(first.values())
