"""The incremental state of a batch output folder: which inputs were parsed, in which bucket.

Inputs are spread over a fixed number of buckets by a hash of their source path.
A bucket's fingerprint covers its inputs' sha256, the parser version and the rules
hash; a bucket whose fingerprint is unchanged is not parsed again. The state lives in
``OUT/_state/state.json`` and is replaced atomically after every finished bucket, so
a killed run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from noticeparse.sources import is_notice_file

STATE_DIR = "_state"
DEFAULT_BUCKETS = 64


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file as seen by a scan: path, size, mtime and content hash."""

    source: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass
class ArchiveState:
    """What the output folder holds: bucket count, bucket fingerprints, known inputs."""

    buckets: int = DEFAULT_BUCKETS
    fingerprints: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, dict[str, object]] = field(default_factory=dict)

    @classmethod
    def load(cls, outdir: Path) -> ArchiveState:
        path = outdir / STATE_DIR / "state.json"
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(raw["buckets"], raw["fingerprints"], raw["inputs"])

    def save(self, outdir: Path) -> None:
        """Write the state atomically (temp file, then rename)."""
        folder = outdir / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".state.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"buckets": self.buckets, "fingerprints": self.fingerprints, "inputs": self.inputs},
                      handle, ensure_ascii=False)
        os.replace(tmp, folder / "state.json")


def bucket_of(source: str, buckets: int) -> int:
    """The bucket of a source path (stable across runs and machines)."""
    return int.from_bytes(hashlib.blake2b(source.encode(), digest_size=8).digest(), "big") % buckets


def _sidecar(path: Path) -> Path | None:
    """The crawler's JSON sidecar of a raw page (its URL, headers and attachments count too)."""
    sidecar = path.with_suffix(".json")
    return sidecar if sidecar.is_file() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    for part in (path, _sidecar(path)):
        if part is None:
            continue
        with part.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def scan_inputs(roots: Iterable[str], state: ArchiveState) -> list[InputFile]:
    """Every supported file under ``roots``; unchanged size+mtime reuses the known sha256.

    A raw page's sha256 covers its JSON sidecar too, so a re-fetched URL or new
    attachment list counts as a change.
    """
    found = []
    for root in roots:
        path = Path(root)
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if not is_notice_file(file):
                continue
            stat = file.stat()
            sidecar = _sidecar(file)
            mtime = max(stat.st_mtime_ns, sidecar.stat().st_mtime_ns if sidecar else 0)
            known = state.inputs.get(str(file))
            if known and known["size"] == stat.st_size and known["mtime_ns"] == mtime:
                sha = str(known["sha256"])
            else:
                sha = _sha256(file)
            found.append(InputFile(str(file), stat.st_size, mtime, sha))
    return found


def fingerprint(files: Iterable[InputFile], parser_version: str, rules_sha256: str) -> str:
    """The fingerprint of one bucket's content and the code that parses it."""
    digest = hashlib.sha256(f"{parser_version}\0{rules_sha256}".encode())
    for item in sorted(files, key=lambda f: f.source):
        digest.update(f"\0{item.source}\0{item.sha256}".encode())
    return digest.hexdigest()[:16]
