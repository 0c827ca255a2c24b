"""Issue 12: a batch's workers end with it (SIGTERM, SIGKILL, Ctrl-C), and the exit codes say why.

Each test starts a real ``noticeparse batch`` with two workers, waits until the
workers exist, signals the parent and then polls (bounded, no speed assertion)
until every worker is gone. Linux only: the workers are found in /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
              pytest.mark.slow]  # real processes: not in `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"
WAIT = 120  # seconds: a bound for the polls, never a speed requirement


def _archive(folder: Path, copies: int) -> Path:
    for i in range(copies):
        for sample in SAMPLES.glob("*.txt"):
            target = folder / f"c{i:03d}" / sample.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(sample.read_bytes() + f"\n第{i}份副本。\n".encode())
    return folder


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def _poll(check, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {WAIT}s: {what}")
        time.sleep(0.05)


def _start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    src = _archive(tmp_path / "src", 60)  # 240 notices: far more than the time it takes to signal
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "noticeparse.cli", "batch", str(src), "-o", str(tmp_path / "out"),
               "--workers", "2", "--buckets", "4"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: set[int] = set()

    def started() -> bool:
        workers.update(_children(process.pid))
        assert process.poll() is None, "the batch ended before it was signalled"
        return len(workers) >= 2

    _poll(started, "two workers")
    return process, workers


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_stop_signal_ends_the_workers_and_exits_128_plus_signal(tmp_path: Path, signum: int, code: int):
    process, workers = _start(tmp_path)
    process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        process.kill()
    assert process.returncode == code, stderr.decode()
    assert b"Traceback" not in stderr and b"stopped" in stderr
    _poll(lambda: not any(_alive(pid) for pid in workers), f"workers {workers} to end")
    assert not list((tmp_path / "out").glob("**/.*.tmp"))


def test_killed_parent_takes_its_workers_along(tmp_path: Path):
    process, workers = _start(tmp_path)
    process.kill()
    process.wait(timeout=WAIT)
    _poll(lambda: not any(_alive(pid) for pid in workers), f"workers {workers} to end")
