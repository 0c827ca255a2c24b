"""The fetcher against hostile and broken servers on 127.0.0.1 (no request leaves the machine)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import Reply  # type: ignore[import-not-found]
from noticeparse.crawl import CrawlOptions, crawl, site_name
from noticeparse.crawl.fetch import Fetcher
from noticeparse.parse import iter_inputs
from noticeparse.sites import load_profile, with_start

pytestmark = pytest.mark.slow  # real processes, servers or long loops: not in `make test-fast`


def _fetcher(server: object, **kw: object) -> Fetcher:
    """A fast fetcher allowed the test server's origin only (its port included)."""
    options = {"delay": 0, "timeout": 2.0, "retries": 2, "backoff": 0, **kw}
    return Fetcher({server.url("/")}, **options)  # type: ignore[arg-type, attr-defined]


def test_503_then_200_is_retried(server) -> None:
    calls = iter([Reply(b"busy", 503), Reply(b"<p>ok</p>")])
    server.routes["/flaky"] = lambda _q: next(calls)
    with _fetcher(server) as fetcher:
        result = fetcher.get(server.url("/flaky"))
    assert (result.status, result.attempts, result.content) == (200, 2, b"<p>ok</p>")


def test_429_honours_retry_after(server) -> None:
    waits: list[float] = []
    calls = iter([Reply(b"slow down", 429, headers={"Retry-After": "7"}), Reply(b"<p>ok</p>")])
    server.routes["/limited"] = lambda _q: next(calls)
    with _fetcher(server, sleep=waits.append) as fetcher:
        assert fetcher.get(server.url("/limited")).status == 200
    assert waits == [7.0]


def test_slow_response_times_out(server) -> None:
    server.routes["/slow"] = Reply(b"<p>late</p>", delay=1.0)
    started = time.monotonic()
    with _fetcher(server, timeout=0.2, retries=1) as fetcher:
        result = fetcher.get(server.url("/slow"))
    assert result.error and result.error.startswith("timeout")
    assert result.attempts == 2
    assert time.monotonic() - started < 1.5


def test_redirect_to_another_host_is_refused(server) -> None:
    server.routes["/away"] = Reply(b"", 302, headers={"Location": server.url("/there", host="localhost")})
    server.routes["/there"] = Reply(b"<p>elsewhere</p>")
    with _fetcher(server) as fetcher:
        result = fetcher.get(server.url("/away"))
    assert result.error == "refused: outside the allowed hosts"
    assert server.hits["/there"] == 0


def test_redirect_within_host_is_followed(server) -> None:
    server.routes["/old"] = Reply(b"", 301, headers={"Location": "/new"})
    server.routes["/new"] = Reply(b"<p>moved</p>")
    with _fetcher(server) as fetcher:
        result = fetcher.get(server.url("/old"))
    assert (result.status, result.final_url, result.url) == (200, server.url("/new"), server.url("/old"))


@pytest.mark.parametrize(("status", "body"), [
    (412, b"<html><script>var _$ab='x';</script></html>"),
    (521, b"<script>document.cookie='__jsl_clearance=1';location.href=location.pathname</script>"),
    (200, b"<html><script>document.cookie='acw_sc__v2=abc';window.location.reload();</script></html>"),
])
def test_challenges_are_blocked_not_bypassed(server, status: int, body: bytes) -> None:
    server.routes["/guarded"] = Reply(body, status)
    with _fetcher(server) as fetcher:
        result = fetcher.get(server.url("/guarded"))
    assert result.blocked and not result.ok
    assert server.hits["/guarded"] == 1  # never retried, never worked around


def test_blocked_article_is_recorded_not_stored(site, server, tmp_path: Path) -> None:
    facts = site("gd")
    blocked_url = next(iter(facts["articles"]))
    path = blocked_url.split(str(server.port), 1)[1]
    server.routes[path] = Reply(b"<script>document.cookie='x=1';location.reload()</script>", 412)
    report = crawl(with_start(load_profile("gd"), facts["start"]), tmp_path, CrawlOptions(delay=0, retries=0))
    assert report.blocked == 1
    assert blocked_url not in {i.url for i in iter_inputs([str(tmp_path)])}


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "streamed"])
def test_50mb_body_is_cut_at_the_cap(server, chunked: bool) -> None:
    size = 50 * 1024 * 1024
    if chunked:
        server.routes["/huge"] = Reply(stream_bytes=size, etag=False)
    else:
        server.routes["/huge"] = Reply(stream_bytes=size, etag=False,
                                       headers={"Content-Type": "text/html", "Content-Length": str(size)})
    started = time.monotonic()
    with _fetcher(server, max_bytes=1024 * 1024) as fetcher:
        result = fetcher.get(server.url("/huge"))
    assert result.error and result.error.startswith("too large")
    assert result.content == b""
    assert time.monotonic() - started < 5


