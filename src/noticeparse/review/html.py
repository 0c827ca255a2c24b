"""HTML building blocks of the review report: the page shell, highlighted text, outline tree, tables.

Every piece of notice data goes through ``html.escape`` (text and attributes), and
the page's Content-Security-Policy admits only the report's own files (``'self'``) and no
inline script or style at all, so even an escaping bug could not run a notice's ``<script>``.
No network: the CSS and JS of ``static/`` are written once into ``OUT/assets/``
(``write_assets``) and every page links them, so a page holds only its notice.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from noticeparse.fields import ENTITIES
from noticeparse.review.marks import MENTIONS
from noticeparse.store import atomic_write_text, plain_number

_SPECIAL = re.compile(r"[&<>\"']")
ASSETS = "assets"  # the folder of OUT that holds the shared CSS and JS
# the policy of every page: its own files, no inline code (a data block is not code)
POLICY = "default-src 'none'; style-src 'self'; script-src 'self'; img-src data:"


@dataclass(frozen=True)
class Mark:
    """One highlighted span: ``[start, end)`` of the text, wrapped in a ``<span>``.

    ``attrs`` go on every element of the mark; ``first_attrs`` (an ``id``,
    ``tabindex``) only on the first one when the mark has to be split to nest.
    """

    start: int
    end: int
    classes: str
    attrs: Mapping[str, Any] = field(default_factory=dict)
    first_attrs: Mapping[str, Any] = field(default_factory=dict)


def attrs_html(attrs: Mapping[str, Any]) -> str:
    """Attributes as escaped HTML (``None`` values are left out).

    >>> attrs_html({"data-tip": 'a<"b">', "hidden": None})
    ' data-tip="a&lt;&quot;b&quot;&gt;"'
    """
    return "".join(f' {k}="{_escaped(v)}"' for k, v in attrs.items() if v is not None)


def _escaped(value: Any) -> str:
    """A value as attribute text: escaped, but for the plain ones (an index, an ``n-3``: most) as they are."""
    text = str(value)
    return escape(text, quote=True) if _SPECIAL.search(text) else text


_CONT = {"data-part": "cont"}


def _open_tag(mark: Mark, first: bool) -> str:
    extra = mark.first_attrs if first else _CONT
    attrs = attrs_html(mark.attrs) if mark.attrs else ""
    return f'<span class="{_class_html(mark.classes)}"{attrs}{attrs_html(extra) if extra else ""}>'


@cache
def _class_html(classes: str) -> str:
    """A mark's classes, escaped once: a page has a few kinds and thousands of marks."""
    return escape(classes)


def highlight(text: str, marks: Sequence[Mark]) -> str:
    """``text`` escaped, with every mark wrapped in properly nested ``<span>`` elements.

    Marks may nest or overlap: a mark that crosses the end of one opened inside
    it is closed there and reopened (``data-part="cont"``) so the HTML stays well
    formed; concatenating its elements' text gives back ``text[start:end]``.

    >>> highlight("a<b>c", [Mark(0, 3, "x"), Mark(1, 5, "y")])
    '<span class="x">a<span class="y">&lt;b</span></span><span class="y" data-part="cont">&gt;c</span>'
    """
    marks = sorted((m for m in marks if 0 <= m.start <= m.end <= len(text)), key=lambda m: (m.start, -m.end))
    starts: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        starts[mark.start].append(mark)
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[Mark] = []
    pos = 0
    for bound in bounds:
        piece = text[pos:bound]
        out.append(escape(piece, quote=False) if "&" in piece or "<" in piece or ">" in piece else piece)
        pos = bound
        _close_at(bound, stack, out)
        for mark in starts.get(bound, []):
            out.append(_open_tag(mark, first=True))
            if mark.end == bound:  # an empty mark: an anchor
                out.append("</span>")
            else:
                stack.append(mark)
    return "".join(out)


def _close_at(bound: int, stack: list[Mark], out: list[str]) -> None:
    """Close every open mark ending at ``bound``, splitting the ones opened inside them."""
    if not stack:
        return
    ending = [i for i, m in enumerate(stack) if m.end == bound]
    if not ending:
        return
    lowest = ending[0]
    reopen = sorted((m for m in stack[lowest:] if m.end != bound), key=lambda m: -m.end)
    out.append("</span>" * (len(stack) - lowest))
    del stack[lowest:]
    for mark in reopen:
        out.append(_open_tag(mark, first=False))
        stack.append(mark)


@dataclass(frozen=True)
class TreeNode:
    """One outline item for the tree: its anchor id, label and children."""

    node_id: int
    label: str
    anchor: str
    classes: str = ""
    children: list[TreeNode] = field(default_factory=list)


