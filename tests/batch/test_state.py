"""The SQLite batch state: streaming scan and plan match a plain computation, state survives failures."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from noticeparse.batch import state as archive
from noticeparse.batch.state import ArchiveState, Committed, bucket_of, fingerprint
from noticeparse.parse.inputs import is_notice_file, iter_notice_files, problem_source

VERSION, RULES_SHA = "9.9.9", "rules-sha"
UNSUPPORTED_MD = "!W105 unsupported file type '.md': skipped"


def _folder(root: Path) -> Path:
    """Nested folders whose names sort differently as strings and as paths, sidecars, skipped files."""
    files = {
        "a/x.txt": "一", "a-b/y.txt": "二", "a.b.txt": "三", "a/sub/z.html": "<p>四</p>",
        "a/sub/z.json": '{"url": "https://example.org/z"}', "page.html": "<p>五</p>",
        "page.json": '{"kind": "page"}', "annex.pdf": "%PDF-", "annex.json": '{"kind": "attachment"}',
        "doc.pdf": "%PDF-1", ".hidden.txt": "六", "notes.md": "七", "b/c/d/deep.txt": "八",
        "通报/二〇二三.txt": "九", "Zeta.txt": "十", "a/É.html": "<p>十一</p>",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "linked").symlink_to(root / "b", target_is_directory=True)  # not followed, as rglob
    return root


def _plain(root: Path, buckets: int, chunk: int) -> tuple[dict[int, str], list[tuple[int, int, list[str]]]]:
    """Fingerprints and tasks the straightforward way: the whole file list in memory.

    notes.md is an input too: its "sha256" is its error (W105), its task the error row's stand-in.
    """
    members: dict[int, list[tuple[str, str, str]]] = {}

    def key(path: Path) -> str:  # the source relative to the input root, as the notices' source column
        return f"{root.name}/{path.relative_to(root).as_posix()}"

    for path in sorted(p for p in root.rglob("*") if p.is_file() and is_notice_file(p)):
        data = path.read_bytes()
        if path.with_suffix(".json").is_file():
            data += path.with_suffix(".json").read_bytes()
        members.setdefault(bucket_of(key(path), buckets), []).append(
            (key(path), str(path), hashlib.sha256(data).hexdigest()))
    notes = root / "notes.md"
    members.setdefault(bucket_of(key(notes), buckets), []).append((key(notes), str(notes), UNSUPPORTED_MD))
    prints, tasks = {}, []
    for bucket, items in sorted(members.items()):
        digest = hashlib.sha256(f"{VERSION}\0{RULES_SHA}".encode())
        for source, _, sha in sorted(items):
            digest.update(f"\0{source}\0{sha}".encode())
        prints[bucket] = digest.hexdigest()[:16]
        sources = [problem_source(p, "W105", UNSUPPORTED_MD[6:]) if p == str(notes) else p for _, p, _ in sorted(items)]
        tasks += [(bucket, n, sources[i : i + chunk]) for n, i in enumerate(range(0, len(sources), chunk))]
    return prints, tasks


def test_walk_order_is_that_of_sorted_rglob(tmp_path: Path):
    root = _folder(tmp_path / "src")
    expected = sorted(p for p in root.rglob("*") if p.is_file() and is_notice_file(p))
    assert list(iter_notice_files([str(root)])) == expected
    assert [p.name for p in expected][:5] == ["Zeta.txt", "z.html", "x.txt", "É.html", "y.txt"]  # a/ before a-b/
    assert list(iter_notice_files([str(root / "a" / "x.txt"), str(root / "notes.md"), str(tmp_path / "nope")])) == [
        root / "a" / "x.txt"]


@pytest.mark.parametrize("buckets", [1, 3])
def test_streaming_plan_matches_plain_computation(tmp_path: Path, buckets: int):
    root = _folder(tmp_path / "src")
    with ArchiveState(tmp_path / "out", buckets) as state:
        state.scan([str(root)])
        plan = state.plan(VERSION, RULES_SHA)
        prints, tasks = _plain(root, buckets, chunk=2)
        assert plan.fingerprints == prints
        assert plan.changed == sorted(prints) and plan.gone == [] and plan.to_parse == 11 and plan.unchanged == 0
        assert list(state.tasks(plan.changed, 2)) == tasks
        for bucket in plan.changed:
            assert fingerprint(_sources_and_sha(state, bucket), VERSION, RULES_SHA) == prints[bucket]
            state.finish(bucket, prints[bucket], {})
        again = state.plan(VERSION, RULES_SHA)  # finished, not committed: the next run commits them as they are
        assert again.changed == [] and again.resumed == sorted(prints) and again.to_parse == 0
        assert again.unchanged == again.from_stopped_run == 11


def _sources_and_sha(state: ArchiveState, bucket: int) -> list[tuple[str, str]]:
    return state._db.execute("SELECT source, sha256 FROM inputs WHERE bucket = ?", (bucket,)).fetchall()


def test_rescan_reuses_sha256_until_size_or_mtime_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = _folder(tmp_path / "src")
    hashed: list[str] = []
    real = archive._sha256
    monkeypatch.setattr(archive, "_sha256", lambda path: hashed.append(path.name) or real(path))
    with ArchiveState(tmp_path / "out", 4) as state:
        state.scan([str(root)])
        assert len(hashed) == 10
        hashed.clear()
        state.scan([str(root)])
        assert hashed == []
        sidecar = root / "a" / "sub" / "z.json"
        os.utime(sidecar, ns=(sidecar.stat().st_atime_ns, sidecar.stat().st_mtime_ns + 10**9))
        (root / "a" / "x.txt").unlink()
        state.scan([str(root)])
        assert hashed == ["z.html"]
        plan = state.plan(VERSION, RULES_SHA)
    assert plan.fingerprints == _plain(root, 4, 200)[0]


def test_failed_scan_leaves_the_known_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = _folder(tmp_path / "src")
    with ArchiveState(tmp_path / "out", 2) as state:
        state.scan([str(root)])
        before = state._db.execute("SELECT * FROM inputs ORDER BY source").fetchall()
    (root / "new.txt").write_text("新", encoding="utf-8")
    monkeypatch.setattr(archive, "SCAN_BATCH", 2)  # some batches are committed before the failure

    def boom(path: Path) -> str:
        raise OSError("disk gone")

    monkeypatch.setattr(archive, "_sha256", boom)
    with ArchiveState(tmp_path / "out") as state, pytest.raises(OSError):
        state.scan([str(root)])
    monkeypatch.undo()
    with ArchiveState(tmp_path / "out") as state:
        assert state._db.execute("SELECT * FROM inputs ORDER BY source").fetchall() == before
        state.scan([str(root)])
        assert state.plan(VERSION, RULES_SHA).to_parse == 12


def test_other_bucket_count_drops_unfinished_work_and_keeps_the_cache(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    root = _folder(tmp_path / "src")
    with ArchiveState(tmp_path / "out", 8) as state:
        state.scan([str(root)])
        plan = state.plan(VERSION, RULES_SHA)
        for bucket in plan.changed:
            state.finish(bucket, plan.fingerprints[bucket], {"E102": 1})
    with ArchiveState(tmp_path / "out") as state:
        again = state.plan(VERSION, RULES_SHA)
        assert state.buckets == 8 and not again.changed and again.resumed == plan.changed
    hashed: list[str] = []
    monkeypatch.setattr(archive, "_sha256", lambda path: hashed.append(path.name) or "")
    committed = Committed(tmp_path / "out", 8, dict(plan.fingerprints), parts={b: [] for b in plan.changed})
    with ArchiveState(tmp_path / "out", 2) as state:
        state.scan([str(root)])
        again = state.plan(VERSION, RULES_SHA, committed)
        assert state.buckets == 2 and again.changed == sorted(again.fingerprints) and again.to_parse == 11
        assert again.gone == [b for b in plan.changed if b >= 2]  # the committed layout's other buckets
        assert state.work_errors() == {} and hashed == []  # unfinished work dropped, sha256 kept


def test_committed_bucket_with_a_damaged_part_is_parsed_again(tmp_path: Path):
    root = _folder(tmp_path / "src")
    snapshot = tmp_path / "snapshot"
    with ArchiveState(tmp_path / "out", 2) as state:
        state.scan([str(root)])
        plan = state.plan(VERSION, RULES_SHA)
        parts = {}
        for bucket in plan.changed:
            path = snapshot / f"notices/pub_year=2023/part-b{bucket:03d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.table({"n": [bucket]}), path)
            parts[bucket] = [(path.relative_to(snapshot).as_posix(), path.stat().st_size, path.stat().st_mtime_ns, 1)]
        committed = Committed(snapshot, 2, dict(plan.fingerprints), parts=parts)
        assert state.plan(VERSION, RULES_SHA, committed).changed == []
        victim = snapshot / parts[plan.changed[0]][0][0]
        victim.write_bytes(victim.read_bytes()[:-10])  # a copy cut short
        again = state.plan(VERSION, RULES_SHA, committed)
        assert again.changed == [plan.changed[0]] and again.damaged == [parts[plan.changed[0]][0][0]]


def test_earlier_state_is_started_again(tmp_path: Path):
    root = _folder(tmp_path / "src")
    legacy = tmp_path / "out" / "_state" / "state.json"
    legacy.parent.mkdir(parents=True)
    legacy.write_text(json.dumps({"buckets": 4, "fingerprints": {}, "inputs": {}}), encoding="utf-8")
    old = sqlite3.connect(tmp_path / "out" / "_state" / "state.sqlite")
    old.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                      "INSERT INTO meta VALUES ('buckets', '4');"
                      "CREATE TABLE inputs (source TEXT PRIMARY KEY, size INT, mtime_ns INT, sha256 TEXT, bucket INT);"
                      "CREATE TABLE buckets (bucket INTEGER PRIMARY KEY, fp TEXT, errors TEXT);")
    old.close()
    with ArchiveState(tmp_path / "out", 4) as state:
        assert not legacy.exists() and state.buckets == 4
        state.scan([str(root)])
        again = state.plan(VERSION, RULES_SHA)
        assert again.changed == sorted(again.fingerprints) and again.to_parse == 11


def _held() -> int:
    """Python memory held by objects allocated since tracing started, single big blocks aside:
    interpreter tables that resize now and then (Python 3.11's pathlib interns path parts)."""
    return sum(trace.size for trace in tracemalloc.take_snapshot().traces if trace.size < 1 << 16)


@pytest.mark.slow
def test_scan_and_plan_memory_does_not_grow_with_the_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Memory held while scanning, planning and listing tasks: flat from 2,000 to 6,000 inputs.

    The old design held every input (~650 bytes each): 1.3 MB, then 4.0 MB here.
    """
    samples: list[int] = []
    real = archive._sha256

    def sampled(path: Path) -> str:  # called for every input of a first scan: sample every 250th
        if path.stem.endswith(("000", "250", "500", "750")):
            samples.append(_held())
        return real(path)

    monkeypatch.setattr(archive, "_sha256", sampled)

    def peak(count: int) -> int:
        root = tmp_path / f"src{count}"
        for i in range(count):
            path = root / f"{i // 100:03d}" / f"notice-with-a-longer-name-{i:06d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%d" % i)
        samples.clear()
        with ArchiveState(tmp_path / f"out{count}", 8) as state:
            tracemalloc.start()
            try:
                state.scan([str(root)])
                plan = state.plan(VERSION, RULES_SHA)
                samples.extend(_held() for _ in state.tasks(plan.changed, 200))
            finally:
                tracemalloc.stop()
            assert plan.to_parse == count
        return max(samples)

    small, large = peak(2000), peak(6000)
    assert large < small + 250_000, (small, large)
