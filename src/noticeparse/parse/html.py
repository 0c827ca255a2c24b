"""HTML page to notice text (paragraphs as lines) plus its header fields, each with its source.

Fields come from (``sites.SOURCES``, most trusted first, chosen by ``sites.pick_header``):
the 政府信息公开 metadata table (``info_table``: 索引号, 发文机关, 成文日期, 标题, 发文字号,
发布日期 …), the government-site meta tags (ArticleTitle, PubDate, ContentSource, SiteName,
ColumnName), the visible 发布时间/来源 line just before the body, the profile's CSS
selectors, the date in the URL, the headline above the header line, and last the
``<title>`` with its site suffix cut off. The body is the first profile body selector
that holds text, else the block with the most paragraph text; ``<style>``/``<script>``
and share/print toolbars are dropped, tables become one line per row (cells by tabs).
Profiles: ``rules/sites/*.yaml`` (``noticeparse.sites``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import regex
from lxml import etree
from lxml import html as lxml_html

from noticeparse.extract import YMD_PATTERN, parse_ymd, read_info_table
from noticeparse.parse.markup import check_markup
from noticeparse.parse.page_text import BODY_MARK, node_text
from noticeparse.parse.selectors import PageNames, page_names, select
from noticeparse.records import Header
from noticeparse.rules import RuleSet, load_rules
from noticeparse.sites import Profile, load_sites, pick_header

__all__ = ["HtmlText", "extract_page", "iso_date", "looks_like_html", "node_text", "url_date"]

_META_FIELDS = {
    "articletitle": "title", "pubdate": "publish_date", "contentsource": "source_label",
    "sitename": "site_name", "columnname": "column_name",
}
_HTML_SNIFF = regex.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[\s>])",
                            regex.I | regex.S)
_XML_DECL = regex.compile(r"^\s*<\?xml[^>]*\?>")
_URL_DATE = regex.compile(
    r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"  # TRS t20230521_1234.html
    r"|/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"  # Hanweb /art/2023/5/21/
    r"|/((?:19|20)\d{2})-?(\d{2})-?(\d{2})/"  # /2023-05-21/ or /20230521/
)
_DATE_LINE = regex.compile(r"(?:发布时间|发布日期|发文日期|时间|日期)\s*[:：]\s*" + YMD_PATTERN)
_SOURCE_LINE = regex.compile(r"(?:信息来源|文章来源|稿件来源|来源)\s*[:：]\s*([^\s|｜【】\[\]]{1,40})")
_ZERO_WIDTH = regex.compile(r"[\u200b-\u200f\u2060\ufeff]")
_TITLE_SUFFIX = regex.compile(r"\s*[_|｜—–-]{1,2}\s*[^_|｜—–-]{2,30}$")
_COLUMN_SUFFIX = regex.compile(r"\s*—{2,4}\s*[^_|｜—–-]{2,12}$")  # 标题————要闻——网站: the column too
# a header line whose only date is a bare timestamp: 2023-03-27 06:25, or a line that is one date
_BARE_STAMP = regex.compile(r"(?<!\d)((?:19|20)\d{2}-\d{1,2}-\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
                            r"|^\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?)"
                            r"\s*(?:(?:浏览|点击|阅读|访问|来源|作者|编辑|字体|字号|【|\[|\|).*)?$")
_HEADER_LABEL = regex.compile(r"^\s*(?:发布时间|发布日期|来源|信息来源|文章来源)\s*[:：]?\s*$")
_SENTENCE_ENDS = ("。", "！", "？", "；", "：", ":", ";")
_FILE_PARAMS = {"filename", "file", "name", "fn", "fname", "realname"}  # downfile.jsp?…&filename=x.pdf
_MIN_BODY = 20  # fewer characters than this is an empty template slot, not the body


def looks_like_html(text: str) -> bool:
    """True when a text begins like an HTML document.

    >>> looks_like_html("<!DOCTYPE html><html>"), looks_like_html("一、总体情况")
    (True, False)
    """
    return bool(_HTML_SNIFF.match(text[:2048]))


@dataclass
class HtmlText:
    """Visible body text with one line per block, the page's header fields and attachment links."""

    text: str
    header: Header = field(default_factory=Header)
    attachments: tuple[str, ...] = ()
    body_selector: str | None = None

    @property
    def fields(self) -> dict[str, str]:
        """The header's values, ``{field: value}``."""
        return self.header.values()


