"""Batch at archive scale: incremental re-runs, rule changes, kill and resume, engines."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from noticeparse.batch.run import BatchOptions, run_batch
from noticeparse.settings import Settings
from noticeparse.store import read_manifest
from noticeparse.store.query import connect, run_query

pytestmark = pytest.mark.slow  # real processes, servers or long loops: not in `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"


def _archive(folder: Path, copies: int) -> Path:
    """An archive of ``copies`` variants of each sample (distinct bytes, distinct paths)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for sample in SAMPLES.iterdir():
            data = sample.read_bytes()
            suffix = f"\n第{i}份副本。\n".encode("gb18030" if sample.suffix == ".html" else "utf-8")
            target = folder / f"c{i:03d}" / sample.name
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(data + suffix if sample.suffix == ".txt" else data.replace(b"</body>", suffix + b"</body>"))
    return folder


def _rows(outdir: Path, table: str) -> list[dict]:
    con = connect(outdir)
    columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
    exclude = " EXCLUDE (pub_year)" if "pub_year" in columns else ""
    cursor = con.execute(f'SELECT *{exclude} FROM "{table}" ORDER BY ALL')
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _files(outdir: Path) -> dict[str, float]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime for p in outdir.glob("*/pub_year=*/*.parquet")}


def _state(outdir: Path, query: str) -> list[tuple]:
    """Rows of a query on the batch state (none while the database or its tables do not exist yet)."""
    path = outdir / "_state" / "state.sqlite"
    if not path.exists():
        return []
    try:
        with closing(sqlite3.connect(path)) as db:
            return db.execute(query).fetchall()
    except sqlite3.OperationalError:  # the run is creating the schema
        return []


def _committed(outdir: Path) -> list[tuple[int, str, dict]]:
    """Every committed bucket's fingerprint and errors (the committed snapshot's manifest)."""
    manifest = read_manifest(outdir) or {}
    return sorted((int(b), info["fp"], info["errors"]) for b, info in manifest.get("bucket", {}).items())


OPTIONS = BatchOptions(workers=2, progress=False, buckets=8)
N1 = sum(1 for _ in SAMPLES.iterdir())  # notices per copy in _archive
N3 = 3 * N1


def test_incremental_rerun_does_no_work(tmp_path: Path):
    src = _archive(tmp_path / "src", 3)
    out = tmp_path / "out"
    first = run_batch([str(src)], out, options=OPTIONS)
    assert first.notices == N3 and first.skipped == 0 and not first.failed
    before = _files(out)
    second = run_batch([str(src)], out, options=OPTIONS)
    assert second.notices == 0 and second.skipped == N3
    assert _files(out) == before
    assert len(_rows(out, "notices")) == N3


def test_state_is_sqlite_and_a_rerun_rewrites_nothing(tmp_path: Path):
    src = _archive(tmp_path / "src", 3)
    out = tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    assert sorted(p.name for p in (out / "_state").iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "state.sqlite"]
    buckets = _committed(out)
    assert _state(out, "SELECT value FROM meta WHERE key = 'buckets'") == [("8",)]
    assert _state(out, "SELECT count(*), count(DISTINCT bucket) FROM inputs") == [(N3, len(buckets))]
    before = _files(out)
    again = run_batch([str(src)], out, options=OPTIONS)
    assert again.notices == 0 and again.skipped == N3 and again.counts == {}
    assert _files(out) == before
    assert _committed(out) == buckets
    parts = [p for p in out.glob("*/*/*.parquet") if p.name.startswith("part-")]  # not link's rounds.parquet …
    assert {p.name.split("-")[3].removesuffix(".parquet") for p in parts} == {fp for _, fp, _ in buckets}


def test_other_bucket_count_reparses_without_duplicates(tmp_path: Path):
    src = _archive(tmp_path / "src", 3)
    out = tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    fewer = run_batch([str(src)], out, options=BatchOptions(workers=2, progress=False, buckets=3))
    assert fewer.notices == N3 and fewer.skipped == 0
    assert {p.name[:9] for p in out.glob("notices/*/*.parquet")} <= {"part-b000", "part-b001", "part-b002"}
    assert len(_rows(out, "notices")) == N3


def test_changed_input_reparses_only_its_bucket(tmp_path: Path):
    src = _archive(tmp_path / "src", 3)
    out = tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    changed = src / "c001" / "policy-level4-2022-11-02.txt"
    changed.write_bytes(changed.read_bytes() + "补充：新增投资100万元。\n".encode())
    again = run_batch([str(src)], out, options=OPTIONS)
    assert 1 <= again.notices < N3
    assert len(_rows(out, "notices")) == N3  # replaced, not duplicated
    values = [r["value"] for r in _rows(out, "quantities")]
    assert 1_000_000.0 in values
    (src / "c002" / "policy-level4-2022-11-02.txt").unlink()
    run_batch([str(src)], out, options=OPTIONS)
    assert len(_rows(out, "notices")) == N3 - 1


def test_rule_change_reparses_everything(tmp_path: Path):
    src = _archive(tmp_path / "src", 2)
    out = tmp_path / "out"
    rules_copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules_copy)
    run_batch([str(src)], out, settings=Settings(rules_root=rules_copy), options=OPTIONS)
    quantity = rules_copy / "quantity.yaml"
    quantity.write_text(quantity.read_text(encoding="utf-8") + "\n# a comment changes the rules hash\n", encoding="utf-8")
    again = run_batch([str(src)], out, settings=Settings(rules_root=rules_copy), options=OPTIONS)
    assert again.notices == 2 * N1 and again.skipped == 0
    assert len(_rows(out, "notices")) == 2 * N1


