"""Crawl one site with a family profile into the raw store (no parsing, no network of its own).

The raw store is ``raw_store.RawStore``; list pages are read by ``paging``. All network goes
through ``fetch.Fetcher``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from noticeparse.crawl.fetch import (
    BACKOFF,
    DELAY,
    MAX_BYTES,
    RETRIES,
    TIMEOUT,
    Fetcher,
    FetchResult,
    now_iso,
)
from noticeparse.crawl.paging import (
    MAX_LINKS,
    PageLinks,
    article_links,
    decode_page,
    hanweb_facts,
    hanweb_page_numbers,
    next_pages,
)
from noticeparse.crawl.raw_store import RawStore, site_name
from noticeparse.errors import NoticeError
from noticeparse.parse import HtmlText, extract_page, url_date
from noticeparse.progress import Ticker
from noticeparse.rules import load_rules
from noticeparse.settings import CRAWL_LIMITS, MAX_ARTICLES, MAX_PAGES, settle
from noticeparse.sites import Profile, detect_family, load_profile, load_profile_file, with_start

__all__ = [
    "MAX_ARTICLES", "MAX_PAGES", "CrawlOptions", "CrawlReport", "auto_profile", "crawl", "crawl_sources",
    "site_profile", "with_limits",
]


@dataclass
class CrawlOptions:
    """How far and how politely to crawl, and the rules root whose site profiles and 信息公开 rules apply."""

    rules_root: Path | None = None
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
    max_links: int = MAX_LINKS  # article links taken from one list page


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
    warnings: list[str] = field(default_factory=list)  # links dropped at the cap, a Crawl-delay capped
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
        warned = f", {len(self.warnings)} warnings" if self.warnings else ""
        return (f"site {self.site}: {self.list_pages} list pages, {self.new_articles} new articles, "
                f"{self.known_articles} already known, {self.attachments} attachments, "
                f"{self.blocked} blocked, {len(self.errors)} errors{warned}; stopped: {self.stopped}")


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
        pages = next_pages(start, first or "", self.profile)
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
        self.report.warnings += self.fetcher.notes
        return self.report

    def _page_number_fallback(self, start: str, first: str) -> Iterator[str] | None:
        """Hanweb: the ``pageNum=`` list pages, tried when the dataproxy answers nothing."""
        if not self.profile.xml_rows or not first:
            return None
        facts = hanweb_facts(first)
        return hanweb_page_numbers(start, facts) if facts["proxy"] and facts["total"] else None

    def _list_page(self, url: str) -> str | None:
        """Fetch one list page and its new articles; None when the crawl should stop."""
        last = self.store.last(url) if self.incremental else None
        result = self.fetcher.get(url, etag=(last or {}).get("etag"), last_modified=(last or {}).get("last_modified"))
        if self.profile.xml_rows and "dataproxy.jsp" in url and "<record>" not in decode_page(result):
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
        text = decode_page(result)
        found = article_links(text, result.final_url, self.profile, self.fetcher.origins, self.options.max_links)
        self._say_link_problems(url, found)
        fresh = [u for u in found.links if u not in self.seen_links]
        if not fresh:
            self.report.stopped = "list page with no new links"
            return None
        self.seen_links.update(fresh)
        return text if self._articles(fresh) else None

    def _say_link_problems(self, url: str, found: PageLinks) -> None:
        """Article links that are no URL become error rows; links past the cap, one row saying how many."""
        for href, why in found.invalid:
            if href in self.seen_links:
                continue
            self.seen_links.add(href)
            bad = FetchResult(href, href, None, fetched_at=now_iso(), error=f"invalid URL: {why}")
            self.store.record(bad, "article", parent=url)
            self._failed(bad)
        if found.dropped:
            note = f"{url}: {found.dropped} more article links past the first {self.options.max_links} dropped"
            self.store.record(FetchResult(url, url, None, fetched_at=now_iso(), error=note), "links-dropped")
            self.report.warnings.append(note)

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
        try:
            page = extract_page(decode_page(result), profile=self.profile, url=result.final_url,
                                rules=load_rules(self.options.rules_root))
        except NoticeError:  # over a markup cap: kept as fetched; its parse gives the error row
            page = HtmlText("")
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


Limits = Mapping[str, Any]  # some of max_pages, max_articles, delay, since (None: not set)


def with_limits(options: CrawlOptions, profile: Profile, *, pipeline: Limits | None = None,
                cmdline: Limits | None = None) -> CrawlOptions:
    """The options with the run's limits and pace, by priority: default < profile < pipeline file < command line.

    >>> limited = with_limits(CrawlOptions(), load_profile("trs"), cmdline={"max_articles": 50})
    >>> limited.max_pages, limited.max_articles
    (100, 50)
    """
    chosen = settle({
        "default": CRAWL_LIMITS,
        "profile": {"max_pages": profile.max_pages, "max_articles": profile.max_articles, "delay": profile.delay,
                    "since": profile.since},
        "pipeline": pipeline,
        "cmdline": cmdline,
    })
    if unknown := set(chosen) - set(CRAWL_LIMITS):
        raise ValueError(f"unknown crawl limits {sorted(unknown)}; known: {', '.join(CRAWL_LIMITS)}")
    return replace(options, **chosen)


def auto_profile(url: str, options: CrawlOptions | None = None) -> Profile:
    """Fetch a list page once and pick its family from the page's markers (else its URL)."""
    options = options or CrawlOptions()
    with Fetcher({url}, delay=0, timeout=options.timeout, retries=options.retries,
                 backoff=options.backoff, max_bytes=options.max_bytes, obey_robots=options.obey_robots) as fetcher:
        result = fetcher.get(url)
    page = decode_page(result) if result.ok else ""
    return with_start(detect_family(url, page, options.rules_root), url)


