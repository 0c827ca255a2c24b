"""``query`` says when notices of no known year are left out of a per-year result (issue 26).

An 人大 report without a dated header once vanished from the README's per-year query with its
12,077万元 recovered; now a query that filters or groups by ``pub_year`` prints one line on
stderr naming how many notices it leaves out (or lumps into the NULL row).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.batch.run import parse_paths
from noticeparse.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"
UNDATED = "关于追回资金情况的说明\n经核查，已追回违规发放的补贴资金12万元，清退多领款项3万元。\n"


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("years")
    (work / "in").mkdir()
    (work / "in" / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (work / "in" / "seed.txt").write_bytes((SAMPLES / "binhaiwan-2022-05-20.txt").read_bytes())
    parse_paths([str(work / "in")], work / "out", progress=False)
    return work / "out"


def _query(parsed: Path, sql: str, *extra: str):
    result = CliRunner().invoke(main, ["query", "-d", str(parsed), *extra, sql])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_filter_on_pub_year_warns_with_the_count(parsed: Path, fmt: str):
    result = _query(parsed, "SELECT pub_year, role, sum(value) AS yuan FROM amounts WHERE pub_year >= 2020 "
                    "GROUP BY ALL ORDER BY ALL", "-f", fmt)
    assert result.stderr.splitlines() == [
        ("warning: 1 notice(s) have no pub_year (no publication or signing date): this per-year result leaves "
         "their rows out; `WHERE pub_year IS NULL` lists them")]
    assert "2022" in result.stdout


def test_a_grouping_with_the_null_row_says_what_it_holds(parsed: Path):
    result = _query(parsed, "SELECT pub_year, sum(value) FROM amounts GROUP BY pub_year ORDER BY pub_year")
    assert result.stderr.startswith("note: the rows with pub_year NULL hold what 1 notice(s)")


@pytest.mark.parametrize("sql", [
    "SELECT role, sum(value) FROM amounts GROUP BY role",  # no year in it
    "SELECT count(*) FROM notices WHERE pub_year IS NULL",  # the nulls asked for
    "SELECT coalesce(pub_year, 0) AS y, count(*) FROM notices GROUP BY ALL",
])
def test_no_warning_when_the_year_is_not_used_or_its_nulls_are_handled(parsed: Path, sql: str):
    assert _query(parsed, sql).stderr == ""


def test_parquet_output_warns_too(parsed: Path, tmp_path: Path):
    result = _query(parsed, "SELECT * FROM quantities WHERE pub_year = 2022", "-f", "parquet",
                    "-o", str(tmp_path / "q.parquet"))
    assert "warning: 1 notice(s) have no pub_year" in result.stderr
