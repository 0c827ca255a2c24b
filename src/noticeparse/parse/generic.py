"""Pages no site profile knows: the cascade of generic extractors behind the profiles.

Measured on every HTML page of ``../shared/corpus`` (``noticeparse eval``, table "pages no
profile knows"): our densest-paragraph block with the meta tags, the 信息公开 table and the
header line beats trafilatura and GNE on title, date and body on both corpora, so it is the
first stage. htmldate (trafilatura's date finder; optional: ``pip install -e '.[generic]'``) only
adds a publish date from the markup when ours found none; without it the cascade stops at ours.
"""

from __future__ import annotations

from noticeparse.extract import parse_ymd

__all__ = ["fallback_date"]


def fallback_date(page: str, url: str | None = None) -> str | None:
    """The publish date htmldate (trafilatura's date finder) reads off a page's markup, or None.

    Only markup is searched (meta tags, time elements, dated URLs): htmldate's extensive text
    search makes up dates such as 2023-01-01 from a bare 2023年 and is never used.

    >>> fallback_date("<p>请于2023年5月21日前报送</p>") is None
    True
    """
    try:
        from htmldate import find_date
    except ImportError:
        return None
    try:
        found = find_date(page, url=url, extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 -- a third-party failure on one page is a missing date, not a crash
        return None
    day = parse_ymd(found) if found else None
    return day.isoformat() if day else None