def site_profile(target: str, family: str = "auto", options: CrawlOptions | None = None, *,
                 base: Path | None = None) -> Profile:
    """The profile a crawl of ``target`` runs: a site's profile file, or a family pointed at a list-page URL.

    ``family`` ``auto`` fetches the list page once to detect it. A relative profile path that does
    not exist is looked up under ``base`` (a pipeline file's project folder).

    Raises:
        ProfileError: the file or the family does not follow the schema or is unknown.
        OSError: the profile file cannot be read.
    """
    options = options or CrawlOptions()
    if not target.startswith(("http://", "https://")):
        path = Path(target)
        return load_profile_file(path if path.exists() or base is None else base / path, options.rules_root)
    if family == "auto":
        return auto_profile(target, options)
    return with_start(load_profile(family, options.rules_root), target)


def _ticking(ticker: Ticker) -> Callable[[CrawlReport], None]:
    """A progress callback that writes the report's status line now and then."""
    return lambda report: ticker.tick(report.status)


def crawl_sources(config: Any, rules_root: Path | None = None) -> int:
    """Crawl every site source of a pipeline config into ``config.raw``; 1 when one failed outright.

    A source names a ``list_url`` (with ``family``, default auto) or a ``profile`` file; its limits
    are the pipeline layer (``with_limits``). Profiles come from ``rules_root`` (the run's settings).
    """
    failed = 0
    for source in config.sources:
        if not (source.list_url or source.profile):
            continue
        options = CrawlOptions(rules_root=rules_root)
        profile = site_profile(source.profile or source.list_url, source.family, options, base=Path(config.raw).parent)
        since = date.fromisoformat(source.since) if source.since else None
        options = with_limits(options, profile, pipeline={
            "max_pages": source.max_pages, "max_articles": source.max_articles, "delay": source.delay, "since": since})
        ticker = Ticker()
        report = crawl(profile, Path(config.raw), options, on_progress=_ticking(ticker))
        ticker.close()
        print(report.render())
        failed |= report.new_articles == 0 and not report.known_articles and bool(report.errors)
    return 1 if failed else 0
