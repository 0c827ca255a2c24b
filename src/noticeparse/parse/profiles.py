"""Site family profiles (站点模板): list pages, pagination, article links and field selectors.

Profiles are data in ``rules/sites/<family>.yaml`` (schema in ``rules/sites/README.md``).
A site's own profile file has ``extends: <family>`` plus ``start`` URLs and overrides.
This module reads, validates and compiles them; it does no network and no HTML work.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import regex

from noticeparse.rules import RuleError, default_rules_root, read_yaml

__all__ = ["FAMILIES", "Profile", "ProfileError", "detect_family", "find_hrefs", "load_profile", "load_profile_file"]

FAMILIES = ("trs", "gd", "hanweb", "govcn", "generic")
_HREF = regex.compile(r"""href\s*=\s*["']?([^"'<>\s]+)""", regex.I)
_KEYS = {
    "family", "note", "extends", "start", "detect", "list", "article", "fields", "body", "drop",
    "attachments", "allowed_hosts", "since", "max_pages", "max_articles", "delay",
}


class ProfileError(ValueError):
    """A profile file that does not follow the schema."""


@dataclass(frozen=True)
class Profile:
    """One compiled site-family profile; selectors are CSS, tried in order."""

    family: str
    start: tuple[str, ...] = ()
    detect_url: tuple[regex.Pattern[str], ...] = ()
    detect_page: tuple[regex.Pattern[str], ...] = ()
    page_pattern: str = "index_{n}.html"
    first_page_index: int = 1
    page_count: tuple[regex.Pattern[str], ...] = ()
    xml_rows: bool = False
    article_link: tuple[regex.Pattern[str], ...] = ()
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    attachment_link: tuple[regex.Pattern[str], ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    max_pages: int | None = None
    max_articles: int | None = None
    delay: float | None = None
    since: date | None = None


def sites_root(root: Path | None = None) -> Path:
    """The folder holding the family profiles: ``rules/sites``."""
    return (root or default_rules_root()) / "sites"


def _patterns(values: Any, where: str) -> tuple[regex.Pattern[str], ...]:
    items = [values] if isinstance(values, str) else list(values or [])
    try:
        return tuple(regex.compile(v) for v in items)
    except regex.error as exc:
        raise ProfileError(f"{where}: bad pattern: {exc}") from exc


def _strings(values: Any) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values or ())


def _limit(value: Any, where: str) -> int | None:
    """A crawl limit: absent, or a whole number of at least 1."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ProfileError(f"{where} is a whole number of at least 1, not {value!r}")
    return value


def _compile(raw: Mapping[str, Any], where: str) -> Profile:
    unknown = set(raw) - _KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown keys {sorted(unknown)}")
    listing, detect, article = raw.get("list") or {}, raw.get("detect") or {}, raw.get("article") or {}
    return Profile(
        family=str(raw.get("family") or ""),
        start=_strings(raw.get("start")),
        detect_url=_patterns(detect.get("url"), where),
        detect_page=_patterns(detect.get("page"), where),
        page_pattern=str(listing.get("pages", "index_{n}.html")),
        first_page_index=int(listing.get("first_index", 1)),
        page_count=_patterns(listing.get("page_count"), where),
        xml_rows=bool(listing.get("xml_rows", False)),
        article_link=_patterns(article.get("link"), where),
        fields={k: _strings(v) for k, v in (raw.get("fields") or {}).items()},
        body=_strings(raw.get("body")),
        drop=_strings(raw.get("drop")),
        attachment_link=_patterns(raw.get("attachments"), where),
        allowed_hosts=_strings(raw.get("allowed_hosts")),
        max_pages=_limit(raw.get("max_pages"), f"{where}: max_pages"),
        max_articles=_limit(raw.get("max_articles"), f"{where}: max_articles"),
        delay=_delay(raw.get("delay"), f"{where}: delay"),
        since=_since(raw.get("since"), f"{where}: since"),
    )


def _delay(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ProfileError(f"{where} must be a number of seconds >= 0, not {value!r}")
    return float(value)


def _since(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ProfileError(f"{where} must be a date YYYY-MM-DD, not {value!r}") from None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = read_yaml(path) or {}
    except RuleError as exc:
        raise ProfileError(str(exc)) from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a mapping")
    return data


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Overlay a site's keys on its family's; nested mappings merge one level deep."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        else:
            merged[key] = value
    return merged


@functools.cache
def load_profile(family: str, root: Path | None = None) -> Profile:
    """Load the family profile ``rules/sites/<family>.yaml``.

    >>> load_profile("trs").body[0]
    '.Article_61 .content'
    """
    if family not in FAMILIES:
        raise ProfileError(f"unknown family {family!r}; one of {', '.join(FAMILIES)}")
    path = sites_root(root) / f"{family}.yaml"
    return _compile(_read_yaml(path), str(path))


def load_profile_file(path: Path, root: Path | None = None) -> Profile:
    """Load a site's own profile file, laid over the family it ``extends``."""
    data = _read_yaml(path)
    family = str(data.get("extends") or data.get("family") or "generic")
    base = _read_yaml(sites_root(root) / f"{family}.yaml") if family in FAMILIES else {}
    merged = _merge(base, {k: v for k, v in data.items() if k != "extends"})
    merged["family"] = family
    profile = _compile(merged, str(path))
    if not profile.start:
        raise ProfileError(f"{path}: a site profile needs start: [list page URL]")
    return profile


def find_hrefs(page: str) -> list[str]:
    """Every ``href`` value of a page (or of a Hanweb XML datastore), in page order, as written.

    >>> find_hrefs('<a href="/art/2023/5/7/art_1.html">x</a><a href=b.html>y</a>')
    ['/art/2023/5/7/art_1.html', 'b.html']
    """
    return [str(h) for h in _HREF.findall(page)]


def detect_family(url: str, page: str, root: Path | None = None) -> Profile:
    """Pick the family whose article links (weighted 2) and page markers best fit a list page.

    Many families share markers (gov.cn runs TRS too), so links decide; the URL breaks ties.
    """
    hrefs = [h.split("?")[0].split("#")[0] for h in find_hrefs(page)]
    best, best_score = load_profile("generic", root), 0
    for family in FAMILIES[:-1]:
        profile = load_profile(family, root)
        links = sum(1 for h in hrefs if any(p.search(h) for p in profile.article_link))
        score = 2 * links + sum(1 for p in profile.detect_page if p.search(page))
        score += sum(1 for p in profile.detect_url if p.search(url))
        if score > best_score:
            best, best_score = profile, score
    return best


def unknown_profile(root: Path | None = None) -> Profile:
    """The generic profile with no body or field selectors: what a page of an unknown template gets."""
    return replace(load_profile("generic", root), body=(), fields={})


def with_start(profile: Profile, url: str) -> Profile:
    """The profile pointed at one list page URL."""
    return replace(profile, start=(url,))
