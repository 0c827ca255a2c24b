"""Property tests: parsing never raises, and every span indexes the stored text exactly (cases too)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noticeparse.extract.numerals import cn_to_int
from noticeparse.parse import ParseOptions, parse_bytes, parse_text
from noticeparse.parse.normalize import normalize_text
from noticeparse.rules import load_rules
from noticeparse.store.rows import notice_rows

# text that looks like notices: the characters rules care about, plus anything at all
NOTICE_CHARS = st.sampled_from(list("一二三四五六七八九十〇两年月日号至到—-~、，,。.()（）〔〕[]《》“”是关于的问题万亿元亩人次%％约近余第 \n0123456789"))
NOTICE_TEXT = st.lists(st.one_of(NOTICE_CHARS, st.characters()), max_size=300).map("".join)
ENTITY_TABLES = ("doc_numbers", "titles", "dates", "quantities", "contacts")
RULES = load_rules()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_spans(text_in: str) -> None:
    notice = parse_text(text_in)
    rows = notice_rows(notice, "")
    for table in ENTITY_TABLES:
        for row in rows[table]:
            assert notice.text[row["char_start"] : row["char_end"]] == row["text"], (table, row)
    for node in notice.outline:
        assert notice.text[node.marker_start : node.marker_end] == node.marker
        assert 0 <= node.start <= node.end <= len(notice.text)


@SETTINGS
@given(NOTICE_TEXT)
def test_parse_text_never_raises_and_spans_hold(text_in: str):
    _check_spans(text_in)


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode(text_in: str):
    _check_spans(text_in)


@SETTINGS
@given(st.binary(max_size=400))
def test_parse_bytes_never_raises(data: bytes):
    notice = parse_bytes(data, ParseOptions(source="fuzz"))
    assert notice.text or notice.issues


LONE_SURROGATES = st.integers(min_value=0xD800, max_value=0xDFFF).map(chr)
SURROGATE_TEXT = st.lists(st.one_of(NOTICE_CHARS, LONE_SURROGATES, st.characters()), max_size=300).map("".join)
ONE_LINE_UNIT = st.lists(st.one_of(NOTICE_CHARS, LONE_SURROGATES), min_size=1, max_size=12).map("".join)
MEGABYTE = 1_000_000


@SETTINGS
@given(SURROGATE_TEXT)
def test_lone_surrogates_never_raise(text_in: str):
    _check_spans(text_in)


@SETTINGS
@given(st.lists(st.one_of(st.binary(max_size=20), st.sampled_from([b"\xed\xa0\x80", b"\xed\xbf\xbf"])),
                max_size=20).map(b"".join))
def test_encoded_surrogates_in_bytes_never_raise(data: bytes):
    notice = parse_bytes(data, ParseOptions(source="fuzz"))
    assert notice.text or notice.issues


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ONE_LINE_UNIT)
def test_one_megabyte_one_line_text(unit: str):
    """A 1 MB page without a line break (issue 12): parsed, never raising, spans exact."""
    one_line = unit.replace("\n", " ") or " "
    _check_spans((one_line * (MEGABYTE // len(one_line) + 1))[:MEGABYTE])


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_round_trip(n: int):
    assert cn_to_int(_to_chinese(n)) == n


@given(st.text(max_size=200))
def test_normalize_keeps_an_offset_per_char(text_in: str):
    result = normalize_text(text_in)
    assert len(result.offset_map) == len(result.text)
    assert list(result.offset_map) == sorted(set(result.offset_map))


def _to_chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def section(value: int) -> str:
        out, zero = "", False
        for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = value // unit_value % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10_000)
    if not high:
        return section(low)
    return section(high) + "万" + ("零" if 0 < low < 1000 else "") + section(low)


# cases and kinds: never an extractor failure, every span indexes the text, every penalty has its person
PIECES = st.sampled_from([
    "中央纪委国家监委公开通报典型问题\n", "1.", "2、", "\n", "。", "，", " ", "市交通局", "原副局长", "张某", "王XX",
    "违规收受礼品礼金", "问题", "案", "受到", "党内严重警告", "政务记过", "处分", "开除党籍", "2022年3月",
    "2013年至2021年", "3.5万元", "关于", "的问题", "存在的问题", "审计查出问题", "（一）", "一、", "一是", "问题一：",
    "分别受到", "、", "给予", "对", "进行", "其", "二人", "通报批评", "县纪委", "该镇党委", "双开", "违纪款已收缴",
    "通报3起", "第一起", "原", "时任", "李四光", "书记", "同志", "劉某某", "黨內嚴重警告處分",
])
CASE_TEXT = st.lists(st.one_of(PIECES, st.characters()), max_size=60).map("".join)

@SETTINGS
@given(CASE_TEXT)
def test_cases_never_fail_and_spans_hold(text_in: str):
    notice = parse_text(text_in)
    assert not [i for i in notice.issues if i.code == "E200"], notice.issues
    assert notice.meta.kind
    text = notice.text
    for case in notice.cases:
        assert 0 <= case.start <= case.end <= len(text)
        # heading, name, post and organisation are kept as written (fields.AS_WRITTEN): the stored span itself
        if case.heading is not None:
            assert text[case.heading_start : case.heading_end] == case.heading
        for person in case.persons:
            assert text[person.start : person.end] == person.name
            for name in ("post", "organisation"):
                value, start = getattr(person, name), getattr(person, f"{name}_start")
                if value is not None:
                    assert text[start : getattr(person, f"{name}_end")] == value
        persons = {p.person_id for p in case.persons}
        assert all(p.person_id in persons for p in case.penalties)
        for value in (*case.penalties, *case.violations):
            assert text[value.start : value.end] == value.text
