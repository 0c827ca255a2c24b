"""The incremental state of a batch output folder: which inputs were parsed, in which bucket.

Inputs are spread over a fixed number of buckets by a hash of their source path.
A bucket's fingerprint covers its inputs' sha256, the parser version and the rules
hash; a bucket whose fingerprint is unchanged is not parsed again. The state is a
SQLite database, ``OUT/_state/state.sqlite``: the bucket count, every finished
bucket's fingerprint and error codes (committed as the bucket finishes, so a killed
run resumes where it stopped) and the inputs of the last scan, whose sha256 are
reused while size and mtime hold. Scan, plan and tasks stream through the database,
so a run holds one folder listing or one bucket's paths, never the whole archive.

Nothing is deleted on a doubt: an input that cannot be read (a symlink loop, a FIFO,
a link out of the folder) is an input with an error row, not a gone one; a folder
that cannot be listed keeps its known inputs; a finished bucket lists its part files
and is parsed again when one is missing; a corrupt database is moved aside.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import Any, Self

from noticeparse.parse import MAX_BYTES, Entry, iter_entries, problem_source, sidecar_of
from noticeparse.store import PARTITION_KEY

STATE_DIR = "_state"
STATE_FILE = "state.sqlite"
LEGACY_FILE = "state.json"  # earlier versions: one JSON file, rewritten after every bucket
DEFAULT_BUCKETS = 64
SCAN_BATCH = 1000  # scanned inputs per insert

_INPUTS = ("(source TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL,"
           " bucket INTEGER NOT NULL) WITHOUT ROWID")  # the known inputs, and a scan's
_INDEX = "CREATE INDEX IF NOT EXISTS inputs_bucket ON inputs (bucket, source, sha256)"
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS buckets (bucket INTEGER PRIMARY KEY, fp TEXT NOT NULL, errors TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs {_INPUTS};
{_INDEX};
CREATE TABLE IF NOT EXISTS parts (bucket INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (bucket, name)) WITHOUT ROWID;
"""
PROBLEM = "!"  # the sha256 of an input that cannot be read: "!CODE message" (see sources.Entry)


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run parses: every bucket's fingerprint and input count, changed and gone buckets."""

    fingerprints: dict[int, str]
    counts: dict[int, int]
    changed: list[int]  # buckets whose fingerprint differs from the stored one, in order
    gone: list[int]  # buckets in the state with no inputs left

    @property
    def to_parse(self) -> int:
        """Inputs in changed buckets."""
        return sum(self.counts[b] for b in self.changed)

    @property
    def unchanged(self) -> int:
        """Inputs in buckets that are not parsed again."""
        return sum(self.counts.values()) - self.to_parse


