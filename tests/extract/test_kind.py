"""Notice kind (rules/kinds.yaml) and form (rules/form.yaml), from titles and bodies of real page shapes.

CASES come from the shared corpus titles (govcn letters, ccdi case notices, audit and
inspection reports); CASES_BUGS_CAUGHT are texts that were classified wrongly while the rules
were written (a title broken over two lines, a body naming 巡视 after 巡察); CASES_ISSUE_22 are
the shapes issue 22 names, rewritten from real pages: a 处分决定, audit reports and announcements,
a news headline that retells a case, a policy document about audit rectification, commentaries.
CASES_STRUCTURE are the self-descriptions each kind opens with (numbered cases, 经查…给予, 收悉…答复如下,
statistics, feedback news, a document's own type), rewritten from pages read beyond the dev sets.
FORMS are the forms of the same kinds of page: a commission's column, a newspaper's dateline, a
portal's repost byline, a rewritten headline; FORMS_STRUCTURE more datelines (agencies, Taiwan
sites), meeting news, event headlines, argued headlines, editor's notes and source lines.
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
    Case("国务院办公厅关于推进政务新媒体健康有序发展的意见", "", "政策文件", "kind.title_policy_doc"),
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


# the structure each kind shows in its first paragraphs, learned from real pages of each genre
# (rewritten; names masked): what a case notice, a 处分决定, a reply, a statistics release, news of
# a round's feedback and a policy story say of themselves
CASES_STRUCTURE = [
    Case(None, "近期查处了2起问题。\n一、某县民政局原局长李某某违规收受礼金问题。2023年春节期间，李某某收受礼金1.2万元。"
         "李某某受到党内严重警告处分。", "典型问题通报", "kind.body_case_item"),
    Case(None, "经查，2022年5月，陈某某违规操办其子婚宴，收受礼金3.6万元。\n经县纪委常委会研究，决定给予陈某某党内警告处分。",
         "典型问题通报", "kind.body_case_decision"),
    Case("多地纪委监委节前密集通报", "日前，某省纪委监委点名通报了五起违规收送礼品礼金问题。", "典型问题通报",
         "kind.body_case_retold"),
    # a statistics release under a case-like headline: 其他, and the rule id says the body overruled it
    Case("刚刚通报！某省9月查处违反中央八项规定精神问题312起",
         "记者从省纪委监委获悉，9月全省共查处违反中央八项规定精神问题312起，处理405人。", "其他",
         "kind.body_statistics>over:kind.title_case"),
    # … but a count of penalties does not overrule an audit report's title
    Case("关于2022年度审计查出问题整改情况的报告", "对审计移送的问题线索，已给予党纪政务处分12人。", "审计整改", "kind.title_audit"),
    Case(None, "王某某委员：\n您提出的《关于加快建设社区养老服务站的提案》收悉。现答复如下：", "函复", "kind.body_reply"),
    Case(None, "市政协到市住建局召开重点提案面商会，就委员提出的《关于老旧小区改造的建议》开展面商。", "函复",
         "kind.body_reply_news"),
    # a tally of suggestions handled answers no one
    Case("关于市九届人大二次会议代表建议的办理情况", "市政府共承办代表建议48件，已解决或基本解决的36件，满意率100%。", "其他", None),
    Case("县里为婚丧喜事立规矩", "近日，县委办公室、县政府办公室印发《关于规范党员干部操办婚丧喜庆事宜的规定》。", "政策文件",
         "kind.body_policy_news"),
    Case("省委第五巡视组向某市反馈巡视情况", "", "巡视整改", "kind.title_xunshi"),
    Case(None, "6月5日，区委第一巡察组在某镇召开巡察情况反馈会议，镇党委书记主持。", "巡察整改", "kind.body_xuncha"),
    Case("县委第三轮巡察工作动员部署会召开", "本轮巡察派出4个巡察组，对12个村（社区）党组织开展常规巡察，被巡察党组织要边巡边改、立行立改。",
         "其他", "kind.title_round"),
    # a speech names cases and tasks; it is none of them
    Case("某某同志在全市警示教育大会上的讲话", "同志们：\n今天召开警示教育大会，通报5起典型案例，某某受到党内严重警告处分。", "其他",
         "kind.title_speech"),
    Case(None, "同志们：\n今天召开警示教育大会，通报5起典型案例，某某受到党内严重警告处分。", "其他", "kind.body_speech"),
    # a notice's self-reference after a count of penalties; a feature that cites a notice further down
    Case(None, "全市查处一批违规发放津贴补贴问题，给予党纪政纪处分129人。现将部分典型案例通报如下：\n"
         "   1、某区环保局违规发放津贴补贴问题。2015年7月，区纪委给予原局长党内严重警告处分。", "典型问题通报",
         "kind.body_case_self"),
    Case("作风建设永不停歇", "纠治“四风”任重道远。\n党的二十大对抓作风作出新部署。\n各级纪检监察机关紧盯关键节点。\n"
         "持续加固中央八项规定堤坝\n" + "一刻不松、半步不退。" * 20 + "\n2022年12月，中央纪委国家监委公开通报了5起典型问题，"
         "某某受到党内严重警告处分。", "其他", None),
    Case("刚刚通报！全国查处违反中央八项规定精神问题10.2万起",
         "全国共查处违反中央八项规定精神问题10.2万起，批评教育帮助和处理14.6万人。", "其他",
         "kind.body_statistics>over:kind.title_case"),
    # a document's own type decides over the subject it treats
    Case("某某市审计局审计结果公告试行办法", "第一条 为规范审计结果公告工作，制定本办法。", "政策文件", "kind.title_policy_doc"),
    Case("关于印发《巡察整改工作办法》的通知", "现将《巡察整改工作办法》印发给你们，请认真贯彻执行。", "政策文件", "kind.title_policy_doc"),
    Case("中共某某县卫生健康局党组关于公开县委巡察反馈意见整改情况的通知", "现将我局落实县委第三巡察组反馈意见整改情况予以公开。",
         "巡察整改", "kind.title_xuncha"),
]


@pytest.mark.parametrize("case", CASES + CASES_BUGS_CAUGHT + CASES_ISSUE_22 + CASES_STRUCTURE,
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
             "commentary", "form.title_judgement"),
    FormCase("湖南一县民政局中秋违规发放月饼", "新华网长沙9月5日电 湖南省纪委近日通报了7起典型问题。", "news",
             "form.body_dateline"),
    FormCase("九届省委第二轮巡视22个县集中公布整改进展", "本报讯（通讯员任某某 记者周某）近日，", "news", "form.body_dateline"),
    FormCase("又有干部被通报！涉及违规收礼、公车私用……", "来源：清风某某　2018-07-26\n近日，区纪委监委通报3起问题。", "repost",
             "form.title_repost"),
    FormCase("国务院办公厅关于科技节水建议的复函", "作者：法律资料网　时间：2024-07-11 18:04:53　浏览：5218", "repost",
             "form.body_repost"),
]

# the structure of each form: datelines and bylines as papers, agencies and Taiwan sites set them,
# meeting news, headlines that tell an event, ask or exhort, editor's notes, source lines
FORMS_STRUCTURE = [
    FormCase("中共十一前夕频打贪", "（中央社记者李某某台北28日电）中共10月1日将庆祝建政70年。", "news", "form.body_dateline"),
    FormCase("国民党考纪会：绝非事实", "2025/11/21 15:21 记者施某某/台北报导\n国民党中常委何某某日前经考纪会通过停职处分。", "news",
             "form.body_dateline"),
    FormCase("县委巡察组进驻雪枫街道", "大河网讯 近日，镇平县雪枫街道群众纷纷向县委第三巡察组报喜。", "news", "form.body_dateline"),
    FormCase("审计整改见实效", "省审计厅紧盯审计查出问题整改。\n已有5名干部被问责。\n（周某某）", "news", "form.body_byline_tail"),
    FormCase("县委第一巡察组向经开区反馈巡察情况",
             "5月25日，县委第一巡察组巡察经开区情况反馈会召开。县委巡察办主任出席会议并讲话。", "news", "form.body_meeting"),
    FormCase("本级巡察整改：某区开展巡察整改专项督查", "区纪委监委牵头组成专项督查组。", "news", "form.title_event"),
    FormCase("巡视反馈文风之变释放了什么信号", "这些天，巡视反馈情况每发布一次，就会引起一阵热议。", "commentary", "form.title_question"),
    FormCase("警惕“一桌餐”成为“四风”新变种", "2018-04-13 17:19 来源：某某网\n常德执纪监督向“一桌餐”开刀。", "commentary",
             "form.title_judgement"),
    FormCase("关于典型案例通报的实践思考", "编者按：典型案例通报是警示教育的重要载体。", "commentary", "form.title_commentary"),
    FormCase("方圆谈丨严防表格里的形式主义", "中央纪委国家监委网站 王某\n近日，某地通报了3起典型问题。", "commentary",
             "form.title_commentary"),
    FormCase("要闻丨省委巡视工作领导小组召开会议", "本报讯（记者 谢某）12月25日，省委巡视工作领导小组召开会议。", "news",
             "form.body_dateline"),
    FormCase("巡察整改晒“成绩单”", "编者按：各被巡察村陆续张贴巡察整改情况公示，本号予以转发。\n关于巡察反馈问题整改情况的公示",
             "repost", "form.body_forwarded"),
    FormCase("关于全面推进政务公开工作的实施意见", "来源：某某市政府门户网 日期：2017-01-12 17:08\n各县市区人民政府：", "repost",
             "form.body_repost"),
    FormCase("市交通运输局关于第105号建议的答复", "发布时间：2023-07-20  来源：市交通运输局\n李某某代表：", "notice", None),
    # an agency printing a document under its dateline reposts it; a story retelling it is news
    FormCase("某省公布巡视整改进展", "中评社长沙8月8日电／\n各市州党委：\n现将巡视整改进展情况予以公布。", "repost",
             "form.body_printed"),
    FormCase("国务院部门办理建议提案 1万余件全部按时办结", "2020年05月10日09:42  来源：人民网-人民日报\n国新办9日上午举行吹风会。",
             "news", "form.body_news_source"),
]


@pytest.mark.parametrize("case", FORMS_STRUCTURE, ids=lambda c: f"{c.form}-{c.title[:12]}")
def test_form_structure(case: FormCase, rules):
    got = classify_notice(case.title, case.body, rules)
    assert (got.form, got.form_rule_id) == (case.form, case.rule_id)


def test_an_argued_headline_over_a_document_is_no_commentary(rules):
    """A repost may ask in its headline; a body that addresses its recipients is a document (data.unless)."""
    body = "各乡镇党委：\n现将近期查处的3起违规吃喝问题通报如下：\n一、某镇原镇长赵某违规接受宴请问题。赵某受到党内警告处分。"
    got = classify_notice("这些干部为何被通报？", body, rules)
    assert (got.form, got.kind) == ("notice", "典型问题通报")
    essay = classify_notice("这些干部为何被通报？", "节前通报的几起问题，折射出一些干部的侥幸心理。", rules)
    assert (essay.form, essay.kind) == ("commentary", "其他")


def test_a_byline_at_the_end_of_a_long_story_is_read(rules):
    """Bylines and source notes stand at the end too: the form reads the last data.tail_window characters."""
    body = "省审计厅紧盯审计查出问题整改。" + "督查组逐项核对整改台账。" * 60 + "\n（周某某 吴某某）"
    assert classify_notice("审计整改见实效", body, rules).form_rule_id == "form.body_byline_tail"
    assert classify_notice("审计整改见实效", body[:-len("（周某某 吴某某）")], rules).form == "notice"


def test_rule_data_names_only_rules_of_its_file(rules):
    """data.order, the maps and the lists of form.yaml and kinds.yaml name rules that exist; every rule is used."""
    for name, lists in (("form", ("order", "unless", "forms")), ("kinds", ("order", "kinds", "fallback_rules",
                                                                          "title_decides", "overrules_only",
                                                                          "lead_rules"))):
        rule_file = rules[name]
        known = {rule.id for rule in rule_file.rules}
        named: set[str] = set()
        for key in lists:
            value = rule_file.data.get(key) or []
            named |= {str(v) for v in value}
            if isinstance(value, dict):
                named |= {str(v) for items in value.values() if isinstance(items, list) for v in items}
        assert named <= known, (name, named - known)
        assert known <= named, (name, known - named)


@pytest.mark.parametrize("case", FORMS, ids=lambda c: f"{c.form}-{c.title[:12]}")
def test_form(case: FormCase, rules):
    got = classify_notice(case.title, case.body, rules)
    assert (got.form, got.form_rule_id) == (case.form, case.rule_id)


def test_a_notice_the_view_folded_from_traditional_script_is_a_repost(rules):
    notice = parse_text("關於巡察整改進展情況的通報\n現將整改進展情況予以公佈。", ParseOptions(rules=rules))
    assert (notice.meta.kind, notice.meta.form, notice.meta.form_rule_id) == ("巡察整改", "repost", None)
    plain = parse_text("关于巡察整改进展情况的通报\n现将整改进展情况予以公布。", ParseOptions(rules=rules))
    assert (plain.meta.kind, plain.meta.form) == ("巡察整改", "notice")
