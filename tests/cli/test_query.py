"""``noticeparse query`` and ``shell`` on bad input a user gives: one clear line, exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.store.parquet import to_table, write_table


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    write_table(to_table("notices", [{"notice_id": "n1"}], "0" * 64), folder / "notices.parquet")
    return folder


def _one_error_line(args: list[str], input: str | None = None) -> str:
    result = CliRunner().invoke(main, args, input=input)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # a clean exit, not a traceback
    lines = [line for line in result.output.splitlines() if line.strip() and not line.startswith("noticeparse shell")]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


@pytest.mark.parametrize(("sql", "said"), [
    ("SELEC notice_id FROM notices", 'syntax error at or near "SELEC"'),
    ("SELECT * FROM nosuch", "Table with name nosuch does not exist"),
])
def test_bad_sql_is_one_line(out: Path, sql: str, said: str) -> None:
    assert said in _one_error_line(["query", "-d", str(out), sql])


def test_a_folder_that_is_no_output_is_said(tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)))  # a folder of anything but Parquet tables
    for args in (["query", "-d", str(tmp_path), "SELECT * FROM notices"], ["shell", "-d", str(tmp_path)]):
        assert "no Parquet tables in" in _one_error_line(args, input=".quit\n")


def test_an_output_file_that_cannot_be_written_is_one_line(out: Path, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "rows.csv"
    line = _one_error_line(["query", "-d", str(out), "-f", "csv", "-o", str(target), "SELECT 1"])
    assert str(target) in line


def test_a_good_query_still_runs(out: Path) -> None:
    result = CliRunner().invoke(main, ["query", "-d", str(out), "SELECT notice_id FROM notices"])
    assert result.exit_code == 0 and "n1" in result.output, result.output
