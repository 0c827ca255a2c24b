"""Provenance and identity of notices: where each row came from, and each notice counted once.

Bugs caught: the notices table had no URL (a crawled page could not be linked to its row),
``source`` was the parsing machine's absolute path, and the same notice saved twice gave two rows
with one ``notice_id`` (joins doubled).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.parse.inputs import relative_source
from noticeparse.review.report import write_report

PAGE = ("<html><body><div id='UCAP-CONTENT'><p>关于整改的通报</p><p>一、总体情况</p>"
        "<p>2021年8月5日，市委第二巡察组进驻。</p></div></body></html>").encode()


def _store(tmp_path: Path) -> Path:
    site = tmp_path / "raw" / "site" / "2023"
    site.mkdir(parents=True)
    for name, url in (("a", "http://x.gov.cn/a.htm"), ("b", "http://x.gov.cn/b.htm")):
        (site / f"{name}.html").write_bytes(PAGE)  # the same notice saved twice
        (site / f"{name}.json").write_text(json.dumps({
            "url": url, "final_url": url.replace("http:", "https:"), "status": 200,
            "fetched_at": "2023-05-21T08:00:00Z", "headers": {"content-type": "text/html; charset=utf-8"},
        }), encoding="utf-8")
    return tmp_path / "raw"


def _parse(tmp_path: Path) -> list[dict]:
    raw = _store(tmp_path)
    result = CliRunner().invoke(main, ["parse", str(raw), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    return sorted(pq.read_table(tmp_path / "out" / "notices.parquet").to_pylist(), key=lambda r: r["source"])


def test_notice_rows_carry_the_sidecar_provenance(tmp_path: Path) -> None:
    rows = _parse(tmp_path)
    assert [(r["url"], r["final_url"], r["fetched_at"]) for r in rows] == [
        ("http://x.gov.cn/a.htm", "https://x.gov.cn/a.htm", "2023-05-21T08:00:00Z"),
        ("http://x.gov.cn/b.htm", "https://x.gov.cn/b.htm", "2023-05-21T08:00:00Z"),
    ]


def test_source_is_relative_to_the_input_root(tmp_path: Path) -> None:
    rows = _parse(tmp_path)
    assert [r["source"] for r in rows] == ["raw/site/2023/a.html", "raw/site/2023/b.html"]
    assert not any(str(tmp_path) in r["source"] for r in rows)


def test_a_notice_saved_twice_is_two_inputs_one_notice(tmp_path: Path) -> None:
    first, second = _parse(tmp_path)
    assert first["notice_id"] != second["notice_id"]
    assert first["content_sha256"] == second["content_sha256"]
    assert (first["duplicate_of"], second["duplicate_of"]) == (None, first["notice_id"])


def test_report_links_each_notice_to_its_page(tmp_path: Path) -> None:
    _parse(tmp_path)
    write_report(tmp_path / "out", tmp_path / "report")
    outdir = tmp_path / "report"
    index = (outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="https://x.gov.cn/a.htm"' in index and 'href="https://x.gov.cn/b.htm"' in index
    pages = [p.read_text(encoding="utf-8") for p in outdir.glob("*.html") if p.name != "index.html"]
    assert pages and all('href="https://x.gov.cn/' in p for p in pages)


def test_relative_source_cases() -> None:
    assert relative_source(Path("/srv/raw/a/b.html"), Path("/srv/raw")) == "raw/a/b.html"
    assert relative_source(Path("raw/samples/x.txt"), Path("raw/samples")) == "raw/samples/x.txt"
    assert relative_source(Path("/somewhere/else/x.txt")) == "x.txt"
    assert relative_source(Path("../up/x.txt")) == "x.txt"


def test_batch_output_counts_each_notice_once(tmp_path: Path) -> None:
    """A batch parses buckets apart; its readers (DuckDB views, noticeparse.read) fill duplicate_of."""
    import noticeparse
    from noticeparse.batch import BatchOptions, run_batch
    from noticeparse.store import connect

    src = tmp_path / "in"
    src.mkdir()
    text = "关于整改的通报\n一、总体情况\n2021年8月5日,市委第二巡察组进驻。"
    for name in ("a.txt", "copy-of-a.txt", "other.txt"):
        (src / name).write_text(text if name != "other.txt" else text + "另一份。", encoding="utf-8")
    run_batch([str(src)], tmp_path / "out", options=BatchOptions(workers=1, progress=False))
    rows = connect(tmp_path / "out").execute(
        "SELECT source, notice_id, duplicate_of FROM notices ORDER BY source").fetchall()
    ids = {source: notice_id for source, notice_id, _dup in rows}
    assert [(s, d) for s, _n, d in rows] == [("in/a.txt", None), ("in/copy-of-a.txt", ids["in/a.txt"]),
                                            ("in/other.txt", None)]
    frame = noticeparse.read(tmp_path / "out").notices.sort_values("source")
    assert frame["duplicate_of"].isna().tolist() == [True, False, True]
    assert frame["duplicate_of"].dropna().tolist() == [ids["in/a.txt"]]
    assert connect(tmp_path / "out").execute(
        "SELECT count(*) FROM notices WHERE duplicate_of IS NULL").fetchone() == (2,)
