"""Notice kind (rules/kinds.yaml): one case per genre, from titles and bodies of real page shapes.

CASES come from the shared corpus titles (govcn letters, ccdi case notices, audit and
inspection reports); CASES_BUGS_CAUGHT are texts that were classified wrongly while the rules
were written (a title broken over two lines, a body naming 巡视 after 巡察).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from noticeparse.extract.kind import classify_notice
from noticeparse.parse import ParseOptions, parse_text


class Case(NamedTuple):
    title: str | None
    body: str
    kind: str
    rule_id: str | None


CASES = [
    Case("关于市委第二巡察组巡察整改阶段性进展情况的通报", "", "巡察整改", "kind.title_xuncha"),
    Case("关于十届省委第一轮巡视整改进展情况的通报", "", "巡视整改", "kind.title_xunshi"),
    Case("中央纪委国家监委公开通报八起违规吃喝典型问题", "", "典型问题通报", "kind.title_case"),
    Case("关于2020年度市本级预算执行和其他财政收支审计查出问题整改情况的报告", "", "审计整改", "kind.title_audit"),
    Case("国务院办公厅关于推进政务新媒体健康有序发展的意见", "", "政策文件", "kind.title_policy"),
    Case("国务院办公厅关于科技节水建议的复函", "", "函复", "kind.title_reply"),
    Case("新华社北京7月29日电", "", "其他", None),
    Case(None, "一、总体情况\n我向市人大常委会报告本级预算执行审计查出问题的整改情况", "审计整改", "kind.body_audit"),
]

CASES_BUGS_CAUGHT = [
    # govcn pages break the title over lines: 国务院办公厅 / 关于…办理情况的函
    Case("国务院办公厅", "国务院办公厅\n关于湖北省在温家宝总理考察工作时所提问题和建议办理情况的函\n国办函〔2004〕1号", "函复",
         "kind.title_reply"),
    # the cue that comes first speaks of the notice; 巡视 later is what it cites
    Case(None, "现将巡察整改进展情况予以公布。按照省委巡视整改工作要求，", "巡察整改", "kind.body_xuncha"),
    Case(None, "会议学习关于巡视工作的重要论述，传达市委第三巡察组反馈意见，研究整改落实工作。", "巡察整改",
         "kind.body_xuncha"),
    # a breadcrumb line ending in 公告 is no policy title when an audit title follows
    Case("首页", "首页\n-> 要闻 -> 审计公告\n宁波市审计局关于2021年度审计工作报告反映问题整改情况的报告\n主任：", "审计整改",
         "kind.title_audit"),
]


@pytest.mark.parametrize("case", CASES + CASES_BUGS_CAUGHT, ids=lambda c: f"{c.kind}-{(c.title or c.body)[:12]}")
def test_kind(case: Case, rules):
    got = classify_notice(case.title, case.body, rules)
    assert (got.kind, got.rule_id) == (case.kind, case.rule_id)


def test_kind_is_in_the_notice_row(rules):
    notice = parse_text("中央纪委国家监委公开通报八起违规吃喝典型问题\n日前，通报如下。", ParseOptions(rules=rules))
    assert (notice.meta.kind, notice.meta.kind_rule_id) == ("典型问题通报", "kind.title_case")


def test_body_cues_without_a_title(rules):
    """Pages that lost their title: an audit work report and a 通告 still get their kind."""
    audit = classify_notice(None, "主任、各位副主任：\n受区人民政府委托，我向区人大常委会报告2022年度区本级预算执行审计情况，请审议。", rules)
    policy = classify_notice(None, "各镇人民政府：\n为切实做好疫情防控工作，现通告如下：\n一、严格落实防控措施。", rules)
    assert (audit.kind, policy.kind) == ("审计整改", "政策文件")
