"""Site family profiles (站点模板): list pages, pagination, article links and field selectors.

Profiles are data: one family per ``rules/sites/<family>.yaml`` (schema in ``rules/sites/README.md``);
the families are the files found there, never a list in code. ``generic.yaml`` is the profile
of a template no family knows. Its lists give the order in which its selectors are tried, and
every body, field and attachment selector and article-link pattern of a family that they do
not name is appended when the profiles load (``_derive_generic``): a selector added to a
family reaches the generic profile without a second copy. A site's own profile file has
``extends: <family>`` plus ``start`` URLs and overrides.

Profiles are read from the rules root of the run (``--rules DIR``: ``DIR/sites``), compiled
once per root and version of its files. No network and no HTML work here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import regex

from noticeparse.rules import RuleError, default_rules_root, read_yaml
from noticeparse.sites.header import HEADER_FIELDS

__all__ = [
    "GENERIC", "Profile", "ProfileError", "SiteProfiles", "families", "find_hrefs", "load_profile",
    "load_profile_file", "load_sites", "sites_root", "unknown_profile", "with_start",
]

GENERIC = "generic"  # the profile of a template no family knows (derived from the families)
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


@dataclass(frozen=True)
class SiteProfiles:
    """Every site family's profile under one rules root, and the generic profile derived from them."""

    folder: Path
    profiles: Mapping[str, Profile]  # by family: the families in name order, then the generic profile
    data: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, repr=False)  # each as read (generic derived)

    @property
    def families(self) -> tuple[str, ...]:
        """The families with a template of their own (every profile but the generic one)."""
        return tuple(name for name in self.profiles if name != GENERIC)

    @property
    def generic(self) -> Profile:
        """The profile of a template no family knows."""
        return self.profiles[GENERIC]

    def profile(self, family: str) -> Profile:
        """The profile of ``family``.

        Raises:
            ProfileError: no ``<family>.yaml`` under the rules root.
        """
        try:
            return self.profiles[family]
        except KeyError:
            raise ProfileError(f"unknown family {family!r}; one of {', '.join(self.profiles)} "
                               f"(the files of {self.folder})") from None


def sites_root(root: Path | None = None) -> Path:
    """The folder holding the family profiles: ``<rules root>/sites``."""
    return Path(root or default_rules_root()) / "sites"


def load_sites(root: Path | None = None) -> SiteProfiles:
    """Every family profile of ``<root>/sites`` (the default rules when None), compiled once per version.

    >>> sites = load_sites()
    >>> "trs" in sites.families, sites.generic.family
    (True, 'generic')
    """
    folder = sites_root(root)
    return _load_sites(folder, _signature(folder))


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """The profile files' names, times and sizes: an edited file is read again."""
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return tuple((p.name, (s := p.stat()).st_mtime_ns, s.st_size) for p in paths)


@functools.lru_cache(maxsize=16)
def _load_sites(folder: Path, signature: tuple[tuple[str, int, int], ...]) -> SiteProfiles:
    raw = {Path(name).stem: _family_data(folder / name) for name, _time, _size in signature}
    own = raw.pop(GENERIC, {"family": GENERIC})
    raw[GENERIC] = _derive_generic(own, raw.values())
    profiles = {name: _compile(data, str(folder / f"{name}.yaml")) for name, data in raw.items()}
    return SiteProfiles(folder, profiles, raw)


def _family_data(path: Path) -> dict[str, Any]:
    """A family file as read; its ``family:`` key, when it has one, is its file name."""
    data = _read_yaml(path)
    if data.setdefault("family", path.stem) != path.stem:
        raise ProfileError(f"{path}: family {data['family']!r} is not the file's name {path.stem!r}")
    return data


def _derive_generic(own: Mapping[str, Any], families: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """``generic.yaml`` with every family's body, field and attachment selectors and article links it lacks.

    Its own entries keep their order (specific selectors before catch-alls); the others follow,
    family by family. List pages, detection and drops stay its own: a family's drop removes
    where that family keeps fields, and its page count may count records, not pages.
    """
    derived = dict(own)
    for family in families:
        derived["body"] = _appended(derived.get("body"), family.get("body"))
        derived["attachments"] = _appended(derived.get("attachments"), family.get("attachments"))
        article = dict(derived.get("article") or {})
        article["link"] = _appended(article.get("link"), (family.get("article") or {}).get("link"))
        derived["article"] = article
        selectors = dict(derived.get("fields") or {})
        for name, values in (family.get("fields") or {}).items():
            selectors[name] = _appended(selectors.get(name), values)
        derived["fields"] = selectors
    return derived


def _appended(mine: Any, theirs: Any) -> list[str]:
    kept = list(_strings(mine))
    return kept + [v for v in dict.fromkeys(_strings(theirs)) if v not in kept]


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
    unknown = set(raw.get("fields") or {}) - set(HEADER_FIELDS)
    if unknown:
        raise ProfileError(f"{where}: fields {sorted(unknown)} are no header fields ({', '.join(HEADER_FIELDS)})")
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


def families(root: Path | None = None) -> tuple[str, ...]:
    """Every profile a ``--family`` may name: the families of ``<root>/sites``, then ``generic``.

    >>> families()[-1]
    'generic'
    """
    return tuple(load_sites(root).profiles)


def load_profile(family: str, root: Path | None = None) -> Profile:
    """The profile of ``family`` (``<root>/sites/<family>.yaml``; ``generic`` is derived).

    >>> load_profile("trs").body[0]
    '.Article_61 .content'
    """
    return load_sites(root).profile(family)


def load_profile_file(path: Path, root: Path | None = None) -> Profile:
    """Load a site's own profile file, laid over the family it ``extends``."""
    data = _read_yaml(path)
    family = str(data.get("extends") or data.get("family") or GENERIC)
    known = load_sites(root)
    known.profile(family)  # an unknown family is an error, not an empty base
    base = dict(known.data[family])
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


def unknown_profile(root: Path | None = None) -> Profile:
    """The generic profile with no body or field selectors: what a page of an unknown template gets."""
    return replace(load_sites(root).generic, body=(), fields={})


def with_start(profile: Profile, url: str) -> Profile:
    """The profile pointed at one list page URL."""
    return replace(profile, start=(url,))