def outline_tree(nodes: Iterable[TreeNode]) -> str:
    """Nested ``<ul>``; items with children are ``<details open>`` so each branch folds.

    A label cut short by the panel's width shows whole on hover (``report.js`` sets its title).

    >>> outline_tree([TreeNode(1, "一、总体", "n-1")])
    '<ul class="tree"><li><a href="#n-1">一、总体</a></li></ul>'
    """
    items = []
    for node in nodes:
        link = f'<a href="#{escape(node.anchor)}">{escape(node.label)}</a>'
        if node.children:
            link = f"<details open><summary>{link}</summary>{outline_tree(node.children)}</details>"
        classes = f' class="{escape(node.classes)}"' if node.classes else ""
        items.append(f"<li{classes}>{link}</li>")
    return f'<ul class="tree">{"".join(items)}</ul>'


def build_tree(rows: Sequence[Mapping[str, Any]], label: Any, anchor: Any, classes: Any) -> list[TreeNode]:
    """Outline rows (``node_id``, ``parent_id``) to root ``TreeNode``s; orphans become roots."""
    nodes = {r["node_id"]: TreeNode(r["node_id"], label(r), anchor(r), classes(r), []) for r in rows}
    roots: list[TreeNode] = []
    for row in rows:
        parent = nodes.get(row.get("parent_id"))
        (parent.children if parent is not None else roots).append(nodes[row["node_id"]])
    return roots


def cell(value: Any) -> str:
    """A table cell's escaped content: dates as ISO, floats without trailing zeros, None blank.

    >>> cell(3730000000.0), cell(0.5), cell(None), cell("<b>")
    ('3730000000', '0.5', '', '&lt;b&gt;')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return escape(plain_number(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, list | dict):
        value = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return escape(str(value))


def table_html(columns: Sequence[str], rows: Iterable[Sequence[str]], classes: str = "grid") -> str:
    """A ``<table>``; ``rows`` hold cells that are already HTML (see ``cell``)."""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{escape(classes)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@cache
def _asset(name: str) -> str:
    return resources.files("noticeparse.review").joinpath("static", name).read_text(encoding="utf-8")


@cache
def entity_css() -> str:
    """The highlight, swatch and toggle rules of every highlighted kind, in its registry colour.

    >>> ".k-dates { border-color: #1a7f37;" in entity_css() and ".k-case_penalties {" in entity_css()
    True
    """
    rules = []
    for item in MENTIONS:
        kind, colour = item.kind, item.colour
        rules += [
            f".k-{kind} {{ border-color: {colour}; background: {colour}22; }}",
            f".swatch.k-{kind} {{ background: {colour}; }}",
            f".off-{kind} .ent.k-{kind} {{ background: none; border-color: transparent; }}",
        ]
    return "\n".join(rules) + "\n"


def entity_script() -> str:
    """The registry as the browser reads it: each highlighted kind's table, name and tooltip lines.

    >>> entity_script().startswith("window.noticeparseEntities = {")
    True
    """
    tips = {item.table: list(item.entity.tooltip) for item in ENTITIES if item.entity}
    entities = {m.kind: {"name": m.name, "table": m.table, "tip": tips.get(m.table, [])} for m in MENTIONS}
    return f"window.noticeparseEntities = {json.dumps(entities, ensure_ascii=False)};\n"


def write_assets(outdir: Path) -> Path:
    """Write the shared ``report.css``, ``report.js`` and ``index.js`` into ``outdir/assets``, once a report."""
    folder = Path(outdir) / ASSETS
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "report.css": _asset("report.css") + entity_css(),
        "report.js": entity_script() + _asset("report.js"),
        "index.js": _asset("index.js"),
    }
    for name, content in files.items():
        atomic_write_text(folder / name, content, durable=False)
    return folder


def page(title: str, body: str, *, lang: str = "zh-CN", scripts: Sequence[str] = ("report.js",)) -> str:
    """A complete HTML page linking the shared CSS and ``scripts`` of ``assets/`` (nothing else fetched).

    >>> html = page("t", "<p>x</p>")
    >>> '<link rel="stylesheet" href="assets/report.css">' in html and "<style>" not in html
    True
    """
    tags = "".join(f'<script src="{ASSETS}/{escape(name)}"></script>' for name in scripts)
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f'<title>{escape(title)}</title>\n<link rel="stylesheet" href="{ASSETS}/report.css">\n</head>\n'
        f'<body>\n{body}\n<div id="tip" role="tooltip" hidden></div>\n{tags}\n</body>\n</html>\n'
    )
