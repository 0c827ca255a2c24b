"""Date extractor: case tables, never-a-date table, the seed notice, and properties."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeparse.extract.date import extract_dates
from noticeparse.rules import check_example, load_rules

RULES = load_rules()
REF = datetime.date(2022, 5, 20)
SEED = Path(__file__).resolve().parents[3] / "shared/corpus/seed-binhaiwan-2022-05-20.txt"
DOC_NUMBER = regex.compile(r"\p{Han}+〔\d{4}〕\d+号")

Row = tuple[str, str | None, str | None, str, str | None]  # text, start, end, precision, qualifier


def rows(text: str, **kwargs) -> list[Row]:
    found = extract_dates(text, RULES, **kwargs)
    return [
        (
            d.text,
            d.date_start and d.date_start.isoformat(),
            d.date_end and d.date_end.isoformat(),
            d.precision,
            d.qualifier,
        )
        for d in found
    ]


# (id, text, expected rows); reference_date is REF (2022-05-20)
CASES = [
    ("ymd", "2021年8月5日召开", [("2021年8月5日", "2021-08-05", None, "day", None)]),
    ("ym", "于2021年11月编制", [("2021年11月", "2021-11-01", None, "month", None)]),
    ("y", "2021年,新区超额完成", [("2021年", "2021-01-01", None, "year", None)]),
    ("y-before-count", "2021年6个产业项目", [("2021年", "2021-01-01", None, "year", None)]),
    ("year-du", "纳入2021年度述职", [("2021年度", "2021-01-01", None, "year", None)]),
    ("quarter", "2022年第一季度完成", [("2022年第一季度", "2022-01-01", None, "quarter", None)]),
    ("cn-ymd", "二〇二二年五月二十日", [("二〇二二年五月二十日", "2022-05-20", None, "day", None)]),
    ("cn-md", "【中新社北京十二月三日電】", [("十二月三日", "2022-12-03", None, "day", None)]),
    ("iso-dash", "发布日期: 2022-05-20 16:19", [("2022-05-20 16:19", "2022-05-20", None, "day", None)]),
    ("iso-dot", "2022.05.20", [("2022.05.20", "2022-05-20", None, "day", None)]),
    ("iso-slash", "2022/5/20", [("2022/5/20", "2022-05-20", None, "day", None)]),
    ("dmy-dot", "16.11.2015  17:44", [("16.11.2015  17:44", "2015-11-16", None, "day", None)]),
    ("compact", "--20211228日在市人大", [("20211228日", "2021-12-28", None, "day", None)]),
    ("compact-2", "2021915日,市人大常委会", [("2021915日", "2021-09-15", None, "day", None)]),
    ("zero-padded", "2022年08月16日", [("2022年08月16日", "2022-08-16", None, "day", None)]),
    ("spaced-roc", "裁判日期 94 年 06 月 16 日", [("94 年 06 月 16 日", "2005-06-16", None, "day", None)]),
    ("roc-arabic", "民国103年3月18日", [("民国103年3月18日", "2014-03-18", None, "day", None)]),
    ("roc-year-only", "民國113年", [("民國113年", "2024-01-01", None, "year", None)]),
    (
        "roc-cn",
        "中華民國一百十三年六月五日",
        [("中華民國一百十三年六月五日", "2024-06-05", None, "day", None)],
    ),
    (
        "range-full",
        "2021年8月5日至2021年9月8日,",
        [("2021年8月5日至2021年9月8日", "2021-08-05", "2021-09-08", "day", None)],
    ),
    ("range-day", "2021年12月9日至12日", [("2021年12月9日至12日", "2021-12-09", "2021-12-12", "day", None)]),
    (
        "range-md",
        "2021年11月8日至12月20日",
        [("2021年11月8日至12月20日", "2021-11-08", "2021-12-20", "day", None)],
    ),
    (
        "range-ym",
        "2017年10月至2020年12月",
        [("2017年10月至2020年12月", "2017-10-01", "2020-12-01", "month", None)],
    ),
    ("range-y", "2019年至2020年对", [("2019年至2020年", "2019-01-01", "2020-01-01", "year", None)]),
    (
        "range-xun",
        "2021年9月上旬至2021年10月下旬",
        [("2021年9月上旬至2021年10月下旬", "2021-09-01", "2021-10-01", "month", "上旬~下旬")],
    ),
    (
        "range-emdash-day",
        "2018年3月27—29日,",
        [("2018年3月27—29日", "2018-03-27", "2018-03-29", "day", None)],
    ),
    ("range-emdash-month", "2018年1—8月,", [("2018年1—8月", "2018-01-01", "2018-08-01", "month", None)]),
    ("range-emdash-year", "2016—2018年审计", [("2016—2018年", "2016-01-01", "2018-01-01", "year", None)]),
    (
        "range-tilde",
        "2021年1月~2021年3月",
        [("2021年1月~2021年3月", "2021-01-01", "2021-03-01", "month", None)],
    ),
    ("range-dao", "5月29日到6月4日,", [("5月29日到6月4日", "2022-05-29", "2022-06-04", "day", None)]),
    (
        "range-wrap",
        "2021年12月20日至1月5日",
        [("2021年12月20日至1月5日", "2021-12-20", "2022-01-05", "day", None)],
    ),
    (
        "range-period",
        "2017年10月至2020年12月期间少缴",
        [("2017年10月至2020年12月期间", "2017-10-01", "2020-12-01", "month", "期间")],
    ),
    (
        "year-list",
        "补充完善2019、2020、2021年度学习总结",
        [
            ("2019", "2019-01-01", None, "year", None),
            ("2020", "2020-01-01", None, "year", None),
            ("2021年度", "2021-01-01", None, "year", None),
        ],
    ),
    (
        "month-list",
        "2016年7月和11月",
        [("2016年7月", "2016-07-01", None, "month", None), ("11月", "2016-11-01", None, "month", None)],
    ),
    (
        "day-list",
        "2021年3月1日;12月6日、28日召开",
        [
            ("2021年3月1日", "2021-03-01", None, "day", None),
            ("12月6日", "2021-12-06", None, "day", None),
            ("28日", "2021-12-28", None, "day", None),
        ],
    ),
    ("xun", "2021年9月上旬", [("2021年9月上旬", "2021-09-01", None, "month", "上旬")]),
    ("chu", "2021年初的12人", [("2021年初", "2021-01-01", None, "year", "初")]),
    ("di", "2022年1月底已通过", [("2022年1月底", "2022-01-01", None, "month", "底")]),
    ("di-qian", "预计2022年6月底前补充", [("2022年6月底前", "2022-06-01", None, "month", "底前")]),
    ("qian", "于2021年12月31日前将", [("2021年12月31日前", "2021-12-31", None, "day", "前")]),
    ("yilai", "2021年11月以来,", [("2021年11月以来", "2021-11-01", None, "month", "以来")]),
    ("zhijin-not-range", "自2021年9月至今,", [("自2021年9月至今", "2021-09-01", None, "month", "至今")]),
    ("qi", "2022年1月1日起,", [("2022年1月1日起", "2022-01-01", None, "day", "起")]),
    ("jiezhi", "截至2022年2月15日,", [("截至2022年2月15日", "2022-02-15", None, "day", "截至")]),
    ("shangwu", "2021年11月18日上午,", [("2021年11月18日上午", "2021-11-18", None, "day", "上午")]),
    (
        "dangtian",
        "2021年11月18日上午反馈,当天下午召开",
        [
            ("2021年11月18日上午", "2021-11-18", None, "day", "上午"),
            ("当天下午", "2021-11-18", None, "day", "下午"),
        ],
    ),
    (
        "ciri",
        "2021年11月18日反馈,次日召开",
        [("2021年11月18日", "2021-11-18", None, "day", None), ("次日", "2021-11-19", None, "day", None)],
    ),
    (
        "tongnian",
        "2020年5月开展,同年8月完成",
        [("2020年5月", "2020-05-01", None, "month", None), ("同年8月", "2020-08-01", None, "month", None)],
    ),
    (
        "tongnianyue",
        "民國91年12月24日公告,於同年月26日提出",
        [
            ("民國91年12月24日", "2002-12-24", None, "day", None),
            ("同年月26日", "2002-12-26", None, "day", None),
        ],
    ),
    (
        "yearless-anchor",
        "2021年9月2日进驻,11月11日反馈",
        [("2021年9月2日", "2021-09-02", None, "day", None), ("11月11日", "2021-11-11", None, "day", None)],
    ),
    ("yearless-reference", "3月23日下午,巡察组", [("3月23日下午", "2022-03-23", None, "day", "下午")]),
    ("jinnian", "今年3月19日", [("今年3月19日", "2022-03-19", None, "day", None)]),
    ("qunian-tongqi", "比去年同期增加", [("去年同期", "2021-01-01", None, "year", "同期")]),
    ("template-year", "20xx年4月23日,市政府", [("20xx年4月23日", None, None, "day", None)]),
    ("hour", "自2022年10月23日21时起,", [("自2022年10月23日21时起", "2022-10-23", None, "day", "起")]),
    ("fullwidth", "2021年11月18日，市委", [("2021年11月18日", "2021-11-18", None, "day", None)]),
    ("weekday-with-day", "英國政府周四(10日)發表", [("周四(10日)", "2022-05-10", None, "day", None)]),
    ("bare-month-qual", "于12月初启动", [("12月初", "2022-12-01", None, "month", "初")]),
    # issue 17: the spoken day unit 号 after a month
    ("md-hao", "5月20号召开推进会", [("5月20号", "2022-05-20", None, "day", None)]),
    ("ymd-hao", "2021年11月18号上午", [("2021年11月18号上午", "2021-11-18", None, "day", "上午")]),
    ("range-hao", "5月20号至25号集中整治", [("5月20号至25号", "2022-05-20", "2022-05-25", "day", None)]),
    # issue 17: 初 of 初步 is no qualifier (was 2020年初)
    ("year-before-chubu", "2020年初步建成", [("2020年", "2020-01-01", None, "year", None)]),
]

# known misses: each must still fail (xfail_strict)
CASES_XFAIL = [
    (
        "festival-period",
        "2021年元旦和春节期间",
        [("2021年元旦和春节期间", "2021-01-01", None, "year", "元旦和春节期间")],
    ),
    ("lost-year-digits", "自年2月10日零点起", [("自年2月10日零点起", None, None, "day", "起")]),
    (
        "month-wrap-list",
        "2024年12月開展;1月下旬完成",
        [
            ("2024年12月", "2024-12-01", None, "month", None),
            ("1月下旬", "2025-01-01", None, "month", "下旬"),
        ],
    ),
]

NEVER = [
    ("doc-number-bracket", "滨海湾工委〔2021〕83号"),
    ("bare-bracket-year", "见〔2021〕和[2021]"),
    ("doc-number-nian", "甘人社通2021年262号"),
    ("year-target", "占2021年度目标任务的118%"),
    ("duration-months", "12个月内完成"),
    ("duration-years", "近5年来开展的投融资工作,5年多时间里"),
    ("duration-3-months", "3个月后"),
    ("version", "升级到v2.2021,版本1.2.3"),
    ("phone", "电话:0769-26889227;26889227"),
    ("doi", "【DOI】10.16619/j.cnki.rmltxsqy.2020.04.013"),
    ("image-file", "微信截图_20240920153326.jpg"),
    ("clock-alone", "工作日上午9:00至下午5:00"),
    ("index-number", "索引号 002489751/2021-263260"),
    ("quoted-programme", "「特別節目 2021.5.26」"),
    ("month-report", "2月月报"),
    ("days-within", "15日内"),
    ("ambiguous-compact", "2021111日"),
    ("invalid-day", "2021年2月30日"),
    ("ordinal-day", "第3日"),
    ("duration-days", "历时3日,为期5日,连续7日"),
    ("building-hao", "3号楼、1号文件、第5号令"),
    ("bare-day-hao", "20号召开"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in CASES])
def test_cases(text: str, expected: list[Row]) -> None:
    assert rows(text, reference_date=REF) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(t, e, id=i, marks=pytest.mark.xfail(strict=True)) for i, t, e in CASES_XFAIL],
)
def test_known_misses(text: str, expected: list[Row]) -> None:
    assert rows(text, reference_date=datetime.date(2025, 1, 26)) == expected


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in NEVER])
def test_never_a_date(text: str) -> None:
    assert rows(text, reference_date=REF) == []


def test_resolved_flags() -> None:
    found = extract_dates("2021年11月18日上午反馈,当天下午召开;12月6日、28日", RULES)
    assert [d.resolved for d in found] == [False, True, True, True]
    assert extract_dates("3月5日", RULES)[0].date_start is None  # no anchor, no reference


def test_mask_is_a_wall() -> None:
    text = "印发《办法》(滨海湾工委〔2021〕85号),2022年1月20日培训"
    mask = [m.span() for m in DOC_NUMBER.finditer(text)]
    assert [d.text for d in extract_dates(text, RULES, mask=mask)] == ["2022年1月20日"]


def test_sorted_and_offsets() -> None:
    text = "2019、2020、2021年度;2021年8月5日至2021年9月8日;当天"
    found = extract_dates(text, RULES)
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert all(text[d.start : d.end] == d.text for d in found)
    assert {d.rule_id for d in found} == {"date.year_list", "date.range", "date.ctx_day"}


def test_rule_examples() -> None:
    failures = [
        f"{rule.id}[{index}]: {why}"
        for rule in RULES["date"].rules
        for index, example in enumerate(rule.examples)
        if (why := check_example(rule, example))
    ]
    assert failures == []


def test_context_words_are_matched() -> None:
    data = RULES["date"].data
    for word in data["context"]:
        found = extract_dates(f"2021年3月5日召开,{word}3日", RULES, reference_date=REF)
        assert any(d.text.startswith(word) for d in found), word


# the seed body: 57 mentions, the year list counted as 3 rows → 59 rows, 5 of them ranges
SEED_ROWS: list[Row] = [
    ("2021年8月5日至2021年9月8日", "2021-08-05", "2021-09-08", "day", None),
    ("2021年11月18日", "2021-11-18", None, "day", None),
    ("2021年11月18日上午", "2021-11-18", None, "day", "上午"),
    ("当天下午", "2021-11-18", None, "day", "下午"),
    ("2022年1月25日", "2022-01-25", None, "day", None),
    ("2021年11月以来", "2021-11-01", None, "month", "以来"),
    ("2021年度", "2021-01-01", None, "year", None),
    ("2019", "2019-01-01", None, "year", None),
    ("2020", "2020-01-01", None, "year", None),
    ("2021年度", "2021-01-01", None, "year", None),
    ("2021年11月", "2021-11-01", None, "month", None),
    ("2018年1月至2019年11月份", "2018-01-01", "2019-11-01", "month", None),
    ("2020年", "2020-01-01", None, "year", None),
    ("2021年11月", "2021-11-01", None, "month", None),
    ("2021年度", "2021-01-01", None, "year", None),
    ("2021年10月", "2021-10-01", None, "month", None),
    ("2021年7月", "2021-07-01", None, "month", None),
    ("2021年8月", "2021-08-01", None, "month", None),
    ("自2021年9月至今", "2021-09-01", None, "month", "至今"),
    ("2021年12月9日至12日", "2021-12-09", "2021-12-12", "day", None),
    ("2022年1月", "2022-01-01", None, "month", None),
    ("截至2022年2月15日", "2022-02-15", None, "day", "截至"),
    ("2021年", "2021-01-01", None, "year", None),
    ("2022年1月12日", "2022-01-12", None, "day", None),
    ("2022年1月底", "2022-01-01", None, "month", "底"),
    ("2022年1月底", "2022-01-01", None, "month", "底"),
    ("2021年", "2021-01-01", None, "year", None),
    ("2021年", "2021-01-01", None, "year", None),
    ("截至2022年2月15日", "2022-02-15", None, "day", "截至"),
    ("2022年1月29日", "2022-01-29", None, "day", None),
    ("2021年10月", "2021-10-01", None, "month", None),
    ("2021年12月15日", "2021-12-15", None, "day", None),
    ("2021年9月9日", "2021-09-09", None, "day", None),
    ("2021年12月", "2021-12-01", None, "month", None),
    ("2022年", "2022-01-01", None, "year", None),
    ("2019年至2020年", "2019-01-01", "2020-01-01", "year", None),
    ("2021年7月", "2021-07-01", None, "month", None),
    ("2021年12月31日前", "2021-12-31", None, "day", "前"),
    ("2021年9月", "2021-09-01", None, "month", None),
    ("2021年9月", "2021-09-01", None, "month", None),
    ("2022年1月", "2022-01-01", None, "month", None),
    ("2022年1月", "2022-01-01", None, "month", None),
    ("2022年1月1日起", "2022-01-01", None, "day", "起"),
    ("2021年初", "2021-01-01", None, "year", "初"),
    ("2021年9月6日", "2021-09-06", None, "day", None),
    ("2022年1月20日", "2022-01-20", None, "day", None),
    ("2022年1月20日", "2022-01-20", None, "day", None),
    ("2021年", "2021-01-01", None, "year", None),
    ("2022年1月20日", "2022-01-20", None, "day", None),
    ("2017年10月至2020年12月期间", "2017-10-01", "2020-12-01", "month", "期间"),
    ("2021年11月10日", "2021-11-10", None, "day", None),
    ("2022年1月20日", "2022-01-20", None, "day", None),
    ("2021年12月", "2021-12-01", None, "month", None),
    ("2021年12月", "2021-12-01", None, "month", None),
    ("2022年6月底前", "2022-06-01", None, "month", "底前"),
    ("2021年8月18日", "2021-08-18", None, "day", None),
    ("2022年2月", "2022-02-01", None, "month", None),
    ("2021年12月30日", "2021-12-30", None, "day", None),
    ("2022年5月20日", "2022-05-20", None, "day", None),
]


def _seed_body() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed notice not found: {SEED}")
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index("根据市委")
    end = raw.rindex("2022年5月20日") + len("2022年5月20日")
    return raw[start:end]


@pytest.mark.parametrize("fullwidth", [False, True], ids=["ascii", "fullwidth"])
def test_seed(fullwidth: bool) -> None:
    body = _seed_body()
    if fullwidth:
        body = body.translate(str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"}))
    mask = [m.span() for m in DOC_NUMBER.finditer(body)]
    found = extract_dates(body, RULES, mask=mask)
    assert rows(body, mask=mask) == SEED_ROWS
    assert len(found) == 59
    assert sum(d.date_end is not None for d in found) == 5
    assert [d.text for d in found if d.resolved] == ["当天下午"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789年月日至到—-、和.:/ 〔〕今同当天次上下旬初底前起度民国二〇一十五xX号个")
        ),
        max_size=40,
    )
)
def test_never_raises_dense(text: str) -> None:
    for d in extract_dates(text, RULES, reference_date=REF):
        assert text[d.start : d.end] == d.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=3))
def test_never_raises_any_text(text: str, spans: list[tuple[int, int]]) -> None:
    mask = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in spans]
    for d in extract_dates(text, RULES, mask=mask):
        assert text[d.start : d.end] == d.text
        assert not any(d.start < e and s < d.end for s, e in mask if e > s)
