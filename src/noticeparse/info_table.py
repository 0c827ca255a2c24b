"""The 政府信息公开 metadata table (元数据表) of a policy page: 索引号, 发文机关, 成文日期, 标题 …

Rules: ``rules/info_table.yaml`` (one rule per label; the rule id names the field). The table is
read from the page's DOM: a label cell followed by its value cell (``<td><b>发文机关：</b></td>
<td>国务院</td>``), or ``label：value`` in one cell, list item or line. Pure: an lxml tree in,
field strings out.
"""

from __future__ import annotations

from typing import Any

import regex

from noticeparse.rules import RuleSet, load_rules

__all__ = ["read_info_table", "table_fields"]

_SPACE = regex.compile(r"[\s\u3000\xa0]+")
_SPLIT = regex.compile(r"^([^:：]{1,12}[:：])\s*(.+)$", regex.S)
_PAIR_TAGS = ("td", "th", "dt", "dd", "li", "span", "b", "strong", "label", "em", "p", "div")
_MAX_CHILDREN = 4
_DATE = regex.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _text(el: Any) -> str:
    return " ".join(el.text_content().split())


def _label_field(text: str, rules: RuleSet) -> str | None:
    """The field a label cell names, or None: matched with all whitespace removed."""
    key = _SPACE.sub("", text)
    if not key or len(key) > 14:
        return None
    for rule in rules["info_table"].rules:
        if rule.regex.match(key):
            return rule.id.split(".", 1)[1]
    return None


def _next_cell(el: Any) -> Any:
    """The element holding a label's value: the next sibling cell, or the label's parent's next."""
    sibling = el.getnext()
    if sibling is not None:
        return sibling
    parent = el.getparent()
    if parent is not None and parent.tag in {"td", "th", "dt", "span", "div", "p"}:
        return parent.getnext()
    return None


def _tail_value(el: Any) -> str:
    """``<b>发文机关：</b>国务院``: the text after the label inside the same parent."""
    return " ".join((el.tail or "").split())


def _pairs(root: Any, rules: RuleSet) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for el in root.iter(*_PAIR_TAGS):
        if len(el) > _MAX_CHILDREN:  # a container, not a cell: its text would be the whole block
            continue
        text = _text(el)
        if not text or len(text) > 40:
            continue
        name = _label_field(text, rules)
        if name:
            value = _tail_value(el)
            if not value:
                cell = _next_cell(el)
                value = _text(cell) if cell is not None else ""
            if not _label_field(value, rules):  # a list's header row (标题 | 发布日期) holds no values
                found.append((name, value))
            continue
        if len(el) == 0 or all(child.tag in {"b", "strong", "span", "label", "em"} for child in el):
            split = _SPLIT.match(text)
            if split and (name := _label_field(split.group(1), rules)):
                found.append((name, split.group(2)))
    return found


def table_fields(pairs: list[tuple[str, str]], rules: RuleSet) -> dict[str, str]:
    """Fields from (field, raw value) pairs: the first non-empty value of each field, dates as ISO.

    No fields at all when fewer than ``min_fields`` different fields have a label.

    >>> from noticeparse.rules import load_rules
    >>> table_fields([("issuer", "国务院"), ("written_date", "2019年01月27日")], load_rules())
    {'issuer': '国务院', 'written_date': '2019-01-27'}
    """
    data = rules["info_table"].data
    if len({name for name, _ in pairs}) < int(data["min_fields"]):
        return {}
    fields: dict[str, str] = {}
    for name, raw in pairs:
        value = " ".join(raw.split())
        if name in fields or value in data["empty_values"] or len(value) > int(data["max_value_chars"]):
            continue
        if name in data["date_fields"]:
            match = _DATE.search(value)
            if not match:
                continue
            year, month, day = (int(g) for g in match.groups())
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            value = f"{year:04d}-{month:02d}-{day:02d}"
        fields[name] = value
    return fields


def read_info_table(root: Any, rules: RuleSet | None = None) -> dict[str, str]:
    """Read the metadata table of a parsed page (an lxml tree) into notice fields.

    >>> from lxml import html
    >>> page = html.fromstring('<table><tr><td><b>发文机关：</b></td><td>国务院</td>'
    ...     '<td><b>发文字号：</b></td><td>国发〔2019〕5号</td></tr></table>')
    >>> read_info_table(page)
    {'issuer': '国务院', 'doc_number': '国发〔2019〕5号'}
    """
    rules = rules or load_rules()
    return table_fields(_pairs(root, rules), rules)
