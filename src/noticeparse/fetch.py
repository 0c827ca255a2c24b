"""The only module that touches the network: polite HTTP GETs with a size cap.

Politeness by default: robots.txt obeyed, one request at a time per host with a
jittered delay, retries with exponential backoff on 429/5xx/timeouts (honouring
Retry-After), conditional GET, a byte cap enforced while streaming, and redirects
followed only within the allowed hosts. Anti-bot challenges (HTTP 412/521, pages
that only set a cookie from a script) are reported as blocked, never bypassed.
"""

from __future__ import annotations

import hashlib
import random
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Self
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
import regex

from noticeparse import __version__

__all__ = ["FetchResult", "Fetcher", "is_challenge"]

USER_AGENT = f"noticeparse/{__version__} (research crawler; polite; obeys robots.txt)"
MAX_BYTES = 20 * 1024 * 1024
RETRY_STATUS = {429, 500, 502, 503, 504}
BLOCK_STATUS = {412, 521}
_MAX_REDIRECTS = 5
_MAX_RETRY_AFTER = 60.0
_CHALLENGE = regex.compile(
    r"document\.cookie\s*=|__jsl_clearance|acw_sc__v2|_\$[a-zA-Z]{2}\s*=|window\.location\.reload\(|"
    r"安全验证|访问验证|滑动验证|请开启JavaScript", regex.I)
_CHALLENGE_MAX = 8192  # a challenge page is a small script, not a notice


@dataclass
class FetchResult:
    """What one GET gave: the bytes (when any) and everything to write in the sidecar."""

    url: str
    final_url: str
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    fetched_at: str = ""
    sha256: str = ""
    error: str | None = None
    blocked: bool = False
    attempts: int = 0

    @property
    def ok(self) -> bool:
        """True for a 200 with a body that is not a challenge."""
        return self.status == 200 and not self.error and not self.blocked

    def sidecar(self) -> dict[str, object]:
        """The JSON sidecar for the raw store."""
        return {
            "url": self.url, "final_url": self.final_url, "status": self.status, "headers": self.headers,
            "fetched_at": self.fetched_at, "sha256": self.sha256, "error": self.error, "blocked": self.blocked,
        }


