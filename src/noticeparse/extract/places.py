"""Places (地名): administrative names a text writes, and the place of each level a notice is about.

Lexicon: ``rules/lexicon/places.txt`` (``name level short``, written by ``tools/places_lexicon.py``).
A full name (东莞市, 乐至县) counts anywhere; a short form (东莞, 平湖) only where a name of an
organisation or a publisher begins or ends with it (中共东莞滨海湾新区工作委员会, 清廉平湖), never inside
running text, where two-character stems are common words. Only names and levels are known, never
which county lies in which city: a round's body must be knowable from the text itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from noticeparse.rules import RuleSet

__all__ = ["Place", "Places", "load_places"]

# the level word a full name ends with, as a body word's level (市委 → 市)
_LEVEL_CHARS = ("自治区", "自治州", "自治县", "省", "市", "县", "区", "州", "盟", "旗")


@dataclass(frozen=True, slots=True)
class Place:
    """One place name found in a text: ``full`` its lexicon name, ``short`` its stem (or the full name)."""

    text: str
    start: int
    end: int
    full: str
    short: str
    level: str  # the level word: 省 市 县 区 州 …


def level_char(full: str) -> str:
    """The level word of a full name: 东莞市 → 市, 广西壮族自治区 → 省 (a province-level region).

    >>> level_char("乐至县"), level_char("内蒙古自治区"), level_char("恩施土家族苗族自治州")
    ('县', '省', '州')
    """
    for suffix in _LEVEL_CHARS:
        if full.endswith(suffix):
            return {"自治区": "省", "自治州": "州", "自治县": "县"}.get(suffix, suffix)
    return ""


class Places:
    """The place lexicon compiled once: full names and short forms, each to its full name."""

    def __init__(self, lines: list[str]) -> None:
        self.full: dict[str, str] = {}  # full name → short form (or itself)
        self.by_short: dict[str, str] = {}  # short form → full name (the first in the lexicon's order)
        for line in lines:
            name, _level, short = [*line.split(), "-", "-"][:3]
            self.full[name] = short if short != "-" else name
            if short != "-":
                self.by_short.setdefault(short, name)
        # two-character full names (和县, 东区) are common words in running text: found only as short forms
        self._longest = max((len(n) for n in self.full), default=0)
        self._scan = ahocorasick.Automaton()  # one pass over a text, longest match first (as the segmenter's)
        for name in self.full:
            if len(name) > 2:
                self._scan.add_word(name, name)
        if len(self._scan):
            self._scan.make_automaton()

    def find_full(self, text: str) -> Iterator[Place]:
        """Every full place name in ``text``, left to right, longest first, in one pass."""
        if not len(self._scan):
            return
        for last, full in self._scan.iter_long(text):
            start = last - len(full) + 1
            yield Place(full, start, last + 1, full, self.full[full], level_char(full))

    def place_at(self, text: str, start: int) -> Place | None:
        """The place that begins at ``start`` (the longest full name, else the longest short form), or None."""
        for table in (None, self.by_short):
            for size in range(min(self._longest, len(text) - start), 1, -1):
                piece = text[start:start + size]
                full = piece if table is None and piece in self.full and size > 2 else (
                    table.get(piece) if table is not None else None)
                if full:
                    return Place(piece, start, start + size, full, self.full[full], level_char(full))
        return None

    def place_ending(self, text: str, end: int, level: str) -> Place | None:
        """The place of ``level`` that ends at ``end`` (平湖 before 市委), full or short, or None."""
        for size in range(min(end, 8), 1, -1):
            piece = text[end - size:end]
            # 江城县 before 县委: the short form with its level word is the place too
            full = piece if piece in self.full else self.by_short.get(piece) or (
                self.by_short.get(piece[:-1]) if piece.endswith(level) else None)
            if full and level_char(full) == level:
                return Place(piece, end - size, end, full, self.full[full], level)
        return None

    def in_label(self, label: str) -> Place | None:
        """The place a publisher or source label names anywhere (东莞纪检监察网, 清廉平湖), or None."""
        found = next(self.find_full(label), None)
        if found:
            return found
        for start in range(len(label)):  # a label is a few characters: every start is tried
            place = self.place_at(label, start)
            if place:
                return place
        return None

    def short_of(self, name: str) -> str:
        """A name with a leading full place name put in its short form: 东莞市自然资源局 → 东莞自然资源局."""
        place = self.place_at(name, 0)
        return place.short + name[place.end:] if place and place.text == place.full else name

    def starts_with_place(self, name: str) -> bool:
        """True when a name begins with a full place name or a province's short form (安徽皖通高速).

        Other short forms are too often the head of a name that is no place (滨海湾 is not 滨海县).
        """
        place = self.place_at(name, 0)
        return place is not None and (place.text == place.full or place.level == "省")


def load_places(rules: RuleSet) -> Places:
    """The place lexicon under a rules root, compiled once per root.

    >>> from noticeparse.rules import load_rules
    >>> load_places(load_rules()).place_ending("平湖市委", 2, "市").full
    '平湖市'
    """
    return _compiled(rules.root, rules.sha256, tuple(_lines(rules)))


def _lines(rules: RuleSet) -> list[str]:
    path = Path(rules.root) / "lexicon" / "places.txt"
    return rules.lexicon("places") if path.is_file() else []


@functools.lru_cache(maxsize=4)
def _compiled(_root: Path, _sha: str, lines: tuple[str, ...]) -> Places:
    return Places(list(lines))
