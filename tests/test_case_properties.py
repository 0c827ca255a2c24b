"""Property tests for cases and kinds: never an extractor failure, every span indexes the text, every penalty has its person."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noticeparse.parse.notice import parse_text

PIECES = st.sampled_from([
    "中央纪委国家监委公开通报典型问题\n", "1.", "2、", "\n", "。", "，", " ", "市交通局", "原副局长", "张某", "王XX",
    "违规收受礼品礼金", "问题", "案", "受到", "党内严重警告", "政务记过", "处分", "开除党籍", "2022年3月",
    "2013年至2021年", "3.5万元", "关于", "的问题", "存在的问题", "审计查出问题", "（一）", "一、", "一是", "问题一：",
    "分别受到", "、", "给予", "对", "进行", "其", "二人", "通报批评", "县纪委", "该镇党委", "双开", "违纪款已收缴",
    "通报3起", "第一起", "原", "时任", "李四光", "书记", "同志",
])
CASE_TEXT = st.lists(st.one_of(PIECES, st.characters()), max_size=60).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(CASE_TEXT)
def test_cases_never_fail_and_spans_hold(text_in: str):
    notice = parse_text(text_in)
    assert not [i for i in notice.issues if i.code == "E200"], notice.issues
    assert notice.meta.kind
    text = notice.text
    for case in notice.cases:
        assert 0 <= case.start <= case.end <= len(text)
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
