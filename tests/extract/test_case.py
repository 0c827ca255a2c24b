"""Case records (extract/case.py): spans and rule ids on every value, amounts by role, rows, the stated count."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.extract.case import stated_case_count
from noticeparse.parse import ParseOptions, parse_text
from noticeparse.settings import Settings
from noticeparse.store.rows import notice_rows

NOTICE = (
    "某县纪委监委通报2起违规收受礼金典型问题\n"
    "1.县交通局原副局长张某违规收受礼品礼金问题。2019年至2021年，张某收受礼金共计3万元。"
    "2022年3月，张某受到党内严重警告、政务记过处分，违纪款已收缴。\n"
    "2.县水利局局长李某某、副局长王某违规公款吃喝问题。2023年，李某某、王某组织公款宴请，花费1.2万元，"
    "其中酒水0.5万元。李某某、王某分别受到党内警告、党内严重警告处分，违规报销的费用已全部清退。\n"
)


def test_values_carry_spans_and_rules(rules):
    notice = parse_text(NOTICE, ParseOptions(rules=rules, settings=Settings(segment=False)))
    text = notice.text
    assert [[p.name for p in c.persons] for c in notice.cases] == [["张某"], ["李某某", "王某"]]
    for case in notice.cases:
        assert case.rule_id == "case.marker_arabic"
        for person in case.persons:
            assert text[person.start : person.end] == person.name and person.rule_id.startswith("person.")
            assert text[person.post_start : person.post_end] == person.post
            if person.organisation is not None:
                assert text[person.organisation_start : person.organisation_end] == person.organisation
        for penalty in case.penalties:
            assert text[penalty.start : penalty.end] == penalty.text
            assert penalty.rule_id.startswith("penalty.") and penalty.attribution.startswith("case.attribute_")
        assert all(text[v.start : v.end] == v.text and v.rule_id.startswith("violation.") for v in case.violations)
    first = notice.cases[0]
    assert (first.persons[0].post, first.persons[0].organisation, first.persons[0].former) == (
        "县交通局原副局长", "县交通局", True)
    assert [(p.penalty_type, p.penalty) for p in first.penalties] == [
        ("党纪", "严重警告"), ("政务", "记过"), ("退赔收缴", "收缴违纪所得")]
    assert (first.period_start, first.penalty_date) == (date(2019, 1, 1), date(2022, 3, 1))


def test_amounts_by_role_leave_out_parts(rules):
    """Money sums within one role (quantities.role): a part (其中酒水0.5万元) is never added to its whole."""
    notice = parse_text(NOTICE, ParseOptions(rules=rules, settings=Settings(segment=False)))
    for case in notice.cases:
        money = [q for q in notice.quantities if case.start <= q.start < case.end and q.unit == "元"]
        for role, column in (("involved", "amount_involved"), ("recovered", "amount_recovered")):
            want = [q.value for q in money if q.role == role and q.part_of is None]
            assert getattr(case, column) == (sum(want) if want else None)
    assert notice.cases[0].amount_involved == 30000.0
    assert notice.cases[1].amount_involved == 12000.0


def test_rows_join_persons_and_penalties(rules):
    rows = notice_rows(parse_text(NOTICE, ParseOptions(rules=rules, settings=Settings(segment=False))), "")
    persons = {r["person_id"]: r for r in rows["case_persons"]}
    assert [r["name"] for r in rows["case_persons"]] == ["张某", "李某某", "王某"]
    assert rows["cases"][1]["persons"] == ["李某某", "王某"]
    given = [(persons[p["person_id"]]["name"], p["penalty"]) for p in rows["case_penalties"]]
    assert given == [("张某", "严重警告"), ("张某", "记过"), ("张某", "收缴违纪所得"), ("李某某", "警告"),
                     ("王某", "严重警告"), ("李某某", "责令退赔"), ("王某", "责令退赔")]
    assert all(persons[p["person_id"]]["case_id"] == p["case_id"] for p in rows["case_penalties"])
    assert rows["notices"][0]["stated_cases"] == 2


def test_stated_count_mismatch_is_a_warning(rules):
    text = NOTICE.replace("通报2起", "通报3起")
    notice = parse_text(text, ParseOptions(rules=rules, settings=Settings(segment=False)))
    assert notice.meta.stated_cases == 3
    assert [(i.code, i.message) for i in notice.issues] == [("W301", "the notice states 3 cases, 2 found")]
    assert not parse_text(NOTICE, ParseOptions(rules=rules, settings=Settings(segment=False))).issues


@pytest.mark.parametrize(("text", "count"), [
    ("中纪委网站刊发了国资委对54起央企违反八项规定问题的通报。…此前曾各公布一批通报，分别曝光47起和41起。", 54),
    ("湖南省纪委就7起违反作风建设规定精神的典型问题发出通报。…先后5次共通报了33起典型问题。", 7),
    ("州纪委通报了4起扶贫领域违纪违规典型案件。其中2起是违规平分低保资金。", 4),
    ("共立案8起。为强化警示教育，现将其中4起典型案件通报如下：", 4),
    ("海南省纪委监委并通报了近期查处的3宗违反疫情防控纪律问题。", 3),
])
def test_stated_count_is_the_notices_own(rules, text: str, count: int):
    """The count a notice presents (其中4起…通报), else the first it states: later ones are other notices'."""
    assert stated_case_count(text, rules) == count


def test_commentary_keeps_only_concrete_cases(rules):
    """Outside case notices a case needs a penalised person: commentary sentences ending in 问题 are none."""
    text = ("深度关注丨纠治形式主义\n形式主义、官僚主义既是思想问题、作风问题，也是党性问题。\n"
            "国家某中心审评六部原部长董某违规收受购物卡问题。董某受到党内警告处分。")
    notice = parse_text(text, ParseOptions(rules=rules, settings=Settings(segment=False)))
    assert [[p.name for p in c.persons] for c in notice.cases] == [["董某"]]


def test_cli_extracts_case_persons():
    result = CliRunner().invoke(main, ["extract", "case_persons", NOTICE])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert all(r["post_rule_id"] == "person.post" for r in rows)
    assert [(r["name"], r["post"], r["kind"]) for r in rows] == [
        ("张某", "县交通局原副局长", "person"), ("李某某", "县水利局局长", "person"), ("王某", "副局长", "person")]