def test_robots_txt_is_obeyed(server) -> None:
    server.routes["/robots.txt"] = Reply(b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
    server.routes["/private/a.html"] = Reply(b"<p>secret</p>")
    with _fetcher(server) as fetcher:
        result = fetcher.get(server.url("/private/a.html"))
    assert result.error == "refused: robots.txt disallows"
    assert server.hits["/private/a.html"] == 0


def test_conditional_get_gives_304(server) -> None:
    server.routes["/list"] = Reply(b"<p>list</p>")
    with _fetcher(server) as fetcher:
        first = fetcher.get(server.url("/list"))
        second = fetcher.get(server.url("/list"), etag=first.headers["etag"])
    assert (first.status, second.status, second.content) == (200, 304, b"")


def test_jittered_delay_between_requests(server) -> None:
    waits: list[float] = []
    server.routes["/a"] = Reply(b"<p>a</p>")
    with _fetcher(server, delay=2.0, sleep=waits.append) as fetcher:
        fetcher.get(server.url("/a"))
        fetcher.get(server.url("/a"))
    assert waits and all(0.9 <= w <= 3.0 for w in waits)  # 1–3 s around the 2 s default


def _trap_page(n: int, fresh: bool) -> Reply:
    ids = range(n * 3, n * 3 + 3) if fresh else range(3)
    links = "".join(f'<li><a href="./202305/t20230521_{9000 + i}.html">通报{i}</a></li>' for i in ids)
    return Reply(f"<html><body><ul>{links}</ul><a href='index_{n + 1}.html'>下一页</a></body></html>".encode())


@pytest.mark.parametrize("fresh", [False, True], ids=["same-links", "new-links-forever"])
def test_infinite_pagination_trap(server, tmp_path: Path, fresh: bool) -> None:
    server.routes["/trap/index.html"] = _trap_page(0, fresh)
    for n in range(1, 50):
        server.routes[f"/trap/index_{n}.html"] = _trap_page(n, fresh)
    for i in range(200):
        server.routes[f"/trap/202305/t20230521_{9000 + i}.html"] = Reply(
            f"<div class='TRS_Editor'><p>第{i}号通报，正文内容足够长，足够长。</p></div>".encode())
    options = CrawlOptions(delay=0, max_pages=5, retries=0)
    report = crawl(with_start(load_profile("trs"), server.url("/trap/index.html")), tmp_path, options)
    assert report.list_pages <= 5
    assert report.stopped in {"list page with no new links", "--max-pages 5"}


def test_store_paths_never_come_from_urls(server, tmp_path: Path) -> None:
    long = "a" * 300
    assert site_name("http://..%2f..%2fetc:81/") == "2f__2fetc_81"
    server.routes["/x/index.html"] = Reply(f'<a href="./202305/t20230521_1.html?{long}">x</a>'.encode())
    server.routes["/x/202305/t20230521_1.html"] = Reply("<div class='TRS_Editor'><p>正文足够长的通报内容。</p></div>".encode())
    crawl(with_start(load_profile("trs"), server.url("/x/index.html")), tmp_path, CrawlOptions(delay=0))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and all(len(p.name) <= 80 and p.resolve().is_relative_to(tmp_path.resolve()) for p in files)


def test_wrong_charset_header_is_overruled(site, tmp_path: Path) -> None:
    facts = site("hanweb")
    crawl(with_start(load_profile("hanweb"), facts["start"]), tmp_path, CrawlOptions(delay=0))
    wrong = [i for i in iter_inputs([str(tmp_path)]) if i.url and "art_123_1002" in i.url]
    assert wrong and wrong[0].declared_encoding == "utf-8"


def test_404_after_the_last_list_page_ends_the_crawl(site, tmp_path: Path) -> None:
    facts = site("gd")
    report = crawl(with_start(load_profile("gd"), facts["start"]), tmp_path, CrawlOptions(delay=0))
    assert report.stopped == "list page 404"


def test_robots_crawl_delay_is_a_floor(server) -> None:
    waits: list[float] = []
    server.routes["/robots.txt"] = Reply(b"User-agent: *\nCrawl-delay: 5\n", headers={"Content-Type": "text/plain"})
    server.routes["/a"] = Reply(b"<p>a</p>")
    with _fetcher(server, sleep=waits.append) as fetcher:
        fetcher.get(server.url("/a"))
    assert waits and waits[-1] > 4


def test_since_stops_at_older_articles(site, server, tmp_path: Path) -> None:
    facts = site("trs")
    options = CrawlOptions(delay=0, since=__import__("datetime").date(2023, 5, 19))
    report = crawl(with_start(load_profile("trs"), facts["start"]), tmp_path, options)
    assert report.new_articles == 3  # 05-21, 05-20, 05-19
    assert report.stopped.startswith("article older than --since")
