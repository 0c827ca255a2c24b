"""Input discovery: files, folders, stdin and the crawl's raw store to ``RawInput`` items.

A page in the raw store (``RAW/<site>/<yyyy>/<sha256>.html``) has a ``.json`` sidecar;
its URL, the charset of its Content-Type header and the text of its attachments
(stored beside it) travel with the page's bytes.

Every entry of a folder is accounted for (``iter_entries``): a notice file, a file
skipped on purpose (sidecars, hidden files, the crawl store's logs), or an entry
with the error that keeps it from being read. Files are read with a byte cap after
their type is checked, and symlinks are followed only to files inside the folder.
"""

from __future__ import annotations

import functools
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from noticeparse.errors import Code, NoticeError

__all__ = ["MAX_BYTES", "Entry", "RawInput", "declared_charset", "fs_path", "iter_entries", "iter_inputs", "iter_notice_files",
           "problem_source", "read_sidecar", "relative_source", "shown_source", "sidecar_of", "source_name"]

MAX_BYTES = 50 * 1024 * 1024
SUFFIX_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".shtml": "html",
                ".pdf": "document", ".docx": "document", ".ofd": "document"}
_MAX_SIDECAR = 1 << 20  # a sidecar is a few hundred bytes of JSON
_CHARSET = regex.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]{2,20})", regex.I)


@dataclass(frozen=True, slots=True)
class RawInput:
    """One input: its bytes, or the error that kept them from being read.

    ``url`` (the URL asked for), ``final_url`` (the one that answered after redirects),
    ``fetched_at``, ``family`` (the site family), ``declared_encoding``, ``attachment_text`` and ``attachment_issues``
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
    attachment_issues: tuple[tuple[Code, str, str], ...] = ()
    final_url: str | None = None
    fetched_at: str | None = None
    family: str | None = None  # the site family the crawler recorded (sidecar ``family``)


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


def sidecar_of(path: Path) -> Path:
    """Where the raw store keeps a page's or attachment's JSON sidecar (url, headers, attachments).

    >>> sidecar_of(Path("raw/site/2024/ab12.html")).as_posix()
    'raw/site/2024/ab12.json'
    """
    return path.with_suffix(".json")


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """The sidecar of ``path`` as a mapping; None when it is missing, too large or not JSON."""
    side = sidecar_of(path)
    if not side.is_file() or side.stat().st_size > _MAX_SIDECAR:
        return None
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _attachments(path: Path, sidecar: dict[str, Any]) -> tuple[str, tuple[tuple[Code, str, str], ...]]:
    from noticeparse.parse.attachments import attachment_text

    texts, issues = [], []
    for item in sidecar.get("attachments") or []:
        name = Path(str(item.get("path", ""))).name  # a bare file name: never a path from the sidecar
        url = str(item.get("url", ""))
        local = path.parent / name
        if not name or not local.is_file():
            issues.append((Code.E100, "attachment file missing from the raw store", url))
            continue
        try:
            data = _read_capped(local)
        except (NoticeError, OSError) as exc:  # a FIFO, device or oversized file beside the page
            issues.append((Code.W107 if not isinstance(exc, NoticeError) or exc.code != Code.E104 else Code.W104,
                           f"attachment unreadable: {getattr(exc, 'message', None) or exc}", url))
            continue
        result = attachment_text(data, name)
        if result.text:
            texts.append(result.text)
        if result.error:
            issues.append((result.error.code, result.error.message, url))
    return "\n".join(texts), tuple(issues)


def _with_sidecar(item: RawInput, path: Path) -> RawInput:
    sidecar = read_sidecar(path)
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
        family=_text_or_none(sidecar.get("family")),
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


def _read(path: Path, source: str | None = None) -> RawInput:
    """Read one file: its type is checked before it is opened, its bytes are read with a cap."""
    source = source or source_name(path)
    kind = SUFFIX_KINDS.get(path.suffix.lower())
    if kind is None:
        return RawInput(source, None, None, NoticeError(Code.E105, f"unsupported file type {path.suffix!r}"))
    try:
        return _with_sidecar(RawInput(source, _read_capped(path), kind), path)
    except NoticeError as exc:
        return RawInput(source, None, kind, exc)
    except OSError as exc:
        return RawInput(source, None, kind, NoticeError(Code.E100, f"cannot read: {exc.strerror or exc}"))


def _read_capped(path: Path) -> bytes:
    """At most ``MAX_BYTES`` of a regular file; a FIFO, socket or device is an error, never opened for reading.

    ``O_NONBLOCK`` keeps ``open`` from waiting for a FIFO's writer; ``st_size`` is not
    trusted (``/dev/zero`` and growing files), the read itself stops at the cap.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NoticeError(Code.E100, f"not a regular file ({_file_type(info.st_mode)})")
        if info.st_size > MAX_BYTES:
            raise NoticeError(Code.E104, f"{info.st_size} bytes (limit {MAX_BYTES})")
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise NoticeError(Code.E104, f"more than {MAX_BYTES} bytes")
    return data


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def source_name(path: str | os.PathLike[str]) -> str:
    r"""The ``source`` of a path: the path itself, with bytes that are not UTF-8 escaped as ``\xNN``.

    File names are bytes; Python keeps undecodable ones as lone surrogates, which
    neither Parquet nor SQLite can store. ``fs_path`` turns the name back into the path.

    >>> source_name(os.fsdecode(b"a\xb6.txt"))
    'a\\xb6.txt'
    """
    name = os.fspath(path)
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no file name decodes to
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


