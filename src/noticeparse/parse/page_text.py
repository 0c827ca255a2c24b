"""Visible text of a parsed HTML tree: one line per block, table cells joined by tabs.

The tree is rendered by one XSLT stylesheet, in libxslt (C), instead of a Python walk over
every node: blocks (``<p>``, ``<div>``, ``<tr>`` …) open and close a line, ``<br>`` opens
one, a cell (``<td>``/``<th>``) ends with a tab, and ``<script>``/``<style>``/``<head>`` …
keep only their tail. The same rendering as the Python walk it replaced (issue 18: 5-10×
less CPU on the real pages); ``tests/parse/test_page_text.py`` keeps the two equal.

libxslt walks an element that is not its document's root in time quadratic in its
children (40,000 ``<p>`` in a body ``<div>``: 55 s, in C, where no time budget reaches):
such an element is rendered from a copy that is the root of its own tree (copying is linear).
"""

from __future__ import annotations

import copy
from typing import Any

import regex
from lxml import etree

__all__ = ["BLOCK_TAGS", "BODY_MARK", "CELL_TAGS", "SKIP_TAGS", "node_text", "raw_text"]

BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "header", "footer", "title", "dd", "dt", "dl", "blockquote", "pre", "hr", "center",
    "thead", "tbody", "tfoot", "caption", "form", "nav", "main", "aside", "figure", "figcaption",
})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "select",
                       "button"})
CELL_TAGS = frozenset({"td", "th"})
BODY_MARK = "\x00BODY\x00"  # where the body starts in the page's text (never in parsed HTML text)
_MARK_TAG = "noticeparse-body"  # the body's tag while it is rendered (never a tag of HTML)
# XML has no character 0: the stylesheet prints this private-use run, put back as BODY_MARK after
_SENTINEL = "\ue000\ue001BODY\ue001\ue000"
_ZERO_WIDTH = regex.compile(r"[\u200b-\u200f\u2060\ufeff]")


def _stylesheet() -> etree.XSLT:
    """Templates by tag; the body, renamed ``_MARK_TAG`` while it is rendered, prints only ``BODY_MARK``.

    The mark is a tag, not an attribute: a pattern with a predicate (``*[@mark]``) makes
    libxslt count each element's preceding siblings, and that count is not kept across a
    table's nesting (25,000 rows of three cells: 4 s, 100× the time of a tenth of them).
    """

    def union(tags: frozenset[str]) -> str:
        return "|".join(sorted(tags))

    source = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="{_MARK_TAG}"><xsl:text>{_SENTINEL}</xsl:text></xsl:template>
  <xsl:template match="{union(SKIP_TAGS)}"/>
  <xsl:template match="{union(BLOCK_TAGS)}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
  <xsl:template match="br"><xsl:text>&#10;</xsl:text><xsl:apply-templates/></xsl:template>
  <xsl:template match="{union(CELL_TAGS)}"><xsl:apply-templates/><xsl:text>&#9;</xsl:text></xsl:template>
  <xsl:template match="comment()|processing-instruction()"/>
</xsl:stylesheet>"""
    return etree.XSLT(etree.fromstring(source.encode()))


_RENDER = _stylesheet()


def raw_text(el: Any, body: Any = None) -> str:
    """The element's text and its tail as the blocks print them, before lines are cleaned.

    ``body``, an element inside ``el``, prints as ``BODY_MARK`` (its text left out); its tag
    is changed for the rendering and put back.
    """
    tail = el.tail or ""
    if not isinstance(el.tag, str):  # a comment or processing instruction: only its tail is text
        return tail
    tag = body.tag if body is not None else None
    if body is not None:
        body.tag = _MARK_TAG
    try:
        rendered = str(_RENDER(el if el.getparent() is None else _own_tree(el)))
    finally:
        if body is not None:
            body.tag = tag
    return rendered.replace(_SENTINEL, BODY_MARK, 1) + tail


def _own_tree(el: Any) -> Any:
    """A copy of ``el`` as the root of a tree of its own, without its tail (printed by the caller)."""
    copied = copy.deepcopy(el)
    copied.tail = None
    return etree.ElementTree(copied)


def node_text(el: Any, body: Any = None) -> str:
    """Visible text of an element: one line per block, table cells joined by tabs.

    >>> from lxml import html
    >>> node_text(html.fromstring("<div><p>一、 总体</p><table><tr><td>a</td><td> b </td></tr></table></div>"))
    '一、 总体\\na\\tb'
    """
    lines = []
    for line in _ZERO_WIDTH.sub("", raw_text(el, body)).split("\n"):
        if not line or line.isspace():  # most lines: the blank ones between blocks
            continue
        if "\t" in line:
            lines.append("\t".join(cell for cell in (" ".join(c.split()) for c in line.split("\t")) if cell))
        else:
            lines.append(" ".join(line.split()))
    return "\n".join(lines)