class ArchiveState:
    """The state database of an output folder; ``buckets`` other than the stored count resets it.

    A reset keeps the sha256 cache but blanks every fingerprint: buckets with inputs
    are parsed again, the old layout's other buckets are gone (their parts removed).
    """

    def __init__(self, outdir: Path, buckets: int | None = None) -> None:
        self.outdir = Path(outdir)
        folder = self.outdir / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.warnings: list[str] = []
        self._db = self._open(folder / STATE_FILE)
        legacy = folder / LEGACY_FILE
        if self._meta("buckets") is None:
            with self._transaction():
                if legacy.exists():
                    self._migrate(json.loads(legacy.read_text(encoding="utf-8")))
                else:
                    self._set_meta("buckets", buckets or DEFAULT_BUCKETS)
                    self._set_meta("parts_recorded", 1)  # every finished bucket lists its part files
        legacy.unlink(missing_ok=True)
        self.buckets = int(self._meta("buckets") or DEFAULT_BUCKETS)
        if buckets and buckets != self.buckets:
            with self._transaction():
                self._db.execute("UPDATE buckets SET fp = '', errors = '{}'")
                self._set_meta("buckets", buckets)
            self.buckets = buckets

    def _open(self, path: Path) -> sqlite3.Connection:
        """Connect and check the database; a corrupt one is moved aside and a new one started.

        Nothing is lost with it: a new state parses every input again (its parts replace
        the old ones) and removes the parts of buckets that have no inputs.
        """
        try:
            return _connect(path)
        except sqlite3.DatabaseError as exc:
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{path}{suffix}").exists():
                    os.replace(f"{path}{suffix}", f"{aside}{suffix}")
            self.warnings.append(f"batch state {path} was unreadable ({exc}); moved to {aside.name},"
                                 " every input is parsed again")
            return _connect(path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def scan(self, roots: Iterable[str]) -> None:
        """Record every input under ``roots``; unchanged size+mtime reuses the known sha256.

        A raw page's sha256 and mtime cover its JSON sidecar too, so a re-fetched URL or
        new attachment list counts as a change. The scan fills a table of its own that
        replaces the known inputs in one transaction at the end.
        """
        db = self._db
        db.execute("DROP TABLE IF EXISTS scan")
        db.execute(f"CREATE TABLE scan {_INPUTS}")
        entries = iter_entries(roots)
        while batch := list(islice(entries, SCAN_BATCH)):
            with self._transaction():  # OR IGNORE: a file under two of the roots is one input
                db.executemany("INSERT OR IGNORE INTO scan VALUES (?, ?, ?, ?, ?)", [self._scanned(e) for e in batch])
                for entry in batch:
                    if entry.folder:  # an unreadable folder: what it held is kept, not taken as gone
                        prefix = entry.source.rstrip("/") + "/"
                        db.execute("INSERT OR IGNORE INTO scan SELECT * FROM inputs WHERE source > ? AND source < ?",
                                   (prefix, prefix[:-1] + "0"))  # "0" follows "/"
        with self._transaction():
            db.execute("DROP TABLE inputs")
            db.execute("ALTER TABLE scan RENAME TO inputs")
            db.execute(_INDEX)

    def _scanned(self, entry: Entry) -> tuple[str, int, int, str, int]:
        """The row of one input: source, size, mtime, sha256 (known or computed), bucket.

        An input that cannot be read has ``"!CODE message"`` for its sha256, so it still
        has a bucket, an error row and a fingerprint that changes when it is fixed.
        """
        source, path = entry.source, entry.path
        if entry.problem is not None:
            return source, 0, 0, f"{PROBLEM}{entry.problem.code} {entry.problem.message}", bucket_of(source, self.buckets)
        try:
            stat, sidecar = path.stat(), _sidecar(path)
            mtime = max(stat.st_mtime_ns, sidecar.stat().st_mtime_ns if sidecar else 0)
        except OSError as exc:  # gone or changed since the walk
            return source, 0, 0, f"{PROBLEM}E100 cannot read: {exc.strerror or exc}", bucket_of(source, self.buckets)
        if stat.st_size > MAX_BYTES:  # not hashed: the input is an error row whatever its bytes
            return (source, stat.st_size, mtime, f"{PROBLEM}E104 {stat.st_size} bytes (limit {MAX_BYTES})",
                    bucket_of(source, self.buckets))
        known = self._db.execute("SELECT size, mtime_ns, sha256 FROM inputs WHERE source = ?", (source,)).fetchone()
        sha = known[2] if known and known[:2] == (stat.st_size, mtime) else _sha256(path)
        return source, stat.st_size, mtime, sha, bucket_of(source, self.buckets)

    def plan(self, parser_version: str, rules_sha256: str) -> Plan:
        """Fingerprint every bucket in one ordered pass over the inputs; compare with the stored ones."""
        rows = self._db.execute("SELECT bucket, source, sha256 FROM inputs ORDER BY bucket, source")
        prints, counts = {}, {}
        for bucket, group in groupby(rows, key=itemgetter(0)):
            pairs = ((source, sha) for _, source, sha in group)
            prints[bucket], counts[bucket] = _fingerprint(pairs, parser_version, rules_sha256)
        stored = dict(self._db.execute("SELECT bucket, fp FROM buckets").fetchall())
        on_disk = _part_files(self.outdir)
        changed = [b for b in prints if stored.get(b) != prints[b] or not self._parts_present(b, prints[b], on_disk)]
        orphans = {bucket for bucket, _ in on_disk}  # parts of buckets the state does not know (a lost state)
        return Plan(prints, counts, changed, sorted((set(stored) | orphans) - set(prints)))

    def _parts_present(self, bucket: int, fp: str, on_disk: set[tuple[int, str]]) -> bool:
        """Whether the part files of a finished bucket are all still there (a deleted one is written again)."""
        names = [name for (name,) in self._db.execute("SELECT name FROM parts WHERE bucket = ?", (bucket,))]
        if names:
            return all((bucket, name) in on_disk for name in names)
        if self._meta("parts_recorded"):
            return True  # a bucket finished with no rows at all
        return any(b == bucket and name.endswith(f"-{fp}.parquet") for b, name in on_disk)  # an older state

    def tasks(self, buckets: Iterable[int], chunk: int) -> Iterator[tuple[int, int, list[str]]]:
        """``(bucket, chunk number, sources)`` of ``buckets``, in chunks of ``chunk`` paths, read lazily."""
        for bucket in buckets:
            query = "SELECT source, sha256 FROM inputs WHERE bucket = ? ORDER BY source"
            sources = [_task_source(source, sha) for source, sha in self._db.execute(query, (bucket,))]
            for n, start in enumerate(range(0, len(sources), chunk)):
                yield bucket, n, sources[start : start + chunk]

    def finish(self, bucket: int, fp: str, errors: dict[str, int], parts: Iterable[str] = ()) -> None:
        """Record a finished bucket and its part files (``table/pub_year=…/part-….parquet``), committed at once."""
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO buckets VALUES (?, ?, ?)", (bucket, fp, json.dumps(errors)))
            self._db.execute("DELETE FROM parts WHERE bucket = ?", (bucket,))
            self._db.executemany("INSERT OR IGNORE INTO parts VALUES (?, ?)", ((bucket, p) for p in parts))

    def forget(self, bucket: int) -> None:
        """Drop a bucket that has no inputs left."""
        with self._transaction():
            self._db.execute("DELETE FROM buckets WHERE bucket = ?", (bucket,))
            self._db.execute("DELETE FROM parts WHERE bucket = ?", (bucket,))

    def bucket_errors(self) -> Iterator[tuple[int, dict[str, int]]]:
        """Error codes and their counts of every finished bucket."""
        for bucket, errors in self._db.execute("SELECT bucket, errors FROM buckets ORDER BY bucket").fetchall():
            yield bucket, json.loads(errors)

    def _migrate(self, raw: dict[str, Any]) -> None:
        """Take over an earlier version's ``state.json``: nothing is hashed or parsed again."""
        buckets = int(raw["buckets"])
        self._set_meta("buckets", buckets)
        self._db.executemany("INSERT INTO buckets VALUES (?, ?, ?)", (
            (int(b), info["fp"], json.dumps(info.get("errors", {}))) for b, info in raw["fingerprints"].items()))
        self._db.executemany("INSERT INTO inputs VALUES (?, ?, ?, ?, ?)", (
            (s, i["size"], i["mtime_ns"], i["sha256"], bucket_of(s, buckets)) for s, i in raw["inputs"].items()))

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: object) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def bucket_of(source: str, buckets: int) -> int:
    """The bucket of a source path (stable across runs and machines).

    >>> bucket_of("raw/a.txt", 64), bucket_of("raw/a.txt", 8)
    (25, 1)
    """
    digest = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % buckets


