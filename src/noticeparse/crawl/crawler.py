"""Crawl one site with a family profile into the raw store (no parsing, no network of its own).

The raw store, per site: ``RAW/<site>/<yyyy>/<sha256>.<ext>`` (the exact bytes) with a
``.json`` sidecar, ``seen.jsonl`` (an append-only log of every URL tried, flushed per
line, which makes a killed run resumable), ``state.json`` and ``manifest.parquet``.
File names come from content hashes, never from URLs. All network goes through
``fetch.Fetcher``.
"""

from __future__ import annotations

import html
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pyarrow as pa
import regex

from noticeparse.crawl.fetch import (
    BACKOFF,
    DELAY,
    MAX_BYTES,
    RETRIES,
    TIMEOUT,
    Fetcher,
    FetchResult,
    Origin,
    url_origin,
)
from noticeparse.parse import (
    Profile,
    declared_charset,
    decode_bytes,
    extract_page,
    find_hrefs,
    sidecar_of,
    url_date,
)
from noticeparse.progress import Ticker
from noticeparse.store import atomic_write_bytes, write_table

__all__ = [
    "MAX_ARTICLES", "MAX_PAGES", "CrawlOptions", "CrawlReport", "RawStore", "auto_profile", "crawl",
    "crawl_sources", "site_name", "with_limits",
]

MAX_PAGES = 100
MAX_ARTICLES = 1000  # per run: a list page with 10k links is walked over several runs, each bounded

_SAFE = regex.compile(r"[^a-z0-9.-]+|\.{2,}")
_EXTENSIONS = {"html", "htm", "shtml", "pdf", "doc", "docx", "ofd", "xls", "xlsx", "wps", "zip"}
_MANIFEST = pa.schema([
    ("url", pa.string()), ("kind", pa.string()), ("status", pa.int32()), ("final_url", pa.string()),
    ("sha256", pa.string()), ("path", pa.string()), ("fetched_at", pa.string()), ("blocked", pa.bool_()),
    ("error", pa.string()), ("parent", pa.string()),
])


@dataclass
class CrawlOptions:
    """How far and how politely to crawl."""

    since: date | None = None
    max_pages: int = MAX_PAGES
    max_articles: int = MAX_ARTICLES
    delay: float = DELAY
    timeout: float = TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    max_bytes: int = MAX_BYTES
    obey_robots: bool = True
    attachments: bool = True


@dataclass
class CrawlReport:
    """What a crawl did."""

    site: str
    list_pages: int = 0
    new_articles: int = 0
    known_articles: int = 0
    attachments: int = 0
    blocked: int = 0
    errors: list[str] = field(default_factory=list)
    stopped: str = ""
    started: float = field(default_factory=time.perf_counter, repr=False)

    def status(self) -> str:
        """The progress line while the crawl runs: pages, articles, rate, errors.

        >>> r = CrawlReport("example.org", list_pages=3, new_articles=20); r.started -= 600; r.status()[:57]
        'crawl example.org: 3 list pages, 20 new articles (2.0/min'
        """
        minutes = max(time.perf_counter() - self.started, 1e-9) / 60
        return (f"crawl {self.site}: {self.list_pages} list pages, {self.new_articles} new articles "
                f"({self.new_articles / minutes:.1f}/min), {self.known_articles} known, "
                f"{self.attachments} attachments, {len(self.errors)} errors")

    def render(self) -> str:
        """One line per fact, for the terminal."""
        return (f"site {self.site}: {self.list_pages} list pages, {self.new_articles} new articles, "
                f"{self.known_articles} already known, {self.attachments} attachments, "
                f"{self.blocked} blocked, {len(self.errors)} errors; stopped: {self.stopped}")


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


def _decode(result: FetchResult) -> str:
    charset = declared_charset(result.headers.get("content-type"), result.content)
    try:
        return decode_bytes(result.content, charset).text
    except Exception:  # noqa: BLE001 -- a list page that will not decode has no links; the crawl goes on
        return ""


def _links(text: str, base: str, profile: Profile, origins: frozenset[Origin]) -> list[str]:
    """Article URLs on a list page (or in a Hanweb XML datastore), in page order, once each.

    Only links within ``origins`` (scheme, host and port) count: another port on the same
    host is another site.
    """
    found: list[str] = []
    for href in find_hrefs(text):
        url = urljoin(base, html.unescape(href)).split("#")[0]
        path = urlsplit(url).path
        if url_origin(url) in origins and url not in found and any(p.search(path) for p in profile.article_link):
            found.append(url)
    return found


def _page_count(text: str, profile: Profile) -> int | None:
    for pattern in profile.page_count:
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    return None


