"""Caps on a page's markup, counted on the text before lxml builds a tree (issue 28).

libxml2 parses in C, where the per-notice time budget (a ``SIGALRM``) cannot reach, and
some of its work grows faster than the page: one element with 500,000 attributes takes
minutes (each attribute is checked against the ones before it) and a million elements
hold gigabytes. A page over a cap is an E104 row naming the cap, before any tree exists.
Real notice pages hold a few thousand elements and a few dozen attributes on one element.

The count is one linear scan: start tags (``<`` and a letter, the caps stop it early) and,
in a tag long enough to pass the per-element cap, its attributes.
"""

from __future__ import annotations

import regex

from noticeparse.errors import Code, NoticeError

__all__ = ["MAX_ATTRIBUTES", "MAX_ELEMENTS", "MAX_PAGE_ATTRIBUTES", "check_markup"]

MAX_ELEMENTS = 100_000  # start tags in one page (the largest real page of the corpus: under 2,000)
MAX_ATTRIBUTES = 1_000  # attributes on one element (real pages: under 20)
MAX_PAGE_ATTRIBUTES = 400_000  # attributes in one page, counted as ``=`` signs in tags
_START_TAG = regex.compile(r"<[A-Za-z][^<>]*+")
# one attribute: a name, then an optional value (quoted values may hold spaces, = and >)
_ATTRIBUTE = regex.compile(r"""[^\s"'<>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'<>=`]*+))?""")


def check_markup(page: str) -> None:
    """Raise an E104 ``NoticeError`` naming the cap when ``page`` has too many elements or attributes.

    >>> check_markup("<p class='a'>一、总体</p>")
    >>> check_markup("<div " + " ".join(f"a{i}" for i in range(1001)) + ">")
    Traceback (most recent call last):
    ...
    noticeparse.errors.NoticeError: E104 an element with more than 1000 attributes (cap 1000 per element): not parsed
    """
    attributes = 0
    for elements, match in enumerate(_START_TAG.finditer(page), 1):
        if elements > MAX_ELEMENTS:
            raise NoticeError(Code.E104, f"more than {MAX_ELEMENTS} elements (cap {MAX_ELEMENTS} per page): not parsed")
        tag = match.group(0)
        count = _attribute_count(tag) if len(tag) > 2 * MAX_ATTRIBUTES else tag.count("=")
        if count > MAX_ATTRIBUTES:
            raise NoticeError(Code.E104, f"an element with more than {MAX_ATTRIBUTES} attributes "
                                         f"(cap {MAX_ATTRIBUTES} per element): not parsed")
        attributes += count
        if attributes > MAX_PAGE_ATTRIBUTES:
            raise NoticeError(Code.E104, f"more than {MAX_PAGE_ATTRIBUTES} attributes "
                                         f"(cap {MAX_PAGE_ATTRIBUTES} per page): not parsed")


def _attribute_count(tag: str) -> int:
    """The attributes of one start tag (``<name a="1" b>``) as libxml2 reads them, counted up to one over the cap."""
    name_end = regex.match(r"<[^\s/>]*+", tag)
    count = 0
    for count, _match in enumerate(_ATTRIBUTE.finditer(tag, name_end.end() if name_end else 0), 1):
        if count > MAX_ATTRIBUTES:
            break
    return count
