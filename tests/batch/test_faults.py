"""Issue 28: faults of the machine end a run with one line (the path, what happened, what to do) and exit 1.

Deterministic first: a full disk injected where parts are written (``OSError(ENOSPC)`` from
the Parquet writer) and a real SQLite "database or disk is full" at the state commit (the
database capped at its current size). Then, where the machine allows it (root: a private
mount namespace, or dropped capabilities), the real thing: a small tmpfs that fills up
while parts are written, the same tmpfs remounted read-only, and an output folder the
user may not write. Each time the committed output is what it was before the run.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from batch_inputs import ENV, SAMPLES, write_notices  # type: ignore[import-not-found]
from click.testing import CliRunner

from noticeparse.batch.state import ArchiveState
from noticeparse.cli import main
from noticeparse.store import parquet as store_parquet
from noticeparse.store.query import connect


def _view(out: Path) -> list[tuple]:
    return sorted(connect(out).execute("SELECT notice_id, source FROM notices").fetchall())


def _one_line(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "Traceback" not in output, output
    return lines[0]


@pytest.mark.parametrize("command", ["batch", "parse"])
def test_disk_full_while_writing_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str):
    src, out = write_notices(tmp_path / "src", 6), tmp_path / "out"
    workers = ["--workers", "1", "--buckets", "2"] if command == "batch" else []  # in this process: the writer is patched
    assert CliRunner().invoke(main, [command, str(src), "-o", str(out), *workers]).exit_code == 0
    before = _view(out)
    write_notices(src, 6, start=6)
    written = []
    real = store_parquet.pq.write_table

    def filling(table, where, **kwargs):  # the disk fills up after a few files
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(where))
        written.append(where)
        real(table, where, **kwargs)

    monkeypatch.setattr(store_parquet.pq, "write_table", filling)
    result = CliRunner().invoke(main, [command, str(src), "-o", str(out), *workers])
    assert result.exit_code == 1
    line = _one_line(result.output)
    assert "cannot write" in line and str(out) in line and "the disk is full" in line and "free space" in line
    assert _view(out) == before  # nothing of the failed run is visible
    assert not list(out.glob("**/.*.tmp"))
    monkeypatch.undo()
    assert CliRunner().invoke(main, [command, str(src), "-o", str(out), *workers]).exit_code == 0
    assert len(_view(out)) == 12


def test_disk_full_at_the_state_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    src, out = write_notices(tmp_path / "src", 6), tmp_path / "out"
    args = ["batch", str(src), "-o", str(out), "--workers", "1", "--buckets", "8"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = _view(out)
    write_notices(src, 40, start=6)
    real = ArchiveState.finish

    def capped(self, *args, **kwargs):  # the database may not grow by a page: SQLite's own "disk is full"
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.execute("VACUUM")  # no free page left inside the file either
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages}")
        return real(self, *args, **kwargs)  # 8 buckets' parts (~17 KB of rows) need new pages: it fails

    monkeypatch.setattr(ArchiveState, "finish", capped)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    line = _one_line(result.output)
    assert "cannot write the batch state" in line and "disk is full" in line, line
    assert _view(out) == before


def _namespace_tool(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, check=False, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


MOUNTS = _namespace_tool("unshare", "--mount", "--propagation", "private", "sh", "-c",
                         "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d && umount $d && rmdir $d")
# a program run in a private mount namespace: a small tmpfs as the output's disk, gone with the process
IN_NAMESPACE = r"""
import json, subprocess, sys
mnt, src, more, mode = sys.argv[1:5]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1600k", "tmpfs", mnt], check=True)
out = f"{mnt}/out"
def cli(*args):
    done = subprocess.run([sys.executable, "-m", "noticeparse.cli", *args], capture_output=True, text=True)
    return {"code": done.returncode, "stderr": done.stderr}
def view():
    from noticeparse.store.query import connect
    return sorted(connect(out).execute("SELECT notice_id FROM notices").fetchall())
first = cli("batch", src, "-o", out, "--workers", "1")
before = view()
if mode == "readonly":
    subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
second = cli("batch", src, more, "-o", out, "--workers", "1")
print(json.dumps({"first": first, "second": second, "same": view() == before, "rows": len(before)}))
"""


def _in_namespace(tmp_path: Path, mode: str) -> dict:
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    more = tmp_path / "more"
    more.mkdir()
    seed = (SAMPLES / "binhaiwan-2022-05-20.txt").read_bytes()
    for i in range(4):  # a few long notices: their parts are far more than the small disk holds
        (more / f"long{i}.txt").write_bytes(b"\n".join([seed] * 12) + f"\n第{i}份。\n".encode())
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable, "-c", IN_NAMESPACE,
                           str(mnt), str(src), str(more), mode], capture_output=True, text=True, env=ENV,
                          check=False, timeout=900)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(not MOUNTS, reason="no private mount namespace here (needs root)")
def test_real_full_disk_is_one_line_and_keeps_the_output(tmp_path: Path):
    result = _in_namespace(tmp_path, "full")
    assert result["first"]["code"] == 0 and result["rows"] > 0
    second = result["second"]
    line = _one_line(second["stderr"])
    assert second["code"] == 1 and "the disk is full" in line and "/_work/" in line  # while writing parts
    assert result["same"]


@pytest.mark.slow
@pytest.mark.skipif(not MOUNTS, reason="no private mount namespace here (needs root)")
def test_read_only_output_is_one_line(tmp_path: Path):
    result = _in_namespace(tmp_path, "readonly")
    second = result["second"]
    assert second["code"] == 1 and "the file system is read-only" in _one_line(second["stderr"])
    assert result["same"]


DROP_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else []


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() == 0 and not _namespace_tool("setpriv", "--bounding-set", "-dac_override", "true"),
                    reason="root cannot drop its file capabilities here")
@pytest.mark.parametrize("command", ["batch", "parse"])
def test_permission_denied_output_is_one_line(tmp_path: Path, command: str):
    src, out = write_notices(tmp_path / "src", 3), tmp_path / "out"
    args = [command, str(src), "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = _view(out)
    write_notices(src, 3, start=3)
    for folder in [out, *(p for p in out.rglob("*") if p.is_dir() and not p.is_symlink())]:
        folder.chmod(0o555)
    try:
        done = subprocess.run([*DROP_DAC, sys.executable, "-m", "noticeparse.cli", *args], capture_output=True,
                              text=True, env=ENV, check=False, timeout=600)
    finally:
        for folder in [out, *(p for p in out.rglob("*") if p.is_dir() and not p.is_symlink())]:
            folder.chmod(0o755)
    assert done.returncode == 1
    line = _one_line(done.stderr)
    assert "permission denied" in line and str(out) in line
    assert _view(out) == before
