"""Decoding, normalisation and chrome stripping: whole lines only, recoverable."""

from __future__ import annotations

import pytest

from noticeparse.errors import NoticeError
from noticeparse.parse.chrome import strip_chrome
from noticeparse.parse.normalize import decode_bytes, normalize_text
from noticeparse.parse.offsets import compose_runs, to_input_offset

NAMES = "王喆 朱镕基 陈堃"


@pytest.mark.parametrize("codec", ["gb2312", "gbk", "gb18030"])
def test_gb_family_is_widened(codec: str):
    data = NAMES.encode("gb18030")
    assert decode_bytes(data, declared=codec).text == NAMES


def test_meta_charset_then_detection():
    page = '<meta charset="gbk"><p>' + NAMES + "</p>"
    assert NAMES in decode_bytes(page.encode("gb18030")).text
    assert decode_bytes("巡察整改进展情况".encode("gb18030")).text == "巡察整改进展情况"


def test_bom_wins():
    assert decode_bytes("\ufeff通报".encode("utf-8")).text == "通报"
    assert decode_bytes("通报".encode("utf-16")).text == "通报"


def test_binary_is_an_error():
    with pytest.raises(NoticeError) as info:
        decode_bytes(b"\x00\x01\x02\x00" * 100)
    assert info.value.code == "E102"


def test_normalize_folds_and_maps_offsets():
    result = normalize_text("２０２２年\u3000５月\r\n（一）ＡＢ")
    assert result.text == "2022年 5月\n（一）AB"
    assert len(result.offset_map) == len(result.text)
    assert result.offset_map[result.text.index("\n")] == 8


def test_chrome_lines_are_whole_and_recoverable(rules):
    page = "东莞纪检监察网\n\n标题\n\n来源:莞巡宣 发布日期: 2022-05-20 16:19 【字体大小:\n\n正文版权所有的字样不在尾部。\n正文第二段。\n\n版权所有\n粤ICP备19111585号-1\n首页"
    result = strip_chrome(page, rules)
    assert result.text == "标题\n\n\n正文版权所有的字样不在尾部。\n正文第二段。"
    assert [c.line_no for c in result.chrome] == [0, 4, 9, 10, 11]
    lines = page.split("\n")
    assert all(lines[c.line_no] == c.text for c in result.chrome)
    assert result.fields == {"site_name": "东莞纪检监察网", "source_label": "莞巡宣", "publish_date": "2022-05-20"}


def test_offset_runs_point_back_to_input(rules):
    page = "网站\r\n标题\r\n来源：某地 发布日期：2022-05-20\r\n正文２０２２年。"
    normalized = normalize_text(page)
    stripped = strip_chrome(normalized.text, rules)
    runs = compose_runs(stripped.runs, normalized.offset_map)
    for i, ch in enumerate(stripped.text):
        j = to_input_offset(runs, i)
        if ch != "\n":
            assert normalize_text(page[j]).text == ch