def _clean(value: str) -> str:
    return " ".join(_ZERO_WIDTH.sub("", value).split())


def iso_date(value: str | None) -> str | None:
    """The first Y-M-D date in a string, as ISO text.

    >>> iso_date("发布时间： 2023年1月6日 20:00")
    '2023-01-06'
    """
    found = parse_ymd(value)
    return found.isoformat() if found else None


def _parse(page: str) -> Any:
    """The page's tree; a page over a markup cap raises E104 first (``parse/markup.py``)."""
    check_markup(page)
    page = _XML_DECL.sub("", page, count=1)
    if not page.strip():
        return lxml_html.fromstring("<html><body></body></html>")
    try:
        return lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return lxml_html.fromstring("<html><body></body></html>")


def _meta_fields(root: Any) -> dict[str, str]:
    fields: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = _META_FIELDS.get((meta.get("name") or "").strip().lower())
        content = meta.get("content") or ""
        if not name or not content.strip():
            continue
        inner = html.unescape(content)
        if "<" in inner:  # ArticleTitle may hold escaped inner HTML: one <p> per title line
            inner = node_text(lxml_html.fragment_fromstring(inner, create_parent="div")).replace("\n", " ")
        value = _clean(inner)
        if name == "publish_date":
            value = iso_date(value) or ""
        if value:
            fields.setdefault(name, value)
    return fields


def _selector_fields(root: Any, profile: Profile, names: PageNames) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name, selectors in profile.fields.items():
        for selector in selectors:
            texts = [node_text(el).replace("\n", " ") for el in select(root, selector, names)]
            value = _field_value(name, next((t for t in texts if t.strip()), ""))
            if value:
                fields[name] = value
                break
    return fields


def _field_value(name: str, text: str) -> str | None:
    if name == "publish_date":
        return iso_date(text)
    if name == "source_label":
        match = _SOURCE_LINE.search(text)
        return match.group(1) if match else None
    return _clean(text) or None


def _visible_fields(before_body: str) -> dict[str, str]:
    """The 发布时间/来源 line: searched in the last lines before the body starts."""
    fields: dict[str, str] = {}
    for line in reversed(before_body.split("\n")[-12:]):
        date_match = _DATE_LINE.search(line)
        if date_match and "publish_date" not in fields:
            fields["publish_date"] = iso_date(date_match.group(0)) or ""
        source = _SOURCE_LINE.search(line)
        if source and "source_label" not in fields:
            fields["source_label"] = source.group(1)
    if "publish_date" not in fields:
        fields.update(_bare_stamp(before_body))
    return {k: v for k, v in fields.items() if v}


def _bare_stamp(before_body: str) -> dict[str, str]:
    """A header line with no 发布时间 label: the last bare timestamp (or date-only line) before the body."""
    for line in reversed(before_body.split("\n")[-12:]):
        match = _BARE_STAMP.search(line)
        if match:
            date = iso_date(match.group(1) or match.group(2))
            if date:
                return {"publish_date": date}
    return {}


def url_date(url: str | None) -> str | None:
    """The date in an article URL (TRS, Hanweb or dated folders), as ISO text.

    >>> url_date("http://x.gov.cn/art/2023/5/7/art_123_1.html"), url_date("/a/202305/t20230521_9.html")
    ('2023-05-07', '2023-05-21')
    """
    match = _URL_DATE.search(url or "")
    return iso_date("-".join(g for g in match.groups() if g)) if match else None


def _url_fields(url: str | None) -> dict[str, str]:
    date = url_date(url)
    return {"publish_date": date} if date else {}


def _title_fallback(root: Any) -> dict[str, str]:
    title = root.find(".//title")
    text = _clean(title.text_content()) if title is not None else ""
    stripped = _TITLE_SUFFIX.sub("", text) or text  # "标题_某某网站": never trust the suffix
    stripped = _COLUMN_SUFFIX.sub("", stripped) or stripped
    return {"title": stripped} if stripped else {}


def _is_header_line(line: str) -> bool:
    return bool(_DATE_LINE.search(line) or _SOURCE_LINE.search(line) or _HEADER_LABEL.match(line)
                or _BARE_STAMP.search(line))


