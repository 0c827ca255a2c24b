"""Hand-written fixture sites, one per family, modelled on the real templates.

- trs: ccdi-style TRS WCM, ./YYYYMM/tYYYYMMDD_<id>.html, createPageHTML(3, …) list script,
  div.TRS_Editor with a <style> inside, P020….pdf attachments (one with text, one a scan);
- gd: the Guangdong platform, content/post_<id>.html, index.html → index_2.html → 404,
  one GBK page with no charset anywhere (names 喆 镕 堃);
- hanweb: /art/YYYY/M/D/art_<col>_<id>.html, list rows in an XML datastore and dataproxy.jsp,
  one page with a wrong charset header;
- govcn: content_<id>.htm with #UCAP-CONTENT, home.htm/home_1.htm;
- generic: an unknown CMS found by the fallback profile.
"""

from __future__ import annotations

from typing import Any

from documents import make_pdf  # type: ignore[import-not-found]  # tests/documents.py

SOURCES = ["市纪委监委", "市委巡察办", "中央纪委国家监委网站"]
TOPICS = ["巡察整改进展情况", "违反中央八项规定精神典型问题", "形式主义官僚主义问题整治", "基层减负工作"]


def _article(family: str, i: int) -> dict[str, str]:
    day = 21 - i
    return {
        "id": str(1000 + i),
        "date": f"2023-05-{day:02d}",
        "title": f"关于{TOPICS[i % len(TOPICS)]}的通报（{family}第{i + 1}号）",
        "source": SOURCES[i % len(SOURCES)],
        "body": "\n".join([
            f"根据市委统一部署，2023年3月{i + 1}日至4月{i + 10}日，市委第{i + 1}巡察组对有关单位进行了巡察。",
            f"一、整改工作总体情况。共查处问题{12 + i}起，处理{20 + i}人，追缴资金{3 + i}.5万元。",
            "二、下一步工作。持续加强监督检查，巩固整改成果。欢迎广大干部群众监督。",
        ]),
    }


def _paras(body: str) -> str:
    return "".join(f'<p style="text-indent:2em;">　　{line}</p>' for line in body.split("\n"))


def _html(title: str, head: str, body: str, charset: str = "utf-8") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return (f"<!DOCTYPE html>\n<html>\n<head>\n{meta}\n<title>{title}_某某市纪委监委网站</title>\n{head}\n"
            '<script type="text/javascript">var _hmt = _hmt || [];</script>\n</head>\n<body>\n'
            '<div class="header"><a href="/">首页</a> | <a href="/gywm/">关于我们</a></div>\n'
            f"{body}\n<div class=\"footer\">主办单位：某某市纪委监委 版权所有 粤ICP备12345678号</div>\n</body>\n</html>\n")


def _meta(a: dict[str, str], title: bool = True, date: bool = True) -> str:
    return (f'<meta name="SiteName" content="某某市纪委监委网站">\n<meta name="ColumnName" content="通知公告">\n'
            f'<meta name="ArticleTitle" content="{a["title"] if title else ""}">\n'
            f'<meta name="PubDate" content="{a["date"] + " 09:30" if date else ""}">\n'
            f'<meta name="ContentSource" content="{a["source"]}">')


