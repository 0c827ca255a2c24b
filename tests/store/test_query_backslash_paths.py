"""Issue 28: ``query`` works on an output path that holds a backslash.

DuckDB's globs take a backslash for a path separator, so ``read_parquet('a\\\\b/notices/**/*.parquet')``
finds nothing; ``query``'s views then read such a folder through an Arrow dataset. Both
layouts, with and without glob characters beside the backslash, give the same rows as
the same output under a plain name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.batch.run import BatchOptions, parse_paths, run_batch
from noticeparse.cli import main
from noticeparse.store.query import connect

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"
SQL = ("SELECT n.source, n.pub_year, count(q.char_start) AS quantities FROM notices n "
       "LEFT JOIN quantities q USING (notice_id) GROUP BY ALL ORDER BY ALL")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("plain")
    run_batch([str(SAMPLES)], base / "dataset", options=BatchOptions(workers=1, progress=False, buckets=4))
    parse_paths([str(SAMPLES)], base / "files", progress=False)
    return {"dataset": base / "dataset", "files": base / "files"}


@pytest.mark.parametrize("layout", ["dataset", "files"])
@pytest.mark.parametrize("name", ["a\\b", "g[1]\\x*", "run\\"], ids=["backslash", "glob-and-backslash", "trailing"])
def test_query_reads_a_folder_with_a_backslash(outputs: dict[str, Path], tmp_path: Path, layout: str, name: str):
    odd = tmp_path / name / "out"
    shutil.copytree(outputs[layout], odd, symlinks=True)
    expected = connect(outputs[layout]).execute(SQL).fetchall()
    assert expected and connect(odd).execute(SQL).fetchall() == expected
    result = CliRunner().invoke(main, ["query", "-d", str(odd), "-f", "csv", SQL])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == len(expected) + 1  # the header and every row