def _next_pages(start: str, first_text: str, profile: Profile) -> Iterator[str]:
    """URLs of the list pages after the first (open-ended when the count is unknown)."""
    if profile.xml_rows:
        yield from _hanweb_pages(start, first_text)
        return
    count = _page_count(first_text, profile)
    index = profile.first_page_index
    while count is None or index < profile.first_page_index + count - 1:
        yield urljoin(start, profile.page_pattern.format(n=index))
        index += 1


def _hanweb_pages(start: str, first_text: str) -> Iterator[str]:
    """The rest of a Hanweb column: dataproxy.jsp record ranges, else ``pageNum=`` pages.

    Columns often carry only the first records inline; the total is in ``<totalrecord>`` or
    only in the jpage script (``totalRecord:235``), the proxy's URL and parameters in the
    datastore's ``nextgroup`` or in the script (``proxyUrl``, ``ajaxParam``).
    """
    facts = hanweb_facts(first_text)
    total, per, inline = facts["total"], facts["per"], facts["inline"]
    if total is None or total <= inline:
        return
    if facts["proxy"]:
        base = urljoin(start, facts["proxy"])
        step = inline or per
        for begin in range(inline + 1, total + 1, step):
            joiner = "&" if "?" in base else "?"
            yield f"{base}{joiner}startrecord={begin}&endrecord={min(begin + step - 1, total)}&perpage={per}"
        return
    yield from _hanweb_page_numbers(start, facts)


