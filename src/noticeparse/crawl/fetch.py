"""The only module that touches the network: polite HTTP GETs with a size cap.

Politeness by default: robots.txt obeyed, one request at a time per host with a
jittered delay, retries with exponential backoff on 429/5xx/timeouts (honouring
Retry-After), conditional GET, a byte cap on the decoded body enforced while streaming,
a wall-clock deadline on each whole response, and redirects followed only within the
allowed origins (scheme, host and port). Anti-bot challenges (HTTP 412/521, pages that
only set a cookie from a script) are reported as blocked, never bypassed.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
import regex

from noticeparse.about import __version__
from noticeparse.settings import DELAY

__all__ = ["BACKOFF", "DELAY", "MAX_BYTES", "MAX_CRAWL_DELAY", "RETRIES", "TIMEOUT", "FetchResult", "Fetcher", "Origin",
           "allowed_origins", "checked_url", "is_challenge", "now_iso", "url_origin"]

USER_AGENT = f"noticeparse/{__version__} (research crawler; polite; obeys robots.txt)"
# politeness defaults, used by the crawler's options, the CLI and pipeline files alike
TIMEOUT = 20.0  # seconds for a connection, a read and a whole response
RETRIES = 3
BACKOFF = 2.0  # first retry wait in seconds, doubled each time
MAX_BYTES = 20 * 1024 * 1024
RETRY_STATUS = {429, 500, 502, 503, 504}
BLOCK_STATUS = {412, 521}
_MAX_REDIRECTS = 5
_MAX_RETRY_AFTER = 60.0
MAX_CRAWL_DELAY = 60.0  # seconds: a robots.txt Crawl-delay above it is capped (and said)
_REDIRECTS = {301, 302, 303, 307, 308}
_BAD_IN_URL = regex.compile(r"[\x00-\x1f\x7f\\]")  # control characters; a backslash (http:\\host\…)
_UNSAFE = regex.compile(r"[^\x21-\x7e]")  # spaces and non-ASCII: percent-encoded, as browsers send them
_CRAWL_DELAY = regex.compile(r"(?im)^(\s*crawl-delay\s*:\s*)(\d{13,})")  # too many digits for int() or sleep()
_CHALLENGE = regex.compile(
    r"document\.cookie\s*=|__jsl_clearance|acw_sc__v2|_\$[a-zA-Z]{2}\s*=|window\.location\.reload\(|"
    r"安全验证|访问验证|滑动验证|请开启JavaScript", regex.I)
_CHALLENGE_MAX = 8192  # a challenge page is a small script, not a notice
_PIECE = 64 * 1024  # most bytes one inflate step may make: a bomb grows by this much at a time
DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]  # (scheme, host, port), as browsers compare them


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


def url_origin(url: str) -> Origin | None:
    """The (scheme, host, port) of an http(s) URL, default ports filled in; None for anything else.

    >>> url_origin("HTTPS://www.CCDI.gov.cn/yaowenn/"), url_origin("http://127.0.0.1:8080/a")
    (('https', 'www.ccdi.gov.cn', 443), ('http', '127.0.0.1', 8080))
    >>> url_origin("ftp://x.gov.cn/"), url_origin("http://x.gov.cn:99999/")
    (None, None)
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a port out of range or not a number: no origin, so never fetched
        return None
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def checked_url(url: str) -> tuple[str | None, str | None]:
    """A URL as it will be requested, or why it will not be: ``(url, None)`` or ``(None, reason)``.

    Links and redirects come from servers: a ``javascript:`` or ``data:`` URL, a backslash
    (``http:\\\\host\\…``), a control character, a bad port or host are refused with a reason;
    spaces and non-ASCII characters are percent-encoded, as a browser does.

    >>> checked_url("http://x.gov.cn/通知 1.html")
    ('http://x.gov.cn/%E9%80%9A%E7%9F%A5%201.html', None)
    >>> checked_url("javascript:alert(1)")[1], checked_url("http:\\\\x.gov.cn\\a.html")[1]
    ('not an http(s) URL', 'a backslash or control character in it')
    """
    url = url.strip(" \t\r\n")
    if _BAD_IN_URL.search(url):
        return None, "a backslash or control character in it"
    url = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises for a port out of range
    except ValueError as exc:
        return None, f"malformed: {exc}"
    if parts.scheme.lower() not in DEFAULT_PORTS:
        return None, "not an http(s) URL"
    if not parts.hostname:
        return None, "no host"
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        return None, f"malformed: {exc}"
    return url, None


