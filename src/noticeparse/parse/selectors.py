"""A profile's CSS selectors on a page: compiled once, and not run where they cannot match.

A profile holds about 25 selectors (``rules/sites/*.yaml``) and most name a class or an id
the page does not have; each one run is an XPath pass over the whole tree. The page's class
and id values are read in one XPath call, and a selector is run only when every class and
id it requires is on the page: a necessary condition, so the elements found are the same.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import regex
from cssselect import parse as parse_css
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Function, Hash, Negation, Pseudo
from lxml import etree
from lxml.cssselect import CSSSelector

__all__ = ["PageNames", "page_names", "select"]

_CLASS_VALUES = etree.XPath("descendant-or-self::*/@class", smart_strings=False)
_ID_VALUES = etree.XPath("descendant-or-self::*/@id", smart_strings=False)
_XML_SPACE = regex.compile(r"[ \t\r\n]+")  # what XPath's normalize-space splits a class list on


@dataclass(frozen=True, slots=True)
class PageNames:
    """The class tokens and id values present in a tree."""

    classes: frozenset[str]
    ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Compiled:
    xpath: CSSSelector
    needs: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (classes, ids) per comma group


def page_names(root: Any) -> PageNames:
    """Every class token and id under ``root`` (itself included), read in two XPath calls.

    >>> from lxml import html
    >>> names = page_names(html.fromstring('<div class="a  b"><p id="zoom">x</p></div>'))
    >>> sorted(names.classes), sorted(names.ids)
    (['a', 'b'], ['zoom'])
    """
    classes = frozenset(_XML_SPACE.split(" ".join(_CLASS_VALUES(root)))) - {""}
    return PageNames(classes, frozenset(_ID_VALUES(root)))


def select(root: Any, selector: str, names: PageNames | None = None) -> list[Any]:
    """The elements ``selector`` matches under ``root``; [] for a selector that does not compile or fails.

    With ``names`` (``page_names(root)``, or of a tree ``root`` is part of), a selector whose
    classes or ids are not all there returns [] without running.
    """
    compiled = _compile(selector)
    if compiled is None:
        return []
    if names is not None and not any(
            classes <= names.classes and ids <= names.ids for classes, ids in compiled.needs):
        return []
    try:
        return list(compiled.xpath(root))
    except Exception:  # noqa: BLE001 -- a bad selector in a site's profile must not lose the page
        return []


@functools.lru_cache(maxsize=1024)
def _compile(selector: str) -> _Compiled | None:
    """A profile's selector compiled to XPath once per process (None when it does not compile)."""
    try:
        xpath = CSSSelector(selector)
        groups = parse_css(selector)
    except Exception:  # noqa: BLE001 -- cssselect raises several error types for bad selectors
        return None
    return _Compiled(xpath, tuple(_needs(group.parsed_tree) for group in groups))


def _needs(tree: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The classes and ids an element must carry somewhere in the tree for ``tree`` to match it.

    Only parts every match needs count (not a ``:not()``'s argument); an unknown part adds nothing.
    """
    classes: set[str] = set()
    ids: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Class):
            if not _XML_SPACE.search(node.class_name):
                classes.add(node.class_name)
            stack.append(node.selector)
        elif isinstance(node, Hash):
            ids.add(node.id)
            stack.append(node.selector)
        elif isinstance(node, CombinedSelector):
            stack += [node.selector, node.subselector]
        elif isinstance(node, Attrib | Function | Negation | Pseudo):
            stack.append(node.selector)
        elif not isinstance(node, Element):  # a part this does not know: no requirement from it
            continue
    return frozenset(classes), frozenset(ids)
