"""Date forms of issue 25: the period as written (date_start … date_last), short years, numeric forms, titles.

Case tables in the price-parser manner. ``CASES`` are forms the issue names, written as the genres
write them (rewritten from the shared corpus and the forms set's sources); ``CASES_BUGS_CAUGHT``
are values that were wrong before this round (the range end at its first day, the part of a
period kept but not applied, a bare 15年 read as 民国).
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

import pytest

from noticeparse.extract.date import dates_in_titles, extract_dates
from noticeparse.extract.date_resolve import century
from noticeparse.rules import load_rules

RULES = load_rules()


class Case(NamedTuple):
    id: str
    text: str
    ref: str
    # (text, date_start, date_last) of every date, in order
    want: list[tuple[str, str, str]]


CASES = [
    # parts of a period, applied
    Case("half", "2017年上半年,全县工业增加值增长6.2%", "2017-08-01", [("2017年上半年", "2017-01-01", "2017-06-30")]),
    Case("first-quarter", "2022年首季度,全区", "2022-05-01", [("2022年首季度", "2022-01-01", "2022-03-31")]),
    Case("three-quarters", "2016年前三季度,GDP", "2016-10-19", [("2016年前三季度", "2016-01-01", "2016-09-30")]),
    Case("this-year-part", "同年前三季度,全市", "2016-10-19", []),
    Case("first-months", "2022年前十一个月,全市", "2022-12-20", [("2022年前十一个月", "2022-01-01", "2022-11-30")]),
    Case("dekad", "1999年7月下旬,调查组进驻", "2000-01-01", [("1999年7月下旬", "1999-07-21", "1999-07-31")]),
    Case("month-end", "2018年10月底前完成", "2018-09-01", [("2018年10月底前", "2018-10-21", "2018-10-31")]),
    Case("month-mid", "2022年9月中,巡察组进驻", "2022-10-01", [("2022年9月中", "2022-09-11", "2022-09-20")]),
    Case("year-start", "2023年初,局党组部署", "2023-03-10", [("2023年初", "2023-01-01", "2023-02-28")]),
    Case("year-middle", "截至2022年年中,到位资金", "2022-08-01", [("截至2022年年中", "2022-06-01", "2022-07-31")]),
    Case("year-end", "2011年年底,该局", "2012-01-01", [("2011年年底", "2011-11-01", "2011-12-31")]),
    Case("range-of-parts", "2019年12月下旬至2020年1月中旬", "2020-02-01",
         [("2019年12月下旬至2020年1月中旬", "2019-12-21", "2020-01-20")]),
    Case("range-year-parts", "2013年年初至年底,该所违规收取培训费", "2014-02-01",
         [("2013年年初至年底", "2013-01-01", "2013-12-31")]),
    # short years: the century from the reference date
    Case("short-ym", "98年4月参加工作", "2023-06-30", [("98年4月", "1998-04-01", "1998-04-30")]),
    Case("short-end", "07年底,李某某", "2012-03-02", [("07年底", "2007-11-01", "2007-12-31")]),
    Case("short-cn", "零八年,该县启动", "2010-01-01", [("零八年", "2008-01-01", "2008-12-31")]),
    Case("short-cn-quarter", "九七年一季度,该厂亏损", "2001-06-15", [("九七年一季度", "1997-01-01", "1997-03-31")]),
    Case("short-range", "赵某自07年至18年在县水利局任职", "2019-04-10", [("自07年至18年", "2007-01-01", "2018-12-31")]),
    Case("short-day-not-roc", "15年3月2日,该局召开会议", "2016-01-01", [("15年3月2日", "2015-03-02", "2015-03-02")]),
    Case("short-after-ref", "确保24年底前完成", "2023-05-01", [("24年底前", "2024-11-01", "2024-12-31")]),
    Case("roc-written", "民国二十四年十月十日出版", "2018-01-23", [("民国二十四年十月十日", "1935-10-10", "1935-10-10")]),
    Case("roc-written-before", "於民國(下同)93年9月1日至95年9月30日履約", "2010-01-01",
         [("93年9月1日至95年9月30日", "2004-09-01", "2006-09-30")]),
    # numeric forms
    Case("compact", "发布日期:20240307 来源:县纪委监委", "2024-03-07", [("20240307", "2024-03-07", "2024-03-07")]),
    Case("spaced", "发布时间:2010 01 29", "2010-01-29", [("2010 01 29", "2010-01-29", "2010-01-29")]),
    Case("slash-range", "服务期限为2018/1/10-2018/7/10,", "2018-07-20",
         [("2018/1/10-2018/7/10", "2018-01-10", "2018-07-10")]),
    Case("dot-range", "公示时间:2019.05.29—2019.06.04。", "2019-06-01",
         [("2019.05.29—2019.06.04", "2019-05-29", "2019-06-04")]),
    Case("clock", "2018-12-12 09:03 来源", "2018-12-12", [("2018-12-12 09:03", "2018-12-12", "2018-12-12")]),
    Case("no-ri", "该局于2016年6月29,召开会议", "2016-07-01", [("2016年6月29", "2016-06-29", "2016-06-29")]),
    # ranges inside sentences
    Case("zi-zhi-zhi", "各村自2020年5月26日至5月29日止完成验收", "2020-06-10",
         [("自2020年5月26日至5月29日止", "2020-05-26", "2020-05-29")]),
    Case("spaced-years", "该县2010 年至 2018 年共投入", "2019-01-01", [("2010 年至 2018 年", "2010-01-01", "2018-12-31")]),
    Case("between", "该企业在2015年和2018年之间多次违规", "2019-01-01", [("2015年和2018年之间", "2015-01-01", "2018-12-31")]),
    Case("month-range", "2018年1至7月,全州", "2018-08-01", [("2018年1至7月", "2018-01-01", "2018-07-31")]),
    Case("quarter-range", "2023年一季度至三季度,全市", "2023-10-20", [("2023年一季度至三季度", "2023-01-01", "2023-09-30")]),
    Case("quarter-range-years", "2021年第四季度至2022年第一季度", "2022-05-01",
         [("2021年第四季度至2022年第一季度", "2021-10-01", "2022-03-31")]),
    # a bare month or 年初 only with a year from the text
    Case("bare-month", "2022年7月空气质量公报显示,7月全市", "2022-08-01",
         [("2022年7月", "2022-07-01", "2022-07-31"), ("7月", "2022-07-01", "2022-07-31")]),
]

CASES_BUGS_CAUGHT = [
    # a range's end was its first day: 2013年至2021年 ended 2021-01-01 (issue 26)
    Case("range-end-year", "2013年至2021年,王某", "2022-01-01", [("2013年至2021年", "2013-01-01", "2021-12-31")]),
    # 10月底 was 10-01: the part was kept as a qualifier only
    Case("part-applied", "2022年1月底已通过", "2022-05-20", [("2022年1月底", "2022-01-21", "2022-01-31")]),
    # a bare two-digit y年m月d日 was always 民国 (15年3月2日 → 1926)
    Case("not-roc", "94年6月16日裁判", "2005-01-01", [("94年6月16日", "1994-06-16", "1994-06-16")]),
]

NEVER = [
    ("duration", "任职15年", "2023-01-01"),
    ("duration-since", "近10年来", "2023-01-01"),
    ("term", "判处有期徒刑1年3个月", "2023-01-01"),
    ("month-report", "2月月报", "2023-01-01"),
    ("bare-month-no-year", "7月全市空气质量", "2023-01-01"),
    ("index-number", "索引号:113307020501239658/2023-46395", "2023-01-01"),
    ("code", "编号20240307", "2024-01-01"),
    ("year-start-no-year", "年初,局党组部署", "2023-01-01"),
    ("unchanged", "，30年不变的承包政策", "2023-01-01"),
    ("as-one-day", "，20年如一日坚守岗位", "2023-01-01"),
]


def _rows(text: str, ref: str) -> list[tuple[str, str, str]]:
    found = extract_dates(text, RULES, reference_date=datetime.date.fromisoformat(ref))
    return [(d.text, str(d.date_start), str(d.date_last)) for d in found if d.anchor != "reference"]


@pytest.mark.parametrize("case", CASES + CASES_BUGS_CAUGHT, ids=[c.id for c in CASES + CASES_BUGS_CAUGHT])
def test_period(case: Case) -> None:
    assert _rows(case.text, case.ref) == case.want


@pytest.mark.parametrize(("text", "ref"), [n[1:] for n in NEVER], ids=[n[0] for n in NEVER])
def test_never_a_date(text: str, ref: str) -> None:
    assert _rows(text, ref) == []


def test_century() -> None:
    """The latest year at or before the reference that ends in the digits, unless at most five after it."""
    ref = datetime.date(2023, 6, 30)
    assert [century(y, ref, 5) for y in (98, 0, 23, 28, 29)] == [1998, 2000, 2023, 2028, 1929]
    assert century(7, None, 5) is None


def test_short_year_needs_a_reference() -> None:
    """Without the notice's date a two-digit year is a date whose value is unknown (as 20xx年)."""
    assert [(d.text, d.date_start) for d in extract_dates("98年4月参加工作", RULES)] == [("98年4月", None)]


def test_dates_in_titles() -> None:
    text = "《2021年度述职报告》要求,2022年3月前完成"
    found = extract_dates(text, RULES, titles=[(0, 11)])
    assert [(d.text, d.in_title) for d in found] == [("2021年度", True), ("2022年3月前", False)]
    assert [d.in_title for d in dates_in_titles(found, [(11, 30)])] == [True, True]


def test_title_year_only_inside_titles() -> None:
    text = "《2016中国环境状况公报》显示,2016"
    found = extract_dates(text, RULES, titles=[(0, 14)])
    assert [(d.text, str(d.date_last), d.in_title) for d in found] == [("2016", "2016-12-31", True)]


def test_anchor_says_where_the_year_came_from() -> None:
    found = extract_dates("2021年9月2日进驻,11月11日反馈;6月底前整改", RULES, reference_date=datetime.date(2022, 5, 1))
    assert [(d.text, d.anchor) for d in found] == [("2021年9月2日", None), ("11月11日", "text"), ("6月底前", "text")]
    alone = extract_dates("6月底前整改", RULES, reference_date=datetime.date(2022, 5, 1))
    assert [(d.text, str(d.date_start), d.anchor) for d in alone] == [("6月底前", "2022-06-21", "reference")]
