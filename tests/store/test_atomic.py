"""Every atomic writer gives its files the mode the process umask says (issue 12), not 0600.

Before the fix ``mkstemp`` made Parquet files 0600 (the report pages were chmod-ed to a fixed
0644, ignoring the umask). Each case writes through the real code path and checks every file it
left: 0644 under umask 022, 0640 under 027. The crawl store's case is in tests/crawl/test_limits.py.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from noticeparse.review.report import write_report
from noticeparse.store.atomic import atomic_path, atomic_write_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"


@pytest.fixture(params=[0o022, 0o027], ids=["umask022", "umask027"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def _modes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*") if p.is_file()}


def _parse_samples(out: Path) -> None:
    from noticeparse.batch.run import parse_paths

    parse_paths([str(next(SAMPLES.glob("*.txt")))], out, progress=False)


def test_parquet_and_report_honour_the_umask(tmp_path: Path, umask: int) -> None:
    _parse_samples(tmp_path / "parsed")
    write_report(tmp_path / "parsed", tmp_path / "report")
    modes = _modes(tmp_path)
    assert any(name.endswith(".parquet") for name in modes) and any(name.endswith(".html") for name in modes)
    assert set(modes.values()) == {0o666 & ~umask}, modes


def test_failed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    atomic_write_bytes(tmp_path / "keep.bin", b"old")
    with pytest.raises(RuntimeError), atomic_path(tmp_path / "keep.bin") as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed mid-write")
    assert [p.name for p in tmp_path.iterdir()] == ["keep.bin"]
    assert (tmp_path / "keep.bin").read_bytes() == b"old"
