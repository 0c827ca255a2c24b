"""Which site family a page belongs to: the one its sidecar records, else the one its links and markers fit.

The crawler records the family of every page it saves (``family`` in the sidecar); a page
without one (a file saved by hand, a page of another crawler) is matched against every
family's article links, page markers and URL patterns (``detect`` in ``rules/sites/*.yaml``).
"""

from __future__ import annotations

from pathlib import Path

from noticeparse.sites.profiles import Profile, find_hrefs, load_sites

__all__ = ["detect_family", "page_profile"]


def detect_family(url: str, page: str, root: Path | None = None) -> Profile:
    """Pick the family whose article links (weighted 2) and page markers best fit a page.

    Many families share markers (gov.cn runs TRS too), so links decide; the URL breaks ties.
    No fit at all gives the generic profile. Families are tried in name order.

    >>> detect_family("http://www.x.gov.cn/col/col123/index.html", '<a href="/art/2023/5/7/art_1_2.html">a</a>').family
    'hanweb'
    """
    sites = load_sites(root)
    hrefs = [h.split("?")[0].split("#")[0] for h in find_hrefs(page)]
    best, best_score = sites.generic, 0
    for family in sites.families:
        profile = sites.profile(family)
        links = sum(1 for h in hrefs if any(p.search(h) for p in profile.article_link))
        score = 2 * links + sum(1 for p in profile.detect_page if p.search(page))
        score += sum(1 for p in profile.detect_url if p.search(url))
        if score > best_score:
            best, best_score = profile, score
    return best


def page_profile(family: str | None, url: str | None, page: str, root: Path | None = None) -> Profile:
    """The profile to read an article page with: its recorded ``family`` when the rules know it, else detected.

    >>> page_profile("trs", None, "<p>x</p>").family, page_profile(None, None, "<p>x</p>").family
    ('trs', 'generic')
    """
    sites = load_sites(root)
    if family and family in sites.profiles:
        return sites.profile(family)
    return detect_family(url or "", page, root)