def is_challenge(status: int | None, content: bytes) -> bool:
    """True for an anti-bot page: HTTP 412/521, or a tiny page that sets a cookie by script.

    >>> is_challenge(200, b'<script>document.cookie="__jsl_clearance=1";location.reload()</script>')
    True
    >>> is_challenge(200, "<p>关于整改情况的通报</p>".encode())
    False
    """
    if status in BLOCK_STATUS:
        return True
    head = content[:_CHALLENGE_MAX].decode("utf-8", errors="replace")
    return len(content) < _CHALLENGE_MAX and "<script" in head.lower() and bool(_CHALLENGE.search(head))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Fetcher:
    """A polite, single-connection-per-host HTTP client.

    Args:
        allowed_hosts: hosts that may be fetched; redirects elsewhere are refused.
        delay: mean seconds between requests to one host (jittered ±50%); 0 for tests.
        timeout: seconds for connect and for each read.
        retries: extra attempts on 429, 5xx, timeouts and connection errors.
        backoff: first retry wait in seconds, doubled each time.
        max_bytes: the size cap; a longer body is cut off while streaming and reported.
        obey_robots: read /robots.txt of each host and skip disallowed URLs.
    """

    def __init__(
        self,
        allowed_hosts: Iterable[str],
        *,
        delay: float = 2.0,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 2.0,
        max_bytes: int = MAX_BYTES,
        obey_robots: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.delay, self.retries, self.backoff = delay, retries, backoff
        self.max_bytes, self.obey_robots, self.sleep = max_bytes, obey_robots, sleep
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.requests = 0

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def allowed(self, url: str) -> bool:
        """True when the URL's host is allowed and robots.txt lets us fetch it."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or (parts.hostname or "").lower() not in self.allowed_hosts:
            return False
        return not self.obey_robots or self._robots_for(url).can_fetch(USER_AGENT, url)

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            parser = urllib.robotparser.RobotFileParser(key + "/robots.txt")
            result = self._get_once(key + "/robots.txt", {})
            if result.status == 200:
                parser.parse(result.content.decode("utf-8", errors="replace").splitlines())
            elif result.status in {401, 403} or result.status is None or result.status >= 500:
                parser.disallow_all = True  # type: ignore[attr-defined]  # an unreachable robots.txt means "wait", not "anything goes"
            else:
                parser.allow_all = True  # type: ignore[attr-defined]
            self._robots[key] = parser
        return self._robots[key]

    def _wait_turn(self, host: str, robots: urllib.robotparser.RobotFileParser | None) -> None:
        floor = robots.crawl_delay(USER_AGENT) if robots is not None else None
        if self.delay <= 0 and not floor:
            return
        pause = max(self.delay * random.uniform(0.5, 1.5), float(floor or 0))  # jitter: 1–3 s for 2 s
        elapsed = time.monotonic() - self._last.get(host, 0.0)
        if elapsed < pause:
            self.sleep(pause - elapsed)

    def _get_once(self, url: str, headers: dict[str, str], form: dict[str, str] | None = None) -> FetchResult:
        """One GET (a POST of ``form`` when given), streamed and cut off at the cap; network errors become ``error``."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        self._wait_turn(host, self._robots.get(f"{parts.scheme}://{parts.netloc}"))
        self.requests += 1
        result = FetchResult(url, url, None, fetched_at=_now())
        try:
            with self.client.stream("GET" if form is None else "POST", url, headers=headers, data=form) as response:
                result.status = response.status_code
                result.headers = {k.lower(): v for k, v in response.headers.items()}
                result.content, result.error = self._read_capped(response)
        except httpx.TimeoutException as exc:
            result.error = f"timeout: {type(exc).__name__}"
        except httpx.HTTPError as exc:
            result.error = f"network: {type(exc).__name__}: {exc}"
        finally:
            self._last[host] = time.monotonic()
        result.sha256 = hashlib.sha256(result.content).hexdigest() if result.content else ""
        return result

    def _read_capped(self, response: httpx.Response) -> tuple[bytes, str | None]:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return b"", f"too large: Content-Length {declared} (limit {self.max_bytes})"
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                return b"", f"too large: more than {self.max_bytes} bytes"
            chunks.append(chunk)
        return b"".join(chunks), None

    def _retry_wait(self, result: FetchResult, attempt: int) -> float:
        after = result.headers.get("retry-after", "")
        if after.isdigit():
            return min(float(after), _MAX_RETRY_AFTER)
        return float(self.backoff * 2**attempt)

    def _get_retrying(self, url: str, headers: dict[str, str], form: dict[str, str] | None = None) -> FetchResult:
        attempt = 0
        while True:
            result = self._get_once(url, headers, form)
            result.attempts = attempt + 1
            transient = result.status in RETRY_STATUS or (result.error or "").startswith(("timeout", "network"))
            if not transient or attempt >= self.retries:
                return result
            self.sleep(self._retry_wait(result, attempt))
            attempt += 1

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET a URL politely, following redirects within the allowed hosts.

        A 304 answer to a conditional GET comes back as status 304 with no content.
        """
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        current = url
        for _hop in range(_MAX_REDIRECTS + 1):
            if not self.allowed(current):
                why = "robots.txt disallows" if self._host_ok(current) else "outside the allowed hosts"
                return FetchResult(url, current, None, fetched_at=_now(), error=f"refused: {why}")
            result = self._get_retrying(current, headers)
            location = result.headers.get("location")
            if result.status in {301, 302, 303, 307, 308} and location:
                current = urljoin(current, location)
                continue
            result.url, result.final_url = url, current
            result.blocked = result.error is None and is_challenge(result.status, result.content)
            return result
        return FetchResult(url, current, None, fetched_at=_now(), error="too many redirects")

    def post_query(self, url: str) -> FetchResult:
        """POST a URL's query parameters as a form to it (Hanweb's dataproxy.jsp answers only so on some sites).

        Same politeness, host and robots rules as ``get``; redirects are not followed.
        """
        if not self.allowed(url):
            why = "robots.txt disallows" if self._host_ok(url) else "outside the allowed hosts"
            return FetchResult(url, url, None, fetched_at=_now(), error=f"refused: {why}")
        result = self._get_retrying(url, {}, dict(parse_qsl(urlsplit(url).query)))
        result.blocked = result.error is None and is_challenge(result.status, result.content)
        return result

    def _host_ok(self, url: str) -> bool:
        return (urlsplit(url).hostname or "").lower() in self.allowed_hosts
