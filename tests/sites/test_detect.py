"""Which family reads a page: the one its sidecar records, else the one its markers fit."""

from __future__ import annotations

from pathlib import Path

from noticeparse.parse import decode_bytes
from noticeparse.sites import GENERIC, detect_family, page_profile

ROOT = Path(__file__).resolve().parents[2]
TRS_SAMPLE = ROOT / "raw" / "samples" / "linjiang-trs-gbk-2024-01-05.html"


def test_the_trs_sample_is_detected_as_trs():
    page = decode_bytes(TRS_SAMPLE.read_bytes()).text
    assert detect_family("", page).family == "trs"


def test_article_urls_and_markers_pick_the_family():
    assert detect_family("https://www.gd.gov.cn/zwgk/content/post_4123456.html", "<p>x</p>").family == "gd"
    assert detect_family("https://www.gov.cn/zhengce/content/2019-01/29/content_5361928.htm", "").family == "govcn"
    assert detect_family("http://example.org/news/", "<ul><li>nothing here</li></ul>").family == GENERIC


def test_the_recorded_family_wins_and_an_unknown_one_is_detected():
    page = '<div class="TRS_Editor"><p>正文</p></div>'
    assert page_profile("gd", None, page).family == "gd"  # the sidecar's word, not the markers'
    assert page_profile("no-such-family", None, page).family == "trs"
    assert page_profile(None, None, page).family == "trs"