def allowed_origins(entries: Iterable[str]) -> frozenset[Origin]:
    """The origins a crawl may fetch, from URLs (their origin) or bare hosts (http and https).

    A bare host (a profile's ``allowed_hosts``) means its default ports, or the port it names.
    An http origin on port 80 also allows its https upgrade on 443, the redirect gov.cn sites
    make; never the other way round, and never another port.

    >>> sorted(allowed_origins(["http://www.sz.gov.cn/cn/xxgk/", "files.sz.gov.cn"]))
    [('http', 'files.sz.gov.cn', 80), ('http', 'www.sz.gov.cn', 80), ('https', 'files.sz.gov.cn', 443), ('https', 'www.sz.gov.cn', 443)]
    >>> sorted(allowed_origins(["http://127.0.0.1:8080/"]))
    [('http', '127.0.0.1', 8080)]
    """
    origins: set[Origin] = set()
    for entry in entries:
        if "://" not in entry:
            parts = urlsplit(f"//{entry}")
            ports = {"http": parts.port, "https": parts.port} if parts.port else DEFAULT_PORTS
            origins.update((scheme, (parts.hostname or "").lower(), port) for scheme, port in ports.items())
            continue
        origin = url_origin(entry)
        if origin is not None:
            origins.add(origin)
            if origin[0] == "http" and origin[2] == 80:
                origins.add(("https", origin[1], 443))
    return frozenset(o for o in origins if o[1])


class _Deadline:
    """A wall-clock limit on one whole response: headers, body and decompression included.

    Reads are checked against it as they come; a watchdog timer also shuts the socket at
    the deadline, so a server trickling its headers (where no chunk reaches us) is cut too.
    The socket comes from httpcore's ``trace`` events of a new connection (keep-alive is
    off, so every request opens one).
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    @property
    def passed(self) -> bool:
        return self.fired or time.monotonic() > self.ends

    @property
    def error(self) -> str:
        return f"timeout: no complete response within {self.seconds:g} s"

    def trace(self, event: str, info: dict[str, object]) -> None:
        """httpcore's trace hook: keep the socket of the connection (TCP, then TLS)."""
        if event in {"connection.connect_tcp.complete", "connection.start_tls.complete"}:
            stream = info.get("return_value")
            sock = getattr(stream, "get_extra_info", lambda _name: None)("socket")
            with self._lock:
                self._sock = sock if isinstance(sock, socket.socket) else self._sock
                late = self.fired
            if late:
                self._shut()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
        self._shut()

    def _shut(self) -> None:
        with self._lock:
            sock = self._sock
        if sock is None:
            return
        # the plain socket's shutdown, not SSLSocket's (which drops its TLS state under the reader):
        # it wakes the blocked read, and the reader sees a network error. A socket already closed
        # (the response ended just in time) raises OSError with fd -1, touching no other socket.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _inflate(chunks: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """Undo one gzip or deflate layer, at most ``_PIECE`` bytes per step, whatever the ratio.

    httpx's own decoders inflate each network chunk whole: 64 KB of a gzip-of-gzip bomb
    would be gigabytes in memory before any cap could look at it.

    >>> body = "整改".encode() * 50000
    >>> b"".join(_inflate([__import__("gzip").compress(body)], "gzip")) == body
    True
    """
    decoder: Any = None
    head = b""
    try:
        for chunk in chunks:
            if decoder is None:
                head += chunk
                if len(head) < 2:
                    continue
                decoder, chunk = zlib.decompressobj(_wbits(encoding, head)), head
            yield from _pieces(decoder, chunk)
        if head and (decoder is None or not decoder.eof):  # zlib's flush() would take a cut stream silently
            raise zlib.error("truncated, the compressed stream does not end")
    except zlib.error as exc:
        raise httpx.DecodingError(f"{encoding} body: {exc}") from exc


def _wbits(encoding: str, head: bytes) -> int:
    """zlib's window bits: gzip; deflate zlib-wrapped (as the RFC says) or raw (as some servers send)."""
    if encoding == "gzip":
        return 31
    wrapped = (head[0] & 0x0F) == 8 and (head[0] << 8 | head[1]) % 31 == 0
    return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS


def _pieces(decoder: Any, data: bytes) -> Iterator[bytes]:
    while not decoder.eof:
        piece = decoder.decompress(data, _PIECE)
        if piece:
            yield piece
        data = decoder.unconsumed_tail
        if not data and len(piece) < _PIECE:  # a full piece may leave output inside zlib: ask again
            return


def _decoded(response: httpx.Response) -> Iterator[bytes]:
    """The body with its gzip/deflate layers undone (last applied first); other codings as sent."""
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
    stream: Iterable[bytes] = response.iter_raw()
    for coding in reversed(codings):
        if coding in {"gzip", "x-gzip", "deflate"}:
            stream = _inflate(stream, "deflate" if coding == "deflate" else "gzip")
    return iter(stream)