def _trs(server: Any, reply: Any) -> dict[str, Any]:
    articles, rows = {}, []
    for i in range(7):
        a = _article("trs", i)
        ym = a["date"][:7].replace("-", "")
        path = f"/trs/tzgg/{ym}/t{a['date'].replace('-', '')}_{a['id']}.html"
        links = ""
        if i == 0:
            links = ('<p>附件：<a href="./P020230521123456789012.pdf">1.整改清单.pdf</a></p>'
                     '<p><a href="./P020230521123456789013.pdf">2.扫描件.pdf</a></p>')
            server.routes[path.rsplit("/", 1)[0] + "/P020230521123456789012.pdf"] = reply(
                make_pdf("Rectification list 2023: 12 items"), headers={"Content-Type": "application/pdf"})
            server.routes[path.rsplit("/", 1)[0] + "/P020230521123456789013.pdf"] = reply(
                make_pdf(None), headers={"Content-Type": "application/pdf"})
        body = ('<div class="Article_61"><h2 class="tit">' + a["title"] + "</h2>"
                '<div class="daty"><div class="daty_con"><em class="e e1">来源：' + a["source"] + "</em>"
                '<em class="e e2">发布时间：' + a["date"] + ' 09:30</em><em class="e e3"><div class="share_box">'
                '<span class="share">分享</span></div></em></div></div><div class="content"><div class="TRS_Editor">'
                "<style>.TRS_Editor P{margin-top:0;font-size:12pt;}</style>" + _paras(a["body"]) + links
                + "</div></div></div>")
        page = _html(a["title"], _meta(a, title=i != 2, date=i != 3), body)
        server.routes[path] = reply(page.encode())
        articles[server.url(path)] = a
        rows.append(f'<li><a href="./{ym}/t{a["date"].replace("-", "")}_{a["id"]}.html" target="_blank" '
                    f'title="{a["title"]}">{a["title"]}</a><span>{a["date"]}</span></li>')
    pages = [rows[0:3], rows[3:6], rows[6:]]
    for n, chunk in enumerate(pages):
        name = "index.html" if n == 0 else f"index_{n}.html"
        lst = ('<ul class="list_news_dl">' + "".join(chunk) + '</ul><a href="../../index.html">返回首页</a>'
               '<a href="http://www.elsewhere.gov.cn/202305/t20230501_9.html">外站</a>'
               '<div class="page"><script>var countPage = 3;createPageHTML(3, ' + str(n)
               + ', "index", "html");</script></div>')
        server.routes[f"/trs/tzgg/{name}"] = reply(_html("通知公告", "", lst).encode())
    return {"start": server.url("/trs/tzgg/index.html"), "articles": articles}


def _gd(server: Any, reply: Any) -> dict[str, Any]:
    articles, rows = {}, []
    for i in range(5):
        a = _article("gd", i)
        if i == 1:
            a["title"] = "关于王喆、朱镕基、李堃等同志履职情况的通报"
        path = f"/gd/zwgk/content/post_{a['id']}.html"
        body = ('<div class="article"><div class="article-title"><h1>' + a["title"] + "</h1></div>"
                '<div class="article-ctrl"><span class="source">来源：' + a["source"] + '</span> <span class="date">'
                "发布时间：" + a["date"] + ' 16:19</span> <span class="font">【字体：大 中 小】</span></div>'
                '<div class="article-content">' + _paras(a["body"])
                + "<table><tr><td>序号</td><td>问题</td></tr><tr><td>1</td><td>整改台账不全</td></tr></table>"
                + "</div></div>")
        if i == 1:  # GBK with no charset anywhere: not in the header, not in a meta tag
            page = _html(a["title"], _meta(a), body, charset="").encode("gbk")
            server.routes[path] = reply(page, headers={"Content-Type": "text/html"})
        else:
            server.routes[path] = reply(_html(a["title"], _meta(a), body).encode())
        articles[server.url(path)] = a
        rows.append(f'<li><a href="{server.url(path)}">{a["title"]}</a><span>{a["date"]}</span></li>')
    for n, chunk in enumerate([rows[0:3], rows[3:]]):
        name = "index.html" if n == 0 else f"index_{n + 1}.html"
        server.routes[f"/gd/zwgk/{name}"] = reply(_html("通知公告", "", "<ul>" + "".join(chunk) + "</ul>").encode())
    return {"start": server.url("/gd/zwgk/index.html"), "articles": articles}


