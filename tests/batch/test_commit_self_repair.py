"""Issue 28: an output heals and tells the truth.

A committed part cut short or overwritten with garbage is found when the next run
checks the parts (size, magic numbers, footer) and its bucket is parsed again; an output
folder deleted while a run writes into it ends the run with an error, not "N inputs
parsed"; inputs are keyed relative to their root, so an archive moved elsewhere after
a killed run resumes without parsing or losing anything; what a stopped ``parse`` or
``batch`` left behind is removed by the next run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from batch_inputs import DRIVER, ENV, write_notices  # type: ignore[import-not-found]
from click.testing import CliRunner

from noticeparse.batch.run import BatchOptions, parse_paths, run_batch
from noticeparse.cli import main
from noticeparse.store import SNAPSHOTS, add_step_hook
from noticeparse.store.query import connect

OPTIONS = BatchOptions(workers=1, progress=False, buckets=4)



def _sources(out: Path) -> list[str]:
    return sorted(r[0] for r in connect(out).execute("SELECT source FROM notices").fetchall())


@pytest.mark.parametrize("damage", ["truncated", "garbage", "deleted"])
def test_damaged_part_is_found_and_its_bucket_parsed_again(tmp_path: Path, damage: str):
    src, out = write_notices(tmp_path / "src", 12), tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    victim = min((out / "quantities").glob("*/*.parquet"))
    data = victim.read_bytes()
    victim.unlink()  # a new file: the committed snapshot's hard link is not touched through another name
    if damage == "truncated":
        victim.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        victim.write_bytes(os.urandom(len(data)))
    summary = run_batch([str(src)], out, options=OPTIONS)
    assert 0 < summary.notices < 12 and any("missing or unreadable" in w for w in summary.warnings)
    total = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}/quantities/**/*.parquet')").fetchall()
    assert total == [(24,)] and len(_sources(out)) == 12  # a problem count and an amount per notice
    assert run_batch([str(src)], out, options=OPTIONS).notices == 0  # healed


def test_output_folder_deleted_during_the_run_is_an_error(tmp_path: Path):
    src, out = write_notices(tmp_path / "src", 8), tmp_path / "out"

    def delete_output(step: str) -> None:
        if step == "bucket" and out.exists():
            shutil.rmtree(out)

    remove = add_step_hook(delete_output)
    try:
        result = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--workers", "1"])
    finally:
        remove()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"the output folder {out} vanished during the run" in result.output
    assert "inputs parsed" not in result.output


def test_parse_and_batch_remove_what_a_stopped_run_left(tmp_path: Path):
    src = write_notices(tmp_path / "src", 2)
    files, dataset = tmp_path / "files", tmp_path / "dataset"
    parse_paths([str(src)], files, progress=False)
    run_batch([str(src)], dataset, options=OPTIONS)
    left = [files / ".staging-k2j3" / "notices.parquet", files / SNAPSHOTS / ".new-20260101T000000-abc" / "x.parquet",
            files / ".notices.parquet.1a2b.tmp", dataset / "_work" / "notices" / "pub_year=2021" / "part-b001-c0000-f.parquet",
            dataset / "_work" / "notices" / "pub_year=2021" / ".part-b001-c0000-f.parquet.9f.tmp"]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    parse_paths([str(src)], files, progress=False)
    run_batch([str(src)], dataset, options=OPTIONS)
    assert not [p for p in left if p.exists()]


@pytest.mark.slow
def test_archive_moved_after_a_killed_run_resumes_without_loss(tmp_path: Path):
    src, out = write_notices(tmp_path / "a" / "src", 3), tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    before = _sources(out)
    write_notices(src, 24)
    killed = subprocess.run([sys.executable, str(DRIVER), "kill", "bucket", "2", "--", "batch", str(src), "-o",
                             str(out), "--workers", "1", "--buckets", "4"], env=ENV, check=False, timeout=600)
    assert killed.returncode == -9
    assert _sources(out) == before  # the killed run committed nothing
    moved = tmp_path / "b" / "src"
    moved.parent.mkdir()
    src.rename(moved)
    resumed = subprocess.run([sys.executable, "-m", "noticeparse.cli", "batch", str(moved), "-o", str(out),
                              "--workers", "1"], env=ENV, capture_output=True, text=True, check=False, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert "parsed by a stopped run" in resumed.stdout  # the moved archive's finished buckets were kept
    assert _sources(out) == sorted(f"src/n{n:03d}.txt" for n in range(24))
    again = run_batch([str(moved)], out, options=OPTIONS)
    assert again.notices == 0 and again.skipped == 24