def _headline_fields(before_body: str, page_title: str) -> dict[str, str]:
    """The line just above the page's 来源/发布时间 header line, when it is longer than the <title>.

    Used only where no meta tag, profile selector or 信息公开 table names the title: a
    ``<title>`` that holds only the column's name (评论——网站) loses to the article's headline.
    """
    lines = before_body.split("\n")[-12:]
    first = next((i for i, line in enumerate(lines) if _is_header_line(line)), None)
    if not first:
        return {}
    headline = lines[first - 1].strip()
    if (not headline or len(headline) > 80 or "\t" in headline or headline.endswith(_SENTENCE_ENDS)
            or len(_squash(headline)) <= len(_squash(page_title))):
        return {}
    return {"title": headline}


def _squash(text: str) -> str:
    return "".join(text.split())


def _densest(root: Any) -> Any:
    """The element whose direct <p> children hold the most text."""
    best, best_len = None, 0
    for el in root.iter("div", "article", "section", "td", "body"):
        size = sum(len(_clean(p.text_content())) for p in el if isinstance(p.tag, str) and p.tag == "p")
        if size > best_len:
            best, best_len = el, size
    return best


def _select_body(root: Any, profile: Profile, names: PageNames) -> tuple[Any, str | None]:
    for selector in profile.body:
        for el in select(root, selector, names):
            if len(_clean(el.text_content())) >= _MIN_BODY:
                return el, selector
    dense = _densest(root)
    if dense is not None:
        return dense, "densest"
    return root.find("body") if root.find("body") is not None else root, None


def attachment_names(href: str) -> list[str]:
    """The names a link's file goes by: its path, and a download script's ``filename=`` value.

    >>> attachment_names("/module/download/downfile.jsp?classid=0&filename=a2.pdf")
    ['/module/download/downfile.jsp', 'a2.pdf']
    """
    parts = urlsplit(html.unescape(href))
    names = [parts.path]
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.lower() in _FILE_PARAMS:
            names.append(value)
    return names


def _attachments(body: Any, profile: Profile, url: str | None) -> tuple[str, ...]:
    found: list[str] = []
    for link in body.iter("a"):
        href = (link.get("href") or "").strip()
        names = attachment_names(href)
        if href and any(p.search(name) for name in names for p in profile.attachment_link):
            absolute = urljoin(url, href) if url else href
            if absolute not in found:
                found.append(absolute)
    return tuple(found)


def extract_page(page: str, *, profile: Profile | None = None, url: str | None = None,
                 rules: RuleSet | None = None) -> HtmlText:
    """Turn an article page into body lines, its fields (title, publish_date, …) and attachment links.

    A page over a markup cap (elements, attributes) raises an E104 ``NoticeError``.

    >>> page = '<meta name="PubDate" content="2022-05-20"><style>p{}</style><p>一、总体</p><p>正文</p>'
    >>> result = extract_page(page)
    >>> result.text, result.fields
    ('一、总体\\n正文', {'publish_date': '2022-05-20'})
    """
    rules = rules or load_rules()
    profile = profile or load_sites(rules.root).generic
    root = _parse(page)
    names = page_names(root)  # taken before the drops: a superset of what is left, so still safe
    if not url:
        canonical = root.find(".//link[@rel='canonical']")
        url = canonical.get("href") if canonical is not None else None
    for selector in profile.drop:
        for el in select(root, selector, names):
            if el.getparent() is not None:
                el.drop_tree()
    body, body_selector = _select_body(root, profile, names)
    before = node_text(root, body).split(BODY_MARK)[0]
    page_title = _title_fallback(root)
    header = pick_header([
        ("info_table", read_info_table(root, rules)), ("meta", _meta_fields(root)), ("visible", _visible_fields(before)),
        ("selector", _selector_fields(root, profile, names)), ("url", _url_fields(url)),
        ("headline", _headline_fields(before, page_title.get("title", ""))), ("page_title", page_title),
    ])
    if header.publish_date is None and body_selector in {"densest", None}:  # a template no profile knows
        from noticeparse.parse.generic import fallback_date

        header = pick_header([("markup", {"publish_date": fallback_date(page, url) or ""})], header)
    return HtmlText(node_text(body), header, _attachments(body, profile, url), body_selector)