def test_killed_run_resumes_without_duplicates(tmp_path: Path):
    src = _archive(tmp_path / "src", 40)  # 40 copies of every sample
    out = tmp_path / "out"
    command = [sys.executable, "-m", "noticeparse.cli", "batch", str(src), "-o", str(out), "--workers", "1",
               "--buckets", "16"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finished = "SELECT count(*) FROM work"  # buckets finished, not committed yet
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (_state(out, finished) or [(0,)])[0][0]:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done_before = _state(out, finished)[0][0]
    assert 0 < done_before < 16, "the kill should land mid-run"
    resumed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert not list(out.glob("**/.*.tmp"))
    rows = _rows(out, "notices")
    assert len(rows) == 40 * N1 and len({r["source"] for r in rows}) == 40 * N1


def test_bad_inputs_are_error_rows_and_exit_code(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "ok.txt").write_text("关于整改的通报\n一、总体情况\n2021年8月5日开展巡察。", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01" * 300)
    (src / "empty.html").write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "noticeparse.cli", "batch", str(src), "-o", str(tmp_path / "o")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert sorted(r["code"] for r in _rows(tmp_path / "o", "errors")) == ["E102", "E103"]
    again = subprocess.run([sys.executable, "-m", "noticeparse.cli", "batch", str(src), "-o", str(tmp_path / "o")],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 1, "a run with nothing to do still reports earlier failures"


def test_query_over_partitioned_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "out"
    run_batch([str(SAMPLES)], out, options=OPTIONS)
    assert run_query(out, "SELECT unit, sum(value) AS total FROM quantities GROUP BY unit ORDER BY total DESC") > 3
    printed = capsys.readouterr().out
    assert "unit" in printed and "元" in printed
    years = {str(row[0]) for row in connect(out).execute("SELECT DISTINCT pub_year FROM notices").fetchall()}
    assert {"2022", "2023", "2024"} <= years
    table = pq.read_table(out / "dates")
    assert table.num_rows == len(_rows(out, "dates"))


def test_dask_engine_matches_local(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    src = _archive(tmp_path / "src", 2)
    run_batch([str(src)], tmp_path / "local", options=OPTIONS)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options = BatchOptions(engine="dask", scheduler=cluster.scheduler_address, progress=False, buckets=8)
        summary = run_batch([str(src)], tmp_path / "dask", options=options)
    assert summary.notices == 2 * N1
    for table in ("notices", "outline", "dates", "quantities", "doc_numbers", "titles", "contacts", "errors"):
        assert _rows(tmp_path / "dask", table) == _rows(tmp_path / "local", table), table
    assert sorted(_files(tmp_path / "dask")) == sorted(_files(tmp_path / "local"))


def test_run_pipeline_file(tmp_path: Path):
    config = tmp_path / "pipeline" / "demo.toml"
    config.parent.mkdir()
    shutil.copytree(SAMPLES, tmp_path / "raw" / "samples")
    config.write_text('name = "demo"\nraw = "raw/samples"\noutput = "out"\nworkers = 1\n\n[[sources]]\npath = "raw/samples"\n',
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "noticeparse.cli", "run", str(config)],
                            capture_output=True, text=True, check=False, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert f"{N1} inputs parsed" in result.stdout
    again = subprocess.run([sys.executable, "-m", "noticeparse.cli", "run", str(config)],
                           capture_output=True, text=True, check=False)
    assert f"0 inputs parsed, {N1} unchanged" in again.stdout


def test_shell_answers_statements(tmp_path: Path):
    import io

    from noticeparse.store.query import shell

    out = tmp_path / "out"
    run_batch([str(SAMPLES)], out, options=OPTIONS)
    printed = io.StringIO()
    shell(out, stdin=io.StringIO(".tables\nSELECT count(*) AS n\nFROM notices;\nSELECT nope;\n.quit\n"), out=printed)
    text = printed.getvalue()
    assert "notices" in text and "(1 rows)" in text and "error:" in text


def test_buckets_are_split_into_bounded_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from noticeparse.batch import run as batch

    src = _archive(tmp_path / "src", 2)
    whole = run_batch([str(src)], tmp_path / "whole", options=BatchOptions(workers=1, progress=False, buckets=1))
    monkeypatch.setattr(batch, "CHUNK", 3)
    split = run_batch([str(src)], tmp_path / "split", options=BatchOptions(workers=1, progress=False, buckets=1))
    assert whole.notices == split.notices == 2 * N1
    chunks = {p.name.split("-")[2] for p in (tmp_path / "split").glob("notices/*/*.parquet")}
    assert chunks == {f"c{i:04d}" for i in range(-(-2 * N1 // 3))}  # chunks of 3 notices
    for table in ("notices", "dates", "quantities", "tokens"):
        assert _rows(tmp_path / "split", table) == _rows(tmp_path / "whole", table), table


def test_an_empty_folder_never_replaces_an_archive(tmp_path: Path):
    """A folder that holds nothing (a drive not mounted, a wrong path) is refused; the archive stays."""
    from noticeparse.batch import NothingToParse

    src = _archive(tmp_path / "src", 1)
    out = tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    before, current = _rows(out, "notices"), os.readlink(out / "current")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NothingToParse, match="no inputs in"):
        run_batch([str(empty)], out, options=OPTIONS)
    assert os.readlink(out / "current") == current and _rows(out, "notices") == before
    again = run_batch([str(src)], out, options=OPTIONS)  # the known inputs were kept: nothing to redo
    assert again.notices == 0 and again.skipped == N1
