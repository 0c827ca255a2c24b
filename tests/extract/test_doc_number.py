"""Document numbers: every bracket form from GB/T 9704 and real pages (hardcases p0xx)."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from noticeparse.extract.doc_number import extract_doc_numbers


class Case(NamedTuple):
    text: str
    found: str
    issuer: str | None
    year: int | None
    serial: int | None
    canonical: str


CASES = [
    Case("《规则》(滨海湾工委〔2020〕26号)", "滨海湾工委〔2020〕26号", "滨海湾工委", 2020, 26, "滨海湾工委〔2020〕26号"),
    Case("宁政发[2019]3号", "宁政发[2019]3号", "宁政发", 2019, 3, "宁政发〔2019〕3号"),
    Case("辽农办综发［2019］458号", "辽农办综发［2019］458号", "辽农办综发", 2019, 458, "辽农办综发〔2019〕458号"),
    Case("依据国办发(2018)128号", "国办发(2018)128号", "国办发", 2018, 128, "国办发〔2018〕128号"),
    Case("见鲁政办字（2019）90号", "鲁政办字（2019）90号", "鲁政办字", 2019, 90, "鲁政办字〔2019〕90号"),
    Case("苏政务办发【2019】73号", "苏政务办发【2019】73号", "苏政务办发", 2019, 73, "苏政务办发〔2019〕73号"),
    Case("苏政务办发﹝2019﹞73号", "苏政务办发﹝2019﹞73号", "苏政务办发", 2019, 73, "苏政务办发〔2019〕73号"),
    Case("桂審報〔2022〕3號文", "桂審報〔2022〕3號", "桂審報", 2022, 3, "桂審報〔2022〕3号"),
    Case("甘人社通2021年262号", "甘人社通2021年262号", "甘人社通", 2021, 262, "甘人社通〔2021〕262号"),
    Case("甘区政办发201756号", "甘区政办发201756号", "甘区政办发", 2017, 56, "甘区政办发〔2017〕56号"),
    Case("人社发2024(91)", "人社发2024(91)", "人社发", 2024, 91, "人社发〔2024〕91号"),
    Case("通告〔2022〕第4号", "通告〔2022〕第4号", "通告", 2022, 4, "通告〔2022〕4号"),
    Case("《条例》(国务院令第711号)", "国务院令第711号", "国务院令", None, 711, "国务院令第711号"),
    Case("內授消字第 11316024921 號", "內授消字第 11316024921 號", "內授消字", None, 11316024921, "內授消字第11316024921号"),
    Case("94年度判字第00834號", "94年度判字第00834號", "94年度判字", 2005, 834, "94年度判字第00834号"),
]

CASES_NEVER = ["2021年度学习计划", "东莞市南城区鸿福路99号", "(2021)", "第6号楼", "胜利路380号", "2022年第一季度"]


@pytest.mark.parametrize("case", CASES, ids=[c.found for c in CASES])
def test_doc_number(case: Case, rules):
    [number] = extract_doc_numbers(case.text, rules)
    assert case.text[number.start : number.end] == number.text == case.found
    assert (number.issuer, number.year, number.serial, number.canonical) == (
        case.issuer, case.year, case.serial, case.canonical)


@pytest.mark.parametrize("text", CASES_NEVER)
def test_not_a_doc_number(text: str, rules):
    assert extract_doc_numbers(text, rules) == []
