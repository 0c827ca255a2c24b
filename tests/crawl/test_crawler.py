"""Crawls of the fixture sites over real HTTP on 127.0.0.1: exactly once, incremental, resumable."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from noticeparse.cli.crawl import crawl as crawl_cmd
from noticeparse.crawl import CrawlOptions, crawl, site_name
from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.parse.inputs import iter_inputs
from noticeparse.sites import families, load_profile, with_start

pytestmark = pytest.mark.slow  # real processes, servers or long loops: not in `make test-fast`

FAST = CrawlOptions(delay=0, timeout=2, retries=1, backoff=0)
FAMILIES = families()  # one test site per family file of rules/sites (crawl_sites.py)


def _run(family: str, facts: dict, raw: Path, **kw: object) -> object:
    return crawl(with_start(load_profile(family), facts["start"]), raw, FAST, **kw)


def _stored(raw: Path, start: str) -> list[dict]:
    folder = raw / site_name(start)
    return [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*/*.json")]


def _article_hits(server: object, facts: dict) -> int:
    from urllib.parse import urlsplit

    return sum(server.hits[urlsplit(u).path] for u in facts["articles"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("family", FAMILIES)
def test_crawl_collects_every_article_once(family: str, site, server, tmp_path: Path) -> None:
    facts = site(family)
    report = _run(family, facts, tmp_path)
    sidecars = [s for s in _stored(tmp_path, facts["start"]) if s["kind"] == "article"]
    assert sorted(s["url"] for s in sidecars) == sorted(facts["articles"]), report.render()
    assert _article_hits(server, facts) == len(facts["articles"])
    manifest = pq.read_table(tmp_path / site_name(facts["start"]) / "manifest.parquet").to_pylist()
    assert {r["url"] for r in manifest if r["kind"] == "article"} == set(facts["articles"])


@pytest.mark.parametrize("family", FAMILIES)
def test_second_run_fetches_nothing_new(family: str, site, server, tmp_path: Path) -> None:
    facts = site(family)
    _run(family, facts, tmp_path)
    before = _article_hits(server, facts)
    report = _run(family, facts, tmp_path)
    assert report.new_articles == 0
    assert _article_hits(server, facts) == before


def test_auto_family_detection(site, tmp_path: Path) -> None:
    from noticeparse.crawl.crawler import auto_profile

    for family in ["trs", "gd", "hanweb", "govcn"]:
        facts = site(family)
        assert auto_profile(facts["start"], FAST).family == family


def test_killed_run_resumes(site, server, tmp_path: Path) -> None:
    facts = site("trs")
    done: list[str] = []

    def kill_after_three(url: str) -> None:
        done.append(url)
        if len(done) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run("trs", facts, tmp_path, on_article=kill_after_three)
    assert len([s for s in _stored(tmp_path, facts["start"]) if s["kind"] == "article"]) == 3
    report = _run("trs", facts, tmp_path)
    assert report.new_articles == len(facts["articles"]) - 3
    stored = [s["url"] for s in _stored(tmp_path, facts["start"]) if s["kind"] == "article"]
    assert sorted(stored) == sorted(facts["articles"])
    assert _article_hits(server, facts) == len(facts["articles"])


def test_incremental_run_stops_at_first_known_article(site, server, tmp_path: Path) -> None:
    facts = site("trs")
    _run("trs", facts, tmp_path)
    server.routes["/trs/tzgg/index.html"].body += b"<!-- changed: the ETag differs -->"
    report = _run("trs", facts, tmp_path)
    assert report.stopped == "first already-known article"
    assert server.hits["/trs/tzgg/index_1.html"] == 1


def test_parse_of_raw_store_gives_metadata(site, tmp_path: Path) -> None:
    facts = site("gd")
    _run("gd", facts, tmp_path)
    got = {}
    for item in iter_inputs([str(tmp_path)]):
        assert item.url in facts["articles"]
        notice = parse_bytes(item.data, ParseOptions(source=item.source, declared_encoding=item.declared_encoding, kind="html"))
        got[item.url] = notice
    assert set(got) == set(facts["articles"])
    for url, notice in got.items():
        want = facts["articles"][url]
        assert notice.meta.title == want["title"]
        assert str(notice.meta.publish_date) == want["date"]
        assert "\ufffd" not in notice.text
    assert any("王喆、朱镕基、李堃" in n.meta.title for n in got.values())


def test_attachments_are_stored_and_read(site, tmp_path: Path) -> None:
    facts = site("trs")
    report = _run("trs", facts, tmp_path)
    assert report.attachments == 2
    items = [i for i in iter_inputs([str(tmp_path)]) if i.attachment_text or i.attachment_issues]
    assert len(items) == 1
    assert "Rectification list 2023" in items[0].attachment_text
    assert [code for code, _m, _u in items[0].attachment_issues] == ["W106"]


def test_metadata_fallbacks_on_trs(site, tmp_path: Path) -> None:
    facts = site("trs")
    _run("trs", facts, tmp_path)
    for item in iter_inputs([str(tmp_path)]):
        notice = parse_bytes(item.data, ParseOptions(source=item.source, declared_encoding=item.declared_encoding, kind="html"))
        want = facts["articles"][item.url]
        assert (notice.meta.title, str(notice.meta.publish_date)) == (want["title"], want["date"])
        assert ".TRS_Editor" not in notice.text


def test_cli_crawl(site, tmp_path: Path) -> None:
    facts = site("govcn")
    result = CliRunner().invoke(crawl_cmd, [facts["start"], "--family", "auto", "--delay", "0", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{len(facts['articles'])} new articles" in result.output


def test_cli_crawl_shows_progress_in_a_log(site, tmp_path: Path) -> None:
    """Issue 16: crawl printed nothing while it ran; stderr is no terminal here, so lines are appended."""
    from noticeparse.crawl import crawl as run_crawl
    from noticeparse.crawl import with_limits
    from noticeparse.sites import load_profile, with_start

    facts = site("govcn")
    result = CliRunner().invoke(crawl_cmd, [facts["start"], "--family", "auto", "--delay", "0", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{len(facts['articles'])} new articles (" in result.stderr and "/min)" in result.stderr
    seen = []
    options = with_limits(CrawlOptions(delay=0), load_profile("govcn"))
    run_crawl(with_start(load_profile("govcn"), facts["start"]), tmp_path / "again", options,
              on_progress=lambda report: seen.append((report.list_pages, report.new_articles)))
    assert seen and seen[-1][1] == len(facts["articles"])  # called as the crawl goes, not only at the end
    assert seen == sorted(seen)


def test_cli_crawl_profile_file(site, tmp_path: Path) -> None:
    facts = site("hanweb")
    profile = tmp_path / "mysite.yaml"
    profile.write_text(f"extends: hanweb\nstart: ['{facts['start']}']\n", encoding="utf-8")
    result = CliRunner().invoke(crawl_cmd, [str(profile), "--delay", "0", "-o", str(tmp_path / "raw")])
    assert result.exit_code == 0, result.output
    assert f"{len(facts['articles'])} new articles" in result.output


def test_noticeparse_parse_reads_the_raw_store(site, tmp_path: Path) -> None:
    from noticeparse.cli import main

    facts = site("trs")
    _run("trs", facts, tmp_path / "raw")
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "raw"), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = pq.read_table(tmp_path / "out" / "notices.parquet").to_pylist()
    got = {(r["title"], str(r["publish_date"]), r["source_label"]) for r in rows}
    assert got == {(a["title"], a["date"], a["source"]) for a in facts["articles"].values()}


def test_sigkilled_crawl_resumes(site, server, tmp_path: Path) -> None:
    """A real ``kill -9`` of a crawling process mid-run; the next run completes the store."""
    import os
    import signal
    import subprocess
    import sys
    import time

    facts = site("trs")
    for url in facts["articles"]:
        server.routes[url.split(str(server.port), 1)[1]].delay = 0.3
    code = ("import sys; from noticeparse.cli.crawl import crawl; "
            "crawl([sys.argv[1], '--family', 'trs', '--delay', '0', '-o', sys.argv[2]])")
    proc = subprocess.Popen([sys.executable, "-c", code, facts["start"], str(tmp_path)])
    log = tmp_path / site_name(facts["start"]) / "seen.jsonl"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not log.exists() or log.read_text().count('"kind": "article"') < 2):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_before = len([s for s in _stored(tmp_path, facts["start"]) if s["kind"] == "article"])
    assert 2 <= stored_before < len(facts["articles"])
    report = _run("trs", facts, tmp_path)
    stored = [s["url"] for s in _stored(tmp_path, facts["start"]) if s["kind"] == "article"]
    assert sorted(stored) == sorted(facts["articles"])
    assert report.new_articles == len(facts["articles"]) - stored_before


def test_pipeline_file_crawl_stage(site, tmp_path: Path) -> None:
    from noticeparse.batch.runfile import load_config
    from noticeparse.crawl.crawler import crawl_sources

    facts = site("gd")
    (tmp_path / "run.toml").write_text(
        f'raw = "raw"\nstages = ["crawl"]\n[[sources]]\nlist_url = "{facts["start"]}"\nfamily = "gd"\ndelay = 0\n',
        encoding="utf-8")
    assert crawl_sources(load_config(tmp_path / "run.toml")) == 0
    stored = [s["url"] for s in _stored(tmp_path / "raw", facts["start"]) if s["kind"] == "article"]
    assert sorted(stored) == sorted(facts["articles"])
