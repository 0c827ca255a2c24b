"""Units across the notices of a round: what one unit is called at each stage, and what never merges.

The notices are a city round of towns and bureaus and a district round, written for these tests in
the forms of real pages found with the search tool (an entry list that names towns without their
county, a unit's report that names its county and defines 以下简称, feedback news in short forms, a
report titled by a short name); the places are real, the towns, figures and days invented. Each
expectation is on the pairs of notices that the ``units`` table says name one unit, the measure
``noticeparse eval-rounds`` scores.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from noticeparse.batch import parse_paths
from noticeparse.link import link_output
from noticeparse.rules import RuleSet
from noticeparse.settings import Settings
from noticeparse.store import connect

NOTICES = {
    "city-entry.txt": "十二届市委第三轮巡察完成进驻\n来源：六安市纪委监委 发布时间：2022-03-02\n"
                      "截至3月1日，十二届六安市委第三轮巡察完成进驻。市委4个巡察组分别对青石镇、白马镇、市审计局、"
                      "市发展和改革委员会等4个单位党组织开展常规巡察。",
    "city-feedback.txt": "市委巡察组集中反馈十二届市委第三轮巡察情况\n来源：六安市纪委监委 发布时间：2022-06-10\n"
                         "6月8日，市委第一巡察组向青石镇党委反馈巡察情况；6月9日，市委第二巡察组向市发改委党组、"
                         "市审计局党组反馈巡察情况。",
    "town-report.txt": "中共舒城县青石镇委员会关于十二届市委第三轮巡察整改进展情况的通报\n发布时间：2022-09-20\n"
                       "根据市委统一部署，市委第一巡察组对中共舒城县青石镇委员会（以下简称“镇党委”）开展了常规巡察，"
                       "并于2022年6月8日反馈了巡察意见。镇党委针对反馈的3个方面12个问题，制定整改措施30条。"
                       "舒城县青石镇人民政府同步完成政务公开整改。",
    "county-audit.txt": "中共舒城县审计局党组关于十四届县委第二轮巡察整改进展情况的通报\n发布时间：2022-10-08\n"
                        "县委第二巡察组对县审计局党组开展了常规巡察，并于2022年7月1日反馈了巡察意见。",
    "bureau-report.txt": "市发改委党组关于十二届市委第三轮巡察整改进展情况的通报\n发布时间：2022-09-28\n"
                         "根据市委统一部署，市委第二巡察组对中共六安市发展和改革委员会党组开展了常规巡察，并于2022年6月9日"
                         "反馈了巡察意见。督促市发展和改革委员会价格监测中心完善制度。",
}
# the units of the city round and the notices that name each: what a reader holding them all knows
GOLD = {
    "青石镇": {"city-entry.txt", "city-feedback.txt", "town-report.txt"},
    "市审计局": {"city-entry.txt", "city-feedback.txt"},
    "市发改委": {"city-entry.txt", "city-feedback.txt", "bureau-report.txt"},
    "白马镇": {"city-entry.txt"},
    "舒城县审计局": {"county-audit.txt"},
}


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, rules: RuleSet) -> Path:
    folder = tmp_path_factory.mktemp("notices")
    for name, text in NOTICES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "parsed"
    parse_paths([str(folder)], out, settings=Settings(rules_root=rules.root), progress=False)
    link_output(out)
    return out


def _rows(out: Path, sql: str) -> list[dict[str, object]]:
    cursor = connect(out).execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _pairs(groups: list[set[str]]) -> set[tuple[str, str]]:
    return {pair for group in groups for pair in combinations(sorted(group), 2)}


def test_every_pair_of_notices_the_units_table_joins_is_one_unit(linked: Path) -> None:
    files = {r["notice_id"]: Path(str(r["source"])).name for r in _rows(linked, "SELECT notice_id, source FROM notices")}
    ours = [{files[n] for n in u["notices"]} for u in _rows(linked, "SELECT * FROM units WHERE inspected")]
    got, want = _pairs(ours), _pairs(list(GOLD.values()))
    assert got <= want, f"joined but not one unit: {got - want}"
    assert want <= got, f"one unit but not joined: {want - got}"


def test_a_town_named_without_its_county_is_the_round_s_town(linked: Path) -> None:
    unit = _rows(linked, "SELECT * FROM units WHERE list_contains(keys, '舒城青石镇')")[0]
    assert {"青石镇", "青石镇党委", "中共舒城县青石镇委员会"} <= {n["name"] for n in unit["names"]}  # type: ignore[union-attr]
    rules = {n["name"]: n["rule_ids"] for n in unit["names"]}  # type: ignore[union-attr]
    assert "unit.round_under_qualified" in rules["青石镇"] and "unit.round_under_qualified" not in rules["镇党委"]
    rows = _rows(linked, "SELECT unit_id, feedback_date, stated_problems FROM round_units WHERE key = '六安市委/十二届/3'")
    town = [r for r in rows if r["unit_id"] == unit["unit_id"]]
    assert len(rows) == 4 and len(town) == 1 and town[0]["stated_problems"] == 12


def test_what_never_merges(linked: Path) -> None:
    keys = {k for u in _rows(linked, "SELECT keys FROM units") for k in u["keys"]}  # type: ignore[union-attr]
    units = {k: u["unit_id"] for u in _rows(linked, "SELECT unit_id, keys FROM units") for k in u["keys"]}  # type: ignore[union-attr]
    assert units["舒城青石镇政府"] != units["舒城青石镇"]  # a town's government is not its committee
    assert units["舒城审计局"] != units["六安审计局"]  # the county's bureau is not the city's
    assert "六安发改委价格监测中心" not in keys or units["六安发改委价格监测中心"] != units["六安发改委"]
