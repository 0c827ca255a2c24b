"""Dates and date ranges (日期): 2021年8月5日至2021年9月8日, 2022年1月底前, 当天下午, 民國103年….

Rules: ``rules/date.yaml`` (its ``note`` lists the named groups read here). A match is split
into parts: ``p1``/``p2`` for a range, repeated ``item`` captures for a list (one record per
item), else the whole match. Each part is resolved in text order, so 当天, 同年, 次日 and
year-less 12月3日 use the nearest preceding date, else ``reference_date``.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import regex

from noticeparse.extract.common import best_matches
from noticeparse.extract.date_resolve import Point, RawPart, State, read_part, resolve_part
from noticeparse.records import DateMention
from noticeparse.rules import Rule, RuleSet

__all__ = ["extract_dates"]

_COMPONENTS = ("y", "era", "m", "d", "q", "ctx", "qual", "tod", "pre", "compact")
_Span = tuple[int, int]


def extract_dates(
    text: str,
    rules: RuleSet,
    *,
    reference_date: datetime.date | None = None,
    mask: Sequence[tuple[int, int]] = (),
) -> list[DateMention]:
    """Find every date and date range in ``text``, sorted by start.

    >>> from noticeparse.rules import load_rules
    >>> found = extract_dates("2021年11月18日上午反馈,当天下午召开会议", load_rules())
    >>> [(d.text, str(d.date_start), d.qualifier, d.resolved) for d in found]
    [('2021年11月18日上午', '2021-11-18', '上午', False), ('当天下午', '2021-11-18', '下午', True)]
    """
    rule_file = rules["date"]
    data = rule_file.data
    state = State(reference=reference_date)
    found: list[DateMention] = []
    for rule, match in best_matches(text, rule_file, mask):
        try:
            found.extend(_records(text, rule, match, data, state))
        except (ValueError, OverflowError, ZeroDivisionError):
            continue  # an impossible date (2月30日) or numeral: not a date
    return sorted(found, key=lambda r: (r.start, r.end))


def _parts(match: regex.Match[str], data: Mapping[str, Any]) -> tuple[str, list[_Span]]:
    names = data.get("part_groups") or {}
    index = match.re.groupindex
    item, start, end = names.get("item", "item"), names.get("start", "p1"), names.get("end", "p2")
    if item in index and match.spans(item):
        spans = list(match.spans(item))
        spans[0] = (match.start(), spans[0][1])  # a leading 截至/自 belongs to the first item
        return "list", spans
    if start in index and end in index and match.spans(start) and match.spans(end):
        return "range", [(match.start(), match.spans(start)[-1][1]), match.spans(end)[-1]]
    return "single", [match.span()]


def _captures(match: regex.Match[str]) -> list[tuple[int, int, str, str]]:
    """Every capture of the component groups, ``(start, end, name, value)``, sorted by start."""
    index = match.re.groupindex
    found = []
    for name in _COMPONENTS:
        if name in index:
            for (start, end), value in zip(match.spans(name), match.captures(name), strict=True):
                if value or name == "era":  # an empty era group marks a bare ROC year
                    found.append((start, end, name, value))
    return sorted(found)


def _components(captures: list[tuple[int, int, str, str]], span: _Span) -> dict[str, str]:
    """The captures inside ``span``: read from its first by index, not from a copy of the list's tail
    (a list of 10,000 dates in one match copied the rest of its captures for each date)."""
    comps: dict[str, str] = {}
    for i in range(bisect.bisect_left(captures, (span[0],)), len(captures)):
        start, end, name, value = captures[i]
        if start >= span[1]:
            break
        if end <= span[1]:
            comps[name] = value
    return comps


def _qualifier(raw: RawPart) -> str | None:
    return raw.qual or raw.pre or raw.tod or None


def _records(
    text: str, rule: Rule, match: regex.Match[str], data: Mapping[str, Any], state: State
) -> list[DateMention]:
    kind, spans = _parts(match, data)
    captures = _captures(match)
    raws = [read_part(_components(captures, span), data) for span in spans]
    if kind == "range":
        return _range_record(text, rule, spans, raws, data, state)
    records = []
    prev: Point | None = None
    for span, raw in zip(spans, raws, strict=True):
        if raw is None:
            prev = None
            continue
        try:
            point = resolve_part(raw, prev, state, data)
        except ValueError:
            prev = None
            continue
        state.remember(point)
        prev = point
        records.append(_mention(text, span, point, rule.id, _qualifier(raw)))
    return records


def _range_record(
    text: str,
    rule: Rule,
    spans: list[_Span],
    raws: list[RawPart | None],
    data: Mapping[str, Any],
    state: State,
) -> list[DateMention]:
    first, second = raws
    if first is None or second is None:
        return []
    start = resolve_part(first, None, state, data)
    end = resolve_part(second, start, state, data)
    if start.value and end.value and end.value < start.value and second.y is None and second.ctx is None:
        # 12月20日至1月5日: the end inherited the start's year but lies in the next one
        end = replace(end, value=end.value.replace(year=end.value.year + 1), y=end.value.year + 1)
    state.remember(start)
    state.remember(end)
    q1, q2 = _qualifier(first), _qualifier(second)
    joiner = str(data.get("range_qualifier_join", "~"))
    qualifier = f"{q1}{joiner}{q2}" if q1 and q2 else (q1 or q2)
    whole = (spans[0][0], spans[1][1])
    mention = _mention(text, whole, start, rule.id, qualifier)
    return [
        replace(
            mention,
            date_end=end.value,
            end_precision=end.precision,
            resolved=start.resolved or end.resolved,
        )
    ]


def _mention(text: str, span: _Span, point: Point, rule_id: str, qualifier: str | None) -> DateMention:
    start, end = span
    return DateMention(
        text=text[start:end],
        start=start,
        end=end,
        date_start=point.value,
        precision=point.precision,
        rule_id=rule_id,
        qualifier=qualifier,
        resolved=point.resolved,
    )
