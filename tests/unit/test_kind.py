"""Notice kind (rules/kinds.yaml) and form (rules/form.yaml), from titles and bodies of real page shapes.

CASES come from the shared corpus titles (govcn letters, ccdi case notices, audit and
inspection reports); CASES_BUGS_CAUGHT are texts that were classified wrongly while the rules
were written (a title broken over two lines, a body naming 巡视 after 巡察); CASES_ISSUE_22 are
the shapes issue 22 names, rewritten from real pages: a 处分决定, audit reports and announcements,
a news headline that retells a case, a policy document about audit rectification, commentaries.
FORMS are the forms of the same kinds of page: a commission's column, a newspaper's dateline, a
portal's repost byline, a rewritten headline.
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


CASES_ISSUE_22 = [
    Case("中共秀洲区纪律检查委员会关于给予曹某某同志党内严重警告处分的决定", "", "典型问题通报", "kind.title_case"),
    Case("关于县自然资源局原局长王某某任期经济责任履行情况的审计报告", "", "审计整改", "kind.title_audit"),
    Case("庆阳市审计局关于2021年度市本级医疗保障基金管理使用情况的审计结果公告", "", "审计整改", "kind.title_audit"),
    Case("公款寄贺卡275元 社区书记受党内警告处分", "", "典型问题通报", "kind.title_case"),
    Case("山东省人民政府关于加强审计查出问题整改工作的实施意见",
         "为推动审计查出问题整改落实，结合我省实际，提出如下意见。", "政策文件", "kind.title_policy_doc"),
    Case("我省出台政府投资项目审计监督办法 3000万元以上项目列入年度审计计划", "", "政策文件", "kind.title_policy_news"),
    # commentaries are 其他 however many cases they quote
    Case("深度关注丨节前通报典型案例释放强烈信号", "日前，中央纪委国家监委公开通报8起典型问题，某某受到党内严重警告处分。",
         "其他", "form.title_commentary"),
    Case("以案说纪丨屡教不改，终受处分", "【案情回顾】\n某某多次接受宴请，受到党内严重警告处分。", "其他", "form.title_commentary"),
    # a rewritten headline and a body that says otherwise: the body wins and the rule id names both
    Case("这些干部被通报了", "现将巡察整改进展情况予以公布。", "巡察整改", "kind.body_xuncha>over:kind.title_case"),
]


@pytest.mark.parametrize("case", CASES + CASES_BUGS_CAUGHT + CASES_ISSUE_22,
                         ids=lambda c: f"{c.kind}-{(c.title or c.body)[:12]}")
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


class FormCase(NamedTuple):
    title: str
    body: str
    form: str
    rule_id: str | None


FORMS = [
    FormCase("关于巡察整改进展情况的通报", "现将整改进展情况予以公布。", "notice", None),
    FormCase("今日锐评丨违规吃喝的“局”，必须彻底破掉", "", "commentary", "form.title_commentary"),
    FormCase("守纪律，这些“礼物”不能收", "守纪律，这些“礼物”不能收\n来源：某某纪检监察报\n“双节”将至，党员干部该如何对待各种“礼物”？",
             "commentary", "form.body_lead_question"),
    FormCase("湖南一县民政局中秋违规发放月饼", "新华网长沙9月5日电 湖南省纪委近日通报了7起典型问题。", "news",
             "form.body_dateline"),
    FormCase("九届省委第二轮巡视22个县集中公布整改进展", "本报讯（通讯员任某某 记者周某）近日，", "news", "form.body_dateline"),
    FormCase("又有干部被通报！涉及违规收礼、公车私用……", "来源：清风某某　2018-07-26\n近日，区纪委监委通报3起问题。", "repost",
             "form.title_repost"),
    FormCase("国务院办公厅关于科技节水建议的复函", "作者：法律资料网　时间：2024-07-11 18:04:53　浏览：5218", "repost",
             "form.body_repost"),
]


@pytest.mark.parametrize("case", FORMS, ids=lambda c: f"{c.form}-{c.title[:12]}")
def test_form(case: FormCase, rules):
    got = classify_notice(case.title, case.body, rules)
    assert (got.form, got.form_rule_id) == (case.form, case.rule_id)


def test_a_notice_the_view_folded_from_traditional_script_is_a_repost(rules):
    notice = parse_text("關於巡察整改進展情況的通報\n現將整改進展情況予以公佈。", ParseOptions(rules=rules))
    assert (notice.meta.kind, notice.meta.form, notice.meta.form_rule_id) == ("巡察整改", "repost", None)
    plain = parse_text("关于巡察整改进展情况的通报\n现将整改进展情况予以公布。", ParseOptions(rules=rules))
    assert (plain.meta.kind, plain.meta.form) == ("巡察整改", "notice")
