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

from noticeparse.cnnum import cn_to_int
from noticeparse.records import OutlineNode
from noticeparse.rules import RuleSet, compiled


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
    found = {}
    for rule_id in outline.data["marker_rules"]:
        for match in outline.rule(rule_id).regex.finditer(text):
            start, end = match.span("marker")
            found.setdefault(start, (start, end, int(levels[rule_id]), match.group("num"), rule_id))
    return [found[k] for k in sorted(found)]


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
    return heading.strip()[: int(outline.data["heading_max"])]


def extract_outline(text: str, rules: RuleSet) -> list[OutlineNode]:
    """Build the outline tree of a notice.

    >>> from noticeparse.rules import load_rules
    >>> text = "一、总体情况\\n(一)强化责任。全文\\n1.关于“学习不扎实”的问题。一是制定计划。二是补充总结。"
    >>> [(n.level, n.marker, n.heading, n.parent_id) for n in extract_outline(text, load_rules())]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(1, '一、', '总体情况', None), (2, '(一)', '强化责任', 1),
     (3, '1.', '关于“学习不扎实”的问题', 2), (5, '一是', '制定计划', 3), (5, '二是', '补充总结', 3)]
    """
    finding = rules["outline"].rule("outline.finding").regex
    finding_levels = set(rules["outline"].data["finding_levels"])
    result = []
    for node in _build(text, rules):
        heading = _heading(text, node, rules)
        match = finding.search(heading) if node.level in finding_levels else None
        result.append(
            OutlineNode(
                node_id=node.node_id,
                parent_id=node.parent_id,
                level=node.level,
                marker=node.marker,
                ordinal=node.ordinal,
                heading=heading,
                start=node.marker_start,
                end=node.end,
                marker_start=node.marker_start,
                marker_end=node.marker_end,
                rule_id=node.rule_id,
                is_finding=match is not None,
                finding_title=match.group("finding_title") if match else None,
            )
        )
    return result


def innermost_nodes(nodes: Sequence[OutlineNode], positions: Sequence[int]) -> list[int | None]:
    """``innermost_node`` for many positions: the spans are painted once, deeper over shallower.

    >>> from noticeparse.rules import load_rules
    >>> nodes = extract_outline("一、总体情况\\n(一)强化责任。全文", load_rules())
    >>> innermost_nodes(nodes, [0, 8, 30])
    [1, 2, None]
    """
    size = max((node.end for node in nodes), default=0)
    index: list[int | None] = [None] * size
    for node in sorted(nodes, key=lambda n: n.level):  # stable: later nodes win ties, as in innermost_node
        index[node.start : node.end] = [node.node_id] * (node.end - node.start)
    return [index[p] if 0 <= p < size else None for p in positions]


def innermost_node(nodes: list[OutlineNode], position: int) -> int | None:
    """The id of the deepest node whose span holds ``position``."""
    best = None
    for node in nodes:
        if node.start <= position < node.end and (best is None or node.level >= best.level):
            best = node
    return best.node_id if best else None
