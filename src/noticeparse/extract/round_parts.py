"""The parts of a round ref: its phrase, the body's place or institution, the term, the key and the stage.

Rules: ``rules/rounds.yaml`` (``round.phrase``, ``round.lookback_bare``, ``round.term_elsewhere``,
``round.owner_institution``, ``round.source_institution``, ``round.stage_*``; ``data.body_levels``,
``data.institutions``). A body's place is read from the text alone, in this order: the place written
before the body word (平湖市委), a place of the body's level in the title, the source line, a unit
name that begins with it (中共东莞滨海湾新区工作委员会 → 东莞), the rest of the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from noticeparse.extract.numerals import cn_to_int
from noticeparse.extract.places import Place, Places
from noticeparse.extract.units import NameHit
from noticeparse.rules import RuleSet

__all__ = ["Phrase", "RoundContext", "body_name", "find_phrases", "place_before", "ref_key", "text_stage"]

_NUM = regex.compile(r"第(\d{1,3}|[一二三四五六七八九十百零〇两]{1,4})轮")
_SCHOOL = ("学校", "校", "院")
_YEAR = regex.compile(r"((?:19|20)\d{2}|[一二][〇零○OＯ一二三四五六七八九]{3})年")
_YEAR_DIGITS = str.maketrans("〇零○OＯ一二三四五六七八九", "00000123456789")


@dataclass(frozen=True, slots=True)
class Phrase:
    """One round a phrase names; coordinated rounds share ``head_start`` (the phrase's start)."""

    start: int
    end: int
    head_start: int
    round: int | None
    term: str | None
    body_word: str | None
    pre: str | None
    lookback: bool
    rule_id: str
    first: bool
    body_at: int | None = None
    kind: str | None = None  # 常规, 专项, 校内 …


def find_phrases(text: str, rules: RuleSet) -> list[Phrase]:
    """Every round a ``round.phrase`` names, in text order (十三轮、第十四轮 gives two).

    >>> from noticeparse.rules import load_rules
    >>> text = "对十四届市委第十三轮、第十四轮巡察的"
    >>> [(p.round, p.term, text[p.start:p.end]) for p in find_phrases(text, load_rules())]
    [(13, '十四届', '十四届市委第十三轮'), (14, '十四届', '第十四轮巡察')]
    """
    out = []
    for match in rules["rounds"].rule("round.phrase").regex.finditer(text):
        number = "round" if match.group("round") else "first"  # 首轮 is the first
        numbers = [(match.group("round") or "一", match.start(), match.end(number) + 1)]
        numbers += [(m.group(1), match.start("more") + m.start(), match.start("more") + m.end())
                    for m in _NUM.finditer(match.group("more") or "")]
        body_at = match.start("body") if match.group("body") else None
        for index, (number, start, end) in enumerate(numbers):
            last = index == len(numbers) - 1
            out.append(Phrase(
                start=start, end=match.end() if last else (end if len(numbers) > 1 else match.end()),
                head_start=match.start(), round=_number(number), term=_term(match.group("term") or match.group("term2")),
                body_word=match.group("body"), pre=match.group("pre"), lookback=last and bool(match.group("lb")),
                rule_id="round.phrase", first=index == 0, body_at=body_at, kind=match.group("kind") or None))
    return out


def _number(value: str) -> int | None:
    try:
        return int(value) if value.isdigit() else cn_to_int(value)
    except ValueError:
        return None


def _term(value: str | None) -> str | None:
    """第一届 → 一届 (the key writes a term without its 第); a year stands for the term (2025年).

    >>> _term("第一届"), _term("2023年巡视工作会议暨"), _term("2024年度"), _term("二O二三年")
    ('一届', '2023年', '2024年', '2023年')
    """
    if not value:
        return None
    year = _YEAR.match(value)
    return f"{_digits(year.group(1))}年" if year else value.removeprefix("第")


def _digits(year: str) -> str:
    """A year in digits: 二〇二三 (also written with a letter O) → 2023."""
    return year.translate(_YEAR_DIGITS)


def ref_key(body: str | None, term: str | None, number: int | None, lookback: bool) -> str | None:
    """``body/term/round`` with ``-`` for an unwritten term and ``/回头看`` for a 回头看; None without a round.

    >>> ref_key("东莞市委", None, 14, False), ref_key("平湖市委", "十四届", 14, True)
    ('东莞市委/-/14', '平湖市委/十四届/14/回头看')
    """
    if number is None:
        return None
    return f"{body or '-'}/{term or '-'}/{number}" + ("/回头看" if lookback else "")


def text_stage(title: str, rules: RuleSet) -> tuple[str, str | None]:
    """The stage a title gives: a report (progress or final), feedback, entry, else mention.

    >>> from noticeparse.rules import load_rules
    >>> text_stage("滨海湾新区党工委关于市委第十四轮巡察整改情况的通报", load_rules())
    ('final', 'round.stage_report')
    """
    rule_file = rules["rounds"]
    for rule_id in rule_file.data["stage_order"]:
        if not rule_file.rule(rule_id).regex.search(title):
            continue
        subject = title.partition("关于")[0] if "关于" in title else ""
        if rule_id == "round.stage_report" and subject.endswith(tuple(rule_file.data["report_not_by"])):
            return "mention", "round.stage_not_a_unit"  # 杨湖镇人民政府关于…巡察整改…: no unit's report
        if rule_id == "round.stage_report":
            progress = rule_file.rule("round.stage_progress").regex.search(title)
            return ("progress" if progress else "final"), rule_id
        return {"round.stage_feedback": "feedback", "round.stage_entry": "entry"}[rule_id], rule_id
    return "mention", None


class RoundContext:
    """What a notice says about where its rounds belong: places by level, institutions, the group."""

    def __init__(self, text: str, title_end: int, source_label: str | None, hits: Sequence[NameHit],
                 places: Places, rules: RuleSet) -> None:
        self.text, self.title_end, self.label = text, title_end, source_label or ""
        self.hits, self.places, self.rules = hits, places, rules
        self.data = rules["rounds"].data
        self._places: dict[str, Place | None] = {}
        self._memo: dict[tuple[str, str | None], Any] = {}  # per text, not per phrase: linear in the text
        self.bodies: list[NameHit] = []  # organisations the text names as a round's body (教育部党组)

    def body(self, phrase: Phrase) -> tuple[str | None, str | None]:
        """The body of a phrase with its place or institution, and the rule that found it."""
        word, pre = phrase.body_word, phrase.pre
        if word is None and pre is None:
            word, pre = self._implied_body()
        if word is None and pre is None:  # no group owner either
            institution = self._institution_before(phrase) or self._deploying_institution()
            if institution:
                return institution + "党委", "round.body_institution"
            organ = self._organ(phrase)
            if organ:
                return organ, "round.body_written"
            if not self._school_rounds(phrase):
                return None, None
            word, pre = "党委", "校"  # 第二轮校内巡察: the school's own round
        if word == "中央":
            return word, "round.body_written"
        level = self.data["body_levels"].get(word)
        if level:
            written = self._written_place(phrase, str(word), level)
            if written:
                return body_name(written, str(word)), "round.body_written"
            place = self.place(level)
            return (body_name(place, str(word)), "round.body_place") if place else (word, "round.body_as_written")
        institution = self.institution(pre)
        if institution:
            return institution + (word or "党委"), "round.body_institution"
        return f"{pre or ''}{word or ''}", "round.body_as_written"

    def _written_place(self, phrase: Phrase, word: str, level: str) -> Place | None:
        """The place written with the body: before its word (平湖市委), before the phrase (江城县十三届县委),
        or before the same word elsewhere in the text (根据江城县委统一安排)."""
        ends = [phrase.body_at, phrase.head_start] if phrase.body_at else [phrase.head_start]
        own = next((p for end in ends if end and (p := self.place_before(end, word))), None)
        if own or ("written", word) in self._memo:
            return own or self._memo[("written", word)]
        self._memo[("written", word)] = next(
            (p for m in regex.finditer(regex.escape(word), self.text) if (p := self.place_before(m.start(), word))),
            None)
        return self._memo[("written", word)]  # type: ignore[no-any-return]

    def place_before(self, at: int, word: str) -> Place | None:
        """The place of a body word's level written right before it (``place_before``)."""
        return place_before(self.text, at, word, self.places, self.data["body_levels"])

    def _implied_body(self) -> tuple[str | None, str | None]:
        """The body of a phrase that writes none (第十四轮巡察): the group's owner (市委第一巡察组)."""
        if ("implied", None) not in self._memo:
            self._memo[("implied", None)] = self._group_owner_body()
        return self._memo[("implied", None)]  # type: ignore[no-any-return]

    def _institution_before(self, phrase: Phrase) -> str | None:
        """A university or group company written right before a phrase with no body (郑州大学第三轮巡察)."""
        window = self.text[max(0, phrase.head_start - 20):phrase.head_start]
        match = self.rules["rounds"].rule("round.institution_before").regex.search(window)
        return str(match.group("inst")) if match else None

    def _school_rounds(self, phrase: Phrase) -> bool:
        """Whether the text's rounds are a school's own (第二轮校内巡察 written here or elsewhere in it)."""
        if phrase.kind in self.data["school_kinds"]:
            return True
        if ("school", None) not in self._memo:
            kinds = "|".join(regex.escape(k) for k in self.data["school_kinds"])
            self._memo[("school", None)] = bool(regex.search(f"轮(?:{kinds})(?:巡视|巡察)", self.text))
        return bool(self._memo[("school", None)])

    def _organ(self, phrase: Phrase) -> str | None:
        """A ministry's or department's 党组 written right before the phrase, else owning the text's groups."""
        rule = self.rules["rounds"].rule("round.organ_body").regex
        window = max(0, phrase.head_start - 20)
        before = rule.search(self.text[window:phrase.head_start])
        if before and not self.text.startswith(tuple(self.data["not_deploying"]), phrase.end):  # …巡察整改: the unit's
            start = window + before.start("organ")
            self.bodies.append(NameHit(before.group("organ"), start, start + len(before.group("organ")),
                                       "round.organ_body", "body"))
            return str(before.group("organ"))
        owner = self._memo.get(("owner", None))
        return str(owner) if owner and rule.fullmatch(str(owner)) else None

    def _deploying_institution(self) -> str | None:
        """The institution whose 党委 the text says deploys the rounds (郑州大学党委巡察工作领导小组)."""
        if ("deploying", None) not in self._memo:
            names = [m.group("inst") for m in self.rules["rounds"].rule("round.owner_institution").regex.finditer(self.text)]
            self._memo[("deploying", None)] = _institution(names, ("大学", "集团", "公司", "学院"),
                                                           self.data["institutions"])
        return self._memo[("deploying", None)]  # type: ignore[no-any-return]

    def _group_owner_body(self) -> tuple[str | None, str | None]:
        owner = next((m.group("owner") for rule_id in ("round.group", "round.group_generic")
                      for m in self.rules["rounds"].rule(rule_id).regex.finditer(self.text) if m.group("owner")), None)
        self._memo[("owner", None)] = owner
        if not owner:
            return None, None
        for word in sorted(self.data["body_levels"], key=len, reverse=True):
            if owner.endswith(word):
                return word, None
        for pre in self.data["institution_pre"]:
            if owner.startswith(pre):
                return owner[len(pre):] or "党委", pre
        return None, None

    def term(self, phrase: Phrase, body: str | None) -> str | None:
        """The phrase's term, else a term the text writes for the same body word (十四届市委巡察工作)."""
        if phrase.term:
            return phrase.term
        word = phrase.body_word or next((w for w in self.data["body_levels"] if body and body.endswith(w)), "党委")
        if ("term", word) not in self._memo:
            self._memo[("term", word)] = next(
                (_term(m.group("term")) for m in self.rules["rounds"].rule("round.term_elsewhere").regex.finditer(self.text)
                 if m.group("body") == word and self._place_between(m, word)), None)
        return self._memo[("term", word)]  # type: ignore[no-any-return]

    def _place_between(self, match: regex.Match[str], word: str) -> bool:
        """True when nothing stands between a term and its body word, or a place does (九届海勃湾区委)."""
        if not match.group("place"):
            return True
        place = self.place_before(match.start("body"), word)
        return place is not None and place.start == match.start("place")

    def place(self, level: str) -> Place | None:
        """The first place of a level: in the title, the source line, a unit name's head, then the text."""
        if level not in self._places:
            self._places[level] = next((p for p in self._candidates() if p.level == level), None)
        return self._places[level]

    def _candidates(self) -> list[Place]:
        if ("candidates", None) in self._memo:
            return self._memo[("candidates", None)]  # type: ignore[no-any-return]
        self._memo[("candidates", None)] = found = self._find_candidates()
        return found

    def _find_candidates(self) -> list[Place]:
        found = list(self.places.find_full(self.text[: self.title_end]))
        in_label = self.places.in_label(self.label) if self.label else None
        found += [in_label] if in_label else []
        for hit in self.hits:
            name = hit.name.removeprefix("中共")
            head = self.places.place_at(name, 0)
            # 白沙镇 is a town named as a county is elsewhere, not that county
            if head and not name[head.end:].startswith(("镇", "乡", "街道", "村", "社区")):
                found.append(head)
            found += self._area_districts(name)
        return found + list(self.places.find_full(self.text))

    def _area_districts(self, name: str) -> list[Place]:
        """The district a development area of a unit's name is named for: 广州市南沙新区明珠湾开发建设管理局 →
        南沙区 (data.area_words; only a district of the lexicon with that stem)."""
        out = []
        for word in self.data["area_words"]:
            for at in (m.start() for m in regex.finditer(regex.escape(word), name)):
                for size in (2, 3):
                    district = name[max(0, at - size):at] + "区"
                    if at >= size and self.places.full.get(district) == district:
                        out.append(Place(district, 0, 0, district, district, "区"))
        return out

    def institution(self, pre: str | None) -> str | None:
        """The university or company of 校党委/集团公司党委 as the text names it (data.institutions mapped); for a
        company's 集团公司党委, first the organisation whose 党委 the text says deploys the rounds (根据中国南方
        电装党委统一部署, 集团公司党委第二巡视组…), whatever its name ends with."""
        ends = ("大学", "学院") if pre in _SCHOOL else ("集团", "公司") if pre else ("大学", "集团", "公司", "学院")
        if ("institution", pre) not in self._memo:
            deploying = self._deploying_company() if pre in self.data["company_pre"] else None
            self._memo[("institution", pre)] = deploying or _institution(self._institution_names(), ends,
                                                                         self.data["institutions"])
        return self._memo[("institution", pre)]  # type: ignore[no-any-return]

    def _deploying_company(self) -> str | None:
        rule = self.rules["rounds"].rule("round.deploying_organisation").regex
        names = [m.group("org") for m in rule.finditer(self.text)]
        found = next((n for n in names if not n.endswith(tuple(self.data["territorial_ends"]))
                      and n not in self.data["institution_pre"]), None)  # 根据集团公司党委统一部署 names none
        return str(self.data["institutions"].get(found) or found) if found else None

    def _institution_names(self) -> list[str]:
        names = []
        label = self.rules["rounds"].rule("round.source_institution").regex.search(self.label)
        names += [label.group("inst")] if label else []
        names += [m.group("inst") for m in self.rules["rounds"].rule("round.owner_institution").regex.finditer(self.text)]
        return names + [_head(h.name.removeprefix("中共")) for h in self.hits]

    def first_group(self) -> tuple[str, int, int] | None:
        """The first inspecting group the text names, numbered (市委第三巡察组) else not (普陀区委巡察组), with
        the place written before its owner (a ref without a round number spans it)."""
        for rule_id in ("round.group", "round.group_generic"):
            match = self.rules["rounds"].rule(rule_id).regex.search(self.text)
            if match:
                owner = match.group("owner")
                place = self.place_before(match.start("group"), owner) if owner else None
                start = place.start if place else match.start("group")
                return self.text[start:match.end("group")], start, match.end("group")
        return None

    def bare_lookback(self, phrases: Sequence[Phrase]) -> tuple[int, int] | None:
        """The first 巡察“回头看” not joined to a round phrase, or None."""
        spans = sorted((p.start, p.end) for p in phrases)
        starts = [start for start, _end in spans]
        for match in self.rules["rounds"].rule("round.lookback_bare").regex.finditer(self.text):
            at = bisect.bisect_right(starts, match.start()) - 1
            if at < 0 or not spans[at][0] <= match.start() < spans[at][1]:
                return match.start(), match.end()
        return None


def place_before(text: str, at: int, word: str, places: Places, levels: Mapping[str, str]) -> Place | None:
    """The place of a body word's level written right before ``at``: 平湖 of 平湖市委, and 普陀区 of
    普陀区委, where the district's name ends in the body word's first character.

    >>> from noticeparse.rules import load_rules
    >>> from noticeparse.extract.places import load_places
    >>> rules = load_rules()
    >>> place_before("卫滨区委村居第一巡察组", 2, "区委", load_places(rules), rules["rounds"].data["body_levels"]).full
    '卫滨区'
    """
    level = levels.get(word)
    if not level:
        return None
    place = places.place_ending(text, at, level)
    if place or not word.startswith(level) or at >= len(text):
        return place
    shared = places.place_ending(text, at + 1, level)
    return shared if shared and shared.text == shared.full and shared.short == shared.full else None


def body_name(place: Place, word: str) -> str:
    """A body named by its place: 平湖 + 市委; a district without a short form shares its 区 with 区委.

    >>> body_name(Place("平湖市", 0, 3, "平湖市", "平湖", "市"), "市委")
    '平湖市委'
    >>> body_name(Place("普陀区", 0, 3, "普陀区", "普陀区", "区"), "区委")
    '普陀区委'
    """
    if place.short == place.full and place.full.endswith(word[0]):
        return place.full[:-1] + word
    return place.short + word


def _head(unit: str) -> str:
    """The institution a unit's name begins with (江苏科技大学 of 江苏科技大学电子信息学院), never the unit itself."""
    at = max(unit.find("大学"), unit.find("集团"))
    return unit[: at + 2] if at >= 2 and at + 2 < len(unit) else ""


def _institution(names: Sequence[str], ends: Sequence[str], table: dict[str, str]) -> str | None:
    """The first name that holds one of ``ends`` (in that order of preference), cut after it and mapped."""
    for end in ends:
        for name in names:
            at = name.find(end)
            if at >= 2:
                cut = name[: at + len(end)]
                return str(table.get(cut) or table.get(name) or cut)
    return None