def _hanweb(server: Any, reply: Any) -> dict[str, Any]:
    articles, records = {}, []
    for i in range(7):
        a = _article("hanweb", i)
        path = f"/art/2023/5/{int(a['date'][-2:])}/art_123_{a['id']}.html"
        body = ('<div class="main-txt"><div class="title">' + a["title"] + '</div><div class="info">发布日期：'
                + a["date"] + " 来源：" + a["source"] + ' 浏览次数：<span id="c">0</span></div><div id="zoom">'
                + _paras(a["body"]) + "</div></div>")
        page = _html(a["title"], _meta(a, title=False), body)
        headers = {"Content-Type": "text/html; charset=gbk"} if i == 2 else {"Content-Type": "text/html; charset=utf-8"}
        server.routes[path] = reply(page.encode("utf-8"), headers=headers)  # i == 2: wrong charset header
        articles[server.url(path)] = a
        records.append(f'<record><![CDATA[<li><a href="{path}" target="_blank">{a["title"]}</a>'
                       f"<span>{a['date']}</span></li>]]></record>")
    per = 3

    def datastore(chunk: list[str]) -> str:
        return ('<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/'
                '&columnid=123&unitid=456&webname=test&permissiontype=0"></a>]]></nextgroup><recordset>'
                + "".join(chunk) + f"</recordset><totalrecord>{len(records)}</totalrecord>"
                f"<totalpage>3</totalpage></datastore>")

    def proxy(query: dict[str, list[str]]) -> Any:
        start = int(query.get("startrecord", ["1"])[0])
        chunk = records[start - 1:start - 1 + per]
        return reply(datastore(chunk).encode(), headers={"Content-Type": "text/xml; charset=utf-8"})

    lst = f'<div id="456"><script type="text/xml">{datastore(records[:per])}</script></div>'
    server.routes["/col/col123/index.html"] = reply(_html("通知公告", "", lst).encode())
    server.routes["/module/web/jpage/dataproxy.jsp"] = proxy
    return {"start": server.url("/col/col123/index.html"), "articles": articles}


def _govcn(server: Any, reply: Any) -> dict[str, Any]:
    articles, rows = {}, []
    for i in range(4):
        a = _article("govcn", i)
        path = f"/zhengce/content/{a['date'][:7]}/{a['date'][-2:]}/content_{5000000 + i}.htm"
        body = ('<div class="article"><h1 id="ti">' + a["title"] + '</h1><div class="pages-date">' + a["date"]
                + ' 10:00 <span class="font">来源：' + a["source"] + '</span></div><div class="pages_content" '
                'id="UCAP-CONTENT">' + _paras(a["body"]) + '</div><div class="editor">责任编辑：张三</div></div>')
        server.routes[path] = reply(_html(a["title"], _meta(a), body).encode())
        articles[server.url(path)] = a
        rows.append(f'<li><h4><a href="{path}">{a["title"]}</a><span class="date">{a["date"]}</span></h4></li>')
    for n, chunk in enumerate([rows[:2], rows[2:]]):
        name = "home.htm" if n == 0 else f"home_{n}.htm"
        lst = "<ul>" + "".join(chunk) + '</ul><script>createPageHTML(2, ' + str(n) + ', "home", "htm");</script>'
        server.routes[f"/zhengce/{name}"] = reply(_html("政策", "", lst).encode())
    return {"start": server.url("/zhengce/home.htm"), "articles": articles}


def _generic(server: Any, reply: Any) -> dict[str, Any]:
    articles, rows = {}, []
    for i in range(3):
        a = _article("generic", i)
        path = f"/news/2023/{a['date'][5:7]}{a['date'][-2:]}/{7000 + i}.html"
        body = ('<div class="wrap"><h1>' + a["title"] + '</h1><div class="meta">发布时间：' + a["date"]
                + " 来源：" + a["source"] + '</div><div class="text">' + _paras(a["body"]) + "</div></div>")
        server.routes[path] = reply(_html(a["title"], "", body).encode())
        articles[server.url(path)] = a
        rows.append(f'<li><a href="{path}">{a["title"]}</a></li>')
    server.routes["/news/index.html"] = reply(_html("新闻", "", "<ul>" + "".join(rows) + "</ul>").encode())
    return {"start": server.url("/news/index.html"), "articles": articles}


BUILDERS = {"trs": _trs, "gd": _gd, "hanweb": _hanweb, "govcn": _govcn, "generic": _generic}


def build_site(family: str, server: Any, reply: Any) -> dict[str, Any]:
    """Install one family's site on the server; return its start URL and articles by URL."""
    return BUILDERS[family](server, reply)
