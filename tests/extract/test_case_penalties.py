"""Penalty phrases (extract/case_penalties.py, rules/penalties.yaml) as pairs of the case gold's vocabulary.

CASES are the penalty phrases the issue names and those the genre writes (modelled on 纪委 公开通报,
曝光台 items, 处分决定 and news retellings; names masked). NOT_PENALTIES are the texts that name a
penalty without giving one: a quoted regulation, a statistic, a condition, a plan, a definition.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from noticeparse.extract.case_penalties import find_penalties


class Case(NamedTuple):
    id: str
    text: str
    pairs: list[tuple[str, str]]


CASES = [
    Case("party-and-gov", "张某受到党内严重警告、政务记大过处分。", [("党纪", "严重警告"), ("政务", "记大过")]),
    Case("double-expulsion", "李某某被“双开”。", [("党纪", "开除党籍"), ("政务", "开除")]),
    Case("expel-party-and-office", "王某受到开除党籍和公职处分。", [("党纪", "开除党籍"), ("政务", "开除")]),
    Case("expel-each", "被开除党籍、开除公职，涉嫌犯罪问题被移送检察机关依法审查起诉。",
         [("党纪", "开除党籍"), ("政务", "开除"), ("移送", "移送检察机关")]),
    Case("unspecified", "给予赵某某党纪政务处分。", [("党纪", "党纪处分"), ("政务", "政务处分")]),
    Case("party-gov-warning", "给予孙某党纪政务警告处分。", [("党纪", "警告"), ("政务", "警告")]),
    Case("adjust-post", "受到党内严重警告处分、调整职务处理。", [("党纪", "严重警告"), ("组织处理", "调整职务")]),
    Case("demoted", "受到留党察看二年、撤职并降为一级科员的处分。",
         [("党纪", "留党察看二年"), ("政务", "撤职"), ("组织处理", "降职")]),
    Case("probation-two-years", "给予周某留党察看两年处分。", [("党纪", "留党察看二年")]),
    Case("prosecution", "其涉嫌犯罪问题移送司法机关依法追究刑事责任。",
         [("移送", "移送司法机关"), ("刑事", "追究刑事责任")]),
    Case("accountability", "对该局党组进行追责问责。", [("问责", "问责")]),
    Case("recovered", "违纪款已收缴，并责令退赔违规报销的费用。", [("退赔收缴", "收缴违纪所得"), ("退赔收缴", "责令退赔")]),
    Case("dismissed", "免去其县农业农村局局长职务。", [("组织处理", "免职")]),
    Case("party-post-removed", "撤销郑某的村党支部书记职务。", [("党纪", "撤销党内职务")]),
    Case("admonished", "对陈某某进行诫勉谈话，并责令其作出书面检查。", [("诫勉", "诫勉"), ("批评教育", "批评教育")]),
    Case("circulated", "对该镇党委进行通报批评。", [("批评教育", "通报批评")]),
    Case("sentenced", "被判处有期徒刑十一年，并处罚金100万元。", [("刑事", "判处刑罚")]),
    Case("contract-ended", "解除与何某某的聘用关系。", [("政务", "开除")]),
    Case("administrative", "给予其行政记过处分。", [("政务", "记过")]),
    Case("bare-demotion", "受到党内严重警告、降级处分。", [("党纪", "严重警告"), ("政务", "降级")]),
    Case("company-grade", "受到撤销党内职务和企业行政岗级降级处分。", [("党纪", "撤销党内职务"), ("政务", "降级")]),
    Case("expel-pronoun", "决定开除其党籍。", [("党纪", "开除党籍")]),
    Case("refund-personally", "给予其党内警告处分，责令其个人退还全部费用。", [("党纪", "警告"), ("退赔收缴", "责令退赔")]),
    Case("bear-costs", "受到党内警告处分，并被责令承担相关费用。", [("党纪", "警告"), ("退赔收缴", "责令退赔")]),
]

NOT_PENALTIES = [
    Case("regulation", "情节较轻的，给予警告或者严重警告处分；情节较重的，给予撤销党内职务或者留党察看处分。", []),
    Case("regulation-severe", "有下列情形之一的，应当给予开除党籍处分。", []),
    Case("statistic", "全县共查处问题20个，问责34人，其中党纪政务处分4人，批评教育和处理38人。", []),
    Case("conditional", "涉及党纪处分的，商请市纪委作出决定。", []),
    Case("plan", "对顶风违纪的，县纪委将严肃追责问责。", []),
    Case("up-to", "对违反规定的，依规依纪给予警告直至开除党籍处分。", []),
    Case("definition", "所谓“双开”，即开除党籍、开除公职。", []),
    Case("accountability-as-noun", "屡审屡犯的背后，是问责的“板子”没有打疼，要加大问责力度。", []),
    Case("not-a-condition-name", "若某某、龙某某二人分别受到党内警告处分。", [("党纪", "警告")]),
    Case("background", "这已是他第三次被处理：2012年，他因违规请客被党内警告；2018年，又被诫勉。", []),
    Case("background-once", "张某曾因违规驾驶公车受到党内警告处分。", []),
    Case("surname-zeng", "县交通运输局工程师曾某受到党内警告处分。", [("党纪", "警告")]),
]


@pytest.mark.parametrize("case", CASES + NOT_PENALTIES, ids=lambda c: c.id)
def test_penalty_pairs(case: Case, rules):
    found = find_penalties(case.text, 0, len(case.text), rules)
    assert [pair for phrase in found for pair in phrase.gives] == case.pairs


def test_spans_and_rules(rules):
    text = "王某受到党内警告处分，违纪款已收缴。"
    for phrase in find_penalties(text, 0, len(text), rules):
        assert phrase.rule_id.startswith("penalty.")
        assert text[phrase.start : phrase.end] in ("党内警告", "收缴")
    assert [p.recovery for p in find_penalties(text, 0, len(text), rules)] == [False, True]
