"""The parts of a round ref: its phrase, the body's place or institution, the term, the key and the stage.

Rules: ``rules/rounds.yaml`` (``round.phrase``, ``round.lookback_bare``, ``round.term_elsewhere``,
``round.owner_institution``, ``round.source_institution``, ``round.stage_*``; ``data.body_levels``,
``data.institutions``). A body's place is read from the text alone, in this order: the place written
before the body word (平湖市委), a place of the body's level in the title, the source line, a unit
name that begins with it (中共东莞滨海湾新区工作委员会 → 东莞), the rest of the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from noticeparse.extract.numerals import cn_to_int
from noticeparse.extract.places import Place, Places
from noticeparse.extract.units import NameHit
from noticeparse.rules import RuleSet

__all__ = ["Phrase", "RoundContext", "find_phrases", "ref_key", "text_stage"]

_NUM = regex.compile(r"第(\d{1,3}|[一二三四五六七八九十百零〇两]{1,4})轮")
_SCHOOL = ("学校", "校", "院")


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


def find_phrases(text: str, rules: RuleSet) -> list[Phrase]:
    """Every round a ``round.phrase`` names, in text order (十三轮、第十四轮 gives two).

    >>> from noticeparse.rules import load_rules
    >>> text = "对十四届市委第十三轮、第十四轮巡察的"
    >>> [(p.round, p.term, text[p.start:p.end]) for p in find_phrases(text, load_rules())]
    [(13, '十四届', '十四届市委第十三轮'), (14, '十四届', '第十四轮巡察')]
    """
    out = []
    for match in rules["rounds"].rule("round.phrase").regex.finditer(text):
        numbers = [(match.group("round"), match.start(), match.end("round") + 1)]
        numbers += [(m.group(1), match.start("more") + m.start(), match.start("more") + m.end())
                    for m in _NUM.finditer(match.group("more") or "")]
        body_at = match.start("body") if match.group("body") else None
        for index, (number, start, end) in enumerate(numbers):
            last = index == len(numbers) - 1
            out.append(Phrase(
                start=start, end=match.end() if last else (end if len(numbers) > 1 else match.end()),
                head_start=match.start(), round=_number(number), term=_term(match.group("term")),
                body_word=match.group("body"), pre=match.group("pre"), lookback=last and bool(match.group("lb")),
                rule_id="round.phrase", first=index == 0, body_at=body_at))
    return out


def _number(value: str) -> int | None:
    try:
        return int(value) if value.isdigit() else cn_to_int(value)
    except ValueError:
        return None


def _term(value: str | None) -> str | None:
    """第一届 → 一届 (the key writes a term without its 第)."""
    return value.removeprefix("第") if value else None


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

    def body(self, phrase: Phrase) -> tuple[str | None, str | None]:
        """The body of a phrase with its place or institution, and the rule that found it."""
        word, pre = phrase.body_word, phrase.pre
        if word is None and pre is None:
            word, pre = self._implied_body()
        if word is None and pre is None:
            return None, None
        if word == "中央":
            return word, "round.body_written"
        level = self.data["body_levels"].get(word)
        if level:
            written = self._written_place(phrase, str(word), level)
            if written:
                return written.short + str(word), "round.body_written"
            place = self.place(level)
            return (place.short + str(word), "round.body_place") if place else (word, "round.body_as_written")
        institution = self.institution(pre)
        if institution:
            return institution + (word or "党委"), "round.body_institution"
        return f"{pre or ''}{word or ''}", "round.body_as_written"

    def _written_place(self, phrase: Phrase, word: str, level: str) -> Place | None:
        """The place written with the body: before its word (平湖市委), before the phrase (江城县十三届县委),
        or before the same word elsewhere in the text (根据江城县委统一安排)."""
        ends = [phrase.body_at, phrase.head_start] if phrase.body_at else [phrase.head_start]
        own = next((p for end in ends if end and (p := self.places.place_ending(self.text, end, level))), None)
        if own or ("written", word) in self._memo:
            return own or self._memo[("written", word)]
        self._memo[("written", word)] = next(
            (p for m in regex.finditer(regex.escape(word), self.text)
             if (p := self.places.place_ending(self.text, m.start(), level))), None)
        return self._memo[("written", word)]  # type: ignore[no-any-return]

    def _implied_body(self) -> tuple[str | None, str | None]:
        """The body of a phrase that writes none (第十四轮巡察): the group's owner (市委第一巡察组)."""
        if ("implied", None) not in self._memo:
            self._memo[("implied", None)] = self._group_owner_body()
        return self._memo[("implied", None)]  # type: ignore[no-any-return]

    def _group_owner_body(self) -> tuple[str | None, str | None]:
        owner = next((m.group("owner") for m in self.rules["rounds"].rule("round.group").regex.finditer(self.text)
                      if m.group("owner")), None)
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
                 if m.group("body") == word), None)
        return self._memo[("term", word)]  # type: ignore[no-any-return]

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
        return found + list(self.places.find_full(self.text))

    def institution(self, pre: str | None) -> str | None:
        """The university or company of 校党委/集团公司党委 as the text names it (data.institutions mapped)."""
        ends = ("大学", "学院") if pre in _SCHOOL else ("集团", "公司") if pre else ("大学", "集团", "公司", "学院")
        if ("institution", pre) not in self._memo:
            self._memo[("institution", pre)] = _institution(self._institution_names(), ends, self.data["institutions"])
        return self._memo[("institution", pre)]  # type: ignore[no-any-return]

    def _institution_names(self) -> list[str]:
        names = []
        label = self.rules["rounds"].rule("round.source_institution").regex.search(self.label)
        names += [label.group("inst")] if label else []
        names += [m.group("inst") for m in self.rules["rounds"].rule("round.owner_institution").regex.finditer(self.text)]
        return names + [_head(h.name.removeprefix("中共")) for h in self.hits]

    def first_group(self) -> tuple[str, int, int] | None:
        """The first inspecting group the text names (a ref without a round number spans it)."""
        match = self.rules["rounds"].rule("round.group").regex.search(self.text)
        return (match.group("group"), match.start("group"), match.end("group")) if match else None

    def bare_lookback(self, phrases: Sequence[Phrase]) -> tuple[int, int] | None:
        """The first 巡察“回头看” not joined to a round phrase, or None."""
        spans = sorted((p.start, p.end) for p in phrases)
        starts = [start for start, _end in spans]
        for match in self.rules["rounds"].rule("round.lookback_bare").regex.finditer(self.text):
            at = bisect.bisect_right(starts, match.start()) - 1
            if at < 0 or not spans[at][0] <= match.start() < spans[at][1]:
                return match.start(), match.end()
        return None


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
