"""Input discovery: files, folders, stdin and the crawl's raw store to ``RawInput`` items.

A page in the raw store (``RAW/<site>/<yyyy>/<sha256>.html``) has a ``.json`` sidecar;
its URL, the charset of its Content-Type header and the text of its attachments
(stored beside it) travel with the page's bytes.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from noticeparse.errors import NoticeError

__all__ = ["MAX_BYTES", "RawInput", "declared_charset", "iter_inputs", "iter_notice_files", "relative_source"]

MAX_BYTES = 50 * 1024 * 1024
SUFFIX_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".shtml": "html",
                ".pdf": "document", ".docx": "document", ".ofd": "document"}
_CHARSET = regex.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]{2,20})", regex.I)


@dataclass(frozen=True, slots=True)
class RawInput:
    """One input: its bytes, or the error that kept them from being read.

    ``url`` (the URL asked for), ``final_url`` (the one that answered after redirects),
    ``fetched_at``, ``declared_encoding``, ``attachment_text`` and ``attachment_issues``
    (``(code, message, url)`` triples) come from a raw-store sidecar when there is one.
    ``source`` is the path relative to the input root (``relative_source``).
    """

    source: str
    data: bytes | None
    kind: str | None
    error: NoticeError | None = None
    url: str | None = None
    declared_encoding: str | None = None
    attachment_text: str = ""
    attachment_issues: tuple[tuple[str, str, str], ...] = ()
    final_url: str | None = None
    fetched_at: str | None = None


def declared_charset(content_type: str | None, data: bytes = b"") -> str | None:
    """The charset of a Content-Type header, unless the bytes are plainly UTF-8.

    Servers often send a wrong header; valid multi-byte UTF-8 is never an accident.

    >>> declared_charset("text/html; charset=GBK", "通报".encode("gbk"))
    'GBK'
    >>> declared_charset("text/html; charset=GBK", "通报".encode("utf-8"))
    'utf-8'
    """
    match = _CHARSET.search(content_type or "")
    if data and max(data[:65536], default=0) > 0x7F:
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
    return match.group(1) if match else None


def _sidecar(path: Path) -> dict[str, Any] | None:
    side = path.with_suffix(".json")
    if not side.is_file():
        return None
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _attachments(path: Path, sidecar: dict[str, Any]) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    from noticeparse.attachments import attachment_text

    texts, issues = [], []
    for item in sidecar.get("attachments") or []:
        name = Path(str(item.get("path", ""))).name  # a bare file name: never a path from the sidecar
        url = str(item.get("url", ""))
        local = path.parent / name
        if not name or not local.is_file():
            issues.append(("E100", "attachment file missing from the raw store", url))
            continue
        result = attachment_text(local.read_bytes(), name)
        if result.text:
            texts.append(result.text)
        if result.error:
            issues.append((result.error.code, result.error.message, url))
    return "\n".join(texts), tuple(issues)


def _with_sidecar(item: RawInput, path: Path) -> RawInput:
    sidecar = _sidecar(path)
    if sidecar is None or item.data is None:
        return item
    headers = sidecar.get("headers") or {}
    text, issues = _attachments(path, sidecar)
    return RawInput(
        item.source, item.data, item.kind, item.error,
        url=_text_or_none(sidecar.get("url") or sidecar.get("final_url")),
        declared_encoding=declared_charset(headers.get("content-type"), item.data),
        attachment_text=text, attachment_issues=issues,
        final_url=_text_or_none(sidecar.get("final_url") or sidecar.get("url")),
        fetched_at=_text_or_none(sidecar.get("fetched_at")),
    )


def _text_or_none(value: Any) -> str | None:
    return str(value) if value else None


def relative_source(path: Path, root: Path | None = None) -> str:
    """The ``source`` of an input: its path under the input root, never an absolute local path.

    Relative paths stay as given. Inside a folder named by an absolute path (or one with
    ``..``) it is ``<folder name>/<path below it>``; an absolute file path is made relative to
    the working folder when it lies inside it, else only its name is kept.

    >>> relative_source(Path("/home/me/raw/ccdi/2023/a.html"), Path("/home/me/raw"))
    'raw/ccdi/2023/a.html'
    >>> relative_source(Path("/home/me/notice.txt")), relative_source(Path("raw/samples/a.txt"))
    ('notice.txt', 'raw/samples/a.txt')
    """
    if root is not None:
        try:
            below = path.relative_to(root).as_posix()
        except ValueError:
            below = None
        if below is not None and not _outside(root):
            return (root / below).as_posix()
        if below is not None:
            return f"{root.resolve().name}/{below}"
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.name
    return path.name if _outside(path) else path.as_posix()


def _outside(path: Path) -> bool:
    """An absolute path or one that climbs out of the working folder: machine-specific."""
    return path.is_absolute() or ".." in path.parts


def _read(path: Path, root: Path | None = None) -> RawInput:
    kind = SUFFIX_KINDS.get(path.suffix.lower())
    source = relative_source(path, root)
    if kind is None:
        return RawInput(source, None, None, NoticeError("E105", f"unsupported file type {path.suffix!r}"))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return RawInput(source, None, kind, NoticeError("E104", f"{size} bytes (limit {MAX_BYTES})"))
        return _with_sidecar(RawInput(source, path.read_bytes(), kind), path)
    except OSError as exc:
        return RawInput(source, None, kind, NoticeError("E100", f"cannot read: {exc.strerror or exc}"))


def is_notice_file(path: Path) -> bool:
    """True for a file that is a notice of its own (not a sidecar, nor a crawled page's attachment)."""
    kind = SUFFIX_KINDS.get(path.suffix.lower())
    if kind is None or path.name.startswith("."):
        return False
    if kind == "document":
        sidecar = _sidecar(path)
        return not (sidecar and sidecar.get("kind") == "attachment")
    return True


def iter_inputs(paths: Iterable[str], roots: Iterable[str] = ()) -> Iterator[RawInput]:
    """Yield every input named: ``-`` is stdin, a folder means its supported files, recursively.

    Files inside folders with other suffixes (sidecars, attachments, manifests) are skipped;
    a file named explicitly with an unsupported suffix gives an E105 error row. A file under
    one of ``roots`` (the folders a batch was given) is named relative to that root.
    """
    root_paths = [Path(r) for r in roots if r != "-" and Path(r).is_dir()]
    for name in paths:
        if name == "-":
            yield RawInput("<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1), None)
            continue
        path = Path(name)
        if path.is_dir():
            yield from (_read(child, path) for child in iter_notice_files([name]))
        elif path.exists():
            yield _read(path, next((r for r in root_paths if path.is_relative_to(r)), None))
        else:
            yield RawInput(relative_source(path), None, None, NoticeError("E100", "no such file or folder"))


def iter_notice_files(roots: Iterable[str]) -> Iterator[Path]:
    """Every notice file under ``roots`` (a root may be a file), listing one folder at a time.

    The order is that of ``sorted(root.rglob("*"))``: a folder's entries by name, a
    subfolder's files where its name falls. Symlinked folders are not followed.
    """
    for root in roots:
        path = Path(root)
        if path.is_file():
            if is_notice_file(path):
                yield path
        else:
            yield from _walk(path)


def _walk(folder: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as entries:
            listing = sorted((e.name, e.is_dir(follow_symlinks=False), e.is_file()) for e in entries)
    except OSError:  # not a folder, gone or unreadable: as rglob, nothing
        return
    for name, is_dir, is_file in listing:
        path = folder / name
        if is_dir:
            yield from _walk(path)
        elif is_file and is_notice_file(path):
            yield path
