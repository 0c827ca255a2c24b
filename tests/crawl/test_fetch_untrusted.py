"""Issue 28: what a server sends is untrusted: bad URLs, link floods, absurd Crawl-delays, broken robots.txt.

Against a real HTTP server on 127.0.0.1 (``conftest.server``): a redirect to ``javascript:``,
``data:`` or ``http:\\\\host\\…`` and article links of the same kinds become error rows, not
``httpx.InvalidURL`` tracebacks; a list page with 100,000 distinct links is read in linear
time, capped (a row says how many were dropped) and de-duplicated by the article pattern
before any request; a huge Crawl-delay is capped and said (a 40-digit one raises nothing);
an unreadable robots.txt and an unreachable host are each reported as what they are; and
robots.txt is fetched before the first list page.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from conftest import Reply  # type: ignore[import-not-found]
from noticeparse.crawl import CrawlOptions, crawl
from noticeparse.crawl.fetch import MAX_CRAWL_DELAY, Fetcher
from noticeparse.crawl.paging import article_links
from noticeparse.sites import load_profile, with_start

ARTICLE = "<div class='TRS_Editor'><p>关于整改情况的通报，正文内容足够长，足够长，足够长。</p></div>".encode()
TEXT = {"Content-Type": "text/plain"}


def _fetcher(server, **kwargs) -> Fetcher:
    return Fetcher({server.url("/")}, **{"delay": 0, "retries": 0, "timeout": 5, **kwargs})


@pytest.mark.parametrize("location", [
    "javascript:alert(document.cookie)",
    "data:text/html;base64,PHA+eDwvcD4=",
    "http:\\\\127.0.0.1\\evil\\a.html",
    "http://exa mple.com/\x01",
    "http://[::1",
    "http://127.0.0.1:99999/a",
], ids=["javascript", "data", "backslashes", "control-char", "bad-ipv6", "bad-port"])
def test_invalid_redirect_is_an_error_not_a_traceback(server, location: str) -> None:
    server.routes["/moved"] = Reply(b"", 302, headers={"Location": location})
    with _fetcher(server, retries=2) as fetcher:
        result = fetcher.get(server.url("/moved"))
    assert result.error is not None and not result.ok
    assert result.error.startswith(("invalid redirect", "refused: outside the allowed hosts")), result.error
    assert result.attempts <= 1  # not taken for a network fault and retried


def test_invalid_article_links_are_error_rows(server, tmp_path: Path) -> None:
    bad = ["javascript:./202305/t20230521_1.html", "data:text/html,./202305/t20230521_2.html",
           "http:\\\\127.0.0.1\\x/202305/t20230521_3.html"]
    good = "./202305/t20230521_4.html"
    links = "".join(f"<a href='{href}'>x</a>" for href in [*bad, good])
    server.routes["/x/index.html"] = Reply(f"<html><body>{links}</body></html>".encode())
    server.routes["/x/202305/t20230521_4.html"] = Reply(ARTICLE)
    report = crawl(with_start(load_profile("trs"), server.url("/x/index.html")), tmp_path, CrawlOptions(delay=0))
    assert report.new_articles == 1
    invalid = [e for e in report.errors if "invalid URL" in e]
    assert len(invalid) == len(bad), report.errors
    rows = [json.loads(line) for line in next(tmp_path.glob("*/seen.jsonl")).read_text().splitlines()]
    assert sum(1 for r in rows if (r["error"] or "").startswith("invalid URL")) == len(bad)


@pytest.mark.slow  # 100,000 links: seconds of URL joining, linear but not for `make test-fast`
def test_link_flood_is_capped_said_and_read_in_linear_time(server, tmp_path: Path) -> None:
    profile = load_profile("trs")
    base = server.url("/flood/index.html")
    origins = _fetcher(server).origins

    def page(n: int) -> str:  # n distinct article links, each written twice, and as many other links
        links = "".join(f'<a href="./202305/t20230521_{i}.html">a</a><a href="/nav/{i}.html">n</a>' for i in range(n))
        return f"<html><body>{links}{links}</body></html>"

    def cpu(n: int) -> float:
        text = page(n)
        started = time.process_time()
        found = article_links(text, base, profile, origins, limit=1000)
        spent = time.process_time() - started
        assert len(found.links) == 1000 and found.dropped == n - 1000  # de-duplicated, then capped
        return max(spent, 1e-3)

    cpu(2_000)  # warm-up
    small, large = cpu(10_000), cpu(100_000)
    assert large / small < 25, (small, large)  # linear is 10; the old list search was ~100
    server.routes["/flood/index.html"] = Reply(page(20_000).encode())
    for i in range(3):
        server.routes[f"/flood/202305/t20230521_{i}.html"] = Reply(ARTICLE)
    report = crawl(with_start(profile, base), tmp_path, CrawlOptions(delay=0, max_articles=3, max_pages=1, retries=0))
    assert report.new_articles == 3 and server.fetched("/flood/202305/") == 3
    assert any("19000 more article links past the first 1000 dropped" in w for w in report.warnings)


@pytest.mark.parametrize("asked", ["100000", "9" * 40, "9" * 5000], ids=["100000", "40-digits", "5000-digits"])
def test_crawl_delay_is_capped_and_said(server, asked: str) -> None:
    waits: list[float] = []
    server.routes["/robots.txt"] = Reply(f"User-agent: *\nCrawl-delay: {asked}\n".encode(), headers=TEXT)
    server.routes["/a"] = Reply(b"<p>a</p>")
    with _fetcher(server, sleep=waits.append) as fetcher:
        result = fetcher.get(server.url("/a"))
    assert result.ok and waits and max(waits) <= MAX_CRAWL_DELAY
    assert len(fetcher.notes) == 1 and f"capped at {MAX_CRAWL_DELAY:g} s" in fetcher.notes[0]


@pytest.mark.parametrize(("robots", "said"), [
    (Reply(b"oops", 503, headers=TEXT), "robots.txt unreadable (HTTP 503)"),
    (Reply(b"User-agent: *\n", headers={**TEXT, "Content-Encoding": "gzip"}), "robots.txt unreadable (network"),
    (Reply(b"", 403, headers=TEXT), "robots.txt refused (HTTP 403)"),
], ids=["server-error", "corrupt-gzip", "forbidden"])
def test_unreadable_robots_txt_is_said_as_such(server, robots: Reply, said: str) -> None:
    server.routes["/robots.txt"] = robots
    server.routes["/a"] = Reply(b"<p>a</p>")
    with _fetcher(server) as fetcher:
        result = fetcher.get(server.url("/a"))
    assert result.error is not None and result.error.startswith(f"refused: {said}"), result.error
    assert "robots.txt disallows" not in result.error and server.hits["/a"] == 0


def test_missing_robots_txt_allows_and_a_redirected_one_is_followed(server) -> None:
    server.routes["/a"] = Reply(b"<p>a</p>")
    with _fetcher(server) as fetcher:
        assert fetcher.get(server.url("/a")).ok  # 404: no rules
    server.routes["/robots.txt"] = Reply(b"", 301, headers={"Location": "/real-robots.txt"})
    server.routes["/real-robots.txt"] = Reply(b"User-agent: *\nDisallow: /a\n", headers=TEXT)
    with _fetcher(server) as fetcher:
        assert fetcher.get(server.url("/a")).error == "refused: robots.txt disallows"


def test_unreachable_host_is_said_as_such() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/list/index.html"
    with Fetcher({url}, delay=0, retries=0, timeout=5) as fetcher:
        result = fetcher.get(url)
    assert result.error is not None and result.error.startswith("refused: host unreachable"), result.error


def test_robots_txt_comes_before_the_first_list_page(server, tmp_path: Path) -> None:
    order: list[str] = []
    server.routes["/robots.txt"] = lambda _query: order.append("robots") or Reply(b"User-agent: *\n", headers=TEXT)
    server.routes["/l/index.html"] = lambda _query: order.append("list") or Reply(
        b"<a href='./202305/t20230521_1.html'>x</a>")
    server.routes["/l/202305/t20230521_1.html"] = Reply(ARTICLE)
    crawl(with_start(load_profile("trs"), server.url("/l/index.html")), tmp_path, CrawlOptions(delay=0))
    assert order[:2] == ["robots", "list"]
