"""The 政府信息公开 metadata table (元数据表) of a policy page: 索引号, 发文机关, 成文日期, 标题 …

Rules: ``rules/info_table.yaml`` (one rule per label; the rule id names the field). The table is
read from the page's DOM: a label cell followed by its value cell (``<td><b>发文机关：</b></td>
<td>国务院</td>``), or ``label：value`` in one cell, list item or line. Pure: an lxml tree in,
field strings out.
"""

from __future__ import annotations

from typing import Any

import regex
from lxml import etree

from noticeparse.rules import RuleFile, RuleSet, load_rules

__all__ = ["read_info_lines", "read_info_table", "table_fields"]

_SPACE = regex.compile(r"[\s\u3000\xa0]+")
_SPLIT = regex.compile(r"^([^:：]{1,12}[:：])\s*(.+)$", regex.S)
_PAIR_TAGS = ("td", "th", "dt", "dd", "li", "span", "b", "strong", "label", "em", "p", "div")
_MAX_CHILDREN = 4
_LINE_LABEL = regex.compile(r"(?:^|(?<=\s))(?P<label>\p{Han}{2,8}|\p{Han}(?:[ \u3000]\p{Han}){2,5})\s*[:：]")
_BULLET = "•·●▪◆*-　 \t"
_DATE = regex.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_STRING = etree.XPath("string()", smart_strings=False)  # text_content(), for any lxml tree, as a plain str
_KNOWN: dict[int, tuple[RuleFile, dict[str, str | None]]] = {}  # per rules file: label key → field
_KNOWN_MAX = 50_000  # keys remembered per rules file before the memo starts again


def _text(el: Any) -> str:
    return " ".join(_STRING(el).split())


def _label_field(text: str, rules: RuleSet) -> str | None:
    """The field a label cell names, or None: matched with all whitespace removed."""
    key = _SPACE.sub("", text)
    if not key or len(key) > 14:
        return None
    rule_file = rules["info_table"]
    held = _KNOWN.get(id(rule_file))
    if held is None or held[0] is not rule_file:  # the file object is kept, so its id is never reused
        held = _KNOWN[id(rule_file)] = (rule_file, {})
    known = held[1]
    if key not in known:
        if len(known) >= _KNOWN_MAX:
            known.clear()
        known[key] = next((rule.id.split(".", 1)[1] for rule in rule_file.rules if rule.regex.match(key)), None)
    return known[key]


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


def _line_pairs(line: str, rules: RuleSet) -> list[tuple[str | None, str]] | None:
    """``索引号: X 公开方式: 主动公开`` → [(index_no, X), (None, 主动公开)]; None unless a label opens the line."""
    text = line.strip().lstrip(_BULLET)
    labels = list(_LINE_LABEL.finditer(text))
    if not labels or labels[0].start() != 0:
        return None
    pairs = []
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        value = text[label.end() : following.start() if following else len(text)].strip()
        pairs.append((_label_field(label.group("label"), rules), value))
    return pairs


def read_info_lines(text: str, rules: RuleSet | None = None) -> tuple[dict[str, str], set[int]]:
    """The 信息公开 table of a page saved as text: its fields and the numbers of its lines.

    >>> fields, lines = read_info_lines("索引号: 0024/2021-263 公开方式: 主动公开\\n文号: 公开日期: 2021-09-13\\n"
    ...     "发布单位: 市审计局 主题分类: 审计\\n关于审计工作的报告")
    >>> fields, sorted(lines)
    ({'index_no': '0024/2021-263', 'publish_date': '2021-09-13', 'issuer': '市审计局', 'topic_class': '审计'}, [0, 1, 2])
    """
    rules = rules or load_rules()
    lines = text.split("\n")[: int(rules["info_table"].data["text_lines"])]
    found: list[tuple[str, str]] = []
    used: set[int] = set()
    pending: str | None = None
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        pairs = _line_pairs(line, rules)
        if pairs is None:
            if pending is None and used:  # the table's lines are over
                break
            if pending is not None:  # "• 索引号:" then its value on the next line
                found.append((pending, line.strip()))
                used.add(number)
            pending = None
            continue
        known = [(name, value) for name, value in pairs if name]
        if not known and not used:
            continue
        used.add(number)
        found += [(name, value) for name, value in known if value]
        last_name, last_value = pairs[-1]
        pending = last_name if last_name and not last_value else None
    fields = table_fields(found, rules)
    return (fields, used) if fields else ({}, set())
