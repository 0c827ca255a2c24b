"""``noticeparse query -d FOLDER`` reads that folder only, whatever characters its name holds (issue 12).

Before the fix the folder went into DuckDB's ``read_parquet`` unescaped, so ``-d 'g*'`` read
``g*``, ``g1`` and ``g2`` alike, and ``run[1]`` read ``run1``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.store.parquet import to_table, write_table

NAMES = ["g*", "g1", "g2", "run[1]", "run1", "a?b", "axb", "it's"]


def _write(folder: Path, partitioned: bool) -> None:
    table = to_table("notices", [{"notice_id": folder.name}], "0" * 64)
    if partitioned:
        write_table(table, folder / "notices" / "pub_year=2022" / "part-0.parquet")
    else:
        write_table(table, folder / "notices.parquet")


@pytest.mark.parametrize("partitioned", [False, True], ids=["single-files", "partitioned"])
@pytest.mark.parametrize("name", ["g*", "run[1]", "a?b", "it's"])
def test_query_folder_is_taken_literally(tmp_path: Path, name: str, partitioned: bool) -> None:
    for other in NAMES:
        _write(tmp_path / other, partitioned)
    result = CliRunner().invoke(main, ["query", "-d", str(tmp_path / name), "SELECT notice_id FROM notices"])
    assert result.exit_code == 0, result.output
    assert [line.strip() for line in result.output.splitlines()[2:]] == [name, "(1 rows)"], result.output
