"""Roles, bounds, wholes and parts, money nouns of quantities (issue 15; rules/roles.yaml).

CASES come from the samples' sentences and the issue's examples; CASES_BUGS_CAUGHT are the
README's first query's mistakes (a whole summed with its parts, thresholds summed as amounts).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from noticeparse.extract import extract_entities
from noticeparse.rules import load_rules


@dataclass(frozen=True)
class Case:
    text: str
    quantity: str
    role: str | None
    bound: str = "exact"
    noun: str | None = None


CASES = [
    Case("市财政局已收回部门结余资金1.2亿元，统筹用于教育", "1.2亿元", "recovered", noun="结余资金"),
    Case("已追回违规领取的补贴资金共计46.8万元，涉及132人次", "46.8万元", "recovered", noun="补贴资金"),
    Case("追缴租金补贴21.5万元。", "21.5万元", "recovered", noun="租金补贴"),
    Case("违规发放津补贴10万元，已全部追回。", "10万元", "involved", noun="津补贴"),
    Case("违规收受管理服务对象礼金6800元。", "6800元", "involved", noun="礼金"),
    Case("挪用党费3.2万元用于购买理财产品。", "3.2万元", "involved", noun="党费"),
    Case("违规购买理财产品500万元。", "500万元", "involved", noun="理财产品"),
    Case("对其处以罚款2万元。", "2万元", "fined", noun="罚款"),
    Case("2021年6个产业项目合计完成投资37.30亿元，占年度目标任务的118%。", "37.30亿元", "completed",
         noun="投资"),
    Case("结合评价意见核减预算159.92万元。", "159.92万元", "completed", noun="预算"),
    Case("现剩余盘活任务量为64亩，", "64亩", "planned"),
    Case("计划投资5000万元建设", "5000万元", "planned", noun="投资"),
    Case("年度预算200万元，", "200万元", "budget", noun="预算"),
    Case("（1）总投资3000万元以上的项目，由市发展改革委审批", "3000万元以上", "threshold", "min", "总投资"),
    Case("（2）总投资3000万元以下的项目", "3000万元以下", "threshold", "max", "总投资"),
    Case("单项变更金额达到50万元的", "50万元", "threshold", noun="变更金额"),
    Case("新区共有企业约30家，", "约30家", None, "approx"),
    Case("配备5~7人", "5~7人", None, "range"),
    # the shared corpus's forms: traditional characters read folded, losses, rates, caps
    Case("分書追繳原住民就業代金新臺幣2,864,400元。", "2,864,400元", "recovered"),
    Case("造成国有资产损失1489万余元；", "1489万余元", "involved", "approx", "资产"),
    Case("扣除标准为每月800元。", "800元", "threshold"),
    Case("基金会基金数额不少于210万元人民币。", "210万元人民币", "threshold"),
    Case("接待13人,11人陪餐,花費2026元。", "2026元", "involved"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.text[:12] for c in CASES])
def test_role(case: Case):
    found = {q.text: q for q in extract_entities(case.text, load_rules()).quantities}
    q = found[case.quantity]
    assert (q.role, q.bound, q.noun) == (case.role, case.bound, case.noun)
    assert (q.role_rule_id is None) == (case.role is None)


CASES_BUGS_CAUGHT = [
    # the whole and its parts: 714 is the whole of 356, 443 of 393 (the README summed all four)
    (("大湾区大学范围约714亩土地中，完成约356亩其他类土地的整备签约工作；重点建设项目范围约443亩"
     "土地中，完成约393亩土地的整备签约。"),
     [("约714亩", "total", None), ("约356亩", "completed", 7), ("约443亩", "total", None),
      ("约393亩", "completed", 44)]),
    ("共发现问题32项，其中已整改28项。", [("32项", "total", None), ("28项", "completed", 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES_BUGS_CAUGHT, ids=["land", "其中"])
def test_parts_of_a_whole(text: str, expected: list[tuple[str, str | None, int | None]]):
    quantities = extract_entities(text, load_rules()).quantities
    got = [(q.text, q.role, q.part_of) for q in quantities]
    assert [g for g in got if g[0] in {e[0] for e in expected}] == expected
    for q in quantities:
        if q.part_of is not None:
            assert text[q.part_of:].startswith(next(w.text for w in quantities if w.start == q.part_of))


NOT_WHOLES = [
    "共巡视57家中管企业、5家中管金融企业、7家中央单位",  # 中管 is no 中 of a whole
    "在中国境内居住累计满183天的任一年度中有一次离境超过30天的",
]


@pytest.mark.parametrize("text", NOT_WHOLES, ids=["中管", "年度中"])
def test_no_whole_without_a_clause_break(text: str):
    assert [q.part_of for q in extract_entities(text, load_rules()).quantities if q.part_of is not None] == []
