"""The notice texts for the index's full-text search, in shards read on the first search only.

The index holds a short entry per notice (title, issuer, the words of its cases); the texts
themselves would make it hundreds of megabytes at 100,000 notices. They are written beside
it, ``search/text-0000.js`` …, ``SHARD_SIZE`` notices a file, each a script calling
``noticeparseText(shard, "<base64 of gzipped JSON>")`` with ``{"ids": […], "texts": […]}``:
a page opened from disk cannot ``fetch()`` a file, but it can load a script of its own
folder (the pages' policy, ``script-src 'self'``). ``static/index.js`` adds the shards one by
one when a search starts, so the index opens as fast as before.
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

from noticeparse.store import atomic_write_text

__all__ = ["FOLDER", "SHARD_SIZE", "TextShards", "read_shard"]

FOLDER = "search"
SHARD_SIZE = 500


class TextShards:
    """Collects ``(notice_id, text)`` and writes a shard every ``size`` notices."""

    def __init__(self, outdir: Path, size: int = SHARD_SIZE) -> None:
        self.folder = Path(outdir) / FOLDER
        self.size = size
        self.count = 0
        self._ids: list[str] = []
        self._texts: list[str] = []

    def add(self, notice_id: str, text: str) -> None:
        """Keep one notice's text; a full shard is written at once."""
        self._ids.append(notice_id)
        self._texts.append(text)
        if len(self._ids) >= self.size:
            self._flush()

    def close(self) -> int:
        """Write the last shard, remove the shards of an earlier, larger report; return the shard count."""
        if self._ids:
            self._flush()
        for old in self.folder.glob("text-*.js") if self.folder.is_dir() else []:
            if int(old.stem.split("-")[1]) >= self.count:
                old.unlink()
        return self.count

    def _flush(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"ids": self._ids, "texts": self._texts}, ensure_ascii=False).encode()
        packed = base64.b64encode(gzip.compress(payload, compresslevel=6, mtime=0)).decode("ascii")
        script = f'noticeparseText({self.count},"{packed}");\n'
        atomic_write_text(self.folder / f"text-{self.count:04d}.js", script, durable=False)
        self.count += 1
        self._ids, self._texts = [], []


def read_shard(path: Path) -> dict[str, str]:
    """A shard's texts by notice id, as ``index.js`` reads them (for tests and tools)."""
    script = Path(path).read_text(encoding="ascii")
    packed = script[script.index('"') + 1:script.rindex('"')]
    data = json.loads(gzip.decompress(base64.b64decode(packed)))
    return dict(zip(data["ids"], data["texts"], strict=True))
