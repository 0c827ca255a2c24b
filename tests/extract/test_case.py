"""Discipline cases (extract/case.py, rules/case.yaml, rules/violations.yaml): case tables per form.

CASES are the forms the commissions write (modelled on ccdi.gov.cn 公开通报 pages and local
曝光台 notices): a numbered heading ending in 问题, an unnumbered 案 heading, a headingless list
item with a masked name, a titled item whose penalty sits in the next paragraph, several cases
on one line. CASES_BUGS_CAUGHT are misreadings met on the shared corpus while writing the rules.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

from noticeparse.parse import ParseOptions, parse_text
from noticeparse.settings import Settings

KIND = "中央纪委国家监委公开通报典型问题\n"


class Case(NamedTuple):
    id: str
    text: str
    persons: list[str | None]
    posts: list[str | None]
    orgs: list[str | None]
    penalties: list[list[str]]
    violations: list[list[str]]


CASES = [
    Case("numbered-heading",
         KIND + "1.市交通局原副局长张某违规收受礼品礼金问题。2019年至2021年，张某收受礼金共计3万元。2022年3月，张某受到党内严重警告、政务记过处分，违纪款已收缴。",
         ["张某"], ["原副局长"], ["市交通局"], [["严重警告", "记过", "退赔收缴"]], [["违规收送礼品礼金"]]),
    Case("an-heading",
         KIND + "中储粮集团公司原党组成员、副总经理徐宝义干预和插手粮食业务招标代理、受贿案。徐宝义利用职务便利收受贿赂1300余万元，被开除党籍、开除公职，涉嫌犯罪问题被移送检察机关依法审查起诉。",
         ["徐宝义"], ["原党组成员、副总经理"], ["中储粮集团公司"], [["开除党籍", "开除", "移送检察机关"]],
         [["违规干预插手", "受贿行贿"]]),
    Case("masked-list-items",
         KIND + "某县人大常委会原主任朵某2024年4月以考察为名组织公款旅游，受到留党察看二年、政务撤职处分。\n某区发改局副局长罗某应付式推进信用平台建设，受到党内警告处分。",
         ["朵某", "罗某"], ["原主任", "副局长"], ["某县人大常委会", "某区发改局"],
         [["留党察看二年", "撤职"], ["警告"]], [["公款旅游", "公款旅游"], ["形式主义官僚主义"]]),
    Case("title-then-paragraph",
         KIND + "1.收受管理服务对象赠送的月饼\n2015年中秋节，某园区管委会工作人员赵某接受该公司赠送的月饼，受到党内警告处分。",
         ["赵某"], ["工作人员"], ["某园区管委会"], [["警告"]], [["违规收送礼品礼金"]]),
    Case("organisation-case",
         KIND + "云南省玉溪市某县人民法院超标准接待、“吃公函”等问题。时任院长马某负有主要领导责任，受到诫勉谈话。",
         [None], [None], ["云南省玉溪市某县人民法院"], [["诫勉"]], [["违规吃喝", "违规吃喝"]]),
]

CASES_BUGS_CAUGHT = [
    # the act was read as the name (person=违规) when the name was absent
    Case("no-name", KIND + "某县委书记违规借用越野车，受党内警告处分。", [None], ["书记"], ["某县委"], [["警告"]], [["公车私用"]]),
    # 委员会主任: 会主任 is no name
    Case("committee-post",
         KIND + "甘肃省兰州市政协人口资源环境委员会主任、二级巡视员杨盛泉公车私用问题。杨盛泉受到党内严重警告、政务记大过处分。",
         ["杨盛泉"], ["主任、二级巡视员"], ["甘肃省兰州市政协人口资源环境委员会"], [["严重警告", "记大过"]], [["公车私用"]]),
    # two cases on one line after 公开通报: (a scraped page that lost its line breaks)
    Case("one-line",
         KIND + "日前对2起问题公开通报: 某部原党组书记、部长唐某违规收受礼品礼金问题。唐某被开除党籍。 某市人大常委会原副主任郑某违规接受宴请问题。郑某受到党内警告处分。",
         ["唐某", "郑某"], ["原党组书记、部长", "原副主任"], ["某部", "某市人大常委会"], [["开除党籍"], ["警告"]],
         [["违规收送礼品礼金"], ["违规吃喝"]]),
]


@pytest.mark.parametrize("case", CASES + CASES_BUGS_CAUGHT, ids=lambda c: c.id)
def test_cases(case: Case, rules):
    notice = parse_text(case.text, ParseOptions(rules=rules))
    assert notice.meta.kind == "典型问题通报"
    got = notice.cases
    assert [c.person for c in got] == case.persons
    assert [c.post for c in got] == case.posts
    assert [c.organisation for c in got] == case.orgs
    assert [[p.penalty for p in c.penalties] for c in got] == case.penalties
    assert [[v.violation for v in c.violations] for c in got] == case.violations


def test_values_carry_spans_and_rules(rules):
    notice = parse_text(CASES[0].text, ParseOptions(rules=rules))
    [case] = notice.cases
    text = notice.text
    assert text[case.person_start : case.person_end] == case.person
    assert text[case.post_start : case.post_end] == case.post
    assert text[case.organisation_start : case.organisation_end] == case.organisation
    assert all(text[p.start : p.end] == p.text and p.rule_id.startswith("case.penalty") for p in case.penalties)
    assert all(text[v.start : v.end] == v.text and v.rule_id.startswith("violation.") for v in case.violations)
    assert (case.period_start, case.penalty_date, case.amount_yuan) == (date(2019, 1, 1), date(2022, 3, 1), 30000.0)
    assert [p.penalty_type for p in case.penalties] == ["党纪", "政务", "退赔收缴"]


def test_rows_join(rules):
    from noticeparse.store.rows import notice_rows

    rows = notice_rows(parse_text(CASES[2].text, ParseOptions(rules=rules, settings=Settings(segment=False))), "")
    assert [r["person"] for r in rows["cases"]] == ["朵某", "罗某"]
    assert rows["cases"][0]["penalties"] == ["留党察看二年", "撤职"]
    assert {r["case_id"] for r in rows["case_penalties"]} == {1, 2}
    assert {r["case_id"] for r in rows["case_violations"]} == {1, 2}


def test_inspection_notices_have_no_cases(rules):
    text = "关于巡察整改进展情况的通报\n一、整改情况\n1.关于“三重一大”制度执行不严格的问题。一是完善制度。对2名干部进行提醒谈话。"
    assert parse_text(text, ParseOptions(rules=rules)).cases == ()


def test_shared_case_notices(shared_corpus, rules):
    """The ccdi case notices give the case count their title announces (tests/data/ccdi_cases_gold.json)."""
    from noticeparse.evaluation.genres import CASE_GOLD, GenreScore, score_case_notices

    scores: dict[str, GenreScore] = {}
    score_case_notices(shared_corpus / "ccdi-html", CASE_GOLD, scores)
    score = scores["典型问题通报"]
    assert score.case_count_ok == score.case_pages == 7
    assert score.penalty_ok == score.penalty_cases == 15


def test_the_only_date_can_be_the_penalty_date(rules):
    """A case whose one date gives the penalty: it dates the penalty, not the period (bug caught)."""
    text = KIND + "1.市交通局原副局长张某违规收受礼品礼金问题。2022年3月，张某受到党内严重警告处分。"
    [case] = parse_text(text, ParseOptions(rules=rules)).cases
    assert (case.penalties[0].penalty_date, case.period_start) == (date(2022, 3, 1), None)


def test_commentary_is_no_case(rules):
    """Outside case notices a heading needs a post and a name: commentary sentences ending in 问题 are not cases."""
    text = ("深度关注丨纠治形式主义\n形式主义、官僚主义既是思想问题、作风问题，也是党性问题。\n"
            "坚持问题导向，干部群众对什么问题反映强烈，就重点整治什么问题。\n"
            "国家某中心审评六部原部长董某违规收受购物卡问题。董某受到党内警告处分。")
    notice = parse_text(text, ParseOptions(rules=rules))
    assert notice.meta.kind == "其他"
    assert [c.person for c in notice.cases] == ["董某"]


def test_shiren_is_no_organisation(rules):
    """时任青海省委委员、秘书长师某: the organisation is 青海省委, 时任 only dates the post."""
    text = KIND + "经查，时任青海省委委员、省政府秘书长师某，在培训期间组织违规聚餐饮酒，受到留党察看二年处分。"
    [case] = parse_text(text, ParseOptions(rules=rules)).cases
    assert (case.organisation, case.person) == ("青海省委", "师某")
