"""The review pages show a notice's kind, its findings' categories and its cases (issue 14)."""

from __future__ import annotations

from pathlib import Path

from noticeparse.batch import parse_paths
from noticeparse.review.page_data import read_data_block, table_rows
from noticeparse.review.report import write_report

SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"


def test_report_shows_kind_categories_and_cases(tmp_path: Path):
    (tmp_path / "in").mkdir()
    for name in ("linjiang-trs-gbk-2024-01-05.html", "xunshi-progress-2023-06-16.txt"):
        (tmp_path / "in" / name).write_bytes((SAMPLES / name).read_bytes())
    parse_paths([str(tmp_path / "in")], tmp_path / "parsed", progress=False)
    write_report(tmp_path / "parsed", tmp_path / "html")
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "html").glob("*.html")}
    index = pages.pop("index.html")
    assert "<th>kind</th>" in index and "典型问题通报" in index and "巡视整改" in index
    cases_page = next(html for html in pages.values() if "<h2>Cases</h2>" in html)
    for value in ("王喆", "原副局长", "市城市管理局", "违规收送礼品礼金", "严重警告"):
        assert value in cases_page
    xunshi = next(html for html in pages.values() if "青川市委" in html)
    # the findings table is drawn from the outline rows of the page's data block (tests/browser draws it)
    outline = read_data_block(xunshi, "page-data")["outline"]
    categories = {row["category"] for row in table_rows(outline, "") if row["is_finding"] is True}
    assert "在全面从严治党方面存在的问题" in categories and '<div id="findings"' in xunshi
    assert "<h2>Cases</h2>" not in xunshi
