"""Outline (结构层次): 一、 / （一） / 1. / （1） / 一是 as a tree, with findings.

Rules: ``rules/outline.yaml``. Named groups read: marker, num; finding_title for
``outline.finding``. A marker is accepted unless it repeats or goes back in the numbering of its
level; an inline item (一是) must start a list or follow its sibling exactly. That
keeps repeated or backward numbers out of the tree.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from noticeparse.extract.numerals import cn_to_int
from noticeparse.records import OutlineNode
from noticeparse.rules import RuleSet, compiled

# a numbered item opening a line: a run on that line continues its numbering
_OPENER = regex.compile(r"[ \t]*(?:(?P<num>\d{1,2})[、．.]|[（(](?P<num>[一二三四五六七八九十]{1,3})[)）])")


@dataclass(slots=True)
class _Open:
    """A node under construction."""

    node_id: int
    parent_id: int | None
    level: int
    ordinal: int
    marker: str
    marker_start: int
    marker_end: int
    rule_id: str
    end: int = -1


def _number(num: str, symbols: dict[str, int]) -> int:
    if num in symbols:
        return symbols[num]
    return int(num) if num.isascii() and num.isdigit() else cn_to_int(num)


def _candidates(text: str, rules: RuleSet) -> list[tuple[int, int, int, str, str]]:
    """All marker matches: (marker_start, marker_end, level, num, rule_id), in text order."""
    outline = rules["outline"]
    levels = outline.data["levels"]
    run_rules = set(outline.data.get("run_rules", ()))
    found: dict[int, tuple[int, int, int, str, str]] = {}
    for rule_id in outline.data["marker_rules"]:
        matches = list(outline.rule(rule_id).regex.finditer(text))
        if rule_id in run_rules:
            matches = _runs(text, matches, dict(outline.data["symbol_numbers"]))
        for match in matches:
            start, end = match.span("marker")
            found.setdefault(start, (start, end, int(levels[rule_id]), match.group("num"), rule_id))
    return [found[k] for k in sorted(found)]


def _runs(text: str, matches: list[regex.Match[str]], symbols: dict[str, int]) -> list[regex.Match[str]]:
    """Matches that make a run 1, 2, … of two or more on one line (the first may open the line)."""
    by_line: dict[int, list[regex.Match[str]]] = {}
    for match in matches:
        by_line.setdefault(text.rfind("\n", 0, match.start()), []).append(match)
    kept = []
    for line_start, line_matches in by_line.items():
        opener = _OPENER.match(text, line_start + 1)
        expected = _number(opener.group("num"), symbols) + 1 if opener else 1
        run = []
        for match in line_matches:
            try:
                number = _number(match.group("num"), symbols)
            except ValueError:
                break
            if number != expected:
                break
            run.append(match)
            expected += 1
        if len(run) + (1 if opener else 0) >= 2:
            kept += run
    return kept


def _accept(stack: list[_Open], level: int, ordinal: int) -> bool:
    """A marker fits unless it repeats or goes back in its open sibling's numbering.

    Inline items (level 5) must follow their sibling exactly or start a list.
    """
    sibling = next((n for n in stack if n.level == level), None)
    if ordinal == 1 or sibling is None:
        return ordinal == 1 or level < 5
    return sibling.ordinal + 1 == ordinal if level == 5 else sibling.ordinal < ordinal


def _build(text: str, rules: RuleSet) -> list[_Open]:
    nodes: list[_Open] = []
    stack: list[_Open] = []
    line_ends = [m.start() for m in regex.finditer(r"\n", text)] + [len(text)]
    symbols = dict(rules["outline"].data["symbol_numbers"])
    for start, end, level, num, rule_id in _candidates(text, rules):
        try:
            ordinal = _number(num, symbols)
        except ValueError:
            continue
        if not _accept(stack, level, ordinal):
            continue
        while stack and stack[-1].level >= level:
            stack.pop().end = start
        parent = stack[-1].node_id if stack else None
        node = _Open(len(nodes) + 1, parent, level, ordinal, text[start:end], start, end, rule_id)
        nodes.append(node)
        stack.append(node)
    _close(nodes, text, line_ends)
    return nodes


def _line_end(line_ends: list[int], pos: int) -> int:
    return line_ends[bisect.bisect_left(line_ends, pos)]


def _close(nodes: list[_Open], text: str, line_ends: list[int]) -> None:
    """Set each node's end: next node of its level or above, or its parent's end.

    One backward pass keeps the nearest later node of every level, so a long outline
    is closed in linear time (a scan of the later nodes per node is quadratic).
    """
    by_id = {n.node_id: n for n in nodes}
    nearest: dict[int, int] = {}  # level → index of the nearest later node of that level

    def next_start(level: int) -> int:
        later = [i for lvl, i in nearest.items() if lvl <= level]
        return nodes[min(later)].marker_start if later else len(text)

    for i in range(len(nodes) - 1, -1, -1):
        node = nodes[i]
        end = next_start(node.level)
        if node.parent_id is not None:
            end = min(end, next_start(by_id[node.parent_id].level))
        if node.level == 5:
            end = min(end, _line_end(line_ends, node.marker_start))
        node.end = end
        nearest[node.level] = i


def _heading(text: str, node: _Open, rules: RuleSet) -> str:
    outline = rules["outline"]
    stop = compiled(outline.data["heading_end"])
    body = text[node.marker_end : node.end]
    match = stop.search(body)
    heading = body[: match.start()] if match else body
    return heading.strip().rstrip("，,、 ")[: int(outline.data["heading_max"])]


def extract_outline(text: str, rules: RuleSet) -> list[OutlineNode]:
    """Build the outline tree of a notice.

    >>> from noticeparse.rules import load_rules
    >>> text = "一、总体情况\\n(一)强化责任。全文\\n1.关于“学习不扎实”的问题。一是制定计划。二是补充总结。"
    >>> [(n.level, n.marker, n.heading, n.parent_id) for n in extract_outline(text, load_rules())]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(1, '一、', '总体情况', None), (2, '(一)', '强化责任', 1),
     (3, '1.', '关于“学习不扎实”的问题', 2), (5, '一是', '制定计划', 3), (5, '二是', '补充总结', 3)]
    """
    built = _build(text, rules)
    headings = {node.node_id: _heading(text, node, rules) for node in built}
    findings = _findings(built, headings, rules)
    by_id = {node.node_id: node for node in built}
    result = []
    for node in built:
        title, finding_rule = findings.get(node.node_id, (None, None))
        result.append(
            OutlineNode(
                node_id=node.node_id,
                parent_id=node.parent_id,
                level=node.level,
                marker=node.marker,
                ordinal=node.ordinal,
                heading=headings[node.node_id],
                start=node.marker_start,
                end=node.end,
                marker_start=node.marker_start,
                marker_end=node.marker_end,
                rule_id=node.rule_id,
                is_finding=finding_rule is not None,
                finding_title=title,
                category=_category(node, by_id, headings, findings) if finding_rule else None,
                finding_rule_id=finding_rule,
            )
        )
    return result


def _findings(nodes: list[_Open], headings: dict[int, str], rules: RuleSet) -> dict[int, tuple[str, str]]:
    """Finding nodes: node_id → (finding_title, rule id that made it a finding).

    A heading that holds findings (``outline.finding_category``) is tried first: its
    children without items of their own are findings, children with items are categories
    in turn. Then the finding rules on the heading, then markers that are findings.
    """
    outline = rules["outline"]
    data = outline.data
    levels = set(data["finding_levels"])
    category = outline.rule("outline.finding_category").regex
    children: dict[int | None, list[_Open]] = {}
    for node in nodes:
        if node.level in levels:
            children.setdefault(node.parent_id, []).append(node)
    found: dict[int, tuple[str, str]] = {}
    for node in nodes:
        if node.level in levels and category.search(headings[node.node_id]):
            _mark_held(node, children, headings, found)
    for node_id, (title, _rule) in list(found.items()):  # a held item written 关于“X”的问题 is titled X
        for rule_id in data["finding_rules"]:
            match = outline.rule(rule_id).regex.search(title)
            if match:
                found[node_id] = (match.group("finding_title"), rule_id)
                break
    for node in nodes:
        heading = headings[node.node_id]
        if node.node_id in found or node.level not in levels or category.search(heading):
            continue
        if node.rule_id in data["finding_marker_rules"] and heading:
            found[node.node_id] = (heading, node.rule_id)
            continue
        for rule_id in data["finding_rules"]:
            match = outline.rule(rule_id).regex.search(heading)
            if match:
                found[node.node_id] = (match.group("finding_title"), rule_id)
                break
    return found


def _mark_held(
    holder: _Open, children: dict[int | None, list[_Open]], headings: dict[int, str], found: dict[int, tuple[str, str]]
) -> None:
    """Mark the leaves under a category heading as findings (their heading is the title)."""
    for child in children.get(holder.node_id, []):
        if children.get(child.node_id):
            _mark_held(child, children, headings, found)
        elif headings[child.node_id]:
            found[child.node_id] = (headings[child.node_id], "outline.finding_category")


def _category(
    node: _Open, by_id: dict[int, _Open], headings: dict[int, str], findings: dict[int, tuple[str, str]]
) -> str | None:
    """The heading of the nearest enclosing item that is not itself a finding."""
    parent_id = node.parent_id
    while parent_id is not None:
        if parent_id not in findings and headings[parent_id]:
            return headings[parent_id]
        parent_id = by_id[parent_id].parent_id
    return None


def node_index(nodes: Sequence[OutlineNode], length: int) -> list[int | None]:
    """For every position ``0..length``, the id of the deepest node whose span holds it.

    Shallow nodes are painted first and deeper ones over them (a later node wins a
    tie), so one pass over the outline replaces a search per record or token.
    """
    index: list[int | None] = [None] * (length + 1)
    for node in sorted(nodes, key=lambda n: n.level):  # stable: later nodes win ties
        index[node.start:node.end] = [node.node_id] * (node.end - node.start)
    return index
