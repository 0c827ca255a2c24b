"""Issue 12 for the crawler, over real HTTP on 127.0.0.1: nothing stuck, nothing lost.

Each test reproduces one report of the issue and failed before its fix:
a server trickling bytes never tripped ``--timeout``; a redirect or a link to another port
of the same host was followed; one list page with 10k links was fetched without end; the
crawl store's files were made 0600. Plus the hostile-server review: a gzip bomb meets
``--max-bytes`` on the inflated bytes.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FixtureServer, Reply  # type: ignore[import-not-found]
from noticeparse.cli.crawl import crawl as crawl_cmd
from noticeparse.crawl import CrawlOptions, crawl, site_name
from noticeparse.crawl.fetch import Fetcher, allowed_origins
from noticeparse.sites import ProfileError, load_profile, load_profile_file, with_start

pytestmark = pytest.mark.slow  # real servers: not in `make test-fast`

FAST = {"delay": 0, "retries": 0, "backoff": 0}
TEXT = "<div class='TRS_Editor'><p>关于整改情况的通报，第{i}号，正文足够长，足够长。</p></div>"


@pytest.fixture
def other(server: FixtureServer) -> Iterator[FixtureServer]:
    """A second server on the same host, another port: another origin."""
    fixture = FixtureServer()
    fixture.thread.start()
    yield fixture
    fixture.httpd.shutdown()
    fixture.httpd.server_close()


def _fetcher(server: FixtureServer, **kw: object) -> Fetcher:
    """A fetcher allowed the server's origin only: its scheme, host and port."""
    return Fetcher({server.url("/")}, **{**FAST, **kw})  # type: ignore[arg-type]


def _list_site(server: FixtureServer, n: int, extra_links: str = "") -> str:
    """A TRS list page with ``n`` article links (no second page) and the articles themselves."""
    links = "".join(f'<li><a href="./202305/t20230521_{i}.html">通报{i}</a></li>' for i in range(n))
    server.routes["/list/index.html"] = Reply(f"<ul>{links}{extra_links}</ul>".encode())
    for i in range(n):
        server.routes[f"/list/202305/t20230521_{i}.html"] = Reply(TEXT.format(i=i).encode())
    return server.url("/list/index.html")


