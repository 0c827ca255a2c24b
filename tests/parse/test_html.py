"""The HTML stage on real pages: ../shared/corpus/ccdi-html (56 ccdi.gov.cn articles).

Truth is read here with the standard library's HTMLParser, independently of the lxml
extractor: the meta tags (ArticleTitle unescaped, PubDate) or, when blank, the visible
title and 发布时间 line, and the text of ``div.content`` inside ``div.Article_61``.
The body score is a character-level F1 (bag of non-space characters), with a floor.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from noticeparse.evaluation.pages import char_f1
from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.parse.html import extract_page, iso_date, looks_like_html
from noticeparse.parse.normalize import decode_bytes
from noticeparse.sites import load_profile

CCDI = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ccdi-html"
PAGES = sorted(CCDI.glob("*.html")) if CCDI.is_dir() else []
BODY_F1_FLOOR = 0.98
_META = re.compile(r'<meta\s+name="(ArticleTitle|PubDate|ContentSource)"\s+content="([^"]*)"', re.IGNORECASE)


class _Truth(HTMLParser):
    """Collects the text of div.content (in div.Article_61 when the page has one) and of the title element."""

    def __init__(self, any_article: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.any_article = any_article
        self.stack: list[tuple[str, str]] = []
        self.in_article = self.in_content = self.in_title = self.in_daty = 0
        self.content: list[str] = []
        self.title: list[list[str]] = []
        self.daty: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "meta", "link", "input", "hr"}:
            return
        cls = dict(attrs).get("class") or ""
        self.stack.append((tag, cls))
        self.in_article += "Article_61" in cls
        self.in_content += cls == "content" and (self.in_article > 0 or not self.any_article)
        self.in_title += "tit" in cls.split()
        self.in_daty += "daty" in cls.split()
        self.skip += tag in {"script", "style"}
        if (self.in_title and tag == "p") or "tit" in cls.split():
            self.title.append([])

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, cls = self.stack.pop()
            self.in_article -= "Article_61" in cls
            self.in_content -= cls == "content" and self.in_content > 0
            self.in_title -= "tit" in cls.split() and self.in_title > 0
            self.in_daty -= "daty" in cls.split()
            self.skip -= open_tag in {"script", "style"}
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_content:
            self.content.append(data)
        if self.in_title and self.title:
            self.title[-1].append(data)
        if self.in_daty:
            self.daty.append(data)


def _squash(text: str) -> str:
    return re.sub(r"[\s\u200b\ufeff]+", "", text)


def truth(path: Path) -> dict[str, str]:
    """The page's own title, date, source and body text."""
    page = path.read_text(encoding="utf-8")
    meta = {k.lower(): html.unescape(v) for k, v in _META.findall(page)}
    parser = _Truth(any_article="Article_61" in page)
    parser.feed(page)
    meta_title = " ".join(re.sub(r"<[^>]+>", "\n", meta.get("articletitle", "")).split())
    titles = [" ".join("".join(parts).split()) for parts in parser.title]
    visible_title = next((t for t in titles if t), "")
    daty = " ".join(parser.daty)
    source = re.search(r"来源[:：]\s*(\S+)", daty)
    return {
        "title": meta_title or visible_title,
        "publish_date": iso_date(meta.get("pubdate")) or iso_date(daty) or "",
        "source_label": meta.get("contentsource", "").strip() or (source.group(1) if source else ""),
        "body": "".join(parser.content),
    }


def _norm_title(text: str) -> str:
    return _squash(text)


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Path, dict[str, str], object]]:
    if not PAGES:
        pytest.skip("../shared/corpus/ccdi-html is not here")
    profile = load_profile("trs")
    return [(p, truth(p), extract_page(decode_bytes(p.read_bytes()).text, profile=profile)) for p in PAGES]


@pytest.mark.parametrize("field", ["title", "publish_date", "source_label"])
def test_ccdi_metadata_matches_page(extracted: list, field: str) -> None:
    misses = [(p.name, t[field], r.fields.get(field)) for p, t, r in extracted
              if _norm_title(r.fields.get(field) or "") != _norm_title(t[field])]
    print(f"\nccdi {field}: {len(extracted) - len(misses)}/{len(extracted)} match")
    assert not misses, misses[:5]


