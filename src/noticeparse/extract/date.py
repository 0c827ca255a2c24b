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
from noticeparse.rules import Rule, RuleSet, compiled

__all__ = ["dates_in_titles", "extract_dates", "headline_span"]

_COMPONENTS = ("y", "ys", "era", "m", "d", "q", "upto", "part", "ctx", "qual", "tod", "pre", "compact")
_Span = tuple[int, int]


def extract_dates(
    text: str,
    rules: RuleSet,
    *,
    reference_date: datetime.date | None = None,
    mask: Sequence[tuple[int, int]] = (),
    titles: Sequence[tuple[int, int]] = (),
) -> list[DateMention]:
    """Find every date and date range in ``text``, sorted by start.

    A date inside one of the ``titles`` spans (《…》) is a date of the title: ``in_title``. Rules
    listed in ``data.title_only`` (a bare 2016 in 《2016中国环境状况公报》) count only there; rules in
    ``data.needs_text_anchor`` (a bare 7月) only when an earlier date of the text gives the year.

    >>> from noticeparse.rules import load_rules
    >>> found = extract_dates("2021年11月18日上午反馈,当天下午召开会议", load_rules())
    >>> [(d.text, str(d.date_start), d.qualifier, d.resolved) for d in found]
    [('2021年11月18日上午', '2021-11-18', '上午', False), ('当天下午', '2021-11-18', '下午', True)]
    >>> [(d.text, str(d.date_last), d.in_title) for d in extract_dates("《2021年度报告》", load_rules(), titles=[(0, 9)])]
    [('2021年度', '2021-12-31', True)]
    """
    rule_file = rules["date"]
    data = rule_file.data
    state = State(reference=reference_date)
    era = compiled(str(data["era_written"])).search(text) if data.get("era_written") else None
    state.era_at = era.start() if era else None
    title_only = set(data.get("title_only") or ())
    needs_anchor = set(data.get("needs_text_anchor") or ())
    found: list[DateMention] = []
    for rule, match in best_matches(text, rule_file, mask):
        inside = any(start <= match.start() and match.end() <= end for start, end in titles)
        if rule.id in title_only and not inside:
            continue
        try:
            records = _records(text, rule, match, data, state)
        except (ValueError, OverflowError, ZeroDivisionError):
            continue  # an impossible date (2月30日) or numeral: not a date
        if rule.id in needs_anchor:
            records = [r for r in records if r.anchor == "text"]
        found.extend(replace(r, in_title=True) if inside else r for r in records)
    return sorted(found, key=lambda r: (r.start, r.end))


def dates_in_titles(dates: Sequence[DateMention], titles: Sequence[tuple[int, int]]) -> list[DateMention]:
    """``dates`` with ``in_title`` set on those inside a title span (the headline, once it is known).

    >>> from noticeparse.rules import load_rules
    >>> text = "关于2022年度预算执行的报告\\n2023年5月,审计"
    >>> [(d.text, d.in_title) for d in dates_in_titles(extract_dates(text, load_rules()), [(0, 14)])]
    [('2022年度', True), ('2023年5月', False)]
    """
    def inside(d: DateMention) -> bool:
        return any(start <= d.start and d.end <= end for start, end in titles)

    return [replace(d, in_title=True) if not d.in_title and inside(d) else d for d in dates]


def headline_span(text: str, title: str | None, rules: RuleSet) -> _Span:
    """Where the notice's headline stands at the top of ``text``, over one line or the few it was broken
    into: empty when it is not there (a page's <title>) or when the first line only looks like one (a
    dateline, a header line): it must end as a title does (rules/metadata.yaml data.title_ending).

    >>> from noticeparse.rules import load_rules
    >>> headline_span("关于2021年度预算\\n执行情况的报告\\n各位委员", "关于2021年度预算执行情况的报告", load_rules())
    (0, 18)
    """
    if not title or not compiled(str(rules["metadata"].data["title_ending"])).search(title):
        return 0, 0
    top = text[: len(title) + 200]
    start = top.find(title)
    if start >= 0:
        return start, start + len(title)
    offset, lines = 0, []
    for line in top.split("\n"):
        lines.append((offset, offset + len(line), line.strip()))
        offset += len(line) + 1
    for i in range(len(lines)):
        joined = ""
        for j in range(i, len(lines)):
            joined += lines[j][2]
            if joined == title:
                return lines[i][0], lines[j][1]
            if not title.startswith(joined):
                break
    return 0, 0


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


def _with_era(raw: RawPart | None, span: _Span, state: State, data: Mapping[str, Any]) -> RawPart | None:
    """A two-digit year after a written 民国 (民國(下同)93年) is a 民国 year, else it keeps its century rule."""
    if raw is None or not raw.short or raw.y is None or state.era_at is None or state.era_at >= span[0]:
        return raw
    return replace(raw, y=raw.y + int((data.get("era_offsets") or {}).get("", 0)), short=False)


def _qualifier(raw: RawPart) -> str | None:
    return raw.qual or raw.pre or raw.tod or None


def _records(
    text: str, rule: Rule, match: regex.Match[str], data: Mapping[str, Any], state: State
) -> list[DateMention]:
    kind, spans = _parts(match, data)
    captures = _captures(match)
    raws = [_with_era(read_part(_components(captures, span), data), span, state, data) for span in spans]
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
        end = resolve_part(replace(second, y=end.value.year + 1), start, state, data)
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
            date_end=end.last,
            date_last=end.last,
            end_precision=end.precision,
            resolved=start.resolved or end.resolved,
            anchor=start.anchor or end.anchor,
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
        date_last=point.last,
        anchor=point.anchor,
    )
