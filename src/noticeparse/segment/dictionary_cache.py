"""What the segmenter reads from jieba's dictionary (词典缓存), kept in a small cache file.

rjieba is given the lexicon with jieba's own frequencies of the lexicon words (see
``backends.RjiebaCutter``): finding them reads all of jieba's ``dict.txt`` (about 0.35 s
at every start). They are written, on first use, to a JSON file of a few kilobytes
under ``$XDG_CACHE_HOME/noticeparse`` (else ``~/.cache/noticeparse``), named by a hash
of the dictionary file (path, size, modification time) and of the words asked: a
changed dictionary or lexicon gets a new file, an unreadable or unwritable cache is
read around (the dictionary itself is the truth).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["cache_dir", "dictionary_frequencies", "jieba_dictionary"]


def cache_dir() -> Path:
    """The folder of noticeparse's caches (``$XDG_CACHE_HOME/noticeparse``, else ``~/.cache/noticeparse``;
    the system's temporary folder when there is no home)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no $HOME and no password entry (some containers)
            base = tempfile.gettempdir()
    return Path(base) / "noticeparse"


def jieba_dictionary() -> Path:
    """jieba's ``dict.txt``, found without importing jieba (its import costs ~0.3 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed")
    return Path(spec.origin).parent / "dict.txt"


def dictionary_frequencies(words: Iterable[str]) -> dict[str, int]:
    """The frequencies of ``words`` in jieba's ``dict.txt`` (those it holds), from the cache when it has them."""
    wanted = sorted(set(words))
    path = _cache_file(jieba_dictionary(), wanted)
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(found, dict) and all(isinstance(v, int) for v in found.values()):
            return found
    found = _read_frequencies(jieba_dictionary(), set(wanted))
    _write(path, json.dumps(found, ensure_ascii=False, sort_keys=True))
    return found


def _cache_file(dictionary: Path, words: list[str]) -> Path:
    stat = dictionary.stat()
    key = hashlib.sha256(json.dumps([str(dictionary), stat.st_size, stat.st_mtime_ns, words],
                                    ensure_ascii=False).encode("utf-8")).hexdigest()
    return cache_dir() / f"jieba-frequencies-{key[:20]}.json"


def _read_frequencies(dictionary: Path, words: set[str]) -> dict[str, int]:
    """The frequencies of ``words`` read from ``dictionary`` (lines ``word freq [tag]``)."""
    found = {}
    with dictionary.open("rb") as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split(" ", 2)
            if parts[0] in words:
                found[parts[0]] = int(parts[1])
    return found


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename; a cache that cannot be written is skipped.

    Not ``store.atomic``: segment sits below store, and a regenerable cache needs no fsync.
    """
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