def test_ccdi_body_char_f1(extracted: list) -> None:
    scores = [char_f1(r.text, t["body"]) for _p, t, r in extracted]
    mean = sum(scores) / len(scores)
    worst = min(zip(scores, [p.name for p, _t, _r in extracted], strict=True))
    print(f"\nccdi body char F1: mean {mean:.4f} over {len(scores)} pages, worst {worst[0]:.4f} ({worst[1]})")
    assert mean >= BODY_F1_FLOOR


def test_ccdi_generic_profile_finds_same_body(extracted: list) -> None:
    """Without the TRS profile (as ``noticeparse parse`` runs) the body is just as good."""
    scores = [char_f1(extract_page(decode_bytes(p.read_bytes()).text).text, t["body"]) for p, t, _r in extracted]
    assert sum(scores) / len(scores) >= BODY_F1_FLOOR


def test_ccdi_parse_bytes_end_to_end() -> None:
    if not PAGES:
        pytest.skip("../shared/corpus/ccdi-html is not here")
    notice = parse_bytes(PAGES[0].read_bytes(), ParseOptions(source=str(PAGES[0]), kind="html"))
    assert notice.meta.publish_date is not None
    assert "微信扫一扫" not in notice.text


CASES = [
    # (id, page, expected text, expected fields subset)
    ("style_inside_trs_editor",
     '<div class="TRS_Editor"><style>.TRS_Editor P{margin:0}</style><p>　　第一段。</p><p>第二段。</p></div>',
     "第一段。\n第二段。", {}),
    ("table_rows",
     ("<div id='UCAP-CONTENT'><p>名单如下：</p><table><tr><td>姓名</td><td>职务</td></tr>"
     "<tr><td>王喆</td><td>书记</td></tr></table></div>"),
     "名单如下：\n姓名\t职务\n王喆\t书记", {}),
    ("escaped_article_title",
     ('<meta name="ArticleTitle" content="&lt;p&gt;奋进新征程&lt;/p&gt;&lt;p&gt;锲而不舍纠四风&lt;/p&gt;">'
     "<div class='TRS_Editor'><p>正文内容足够长，足够长，足够长，足够长。</p></div>"),
     None, {"title": "奋进新征程 锲而不舍纠四风"}),
    ("blank_pubdate_visible_line",
     ('<meta name="PubDate" content=""><div class="info">来源：市纪委监委 发布时间：2023-01-06 20:00</div>'
     "<div class='TRS_Editor'><p>正文内容足够长，足够长，足够长，足够长。</p></div>"),
     None, {"publish_date": "2023-01-06", "source_label": "市纪委监委"}),
    ("title_suffix_cut",
     "<title>关于整改情况的通报_东莞纪检监察网</title><div class='zw'><p>正文内容足够长，足够长，足够长。</p></div>",
     None, {"title": "关于整改情况的通报"}),
]


@pytest.mark.parametrize(("page", "text", "fields"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_html_cases(page: str, text: str | None, fields: dict[str, str]) -> None:
    result = extract_page(page)
    if text is not None:
        assert result.text == text
    assert {k: result.fields.get(k) for k in fields} == fields


def test_url_date_is_a_fallback() -> None:
    page = "<div class='TRS_Editor'><p>正文内容足够长，足够长，足够长，足够长。</p></div>"
    result = extract_page(page, url="http://x.gov.cn/a/202305/t20230521_1234.html")
    assert result.fields["publish_date"] == "2023-05-21"


def test_attachments_are_absolute() -> None:
    page = ("<div class='TRS_Editor'><p>正文内容足够长，足够长，足够长，足够长。</p>"
            "<a href='./P020230521123456789012.pdf'>附件1</a></div>")
    result = extract_page(page, profile=load_profile("trs"), url="http://x.gov.cn/a/202305/t20230521_1.html")
    assert result.attachments == ("http://x.gov.cn/a/202305/P020230521123456789012.pdf",)


def test_gbk_names_survive_without_charset() -> None:
    page = "<html><body><div class='TRS_Editor'><p>王喆、朱镕基、李堃同志的通报，正文足够长。</p></div></body></html>"
    decoded = decode_bytes(page.encode("gb18030"), declared="gb2312")
    assert "王喆、朱镕基、李堃" in extract_page(decoded.text).text


def test_looks_like_html_with_xml_declaration() -> None:
    assert looks_like_html('<?xml version="1.0" encoding="utf-8"?>\n<html><body></body></html>')