def fingerprint(items: Iterable[tuple[str, str]], parser_version: str, rules_sha256: str) -> str:
    """The fingerprint of one bucket's content and the code that parses it.

    ``items`` are the bucket's ``(source, sha256)`` pairs, in any order.

    >>> fingerprint([("b.txt", "2"), ("a.txt", "1")], "0.1.0", "rules")
    'fd7b6cc15f0796b5'
    """
    return _fingerprint(sorted(items), parser_version, rules_sha256)[0]


def _fingerprint(ordered: Iterable[tuple[str, str]], parser_version: str, rules_sha256: str) -> tuple[str, int]:
    """The fingerprint and count of ``(source, sha256)`` pairs ordered by source."""
    digest = hashlib.sha256(f"{parser_version}\0{rules_sha256}".encode())
    count = 0
    for source, sha256 in ordered:
        digest.update(f"\0{source}\0{sha256}".encode("utf-8", "surrogatepass"))
        count += 1
    return digest.hexdigest()[:16], count


def _connect(path: Path) -> sqlite3.Connection:
    """Open the state database and make sure it is one (raises ``sqlite3.DatabaseError`` otherwise)."""
    db = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL: every commit survives a killed process
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        db.executescript(_SCHEMA)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _task_source(source: str, sha256: str) -> str:
    """What a task gets for one input: its source, or the error row of an input the scan found unreadable."""
    if not sha256.startswith(PROBLEM):
        return source
    code, _, message = sha256[len(PROBLEM):].partition(" ")
    return problem_source(source, code, message)


def _part_files(outdir: Path) -> set[tuple[int, str]]:
    """``(bucket, table/pub_year=…/name)`` of every part file on disk."""
    found = set()
    for path in Path(outdir).glob(f"*/{PARTITION_KEY}=*/part-b*.parquet"):
        try:
            bucket = int(path.name[6:9])
        except ValueError:
            continue
        found.add((bucket, f"{path.parent.parent.name}/{path.parent.name}/{path.name}"))
    return found


def _sidecar(path: Path) -> Path | None:
    """The crawler's JSON sidecar of a raw page, when there is one (its URL, headers and attachments count too)."""
    sidecar = sidecar_of(path)
    return sidecar if sidecar.is_file() else None


def _sha256(path: Path) -> str:
    """The sha256 of a file and its sidecar, read up to ``MAX_BYTES`` (the walk checked the type;
    ``O_NONBLOCK`` keeps a file swapped for a FIFO since then from blocking the scan)."""
    digest = hashlib.sha256()
    for part in (path, _sidecar(path)):
        if part is None:
            continue
        with open(os.open(part, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            left = MAX_BYTES + 1
            while left > 0 and (block := handle.read(min(1 << 20, left))):
                digest.update(block)
                left -= len(block)
    return digest.hexdigest()
