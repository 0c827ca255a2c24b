"""The units of a round ref and their keys across the forms real pages write them (extract/rounds.py, units.py).

CASES are rewritten from the forms of real public pages found with the search tool (district entry
lists with 、 and counts, a special inspection's topic before 专项巡察, feedback news of several
units on two days, a second name in brackets, a school's 校内巡察 hearing that lists each group's
units, a unit's report titled by its short name); names, places and figures are invented or masked
and never taken from tests/data/rounds or tests/data/rounds2, whose texts score the rules.
KEY_PAIRS are names two notices of one round write for one unit (same key) or for two (different
keys), each with the notice's text so the round's body qualifies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from noticeparse.parse import parse_text
from noticeparse.records import RoundRef


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    key: str | None
    stage: str
    units: tuple[str, ...]


CASES = [
    Case("district-entry-topic-before-special",
         "九届西湖区委第二轮巡察完成进驻\n来源：杭州市纪委监委 发布时间：2022-05-09\n"
         "截至5月6日，九届西湖区委第二轮巡察已全部完成进驻。本轮派出3个巡察组，对区发改委党组、区粮食和物资储备局党组"
         "开展涉粮问题专项巡察；对北山街道党工委，区教育局党组、区审计局党组，城南社区党委开展常规巡察。",
         "西湖区委/九届/2", "entry",
         ("区发改委党组", "区粮食和物资储备局党组", "北山街道党工委", "区教育局党组", "区审计局党组", "城南社区党委")),
    Case("district-feedback-counted-list",
         "十三届区委第五轮巡察集中反馈\n来源：秦州区纪委监委 发布时间：2022-07-01\n"
         "6月28日至29日，区委3个巡察组分别向十三届区委第五轮巡察的区人社局、区住建局、区总工会等3家单位党组织反馈"
         "巡察情况。28日上午区委第一巡察组向区人社局党组反馈、下午向区住建局党组反馈；29日，区委第二巡察组向区总工会"
         "党组反馈。",
         "秦州区委/十三届/5", "feedback", ("区人社局", "区住建局", "区总工会")),
    Case("second-name-in-brackets",
         "十届区委第三轮巡察启动\n来源：今日西湖 2023-03-01\n"
         "据悉，十届区委第三轮巡察设2个巡察组，对区商务局（中国国际贸易促进委员会杭州市西湖区委员会）、区统计局等"
         "2家单位党组织开展巡察。",
         "西湖区委/十届/3", "entry", ("区商务局", "区统计局")),
    Case("school-hearing-lists-each-group",
         "校党委巡察工作领导小组听取巡察情况汇报\n日期：2022-12-08 信息来源：党委巡察办\n"
         "12月5日，学校召开南湖大学党委巡察工作领导小组会议，专题听取第四轮校内巡察情况汇报。本轮巡察于9月13日至"
         "10月28日开展，两个巡察组分别对5个单位开展了巡察：第一巡察组组长王某某带队巡察粮油食品学院，机电工程学院；"
         "第二巡察组组长李某某带队巡察图书馆，档案馆，后勤服务中心。",
         "南湖大学党委/-/4", "mention", ("粮油食品学院", "机电工程学院", "图书馆", "档案馆", "后勤服务中心")),
    Case("school-own-round-written-before-phrase",
         "南湖大学召开第五轮巡察工作动员部署暨培训会\n"
         "3月2日，南湖大学第五轮巡察工作动员部署暨培训会召开，校党委书记作动员讲话。",
         "南湖大学党委/-/5", "entry", ()),
    Case("ministry-own-round-by-year",
         "南方部党组召开2023年巡视工作会议暨第一轮巡视动员部署会\n"
         "5月8日，南方部党组召开2023年巡视工作会议暨第一轮巡视动员部署会。根据部署，此轮巡视将对南方部信息中心、"
         "中国南方出版社等2家单位党组织开展常规巡视。",
         "南方部党组/2023年/1", "entry", ("南方部信息中心", "中国南方出版社")),
    Case("commission-round-counted-per-year",
         "国资委党委召开巡视工作会议暨2025年第一轮巡视动员部署会\n"
         "根据部署，此轮巡视将对中国南方物流集团有限公司、中国南方建设集团有限公司等2家企业党委开展常规巡视。",
         "国资委党委/2025年/1", "entry", ("中国南方物流集团有限公司", "中国南方建设集团有限公司")),
    Case("company-own-round-by-year",
         "南方电装党委召开2025年巡视工作会议暨第一轮巡视动员部署会\n会议部署了本轮巡视工作，宣布了巡视组组长授权任职决定。",
         "南方电装党委/2025年/1", "entry", ()),
    Case("company-round-deployed-by-its-group",
         "供应链公司党委关于集团公司党委2025年第一轮巡视整改进展情况的通报\n"
         "按照中国南方电装党委巡视工作统一部署，集团公司党委第二巡视组于2025年4月28日至6月10日对供应链公司党委"
         "开展了常规巡视。",
         "中国南方电装党委/2025年/1", "progress", ("供应链公司党委",)),
    Case("a-unit-rectifying-is-no-body",
         "市审计局党组召开第三轮巡察整改专题民主生活会\n来源：六安市审计局 发布时间：2022-09-01\n"
         "根据市委统一部署，市委第一巡察组对市审计局党组开展了巡察。",
         "六安市委/-/3", "mention", ("市审计局党组",)),
    Case("counted-committees-are-no-units",
         "区委第三巡察组向城南社区党委、城北社区党委反馈巡察情况\n来源：西湖区纪委监委 发布时间：2022-03-18\n"
         "3月16日，九届区委第二轮巡察第三巡察组分别向城南社区党委、城北社区党委反馈巡察情况。2022年1月4日至2月20日，"
         "区委第三巡察组对两个社区党委开展了常规巡察。",
         "西湖区委/九届/2", "feedback", ("城南社区党委", "城北社区党委")),
    Case("unnumbered-group-feedback",
         "鼓楼区委巡察组向3家单位党组织反馈巡察意见\n"
         "日前，鼓楼区委巡察组向白沙镇、区交通运输局、区文广旅体局等3家单位党组织分别反馈巡察意见。",
         None, "feedback", ("白沙镇", "区交通运输局", "区文广旅体局")),
]


def _main(text: str) -> RoundRef:
    return next(r for r in parse_text(text).round_refs if r.main)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_round_units(case: Case) -> None:
    main = _main(case.text)
    assert (main.key, main.stage) == (case.key, case.stage)
    assert tuple(u.unit for u in main.units) == case.units


def test_each_unit_takes_the_day_that_leads_its_part_of_the_sentence() -> None:
    main = _main(CASES[1].text)
    assert [(u.unit, u.feedback_date) for u in main.units] == [
        ("区人社局", date(2022, 6, 28)), ("区住建局", date(2022, 6, 28)), ("区总工会", date(2022, 6, 29))]
    assert main.feedback_date is None  # a range for all, a day for each


def test_an_unnumbered_group_is_what_the_ref_spans() -> None:
    main = _main(CASES[-1].text)
    assert (main.text, main.group, main.body) == ("鼓楼区委巡察组", None, "鼓楼区委")


def test_a_second_name_in_brackets_is_the_same_unit() -> None:
    notice = parse_text(CASES[2].text)
    keys = {m.name: m.unit_key for m in notice.unit_mentions}
    assert keys["中国国际贸易促进委员会杭州市西湖区委员会"] == keys["区商务局"] == "西湖区商务局"


def _keys(text: str) -> dict[str, str]:
    return {m.name: m.unit_key for m in parse_text(text).unit_mentions}


# (text of notice A, name in A, text of notice B, name in B, one unit?)
CITY_ENTRY = ("十二届市委第二轮巡视进驻\n来源：杭州市纪委监委 发布时间：2023-03-01\n"
              "十二届杭州市委第二轮巡视将对西湖区、拱墅区开展常规巡视。")
CITY_REPORT = ("中共杭州市西湖区委员会关于十二届市委第二轮巡视整改进展情况的通报\n"
               "根据市委统一部署，市委第二巡视组对西湖区委开展了常规巡视。")
DISTRICT_ENTRY = ("十四届区委第四轮巡察工作启动\n来源：西湖区融媒体中心 2023-02-27\n"
                  "十四届区委第四轮巡察对区发展和改革局、区综合行政执法局等2家单位党组织开展巡察，"
                  "为建设现代化新西湖提供保障。")
DISTRICT_FEEDBACK = ("十四届区委第四轮巡察集中反馈\n来源：西湖区纪委监委 发布时间：2023-06-19\n"
                     "6月15日，区委第一巡察组向区发改局党组、区综合执法局党组反馈十四届区委第四轮巡察情况。")
DISTRICT_REPORT = ("中共杭州市西湖区综合行政执法局党组关于十四届区委第四轮巡察整改进展情况的通报\n"
                   "区委第二巡察组对杭州市西湖区综合行政执法局党组（以下简称“局党组”）开展了常规巡察。"
                   "督促区综合行政执法局城南中队完善执法记录。")
OTHER_CITY = ("十二届市委第一轮巡察完成进驻\n来源：南昌市纪委监委 发布时间：2022-09-01\n"
              "十二届南昌市委第一轮巡察对西湖区综合行政执法局党组开展常规巡察。")
KEY_PAIRS = [
    ("city-district-full-and-short", CITY_REPORT, "中共杭州市西湖区委员会", CITY_ENTRY, "西湖区", True),
    ("abbreviation-across-stages", DISTRICT_ENTRY, "区发展和改革局", DISTRICT_FEEDBACK, "区发改局党组", True),
    ("district-report-writes-its-city", DISTRICT_REPORT, "中共杭州市西湖区综合行政执法局党组", DISTRICT_FEEDBACK,
     "区综合执法局党组", True),
    ("a-bureau-and-its-squad", DISTRICT_REPORT, "区综合行政执法局城南中队", DISTRICT_FEEDBACK, "区综合执法局党组",
     False),
    ("same-district-name-of-another-city", OTHER_CITY, "西湖区综合行政执法局党组", DISTRICT_REPORT,
     "中共杭州市西湖区综合行政执法局党组", False),
]


@pytest.mark.parametrize(("case", "text_a", "name_a", "text_b", "name_b", "same"), KEY_PAIRS,
                         ids=[p[0] for p in KEY_PAIRS])
def test_names_of_one_unit_share_a_key(case: str, text_a: str, name_a: str, text_b: str, name_b: str,
                                       same: bool) -> None:
    assert (_keys(text_a)[name_a] == _keys(text_b)[name_b]) is same


def test_a_report_titled_by_a_short_name_is_the_unit_its_body_names() -> None:
    text = ("供应链公司党委关于集团公司党委第一轮巡视整改进展情况的通报\n"
            "根据南方电装集团党委统一部署，集团公司党委第二巡视组对南方电装集团供应链科技有限公司党委"
            "（以下简称“公司党委”）开展了常规巡视。")
    mentions = {m.name: m for m in parse_text(text).unit_mentions}
    title, body = mentions["供应链公司党委"], mentions["南方电装集团供应链科技有限公司党委"]
    assert title.unit_key == body.unit_key and title.name_key != body.name_key  # an alias edge joins the two keys
    assert "unit.key_alias" in title.key_rules


def test_a_name_inside_another_name_is_not_an_occurrence() -> None:
    text = ("中共杭州市自然资源局党组关于十四届市委第三轮巡察整改进展情况的通报\n"
            "市委第一巡察组对市自然资源局党组开展了巡察。市自然资源局测绘中心完成数据整改。")
    names = [m.name for m in parse_text(text).unit_mentions]
    assert "市自然资源局" not in names[2:]  # 市自然资源局测绘中心 names the centre


def test_a_ministry_inspected_by_the_centre_is_the_body_of_its_own_rounds() -> None:
    central = ("中央第五巡视组向南方部党组反馈巡视情况\n"
               "根据十九届中央第三轮巡视工作统一部署，中央第五巡视组于4月10日至6月20日对南方部党组进行了常规巡视。")
    own = ("南方部党组召开二〇二三年巡视工作会议暨第一轮巡视动员部署会\n"
           "根据部署，此轮巡视将对南方部信息中心等2家单位党组织开展常规巡视。")
    assert _keys(central)["南方部党组"] == _keys(own)["南方部党组"] == "南方部"  # 中央 qualifies no unit
    ref = _main(own)
    assert (ref.key, ref.body_rule_id) == ("南方部党组/2023年/1", "round.body_written")
    assert "南方部" not in [u.unit_key for u in ref.units]  # a body never inspects itself


def test_a_place_s_committee_reporting_on_a_unit_is_not_that_unit() -> None:
    """中共清溪县委关于…巡察反馈意见整改进展情况的通报 about the 局党组 its group inspected: two units."""
    text = ("中共舒城县委关于县委第三巡察组巡察反馈意见整改进展情况的通报\n"
            "县委第三巡察组对中共舒城县农业农村局党组（以下简称“局党组”）开展了常规巡察。")
    keys = _keys(text)
    assert keys["中共舒城县委"] != keys["中共舒城县农业农村局党组"]
