"""The normalised view (parse/view.py, rules/normalise.yaml): each fold, its offset map, the script.

CASES are texts as real reposts write them (mirror pages with pinyin glosses, Hong Kong and Taiwan
variant forms, digits typed with the letter O, thousands grouped by spaces), rewritten; each row
says the view, the folds that fired and the stored span of one view span.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from noticeparse.parse.normalize import normalize_text
from noticeparse.parse.view import build_view
from noticeparse.rules import load_rules

RULES = load_rules()
SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"


@dataclass(frozen=True)
class Case:
    stored: str
    view: str
    folds: tuple[str, ...]
    span: tuple[int, int]  # a view span …
    stored_span: tuple[int, int]  # … and the stored span it maps to


CASES = [
    # a gloss a span covers is in it, one after its last character is not: 发现 is 發(fā)現
    pytest.param(Case("發(fā)現(xiàn)問題", "发现问题", ("normalise.pinyin_gloss", "normalise.traditional"), (0, 2),
                      (0, 6)), id="gloss"),
    pytest.param(Case("46個(gè)問題", "46个问题", ("normalise.pinyin_gloss", "normalise.traditional"), (0, 3), (0, 3)),
                 id="gloss-after-a-span"),
    pytest.param(Case("監(jiān)察機關", "监察机关", ("normalise.pinyin_gloss", "normalise.traditional"), (1, 3), (7, 9)),
                 id="gloss-after-span-start"),
    pytest.param(Case("共48 287個", "共48287个", ("normalise.spaced_thousands", "normalise.traditional"), (1, 7), (1, 8)),
                 id="spaced-thousands"),
    pytest.param(Case("55\u2009951.65万人", "55951.65万人", ("normalise.spaced_thousands",), (0, 10), (0, 11)),
                 id="thin-space-thousands"),
    pytest.param(Case("二OO六年二月二十日", "二〇〇六年二月二十日", ("normalise.chinese_zero",), (0, 10), (0, 10)),
                 id="letter-o-chinese-year"),
    pytest.param(Case("2O21年3月", "2021年3月", ("normalise.digit_o",), (0, 5), (0, 5)), id="letter-o-digits"),
    pytest.param(Case("国办发„2009‟3号", "国办发〔2009〕3号", ("normalise.doc_number_brackets",), (0, 11), (0, 11)),
                 id="quote-brackets"),
    pytest.param(Case("X政发[2021]12号", "X政发〔2021〕12号", ("normalise.doc_number_brackets",), (3, 9), (3, 9)),
                 id="ascii-brackets"),
    pytest.param(Case("3．5亿元", "3.5亿元", ("normalise.decimal_point",), (0, 3), (0, 3)), id="decimal-point"),
    pytest.param(Case("黨內嚴重警告處分", "党内严重警告处分", ("normalise.traditional",), (2, 6), (2, 6)), id="traditional"),
    pytest.param(Case("爲群衆辦實事，裏外綫上衞生，峯會羣衆", "为群众办实事，里外线上卫生，峰会群众",
                      ("normalise.traditional",), (0, 3), (0, 3)), id="variant-forms"),
    pytest.param(Case("啓動，説明，鈎稽，裡面，臺灣", "启动，说明，钩稽，里面，台湾", ("normalise.traditional",), (0, 2), (0, 2)),
                 id="hong-kong-taiwan-variants"),
    pytest.param(Case("關於審計整改", "关于审计整改", ("normalise.traditional",), (0, 2), (0, 2)),
                 id="yu-in-a-traditional-notice"),
]


@pytest.mark.parametrize("case", CASES)
def test_fold(case: Case):
    view = build_view(case.stored, RULES)
    assert (view.text, view.folds) == (case.view, case.folds)
    assert view.stored_span(*case.span) == case.stored_span
    assert view.stored == case.stored


@pytest.mark.parametrize("case", CASES)
def test_offset_map_is_whole_and_monotone(case: Case):
    view = build_view(case.stored, RULES)
    starts = [view.stored_start(i) for i in range(len(view.text) + 1)]
    assert starts[0] == 0 and starts[-1] == len(case.stored)
    assert all(a < b for a, b in itertools.pairwise(starts))
    assert all(view.stored_end(i + 1) == starts[i] + 1 for i in range(len(view.text)))  # kept: one for one


@pytest.mark.parametrize("text", [
    "显著成效，乾隆年间，什么，于是", "于某某同志", "（试行）(一)(OK)（2021）", "3号楼，OK，O2O，3 15", "",
], ids=["valid-simplified", "yu-as-a-name", "brackets", "digits", "empty"])
def test_simplified_text_is_its_own_view(text: str):
    view = build_view(text, RULES)
    assert view.text is text and view.folds == () and view.origin is None


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.*")), ids=lambda p: p.stem)
def test_samples_are_their_own_view(path: Path):
    text = normalize_text(path.read_text(encoding="utf-8", errors="replace")).text  # as the parse stores it
    view = build_view(text, RULES)
    assert view.folds == () and view.script == "simplified"


@pytest.mark.parametrize(("text", "script"), [
    ("给予党内严重警告处分", "simplified"),
    ("給予黨內嚴重警告處分", "traditional"),
    ("给予党内严重警告处分。給予黨內嚴重警告處分。", "mixed"),
    ("华为公司给予党内严重警告处分，撤销党内职务，受到留党察看处分" + "。关於", "simplified"),
    ("2021 OK", None),
], ids=["simplified", "traditional", "mixed", "simplified-with-a-quoted-name", "no-han"])
def test_script(text: str, script: str | None):
    assert build_view(text, RULES).script == script


def test_a_stray_traditional_character_is_folded_in_a_simplified_notice_but_yu_is_not():
    view = build_view("给予党内严重警告处分，撤销党内职务，免职处理。" * 3 + "关於華為", RULES)
    assert view.script == "simplified" and view.text.endswith("关於华为")


def test_view_off_is_the_stored_text_with_its_script():
    view = build_view("黨內警告", RULES, enabled=False)
    assert (view.text, view.folds, view.script) == ("黨內警告", (), "traditional")

