"""The report's rounds: a page per round (a timeline per unit) and the index's rounds view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from noticeparse.batch import parse_paths
from noticeparse.link import link_output
from noticeparse.review import write_report
from noticeparse.review.rounds import round_page_name

TEXTS = {
    "entry.txt": "十四届县委第五轮巡察进驻公告\n中共德清县委巡察工作领导小组办公室 2022年9月2日\n"
                 "根据十四届县委第五轮巡察工作安排，县委2个巡察组自9月1日起，对县审计局、县统计局等2个单位开展常规巡察。",
    "report.txt": "中共德清县审计局党组关于十四届县委第五轮巡察整改进展情况的通报\n发布时间：2023-03-06\n"
                  "2022年12月6日，县委第一巡察组向局党组反馈了巡察意见。针对反馈的4个方面18个问题，制定整改措施52条。"
                  "截至2023年2月28日，18个问题已完成整改10个，完成率55.6%。",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rounds")
    (root / "in").mkdir()
    for name, text in TEXTS.items():
        (root / "in" / name).write_text(text, encoding="utf-8")
    parse_paths([str(root / "in")], root / "out", progress=False)
    link_output(root / "out")
    write_report(root / "out", root / "report")
    return root / "report"


def test_a_page_per_round_named_by_a_hash(report: Path) -> None:
    page = report / round_page_name("德清县委/十四届/5")
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "Units over time" in html and "县审计局" in html and "55.6" in html
    assert re.search(r'href="notice-[0-9a-f]{16}\.html">中共德清县审计局党组关于', html)  # the report, by its title


def test_the_index_lists_the_rounds(report: Path) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    assert "<h2>Rounds</h2>" in html and round_page_name("德清县委/十四届/5") in html


def test_an_unlinked_output_has_no_rounds_view(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXTS["entry.txt"], encoding="utf-8")
    parse_paths([str(tmp_path / "in")], tmp_path / "out", progress=False)
    write_report(tmp_path / "out", tmp_path / "report")
    assert "<h2>Rounds</h2>" not in (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert not list((tmp_path / "report").glob("round-*.html"))
