"""The raw store of one site: ``RAW/<site>/<yyyy>/<sha256>.<ext>`` with sidecars, a log and a manifest.

Files are named by content hash, never by URL; ``seen.jsonl`` is an append-only log of every
URL tried (flushed per line, so a killed run resumes), ``state.json`` the crawl's own state and
``manifest.parquet`` the latest row of every URL. Every write goes through ``store.atomic``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import regex

from noticeparse.crawl.fetch import FetchResult
from noticeparse.parse import sidecar_of
from noticeparse.store import atomic_write_bytes, write_table

__all__ = ["RawStore", "site_name"]

_SAFE = regex.compile(r"[^a-z0-9.-]+|\.{2,}")
_EXTENSIONS = {"html", "htm", "shtml", "pdf", "doc", "docx", "ofd", "xls", "xlsx", "wps", "zip"}
_MANIFEST_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("url", pa.string()), ("kind", pa.string()), ("status", pa.int32()), ("final_url", pa.string()),
    ("sha256", pa.string()), ("path", pa.string()), ("fetched_at", pa.string()), ("blocked", pa.bool_()),
    ("error", pa.string()), ("parent", pa.string()),
]
_MANIFEST = pa.schema(_MANIFEST_COLUMNS)


def site_name(url: str) -> str:
    """A safe folder name for a URL's host (port kept), never a path.

    >>> site_name("https://www.CCDI.gov.cn:8080/../x"), site_name("http://..%2f..%2fetc/")
    ('www.ccdi.gov.cn_8080', '2f__2fetc')
    """
    parts = urlsplit(url)
    name = _SAFE.sub("_", (parts.hostname or "unknown").lower()).strip("._") or "unknown"
    if parts.port:
        name += f"_{parts.port}"
    return name[:100]


def _extension(url: str, content_type: str) -> str:
    from noticeparse.parse import attachment_names

    for name in reversed(attachment_names(url)):  # downfile.jsp?…&filename=x.pdf is a .pdf
        suffix = name.rsplit("/", 1)[-1].rpartition(".")[2].lower()
        if suffix in _EXTENSIONS:
            return "html" if suffix in {"htm", "shtml"} else suffix
    return "html" if "html" in content_type else "bin"


class RawStore:
    """One site's folder in the raw store: content-addressed files, a log and a manifest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.log_path = folder / "seen.jsonl"
        self.rows: list[dict[str, Any]] = []
        if self.log_path.exists():
            lines = self.log_path.read_text(encoding="utf-8").splitlines()
            self.rows = [json.loads(line) for line in lines if line.strip().endswith("}")]
        self.known = {r["url"] for r in self.rows if r["kind"] == "article" and r.get("path")}

    def state(self) -> dict[str, Any]:
        """The last run's state (``complete`` is true when it walked every list page)."""
        path = self.folder / "state.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def set_state(self, **state: Any) -> None:
        """Replace the state file."""
        atomic_write_bytes(self.folder / "state.json", json.dumps(state).encode())

    def last(self, url: str) -> dict[str, Any] | None:
        """The latest log row for a URL."""
        return next((r for r in reversed(self.rows) if r["url"] == url), None)

    def record(self, result: FetchResult, kind: str, path: str | None = None, parent: str | None = None) -> None:
        """Append one row to ``seen.jsonl`` and flush it to disk."""
        row = {"url": result.url, "kind": kind, "status": result.status, "final_url": result.final_url,
               "sha256": result.sha256, "path": path, "fetched_at": result.fetched_at,
               "blocked": result.blocked, "error": result.error, "parent": parent,
               "etag": result.headers.get("etag"), "last_modified": result.headers.get("last-modified")}
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(json.dumps(row, ensure_ascii=False) + "\n")
            log.flush()
            os.fsync(log.fileno())
        self.rows.append(row)
        if kind == "article" and path:
            self.known.add(result.url)

    def save(self, result: FetchResult, year: str, extra: dict[str, Any]) -> str:
        """Write the bytes, then the sidecar; return the path relative to the store."""
        ext = _extension(result.final_url, result.headers.get("content-type", ""))
        relative = f"{year}/{result.sha256}.{ext}"
        atomic_write_bytes(self.folder / relative, result.content)
        sidecar = {**result.sidecar(), **extra}
        sidecar_path = sidecar_of(self.folder / relative)
        atomic_write_bytes(sidecar_path, json.dumps(sidecar, ensure_ascii=False, indent=2).encode())
        return relative

    def write_manifest(self) -> Path:
        """Write ``manifest.parquet``: one row per URL tried (its latest attempt)."""
        latest = {(r["url"], r["kind"]): r for r in self.rows}
        rows = [{k: r.get(k) for k in _MANIFEST.names} for r in latest.values()]
        path = self.folder / "manifest.parquet"
        write_table(pa.Table.from_pylist(rows, schema=_MANIFEST), path)
        return path