def now_iso() -> str:
    """The time now, UTC, to the second (a fetch's ``fetched_at``)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class _Robots:
    """One origin's robots.txt: the rules, why it allows nothing (when it could not be read), the delay asked."""

    parser: urllib.robotparser.RobotFileParser
    problem: str | None = None
    floor: float | None = None


def _robots_problem(result: FetchResult) -> str | None:
    """Why a robots.txt answer allows nothing, or None when it says what it says (200) or is missing (4xx).

    >>> _robots_problem(FetchResult("u", "u", None, error="network: ConnectError: refused"))
    'host unreachable (network: ConnectError: refused)'
    >>> _robots_problem(FetchResult("u", "u", 503))
    'robots.txt unreadable (HTTP 503): nothing is fetched from this host'
    """
    error = result.error or ""
    if result.status is None and "Connect" in error:  # ConnectError, ConnectTimeout: no connection at all
        return f"host unreachable ({error})"
    if result.status is None or (result.status == 200 and error):
        return f"robots.txt unreadable ({error or 'no answer'}): nothing is fetched from this host"
    if result.status in {401, 403}:
        return f"robots.txt refused (HTTP {result.status}): nothing is fetched from this host"
    if result.status >= 500:
        return f"robots.txt unreadable (HTTP {result.status}): nothing is fetched from this host"
    return None  # missing (4xx), or redirected away: unavailable, which allows everything (RFC 9309)


