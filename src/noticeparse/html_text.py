"""HTML page to plain text (paragraphs as lines) plus the government-site meta tags.

This is the plain fallback used for any ``.html`` input; it keeps every visible
line so that the chrome stage can drop the site's header and footer lines.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

import regex

__all__ = ["HtmlText", "html_to_text", "looks_like_html"]

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "title", "dd", "dt", "blockquote", "pre", "hr",
}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_CELL = {"td", "th"}
_META_FIELDS = {
    "articletitle": "title",
    "pubdate": "publish_date",
    "contentsource": "source_label",
    "sitename": "site_name",
    "columnname": "column_name",
}
_HTML_SNIFF = regex.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[\s>])", regex.I)


def looks_like_html(text: str) -> bool:
    """True when a text begins like an HTML document."""
    return bool(_HTML_SNIFF.match(text[:1024]))


@dataclass
class HtmlText:
    """Visible text with one line per block, and the page's meta fields."""

    text: str
    fields: dict[str, str] = field(default_factory=dict)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.fields: dict[str, str] = {}
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            name = _META_FIELDS.get(values.get("name", "").lower())
            if name and values.get("content", "").strip():
                content = regex.sub(r"<[^>]{0,200}>", "", html.unescape(values["content"]))
                self.fields.setdefault(name, content.strip())
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(page: str) -> HtmlText:
    """Strip tags, keep paragraphs as lines, read ArticleTitle/PubDate/ContentSource.

    >>> page = '<meta name="PubDate" content="2022-05-20"><style>p{}</style><p>一、总体</p><p>正文</p>'
    >>> result = html_to_text(page)
    >>> result.text, result.fields
    ('一、总体\\n正文', {'publish_date': '2022-05-20'})
    """
    collector = _Collector()
    collector.feed(page)
    collector.close()
    joined = "".join(collector.parts)
    lines = [" ".join(line.split()) for line in joined.split("\n")]
    return HtmlText("\n".join(line for line in lines if line), collector.fields)
