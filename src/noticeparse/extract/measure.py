"""Measures (整改措施): the 一是/二是 items of each finding, or its body's sentences, with status and deadline.

Rules: ``rules/measures.yaml``. A finding with 一是 items (outline level 5) has one measure per item;
a finding without them has one per sentence of its body (after its heading). Each measure gets the
status of the highest-priority rule that matches in it (the first such match, with its span) and the
first date inside it whose qualifier says "before" as its deadline. ``summarize_findings`` puts the
counts by status on the finding nodes.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from noticeparse.records import Case, DateMention, Measure, OutlineNode
from noticeparse.rules import RuleSet, compiled

__all__ = ["extract_measures", "summarize_findings"]


def extract_measures(text: str, outline: Sequence[OutlineNode], dates: Sequence[DateMention],
                     rules: RuleSet, cases: Sequence[Case] = ()) -> list[Measure]:
    """Every measure of every finding, then those of every case, in text order within each.

    >>> from noticeparse.extract import extract_entities
    >>> from noticeparse.rules import load_rules
    >>> text = "1.关于“学习不深入”的问题。一是已制定学习计划。二是将于2022年6月底前完成轮训。"
    >>> found = extract_entities(text, load_rules())
    >>> [(m.status, m.deadline_end) for m in extract_measures(text, found.outline, found.dates, load_rules())]
    [('done', None), ('planned', datetime.date(2022, 6, 30))]
    """
    data = rules["measures"].data
    out: list[Measure] = []
    for finding in (n for n in outline if n.is_finding):
        for kind, start, end in _measure_spans(text, finding, outline, data):
            out.append(_measure(text, len(out), finding.node_id, kind, start, end, dates, rules, data))
    for case in cases:
        for start, end in _case_clauses(text, case, data):
            measure = _measure(text, len(out), None, "case", start, end, dates, rules, data)
            out.append(dataclasses.replace(measure, case_id=case.case_id))
    return out


def _case_clauses(text: str, case: Case, data: Mapping[str, Any]) -> Iterator[tuple[int, int]]:
    """The clauses of a case that say what was done about it (data.case_measure)."""
    pattern = data.get("case_measure")
    if not pattern:
        return
    wanted = compiled(str(pattern))
    breaks = compiled(str(data.get("clause_break", "[，。；\n]")))
    start = case.start
    for match in [*breaks.finditer(text, case.start, case.end), None]:
        end = match.end() if match else case.end
        if wanted.search(text, start, end):
            yield start, end
        start = end


def _measure_spans(text: str, finding: OutlineNode, outline: Sequence[OutlineNode],
                   data: Mapping[str, Any]) -> Iterator[tuple[str, int, int]]:
    items = [n for n in outline if n.parent_id == finding.node_id and n.level == 5]
    if items:
        for item in items:
            yield "item", item.start, _trimmed_end(text, item.start, item.end)
        return
    if any(n.parent_id == finding.node_id for n in outline):
        return  # a finding with sub-items of other levels: their own findings carry the measures
    at = text.find(finding.heading, finding.marker_end) if finding.heading else -1
    start = at + len(finding.heading) if at >= 0 else finding.marker_end
    breaks = compiled(str(data.get("sentence_break", "[。；\n]")))
    minimum = int(data.get("min_sentence", 6))
    for match in breaks.finditer(text, start, finding.end):
        end = match.end()
        if len(text[start:end].strip(" \n　。；")) >= minimum:
            begin = start + len(text[start:end]) - len(text[start:end].lstrip(" \n　。；"))
            yield "sentence", begin, end
        start = end
    if len(text[start:finding.end].strip()) >= minimum:
        yield "sentence", start, _trimmed_end(text, start, finding.end)


def _trimmed_end(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _measure(text: str, measure_id: int, finding_id: int | None, kind: str, start: int, end: int,
             dates: Sequence[DateMention], rules: RuleSet, data: Mapping[str, Any]) -> Measure:
    status = _status(text, start, end, rules, data)
    deadline = _deadline(start, end, dates, data)
    return Measure(
        measure_id=measure_id, finding_id=finding_id, kind=kind, start=start, end=end,
        status=status[0], status_rule_id=status[1], status_start=status[2], status_end=status[3],
        deadline_start=deadline.date_start if deadline else None,
        deadline_end=_period_end(deadline) if deadline else None,
        deadline_char_start=deadline.start if deadline else None,
        deadline_char_end=deadline.end if deadline else None,
    )


def _status(text: str, start: int, end: int, rules: RuleSet,
            data: Mapping[str, Any]) -> tuple[str | None, str | None, int | None, int | None]:
    statuses = data.get("statuses") or {}
    for rule in sorted(rules["measures"].rules, key=lambda r: -r.priority):
        match = rule.regex.search(text, start, end)
        if match:
            return statuses.get(rule.id), rule.id, match.start(), match.end()
    return None, None, None, None


def _deadline(start: int, end: int, dates: Sequence[DateMention], data: Mapping[str, Any]) -> DateMention | None:
    words = set(data.get("deadline_qualifiers") or [])
    for date in dates:
        if start <= date.start and date.end <= end and date.qualifier in words:
            return date
    return None


def _period_end(date: DateMention) -> dt.date | None:
    """The last day of the date's period: 2022年6月底前 → 2022-06-30."""
    if date.date_end is not None or date.date_start is None:
        return date.date_end
    day = date.date_start
    if date.precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if date.precision == "year":
        return day.replace(month=12, day=31)
    return day


def summarize_findings(outline: Sequence[OutlineNode], measures: Sequence[Measure]) -> list[OutlineNode]:
    """The outline with each finding's measure counts by status."""
    by_finding: dict[int, Counter[str | None]] = {}
    for measure in measures:
        if measure.finding_id is not None:
            by_finding.setdefault(measure.finding_id, Counter())[measure.status] += 1
    out = []
    for node in outline:
        counts = by_finding.get(node.node_id, Counter()) if node.is_finding else None
        if counts is None:
            out.append(node)
            continue
        out.append(dataclasses.replace(
            node, measures=sum(counts.values()), measures_done=counts["done"], measures_action=counts["action"],
            measures_ongoing=counts["ongoing"], measures_planned=counts["planned"],
            measures_long_term=counts["long_term"]))
    return out
