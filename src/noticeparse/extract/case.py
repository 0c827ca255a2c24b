"""Discipline cases (典型问题/案例): one row per case with person, post, organisation, violations, penalties.

Rules: ``rules/case.yaml`` (headings, the subject, penalties) and ``rules/violations.yaml``
(violation types). A case is a paragraph whose first sentence is a case heading
(``市交通局原副局长张某违规收受礼品礼金问题。``); in a discipline notice (``data.case_kinds``) a
paragraph that names a penalty is a case too, with the short numbered line before it as its
heading. A paragraph without a penalty takes the next paragraph in when that one has one.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from noticeparse.extract.prefilter import possible_rules
from noticeparse.records import Case, CasePenalty, CaseViolation, DateMention, Quantity
from noticeparse.rules import RuleSet

_SPLIT = regex.compile(r"(?<=[。:：])[ \t\u3000]+(?=\S)")
_MARKER = regex.compile(r"^\s*(?:(?P<num>\d{1,2})\s?[、.．]|(?P<cn>[一二三四五六七八九十]{1,3})、|[（(](?P<paren>[一二三四五六七八九十\d]{1,3})[)）])")
# a date this far from a penalty, or with an act between, dates the act, not the penalty
_ACT_BETWEEN = regex.compile(r"[；;]|接受|收受|违规|组织|参加|购买|期间|以来|先后")
_COMMENTARY = ("中央纪委国家监委指出", "通报指出", "上述", "中央纪委国家监委强调", "中央纪委国家监委要求")


@dataclass(slots=True)
class _Unit:
    """A paragraph (a line, or a run of sentences set apart by spaces on one line)."""

    start: int
    end: int
    text: str


def _units(text: str) -> list[_Unit]:
    units, offset = [], 0
    for line in text.split("\n"):
        pieces, last = [], 0
        for match in _SPLIT.finditer(line):
            pieces.append((last, match.start()))
            last = match.end()
        pieces.append((last, len(line)))
        for a, b in pieces:
            if line[a:b].strip():
                units.append(_Unit(offset + a, offset + b, line[a:b]))
        offset += len(line) + 1
    return units


@functools.lru_cache(maxsize=8)
def _starts_of(words: tuple[str, ...]) -> regex.Pattern[str]:
    """A zero-width pattern matching wherever one of ``words`` begins (overlaps included)."""
    return regex.compile("(?=" + ("|".join(map(regex.escape, words)) or "(?!)") + ")", regex.V0)


def _act_positions(segment: str, rules: RuleSet) -> list[int]:
    """Where the act may begin: act words and violation matches, after the first character."""
    words = _starts_of(tuple(rules["case"].data["act_starts"]))
    found = {m.start() for m in words.finditer(segment, 1)}  # every position where a word begins
    for rule in possible_rules(segment, rules["violations"]):
        found.update(m.start() for m in rule.regex.finditer(segment) if m.start() > 0)
    return sorted(found | {len(segment)})


def _subject(segment: str, offset: int, rules: RuleSet) -> dict[str, object]:
    """Organisation, post and person of a heading, with their spans (best cut first).

    The first cut after a post and a name wins; else the first after a post; else an
    organisation alone (``case.subject_org``) before the first act.
    """
    subject = rules["case"].rule("case.subject").regex
    organisation = rules["case"].rule("case.subject_org").regex
    best: tuple[int, regex.Match[str], str] | None = None
    for position in _act_positions(segment, rules):
        part = segment[:position].strip("，、 ")
        match = subject.fullmatch(part)
        rule_id = "case.subject"
        if not match:
            match, rule_id = organisation.fullmatch(part), "case.subject_org"
        if not match:
            continue
        score = 2 if match.groupdict().get("person") and match.groupdict().get("post") else 1 if match.groupdict().get("post") else 0
        if best is None or score > best[0]:
            best = (score, match, rule_id)
        if score == 2:
            break
    if best is None:
        return {}
    _score, match, rule_id = best
    base = offset + segment.index(match.group(0)) if match.group(0) else offset
    out: dict[str, object] = {"subject_rule_id": rule_id}
    for group, name in (("org", "organisation"), ("post", "post"), ("person", "person")):
        value = match.groupdict().get(group)
        start = match.start(group) if value else 0
        if value and group == "org" and value.startswith("时任"):  # 时任 dates the post, it names no organisation
            value, start = value[2:], start + 2
        if value:
            out[name] = value
            out[f"{name}_start"], out[f"{name}_end"] = base + start, base + start + len(value)
    return out


def _heading(unit: _Unit, rules: RuleSet) -> regex.Match[str] | None:
    match = rules["case"].rule("case.heading").regex.match(unit.text)
    if not match or len(match.group("heading")) > int(rules["case"].data["heading_max"]):
        return None
    return match


def _penalties(text: str, start: int, end: int, rules: RuleSet) -> list[tuple[int, int, str, str, str]]:
    """Penalties in text[start:end]: (start, end, value, type, rule_id), longest of overlapping."""
    data = rules["case"].data
    found = []
    for rule_id in data["penalty_rules"]:
        meaning = data["penalties"][rule_id]
        for match in rules["case"].rule(rule_id).regex.finditer(text, start, end):
            value = match.groupdict().get("value") or meaning["value"]
            found.append((match.start(), match.end(), str(value), str(meaning["type"]), str(rule_id)))
    found.sort(key=lambda p: (p[0], -(p[1] - p[0])))
    kept: list[tuple[int, int, str, str, str]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            if item[1] - item[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = item
            continue
        kept.append(item)
    return kept


def _is_headed_case(unit: _Unit, rules: RuleSet, open_kind: bool) -> bool:
    """The unit opens with a case heading up to 问题/案 that names a post and a person.

    In a case notice (``open_kind``) a post alone or a violation alone will do: the
    subject may be an organisation (某县人民法院超标准接待问题).
    """
    if unit.text.lstrip().startswith(_COMMENTARY):
        return False
    heading = _heading(unit, rules)
    if heading is None:
        return False
    subject = _subject(heading.group("heading"), 0, rules)
    if subject.get("post") and subject.get("person"):
        return True
    if not open_kind:
        return False
    return bool(subject.get("post")) or any(r.regex.search(heading.group("heading")) for r in rules["violations"].rules)


def _is_case(unit: _Unit, rules: RuleSet, open_kind: bool) -> bool:
    """A case starts here: a case heading, or (in a case notice) a penalty or a named act."""
    if _is_headed_case(unit, rules, open_kind):
        return True
    if not open_kind or unit.text.lstrip().startswith(_COMMENTARY):
        return False
    if _penalties(unit.text, 0, len(unit.text), rules):
        return True
    sentence = unit.text.split("。", 1)[0]
    named = _subject_in(sentence, 0, len(sentence), rules)
    return bool(named) and any(r.regex.search(sentence) for r in rules["violations"].rules)


def _group(units: list[_Unit], rules: RuleSet, open_kind: bool) -> list[list[_Unit]]:
    """Units grouped into cases: a start, a numbered title line before it, a paragraph after it."""
    groups: list[list[_Unit]] = []
    previous: _Unit | None = None
    for unit in units:
        follows = bool(groups) and groups[-1][-1] is previous
        if follows and not _is_headed_case(unit, rules, open_kind) and _continues(groups[-1], unit, rules):
            groups[-1].append(unit)
        elif _is_case(unit, rules, open_kind):
            title = previous if previous is not None and _is_title(previous, groups) else None
            groups.append([title, unit] if title else [unit])
        previous = unit
    return groups


def _is_title(unit: _Unit, groups: list[list[_Unit]]) -> bool:
    in_case = any(unit is u for g in groups for u in g)
    return not in_case and len(unit.text.strip()) <= 40 and bool(_MARKER.match(unit.text))


def _continues(group: list[_Unit], unit: _Unit, rules: RuleSet) -> bool:
    """The next paragraph belongs to a case that has no penalty yet, if it names one."""
    if _MARKER.match(unit.text) or unit.text.lstrip().startswith(_COMMENTARY):
        return False
    has = any(_penalties(u.text, 0, len(u.text), rules) for u in group)
    if has or not _penalties(unit.text, 0, len(unit.text), rules):
        return False
    sentence = unit.text.split("。", 1)[0]
    return not _subject_in(sentence, 0, len(sentence), rules).get("person")  # a new case names its person


def _ordinal(unit: _Unit, default: int) -> int:
    from noticeparse.extract.numerals import cn_to_int

    match = _MARKER.match(unit.text)
    if not match:
        return default
    num = match.group("num") or match.group("cn") or match.group("paren")
    try:
        return int(num) if num.isdigit() else cn_to_int(num)
    except ValueError:
        return default


def _violations(text: str, start: int, end: int, case_id: int, rules: RuleSet) -> list[CaseViolation]:
    labels = rules["violations"].data["labels"]
    found = []
    for rule in possible_rules(text[start:end], rules["violations"]):
        for match in rule.regex.finditer(text, start, end):
            found.append(CaseViolation(case_id, str(labels[rule.id]), match.group(0), match.start(), match.end(),
                                       rule.id))
    return sorted(found, key=lambda v: (v.start, v.rule_id))


def _penalty_date(text: str, case_start: int, position: int, dates: Sequence[DateMention]) -> DateMention | None:
    """The last date of the sentence that gives the penalty, before it."""
    sentence_start = max(text.rfind("。", case_start, position), case_start)
    inside = [d for d in dates if sentence_start <= d.start < position and d.date_start
              and not _ACT_BETWEEN.search(text, d.end, position) and position - d.end <= 40]
    return inside[-1] if inside else None


def _heading_span(text: str, group: list[_Unit], rules: RuleSet) -> tuple[int, int, bool] | None:
    """The case heading's span (stripped) and whether it is a case heading (not a numbered title line)."""
    head_unit = group[0] if len(group) == 1 or not _heading(group[1], rules) else group[1]
    match = _heading(head_unit, rules)
    marker = _MARKER.match(group[0].text) if len(group) > 1 else None
    if match is not None:
        h_start, h_end = head_unit.start + match.start("heading"), head_unit.start + match.end("heading")
    elif marker is not None:
        h_start, h_end = group[0].start + marker.end(), group[0].end
    else:
        return None
    raw = text[h_start:h_end]
    if not raw.strip():
        return None
    return h_start + len(raw) - len(raw.lstrip()), h_end - len(raw) + len(raw.rstrip()), match is not None


