"""Issue 28: a run SIGKILLed at any step of its commit leaves readers the output before it or after it, exactly.

Each case copies a committed output, changes the inputs (one file edited, one deleted,
one added), starts ``batch`` or ``parse`` through ``step_driver.py``, which SIGKILLs the
process the N-th time the commit reaches a named step (a seam in the code, no sleep
race), and reads the output as every reader does before anything repairs it:
``noticeparse.read``, ``query``'s DuckDB views and plain DuckDB over the documented paths.
Up to the switch of ``OUT/current`` every reader sees the earlier output; from it on,
the new one; never a mix, a duplicate or a gap. The next run then finishes the job and
leaves no temp file, no unfinished snapshot and no work folder behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

import noticeparse
from noticeparse.store import SNAPSHOTS, count_notices
from noticeparse.store.query import connect

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals")]

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"
DRIVER = Path(__file__).with_name("step_driver.py")
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
BEFORE, AFTER = "before", "after"


def _archive(folder: Path, copies: int = 3) -> Path:
    """``copies`` variants of every sample under ``folder/src`` (the root keeps its name across copies)."""
    src = folder / "src"
    for i in range(copies):
        for sample in SAMPLES.iterdir():
            data = sample.read_bytes()
            mark = f"\n第{i}份副本。\n".encode("gb18030" if sample.suffix == ".html" else "utf-8")
            target = src / f"c{i}" / sample.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data + mark if sample.suffix == ".txt" else data.replace(b"</body>", mark + b"</body>"))
    return src


def _change(src: Path) -> None:
    """An edit, a deletion and an addition: the next output differs from the last one in every way."""
    edited = src / "c1" / "policy-level4-2022-11-02.txt"
    edited.write_bytes(edited.read_bytes() + "补充：新增投资100万元。\n".encode())
    (src / "c2" / "binhaiwan-2022-05-20.txt").unlink()
    (src / "c3").mkdir()
    (src / "c3" / "new.txt").write_text("关于整改的通报\n一、总体情况\n2023年5月5日完成整改投资300万元。\n",
                                        encoding="utf-8")


def _command(kind: str, src: Path, out: Path, workers: int = 1) -> list[str]:
    if kind == "batch":
        return ["batch", str(src), "-o", str(out), "--workers", str(workers), "--buckets", "4"]
    return ["parse", str(src), "-o", str(out), "--quiet"]


def _cli(args: list[str], driver: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    prefix = [str(DRIVER), *driver, "--"] if driver else ["-m", "noticeparse.cli"]
    return subprocess.run([sys.executable, *prefix, *args], capture_output=True, text=True, check=False,
                          env=ENV, timeout=600)


def _view(out: Path, kind: str) -> tuple[list[tuple], list[tuple]]:
    """Notices and quantities as ``noticeparse.read``, ``query`` and plain DuckDB see them (all three agree)."""
    frames = noticeparse.read(out)
    by_frames = (sorted(zip(frames.notices.notice_id, frames.notices.source, strict=True)),
                 sorted(zip(frames.quantities.notice_id, frames.quantities.char_start, strict=True)))
    con = connect(out)
    by_query = (sorted(con.execute("SELECT notice_id, source FROM notices").fetchall()),
                sorted(con.execute("SELECT notice_id, char_start FROM quantities").fetchall()))
    def plain(table: str) -> str:  # the paths the README gives for plain DuckDB
        if kind == "batch":
            return f"read_parquet('{out}/{table}/**/*.parquet', hive_partitioning = true)"
        return f"read_parquet('{out}/{table}.parquet')"
    raw = duckdb.connect()
    by_plain = (sorted(raw.execute(f"SELECT notice_id, source FROM {plain('notices')}").fetchall()),
                sorted(raw.execute(f"SELECT notice_id, char_start FROM {plain('quantities')}").fetchall()))
    assert by_frames == by_query == by_plain
    notices = by_frames[0]
    assert len({n for n, _ in notices}) == len(notices) == count_notices(out), "a notice is there twice"
    return by_frames


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict]:
    """Per command, once: the committed output before the change, the inputs after it, both views."""
    done: dict[str, dict] = {}

    def get(kind: str) -> dict:
        if kind not in done:
            done[kind] = _prepare(kind, tmp_path_factory.mktemp(kind))
        return done[kind]

    return get


def _prepare(kind: str, base: Path) -> dict:
    src = _archive(base / "before")
    out = base / "out-before"
    assert _cli(_command(kind, src, out)).returncode == 0
    changed = base / "after"
    shutil.copytree(base / "before", changed)
    _change(changed / "src")
    reference = base / "out-after"
    shutil.copytree(out, reference, symlinks=True)
    counts = base / "steps.json"
    assert _cli(_command(kind, changed / "src", reference), ["count", "-", str(counts)]).returncode == 0
    views = {BEFORE: _view(out, kind), AFTER: _view(reference, kind)}
    assert views[BEFORE] != views[AFTER] and len(views[AFTER][0]) == len(views[BEFORE][0])  # one gone, one new
    return {"kind": kind, "base": base, "out": out, "src": changed / "src", "views": views,
            "steps": json.loads(counts.read_text(encoding="utf-8"))}


# (step, which time it is reached: first, middle or last, what a reader must see after the kill)
STEPS = {
    "batch": [("part", "first", BEFORE), ("part", "middle", BEFORE), ("part", "last", BEFORE),
              ("bucket", "first", BEFORE), ("bucket", "last", BEFORE), ("staged", "first", BEFORE),
              ("snapshot", "first", BEFORE), ("current", "first", AFTER), ("links", "first", AFTER),
              ("pruned", "first", AFTER), ("work-cleared", "first", AFTER)],
    "parse": [("table", "first", BEFORE), ("table", "last", BEFORE), ("staged", "first", BEFORE),
              ("snapshot", "first", BEFORE), ("current", "first", AFTER), ("links", "first", AFTER),
              ("pruned", "first", AFTER)],
}
CASES = [(kind, *step) for kind, steps in STEPS.items() for step in steps]


@pytest.mark.parametrize(("kind", "step", "when", "seen"), CASES, ids=[f"{k}-{s}-{w}" for k, s, w, _ in CASES])
def test_kill_at_each_commit_step(prepared: Callable[[str], dict], kind: str, step: str, when: str, seen: str):
    runs = prepared(kind)
    reached = runs["steps"][step]
    nth = {"first": 1, "middle": (reached + 1) // 2, "last": reached}[when]
    out = runs["base"] / f"out-{step}-{when}"
    shutil.copytree(runs["out"], out, symlinks=True)
    killed = _cli(_command(kind, runs["src"], out), ["kill", step, str(nth)])
    assert killed.returncode == -9, f"the run was not killed at {step} #{nth}: {killed.stderr[-500:]}"
    assert _view(out, kind) == runs["views"][seen]
    rerun = _cli(_command(kind, runs["src"], out))
    assert rerun.returncode == 0, rerun.stderr
    assert _view(out, kind) == runs["views"][AFTER]
    leftovers = [p.relative_to(out).as_posix() for p in [*out.glob("**/.*.tmp"), *out.glob(".current-*"),
                                                          *out.glob(".old-*"), *(out / SNAPSHOTS).glob(".new-*")]]
    assert not leftovers and not (out / "_work").exists()
    assert len(list((out / SNAPSHOTS).iterdir())) <= 2  # the committed snapshot and the one it replaced


def test_kill_with_worker_processes_resumes_their_buckets(prepared: Callable[[str], dict]):
    runs = prepared("batch")
    out = runs["base"] / "out-workers"
    shutil.copytree(runs["out"], out, symlinks=True)
    assert runs["steps"]["bucket"] >= 2, "the change should touch more than one bucket"
    killed = _cli(_command("batch", runs["src"], out, workers=2), ["kill", "bucket", "2"])
    assert killed.returncode == -9
    assert _view(out, "batch") == runs["views"][BEFORE]
    rerun = _cli(_command("batch", runs["src"], out, workers=2))
    assert rerun.returncode == 0, rerun.stderr
    assert "parsed by a stopped run" in rerun.stdout  # the two finished buckets were not parsed again
    assert _view(out, "batch") == runs["views"][AFTER]
