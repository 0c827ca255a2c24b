"""A real HTTP server on 127.0.0.1 serving hand-written fixture sites, one per family.

Each test gets a fresh server (its own port, so its own raw-store folder). Routes map a
path to a ``Reply`` or to a function of the query string; unknown paths are 404. The
server counts hits per path so tests can tell what a crawl fetched.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from crawl_sites import build_site  # type: ignore[import-not-found]


@dataclass
class Reply:
    """One canned response; ``etag`` turns on conditional GET (304 on If-None-Match)."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    etag: bool = True
    stream_bytes: int = 0  # send this many bytes lazily (a huge body), with no Content-Length
    trickle: float = 0.0  # send the body one byte at a time, this many seconds apart
    trickle_headers: bool = False  # with ``trickle``: the status line and headers too


Route = Reply | Callable[[dict[str, list[str]]], Reply]


class FixtureServer:
    """The server, its routes and its hit counter."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        handler = _make_handler(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """An absolute URL on this server."""
        return f"http://{host}:{self.port}{path}"

    def fetched(self, prefix: str = "/") -> int:
        """How many requests went to paths under ``prefix``."""
        return sum(n for path, n in self.hits.items() if path.startswith(prefix))


def _make_handler(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def do_POST(self) -> None:  # a form POST: its fields join the query, ``_method`` says POST
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode("utf-8")) if length else {}
            self.do_GET({**form, "_method": ["POST"]})

        def do_GET(self, extra: dict[str, list[str]] | None = None) -> None:
            parts = urlsplit(self.path)
            server.hits[parts.path] += 1
            route = server.routes.get(parts.path)
            query = {**parse_qs(parts.query), **(extra or {})}
            reply = route(query) if callable(route) else route
            reply = reply or Reply(b"<html><body>404 not found</body></html>", 404)
            time.sleep(reply.delay)
            if reply.trickle:
                self._trickle(reply)
                return
            tag = '"' + hashlib.sha256(reply.body).hexdigest()[:16] + '"'
            if reply.etag and reply.status == 200 and self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if reply.etag and reply.status == 200:
                self.send_header("ETag", tag)
            if reply.stream_bytes:
                self._stream(reply.stream_bytes)
                return
            if "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def _trickle(self, reply: Reply) -> None:
            """A slow-loris server: every read the client makes returns quickly, the whole never ends."""
            head = b"HTTP/1.1 200 OK\r\n" + b"".join(f"{k}: {v}\r\n".encode() for k, v in reply.headers.items())
            head += f"Content-Length: {len(reply.body)}\r\nConnection: close\r\n\r\n".encode()
            slow = (head if reply.trickle_headers else b"") + reply.body
            try:
                if not reply.trickle_headers:
                    self.wfile.write(head)
                for i in range(len(slow)):
                    self.wfile.write(slow[i:i + 1])
                    time.sleep(reply.trickle)
            except OSError:
                pass  # the client gave up at its deadline: what the test wants
            self.close_connection = True

        def _stream(self, total: int) -> None:
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(total // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its cap: what the test wants
            self.close_connection = True

    return Handler


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    """A fresh local server with no routes."""
    fixture = FixtureServer()
    fixture.thread.start()
    yield fixture
    fixture.httpd.shutdown()
    fixture.httpd.server_close()


@pytest.fixture
def site(server: FixtureServer) -> Callable[[str], dict[str, object]]:
    """Install a family's fixture site on the server; returns its facts (start URL, articles)."""

    def install(family: str) -> dict[str, object]:
        facts = build_site(family, server, Reply)
        return facts

    return install
