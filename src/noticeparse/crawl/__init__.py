"""Crawling: polite fetching (``fetch``, the only module that touches the network) into the raw store.

The face of the stage: other stages import only from here.
"""

from noticeparse.crawl.crawler import (
    MAX_ARTICLES,
    MAX_PAGES,
    CrawlOptions,
    CrawlReport,
    auto_profile,
    crawl,
    crawl_sources,
    site_profile,
    with_limits,
)
from noticeparse.crawl.fetch import DELAY, MAX_BYTES, TIMEOUT, Fetcher, FetchResult, is_challenge
from noticeparse.crawl.raw_store import RawStore, site_name

__all__ = [
    "DELAY",
    "MAX_ARTICLES",
    "MAX_BYTES",
    "MAX_PAGES",
    "TIMEOUT",
    "CrawlOptions",
    "CrawlReport",
    "FetchResult",
    "Fetcher",
    "RawStore",
    "auto_profile",
    "crawl",
    "crawl_sources",
    "is_challenge",
    "site_name",
    "site_profile",
    "with_limits",
]
