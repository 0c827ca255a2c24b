"""``noticeparse link``: rounds and units across an output, recomputed from the per-notice tables.

The notices are one county round written for these tests in the forms of real pages (an entry,
a unit's feedback, two progress reports and a final one, a mention by another county): each
figure below is recomputed from the per-notice tables, never copied from the link's output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import noticeparse
from noticeparse.batch import BatchOptions, parse_paths, run_batch
from noticeparse.cli import main
from noticeparse.link import link_output
from noticeparse.store import LINK_TABLES, connect, output_lock, read_manifest, resolve_output

ROUND = {
    "entry.txt": "十四届县委第五轮巡察进驻公告\n中共德清县委巡察工作领导小组办公室 2022年9月2日\n"
                 "根据十四届县委第五轮巡察工作安排，县委3个巡察组自9月1日起，对县审计局、县卫生健康局、白沙镇等3个"
                 "单位开展常规巡察。\n特此公告。\n中共德清县委巡察工作领导小组办公室\n2022年9月2日",
    "feedback.txt": "县委第一巡察组向县审计局党组反馈巡察意见\n来源：德清县纪委监委 发布时间：2022-12-07\n"
                    "12月6日，县委第一巡察组向中共德清县审计局党组反馈十四届县委第五轮巡察情况。2022年9月1日至10月31日，"
                    "县委第一巡察组对县审计局党组开展了常规巡察，指出4个方面存在的问题。",
    "progress1.txt": "中共德清县审计局党组关于十四届县委第五轮巡察整改进展情况的通报\n发布时间：2023-03-06\n"
                     "2022年9月1日至10月31日，县委第一巡察组对中共德清县审计局党组（以下简称“局党组”）开展了常规巡察。"
                     "2022年12月6日，县委第一巡察组向局党组反馈了巡察意见。\n局党组针对反馈的4个方面18个问题，制定"
                     "整改措施52条。\n一、关于“预算执行审计不深入”的问题。修订审计工作规程。\n二、关于“审计整改跟踪不到位”"
                     "的问题。建立整改台账。\n截至2023年2月28日，18个问题已完成整改10个，完成率55.6%。\n"
                     "中共德清县审计局党组\n2023年3月6日",
    "progress2.txt": "中共德清县审计局党组关于县委第五轮巡察整改阶段性进展情况的通报\n发布时间：2023-06-20\n"
                     "县委第一巡察组于2022年12月6日向局党组反馈了巡察意见。截至2023年6月10日，18个问题已完成整改15个，"
                     "完成率83.3%。\n中共德清县审计局党组\n2023年6月20日",
    "final.txt": "中共德清县审计局党组关于十四届县委第五轮巡察整改情况的通报\n发布时间：2023-12-15\n"
                 "对照反馈的4个方面18个问题，截至2023年11月30日，18个问题已全部完成整改，完成率100%。\n"
                 "中共德清县审计局党组\n2023年12月15日",
    "other-county.txt": "十四届县委第五轮巡察完成进驻\n来源：清风长兴县 发布时间：2022-09-05\n"
                        "截至9月4日，十四届县委第五轮巡察完成进驻，对县卫生健康局、县交通运输局等2个单位开展常规巡察。",
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("round")
    for name, text in ROUND.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def linked(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "parsed"
    parse_paths([str(inputs)], out, progress=False)
    link_output(out)
    return out


def _rows(out: Path, sql: str) -> list[dict[str, object]]:
    cursor = connect(out).execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _by_source(out: Path) -> dict[str, str]:
    return {r["notice_id"]: Path(str(r["source"])).name for r in _rows(out, "SELECT notice_id, source FROM notices")}


def test_one_round_per_county_with_its_stages(linked: Path) -> None:
    names = _by_source(linked)
    rounds = {r["key"]: r for r in _rows(linked, "SELECT * FROM rounds")}
    assert set(rounds) == {"德清县委/十四届/5", "长兴县委/十四届/5"}
    qingxi = rounds["德清县委/十四届/5"]
    assert [names[n] for n in qingxi["entry_notices"]] == ["entry.txt"]
    assert [names[n] for n in qingxi["feedback_notices"]] == ["feedback.txt"]
    assert sorted(names[n] for n in qingxi["progress_notices"]) == ["progress1.txt", "progress2.txt"]
    assert [names[n] for n in qingxi["final_notices"]] == ["final.txt"]
    assert qingxi["units"] == ["德清审计局", "德清卫生健康局", "德清白沙镇"]


def test_round_units_recomputed_from_the_per_notice_tables(linked: Path) -> None:
    names = _by_source(linked)
    row = _rows(linked, "SELECT * FROM round_units WHERE unit_id = '德清审计局'")[0]
    dates = {names[r["notice_id"]]: r["d"] for r in _rows(
        linked, "SELECT notice_id, coalesce(publish_date, signed_date) AS d FROM notices")}
    feedback = _rows(linked, "SELECT DISTINCT feedback_date FROM round_refs WHERE feedback_date IS NOT NULL")
    assert {f["feedback_date"] for f in feedback} == {date(2022, 12, 6)} == {row["feedback_date"]}
    assert names[str(row["feedback_notice"])] == "feedback.txt"
    assert [names[n] for n in row["progress_notices"]] == ["progress1.txt", "progress2.txt"]
    assert row["days_to_first_report"] == (dates["progress1.txt"] - date(2022, 12, 6)).days
    assert names[str(row["latest_report"])] == "final.txt"
    latest = _rows(linked, f"SELECT * FROM round_refs WHERE notice_id = '{row['latest_report']}'")[0]
    assert (row["stated_problems"], row["rectified"], row["completion_rate"]) == (
        latest["stated_problems"], latest["rectified"], latest["completion_rate"]) == (18, 18, 100.0)
    findings = _rows(linked, "SELECT notice_id, count(*) AS n FROM outline WHERE is_finding GROUP BY notice_id")
    assert {names[f["notice_id"]]: f["n"] for f in findings}.get("final.txt", 0) == row["findings_extracted"]


def test_timeline_days_are_dates_minus_the_feedback(linked: Path) -> None:
    rows = _rows(linked, "SELECT * FROM round_timeline WHERE unit_id = '德清审计局'")
    assert [r["stage"] for r in rows] == ["entry", "feedback", "progress", "progress", "final"]
    for row in rows:
        assert row["days_from_feedback"] == (row["notice_date"] - row["feedback_date"]).days
    assert [r["rectified"] for r in rows if r["stage"] in ("progress", "final")] == [10, 15, 18]


def test_units_merge_by_rules_and_aliases_only(linked: Path) -> None:
    names = _by_source(linked)
    unit = _rows(linked, "SELECT * FROM units WHERE unit_id = '德清审计局'")[0]
    seen = {n["name"]: sorted(names[i] for i in n["notices"]) for n in unit["names"]}
    assert {"县审计局", "中共德清县审计局党组", "局党组"} <= set(seen)
    assert "entry.txt" in seen["县审计局"]
    assert "unit.key_alias" in next(n["rule_ids"] for n in unit["names"] if n["name"] == "局党组")
    assert unit["inspected"] and unit["rounds"] == ["德清县委/十四届/5"]
    conflicts = _rows(linked, "SELECT * FROM units_conflicts WHERE kind = 'same_name'")
    assert ("县卫生健康局", frozenset({"长兴卫生健康局", "德清卫生健康局"})) in {
        (c["name"], frozenset({c["unit_a"], c["unit_b"]})) for c in conflicts}  # one name, two counties: kept apart


def test_batch_layout_links_alike_and_link_is_the_last_step(inputs: Path, linked: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    summary = run_batch([str(inputs)], out, options=BatchOptions(workers=1, progress=False))
    assert summary.linked and "rounds" in summary.linked
    for name in ("rounds", "round_units", "units"):
        ours, theirs = pq.read_table(out / f"{name}.parquet"), pq.read_table(linked / f"{name}.parquet")
        assert ours.drop_columns([c for c in ours.column_names if "notice" in c or c == "latest_report"]).equals(
            theirs.drop_columns([c for c in theirs.column_names if "notice" in c or c == "latest_report"]))


def test_relinking_gives_the_same_tables_and_pandas_reads_them(linked: Path) -> None:
    before = {name: pq.read_table(linked / f"{name}.parquet") for name in LINK_TABLES}
    link_output(linked)
    assert all(pq.read_table(linked / f"{name}.parquet").equals(before[name]) for name in LINK_TABLES)
    run = noticeparse.read(linked)
    assert list(run.rounds.columns) == LINK_TABLES["rounds"].names
    assert str(run.round_units["days_to_first_report"].dtype) == "Int32"


def test_cli(linked: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["link", str(linked), "--threads", "1"])
    assert result.exit_code == 0 and result.output.startswith("linked 2 rounds")
    missing = CliRunner().invoke(main, ["link", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "no parsed output" in missing.output


def test_link_commits_a_snapshot_and_waits_for_no_other_writer(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "parsed"
    parse_paths([str(inputs)], out, progress=False)
    before = resolve_output(out)
    link_output(out)
    after = resolve_output(out)
    assert after != before and (after / "rounds.parquet").is_file() and not (before / "rounds.parquet").exists()
    assert (out / "rounds.parquet").is_symlink() and (out / "notices.parquet").resolve().parent == after
    with output_lock(out, "batch"):  # another writer: link refuses in one line, the output is unchanged
        busy = CliRunner().invoke(main, ["link", str(out)])
    assert busy.exit_code == 1 and "writing" in busy.output and resolve_output(out) == after


def test_batch_links_in_its_own_commit(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    run_batch([str(inputs)], out, options=BatchOptions(workers=1, progress=False))
    snapshot = resolve_output(out)
    assert (snapshot / "rounds.parquet").is_file() and (snapshot / "notices").is_dir()
    assert read_manifest(out) is not None and "bucket" in read_manifest(out)  # type: ignore[operator]