def _case_subject(text: str, group: list[_Unit], heading: tuple[int, int, bool] | None, rules: RuleSet) -> dict[str, object]:
    """Who the case is about: from a case heading, else from the first sentence that names a post."""
    subject = _subject(text[heading[0] : heading[1]], heading[0], rules) if heading and heading[2] else {}
    if "person" in subject:
        return subject
    if heading and heading[2]:
        body = next(u for u in group if u.start <= heading[0] < u.end)
    else:
        body = group[1] if len(group) > 1 and _is_title(group[0], []) else group[0]
    sentence_end = text.find("。", body.start, body.end)
    named = _subject_in(text, body.start, sentence_end if sentence_end > 0 else body.end, rules)
    return named if named and (named.get("person") or not subject.get("post")) else subject


def _case_penalties(
    text: str, start: int, end: int, case_id: int, rules: RuleSet, dates: Sequence[DateMention]
) -> tuple[list[CasePenalty], set[int]]:
    """The penalties of a case, each dated from its clause; and the ids of the dates used."""
    single = [d for d in dates if start <= d.start < end and d.date_end is None]
    penalties, used = [], set()
    for p_start, p_end, value, kind, rule_id in _penalties(text, start, end, rules):
        when = _penalty_date(text, start, p_start, single)
        if when is not None:
            used.add(id(when))
        penalties.append(CasePenalty(case_id, value, kind, text[p_start:p_end], p_start, p_end, rule_id,
                                     when.date_start if when else None))
    return penalties, used


