"""The parse plan (``extract/plan.py``) checks itself: needs filled before, names known, the registry covered.

Each check is one way the order of a parse went wrong before the plan was declared: a step
run before the value it reads (caught only on the notices where it mattered), a record table
added to the registry that no step fills (its records silently stayed out of the output), two
places listing the steps in two orders.
"""

from __future__ import annotations

import dataclasses

import pytest

from noticeparse.extract import (
    INPUTS,
    PLAN,
    RECORDS,
    STEP_NAMES,
    PlanError,
    Step,
    extract_entities,
    plan_steps,
    run_plan,
)
from noticeparse.extract.plan import NEEDS, TABLES
from noticeparse.fields import FIELDS
from noticeparse.parse import ParseOptions, parse_text
from noticeparse.parse.notice import supplied_steps
from noticeparse.records import Notice, ParseIssue
from noticeparse.rules import RuleSet

TEXT = "关于巡察整改情况的通报\n一、总体情况\n2021年8月5日，市委第二巡察组进驻，发现问题32项，《关于加强监督的意见》（市发〔2021〕3号）。\n"


def test_every_need_is_an_input_or_filled_by_an_earlier_step():
    filled = set(INPUTS)
    for step in PLAN:
        assert NEEDS[step.name] <= filled, (step.name, NEEDS[step.name] - filled)
        filled |= set(step.fills)


def test_step_names_are_unique_and_the_plan_ends_with_the_remapped_notice():
    assert len(STEP_NAMES) == len(set(STEP_NAMES))
    assert STEP_NAMES[0] == "view" and STEP_NAMES[-1] == "remap"
    assert PLAN[-1].fills == ("notice",)


def test_every_registry_table_is_filled_by_a_step():
    """A new field's records reach the output only when one plan line fills its table."""
    filled = {name for step in PLAN for name in step.fills}
    tables = {f.notice_attribute for f in FIELDS if "." not in f.notice_attribute}
    assert tables - filled == {"issues"}  # the parse collects the issues of every step itself
    notice_needs = NEEDS["notice"]
    assert tables - {"issues"} <= notice_needs  # the Notice is built from every one of them
    assert set(TABLES) == tables


def test_every_record_tuple_of_a_notice_is_built_by_the_plan():
    parsed = parse_text(TEXT)
    built = {name for name in TABLES if name != "issues"}
    record_fields = {f.name for f in dataclasses.fields(Notice)} & set(TABLES)
    assert record_fields == built | {"issues"}
    assert parsed.doc_numbers and parsed.titles and parsed.dates and parsed.quantities and parsed.outline


def test_the_steps_left_to_the_parse_are_the_ones_it_supplies():
    left = {step.name for step in PLAN if step.run is None}
    assert left == set(supplied_steps({})) == {"view", "header", "segment", "notice", "remap"}


def test_an_unknown_step_name_is_refused(rules: RuleSet):
    with pytest.raises(PlanError, match="unknown step 'dates'"):
        plan_steps("dates")
    with pytest.raises(PlanError, match="unknown step 'ocr'"):
        run_plan({"text": TEXT, "rules": rules}, [], steps=(), supplied={"ocr": lambda _s: None})


def test_a_step_that_reads_what_it_did_not_declare_fails(rules: RuleSet):
    sneaky = Step("doc_number", ("doc_numbers",), ("text", "rules"), lambda s: s.dates)
    with pytest.raises(PlanError, match="reads 'dates', which it does not declare"):
        run_plan({"text": TEXT, "rules": rules}, [], steps=(sneaky,))


def test_a_need_nothing_filled_is_refused(rules: RuleSet):
    with pytest.raises(PlanError, match=r"needs \['contacts', 'doc_numbers', 'reference_date', 'titles'\]"):
        run_plan({"text": TEXT, "rules": rules}, [], steps=plan_steps("date", "date"))


def test_a_failing_step_is_an_issue_named_after_it_and_keeps_what_came_before(rules: RuleSet):
    def broken(_slots: object) -> object:
        raise RuntimeError("boom")

    plan = tuple(dataclasses.replace(s, run=broken) if s.name in {"role", "alias"} else s
                 for s in plan_steps("doc_number", "alias"))
    issues: list[ParseIssue] = []
    values = {"text": TEXT, "rules": rules, "reference_date": None, "header": None, "folds": ()}
    found = run_plan(values, issues, steps=plan)
    assert [(i.stage, i.code, i.message) for i in issues] == [("role", "E200", "RuntimeError: boom"),
                                                              ("alias", "E200", "RuntimeError: boom")]
    assert found["quantities"] and found["aliases"] == ()  # the quantities found before the roles stay


def test_extract_entities_is_the_plan_from_doc_number_to_role(rules: RuleSet):
    found = extract_entities(TEXT, rules)
    parsed = parse_text(TEXT, ParseOptions(rules=rules))
    assert [(d.start, d.text) for d in found.dates] == [(d.start, d.text) for d in parsed.dates]
    assert [q.role for q in found.quantities] == [q.role for q in parsed.quantities]
    assert {s.name for s in plan_steps("doc_number", "role")} >= {"title_link", "contact", "outline", "quantity"}


def test_records_take_their_outline_node_unless_they_name_one(rules: RuleSet):
    parsed = parse_text(TEXT, ParseOptions(rules=rules))
    section = parsed.outline[0]
    assert all(d.node_id == section.node_id for d in parsed.dates)
    assert [n.node_id for n in parsed.outline] == [n.node_id for n in extract_entities(TEXT, rules).outline]
    assert RECORDS not in NEEDS["notice"]  # expanded to the tables filled before the notice
