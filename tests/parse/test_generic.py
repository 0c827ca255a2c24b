"""The fallback for pages no site profile knows, with and without the optional [generic] extra."""

from __future__ import annotations

import sys

import pytest

from noticeparse.evaluation.pages import generic_systems
from noticeparse.parse.generic import fallback_date
from noticeparse.parse.html import extract_page

UNKNOWN = ("<html><head><meta property='article:published_time' content='2023-05-21T08:00:00+08:00'></head>"
           "<body><div class='x'><p>各单位：现将有关事项通知如下，请认真贯彻落实。</p><p>特此通知。</p></div></body></html>")


def test_without_the_extra_the_cascade_stops_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("trafilatura", "htmldate", "gne"):
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError
    assert fallback_date(UNKNOWN) is None
    assert set(generic_systems()) == {"noticeparse fallback", "noticeparse cascade"}
    result = extract_page(UNKNOWN)
    assert result.text.startswith("各单位") and "publish_date" not in result.fields


def test_with_htmldate_an_unknown_template_gets_its_markup_date() -> None:
    pytest.importorskip("htmldate", reason="the [generic] extra is not installed")
    assert extract_page(UNKNOWN).fields["publish_date"] == "2023-05-21"


def test_htmldate_never_guesses_from_text() -> None:
    pytest.importorskip("htmldate", reason="the [generic] extra is not installed")
    page = UNKNOWN.replace("<meta property='article:published_time' content='2023-05-21T08:00:00+08:00'>", "")
    assert "publish_date" not in extract_page(page.replace("特此通知。", "请于2023年报送。")).fields


COLUMN_TITLE = ("<html><head><title>评论——中央纪委国家监委网站</title></head><body><div class='nav'>返回首页</div>"
                "<div class='h'>广安观潮丨科学精准打好作风建设持久战</div><div class='d'>来源：中央纪委国家监委网站</div>"
                "<div>发布时间：</div><div>2022-05-07 07:00</div>"
                "<div class='x'><p>各单位：现将有关事项通知如下，请认真贯彻落实。</p><p>特此通知。</p></div></body></html>")


def test_headline_above_the_header_line_beats_a_column_name_title() -> None:
    fields = extract_page(COLUMN_TITLE).fields
    assert (fields["title"], fields["publish_date"]) == ("广安观潮丨科学精准打好作风建设持久战", "2022-05-07")


def test_a_full_page_title_is_kept_over_a_shorter_headline() -> None:
    page = COLUMN_TITLE.replace("评论——中央纪委国家监委网站", "广安观潮丨科学精准打好作风建设持久战（评论员文章）_网站")
    assert extract_page(page).fields["title"] == "广安观潮丨科学精准打好作风建设持久战（评论员文章）"
