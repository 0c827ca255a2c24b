"""The README's analyst queries (issue 15), run with DuckDB over ``noticeparse parse raw/samples``.

Expected answers are hand counts on the samples: the money each finding says was recovered
(追回/收回/追缴/清退, without parts or thresholds), land completed vs planned vs the wholes, and the
measures of the provincial-inspection progress notice (xunshi-progress) counted by hand under the rule of
rules/measures.yaml (issue 26): 11 items, 6 done (制定, 关停, 诫勉谈话, 修订, 收回, 查处), 3 action (建立,
完善, 排查/整改: an act named, its end not said), 2 ongoing (推行, 严格执行).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from noticeparse.store import connect

README = Path(__file__).resolve().parents[1] / "README.md"
SAMPLES = README.parent / "raw" / "samples"


@pytest.fixture(scope="module")
def parsed(parsed_samples: Path) -> Path:
    """``noticeparse parse raw/samples -o out``, as the README says (once per session: tests/conftest.py)."""
    return parsed_samples


def _queries() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text[text.index("## More questions in SQL") :]
    block = block[block.index("```sh") : block.index("```\n", block.index("```sh") + 5)]
    return re.findall(r'noticeparse query "(.*?)"\n', block, re.DOTALL)


@pytest.fixture(scope="module")
def answers(parsed: Path) -> list[list[tuple[object, ...]]]:
    con = connect(parsed)
    return [con.execute(sql).fetchall() for sql in _queries()]


def test_the_readme_has_the_five_queries():
    assert len(_queries()) == 5


def test_money_recovered_per_finding(answers: list[list[tuple[object, ...]]]):
    assert dict(answers[0]) == {
        "结余资金未及时清理盘活": 1.2e8,  # 收回部门结余资金1.2亿元
        "推动乡村振兴政策落地不够有力": 2_865_000,  # 收回资金共计286.5万元
        "涉农资金监管不严": 2_864_000,  # 收回结余资金286.4万元
        "就业补助资金发放不精准": 468_000,  # 追回 … 46.8万元
        "保障性住房分配管理不规范": 215_000,  # 追缴租金补贴21.5万元
        "超标准列支会议费": 86_000,  # 收回 … 会议费8.6万元
    }


def test_land_completed_vs_planned(answers: list[list[tuple[object, ...]]]):
    # completed 80 + 1260 + 35000 (356 and 393 are parts of the wholes 714 and 443: counted in them);
    # planned 64 (剩余盘活任务量); the wholes 714 + 443
    assert answers[1] == [("completed", 36_340.0, 3), ("planned", 64.0, 1), ("total", 1_157.0, 2)]


def test_measures_by_status(parsed: Path):
    con = connect(parsed)
    rows = con.execute(
        "SELECT m.status, count(*) FROM measures m JOIN notices n USING (notice_id) "
        "WHERE n.source LIKE '%xunshi-progress%' GROUP BY ALL ORDER BY 1").fetchall()
    assert rows == [("action", 3), ("done", 6), ("ongoing", 2)]
    audit = con.execute(
        "SELECT m.kind, m.status, count(*) FROM measures m JOIN notices n USING (notice_id) "
        "WHERE n.source LIKE '%audit-no-inline%' GROUP BY ALL").fetchall()
    assert audit == [("sentence", "done", 6)]  # 已在编制, 已收回 ×2, 已修订, 已清退, 已追回


def test_finding_summaries_add_up(parsed: Path):
    con = connect(parsed)
    [(bad,)] = con.execute(
        "SELECT count(*) FROM outline f WHERE f.is_finding AND f.measures <> "
        "(SELECT count(*) FROM measures m WHERE m.notice_id = f.notice_id AND m.finding_id = f.node_id)"
    ).fetchall()
    assert bad == 0


def test_completion_figures_and_canonical_names(answers: list[list[tuple[object, ...]]]):
    assert answers[4] == [
        ("samples/audit-no-inline-2023-01-06.txt", 19, 86.36, None),
        ("samples/fullwidth-xunca-2023-03-10.txt", None, 88.5, "中共清溪县农业农村局党组"),
        ("samples/xunshi-progress-2023-06-16.txt", 12, None, "青川市"),
    ]


def test_every_money_and_land_row_has_a_role(parsed: Path):
    con = connect(parsed)
    missing = con.execute(
        "SELECT text FROM quantities WHERE unit IN ('元', '亩') AND role IS NULL").fetchall()
    assert missing == []
