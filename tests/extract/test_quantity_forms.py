"""Amounts and counts of issue 25: currencies, the missing units, amounts read whole, bounds.

``CASES`` are the forms the issue names, in sentences of the genres (rewritten); ``CASES_BUGS_CAUGHT``
values that were read wrong before this round (0万元 as 10,000, 一千零十二 as 1002, 50元6角3分 as 50,
负0.2千米 as 200, 港元 as its own unit with no currency).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.extract import extract_entities
from noticeparse.rules import load_rules

RULES = load_rules()


class Case(NamedTuple):
    text: str
    span: str
    value: float
    value_max: float | None
    unit: str  # money: the currency's main unit (元 is CNY only, so sums over 元 never mix currencies)
    currency: str | None
    bound: str


CASES = [
    Case("收受港币2960元", "港币2960元", 2960, None, "港元", "HKD", "exact"),
    Case("收受2960港元", "2960港元", 2960, None, "港元", "HKD", "exact"),
    Case("特别预算编列新台币177.1亿元", "新台币177.1亿元", 1.771e10, None, "新台币", "TWD", "exact"),
    Case("资助3万欧元", "3万欧元", 30000, None, "欧元", "EUR", "exact"),
    Case("每份售价500日元", "500日元", 500, None, "日元", "JPY", "exact"),
    Case("奖金为人民币5000元", "人民币5000元", 5000, None, "元", "CNY", "exact"),
    Case("奖金为5000元人民币", "5000元人民币", 5000, None, "元", "CNY", "exact"),
    Case("存有50万元港币", "50万元港币", 500000, None, "港元", "HKD", "exact"),
    Case("收到汇款2万美金", "2万美金", 20000, None, "美元", "USD", "exact"),
    Case("人均生产总值约合20533美元", "约合20533美元", 20533, None, "美元", "USD", "approx"),
    Case("罚金18億港幣", "18億港幣", 1.8e9, None, "港元", "HKD", "exact"),
    Case("新臺幣(下同)2,864,400元", "2,864,400元", 2864400, None, "新台币", "TWD", "exact"),
    Case("美元1万元（折合人民币6.9万元）", "美元1万元", 10000, None, "美元", "USD", "exact"),
    Case("美元1万元（折合人民币6.9万元）", "人民币6.9万元", 69000, None, "元", "CNY", "exact"),
    Case("经称重为一吨半", "一吨半", 1500, None, "千克", None, "exact"),
    Case("判处有期徒刑一年半", "一年半", 18, None, "月", None, "exact"),
    Case("涉案资金数十亿元", "数十亿元", 2e9, 9e9, "元", "CNY", "approx"),
    Case("收受财物十几万元", "十几万元", 110000, 190000, "元", "CNY", "approx"),
    Case("当晚有二十几人", "二十几人", 21, 29, "人", None, "approx"),
    Case("每次接待五六十人", "五六十人", 50, 60, "人", None, "approx"),
    Case("同比下降-3.5%", "-3.5%", -3.5, None, "%", None, "exact"),
    Case("最低气温-3.5℃", "-3.5℃", -3.5, None, "℃", None, "exact"),
    Case("有3成以上受访者", "3成以上", 30, None, "%", None, "min"),
    Case("发生率为千分之七点五二", "千分之七点五二", 7.52, None, "‰", None, "exact"),
    Case("每人投入1万元—5万元不等", "1万元—5万元", 10000, 50000, "元", "CNY", "range"),
    Case("一百二十到一百五十万元", "一百二十到一百五十万元", 1.2e6, 1.5e6, "元", "CNY", "range"),
    Case("数额在3万元以上不满20万元的", "3万元以上不满20万元", 30000, 200000, "元", "CNY", "range"),
    Case("缺口约2亿至3亿元", "约2亿至3亿元", 2e8, 3e8, "元", "CNY", "range"),
    Case("审查期限为10至15个工作日", "10至15个工作日", 10, 15, "工作日", None, "range"),
    Case("减负三千余万元", "三千余万元", 3e7, None, "元", "CNY", "approx"),
    Case("累计培训万余人", "万余人", 10000, None, "人", None, "approx"),
    Case("报销￥1,200.00元", "￥1,200.00元", 1200, None, "元", "CNY", "exact"),
    Case("合同金额¥5000,另", "¥5000", 5000, None, "元", "CNY", "exact"),
    Case("基金数额不少于10万元", "不少于10万元", 100000, None, "元", "CNY", "min"),
    # the missing units
    Case("新增确诊病例12例", "12例", 12, None, "例", None, "exact"),
    Case("宴请客人32桌", "32桌", 32, None, "桌", None, "exact"),
    Case("该项目覆盖6县", "6县", 6, None, "县", None, "exact"),
    Case("惠及12个乡镇", "12个", 12, None, "个", None, "exact"),
    Case("年满18岁", "18岁", 18, None, "岁", None, "exact"),
    Case("往返3趟", "3趟", 3, None, "趟", None, "exact"),
    Case("白酒共5瓶", "5瓶", 5, None, "瓶", None, "exact"),
    Case("开展两轮巡察", "两轮", 2, None, "轮", None, "exact"),
    Case("图书110479.58万册", "110479.58万册", 1104795800, None, "册", None, "exact"),
    Case("分3批次开展暗访", "3批次", 3, None, "批次", None, "exact"),
    Case("胸径8公分", "8公分", 0.08, None, "米", None, "exact"),
    Case("检出5毫克", "5毫克", 5e-6, None, "千克", None, "exact"),
    Case("检出0.8微克", "0.8微克", 8e-10, None, "千克", None, "exact"),
    Case("缴获冰毒3.5g", "3.5g", 0.0035, None, "千克", None, "exact"),
    Case("每片规格为20mg。", "20mg", 2e-5, None, "千克", None, "exact"),
    Case("全长12.5km", "12.5km", 12500, None, "米", None, "exact"),
    Case("粗钢产出53564万吨", "53564万吨", 5.3564e11, None, "千克", None, "exact"),
    Case("发电量为41680亿千瓦时", "41680亿千瓦时", 4.168e12, None, "千瓦时", None, "exact"),
    Case("亏损额扩大1.2倍", "1.2倍", 1.2, None, "倍", None, "exact"),
    Case("浓度为28微克/立方米", "28微克/立方米", 28, None, "微克/立方米", None, "exact"),
]

CASES_BUGS_CAUGHT = [
    Case("清退违规资金0万元", "0万元", 0, None, "元", "CNY", "exact"),
    Case("给予政务处分0人", "0人", 0, None, "人", None, "exact"),
    Case("共计一千零十二元", "一千零十二元", 1012, None, "元", "CNY", "exact"),
    Case("应领低保金50元6角3分", "50元6角3分", 50.63, None, "元", "CNY", "exact"),
    Case("海拔为负0.2千米", "负0.2千米", -200, None, "米", None, "exact"),
    Case("资助5万至10万欧元", "5万至10万欧元", 50000, 100000, "欧元", "EUR", "range"),
    Case("最近一个月平均", "一个月", 1, None, "月", None, "exact"),
    Case("有期徒刑两年零三个月", "两年零三个月", 27, None, "月", None, "exact"),
]

NEVER = [
    ("reduce-burden", "为企业减负三千余万元", "负三千余万元"),
    ("sectors", "三次产业结构比例为6.01:55.04:38.95", "三次"),
    ("new-round", "深入实施新一轮基层党建三年行动计划", "一轮"),
    ("members", "3成员单位", "3成"),
    ("widget", "已有0人发表评论", "0人"),
    ("mojibake", "2019t^ 3 g 1 e", "3 g"),
    ("range-not-minus", "完成率5%-8%之间", "-8%"),
    ("county-word", "覆盖6县区", "6县"),
    ("idiom", "群众一头雾水", "一头"),
]


@pytest.mark.parametrize("case", CASES + CASES_BUGS_CAUGHT, ids=[c.span for c in CASES + CASES_BUGS_CAUGHT])
def test_amount(case: Case) -> None:
    found = {q.text: q for q in extract_entities(case.text, RULES).quantities}
    assert case.span in found, list(found)
    q = found[case.span]
    assert q.value == pytest.approx(case.value, rel=1e-9)
    assert q.value_max == (None if case.value_max is None else pytest.approx(case.value_max, rel=1e-9))
    assert (q.unit, q.currency, q.bound) == (case.unit, case.currency, case.bound)


@pytest.mark.parametrize(("text", "span"), [n[1:] for n in NEVER], ids=[n[0] for n in NEVER])
def test_never(text: str, span: str) -> None:
    assert span not in [q.text for q in extract_entities(text, RULES).quantities]


def test_decimal_at_a_line_start_is_a_quantity() -> None:
    """A marker is never followed by a unit (rules/outline.yaml outline.l3): 1.9米 is a height."""
    found = extract_entities("（二）安全防护\n1.9米以上的围墙须加装防护网。", RULES)
    assert [q.text for q in found.quantities] == ["1.9米以上"] and len(found.outline) == 1


def test_marker_before_a_count_is_a_marker() -> None:
    found = extract_entities("一、基本情况\n1.全县共有行政村205个。\n2.3个村未建立监督委员会。", RULES)
    assert [q.text for q in found.quantities] == ["205个", "3个"]
    assert [n.marker for n in found.outline] == ["一、", "1.", "2."]


def _forms_doc_rows() -> list[list[str]]:
    """The rows of docs/forms.md's table of currencies and scopes (written, unit, currency, scope)."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "forms.md").read_text(encoding="utf-8")
    rows = [[cell.strip().strip("`") for cell in line.strip("|").split("|")] for line in doc.splitlines()
            if line.startswith("| `")]
    return [row for row in rows if len(row) == 4]


def test_docs_forms_table_is_what_extract_reads() -> None:
    """Each row of the table of currencies and scopes in docs/forms.md, read by ``noticeparse extract quantities``."""
    rows = _forms_doc_rows()
    assert len(rows) >= 6
    for written, unit, currency, scope in rows:
        done = CliRunner().invoke(main, ["extract", "quantities", written])
        assert done.exit_code == 0, done.output
        found = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
        assert [(q["unit"], q["currency"] or "", q["scope"]) for q in found] == [(unit, currency, scope)], written
