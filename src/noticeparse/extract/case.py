"""Discipline cases (典型问题/案例): one case per incident, one person per penalised person or unit.

Rules: ``rules/case.yaml`` (boundaries, stated counts, attribution), ``rules/persons.yaml``
(names, posts, units), ``rules/penalties.yaml`` (penalties) and ``rules/violations.yaml``
(violation types). The steps, each its own module:

1. ``case_units`` and ``case_bounds``: the paragraphs (a list's clauses apart) and the span of
   each case (item markers, cross-heads, headings, 曝光台 lines, paragraphs that penalise new
   persons, closing paragraphs);
2. ``case_names``: every mention of a name, and the title run before it;
3. ``case_penalties``: every penalty phrase, statistics and quoted rules left out;
4. ``case_attribution``: each penalty to the person whose clause it closes;
5. here: the records, a person's post from the first mention that has one, penalties
   deduplicated, violations, period and amounts by role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from noticeparse.extract.case_attribution import Award, attribute_penalties
from noticeparse.extract.case_bounds import Block, case_blocks
from noticeparse.extract.case_names import Mention, Post, appositive, find_mentions, title_run
from noticeparse.extract.case_penalties import PenaltyPhrase, find_penalties
from noticeparse.extract.case_units import Unit, split_listed, split_retellings, split_units
from noticeparse.extract.numerals import cn_to_int
from noticeparse.extract.prefilter import possible_rules
from noticeparse.extract.spans import Within
from noticeparse.records import Case, CasePenalty, CasePerson, CaseViolation, DateMention, Quantity
from noticeparse.rules import RuleSet, compiled

__all__ = ["extract_cases", "stated_case_count"]

# a date this far from a penalty, or with an act between, dates the act, not the penalty
_ACT_BETWEEN = regex.compile(r"[；;]|接受|收受|违规|组织|参加|购买|期间|以来|先后")
# the roles (rules/roles.yaml) a case sums its money in: amount_involved, amount_recovered, amount_fined
_AMOUNT_ROLES = ("involved", "recovered", "fined")


def extract_cases(
    text: str, rules: RuleSet, *, kind: str | None, form: str | None = None, dates: Sequence[DateMention] = (),
    quantities: Sequence[Quantity] = (),
) -> list[Case]:
    """The cases of a notice, in text order.

    A case that names no penalised person is kept only in a case notice (``kind`` in
    ``data.case_kinds``) that is not a commentary (``form``): an item cut before its penalty,
    an organisation's misconduct. A commentary yields the cases it retells concretely.

    >>> from noticeparse.rules import load_rules
    >>> text = "通报\\n1.市交通局原副局长张某违规收受礼品礼金问题。2021年，张某受到党内严重警告、政务记过处分。"
    >>> case = extract_cases(text, load_rules(), kind="典型问题通报")[0]
    >>> [(p.name, p.post, p.organisation, p.former) for p in case.persons]
    [('张某', '市交通局原副局长', '市交通局', True)]
    >>> [(p.penalty_type, p.penalty) for p in case.penalties]
    [('党纪', '严重警告'), ('政务', '记过')]
    """
    mentions = Within(find_mentions(text, rules))
    phrases = Within(find_penalties(text, 0, len(text), rules))

    def penalised(start: int, end: int) -> set[str]:
        awards = attribute_penalties(text, start, end, mentions.starting(start, end), phrases.starting(start, end), rules)
        return {a.recipient.name for a in awards if a.recipient.kind == "person"}

    open_kind = kind in set(rules["case"].data["case_kinds"]) and form != "commentary"
    units = split_listed(text, split_units(text), rules, mentions)  # 具体情况是：孟某某，…；田某，…
    if form == "commentary":  # 比如，某局原局长罗某某…受到…处分；某乡镇党委书记李某某…受到…处分
        units = split_retellings(text, units, rules, mentions)
    blocks = case_blocks(text, units, rules, open_kind=open_kind, penalised=penalised, mentions=mentions,
                         penalty_said=bool(phrases.starting(0, len(text))) and stated_case_count(text, rules) in (None, 1))
    cases: list[Case] = []
    found = _Found(mentions, phrases, Within(dates), Within(quantities))
    shared = _shared(text, units, blocks, found, rules)
    first_person = 1
    for block in blocks:
        case = _build_case(text, block, len(cases) + 1, first_person, found, rules, shared)
        if case.persons or _kept_without_persons(block, open_kind, form):
            cases.append(case)
            first_person += len(case.persons)
    return cases


def _kept_without_persons(block: Block, open_kind: bool, form: str | None) -> bool:
    """A case that penalises nobody is kept in a case notice only: an item or heading of its own, or
    a paragraph that opens with a titled name in the notice itself (a news story's quoted official is none)."""
    if not open_kind or form == "commentary":
        return False
    return block.rule_id != "case.subject_start" or form in (None, "notice")


@dataclass(frozen=True, slots=True)
class _Found:
    """What the notice holds, sorted for slicing by case: mentions, penalty phrases, dates, quantities."""

    mentions: Within
    phrases: Within
    dates: Within
    quantities: Within


def _shared(text: str, units: Sequence[Unit], blocks: Sequence[Block], found: _Found,
            rules: RuleSet) -> list[PenaltyPhrase]:
    """Penalties the lead gives to the persons of the cases below it, by a count or word that stands for them
    all (对这6名…党员干部给予全市通报批评, then 6 cases): ``data.attribution.shared``; none when the count is
    not the number of cases or the lead gives the penalty to someone it names."""
    if not blocks or not units or units[0].start >= blocks[0].start:
        return []
    lead_start, lead_end = units[0].start, blocks[0].start
    if attribute_penalties(text, lead_start, lead_end, found.mentions.starting(lead_start, lead_end),
                           found.phrases.starting(lead_start, lead_end), rules):
        return []
    cue = compiled(rules["case"].data["attribution"]["shared"])
    shared = []
    for phrase in found.phrases.starting(lead_start, lead_end):
        clause = max(text.rfind(mark, lead_start, phrase.start) for mark in "。；;\n") + 1
        said = cue.search(text, clause, phrase.start)
        count = said.group("count") if said else None
        if said and not phrase.recovery and (count is None or (int(count) if count.isdigit() else cn_to_int(count))
                                             == len(blocks)):
            shared.append(phrase)
    return shared


def _build_case(text: str, block: Block, case_id: int, first_person: int, found: _Found, rules: RuleSet,
                shared: Sequence[PenaltyPhrase] = ()) -> Case:
    start, end = block.start, block.end
    mentions = found.mentions.starting(start, end)
    given = [Award(p, pair, mentions[0], "case.attribute_shared") for p in shared for pair in p.gives] if mentions else []
    awards = _deduplicated(text, given + attribute_penalties(text, start, end, mentions,
                                                             found.phrases.starting(start, end), rules), rules)
    persons = _persons(text, awards, mentions, case_id, first_person, rules)
    ids = {p.name: p.person_id for p in persons}
    dates: list[DateMention] = found.dates.starting(start, end)
    single = [d for d in dates if d.date_end is None]
    penalties, used = [], set()
    for award in awards:
        when = _penalty_date(text, start, award.phrase.start, single)
        if when is not None:
            used.add(id(when))
        penalties.append(CasePenalty(
            case_id, ids[award.recipient.name], award.pair[1], award.pair[0], text[award.phrase.start : award.phrase.end],
            award.phrase.start, award.phrase.end, award.phrase.rule_id, award.rule_id,
            when.date_start if when else None))
    heading = block.heading
    v_start, v_end = heading if heading else (start, end)
    violations = _violations(text, v_start, v_end, case_id, rules) or _violations(text, start, end, case_id, rules)
    period = next((d for d in dates if d.date_start and id(d) not in used), None)
    dated = [p.penalty_date for p in penalties if p.penalty_date]
    amounts = _amounts(found.quantities.starting(start, end))
    return Case(
        case_id=case_id, ordinal=block.ordinal or case_id, start=start, end=end, rule_id=block.rule_id,
        heading=text[heading[0] : heading[1]] if heading else None,
        heading_start=heading[0] if heading else None, heading_end=heading[1] if heading else None,
        period_start=period.date_start if period else None, period_end=period.date_end if period else None,
        penalty_date=max(dated) if dated else None,
        violations=tuple(violations), persons=tuple(persons), penalties=tuple(penalties),
        amount_involved=amounts.get("involved"), amount_recovered=amounts.get("recovered"),
        amount_fined=amounts.get("fined"),
    )


def _deduplicated(text: str, awards: list[Award], rules: RuleSet) -> list[Award]:
    """Each person's penalties once (a lead and the decision repeat them), and a kind not said beside one
    that is left out; measures of a repeatable type (批评教育 then 书面检查) stay when written differently."""
    repeatable = set(rules["penalties"].data["repeatable_types"])
    kept: list[Award] = []
    seen: set[tuple[str, tuple[str, str], str]] = set()
    for award in awards:
        written = text[award.phrase.start : award.phrase.end] if award.pair[0] in repeatable else ""
        key = (award.recipient.name, award.pair, written)
        if key not in seen:
            seen.add(key)
            kept.append(award)
    restated = set(rules["penalties"].data["restatements"])
    said = {(a.recipient.name, a.pair[0]) for a in kept if a.phrase.rule_id not in restated}
    return [a for a in kept if a.phrase.rule_id not in restated or (a.recipient.name, a.pair[0]) not in said]


def _persons(text: str, awards: Sequence[Award], mentions: Sequence[Mention], case_id: int, first: int,
             rules: RuleSet) -> list[CasePerson]:
    """The case's persons in the order they are first penalised, each with the post of its first titled mention."""
    persons: list[CasePerson] = []
    by_name: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_name.setdefault(mention.name, []).append(mention)
    ordered, done = Within(mentions), set()
    for award in awards:
        name = award.recipient.name
        if name in done:
            continue
        done.add(name)
        own = by_name.get(name) or [award.recipient]
        post = _first_post(text, own, ordered, rules) if award.recipient.kind == "person" else None
        org_start = post.organisation_start if post else None
        persons.append(CasePerson(
            case_id, first + len(persons), name, award.recipient.kind, own[0].start, own[0].end, own[0].rule_id,
            post=post.text if post else None, post_start=post.start if post else None,
            post_end=post.end if post else None, post_rule_id=post.rule_id if post else None,
            organisation=post.organisation if post else None,
            organisation_start=org_start,
            organisation_end=org_start + len(post.organisation) if post and post.organisation and org_start is not None
            else None,
            former=post.former if post else False))
    return persons


def _first_post(text: str, own: Sequence[Mention], mentions: Within, rules: RuleSet) -> Post | None:
    """The post at the first of a person's mentions that gives one: the title run before it, else a post
    written right after it (王某某，安华镇浣丰村原党总支书记，…)."""
    for mention in own:
        before = mentions.last_before(mention.start)
        post = title_run(text, mention, before.end if before else 0, rules) or appositive(text, mention, rules)
        if post is not None:
            return post
    return None


def _violations(text: str, start: int, end: int, case_id: int, rules: RuleSet) -> list[CaseViolation]:
    labels = rules["violations"].data["labels"]
    found = []
    for rule in possible_rules(text[start:end], rules["violations"]):
        for match in rule.regex.finditer(text, start, end):
            found.append(CaseViolation(case_id, str(labels[rule.id]), match.group(0), match.start(), match.end(), rule.id))
    return sorted(found, key=lambda v: (v.start, v.rule_id))


def _penalty_date(text: str, case_start: int, position: int, dates: Sequence[DateMention]) -> DateMention | None:
    """The last date of the sentence that gives the penalty, before it."""
    sentence_start = max(text.rfind("。", case_start, position), case_start)
    inside = [d for d in dates if sentence_start <= d.start < position and d.date_start
              and not _ACT_BETWEEN.search(text, d.end, position) and position - d.end <= 40]
    return inside[-1] if inside else None


def _amounts(quantities: Sequence[Quantity]) -> dict[str, float]:
    """Money of the case (元) summed within each role of ``_AMOUNT_ROLES``; parts and thresholds left out."""
    sums: dict[str, float] = {}
    for q in quantities:
        if q.role in _AMOUNT_ROLES and q.unit == "元" and q.part_of is None:
            sums[q.role] = sums.get(q.role, 0.0) + q.value
    return sums


def stated_case_count(text: str, rules: RuleSet) -> int | None:
    """The number of cases a notice says it reports (通报5起, 公开通报七起), or None: the number it
    presents out of a total (现将其中4起通报如下), else the first count it states.

    >>> from noticeparse.rules import load_rules
    >>> stated_case_count("中央纪委国家监委公开通报七起违反中央八项规定精神典型问题", load_rules())
    7
    """
    table = rules["case"]
    match = table.rule("case.count_presented").regex.search(text)
    if match is None:  # the notice's own count comes first; a later one is of other notices (此前…曝光47起)
        found = [m for r in ("case.count_notified", "case.count_typical") if (m := table.rule(r).regex.search(text))]
        match = min(found, key=lambda m: m.start()) if found else None
    if match is None:
        return None
    count = match.group("count")
    return int(count) if count.isdigit() else cn_to_int(count)
