"""The incremental state of a batch output folder: which inputs there are, which buckets are done.

Inputs are spread over a fixed number of buckets by a hash of their source, the path
relative to the input root (``src/2023/a.html``, as the notices' ``source`` column): an
archive moved to another folder keeps its keys. A bucket's fingerprint covers its
inputs' sha256, the parser version and the rules hash. What is committed (every
bucket's fingerprint, errors and part files) is the manifest of the committed snapshot
(``batch.commit``); this SQLite database, ``OUT/_state/state.sqlite``, holds the inputs
of the last scan (whose sha256 are reused while size and mtime hold) and the buckets a
run finished but has not committed yet (``work``: their parts wait in ``OUT/_work``, so a
killed run resumes where it stopped). Scan, plan and tasks stream through the database,
so a run holds one folder listing or one bucket's paths, never the whole archive.

Nothing is deleted on a doubt: an input that cannot be read (a symlink loop, a FIFO,
a link out of the folder) is an input with an error row, not a gone one; a folder
that cannot be listed keeps its known inputs; a committed bucket whose part is missing
or does not read is parsed again; a corrupt database is moved aside (it is only a
cache), a locked one waited for and then refused (``StateLocked``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import Self

from noticeparse.parse import MAX_BYTES, Entry, iter_entries, problem_source, shown_source, sidecar_of
from noticeparse.store import part_is_whole

STATE_DIR = "_state"
WORK_DIR = "_work"  # parts of finished buckets not committed yet
STATE_FILE = "state.sqlite"
LEGACY_FILE = "state.json"  # earlier versions: one JSON file, rewritten after every bucket
FORMAT = "2"  # 2: inputs keyed relative to their root, committed buckets in the snapshot manifest
DEFAULT_BUCKETS = 64
SCAN_BATCH = 1000  # scanned inputs per insert
LOCK_WAIT = 10.0  # seconds to wait for a state database another process holds locked

_INPUTS = ("(source TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
           " sha256 TEXT NOT NULL, bucket INTEGER NOT NULL)")  # the known inputs, and a scan's
_INDEX = "CREATE INDEX IF NOT EXISTS inputs_bucket ON inputs (bucket, source, sha256)"
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs {_INPUTS};
{_INDEX};
CREATE TABLE IF NOT EXISTS work (bucket INTEGER PRIMARY KEY, fp TEXT NOT NULL, errors TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS work_parts (bucket INTEGER NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL, rows INTEGER NOT NULL, PRIMARY KEY (bucket, name)) WITHOUT ROWID;
"""
_OLD_TABLES = ("buckets", "parts", "inputs", "work", "work_parts")  # dropped when the format changes
PROBLEM = "!"  # the sha256 of an input that cannot be read: "!CODE message" (see sources.Entry)
# SQLite's primary result codes that mean the file is no database (it is moved aside and rebuilt)
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


class StateLocked(RuntimeError):
    """The state database is locked by another process for longer than ``LOCK_WAIT``."""


Part = tuple[str, int, int, int]  # name (table/pub_year=…/part-….parquet), size, mtime_ns, rows


