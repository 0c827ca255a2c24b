"""Hanweb columns as real sites serve them, over real HTTP on 127.0.0.1.

Bugs caught: paging happened only when ``<totalrecord>`` was inline, so a column whose page
carries only its first records (the total only in the jpage script, the rest from
``dataproxy.jsp`` by POST, or from ``?uid=…&pageNum=n`` pages) was crawled only in part;
attachments behind ``downfile.jsp?…&filename=x.pdf`` were not attachments; a page whose only
date is a bare timestamp in its header line had no publish date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from documents import make_pdf  # type: ignore[import-not-found]

from noticeparse.crawl import CrawlOptions, crawl, site_name
from noticeparse.parse.html import extract_page
from noticeparse.sites import load_profile, with_start

FAST = CrawlOptions(delay=0, timeout=2, retries=1, backoff=0)
TOTAL, PER = 10, 3


def _page(title: str, body: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_某市人民政府</title>{head}</head>"
            f"<body>{body}</body></html>").encode()


def _articles(server: Any, reply: Any, col: int) -> tuple[list[str], list[str]]:
    urls, records = [], []
    for i in range(TOTAL):
        path = f"/art/2023/5/{21 - i}/art_{col}_{5000 + i}.html"
        body = (f"<div class='main-txt'><div class='title'>关于第{i + 1}项工作的通知</div>"
                f"<div class='info'>发布日期：2023-05-{21 - i:02d}</div><div id='zoom'><p>各单位：现将有关事项通知如下，"
                f"请认真贯彻落实。</p></div></div>")
        server.routes[path] = reply(_page(f"关于第{i + 1}项工作的通知", body))
        urls.append(server.url(path))
        records.append(f'<record><![CDATA[<li><a href="{path}">关于第{i + 1}项工作的通知</a></li>]]></record>')
    return urls, records


def _jpage(col: int, proxy: bool) -> str:
    proxy_url = "proxyUrl:'/module/web/jpage/dataproxy.jsp', " if proxy else ""
    return (f"<script>$(document).ready(function(){{ $('#456').jpage({{ dataStore: dataStore, totalRecord:{TOTAL},"
            f" perPage:{PER}, {proxy_url}groupSize:3, ajaxParam:{{col:1, webid:'2', path:'/', columnid:{col},"
            " sourceContentType:1, unitid:'456', webname:'某市人民政府', permissiontype:0}}); });</script>")


def _post_only_column(server: Any, reply: Any) -> list[str]:
    """First records inline, no <totalrecord>: the total is in the jpage script, the proxy answers POST only."""
    urls, records = _articles(server, reply, 201)

    def proxy(query: dict[str, list[str]]) -> Any:
        if query.get("_method") != ["POST"] or query.get("columnid") != ["201"]:
            return reply(b"<datastore><recordset></recordset></datastore>", headers={"Content-Type": "text/xml"})
        start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
        xml = (f"<datastore><totalrecord>{TOTAL}</totalrecord><totalpage>4</totalpage><recordset>"
               + "".join(records[start - 1:end]) + "</recordset></datastore>")
        return reply(xml.encode(), headers={"Content-Type": "text/xml; charset=utf-8"})

    inline = f"<div id='456'><script type='text/xml'><recordset>{''.join(records[:PER])}</recordset></script></div>"
    server.routes["/col/col201/index.html"] = reply(_page("通知公告", inline + _jpage(201, proxy=True)))
    server.routes["/module/web/jpage/dataproxy.jsp"] = proxy
    return urls


def _page_number_column(server: Any, reply: Any, proxy: bool = False) -> list[str]:
    """No proxy (or one that answers 404): the rest is on ``index.html?uid=456&pageNum=n`` pages."""
    urls, records = _articles(server, reply, 301)
    rows = [r.replace("<record><![CDATA[", "").replace("]]></record>", "") for r in records]

    def column(query: dict[str, list[str]]) -> Any:
        number = int(query.get("pageNum", ["1"])[0])
        chunk = rows[(number - 1) * PER:number * PER]
        nav = "<a href='?uid=456&pageNum=2'>下一页</a>"
        return reply(_page("通知公告", "<ul>" + "".join(chunk) + "</ul>" + nav + _jpage(301, proxy=proxy)))

    server.routes["/col/col301/index.html"] = column
    return urls


def _crawl(start: str, raw: Path) -> Any:
    return crawl(with_start(load_profile("hanweb"), start), raw, FAST)


def _stored_articles(raw: Path, start: str) -> list[str]:
    sidecars = [json.loads(p.read_text(encoding="utf-8")) for p in (raw / site_name(start)).glob("*/*.json")]
    return sorted(s["url"] for s in sidecars if s.get("kind") == "article")


def test_column_paged_only_by_a_post_dataproxy_is_crawled_completely(server, tmp_path: Path) -> None:
    from conftest import Reply  # type: ignore[import-not-found]

    urls = _post_only_column(server, Reply)
    start = server.url("/col/col201/index.html")
    report = _crawl(start, tmp_path)
    assert _stored_articles(tmp_path, start) == sorted(urls), report.render()


def test_column_paged_by_page_numbers_is_crawled_completely(server, tmp_path: Path) -> None:
    from conftest import Reply  # type: ignore[import-not-found]

    urls = _page_number_column(server, Reply)
    start = server.url("/col/col301/index.html")
    report = _crawl(start, tmp_path)
    assert _stored_articles(tmp_path, start) == sorted(urls), report.render()


def test_column_whose_proxy_fails_falls_back_to_page_numbers(server, tmp_path: Path) -> None:
    from conftest import Reply  # type: ignore[import-not-found]

    urls = _page_number_column(server, Reply, proxy=True)  # the script names a proxy the server lacks
    start = server.url("/col/col301/index.html")
    report = _crawl(start, tmp_path)
    assert _stored_articles(tmp_path, start) == sorted(urls), report.render()
    assert server.hits["/module/web/jpage/dataproxy.jsp"] == 2  # GET, then POST, then no more


def test_download_script_links_are_attachments(server, tmp_path: Path) -> None:
    from conftest import Reply  # type: ignore[import-not-found]

    link = "/module/download/downfile.jsp?classid=0&filename=2305211.pdf"
    body = (f"<div id='zoom'><p>各单位：现将有关事项通知如下，请认真贯彻落实。</p><p><a href='{link}'>附件：实施方案</a></p>"
            "<p><a href='/module/download/downfile.jsp?classid=0&filename=readme.txt'>说明</a></p></div>")
    path = "/art/2023/5/21/art_401_9001.html"
    server.routes[path] = Reply(_page("关于印发方案的通知", body))
    server.routes["/module/download/downfile.jsp"] = Reply(make_pdf("Attachment text"),
                                                           headers={"Content-Type": "application/pdf"})
    record = f'<record><![CDATA[<li><a href="{path}">关于印发方案的通知</a></li>]]></record>'
    lst = f"<script type='text/xml'><datastore><recordset>{record}</recordset><totalrecord>1</totalrecord></datastore></script>"
    server.routes["/col/col401/index.html"] = Reply(_page("通知公告", lst))
    start = server.url("/col/col401/index.html")
    report = _crawl(start, tmp_path)
    assert report.attachments == 1, report.render()
    stored = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / site_name(start)).glob("*/*.json")]
    article = next(s for s in stored if s.get("kind") == "article")
    assert [a["url"] for a in article["attachments"]] == [server.url(link)]
    assert article["attachments"][0]["path"].endswith(".pdf")


def test_bare_header_timestamp_is_the_publish_date() -> None:
    page = ("<html><body><div class='top'>某市人民政府门户网站</div><h1>关于做好值班工作的通知</h1>"
            "<div class='bar'>2023-05-21 10:30 浏览次数：<span>5</span></div>"
            "<div class='text'><p>各单位：现将有关事项通知如下，请认真贯彻落实。</p><p>特此通知。</p></div></body></html>")
    assert extract_page(page).fields.get("publish_date") == "2023-05-21"
    dated_line = page.replace("2023-05-21 10:30", "2023年5月21日")
    assert extract_page(dated_line).fields.get("publish_date") == "2023-05-21"


def test_a_date_inside_a_sentence_is_not_a_bare_stamp() -> None:
    page = ("<html><body><h1>关于做好值班工作的通知</h1><div class='bar'>请于2023年5月21日前报送</div>"
            "<div class='text'><p>各单位：现将有关事项通知如下，请认真贯彻落实。</p></div></body></html>")
    assert "publish_date" not in extract_page(page).fields
