"""Where a notice's header fields come from, most trusted first, and the one function that chooses.

A page says its title, date and source in several places that may disagree: the 政府信息公开
table is the page's own record of the document, meta tags are written by the site's system,
the visible 发布时间/来源 line by its template, a profile's selectors find what the family's
template puts there; a date in the URL, the line above the header line and the ``<title>``
are guesses. A page saved as text has only its 信息公开 lines and its chrome lines.
``pick_header`` takes each field from the most trusted source that has a value for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields

from noticeparse.records import Header, HeaderValue

__all__ = ["HEADER_FIELDS", "SOURCES", "pick_header"]

SOURCES = (
    "info_table",  # the page's 政府信息公开 metadata table (rules/info_table.yaml)
    "meta",  # <meta name="ArticleTitle|PubDate|ContentSource|SiteName|ColumnName">
    "visible",  # the 发布时间/来源 line just above the body
    "selector",  # the site profile's field selectors (rules/sites/*.yaml fields:)
    "url",  # the date in the article's URL
    "headline",  # the line above the header line, when longer than the <title>
    "page_title",  # <title> with the site's suffix cut off
    "markup",  # htmldate's reading of the markup (pages no profile knows; the [generic] extra)
    "text_table",  # 信息公开 lines of a page saved as text
    "chrome",  # header and footer lines stripped as chrome (rules/chrome.yaml named groups)
)
HEADER_FIELDS = tuple(f.name for f in fields(Header))
_RANK = {source: rank for rank, source in enumerate(SOURCES)}


def pick_header(found: Iterable[tuple[str, Mapping[str, str]]], base: Header | None = None) -> Header:
    """Each field's value from the most trusted source that gave one (empty values are none).

    ``found`` holds ``(source, {field: value})`` pairs, ``source`` one of ``SOURCES``; ``base``
    is a header chosen before, whose values compete with the new ones by their own sources.

    Raises:
        ValueError: an unknown source or field (a rule or selector naming a field ``Header`` lacks).

    >>> header = pick_header([("page_title", {"title": "首页"}), ("meta", {"title": "关于整改的通报"})])
    >>> header.title
    HeaderValue(value='关于整改的通报', source='meta')
    """
    best: dict[str, HeaderValue] = {f: v for f in HEADER_FIELDS if base and (v := getattr(base, f)) is not None}
    for source, values in found:
        rank = _rank(source)
        for name, value in values.items():
            if name not in HEADER_FIELDS:
                raise ValueError(f"{source} gave header field {name!r}; Header has {', '.join(HEADER_FIELDS)}")
            held = best.get(name)
            if value and (held is None or rank < _RANK[held.source]):
                best[name] = HeaderValue(value, source)
    return Header(**best)


def _rank(source: str) -> int:
    try:
        return _RANK[source]
    except KeyError:
        raise ValueError(f"unknown header source {source!r}; one of {', '.join(SOURCES)}") from None