def _seen(raw: Path, start: str) -> list[dict]:
    lines = (raw / site_name(start) / "seen.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


# --- an overall deadline per response ------------------------------------------------------


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers-and-body"])
def test_trickling_server_trips_the_timeout(server: FixtureServer, headers_too: bool) -> None:
    # one byte every 0.1 s: each read is far inside the 1 s read timeout, the whole is not
    server.routes["/slow"] = Reply(b"<p>" + b"x" * 60 + b"</p>", trickle=0.1, trickle_headers=headers_too, etag=False)
    with _fetcher(server, timeout=1.0) as fetcher:
        result = fetcher.get(server.url("/slow"))
    assert result.error == "timeout: no complete response within 1 s"
    assert result.content == b"" and not result.ok


def test_trickling_article_is_recorded_as_a_timeout(server: FixtureServer, tmp_path: Path) -> None:
    start = _list_site(server, 3)
    server.routes["/list/202305/t20230521_1.html"] = Reply(TEXT.format(i=1).encode() * 3, trickle=0.05)
    report = crawl(with_start(load_profile("trs"), start), tmp_path, CrawlOptions(timeout=1.0, **FAST))
    assert report.new_articles == 2
    [failed] = [r for r in _seen(tmp_path, start) if r["kind"] == "article" and r["error"]]
    assert failed["url"].endswith("t20230521_1.html") and failed["path"] is None
    assert failed["error"] == "timeout: no complete response within 1 s"
    assert any("timeout: no complete response" in e for e in report.errors)


def test_gzip_bomb_meets_the_cap_on_inflated_bytes(server: FixtureServer) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MB inflated, ~64 KB sent
    server.routes["/bomb"] = Reply(bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    with _fetcher(server, timeout=5.0, max_bytes=1024 * 1024) as fetcher:
        result = fetcher.get(server.url("/bomb"))
    assert len(bomb) < 1024 * 1024
    assert result.error == f"too large: more than {1024 * 1024} bytes" and result.content == b""


def test_nested_gzip_bomb_is_cut_before_it_inflates(server: FixtureServer) -> None:
    # gzip of gzip: 128 MB of zeros in a few hundred bytes. httpx inflated each network chunk
    # whole (here all 128 MB at once) before the cap saw a byte; now it grows 64 KB at a time.
    bomb = gzip.compress(gzip.compress(b"\0" * (128 * 1024 * 1024), compresslevel=9), compresslevel=9)
    server.routes["/bomb2"] = Reply(bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"})
    tracemalloc.start()
    try:
        with _fetcher(server, timeout=5.0, max_bytes=1024 * 1024) as fetcher:
            result = fetcher.get(server.url("/bomb2"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.error == f"too large: more than {1024 * 1024} bytes"
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB for a 1 MB cap"


def _deflate(data: bytes, raw: bool) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


PAGE = "<p>关于巡察整改情况的通报</p>".encode() * 2000


@pytest.mark.parametrize(("coding", "body"), [
    ("gzip", gzip.compress(PAGE)),
    ("x-gzip", gzip.compress(PAGE)),
    ("deflate", _deflate(PAGE, raw=False)),
    ("deflate", _deflate(PAGE, raw=True)),  # what some IIS servers send
    ("gzip, gzip", gzip.compress(gzip.compress(PAGE))),
    ("deflate, gzip", gzip.compress(_deflate(PAGE, raw=False))),
    ("identity", PAGE),
    ("utf-8", PAGE),  # a misconfigured header: the bytes as sent, as httpx did
], ids=["gzip", "x-gzip", "deflate-zlib", "deflate-raw", "gzip-gzip", "deflate-gzip", "identity", "bogus"])
def test_encoded_bodies_are_decoded(server: FixtureServer, coding: str, body: bytes) -> None:
    server.routes["/page"] = Reply(body, headers={"Content-Type": "text/html", "Content-Encoding": coding})
    with _fetcher(server, timeout=5.0) as fetcher:
        result = fetcher.get(server.url("/page"))
    assert (result.error, result.content) == (None, PAGE)


def test_broken_gzip_is_a_network_error(server: FixtureServer) -> None:
    server.routes["/broken"] = Reply(b"\x1f\x8b\x08\x00garbage", headers={"Content-Encoding": "gzip"})
    with _fetcher(server, timeout=5.0) as fetcher:
        result = fetcher.get(server.url("/broken"))
    assert (result.error or "").startswith("network: DecodingError: gzip body:") and not result.ok


# --- same origin: scheme, host and port ----------------------------------------------------


def test_redirect_to_another_port_is_refused(server: FixtureServer, other: FixtureServer) -> None:
    server.routes["/away"] = Reply(b"", 302, headers={"Location": other.url("/there")})
    other.routes["/there"] = Reply(b"<p>another site on the same host</p>")
    with _fetcher(server, timeout=2.0) as fetcher:
        result = fetcher.get(server.url("/away"))
    assert result.error == "refused: outside the allowed hosts"
    assert (server.hits["/away"], other.fetched()) == (1, 0)


def test_link_to_another_port_is_not_followed(server: FixtureServer, other: FixtureServer, tmp_path: Path) -> None:
    elsewhere = other.url("/list/202305/t20230521_99.html")
    other.routes["/list/202305/t20230521_99.html"] = Reply(TEXT.format(i=99).encode())
    start = _list_site(server, 2, f'<li><a href="{elsewhere}">别处</a></li>')
    report = crawl(with_start(load_profile("trs"), start), tmp_path, CrawlOptions(timeout=2.0, **FAST))
    assert report.new_articles == 2
    assert other.fetched() == 0
    assert elsewhere not in {r["url"] for r in _seen(tmp_path, start)}


@pytest.mark.parametrize(("url", "allowed"), [
    ("http://www.sz.gov.cn/cn/a.html", True),
    ("https://www.sz.gov.cn/cn/a.html", True),   # the https upgrade of an http site
    ("http://www.sz.gov.cn:8080/cn/a.html", False),
    ("https://www.sz.gov.cn:8443/cn/a.html", False),
    ("http://sz.gov.cn/cn/a.html", False),
    ("ftp://www.sz.gov.cn/cn/a.html", False),
    ("https://files.sz.gov.cn/P0201.pdf", True),  # a profile's allowed_hosts entry
    ("http://files.sz.gov.cn:81/P0201.pdf", False),
])
def test_allowed_origins_compare_scheme_host_and_port(url: str, allowed: bool) -> None:
    with Fetcher({"http://www.sz.gov.cn/cn/xxgk/", "files.sz.gov.cn"}, obey_robots=False) as fetcher:
        assert fetcher.allowed(url) is allowed


def test_https_site_does_not_allow_its_http_downgrade() -> None:
    assert allowed_origins(["https://www.sz.gov.cn/"]) == {("https", "www.sz.gov.cn", 443)}


# --- a bound on articles per run -----------------------------------------------------------


def test_max_articles_bounds_a_run_and_the_next_run_goes_on(server: FixtureServer, tmp_path: Path) -> None:
    start = _list_site(server, 25)
    profile = with_start(load_profile("trs"), start)
    runs = [crawl(profile, tmp_path, CrawlOptions(max_articles=10, timeout=2.0, **FAST)) for _ in range(3)]
    assert [r.new_articles for r in runs] == [10, 10, 5]
    assert [r.stopped for r in runs[:2]] == ["--max-articles 10"] * 2
    assert server.fetched("/list/202305/") == 25  # each article once over the three runs
    again = crawl(profile, tmp_path, CrawlOptions(max_articles=10, timeout=2.0, **FAST))
    assert again.new_articles == 0 and server.fetched("/list/202305/") == 25


def test_cli_max_articles(server: FixtureServer, tmp_path: Path) -> None:
    start = _list_site(server, 8)
    result = CliRunner().invoke(crawl_cmd, [start, "--family", "trs", "--delay", "0", "--max-articles", "3",
                                            "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "3 new articles" in result.output and "stopped: --max-articles 3" in result.output
    assert server.fetched("/list/202305/") == 3


def test_profile_max_articles_and_cli_override(server: FixtureServer, tmp_path: Path) -> None:
    start = _list_site(server, 8)
    path = tmp_path / "site.yaml"
    path.write_text(f"extends: trs\nstart: ['{start}']\nmax_articles: 2\n", encoding="utf-8")
    assert load_profile_file(path).max_articles == 2
    first = CliRunner().invoke(crawl_cmd, [str(path), "--delay", "0", "-o", str(tmp_path / "raw")])
    assert "stopped: --max-articles 2" in first.output, first.output
    second = CliRunner().invoke(crawl_cmd, [str(path), "--delay", "0", "--max-articles", "5",
                                            "-o", str(tmp_path / "raw")])
    assert "5 new articles" in second.output and server.fetched("/list/202305/") == 7


@pytest.mark.parametrize("value", ["0", "-3", "many", "true"])
def test_bad_profile_limit_is_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(f"extends: trs\nstart: ['https://www.ccdi.gov.cn/']\nmax_articles: {value}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="max_articles is a whole number"):
        load_profile_file(path)


def test_pipeline_file_max_articles(server: FixtureServer, tmp_path: Path) -> None:
    from noticeparse.batch.runfile import load_config
    from noticeparse.crawl.crawler import crawl_sources

    start = _list_site(server, 6)
    (tmp_path / "run.toml").write_text(
        f'raw = "raw"\nstages = ["crawl"]\n[[sources]]\nlist_url = "{start}"\nfamily = "trs"\n'
        "delay = 0\nmax_articles = 4\n", encoding="utf-8")
    assert crawl_sources(load_config(tmp_path / "run.toml")) == 0
    assert server.fetched("/list/202305/") == 4


# --- the crawl store's files honour the umask ----------------------------------------------


@pytest.mark.parametrize("mask", [0o022, 0o027], ids=["umask022", "umask027"])
def test_crawl_store_honours_the_umask(server: FixtureServer, tmp_path: Path, mask: int) -> None:
    start = _list_site(server, 2)
    old = os.umask(mask)
    try:
        crawl(with_start(load_profile("trs"), start), tmp_path, CrawlOptions(timeout=2.0, **FAST))
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.rglob("*") if p.is_file()}
    assert {"seen.jsonl", "state.json", "manifest.parquet"} <= set(modes)
    assert len([n for n in modes if n.endswith(".html")]) == 2 and len([n for n in modes if n.endswith(".json")]) == 3
    assert set(modes.values()) == {0o666 & ~mask}, modes
