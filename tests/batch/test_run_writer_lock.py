"""Issue 28: one writer at a time per output folder, stale locks taken over, a locked state refused in one line.

Two runs started a moment apart: the first is held at a commit step by ``step_driver.py``
(it waits for a flag file, so nothing depends on timing), the second says who is writing
and exits 1, or with ``--wait`` waits for the first and then runs. A lock left by a
crashed run is taken over with a warning; a state database another process holds locked
is waited for, then refused, never moved aside as corrupt.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_inputs import DRIVER, ENV, NOTICE, write_notices  # type: ignore[import-not-found]
from click.testing import CliRunner

from noticeparse.batch import state as state_module
from noticeparse.batch.run import BatchOptions, run_batch
from noticeparse.cli import main
from noticeparse.store import LOCK_NAME, OutputBusy, output_lock

OPTIONS = BatchOptions(workers=1, progress=False, buckets=4)



def _poll(check, what: str, bound: float = 120) -> None:
    deadline = time.monotonic() + bound  # a bound for the poll, never a speed requirement
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {bound}s: {what}")
        time.sleep(0.05)


def test_lock_says_who_writes_and_refuses(tmp_path: Path):
    probe = ("import sys; from pathlib import Path; from noticeparse.store import output_lock, OutputBusy\n"
             "try:\n    output_lock(Path(sys.argv[1]), 'parse').__enter__()\n"
             "except OutputBusy as exc:\n    print(exc)\n")
    with output_lock(tmp_path, "batch") as warnings:
        assert warnings == []
        holder = json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid() and holder["command"] == "batch"
        other = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], env=ENV, capture_output=True, text=True,
                               check=True)
        assert other.stdout.startswith(f"another batch is writing {tmp_path} since {holder['since']}, pid {os.getpid()}")
    assert (tmp_path / LOCK_NAME).read_text(encoding="utf-8") == ""  # released: nobody named in it
    free = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], env=ENV, capture_output=True, text=True,
                          check=True)
    assert free.stdout == ""


def test_stale_lock_of_a_crashed_run_is_taken_over(tmp_path: Path):
    src, out = write_notices(tmp_path / "src", 3), tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    (out / LOCK_NAME).write_text(json.dumps({"command": "batch", "pid": int(dead.stdout), "host": os.uname().nodename,
                                             "since": "2026-01-01 00:00:00"}), encoding="utf-8")
    summary = run_batch([str(src)], out, options=OPTIONS)
    assert summary.notices == 3
    assert any(f"took over the lock of batch pid {int(dead.stdout)}" in w for w in summary.warnings)


@pytest.mark.slow
def test_two_runs_a_moment_apart_one_writes_the_other_says_so(tmp_path: Path):
    src, out = write_notices(tmp_path / "src", 6), tmp_path / "out"
    flag = tmp_path / "go"
    waiting: subprocess.Popen[str] | None = None
    first = subprocess.Popen([sys.executable, str(DRIVER), "pause", "bucket", str(flag), "--", "batch", str(src),
                              "-o", str(out), "--workers", "1"], env=ENV, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        _poll(lambda: flag.with_suffix(".reached").exists() or first.poll() is not None, "the first run to write")
        assert first.poll() is None, first.communicate()
        other = write_notices(tmp_path / "other", 2)
        second = subprocess.run([sys.executable, "-m", "noticeparse.cli", "batch", str(other), "-o", str(out)],
                                env=ENV, capture_output=True, text=True, check=False, timeout=300)
        assert second.returncode == 1 and "Traceback" not in second.stderr
        assert f"another batch is writing {out} since" in second.stderr and f"pid {first.pid}" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1
        log = tmp_path / "waiting.log"
        with open(log, "w", encoding="utf-8") as stderr:
            waiting = subprocess.Popen([sys.executable, "-m", "noticeparse.cli", "batch", str(src), "-o", str(out),
                                        "--wait"], env=ENV, stdout=subprocess.PIPE, stderr=stderr, text=True)
        _poll(lambda: "waiting for it" in log.read_text(encoding="utf-8") or waiting.poll() is not None,
              "the second run to wait")
        assert waiting.poll() is None, log.read_text(encoding="utf-8")
        flag.touch()  # let the first run go on: the waiting one runs after it
        _, err1 = first.communicate(timeout=300)
        assert first.returncode == 0, err1
        out2, _ = waiting.communicate(timeout=300)
        assert waiting.returncode == 0, log.read_text(encoding="utf-8")
        assert "0 inputs parsed, 6 unchanged" in out2
    finally:
        flag.touch()
        for process in (first, waiting):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()


def test_wait_is_bounded(tmp_path: Path):
    heard: list[str] = []
    with output_lock(tmp_path, "batch"), pytest.raises(OutputBusy, match="still running after the wait"), \
            output_lock(tmp_path, "parse", wait=0.3, on_wait=heard.append):
        pytest.fail("the lock was given twice")
    assert len(heard) == 1 and heard[0].startswith(f"another batch is writing {tmp_path}")


def test_locked_state_is_refused_in_one_line_and_not_moved_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    src, out = write_notices(tmp_path / "src", 3), tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    (src / "n000.txt").write_text(NOTICE.format(n=99), encoding="utf-8")
    monkeypatch.setattr(state_module, "LOCK_WAIT", 0.2)
    holder = sqlite3.connect(out / "_state" / "state.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program (a sqlite3 shell, say) holds the state
    try:
        result = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--workers", "1"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "locked" in result.output and "state.sqlite" in result.output
    assert not list((out / "_state").glob("*.corrupt-*"))
    again = run_batch([str(src)], out, options=OPTIONS)
    assert again.notices >= 1 and not again.warnings  # the state was kept: only the changed bucket
