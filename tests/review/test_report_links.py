"""A notice's links name it by its title or URL, never by the raw store's 64-hex file name (issue 26).

The crawler stores a page as ``raw/<site>/<yyyy>/<sha256>.html`` beside a sidecar with its URL;
the report once showed that digest as the link text of a notice's page.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.review.report import write_report

TITLED = "<html><head><title>关于整改的通报</title></head><body><div id='UCAP-CONTENT'><p>关于整改的通报</p>" \
         "<p>一、总体情况</p><p>2021年8月5日，市委第二巡察组进驻。</p></div></body></html>"
# no headline: the first line is a sentence, so the notice has no title
UNTITLED = "<html><body><div id='UCAP-CONTENT'><p>2021年8月5日，市委第二巡察组进驻，开展为期两个月的常规巡察。</p>" \
           "<p>一、总体情况</p><p>问题已整改。</p></div></body></html>"
HEX = re.compile(r"[0-9a-f]{64}")


def _report(tmp_path: Path) -> tuple[str, dict[str, str]]:
    site = tmp_path / "raw" / "x.gov.cn" / "2023"
    site.mkdir(parents=True)
    for page, url in ((TITLED, "https://x.gov.cn/a.htm"), (UNTITLED, "https://x.gov.cn/b.htm")):
        data = page.encode()
        name = hashlib.sha256(data).hexdigest()
        (site / f"{name}.html").write_bytes(data)
        (site / f"{name}.json").write_text(json.dumps({"url": url, "final_url": url, "status": 200,
                                                       "headers": {"content-type": "text/html; charset=utf-8"}}))
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "raw"), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    index, _ = write_report(tmp_path / "out", tmp_path / "report")
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "report").glob("notice-*.html")}
    return index.read_text(encoding="utf-8"), pages


def _link_texts(html: str) -> list[str]:
    return re.findall(r"<a [^>]*>([^<]*)</a>", html)


def test_no_link_or_heading_shows_a_digest(tmp_path: Path) -> None:
    index, pages = _report(tmp_path)
    assert len(pages) == 2
    for html in [index, *pages.values()]:
        assert not any(HEX.search(text) for text in _link_texts(html))
        assert not HEX.search(re.search(r"<h1>(.*?)</h1>", html).group(1))


def test_the_page_link_is_the_url_and_the_untitled_notice_is_named_by_it(tmp_path: Path) -> None:
    index, pages = _report(tmp_path)
    texts = [t for html in pages.values() for t in _link_texts(html)]
    assert "https://x.gov.cn/a.htm" in texts and "https://x.gov.cn/b.htm" in texts
    assert "关于整改的通报" in _link_texts(index)
    untitled = next(html for html in pages.values() if "b.htm" in html)
    assert "<h1>https://x.gov.cn/b.htm</h1>" in untitled
