"""Whole-pipeline time is linear in the length of the text (issue 12, "super-linear time").

Each hostile repeat of the issue is parsed (or segmented) at 10k and 100k characters
on one line; the CPU time ratio must stay well under the quadratic 100 (limit 25,
best of two runs: only ratios of two runs are compared, never an absolute time).
Before the fix: 37.30亿 took 1.2 s at 2k and 485 s at 20k characters; 2日 and
同年月26日 grew 19× and 14× from 2k to 20k (the inspection facts re-read the whole
line per date mention); segmenting 98… and 0… was quadratic in the protected patterns.
The \u3000 line is a guard only: the toolbar rule never sees a line that long.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from noticeparse.extract.date import extract_dates
from noticeparse.extract.metadata import _Sentences, extract_metadata
from noticeparse.extract.quantity import _build_view, _noun
from noticeparse.parse import ParseOptions, parse_text
from noticeparse.parse.page_text import raw_text
from noticeparse.rules import load_rules
from noticeparse.segment import segment_text

pytestmark = pytest.mark.slow  # timing loops or real processes: not in `make test-fast`

RULES = load_rules()
LIMIT = 25.0
FLOOR = 1e-3  # below this a run is call overhead

HOSTILE = [
    pytest.param("37.30亿", id="quantity-37.30亿"),
    pytest.param("\u3000", id="toolbar-u3000"),
    pytest.param("2日", id="inspection-2日"),
    pytest.param("同年月26日", id="ctx_month-同年月26日"),
    # outline nodes were closed by scanning every later node, and each record looked up its node
    # by scanning the outline: 28× from 10k to 100k characters before
    pytest.param("一、甲\n（一）乙。\n1.丙2021年8月5日。一是丁。\n", id="outline-nodes"),
    # cases: every paragraph a case (mentions and penalties were filtered per paragraph, and the
    # overlapping penalty matches resolved pairwise: 5x from 20k to 80k characters before), and one
    # case in one sentence (the background cue read the sentence from its start per penalty)
    pytest.param("某局局长张某某违规收受礼金，受到党内警告处分。\n", id="case-paragraphs"),
    pytest.param("王某受到党内警告处分，违纪款已收缴；", id="case-one-sentence"),
    pytest.param("局长李四光违规吃喝，李四光受到党内严重警告、政务记大过处分；", id="case-full-names"),
    # a candidate full name tried at each of its places scanned the whole text for another (11x from 4k to
    # 16k characters before); and the case layouts of round 2: cross-heads, 曝光台 lines, inline lists
    pytest.param("对这6名党员干部给予通报批评。", id="case-repeated-candidate"),
    pytest.param("值班期间聚众打牌赌博\n邢某某受到党内警告处分。\n", id="case-crossheads"),
    pytest.param("省民政厅2015年5月25日公务接待10人，陪餐5人。\n", id="case-dated-items"),
    pytest.param("具体情况是：孟某某，某局调研员，在酒店办升学宴；田某，某中学教师，在酒店办升学宴；\n", id="case-inline-list"),
    # issue 28: penalties with no full stop (each list read its sentence from the start: 11× per 4×
    # text before), and one list of 10,000 dates (each date copied the rest of the list's captures)
    pytest.param("受到通报批评", id="case-unbroken-penalties"),
    pytest.param("2021年8月5日、", id="date-list"),
    # one long line of colons: the kind step's body-line test backtracked at each colon (ratio 25 before)
    pytest.param("标题：", id="colon-line"),
]
HOSTILE_SEGMENT = [pytest.param("98", id="percent-98"), pytest.param("0", id="decimal-0")]


def _pumped(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _cpu(func: Callable[[], object]) -> float:
    start = time.process_time()
    func()
    return time.process_time() - start


def _ratio(run: Callable[[int], object], small: int, large: int) -> float:
    """t(large)/t(small), best of two (the second pair only when the first looks super-linear)."""
    ratio = float("inf")
    for _ in range(2):
        t_small = min(_cpu(lambda: run(small)) for _ in range(2))
        t_large = _cpu(lambda: run(large))
        ratio = min(ratio, max(t_large, FLOOR) / max(t_small, FLOOR))
        if ratio <= LIMIT:
            break
    return ratio


@pytest.mark.parametrize("unit", HOSTILE)
def test_parse_text_time_grows_linearly(unit: str):
    ratio = _ratio(lambda n: parse_text(_pumped(unit, n), ParseOptions(rules=RULES)), 10_000, 100_000)
    assert ratio <= LIMIT, f"t(100k)/t(10k) = {ratio:.1f} for {unit!r}"


@pytest.mark.parametrize("unit", HOSTILE_SEGMENT)
def test_segment_text_time_grows_linearly(unit: str):
    segment_text("热身", RULES)  # the segmenter loads its dictionary once
    ratio = _ratio(lambda n: segment_text(_pumped(unit, n), RULES), 10_000, 100_000)
    assert ratio <= LIMIT, f"t(100k)/t(10k) = {ratio:.1f} for {unit!r}"


PAGE_UNITS = [  # issue 28: libxslt was quadratic on both, in C where no budget reaches
    pytest.param("<p>巡察发现问题。</p>", id="paragraphs-in-a-div"),  # an element not its tree's root: 76 s at 100k
    pytest.param("<tr><td>1</td><td>巡察组</td></tr>", id="table-rows"),  # the body marked by a predicate: 100× per 10×
]


@pytest.mark.parametrize("unit", PAGE_UNITS)
def test_page_text_time_grows_linearly_in_elements(unit: str):
    trees = {n: html.fromstring(f"<html><body><div><div id=body>{unit * n}</div></div></body></html>")
             for n in (10_000, 100_000)}

    def run(n: int) -> None:
        root = trees[n]
        body = root.get_element_by_id("body")
        raw_text(root, body)  # the page with its body marked, as the HTML stage renders it
        raw_text(body)  # the body alone: not its tree's root

    ratio = _ratio(run, 10_000, 100_000)
    assert ratio <= LIMIT, f"t(100k)/t(10k) = {ratio:.1f} for {unit!r}"


def test_inspection_facts_in_linear_time():
    """One sentence-end-free line of date mentions: the sentence of each was re-read (quadratic)."""

    def run(n: int) -> None:
        text = _pumped("2日", n)
        extract_metadata(text, RULES, dates=dates[n], header={})

    dates = {n: extract_dates(_pumped("2日", n), RULES) for n in (2_000, 20_000)}
    ratio = _ratio(run, 2_000, 20_000)
    assert ratio <= LIMIT, f"t(20k)/t(2k) = {ratio:.1f}"


def _old_sentence(text: str, start: int, end: int) -> str:
    """The sentence lookup before issue 12 (the reference the bisection must agree with)."""
    left = max(text.rfind(ch, 0, start) for ch in "。\n") + 1
    rights = [i for i in (text.find(ch, end) for ch in "。\n") if i >= 0]
    return text[left : min(rights) if rights else len(text)]


@given(st.text(alphabet="ab。\n", max_size=40), st.data())
def test_sentence_bisection_agrees_with_the_scan(text: str, data: st.DataObject):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    left, right = _Sentences(text).bounds(start, end)
    assert text[left:right] == _old_sentence(text, start, end)


def test_counted_noun_reads_a_bounded_run():
    """The noun after a quantity was read from the whole Han run after it: all of an all-Han page."""
    data = RULES["quantity"].data
    texts = {n: "项" + "甲" * n for n in (1_000, 1_000_000)}
    views = {n: _build_view(text, (), data) for n, text in texts.items()}

    def run(n: int) -> None:
        for _ in range(100):
            _noun(texts[n], views[n], 1, "count", data["noun"])

    ratio = _ratio(run, 1_000, 1_000_000)  # the same work at both lengths: about 1 (17 before)
    assert ratio <= 3, f"t(1M)/t(1k) = {ratio:.1f}: the run is read to its end"
