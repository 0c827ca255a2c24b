"""Pages no site profile knows: the cascade of generic extractors behind the profiles.

Measured on every HTML page of ``../shared/corpus`` (``noticeparse eval``, table "pages no
profile knows"): our densest-paragraph block with the meta tags, the 信息公开 table and the
header line beats trafilatura and GNE on title, date and body on both corpora, so it is the
first stage. trafilatura (optional: ``pip install -e '.[generic]'``) only adds a publish date
when ours found none; without it the cascade stops at our stage.
"""

from __future__ import annotations

from typing import Any

from noticeparse.html_text import iso_date

__all__ = ["fallback_date"]


def fallback_date(page: str | Any, url: str | None = None) -> str | None:
    """The publish date trafilatura (htmldate) finds on a page, or None when it is not installed.

    >>> fallback_date("<p>正文</p>") is None
    True
    """
    try:
        from trafilatura import extract_metadata
    except ImportError:
        return None
    try:
        meta = extract_metadata(page, default_url=url)
    except Exception:  # noqa: BLE001 -- a third-party failure on one page is a missing date, not a crash
        return None
    return iso_date(getattr(meta, "date", None)) if meta is not None else None
