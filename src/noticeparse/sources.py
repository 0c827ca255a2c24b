"""Input discovery: files, folders and stdin to ``(source, bytes | error, kind)`` items."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from noticeparse.errors import NoticeError

MAX_BYTES = 50 * 1024 * 1024
SUFFIX_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".shtml": "html"}


@dataclass(frozen=True, slots=True)
class RawInput:
    """One input: its bytes, or the error that kept them from being read."""

    source: str
    data: bytes | None
    kind: str | None
    error: NoticeError | None = None


def _read(path: Path) -> RawInput:
    kind = SUFFIX_KINDS.get(path.suffix.lower())
    if kind is None:
        return RawInput(str(path), None, None, NoticeError("E105", f"unsupported file type {path.suffix!r}"))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return RawInput(str(path), None, kind, NoticeError("E104", f"{size} bytes (limit {MAX_BYTES})"))
        return RawInput(str(path), path.read_bytes(), kind)
    except OSError as exc:
        return RawInput(str(path), None, kind, NoticeError("E100", f"cannot read: {exc.strerror or exc}"))


def iter_inputs(paths: Iterable[str]) -> Iterator[RawInput]:
    """Yield every input named: ``-`` is stdin, a folder means its supported files, recursively.

    Files inside folders with other suffixes (sidecars, images) are skipped; a file
    named explicitly with an unsupported suffix gives an E105 error row.
    """
    for name in paths:
        if name == "-":
            yield RawInput("<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1), None)
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIX_KINDS and not child.name.startswith("."):
                    yield _read(child)
        elif path.exists():
            yield _read(path)
        else:
            yield RawInput(str(path), None, None, NoticeError("E100", "no such file or folder"))
