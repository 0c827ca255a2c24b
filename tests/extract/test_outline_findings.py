"""Findings in every form (rules/outline.yaml outline.finding*): levels 1-4, 针对X问题, 问题一：,
categories holding findings, audit items under 审计查出问题 headings, and each finding's category.

CASES_BUGS_CAUGHT: forms that gave no findings before issue 14 (level-1 replies, audit items).
"""

from __future__ import annotations

from noticeparse.extract.outline import extract_outline


def findings(text: str, rules) -> list[tuple[str, str | None, str | None]]:
    return [(n.finding_title, n.category, n.finding_rule_id) for n in extract_outline(text, rules) if n.is_finding]


def test_reply_items_at_level_1(rules):
    text = "一、关于大连双岛湾工业区石化项目问题\n正文。\n二、关于辽宁电力建设项目问题\n（一）你省的电力发展应纳入东北电网统筹考虑。"
    assert findings(text, rules) == [
        ("大连双岛湾工业区石化项目", None, "outline.finding"),
        ("辽宁电力建设项目", None, "outline.finding"),
    ]


def test_audit_items_under_audit_heading(rules):
    text = ("二、审计查出问题整改情况\n（一）部门预算执行审计查出问题的整改情况\n1.超标准列支会议费。已收回资金。\n"
            "2.政府采购程序不规范。已整改。\n三、下一步工作")
    assert findings(text, rules) == [
        ("超标准列支会议费", "部门预算执行审计查出问题的整改情况", "outline.finding_category"),
        ("政府采购程序不规范", "部门预算执行审计查出问题的整改情况", "outline.finding_category"),
    ]


def test_category_of_problems_holds_findings(rules):
    text = "一、整改情况\n（一）党的领导方面存在的问题\n1.理论学习不深入。一是制定计划。\n2.议事规则执行不严。"
    got = findings(text, rules)
    assert [t for t, _c, _r in got] == ["理论学习不深入", "议事规则执行不严"]
    assert {c for _t, c, _r in got} == {"党的领导方面存在的问题"}


def test_zhendui_and_numbered_problem_forms(rules):
    text = "（一）强化政治建设\n1.针对“基层党组织建设薄弱”的问题。一是整顿。\n问题二：资金拨付不及时。一是拨付。"
    assert findings(text, rules) == [
        ("基层党组织建设薄弱", "强化政治建设", "outline.finding_zhendui"),
        ("资金拨付不及时", "强化政治建设", "outline.problem"),
    ]


def test_seed_form_keeps_its_category(rules):
    text = "二、整改成效\n（一）党的领导作用发挥不充分\n1.关于“理论学习中心组学习不扎实”的问题。一是制定计划。"
    assert findings(text, rules) == [("理论学习中心组学习不扎实", "党的领导作用发挥不充分", "outline.finding")]


def test_policy_headings_are_not_findings(rules):
    text = "一、总体要求\n二、主要任务\n（一）关于进一步规范做好党内谈话工作的通知\n1.加强学习。"
    assert findings(text, rules) == []


def test_audit_items_under_problem_rectification_heading(rules):
    """一、财政部门预算执行问题的整改情况 holds the audit items below it."""
    text = "一、财政部门预算执行问题的整改情况\n1.部分专项资金未及时拨付。已拨付。\n2.结余资金未清理。已收回。"
    assert [t for t, _c, _r in findings(text, rules)] == ["部分专项资金未及时拨付", "结余资金未清理"]


def test_govcn_letters_findings_match_gold(shared_corpus, rules):
    """The 函 letters of govcn-html: every finding heading of gold.jsonl, and no other (issue 14 gave 0/7 and 5/16)."""
    import json
    import re

    from noticeparse.parse import ParseOptions, parse_bytes

    folder = shared_corpus / "govcn-html"
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        if not gold.get("findings"):
            continue
        notice = parse_bytes((folder / f"{gold['id']}.html").read_bytes(), ParseOptions(kind="html", rules=rules))
        want = [re.sub(r"\s", "", o["heading"]) for o in gold["outline"] if o["is_finding"]]
        assert [re.sub(r"\s", "", n.heading) for n in notice.findings] == want, gold["id"]
        assert notice.meta.kind == "函复"