def _hanweb_page_numbers(start: str, facts: dict[str, Any]) -> Iterator[str]:
    """The no-script fallback of a column: ``index.html?uid=<unit>&pageNum=<n>``."""
    total, per = facts["total"] or 0, facts["per"] or 15
    pages = -(-total // per)
    base = start.split("?")[0]
    uid = f"uid={facts['unitid']}&" if facts.get("unitid") else ""
    for number in range(2, pages + 1):
        yield f"{base}?{uid}pageNum={number}"


_JPAGE_TOTAL = regex.compile(r"""totalRecord\s*[:=]\s*['"]?(\d+)""", regex.I)
_JPAGE_PER = regex.compile(r"""perPage\s*[:=]\s*['"]?(\d+)""", regex.I)
_JPAGE_PROXY = regex.compile(r"""proxyUrl\s*[:=]\s*['"]([^'"]+)['"]""", regex.I)
_JPAGE_PARAMS = regex.compile(r"""ajaxParam\s*[:=]\s*\{([^}]*)\}""", regex.I)
_JS_PAIR = regex.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:['"]([^'"]*)['"]|([\w.-]+))""")


def hanweb_facts(text: str) -> dict[str, Any]:
    """What a Hanweb column page says about its rows: total, per page, inline count, proxy URL.

    >>> facts = hanweb_facts("<record>a</record><script>$('#1').jpage({totalRecord:40, perPage:15,"
    ...     " proxyUrl:'/module/web/jpage/dataproxy.jsp', ajaxParam:{columnid:12, unitid:'34'}})</script>")
    >>> facts["total"], facts["per"], facts["inline"], facts["proxy"]
    (40, 15, 1, '/module/web/jpage/dataproxy.jsp?columnid=12&unitid=34')
    """
    inline = len(regex.findall(r"<record>", text))
    total = regex.search(r"<totalrecord>\s*(\d+)", text) or _JPAGE_TOTAL.search(text)
    pages = regex.search(r"<totalpage>\s*(\d+)", text)
    per_match = _JPAGE_PER.search(text)
    per = int(per_match.group(1)) if per_match else (inline or 15)
    count = int(total.group(1)) if total else (int(pages.group(1)) * per if pages else None)
    params = {k: a or b for k, a, b in _JS_PAIR.findall(m.group(1))} if (m := _JPAGE_PARAMS.search(text)) else {}
    inline_proxy = regex.search(r"""(/module/web/jpage/dataproxy\.jsp\?[^"'<>\s\]]+)""", text)
    proxy = html.unescape(inline_proxy.group(1)) if inline_proxy else None
    script_proxy = _JPAGE_PROXY.search(text)
    if proxy is None and script_proxy:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        proxy = script_proxy.group(1) + (("&" if "?" in script_proxy.group(1) else "?") + query if query else "")
    unit = params.get("unitid") or (u.group(1) if (u := regex.search(r"""uid=(\d+)""", text)) else None)
    return {"total": count, "per": per, "inline": inline, "proxy": proxy, "unitid": unit}


class _Crawl:
    """One run over one site; state lives in the store so a kill loses nothing."""

    def __init__(self, profile: Profile, store: RawStore, fetcher: Fetcher, options: CrawlOptions,
                 on_article: Callable[[str], None] | None,
                 on_progress: Callable[[CrawlReport], None] | None = None) -> None:
        self.profile, self.store, self.fetcher, self.options = profile, store, fetcher, options
        self.report = CrawlReport(store.folder.name)
        self.on_progress = on_progress or (lambda _report: None)
        self.incremental = bool(store.state().get("complete"))
        self.on_article = on_article
        self.seen_links: set[str] = set()
        self.articles_tried = 0
        self.limited = False  # stopped by --max-articles: the next run resumes rather than goes incremental

    def run(self) -> CrawlReport:
        start = self.profile.start[0]
        self.store.set_state(complete=False, start=start, family=self.profile.family)
        first = self._list_page(start)
        stop = first is None
        pages = _next_pages(start, first or "", self.profile)
        fallback = self._page_number_fallback(start, first or "")
        while not stop:
            if self.report.list_pages >= self.options.max_pages:
                self.report.stopped = self.report.stopped or f"--max-pages {self.options.max_pages}"
                break
            url = next(pages, None)
            stop = url is None or self._list_page(url) is None
            # the proxy's first answer gave nothing (not a --since or known-article stop): pageNum= pages
            if (stop and url is not None and fallback is not None and "dataproxy.jsp" in url
                    and self.report.stopped.startswith("list page")):
                pages, stop, self.report.stopped = fallback, False, ""
            fallback = None
            if url is None:
                self.report.stopped = self.report.stopped or "last list page"
        self.store.set_state(complete=not self.limited, start=start, family=self.profile.family)
        self.store.write_manifest()
        return self.report

    def _page_number_fallback(self, start: str, first: str) -> Iterator[str] | None:
        """Hanweb: the ``pageNum=`` list pages, tried when the dataproxy answers nothing."""
        if not self.profile.xml_rows or not first:
            return None
        facts = hanweb_facts(first)
        return _hanweb_page_numbers(start, facts) if facts["proxy"] and facts["total"] else None

    def _list_page(self, url: str) -> str | None:
        """Fetch one list page and its new articles; None when the crawl should stop."""
        last = self.store.last(url) if self.incremental else None
        result = self.fetcher.get(url, etag=(last or {}).get("etag"), last_modified=(last or {}).get("last_modified"))
        if self.profile.xml_rows and "dataproxy.jsp" in url and "<record>" not in _decode(result):
            result = self.fetcher.post_query(url)  # some Hanweb servers answer the proxy by POST only
        self.store.record(result, "list")
        self.report.list_pages += 1
        self.on_progress(self.report)
        if result.status == 304:
            self.report.stopped = "list page unchanged (304)"
            return None
        if not result.ok:
            if not (result.status == 404 and self.report.list_pages > 1):  # a 404 past the last page is the end
                self._failed(result)
            self.report.stopped = f"list page {result.status or result.error}"
            return None
        text = _decode(result)
        links = _links(text, result.final_url, self.profile, self.fetcher.origins)
        fresh = [u for u in links if u not in self.seen_links]
        if not fresh:
            self.report.stopped = "list page with no new links"
            return None
        self.seen_links.update(fresh)
        return text if self._articles(fresh) else None

    def _articles(self, links: list[str]) -> bool:
        """Fetch the unknown articles; False when an older or known one says stop."""
        for url in links:
            found = url_date(url) if self.options.since else None
            if self.options.since and found and date.fromisoformat(found) < self.options.since:
                self.report.stopped = f"article older than --since {self.options.since}"
                return False
            if url in self.store.known:
                self.report.known_articles += 1
                if self.incremental:
                    self.report.stopped = "first already-known article"
                    return False
                continue
            if self.articles_tried >= self.options.max_articles:
                self.report.stopped = f"--max-articles {self.options.max_articles}"
                self.limited = True
                return False
            self.articles_tried += 1
            self._article(url)
        return True

    def _article(self, url: str) -> None:
        result = self.fetcher.get(url)
        if not result.ok:
            self._failed(result)
            self.store.record(result, "article")
            return
        page = extract_page(_decode(result), profile=self.profile, url=result.final_url)
        year = (page.fields.get("publish_date") or result.fetched_at)[:4]
        attachments = [self._attachment(a, url, year) for a in page.attachments] if self.options.attachments else []
        extra = {"kind": "article", "family": self.profile.family, "title": page.fields.get("title"),
                 "attachments": [a for a in attachments if a]}
        path = self.store.save(result, year if year.isdigit() else "0000", extra)
        self.store.record(result, "article", path)
        self.report.new_articles += 1
        self.on_progress(self.report)
        if self.on_article:
            self.on_article(url)

    def _attachment(self, url: str, parent: str, year: str) -> dict[str, Any] | None:
        result = self.fetcher.get(url)
        if not result.ok:
            self._failed(result)
            self.store.record(result, "attachment", parent=parent)
            return None
        path = self.store.save(result, year if year.isdigit() else "0000", {"kind": "attachment", "parent": parent})
        self.store.record(result, "attachment", path, parent)
        self.report.attachments += 1
        return {"url": url, "sha256": result.sha256, "path": Path(path).name}

    def _failed(self, result: FetchResult) -> None:
        if result.blocked:
            self.report.blocked += 1
        self.report.errors.append(f"{result.url}: {'blocked' if result.blocked else result.error or result.status}")
        self.on_progress(self.report)


def crawl(profile: Profile, raw_root: Path, options: CrawlOptions | None = None, *,
          on_article: Callable[[str], None] | None = None,
          on_progress: Callable[[CrawlReport], None] | None = None) -> CrawlReport:
    """Crawl a site from its profile's first start URL into ``raw_root/<site>/``.

    ``on_progress`` is called with the report so far after every list page, article and error.

    Incremental runs (after a complete one) stop at the first already-known article;
    a killed run is resumed by the next one, which walks the lists and skips known articles.
    """
    options = options or CrawlOptions()
    start = profile.start[0]
    hosts = {start, *profile.allowed_hosts}
    store = RawStore(Path(raw_root) / site_name(start))
    with Fetcher(hosts, delay=options.delay, timeout=options.timeout, retries=options.retries,
                 backoff=options.backoff, max_bytes=options.max_bytes, obey_robots=options.obey_robots) as fetcher:
        return _Crawl(profile, store, fetcher, options, on_article, on_progress).run()


def with_limits(options: CrawlOptions, profile: Profile, *, max_pages: int | None = None,
                max_articles: int | None = None, delay: float | None = None,
                since: date | None = None) -> CrawlOptions:
    """The options with the run's limits and pace: the ones given, else the profile's, else the defaults.

    >>> from noticeparse.parse.profiles import load_profile
    >>> limited = with_limits(CrawlOptions(), load_profile("trs"), max_articles=50)
    >>> limited.max_pages, limited.max_articles
    (100, 50)
    """
    return replace(options, max_pages=max_pages or profile.max_pages or MAX_PAGES,
                   max_articles=max_articles or profile.max_articles or MAX_ARTICLES,
                   delay=_first(delay, profile.delay, DELAY), since=since or profile.since or options.since)


def _first(*values: float | None) -> float:
    return next(float(v) for v in values if v is not None)


def auto_profile(url: str, options: CrawlOptions | None = None) -> Profile:
    """Fetch a list page once and pick its family from the page's markers (else its URL)."""
    from noticeparse.parse import detect_family, with_start

    options = options or CrawlOptions()
    with Fetcher({url}, delay=0, timeout=options.timeout, retries=options.retries,
                 backoff=options.backoff, max_bytes=options.max_bytes, obey_robots=options.obey_robots) as fetcher:
        result = fetcher.get(url)
    return with_start(detect_family(url, _decode(result) if result.ok else ""), url)


def _ticking(ticker: Ticker) -> Callable[[CrawlReport], None]:
    """A progress callback that writes the report's status line now and then."""
    return lambda report: ticker.tick(report.status)


def crawl_sources(config: Any) -> int:
    """Crawl every site source of a pipeline config into ``config.raw``; 1 when one failed outright.

    A source names a ``list_url`` (with ``family``, default auto) or a ``profile`` file.
    """
    from noticeparse.parse import load_profile, load_profile_file, with_start

    failed = 0
    for source in config.sources:
        if not (source.list_url or source.profile):
            continue
        options = CrawlOptions()
        if source.profile:
            path = Path(source.profile)
            profile = load_profile_file(path if path.exists() else Path(config.raw).parent / path)
        elif source.family == "auto":
            profile = auto_profile(source.list_url, options)
        else:
            profile = with_start(load_profile(source.family), source.list_url)
        options = with_limits(options, profile, max_pages=source.max_pages, max_articles=source.max_articles,
                              delay=source.delay, since=date.fromisoformat(source.since) if source.since else None)
        ticker = Ticker()
        report = crawl(profile, Path(config.raw), options, on_progress=_ticking(ticker))
        ticker.close()
        print(report.render())
        failed |= report.new_articles == 0 and not report.known_articles and bool(report.errors)
    return 1 if failed else 0