class Fetcher:
    """A polite, single-connection-per-host HTTP client.

    Args:
        allowed_hosts: origins that may be fetched, as URLs or bare hosts (see
            ``allowed_origins``); redirects elsewhere, another port included, are refused.
        delay: mean seconds between requests to one host (jittered ±50%); 0 for tests.
        timeout: seconds for connect and for each read, and for each whole response
            (a server trickling bytes is cut at this deadline).
        retries: extra attempts on 429, 5xx, timeouts and connection errors.
        backoff: first retry wait in seconds, doubled each time.
        max_bytes: the size cap; a longer body is cut off while streaming and reported.
        obey_robots: read /robots.txt of each host and skip disallowed URLs.
    """

    def __init__(
        self,
        allowed_hosts: Iterable[str],
        *,
        delay: float = DELAY,
        timeout: float = TIMEOUT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        max_bytes: int = MAX_BYTES,
        obey_robots: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.origins = allowed_origins(allowed_hosts)
        self.delay, self.timeout, self.retries, self.backoff = delay, timeout, retries, backoff
        self.max_bytes, self.obey_robots, self.sleep = max_bytes, obey_robots, sleep
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=False,
            limits=httpx.Limits(max_keepalive_connections=0),  # a fresh socket per request, for _Deadline
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self.requests = 0
        self.notes: list[str] = []  # what a crawl should say: a Crawl-delay capped

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def allowed(self, url: str) -> bool:
        """True when the URL's origin is allowed and robots.txt lets us fetch it."""
        return self.refusal(url) is None

    def refusal(self, url: str) -> str | None:
        """Why a URL is not fetched (outside the hosts, robots.txt, an unreachable host), or None."""
        if not self.allowed_origin(url):
            return "outside the allowed hosts"
        if not self.obey_robots:
            return None
        robots = self._robots_for(url)
        if robots.parser.can_fetch(USER_AGENT, url):
            return None
        return robots.problem or "robots.txt disallows"

    def allowed_origin(self, url: str) -> bool:
        """True when the URL's scheme, host and port are one of the allowed origins."""
        return url_origin(url) in self.origins

    def _robots_for(self, url: str) -> _Robots:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._read_robots(key)
        return self._robots[key]

    def _read_robots(self, key: str) -> _Robots:
        """robots.txt of one origin, following redirects within the allowed origins (RFC 9309).

        Missing (4xx) allows everything; a server error, a cut or oversized body, a
        refusal (401/403) or a host that does not answer allows nothing, each with its own reason.
        """
        parser = urllib.robotparser.RobotFileParser(key + "/robots.txt")
        url, result = key + "/robots.txt", FetchResult(key, key, None)
        for _hop in range(_MAX_REDIRECTS + 1):
            result = self._get_retrying(url, {})
            target = checked_url(urljoin(url, result.headers.get("location", "")))[0] \
                if result.status in _REDIRECTS else None
            if target is None or not self.allowed_origin(target):
                break
            url = target
        problem = _robots_problem(result)
        if problem is not None:
            parser.disallow_all = True  # type: ignore[attr-defined]
        elif result.status == 200:
            text = _CRAWL_DELAY.sub(lambda m: m.group(1) + "9" * 12, result.content.decode("utf-8", errors="replace"))
            parser.parse(text.splitlines())
        else:
            parser.allow_all = True  # type: ignore[attr-defined]
        return _Robots(parser, problem, self._crawl_delay(key, parser))

    def _crawl_delay(self, key: str, parser: urllib.robotparser.RobotFileParser) -> float | None:
        """The Crawl-delay robots.txt asks of us, capped at ``MAX_CRAWL_DELAY`` (a cap that is said)."""
        asked = parser.crawl_delay(USER_AGENT)
        if asked is None:
            return None
        if float(asked) > MAX_CRAWL_DELAY:
            self.notes.append(f"robots.txt of {key} asks a Crawl-delay of {asked} s: capped at {MAX_CRAWL_DELAY:g} s")
            return MAX_CRAWL_DELAY
        return float(asked)

    def _wait_turn(self, host: str, floor: float | None) -> None:
        if self.delay <= 0 and not floor:
            return
        pause = max(self.delay * random.uniform(0.5, 1.5), floor or 0.0)  # jitter: 1–3 s for 2 s
        elapsed = time.monotonic() - self._last.get(host, 0.0)
        if elapsed < pause:
            self.sleep(pause - elapsed)

    def _get_once(self, url: str, headers: dict[str, str], form: dict[str, str] | None = None) -> FetchResult:
        """One GET (a POST of ``form`` when given), streamed and cut off at the cap; network errors become ``error``."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        robots = self._robots.get(f"{parts.scheme}://{parts.netloc}")
        self._wait_turn(host, robots.floor if robots is not None else None)
        self.requests += 1
        result = FetchResult(url, url, None, fetched_at=now_iso())
        deadline = _Deadline(self.timeout)
        try:
            with deadline, self.client.stream("GET" if form is None else "POST", url, headers=headers, data=form,
                                              extensions={"trace": deadline.trace}) as response:
                result.status = response.status_code
                result.headers = {k.lower(): v for k, v in response.headers.items()}
                result.content, result.error = self._read_capped(response, deadline)
        except httpx.TimeoutException as exc:
            result.error = deadline.error if deadline.passed else f"timeout: {type(exc).__name__}"
        except httpx.HTTPError as exc:
            result.error = deadline.error if deadline.passed else f"network: {type(exc).__name__}: {exc}"
            if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc).lower():
                result.error = f"invalid redirect: {exc}"  # the server's fault, not the network's: no retry
        except httpx.InvalidURL as exc:  # not an HTTPError; the URL asked for was checked, so it is the Location
            result.error = f"invalid redirect: {exc}"
        finally:
            self._last[host] = time.monotonic()
        result.sha256 = hashlib.sha256(result.content).hexdigest() if result.content else ""
        return result

    def _read_capped(self, response: httpx.Response, deadline: _Deadline) -> tuple[bytes, str | None]:
        """The decoded body, or an error once it passes the cap or the deadline.

        The cap counts decompressed bytes and is checked every ``_PIECE`` of inflation, so a
        gzip bomb (of any depth) is stopped as it grows.
        """
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return b"", f"too large: Content-Length {declared} (limit {self.max_bytes})"
        chunks, size = [], 0
        for chunk in _decoded(response):
            size += len(chunk)
            if size > self.max_bytes:
                return b"", f"too large: more than {self.max_bytes} bytes"
            if deadline.passed:
                return b"", deadline.error
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
        checked, problem = checked_url(url)
        if checked is None:
            return FetchResult(url, url, None, fetched_at=now_iso(), error=f"invalid URL: {problem}")
        current = checked
        for _hop in range(_MAX_REDIRECTS + 1):
            why = self.refusal(current)
            if why is not None:
                return FetchResult(url, current, None, fetched_at=now_iso(), error=f"refused: {why}")
            result = self._get_retrying(current, headers)
            location = result.headers.get("location")
            if result.status in _REDIRECTS and location:
                try:
                    target, problem = checked_url(urljoin(current, location))
                except ValueError as exc:
                    target, problem = None, f"malformed: {exc}"
                if target is None:
                    return FetchResult(url, current, result.status, fetched_at=now_iso(),
                                       error=f"invalid redirect to {location[:200]!r}: {problem}")
                current = target
                continue
            result.url, result.final_url = url, current
            result.blocked = result.error is None and is_challenge(result.status, result.content)
            return result
        return FetchResult(url, current, None, fetched_at=now_iso(), error="too many redirects")

    def post_query(self, url: str) -> FetchResult:
        """POST a URL's query parameters as a form to it (Hanweb's dataproxy.jsp answers only so on some sites).

        Same politeness, host and robots rules as ``get``; redirects are not followed.
        """
        why = self.refusal(url)
        if why is not None:
            return FetchResult(url, url, None, fetched_at=now_iso(), error=f"refused: {why}")
        result = self._get_retrying(url, {}, dict(parse_qsl(urlsplit(url).query)))
        result.blocked = result.error is None and is_challenge(result.status, result.content)
        return result
