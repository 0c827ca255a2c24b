"""List pages: the article links on a page and the pages that follow it (numbered, Hanweb datastores)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import regex

from noticeparse.crawl.fetch import FetchResult, Origin, checked_url, url_origin
from noticeparse.parse import declared_charset, decode_bytes
from noticeparse.sites import Profile, find_hrefs

__all__ = ["MAX_LINKS", "PageLinks", "article_links", "decode_page", "hanweb_facts", "hanweb_page_numbers", "next_pages", "page_count"]


def decode_page(result: FetchResult) -> str:
    charset = declared_charset(result.headers.get("content-type"), result.content)
    try:
        return decode_bytes(result.content, charset).text
    except Exception:  # noqa: BLE001 -- a list page that will not decode has no links; the crawl goes on
        return ""


MAX_LINKS = 1000  # article links taken from one list page (the rest are dropped, and said)


@dataclass(frozen=True)
class PageLinks:
    """The article links of a list page: the URLs to fetch, the ones that are no URL, how many were dropped."""

    links: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (href as written, why)
    dropped: int = 0


def article_links(text: str, base: str, profile: Profile, origins: frozenset[Origin],
                  limit: int = MAX_LINKS) -> PageLinks:
    """Article links on a list page (or in a Hanweb XML datastore), in page order, once each, before any request.

    A link counts when its path matches the profile's article pattern: within ``origins``
    (scheme, host and port: another port is another site) it is fetched; one that is no
    http(s) URL (``javascript:``, ``data:``, ``http:\\\\host\\…``, a malformed host) is listed
    with why. At most ``limit`` of them are kept; ``dropped`` says how many more distinct
    article links there were (whatever their host: past the cap they are counted, not checked).
    Linear in the page: links are told apart by sets, never by a search of a list.
    """
    written: set[str] = set()  # hrefs as written: a repeated one costs one set lookup
    seen: set[str] = set()  # joined URLs of article links
    links: list[str] = []
    invalid: list[tuple[str, str]] = []
    dropped = 0
    for href in find_hrefs(text):
        if href in written:
            continue
        written.add(href)
        raw = html.unescape(href)
        try:
            joined = urljoin(base, raw).split("#")[0]
            path = urlsplit(joined).path
        except ValueError:
            joined, path = raw, raw
        if joined in seen or not any(p.search(path) for p in profile.article_link):
            continue
        seen.add(joined)
        if len(links) + len(invalid) >= limit:  # past the cap: counted, not checked
            dropped += 1
            continue
        url, why = checked_url(joined)
        if url is None:
            invalid.append((raw[:300], why or "invalid"))
        elif url_origin(url) in origins:
            links.append(url)
    return PageLinks(links, invalid, dropped)


def page_count(text: str, profile: Profile) -> int | None:
    for pattern in profile.page_count:
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    return None


def next_pages(start: str, first_text: str, profile: Profile) -> Iterator[str]:
    """URLs of the list pages after the first (open-ended when the count is unknown)."""
    if profile.xml_rows:
        yield from hanweb_pages(start, first_text)
        return
    count = page_count(first_text, profile)
    index = profile.first_page_index
    while count is None or index < profile.first_page_index + count - 1:
        yield urljoin(start, profile.page_pattern.format(n=index))
        index += 1


def hanweb_pages(start: str, first_text: str) -> Iterator[str]:
    """The rest of a Hanweb column: dataproxy.jsp record ranges, else ``pageNum=`` pages.

    Columns often carry only the first records inline; the total is in ``<totalrecord>`` or
    only in the jpage script (``totalRecord:235``), the proxy's URL and parameters in the
    datastore's ``nextgroup`` or in the script (``proxyUrl``, ``ajaxParam``).
    """
    facts = hanweb_facts(first_text)
    total, per, inline = facts["total"], facts["per"], facts["inline"]
    if total is None or total <= inline:
        return
    if facts["proxy"]:
        base = urljoin(start, facts["proxy"])
        step = inline or per
        for begin in range(inline + 1, total + 1, step):
            joiner = "&" if "?" in base else "?"
            yield f"{base}{joiner}startrecord={begin}&endrecord={min(begin + step - 1, total)}&perpage={per}"
        return
    yield from hanweb_page_numbers(start, facts)


def hanweb_page_numbers(start: str, facts: dict[str, Any]) -> Iterator[str]:
    """The no-script fallback of a column: ``index.html?uid=<unit>&pageNum=<n>``."""
    total, per = facts["total"] or 0, facts["per"] or 15
    pages = -(-total // per)
    base = start.split("?")[0]
    uid = f"uid={facts['unitid']}&" if facts.get("unitid") else ""
    for number in range(2, pages + 1):
        yield f"{base}?{uid}pageNum={number}"


_JPAGE_TOTAL = regex.compile(r"""totalRecord\s*[:=]\s*['"]?(\d+)""", regex.I)
_JPAGE_PER = regex.compile(r"""perPage\s*[:=]\s*['"]?(\d+)""", regex.I)
_JPAGE_PROXY = regex.compile(r"""proxyUrl\s*[:=]\s*['"]([^'"]+)['"]""", regex.I)
_JPAGE_PARAMS = regex.compile(r"""ajaxParam\s*[:=]\s*\{([^}]*)\}""", regex.I)
_JS_PAIR = regex.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:['"]([^'"]*)['"]|([\w.-]+))""")


def hanweb_facts(text: str) -> dict[str, Any]:
    """What a Hanweb column page says about its rows: total, per page, inline count, proxy URL.

    >>> facts = hanweb_facts("<record>a</record><script>$('#1').jpage({totalRecord:40, perPage:15,"
    ...     " proxyUrl:'/module/web/jpage/dataproxy.jsp', ajaxParam:{columnid:12, unitid:'34'}})</script>")
    >>> facts["total"], facts["per"], facts["inline"], facts["proxy"]
    (40, 15, 1, '/module/web/jpage/dataproxy.jsp?columnid=12&unitid=34')
    """
    inline = len(regex.findall(r"<record>", text))
    total = regex.search(r"<totalrecord>\s*(\d+)", text) or _JPAGE_TOTAL.search(text)
    pages = regex.search(r"<totalpage>\s*(\d+)", text)
    per_match = _JPAGE_PER.search(text)
    per = int(per_match.group(1)) if per_match else (inline or 15)
    count = int(total.group(1)) if total else (int(pages.group(1)) * per if pages else None)
    params = {k: a or b for k, a, b in _JS_PAIR.findall(m.group(1))} if (m := _JPAGE_PARAMS.search(text)) else {}
    inline_proxy = regex.search(r"""(/module/web/jpage/dataproxy\.jsp\?[^"'<>\s\]]+)""", text)
    proxy = html.unescape(inline_proxy.group(1)) if inline_proxy else None
    script_proxy = _JPAGE_PROXY.search(text)
    if proxy is None and script_proxy:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        proxy = script_proxy.group(1) + (("&" if "?" in script_proxy.group(1) else "?") + query if query else "")
    unit = params.get("unitid") or (u.group(1) if (u := regex.search(r"""uid=(\d+)""", text)) else None)
    return {"total": count, "per": per, "inline": inline, "proxy": proxy, "unitid": unit}
