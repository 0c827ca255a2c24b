"""Which round a ref without a round number belongs to (link/resolve.py, ``link.unit_group_period``).

A body inspects a unit again in a later round (a city's 2021 round and its 十二届 second round both
inspect one district), and one group of a county inspects towns in two periods: a shared unit alone
places no ref. Each case is a numbered round of two refs and a numberless ref, in the forms of real
feedback and report pages (the numbers, groups and days are written for these tests).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from noticeparse.link.resolve import resolve_refs

ROUND = "江城市委/十二届/2"


def _ref(notice: str, number: int | None, **facts: Any) -> dict[str, Any]:
    return {"notice_id": notice, "ref_id": 0, "body": "江城市委", "body_rule_id": "round.body_place",
            "term": "十二届" if number else None, "round": number, "lookback": False, "group": None,
            "period_start": None, "feedback_date": None, **facts}


NUMBERED = [
    _ref("entry", 2, notice_date=date(2023, 3, 2)),  # 对甲区、乙区、丙区开展巡视
    _ref("feedback", 2, group="市委第四巡视组", period_start=date(2023, 3, 6), feedback_date=date(2023, 6, 15)),
]
UNITS = {("entry", 0): {"甲区", "乙区", "丙区"}, ("feedback", 0): {"甲区"}}

CASES = [
    ("same-unit-only", _ref("other", None), {"甲区"}, None),  # a 2021 entry of the same body: another round
    ("same-group", _ref("report", None, group="江城市委第四巡视组"), {"甲区"}, ROUND),
    ("same-period", _ref("report", None, period_start=date(2023, 3, 6)), {"甲区"}, ROUND),
    ("same-feedback-day", _ref("report", None, feedback_date=date(2023, 6, 15)), {"甲区"}, ROUND),
    ("two-units", _ref("entry2", None), {"甲区", "乙区"}, ROUND),
    ("same-group-other-period", _ref("report", None, group="市委第四巡视组", period_start=date(2021, 5, 10)),
     {"甲区"}, None),
    ("other-unit", _ref("report", None, group="市委第四巡视组"), {"丁区"}, None),
    ("same-group-two-years-before", _ref("entry2021", None, group="市委第四巡视组", notice_date=date(2021, 5, 20)),
     {"甲区"}, None),
]


@pytest.mark.parametrize(("case", "ref", "units", "key"), CASES, ids=[c[0] for c in CASES])
def test_a_ref_without_a_number_needs_more_than_a_unit(case: str, ref: dict[str, Any], units: set[str],
                                                       key: str | None) -> None:
    found = resolve_refs([*NUMBERED, ref], {**UNITS, (ref["notice_id"], 0): units})
    assert found[(ref["notice_id"], 0)][0] == key


def test_a_day_given_one_unit_of_many_agrees() -> None:
    """A feedback notice of several units gives each its own day (9月9日向驿达公司党委反馈): a report that
    names the day its unit got the feedback belongs to that round."""
    numbered = [_ref("feedback", 2)]
    report = _ref("report", None, feedback_date=date(2021, 9, 9))
    found = resolve_refs([*numbered, report], {("feedback", 0): {"甲区", "乙区"}, ("report", 0): {"乙区"}},
                         {("feedback", 0): {"乙区": date(2021, 9, 9), "甲区": date(2021, 9, 6)}})
    assert found[("report", 0)] == (ROUND, "link.unit_group_period")


def test_a_city_round_s_unit_named_without_the_city() -> None:
    """市委 of a notice that names no city: the round of the city whose notices name the unit with it."""
    numbered = [_ref("report", 2)]
    generic = {**_ref("entry", 2), "body": "市委", "body_rule_id": "round.body_as_written"}
    found = resolve_refs([*numbered, generic], {("report", 0): {"江城甲山区"}, ("entry", 0): {"甲山区", "乙山区"}})
    assert found[("entry", 0)] == (ROUND, "link.generic_by_unit")
    assert resolve_refs([*numbered, generic], {("report", 0): {"江城甲山区"}, ("entry", 0): {"乙山区"}})[
        ("entry", 0)][0] != ROUND
