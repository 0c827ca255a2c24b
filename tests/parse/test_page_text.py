"""The HTML stage's fast paths give what the slow ones gave (issue 18).

Three checks: the XSLT rendering of page text (``parse.page_text``) equals the Python
walk it replaced (``_reference_text`` below, the former ``html._walk``, kept here as the
specification) on every element of every HTML page and on generated trees; a profile
selector skipped for a missing class or id finds nothing when run anyway; and
``extract_page`` gives, for every page and profile, the output stored in
``tests/data/html_stage_digests.json`` by the stage before the rewrite.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from noticeparse.parse.html import _parse, _select_body, extract_page
from noticeparse.parse.normalize import decode_bytes
from noticeparse.parse.page_text import BLOCK_TAGS, BODY_MARK, CELL_TAGS, SKIP_TAGS, node_text, raw_text
from noticeparse.parse.selectors import _needs, page_names, select
from noticeparse.rules import load_rules
from noticeparse.sites import families, load_profile

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
# the bundled page in `make test-fast`; the 85 corpus pages are equality checks for `make test` (slow)
PAGES = [*sorted((ROOT / "raw" / "samples").glob("*.html")),
         *(pytest.param(p, marks=pytest.mark.slow, id=f"{p.parent.name}/{p.name}")
           for p in (sorted(CORPUS.rglob("*.html")) if CORPUS.is_dir() else []))]
DIGESTS = json.loads((ROOT / "tests" / "data" / "html_stage_digests.json").read_text(encoding="utf-8"))["digests"]
TRS_URL = "http://www.x.gov.cn/a/202305/t20230521_1234.html"


def _reference_text(el: Any, out: list[str], body: Any = None) -> None:
    """The Python walk the XSLT replaced: blocks open and close lines, cells end with a tab."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if el is body:
        out.append(BODY_MARK)
    elif tag and tag not in SKIP_TAGS:
        if tag in BLOCK_TAGS or tag == "br":
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            _reference_text(child, out, body)
        out.append("\t" if tag in CELL_TAGS else "\n" if tag in BLOCK_TAGS else "")
    if el.tail:
        out.append(el.tail)


def _reference(el: Any, body: Any = None) -> str:
    out: list[str] = []
    _reference_text(el, out, body)
    return "".join(out)


def _page(path: Path) -> str:
    return decode_bytes(path.read_bytes()).text


def _key(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", PAGES, ids=_key)
def test_rendering_equals_the_python_walk_on_every_element(path: Path):
    root = _parse(_page(path))
    body, _selector = _select_body(root, load_profile("generic"), page_names(root))
    assert raw_text(root, body) == _reference(root, body)
    for el in root.iter():
        assert raw_text(el) == _reference(el), el.tag


CASES = [
    "<div>a<!-- c -->b<br>c<br/>d</div>tail",
    "<table><tr><td> x </td><td>y\u200b</td></tr><tr><th>h</th></tr></table>",
    "<p>one<script>var x = '<p>';</script>two<style>p{}</style>three</p>",
    "<div><noscript><p>hidden</p></noscript>after<svg><text>s</text></svg>end</div>",
    "<ul><li>1<li>2</ul><pre>  keep\n  lines </pre><hr>x",
    "<div><span>in<b>line</b></span> <em>text</em>\xa0\u3000</div>",
    "<?xml version='1.0'?><html><body><p>&lt;escaped&gt; &amp; &nbsp;</p></body></html>",
    "<div>a<template><p>t</p></template>b<select><option>o</option></select>c</div>",
]


@pytest.mark.parametrize("page", CASES)
def test_rendering_equals_the_python_walk_on_edge_cases(page: str):
    root = _parse(page)
    for el in root.iter():
        assert raw_text(el) == _reference(el)
    for body in root.iter(etree.Element):  # the body mark on any element, a skipped one too
        assert raw_text(root, body) == _reference(root, body)
        assert body.tag != "noticeparse-body"  # the mark is taken off again


_TAGS = sorted(BLOCK_TAGS | SKIP_TAGS | CELL_TAGS | {"br", "span", "b", "a", "font", "o:p"})
_TEXT = st.text(alphabet=" \t\n\xa0\u3000\u200b一二、，。abc<&>", max_size=6)


def _tree() -> st.SearchStrategy[str]:
    leaf = _TEXT.map(html.escape)
    return st.recursive(leaf, lambda inner: st.builds(
        lambda tag, kids, tail: f"<{tag}>{''.join(kids)}</{tag}>{tail}",
        st.sampled_from(_TAGS), st.lists(inner, max_size=4), leaf), max_leaves=25)


@settings(max_examples=150, deadline=None)
@given(_tree())
def test_rendering_equals_the_python_walk_on_generated_trees(fragment: str):
    root = lxml_html.document_fromstring(f"<html><body><div>{fragment}</div></body></html>")
    for el in root.iter():
        assert raw_text(el) == _reference(el)
    text = node_text(root)
    assert not text or all(line and line == line.strip() and "\u200b" not in line for line in text.split("\n"))


def test_a_selector_needs_the_classes_and_ids_every_match_has():
    from cssselect import parse as parse_css

    def needs(selector: str) -> tuple[set[str], set[str]]:
        classes, ids = _needs(parse_css(selector)[0].parsed_tree)
        return set(classes), set(ids)

    assert needs(".Article_61 .tit p:first-child") == ({"Article_61", "tit"}, set())
    assert needs("div#zoom > .a.b") == ({"a", "b"}, {"zoom"})
    assert needs("p:not(.x)") == (set(), set())  # a :not() argument is no requirement
    assert needs("h1 + .y ~ [id=q]") == ({"y"}, set())
    names = page_names(_parse('<div class="a\tb"><p id="zoom" class=" c ">x</p></div>'))
    assert names.classes == {"a", "b", "c"} and names.ids == {"zoom"}


@pytest.mark.parametrize("path", PAGES, ids=_key)
def test_skipped_selectors_find_nothing_when_run(path: Path):
    root = _parse(_page(path))
    names = page_names(root)
    for family in families():
        profile = load_profile(family)
        selectors = [*profile.body, *profile.drop, *(s for group in profile.fields.values() for s in group)]
        for selector in selectors:
            assert select(root, selector, names) == select(root, selector), selector


@pytest.mark.parametrize("path", PAGES, ids=_key)
def test_extract_page_output_is_the_stored_one(path: Path):
    rules = load_rules()
    page = _page(path)
    runs = {family: extract_page(page, profile=load_profile(family), rules=rules) for family in families()}
    runs["url"] = extract_page(page, url=TRS_URL, rules=rules)
    for variant, result in runs.items():
        key = f"{_key(path)}|{variant}"
        if key not in DIGESTS:
            pytest.skip(f"{key}: a page the digests were not taken on")
        value = [result.text, result.fields, list(result.attachments), result.body_selector]
        digest = hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
        assert digest == DIGESTS[key], key