def _build_case(
    text: str, group: list[_Unit], case_id: int, ordinal: int, rules: RuleSet,
    dates: Sequence[DateMention], quantities: Sequence[Quantity],
) -> Case:
    start, end = group[0].start, group[-1].end
    heading = _heading_span(text, group, rules)
    fields: dict[str, object] = {}
    if heading:
        fields.update(heading=text[heading[0] : heading[1]], heading_start=heading[0], heading_end=heading[1])
    fields.update(_case_subject(text, group, heading, rules))
    v_start, v_end = heading[:2] if heading else (start, end)
    violations = _violations(text, v_start, v_end, case_id, rules) or _violations(text, start, end, case_id, rules)
    penalties, used = _case_penalties(text, start, end, case_id, rules, dates)
    period = next((d for d in dates if start <= d.start < end and d.date_start and id(d) not in used), None)
    money = [q.value for q in quantities if start <= q.start < end and q.unit == "元"]
    dated = [p.penalty_date for p in penalties if p.penalty_date]
    return Case(
        case_id=case_id, ordinal=ordinal, start=start, end=end,
        rule_id="case.heading" if heading and heading[2] else "case.penalty",
        period_start=period.date_start if period else None,
        period_end=period.date_end if period else None,
        penalty_date=max(dated) if dated else None,
        amount_yuan=sum(money) if money else None,
        violations=tuple(violations), penalties=tuple(penalties),
        **fields,  # type: ignore[arg-type]
    )


def _subject_in(text: str, start: int, end: int, rules: RuleSet) -> dict[str, object]:
    """A post and name written anywhere in a sentence (cases without a heading)."""
    posts = []
    for clause in regex.finditer(r"[^，,；;。]+", text[start:end]):
        found = _subject(clause.group(0), start + clause.start(), rules)
        if found.get("person") and found.get("post"):
            return found
        if found.get("post"):
            posts.append(found)
    return posts[0] if posts else {}


def extract_cases(
    text: str, rules: RuleSet, *, kind: str | None, dates: Sequence[DateMention] = (),
    quantities: Sequence[Quantity] = (),
) -> list[Case]:
    """The cases of a notice, in text order.

    >>> from noticeparse.rules import load_rules
    >>> text = "1.市交通局原副局长张某违规收受礼品礼金问题。2021年，张某受到党内严重警告、政务记过处分。"
    >>> case = extract_cases(text, load_rules(), kind="典型问题通报")[0]
    >>> case.person, case.post, case.organisation, [p.penalty for p in case.penalties]
    ('张某', '原副局长', '市交通局', ['严重警告', '记过'])
    """
    open_kind = kind in set(rules["case"].data["case_kinds"])
    return [
        _build_case(text, group, index, _ordinal(group[0], index), rules, dates, quantities)
        for index, group in enumerate(_group(_units(text), rules, open_kind), start=1)
    ]
