"""Scope of quantities (issue 26, rules/scope.yaml): case, aggregate or unit, from the sentence and the cases.

The texts are rewritten from the shared corpus's commission pages: a national statistic a
commentary quotes, one case's amounts, the notice's own rectification figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from noticeparse.extract import extract_entities, scope_cases
from noticeparse.parse import ParseOptions, parse_text
from noticeparse.rules import load_rules


@dataclass(frozen=True)
class Case:
    text: str
    quantity: str
    scope: str


CASES = [
    Case("1至11月，全国共查处享乐主义、奢靡之风问题10.1万起，批评教育和处理14.2万人。", "10.1万起", "aggregate"),
    Case("1至11月，全国共查处享乐主义、奢靡之风问题10.1万起，批评教育和处理14.2万人。", "14.2万人", "aggregate"),
    Case("前三季度全国纪检监察机关立案行贿人员1.2万人。", "1.2万人", "aggregate"),
    Case("全县生猪出栏量为47.9万头，同比减少3.7%。", "47.9万头", "aggregate"),
    Case("要守住18亿亩耕地红线。", "18亿亩", "aggregate"),
    Case("经查，王某某先后收受礼金共计75.8万元。", "75.8万元", "case"),
    Case("2019年至2022年，李XX先后12次收受管理服务对象所送礼品礼金。", "12次", "case"),
    Case("区委巡察组共反馈问题52个，已完成整改19个。", "52个", "unit"),
    Case("区委巡察组共反馈问题52个，已完成整改19个。", "19个", "unit"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.scope}-{c.quantity}" for c in CASES])
def test_scope_from_the_sentence(case: Case) -> None:
    found = {q.text: q for q in extract_entities(case.text, load_rules()).quantities}
    assert found[case.quantity].scope == case.scope


def test_a_case_span_makes_its_amounts_the_case_s() -> None:
    """A case named without a mask (陈某 written as a name) is a case because the cases table says so."""
    text = "1.市水利局所长陈堃违规发放加班补贴问题。2023年6月，陈堃违规向所内职工发放加班补贴共计8.7万元。"
    quantities = extract_entities(text, load_rules()).quantities
    assert [q.scope for q in quantities] == ["unit"]
    assert [q.scope for q in scope_cases(quantities, [(0, len(text))])] == ["case"]


def test_the_parse_fills_scope_from_the_cases() -> None:
    text = ("临江市纪委监委关于3起违反中央八项规定精神问题的通报\n"
            "1.市水利局河道管理所所长陈堃违规发放津补贴问题。2021年1月至2023年6月，陈堃违规向所内职工"
            "发放加班补贴共计8.7万元。2023年12月，陈堃受到党内警告处分。")
    notice = parse_text(text, ParseOptions(segment=False))
    by_text = {q.text: q.scope for q in notice.quantities}
    assert by_text["8.7万元"] == "case"
    assert by_text["3起"] == "unit"


def test_without_a_scope_file_no_scope() -> None:
    """A rules folder without scope.yaml (an older --rules DIR) leaves scope null instead of failing."""
    rules = load_rules()
    files = {name: f for name, f in rules.files.items() if name != "scope"}
    from dataclasses import replace
    from types import MappingProxyType

    older = replace(rules, files=MappingProxyType(files))
    assert [q.scope for q in extract_entities("共反馈问题52个", older).quantities] == [None]
