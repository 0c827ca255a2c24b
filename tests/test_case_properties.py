"""Property tests for cases and kinds: never an extractor failure, and every case span indexes the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noticeparse.parse.notice import parse_text

PIECES = st.sampled_from([
    "中央纪委国家监委公开通报典型问题\n", "1.", "2、", "\n", "。", "，", " ", "市交通局", "原副局长", "张某", "王XX",
    "违规收受礼品礼金", "问题", "案", "受到", "党内严重警告", "政务记过", "处分", "开除党籍", "2022年3月",
    "2013年至2021年", "3.5万元", "关于", "的问题", "存在的问题", "审计查出问题", "（一）", "一、", "一是", "问题一：",
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
        for name in ("person", "post", "organisation", "heading"):
            value, start = getattr(case, name), getattr(case, f"{name}_start")
            if value is not None:
                assert text[start : getattr(case, f"{name}_end")] == value
        for value in (*case.penalties, *case.violations):
            assert text[value.start : value.end] == value.text