_ESCAPED = regex.compile(r"\\x([89a-f][0-9a-f])")


def fs_path(source: str) -> Path:
    r"""The path of a ``source`` from ``source_name`` (a name that exists as written is taken as is).

    >>> fs_path("a\\xb6.txt") == Path(os.fsdecode(b"a\xb6.txt"))
    True
    """
    if "\\x" not in source or os.path.lexists(source):
        return Path(source)
    return Path(_ESCAPED.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), source))


def is_notice_file(path: Path) -> bool:
    """True for a file that is a notice of its own (not a sidecar, nor a crawled page's attachment)."""
    kind = SUFFIX_KINDS.get(path.suffix.lower())
    if kind is None or path.name.startswith("."):
        return False
    if kind == "document":
        sidecar = read_sidecar(path)
        return not (sidecar and sidecar.get("kind") == "attachment")
    return True


@dataclass(frozen=True, slots=True)
class Entry:
    """One input a walk found: a notice file, or a file or folder that cannot be one, with why.

    ``folder`` marks a folder that could not be listed: what it held is unknown, not gone.
    """

    path: Path
    problem: NoticeError | None = None
    folder: bool = False

    @property
    def source(self) -> str:
        """The ``source`` of the entry's rows (see ``source_name``)."""
        return source_name(self.path)


def iter_inputs(paths: Iterable[str], roots: Iterable[str] = ()) -> Iterator[RawInput]:
    """Yield every input named: ``-`` is stdin, a folder means its files, recursively.

    Sidecars, hidden files and the crawl store's own files are skipped; any other file
    that cannot be read as a notice (another suffix, a FIFO, a symlink loop or a link
    out of the folder) gives an error row. ``paths`` may hold ``problem_source`` strings.
    A file inside a folder named (or under one of ``roots``, the folders a batch was
    given) has its ``source`` relative to that folder (``relative_source``).
    """
    root_paths = [Path(r) for r in roots if r != "-" and Path(r).is_dir()]
    for name in paths:
        if name == "-":
            yield RawInput("<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1), None)
        elif name.startswith(_PROBLEM):
            code, message, source = name[len(_PROBLEM):].split("\0", 2)
            shown = _shown(fs_path(source), _root_of(fs_path(source), root_paths))
            yield RawInput(shown, None, SUFFIX_KINDS.get(Path(source).suffix.lower()), NoticeError(Code.of(code), message))
        else:
            given = fs_path(name)
            root = given if given.is_dir() else _root_of(given, root_paths)
            for entry in iter_entries([str(given)]):
                source = _shown(entry.path, root)
                if entry.problem is not None:
                    kind = SUFFIX_KINDS.get(entry.path.suffix.lower())
                    yield RawInput(source, None, kind, entry.problem)
                else:
                    yield _read(entry.path, source)


def shown_source(path: Path, roots: Sequence[str]) -> str:
    """The ``source`` of an input found under ``roots`` (the folders a batch was given), as ``iter_inputs`` shows it.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()) / "raw"
    >>> root.mkdir()
    >>> shown_source(root / "ccdi" / "a.html", [str(root)])
    'raw/ccdi/a.html'
    """
    return _shown(path, _root_of(path, _root_dirs(tuple(roots))))


@functools.lru_cache(maxsize=8)
def _root_dirs(roots: tuple[str, ...]) -> list[Path]:
    return [Path(r) for r in roots if r != "-" and Path(r).is_dir()]


def _root_of(path: Path, roots: Iterable[Path]) -> Path | None:
    return next((r for r in roots if path.is_relative_to(r)), None)


def _shown(path: Path, root: Path | None) -> str:
    """The ``source`` an input is shown by: relative to its root, undecodable bytes escaped."""
    return source_name(relative_source(path, root))


_PROBLEM = "\0problem\0"  # no path holds a NUL


def problem_source(source: str, code: str, message: str) -> str:
    """A task's stand-in for an input the scan found unreadable: ``iter_inputs`` gives its error row."""
    return f"{_PROBLEM}{code}\0{message}\0{source}"


def iter_notice_files(roots: Iterable[str]) -> Iterator[Path]:
    """Every notice file under ``roots`` (a root may be a file), listing one folder at a time.

    The order is that of ``sorted(root.rglob("*"))``: a folder's entries by name, a
    subfolder's files where its name falls. Symlinked folders are not followed.
    """
    for entry in iter_entries(roots):
        if entry.problem is None:
            yield entry.path


def iter_entries(roots: Iterable[str]) -> Iterator[Entry]:
    """Every input under ``roots``, in the order of ``iter_notice_files``, with the problem of each bad one.

    A root named explicitly is taken as it is (a symlink to a file is followed); inside
    a folder, a symlink is followed only to a file inside the same root.
    """
    for root in roots:
        path = Path(root)
        try:
            info = path.stat()
        except OSError as exc:
            yield Entry(path, NoticeError(Code.E100, _why(exc, "no such file or folder")))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, os.path.realpath(path))
        elif (entry := _classify(path, info, explicit=True)) is not None:
            yield entry


