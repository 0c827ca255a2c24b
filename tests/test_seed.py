"""The seed notice (raw/samples/binhaiwan-2022-05-20.txt), checked against the hand counts.

The counts and values come from reading the notice (see ../shared/corpus/README.md),
not from the parser's output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from noticeparse.records import Notice

SEED = Path(__file__).resolve().parents[1] / "raw" / "samples" / "binhaiwan-2022-05-20.txt"

DOC_NUMBERS = [
    ("滨海湾工委〔2020〕26号", "东莞滨海湾新区党工委“三重一大”事项集体决策工作规则"),
    ("滨海湾工委〔2020〕49号", "东莞滨海湾新区党工委会议工作规则"),
    ("滨海湾〔2020〕78号", "东莞滨海湾新区管理委员会主任办公会议工作规则"),
    ("滨办发〔2022〕3号", "中共东莞滨海湾新区工委议事目录清单"),
    ("滨海湾办〔2020〕23号", "东莞滨海湾新区领导班子会议决定事项督办落实工作制度"),
    ("滨海湾〔2021〕70号", "东莞滨海湾新区领导干部定期接待群众来访工作实施办法"),
    ("滨海湾工委〔2021〕49号", "滨海湾新区意识形态工作联席会议制度"),
    ("滨海湾工委〔2021〕83号", "中共东莞滨海湾新区工委进一步落实全面从严治党主体责任清单"),
    ("滨海湾工委〔2021〕76号", "关于进一步规范做好党内谈话工作的通知"),
    ("滨海湾〔2020〕36号", "东莞滨海湾新区管理委员会行政事业单位国有资产管理办法"),
    ("滨海湾发〔2022〕1号", "东莞滨海湾新区财政投资建设项目工程变更管理办法"),
    ("滨海湾工委〔2021〕85号", "中共东莞滨海湾新区工委基层党支部工作考核暂行办法"),
    ("滨海湾工委〔2021〕85号", "中共东莞滨海湾新区工委基层党支部工作考核暂行办法"),
    ("滨海湾工委〔2021〕86号", "中共东莞滨海湾新区工委党费收缴、使用和管理工作规范"),
]


@pytest.fixture(scope="module")
def seed(sample_notices: dict[str, Notice]) -> Notice:
    return sample_notices[SEED.name]


def test_doc_numbers_and_their_titles(seed: Notice):
    assert [(d.canonical, d.title) for d in seed.doc_numbers] == DOC_NUMBERS
    assert len({d.canonical for d in seed.doc_numbers}) == 13
    first = seed.doc_numbers[0]
    assert (first.issuer, first.year, first.serial) == ("滨海湾工委", 2020, 26)


def test_titles(seed: Notice):
    assert len(seed.titles) == 52
    assert seed.titles[0].title == "滨海湾新区党工委关于落实市委第二巡察组反馈意见的整改工作方案"
    assert "党委(党组)意识形态工作责任制实施办法" in [t.title for t in seed.titles]
    assert sum(t.doc_number is not None for t in seed.titles) == 14


def test_outline_tree(seed: Notice):
    levels = [n.level for n in seed.outline]
    assert (levels.count(1), levels.count(2), levels.count(3)) == (3, 15, 32)
    findings = seed.findings
    assert len(findings) == 32
    assert sum(len(seed.measures_of(f)) for f in findings) == 94
    assert findings[0].finding_title == "理论学习中心组学习不扎实"
    assert findings[-1].finding_title == "聘员招聘管理不规范"
    assert [len(seed.measures_of(f)) for f in findings[:5]] == [3, 3, 4, 5, 4]
    sections = [n.heading for n in seed.outline if n.level == 1]
    assert sections[2] == "下一步工作计划"
    subs = [n for n in seed.outline if n.level == 2 and n.parent_id == seed.outline[0].node_id]
    assert [s.heading for s in subs][:2] == ["强化政治意识,提升思想自觉", "强化政治责任,抓好组织领导"]


def test_metadata(seed: Notice):
    meta = seed.meta
    assert meta.title == "中共东莞滨海湾新区工作委员会关于十四届市委第十四轮巡察整改阶段性进展情况的通报"
    assert (meta.publish_date, meta.source_label) == (date(2022, 5, 20), "莞巡宣")
    assert (meta.issuer, meta.signed_date) == ("中共东莞滨海湾新区工作委员会", date(2022, 5, 20))
    assert meta.inspection_body == "市委第二巡察组"
    assert (meta.inspection_start, meta.inspection_end) == (date(2021, 8, 5), date(2021, 9, 8))
    assert meta.feedback_date == date(2021, 11, 18)
    assert (meta.problem_areas, meta.problems, meta.measures_planned) == (7, 32, 70)


def test_chrome_is_stripped_and_kept(seed: Notice):
    assert seed.text.startswith("中共东莞滨海湾新区工作委员会关于")
    assert seed.text.endswith("2022年5月20日")
    assert "版权所有" not in seed.text and "ICP备" not in seed.text
    assert [c.rule_id for c in seed.chrome] == [
        "chrome.site_name", "chrome.header", "chrome.footer", "chrome.footer", "chrome.footer"]


def test_contacts(seed: Notice):
    assert [(c.kind, c.value) for c in seed.contacts] == [
        ("phone", "26889227"), ("email", "DGswderxcz@dg.gov.cn"),
        ("address", "东莞市滨海湾新区湾区1号党政办"), ("postcode", "523889")]


def test_dates(seed: Notice):
    assert len(seed.dates) == 59
    ranges = [(d.text, d.date_start, d.date_end) for d in seed.dates if d.date_end]
    assert len(ranges) == 5
    assert ranges[0] == ("2021年8月5日至2021年9月8日", date(2021, 8, 5), date(2021, 9, 8))
    afternoon = next(d for d in seed.dates if d.text.startswith("当天"))
    assert (afternoon.date_start, afternoon.resolved, afternoon.qualifier) == (date(2021, 11, 18), True, "下午")
    end_of_jan = next(d for d in seed.dates if d.text == "2022年1月底")
    assert (end_of_jan.date_start, end_of_jan.precision, end_of_jan.qualifier) == (date(2022, 1, 1), "month", "底")
    assert not any("〔" in d.text for d in seed.dates)


def test_quantities(seed: Notice):
    assert len(seed.quantities) == 55
    by_text = {q.text: q for q in seed.quantities}
    money = by_text["37.30亿元"]
    assert (money.value, money.unit, money.unit_raw, money.category) == (3_730_000_000.0, "元", "亿元", "money")
    land = by_text["约714亩"]
    assert (land.value, land.unit, land.approx) == (714.0, "亩", "约")
    assert by_text["143人次"].unit == "人次" and by_text["118%"].unit == "%"
    assert by_text["超96次"].approx == "超"
    assert by_text["两个"].value == 2.0
    problems = next(q for q in seed.quantities if q.text.startswith("32项"))
    assert problems.noun == "问题"
    serials = {d.serial for d in seed.doc_numbers}
    inside_numbers = [q for q in seed.quantities for d in seed.doc_numbers if d.start <= q.start < d.end]
    assert not inside_numbers and serials


def test_entities_know_their_outline_node(seed: Notice):
    by_id = {n.node_id: n for n in seed.outline}
    money = next(q for q in seed.quantities if q.text == "37.30亿元")
    assert by_id[money.node_id].marker == "3." and by_id[money.node_id].is_finding
    for entity in (*seed.dates, *seed.quantities, *seed.doc_numbers, *seed.titles):
        if entity.node_id is not None:
            node = by_id[entity.node_id]
            assert node.start <= entity.start < node.end


# every money (元) and land (亩) quantity of the seed with what it is, read from the notice (issue 15)
SEED_ROLES = [
    ("约714亩", "total", "approx", None),  # 大湾区大学范围约714亩土地中
    ("约356亩", "completed", "approx", "约714亩"),  # 完成约356亩其他类土地的整备签约
    ("约443亩", "total", "approx", None),  # 重点建设项目范围约443亩土地中
    ("约393亩", "completed", "approx", "约443亩"),  # 完成约393亩土地的整备签约
    ("64亩", "planned", "exact", None),  # 剩余盘活任务量为64亩
    ("80亩", "completed", "exact", None),  # 通过振海路80亩划拨供地完成
    ("37.30亿元", "completed", "exact", None),  # 合计完成投资37.30亿元
    ("159.92万元", "completed", "exact", None),  # 核减预算159.92万元
    ("42万元", "completed", "exact", None),  # 对应核减的…在建工程成本42万元从…调减
    ("495万元", "involved", "exact", None),  # 项目指挥部建设支出495万元 (the amount at issue)
]


def test_money_and_land_roles(seed: Notice):
    rows = [q for q in seed.quantities if q.unit in ("元", "亩")]
    by_start = {q.start: q.text for q in rows}
    got = [(q.text, q.role, q.bound, by_start.get(q.part_of) if q.part_of is not None else None)
           for q in rows]
    assert got == SEED_ROLES


def test_measures_aliases_and_canonical_names(seed: Notice):
    items = [m for m in seed.measures if m.kind == "item"]
    assert len(items) == 94  # every 一是/二是 item under a finding is a measure
    deadlines = [(seed.text[m.deadline_char_start:m.deadline_char_end], m.deadline_end)
                 for m in seed.measures if m.deadline_char_start is not None]
    assert deadlines == [("2021年12月31日前", date(2021, 12, 31)), ("2022年6月底前", date(2022, 6, 30))]
    assert [(a.alias, a.full_name) for a in seed.aliases] == [("新区党工委", "中共东莞滨海湾新区工作委员会")]
    assert seed.meta.inspected_unit_canonical == "中共东莞滨海湾新区工作委员会"
    finding = seed.findings[0]
    assert finding.measures == len(seed.measures_of(finding)) == 3
