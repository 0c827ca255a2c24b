"""The facts a notice states about its round: inspecting group, period, feedback date, stated figures.

Rules: ``rules/rounds.yaml`` (``round.group``, ``round.figure_*`` and ``data``: period and feedback
words, the figure each rule fills). Dates are the notice's date mentions (``extract/date.py``): the
inspection period is the first day-precise range in a sentence that says the unit was inspected (or,
in an entry notice, the day the groups entered); the feedback date is the first day-precise date in
a sentence where a group fed back. Each fact keeps its span and the rule that gave it.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from noticeparse.extract.numerals import cn_to_int, to_number
from noticeparse.records import DateMention, RoundFigure
from noticeparse.rules import RuleSet

__all__ = ["Facts", "clause_date", "find_facts", "find_group"]

_SENTENCE_ENDS = "。！？\n"
_CLAUSE_ENDS = "，,。；;！？\n"


@dataclass(frozen=True, slots=True)
class Facts:
    """The main ref's group, period and feedback date (each with its span), and its figures."""

    group: tuple[str, int, int] | None = None
    period: tuple[date | None, date | None, int, int] | None = None
    feedback: tuple[date, int, int] | None = None
    figures: tuple[RoundFigure, ...] = ()


def find_group(text: str, rules: RuleSet) -> tuple[str, int, int] | None:
    """The inspecting group as first written, when the text names one group only (else None).

    >>> from noticeparse.rules import load_rules
    >>> find_group("市委第二巡察组向新区党工委反馈。市委第二巡察组组长", load_rules())
    ('市委第二巡察组', 0, 7)
    >>> find_group("第一巡察组向A反馈，第二巡察组向B反馈", load_rules()) is None
    True
    """
    matches = list(rules["rounds"].rule("round.group").regex.finditer(text))
    if not matches or len({_ordinal(m.group("ord")) for m in matches}) > 1:
        return None
    first = matches[0]
    return first.group("group"), first.start("group"), first.end("group")


def _ordinal(value: str) -> int:
    try:
        return int(value) if value.isdigit() else cn_to_int(value)
    except ValueError:
        return -1


def find_facts(text: str, rules: RuleSet, dates: Sequence[DateMention], *, entry: bool,
               per_unit_dates: int) -> Facts:
    """The main ref's facts; ``per_unit_dates`` is how many units the text gives a feedback day of their own."""
    data = rules["rounds"].data
    sentences = _Sentences(text)
    period = _period(dates, sentences, data, entry=entry)
    feedback = None if per_unit_dates > 1 else _feedback(dates, sentences, data)
    return Facts(find_group(text, rules), period, feedback, tuple(_figures(text, rules)))


class _Sentences:
    """The sentence around a span, by bisection over the sentence ends (linear in the text, not per date)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [i for i, ch in enumerate(text) if ch in _SENTENCE_ENDS]

    def around(self, start: int, end: int) -> str:
        before = bisect.bisect_left(self.ends, start)
        after = bisect.bisect_left(self.ends, end)
        left = self.ends[before - 1] + 1 if before else 0
        return self.text[left:self.ends[after] if after < len(self.ends) else len(self.text)]


def _period(dates: Sequence[DateMention], sentences: _Sentences, data: Mapping[str, Any], *,
            entry: bool) -> tuple[date | None, date | None, int, int] | None:
    """The inspection period: a day-precise range (or 10月12日…至11月2日) in a sentence that says the unit
    was inspected; else a start (从3月17日起), or in an entry the day the groups entered."""
    words = tuple(data["period_words"])
    days = [d for d in dates if d.precision == "day" and d.date_start is not None]
    for index, mention in enumerate(days):
        if not any(w in sentences.around(mention.start, mention.end) for w in words):
            continue
        if mention.date_end and mention.end_precision in (None, "day"):
            return mention.date_start, mention.date_end, mention.start, mention.end
        after = days[index + 1] if index + 1 < len(days) else None
        if mention.date_end is None and after and after.date_end is None and _joined_by_to(sentences, mention, after):
            return mention.date_start, after.date_start, mention.start, after.end
    starts = tuple(data["start_qualifiers"])
    for mention in days:  # 自3月17日起; in an entry, the day the groups entered (never 11月22日前, 截至9月8日)
        if mention.date_end is not None or any(w in sentences.around(mention.start, mention.end)
                                               for w in data["period_not_words"]):
            continue
        if mention.qualifier in starts and any(w in sentences.around(mention.start, mention.end) for w in words):
            return mention.date_start, None, mention.start, mention.end
        if entry and mention.qualifier in (None, *starts) and "进驻" in sentences.around(mention.start, mention.end):
            return mention.date_start, None, mention.start, mention.end
    return None


def _joined_by_to(sentences: _Sentences, first: DateMention, second: DateMention) -> bool:
    """Two dates of one sentence that make a range: 10月12日进驻…至11月2日 (至 right before the second)."""
    between = sentences.text[first.end:second.start]
    return between.rstrip().endswith("至") and not any(ch in "。；;\n" for ch in between) and len(between) <= 40


def _feedback(dates: Sequence[DateMention], sentences: _Sentences,
              data: Mapping[str, Any]) -> tuple[date, int, int] | None:
    words = tuple(data["feedback_words"])
    for mention in dates:
        sentence = sentences.around(mention.start, mention.end)
        if not any(w in sentence for w in words) or not ("巡察组" in sentence or "巡视组" in sentence):
            continue
        if mention.date_end is None and mention.precision == "day" and mention.date_start:
            return mention.date_start, mention.start, mention.end
    return None


def clause_date(text: str, dates: Sequence[DateMention], before: int) -> DateMention | None:
    """The day-precise date in the clause that ends at ``before`` (12月15日第一巡察组向X反馈), or None.

    ``dates`` are in text order (the extractor's), so the last one ending before ``before`` is found by bisection.
    """
    at = _bisect_ends(dates, before)
    for mention in reversed(dates[max(0, at - 8):at]):  # a clause holds a few dates at most
        if mention.precision == "day" and mention.date_end is None:
            gap = text[mention.end:before]
            return mention if not any(ch in _CLAUSE_ENDS for ch in gap) else None
    return None


def _bisect_ends(dates: Sequence[DateMention], before: int) -> int:
    low, high = 0, len(dates)
    while low < high:
        middle = (low + high) // 2
        if dates[middle].end <= before:
            low = middle + 1
        else:
            high = middle
    return low


def _figures(text: str, rules: RuleSet) -> list[RoundFigure]:
    """The first figure of each ``round.figure_*`` rule, in the column ``data.figures`` names."""
    out = []
    for rule_id, column in rules["rounds"].data["figures"].items():
        match = rules["rounds"].rule(rule_id).regex.search(text)
        if not match:
            continue
        group = "rate" if "rate" in match.groupdict() else "n"
        raw = match.group(group)
        value = float(raw) if group == "rate" else to_number(raw)
        out.append(RoundFigure(ref_id=0, figure=str(column), value=value, text=raw, start=match.start(group),
                               end=match.end(group), rule_id=rule_id))
    return sorted(out, key=lambda f: f.start)
