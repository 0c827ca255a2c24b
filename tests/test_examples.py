"""The analysis under examples/ runs on the samples' output and draws its chart (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from noticeparse.batch.run import parse_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_money_by_year_draws_a_chart(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib not installed (pip install -e '.[examples]')")
    parse_paths([str(ROOT / "raw" / "samples")], tmp_path / "parsed", progress=False)
    chart = tmp_path / "money.png"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLCONFIGDIR": str(tmp_path / "mpl")}
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "money_by_year.py"), str(tmp_path / "parsed"),
                           str(chart)], capture_output=True, text=True, env=env, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "money by publication year and role" in done.stdout and "largest completed: 37.3亿元" in done.stdout
    assert "e+0" not in done.stdout  # sums as 万元 / 亿元, never an exponent
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 5_000


@pytest.mark.slow  # a whole CLI run in a fresh process or over a dev set: `make test` runs it
def test_money_by_year_on_a_folder_that_is_no_output_says_so(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib not installed (pip install -e '.[examples]')")
    (tmp_path / "notes.txt").write_text("not an output", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLCONFIGDIR": str(tmp_path / "mpl")}
    for folder in (tmp_path, tmp_path / "missing"):
        done = subprocess.run([sys.executable, str(ROOT / "examples" / "money_by_year.py"), str(folder),
                               str(tmp_path / "money.png")], capture_output=True, text=True, env=env, check=False,
                              timeout=300)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.strip() == f"error: no Parquet tables in {folder}: run `noticeparse parse` or `batch` first"


@pytest.mark.slow  # a whole CLI run in a fresh process or over a dev set: `make test` runs it
def test_money_by_year_on_an_output_with_no_money_says_so(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib not installed (pip install -e '.[examples]')")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")  # an output with an error row and no notice
    parse_paths([str(tmp_path / "in")], tmp_path / "parsed", progress=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLCONFIGDIR": str(tmp_path / "mpl")}
    chart = tmp_path / "money.png"
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "money_by_year.py"), str(tmp_path / "parsed"),
                           str(chart)], capture_output=True, text=True, env=env, check=False, timeout=300)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.strip() == f"no money amounts in {tmp_path / 'parsed'} (0 notices): no table, no chart"
    assert not chart.exists()
