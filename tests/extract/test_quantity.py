"""Quantity extractor: case tables (price-parser style), the seed notice, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeparse.extract.quantity import extract_quantities, read_number
from noticeparse.extract.spans import overlaps
from noticeparse.rules import check_example, load_rules

RULES = load_rules()

# (text, expected span, value, value_max, unit, category, approx, noun)
CASES = [
    ("投资37.30亿元,占", "37.30亿元", 3.73e9, None, "元", "money", None, None),
    ("核减预算159.92万元。", "159.92万元", 1599200.0, None, "元", "money", None, None),
    ("新臺幣(下同)2,864,400 元", "2,864,400 元", 2864400.0, None, "元", "money", None, None),
    ("涉及金额237054.47 万元", "237054.47 万元", 2370544700.0, None, "元", "money", None, None),
    ("罚金人民币三十五万元", "三十五万元", 350000.0, None, "元", "money", None, None),
    ("收受壹万元", "壹万元", 10000.0, None, "元", "money", None, None),
    ("累计13.9万余元", "13.9万余元", 139000.0, None, "元", "money", "余", None),
    ("约3800多亿元", "约3800多亿元", 3.8e11, None, "元", "money", "约多", None),
    ("罚款約14.3億元", "約14.3億元", 1.43e9, None, "元", "money", "約", None),
    ("共计2532.14万元人民币", "2532.14万元人民币", 25321400.0, None, "元", "money", None, None),
    ("国内生产总值114万亿元", "114万亿元", 1.14e14, None, "元", "money", None, None),
    ("范围约714亩土地中", "约714亩", 714.0, None, "亩", "area", "约", "土地"),
    ("减少2767万亩", "2767万亩", 27670000.0, None, "亩", "area", None, None),
    ("治理6739公顷", "6739公顷", 67390000.0, None, "平方米", "area", None, None),
    ("一百二十亩", "一百二十亩", 120.0, None, "亩", "area", None, None),
    ("7方面32项问题", "32项", 32.0, None, "项", "count", None, "问题"),
    ("7方面32项问题", "7方面", 7.0, None, "方面", "count", None, None),
    ("4大类16个方面22个问题", "16个", 16.0, None, "个", "count", None, "方面"),
    ("4大类16个方面22个问题", "4大类", 4.0, None, "类", "count", None, None),
    ("细化制定70条整改措施,并", "70条", 70.0, None, "条", "count", None, "整改措施"),
    ("基地B区37家重点污染企业中", "37家", 37.0, None, "家", "count", None, "重点污染企业"),
    ("退出新区6个有关议事协调机构的", "6个", 6.0, None, "个", "count", None, "议事协调机构"),
    ("每个重大项目由 1 名分管领导直接包办", "1 名", 1.0, None, "名", "count", None, "分管领导"),
    ("共已约谈相关责任人143人次。", "143人次", 143.0, None, "人次", "count", None, None),
    ("开展主题党日活动超96次,", "超96次", 96.0, None, "次", "count", "超", None),
    ("除巡察发现的两个未按核准要求招标的项目外", "两个", 2.0, None, "个", "count", None, None),
    ("反馈三十二项问题", "三十二项", 32.0, None, "项", "count", None, "问题"),
    ("组建十余名干部", "十余名", 10.0, None, "名", "count", "余", "干部"),
    ("近百家企业", "近百家", 100.0, None, "家", "count", "近", "企业"),
    ("数百人次乘飞机", "数百人次", 200.0, 900.0, "人次", "count", None, None),
    ("每组配备5~7人", "5~7人", 5.0, 7.0, "人", "count", None, None),
    ("配备1~2名", "1~2名", 1.0, 2.0, "名", "count", None, None),
    ("选取3至5家企业", "3至5家", 3.0, 5.0, "家", "count", None, "企业"),
    ("提高10%~20%", "10%~20%", 10.0, 20.0, "%", "percent", None, None),
    ("问责超1.8萬人", "超1.8萬人", 18000.0, None, "人", "count", "超", None),
    ("查处1億1千萬人", "1億1千萬人", 1.1e8, None, "人", "count", None, None),
    ("分四批完成", "四批", 4.0, None, "批", "count", None, None),
    ("会议提出三點(diǎn)要求", "三點(diǎn)", 3.0, None, "点", "count", None, "要求"),
    ("审计查出710項(xiàng)", "710項(xiàng)", 710.0, None, "项", "count", None, None),
    ("公开31省(区、市)名单", "31省(区、市)", 31.0, None, "省", "count", None, None),
    ("占年度目标任务的118%。", "118%", 118.0, None, "%", "percent", None, None),
    ("增长12.9％", "12.9％", 12.9, None, "%", "percent", None, None),
    ("占百分之三十", "百分之三十", 30.0, None, "%", "percent", None, None),
    ("上升5.90个百分点", "5.90个百分点", 5.9, None, "个百分点", "percent_point", None, None),
    ("控制在5%以内", "5%以内", 5.0, None, "%", "percent", "以内", None),
    ("新增处理能力3.365万吨/年", "3.365万吨/年", 33650.0, None, "吨/年", "rate", None, None),
    ("浓度0.048毫克/升", "0.048毫克/升", 0.048, None, "毫克/升", "concentration", None, None),
    ("补助1000元/年", "1000元/年", 1000.0, None, "元/年", "rate", None, None),
    ("新区近5年来开展", "近5年", 60.0, None, "月", "time", "近", None),
    ("判处有期徒刑四年六个月", "四年六个月", 54.0, None, "月", "time", None, None),
    ("已历时約一個半月", "約一個半月", 1.5, None, "月", "time", "約", None),
    ("半年多来", "半年多", 6.0, None, "月", "time", "多", None),
    ("为期3天", "3天", 3.0, None, "天", "time", None, None),
    ("48小时内", "48小时", 48.0, None, "小时", "time", None, None),
    ("十一二个单位", "十一二个", 11.0, 12.0, "个", "count", None, "单位"),
    ("持平,下降0个百分点", "0个百分点", 0.0, None, "个百分点", "percent_point", None, None),
    ("三四年来", "三四年", 36.0, 48.0, "月", "time", None, None),
    ("长5.4m、高1.9m", "5.4m", 5.4, None, "米", "length", None, None),
    ("粒径20~40mm", "20~40mm", 0.02, 0.04, "米", "length", None, None),
    ("达到30所左右", "30所左右", 30.0, None, "所", "count", "左右", None),
    ("依照“47条”执行", "47条", 47.0, None, "条", "count", None, None),
]

# (id, text, span that must not be extracted)
CASES_NEVER = [
    ("list-marker-yi", "一、提高政治站位", "一"),
    ("paren-marker", "(一)强化政治意识", "一"),
    ("yishi-marker", "一是已制定学习计划", "一"),
    ("ordinal-inspection-group", "市委第二巡察组反馈", "二"),
    ("ordinal-session-round", "十四届市委第十四轮巡察", "十四"),
    ("ordinal-di-2-ci", "第2次党代会", "2次"),
    ("article-number", "第三十二条规定", "三十二条"),
    ("quoted-sanchong-yida", "“三重一大”事项", "一大"),
    ("quoted-liangge-weihu", "做到“两个维护”", "两个"),
    ("quoted-sige-yishi", "增强“四个意识”", "四个"),
    ("quoted-sizhong-xingtai", "用好“四种形态”", "四种"),
    ("quoted-N-ge-10-tiao", "“N个10条”系列政策", "10条"),
    ("slogan-unquoted", "坚持两个维护", "两个"),
    ("slogan-yigang-shuangze", "一岗双责", "一岗"),
    ("slogan-yici-yishouquan", "按“一次一授权”提出", "一次"),
    ("slogan-yiren-yidang", "一人一档", "一人"),
    ("room-909", "在909会议室召开", "909"),
    ("street-number", "地址胜利路380号", "380"),
    ("room-501", "房间501室", "501"),
    ("phone", "电话0718-6277499", "6277499"),
    ("year-2021", "2021年,新区超额完成", "2021年"),
    ("year-cn", "二〇二二年五月", "二〇二二年"),
    ("roc-year-date", "93年9月1日", "93年"),
    ("project-name-1hao", "湾区1号项目", "1号"),
    ("plan-name-sannian", "三年行动计划", "三年"),
    ("article-yixiang", "单独作为一项固定资产", "一项"),
    ("article-yipi", "选拔一批党员", "一批"),
    ("name-sanda-bankuai", "三大板块各类资源", "三大"),
    ("ordinal-list", "第十三、十四个", "十四个"),
    ("clock-6dian", "自12月11日6点开始", "6点"),
    ("clock-yidian", "干到一点三十分", "一点"),
    ("road-stake", "312省道129Km+650m", "650m"),
    ("name-baxiang-guiding", "违反中央八项规定精神", "八项"),
    ("session-sanci-huiyi", "省十三届人大三次会议", "三次"),
    ("page-footer", "第1页/共61页", "61页"),
    ("weekday-zhouwu", "周五起扩大", "五起"),
    ("zero-count", "已有0人", "0人"),
    ("bainian", "建党百年", "百年"),
    ("idiom-qianjia-wanhu", "千家万户", "千家"),
    ("year-range", "《全国土地整治规划(2011~2015年)》", "2015年"),
    ("first-half-year", "今年上半年,全市", "半年"),
]

# (id, text, expected span, value, value_max, unit): known misses
CASES_XFAIL = [
    (
        "da-plus-noun",
        "三大核心职能",
        "三大",
        3.0,
        None,
        "大",
    ),  # 大 + noun is a count only sometimes (三大板块 is a name)
    (
        "rate-prefix-meiren",
        "每人每次100元",
        "每人每次100元",
        100.0,
        None,
        "元",
    ),  # rate prefix 每X not taken in
    ("unit-carried-over", "实际载客35", "35", 35.0, None, "人"),  # unit left out (carried over from 35人)
]


_UNIT_IDS = {
    "元": "yuan",
    "亩": "mu",
    "平方米": "m2",
    "项": "xiang",
    "方面": "fangmian",
    "个": "ge",
    "类": "lei",
    "条": "tiao",
    "家": "jia",
    "名": "ming",
    "人次": "renci",
    "人": "ren",
    "批": "pi",
    "点": "dian",
    "省": "sheng",
    "个百分点": "pct-point",
    "月": "month",
    "天": "day",
    "小时": "hour",
    "米": "metre",
    "所": "suo",
    "次": "ci",
    "吨/年": "t-per-year",
    "毫克/升": "mg-per-l",
    "元/年": "yuan-per-year",
}


def _find(text: str, span: str):
    found = [q for q in extract_quantities(text, RULES) if q.text == span]
    return found[0] if found else None


@pytest.mark.parametrize(
    ("text", "span", "value", "value_max", "unit", "category", "approx", "noun"),
    CASES,
    ids=[
        f"{i:02d}-{c[5]}-{c[4].encode('ascii', 'replace').decode() if c[4].isascii() else _UNIT_IDS.get(c[4], 'u')}"
        for i, c in enumerate(CASES)
    ],
)
def test_case(text, span, value, value_max, unit, category, approx, noun):
    found = _find(text, span)
    got = [q.text for q in extract_quantities(text, RULES)]
    assert found is not None, f"{span!r} not in {got}"
    assert found.value == pytest.approx(value)
    assert found.value_max == (None if value_max is None else pytest.approx(value_max))
    assert (found.unit, found.category, found.approx, found.noun) == (unit, category, approx, noun)
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(("text", "span"), [c[1:] for c in CASES_NEVER], ids=[c[0] for c in CASES_NEVER])
def test_never(text, span):
    for quantity in extract_quantities(text, RULES):
        assert span not in quantity.text, quantity


@pytest.mark.parametrize(
    ("text", "span", "value", "value_max", "unit"),
    [pytest.param(*c[1:], marks=pytest.mark.xfail(strict=True), id=c[0]) for c in CASES_XFAIL],
)
def test_known_misses(text, span, value, value_max, unit):
    found = _find(text, span)
    assert found is not None
    assert (found.value, found.value_max, found.unit) == (value, value_max, unit)


def test_mask_is_a_wall():
    text = "依据滨海湾工委〔2021〕83号文,完成6项"
    found = extract_quantities(text, RULES, mask=[(2, 16)])
    assert [q.text for q in found] == ["6项"]


def test_rule_examples():
    failures = [
        (rule.id, check_example(rule, example))
        for rule in RULES["quantity"].rules
        for example in rule.examples
        if check_example(rule, example)
    ]
    assert not failures


def test_unit_table_matches_fragments():
    """Every unit in data.units is written in a unit fragment (adding one is a YAML-only change)."""
    rule_file = RULES["quantity"]
    patterns = [rule_file.fragments["unit_count"], rule_file.fragments["unit_time"], "百分之"]
    compiled = [regex.compile(p) for p in patterns]
    missing = [u for u in rule_file.data["units"] if not any(c.fullmatch(u) for c in compiled)]
    assert not missing


def test_read_number():
    assert read_number("2,864,400") == (2864400.0, None)
    assert read_number("一百二十") == (120.0, None)
    assert read_number("1.37万亿") == (1.37e12, None)
    assert read_number("两三") == (2.0, 3.0)
    assert read_number("") is None


# ---------------------------------------------------------------- the seed notice

SEED = Path(__file__).resolve().parents[3] / "shared/corpus/seed-binhaiwan-2022-05-20.txt"

# the 55 quantities of the seed body, in text order: (text, value, unit)
SEED_EXPECTED = [
    ("6次", 6, "次"),
    ("3次", 3, "次"),
    ("6次", 6, "次"),
    ("7方面", 7, "方面"),
    ("32项", 32, "项"),
    ("70条", 70, "条"),
    ("6份", 6, "份"),
    ("19项", 19, "项"),
    ("4台", 4, "台"),
    ("153名", 153, "名"),
    ("1次", 1, "次"),
    ("约714亩", 714, "亩"),
    ("约356亩", 356, "亩"),
    ("约443亩", 443, "亩"),
    ("约393亩", 393, "亩"),
    ("64亩", 64, "亩"),
    ("80亩", 80, "亩"),
    ("1 名", 1, "名"),
    ("6个", 6, "个"),
    ("37.30亿元", 3.73e9, "元"),
    ("118%", 118, "%"),
    ("7个", 7, "个"),
    ("37家", 37, "家"),
    ("8家", 8, "家"),
    ("29家", 29, "家"),
    ("近5年", 60, "月"),
    ("143人次", 143, "人次"),
    ("5名", 5, "名"),
    ("6个", 6, "个"),
    ("260个", 260, "个"),
    ("12个", 12, "个"),
    ("159.92万元", 1599200, "元"),
    ("2次", 2, "次"),
    ("42万元", 420000, "元"),
    ("495万元", 4950000, "元"),
    ("6个", 6, "个"),
    ("3个", 3, "个"),
    ("两个", 2, "个"),
    ("12人", 12, "人"),
    ("20人", 20, "人"),
    ("81项", 81, "项"),
    ("14项", 14, "项"),
    ("8个", 8, "个"),
    ("104次", 104, "次"),
    ("32次", 32, "次"),
    ("超96次", 96, "次"),
    ("3名", 3, "名"),
    ("2名", 2, "名"),
    ("1份", 1, "份"),
    ("93份", 93, "份"),
    ("1份", 1, "份"),
    ("6份", 6, "份"),
    ("20份", 20, "份"),
    ("1份", 1, "份"),
    ("12名", 12, "名"),
]

_DOC_NUMBER = r"\p{Han}+〔\d{4}〕\d+号"
_TITLE = r"《[^《》\n]*》"
_DATE = r"\d{4}(?:年度?|年\d{1,2}月(?:\d{1,2}日)?)(?:(?:上午|下午|初|底|以来)?(?:至(?:今|\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?)?)?"


def _seed_body() -> str:
    if not SEED.is_file():
        pytest.skip("shared corpus not present")
    text = SEED.read_text(encoding="utf-8")
    return text[text.index("根据市委") : text.index("中共东莞市纪律检查委员会、东莞市监察委员会版权所有")]


def test_seed_has_exactly_55_quantities():
    body = _seed_body()
    mask = [m.span() for p in (_DOC_NUMBER, _TITLE, _DATE) for m in regex.finditer(p, body)]
    found = extract_quantities(body, RULES, mask=mask)
    assert [q.text for q in found] == [e[0] for e in SEED_EXPECTED]
    for quantity, (_text, value, unit) in zip(found, SEED_EXPECTED, strict=True):
        assert (quantity.value, quantity.unit) == (pytest.approx(value), unit), quantity
        assert body[quantity.start : quantity.end] == quantity.text
    nouns = {q.text: q.noun for q in found}
    assert nouns["32项"] == "问题" and nouns["70条"] == "整改措施" and nouns["7个"] == "专项执法组"


# ---------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(
    list("0123456789.,~-%至约近余多个项名元亿万千百十一二两三四五六七八九年月第“”(xià)點個 \n")
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_ALPHABET, max_size=60).map("".join)))
def test_never_raises_and_spans_hold(text):
    for quantity in extract_quantities(text, RULES):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.start < quantity.end


@settings(max_examples=100, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=40).map("".join), st.data())
def test_masked_spans_are_never_used(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    for quantity in extract_quantities(text, RULES, mask=[(start, end)]):
        assert not overlaps(quantity.start, quantity.end, [(start, end)])