@dataclass(frozen=True, slots=True)
class Committed:
    """What the committed snapshot holds (from its manifest): fingerprints, errors and parts per bucket."""

    folder: Path | None
    buckets: int | None = None
    fingerprints: dict[int, str] = field(default_factory=dict)
    errors: dict[int, dict[str, int]] = field(default_factory=dict)
    parts: dict[int, list[Part]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run parses: every bucket's fingerprint and input count, changed and gone buckets."""

    fingerprints: dict[int, str]
    counts: dict[int, int]
    changed: list[int]  # buckets to parse: committed with another fingerprint, or not at all, or damaged
    gone: list[int]  # committed buckets with no inputs left
    resumed: list[int] = field(default_factory=list)  # finished by a stopped run, not committed yet
    damaged: list[str] = field(default_factory=list)  # committed parts that are missing or do not read

    @property
    def to_parse(self) -> int:
        """Inputs in changed buckets."""
        return sum(self.counts[b] for b in self.changed)

    @property
    def unchanged(self) -> int:
        """Inputs in buckets that are not parsed again (committed, or finished by a stopped run)."""
        return sum(self.counts.values()) - self.to_parse

    @property
    def from_stopped_run(self) -> int:
        """Inputs of the buckets a stopped run finished (committed by this one)."""
        return sum(self.counts[b] for b in self.resumed)

    @property
    def commits(self) -> bool:
        """Whether the run has anything to commit."""
        return bool(self.changed or self.gone or self.resumed)


class ArchiveState:
    """The state database of an output folder; ``buckets`` other than the stored count resets it.

    A reset keeps the sha256 cache but drops unfinished work: every bucket with inputs
    is parsed again, and the committed layout's other buckets are gone.
    """

    def __init__(self, outdir: Path, buckets: int | None = None) -> None:
        self.outdir = Path(outdir)
        folder = self.outdir / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.warnings: list[str] = []
        self._db = self._open(folder / STATE_FILE)
        if self._meta("format") != FORMAT:  # a new state, or an earlier version's: a cache, started again
            with self._transaction():
                for table in _OLD_TABLES:
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.executescript(_SCHEMA)
            with self._transaction():
                self._set_meta("format", FORMAT)
                self._set_meta("buckets", buckets or DEFAULT_BUCKETS)
        (folder / LEGACY_FILE).unlink(missing_ok=True)
        self.buckets = int(self._meta("buckets") or DEFAULT_BUCKETS)
        if buckets and buckets != self.buckets:
            with self._transaction():
                self._db.execute("DELETE FROM work")
                self._db.execute("DELETE FROM work_parts")
                self._set_meta("buckets", buckets)
            self.buckets = buckets

    def _open(self, path: Path) -> sqlite3.Connection:
        """Connect and check the database; a corrupt one is moved aside and a new one started.

        Nothing is lost with it: the state is a cache of sha256 and of unfinished work;
        what is committed is in the snapshot's manifest. A database locked by another
        process is waited for (``LOCK_WAIT`` seconds), then refused: never taken for corrupt.

        Raises:
            StateLocked: another process holds the database locked.
        """
        try:
            return _connect(path)
        except sqlite3.DatabaseError as exc:
            if _is_busy(exc):
                raise StateLocked(f"the batch state {path} is locked by another process ({exc}) after"
                                  f" {LOCK_WAIT:g} s of waiting; end the program that holds it (a sqlite3 shell?)"
                                  " and run again") from exc
            if not _is_corrupt(exc):
                raise
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{path}{suffix}").exists():
                    os.replace(f"{path}{suffix}", f"{aside}{suffix}")
            self.warnings.append(f"batch state {path} was unreadable ({exc}); moved to {aside.name},"
                                 " every input is hashed again")
            return _connect(path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def scan(self, roots: Iterable[str]) -> int:
        """Record every input under ``roots``; unchanged size+mtime reuses the known sha256.

        Returns the number of inputs found. A scan that finds none keeps the known inputs (the
        batch then refuses to run: an empty folder never replaces an archive with nothing).

        An input is keyed by its path relative to its root (``shown_source``); two files
        with the same key under two roots keep apart, the second keyed by its path. A raw
        page's sha256 and mtime cover its JSON sidecar too, so a re-fetched URL or new
        attachment list counts as a change. The scan fills a table of its own that
        replaces the known inputs in one transaction at the end.
        """
        roots = list(roots)
        db = self._db
        db.execute("DROP TABLE IF EXISTS scan")
        db.execute(f"CREATE TABLE scan {_INPUTS}")
        entries = iter_entries(roots)
        while batch := list(islice(entries, SCAN_BATCH)):
            with self._transaction():
                for entry in batch:
                    self._add(entry, roots)
                    if entry.folder:  # an unreadable folder: what it held is kept, not taken as gone
                        prefix = entry.source.rstrip("/") + "/"
                        db.execute("INSERT OR IGNORE INTO scan SELECT * FROM inputs WHERE path > ? AND path < ?",
                                   (prefix, prefix[:-1] + "0"))  # "0" follows "/"
        found = int(db.execute("SELECT count(*) FROM scan").fetchone()[0])
        if not found:
            db.execute("DROP TABLE scan")
            return 0
        with self._transaction():
            db.execute("DROP TABLE inputs")
            db.execute("ALTER TABLE scan RENAME TO inputs")
            db.execute(_INDEX)
        return found

    def _add(self, entry: Entry, roots: list[str]) -> None:
        """Insert one scanned input (a file under two of the roots is one input)."""
        if self._db.execute("SELECT 1 FROM scan WHERE path = ?", (entry.source,)).fetchone():
            return
        key = shown_source(entry.path, roots)
        row = self._scanned(entry, key)
        if self._db.execute("INSERT OR IGNORE INTO scan VALUES (?, ?, ?, ?, ?, ?)", row).rowcount == 0:
            # another file under another root has the same relative path: key this one by its own
            self._db.execute("INSERT OR IGNORE INTO scan VALUES (?, ?, ?, ?, ?, ?)",
                             self._scanned(entry, entry.source))

    def _scanned(self, entry: Entry, key: str) -> tuple[str, str, int, int, str, int]:
        """The row of one input: key, path, size, mtime, sha256 (known or computed), bucket.

        An input that cannot be read has ``"!CODE message"`` for its sha256, so it still
        has a bucket, an error row and a fingerprint that changes when it is fixed.
        """
        source, path, bucket = entry.source, entry.path, bucket_of(key, self.buckets)
        if entry.problem is not None:
            return key, source, 0, 0, f"{PROBLEM}{entry.problem.code} {entry.problem.message}", bucket
        try:
            stat, sidecar = path.stat(), _sidecar(path)
            mtime = max(stat.st_mtime_ns, sidecar.stat().st_mtime_ns if sidecar else 0)
        except OSError as exc:  # gone or changed since the walk
            return key, source, 0, 0, f"{PROBLEM}E100 cannot read: {exc.strerror or exc}", bucket
        if stat.st_size > MAX_BYTES:  # not hashed: the input is an error row whatever its bytes
            return key, source, stat.st_size, mtime, f"{PROBLEM}E104 {stat.st_size} bytes (limit {MAX_BYTES})", bucket
        known = self._db.execute("SELECT size, mtime_ns, sha256 FROM inputs WHERE source = ?", (key,)).fetchone()
        sha = known[2] if known and known[:2] == (stat.st_size, mtime) else _sha256(path)
        return key, source, stat.st_size, mtime, sha, bucket

    def plan(self, parser_version: str, rules_sha256: str, committed: Committed | None = None) -> Plan:
        """Fingerprint every bucket in one ordered pass over the inputs; compare with what is committed.

        A bucket is parsed again when its committed fingerprint differs or one of its
        committed parts is missing or does not read (``store.part_is_whole``: size,
        magic numbers, footer); a bucket a stopped run finished with the same fingerprint,
        its parts whole in ``OUT/_work``, is committed as it is.
        """
        committed = committed or Committed(None)
        if committed.buckets not in (None, self.buckets):  # another layout: nothing of it is reused
            committed = Committed(committed.folder, self.buckets, parts=committed.parts)
        rows = self._db.execute("SELECT bucket, source, sha256 FROM inputs ORDER BY bucket, source")
        prints, counts = {}, {}
        for bucket, group in groupby(rows, key=itemgetter(0)):
            pairs = ((source, sha) for _, source, sha in group)
            prints[bucket], counts[bucket] = _fingerprint(pairs, parser_version, rules_sha256)
        work = dict(self._db.execute("SELECT bucket, fp FROM work").fetchall())
        changed, resumed, damaged = [], [], []
        for bucket, fp in prints.items():
            if committed.fingerprints.get(bucket) == fp:
                broken = _broken(committed.folder, committed.parts.get(bucket, []))
                if not broken:
                    continue
                damaged += broken
            if work.get(bucket) == fp and not _broken(self.outdir / WORK_DIR, self.work_parts(bucket)):
                resumed.append(bucket)
            else:
                changed.append(bucket)
        gone = sorted(set(committed.parts) - set(prints))
        return Plan(prints, counts, changed, gone, resumed, damaged)

    def tasks(self, buckets: Iterable[int], chunk: int) -> Iterator[tuple[int, int, list[str]]]:
        """``(bucket, chunk number, paths)`` of ``buckets``, in chunks of ``chunk`` paths, read lazily."""
        for bucket in buckets:
            query = "SELECT path, sha256 FROM inputs WHERE bucket = ? ORDER BY source"
            sources = [_task_source(path, sha) for path, sha in self._db.execute(query, (bucket,))]
            for n, start in enumerate(range(0, len(sources), chunk)):
                yield bucket, n, sources[start : start + chunk]

    def finish(self, bucket: int, fp: str, errors: dict[str, int], parts: Iterable[Part] = ()) -> None:
        """Record a bucket finished into ``OUT/_work`` with its parts, committed to the database at once.

        A killed run's next run commits it without parsing it again.
        """
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO work VALUES (?, ?, ?)", (bucket, fp, json.dumps(errors)))
            self._db.execute("DELETE FROM work_parts WHERE bucket = ?", (bucket,))
            self._db.executemany("INSERT OR REPLACE INTO work_parts VALUES (?, ?, ?, ?, ?)",
                                 ((bucket, *part) for part in parts))

    def work_parts(self, bucket: int) -> list[Part]:
        """The parts a finished, uncommitted bucket has in ``OUT/_work``."""
        query = "SELECT name, size, mtime_ns, rows FROM work_parts WHERE bucket = ? ORDER BY name"
        return [(name, size, mtime, rows) for name, size, mtime, rows in self._db.execute(query, (bucket,))]

    def work_errors(self) -> dict[int, dict[str, int]]:
        """Error codes and their counts of every finished, uncommitted bucket."""
        return {b: json.loads(e) for b, e in self._db.execute("SELECT bucket, errors FROM work").fetchall()}

    def work_files(self) -> set[str]:
        """Every part name the unfinished work lists (the rest of ``OUT/_work`` is a stopped chunk's)."""
        return {name for (name,) in self._db.execute("SELECT name FROM work_parts")}

    def clear_work(self, committed: dict[int, str] | None = None) -> None:
        """Forget the finished buckets once a commit holds them (with ``committed``: only those it holds)."""
        with self._transaction():
            if committed is None:
                self._db.execute("DELETE FROM work")
                self._db.execute("DELETE FROM work_parts")
                return
            for bucket, fp in self._db.execute("SELECT bucket, fp FROM work").fetchall():
                if committed.get(bucket) == fp:  # a run stopped between its commit and this clean-up
                    self._db.execute("DELETE FROM work WHERE bucket = ?", (bucket,))
                    self._db.execute("DELETE FROM work_parts WHERE bucket = ?", (bucket,))

    def _meta(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # no meta table yet
            return None
        return row[0] if row else None

    def _set_meta(self, key: str, value: object) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # SQLite rolls back itself on some errors (a full disk)
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def _broken(folder: Path | None, parts: Iterable[Part]) -> list[str]:
    """The parts under ``folder`` that are missing or no longer the files written."""
    if folder is None:
        return [name for name, *_ in parts]
    return [name for name, size, mtime, rows in parts if not part_is_whole(folder / name, size, mtime, rows)]


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file is no (whole) database, as opposed to locked, full or unwritable."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "quick_check" in str(exc) or "not a database" in str(exc) or "malformed" in str(exc)
    return code & 0xFF in _CORRUPT


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _BUSY


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
    # transactions are explicit; a lock another process holds is waited for, LOCK_WAIT seconds
    db = sqlite3.connect(path, isolation_level=None, timeout=LOCK_WAIT)
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