def _why(exc: OSError, default: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return default
    return exc.strerror or str(exc)


def _walk(folder: Path, root: str) -> Iterator[Entry]:
    """The entries of one folder, then of its subfolders where their names fall."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries)
    except OSError as exc:  # unreadable: an error row, and what it held is kept (see ``Entry.folder``)
        yield Entry(folder, NoticeError(Code.E100, f"cannot list folder: {_why(exc, 'gone')}"), folder=True)
        return
    for name in names:
        path = folder / name
        try:
            info = path.lstat()
        except OSError as exc:
            yield Entry(path, NoticeError(Code.E100, f"cannot read: {_why(exc, 'gone')}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, root)
        elif (entry := _linked(path, info, root)) is not None:
            yield entry


def _linked(path: Path, info: os.stat_result, root: str) -> Entry | None:
    """A folder's entry: a symlink is followed to a file inside ``root`` only (folders not at all)."""
    if not stat.S_ISLNK(info.st_mode):
        return _classify(path, info)
    if path.name.startswith(".") or _is_store_file(path):
        return None
    try:
        target = path.stat()
    except OSError as exc:  # a loop (ELOOP) or a dangling link
        return Entry(path, NoticeError(Code.E100, f"broken symlink: {_why(exc, 'its target does not exist')}"))
    if stat.S_ISDIR(target.st_mode):
        return None  # symlinked folders are not followed, as rglob
    real = os.path.realpath(path)
    if os.path.commonpath([real, root]) != root:
        return Entry(path, NoticeError(Code.E100, "symlink to a file outside the input folder: not followed"))
    return _classify(path, target)


_STORE_SUFFIXES = {".json", ".jsonl", ".parquet", ".sqlite", ".tmp"}  # sidecars, crawl logs, manifests, state


def _is_store_file(path: Path) -> bool:
    return path.suffix.lower() in _STORE_SUFFIXES


def _classify(path: Path, info: os.stat_result, *, explicit: bool = False) -> Entry | None:
    """The entry of one file (``info`` is the stat of what it points to), or None when it is skipped quietly."""
    kind = SUFFIX_KINDS.get(path.suffix.lower())
    if not explicit and (path.name.startswith(".") or _is_store_file(path)):
        return None
    if kind is None:
        if explicit:
            return Entry(path, NoticeError(Code.E105, f"unsupported file type {path.suffix!r}"))
        sidecar = read_sidecar(path)
        if sidecar and sidecar.get("kind") == "attachment":
            return None  # read with its page, which reports it
        return Entry(path, NoticeError(Code.W105, f"unsupported file type {path.suffix or '(none)'!r}: skipped"))
    if not stat.S_ISREG(info.st_mode):
        return Entry(path, NoticeError(Code.E100, f"not a regular file ({_file_type(info.st_mode)})"))
    if not explicit and not is_notice_file(path):
        return None
    return Entry(path)
