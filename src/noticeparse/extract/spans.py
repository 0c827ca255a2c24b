"""Span helpers shared by the extractors: masking and overlap tests."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

MASK = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: matched by no rule, so it acts as a wall


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Return ``text`` with every span replaced by ``MASK`` characters (same length).

    >>> mask_spans("见滨海湾工委〔2021〕83号文", [(1, 15)]) == "见" + MASK * 14 + "文"
    True
    """
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when ``[start, end)`` shares a character with any span."""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def pick_longest(candidates: Sequence[tuple[int, int, int, object]]) -> list[object]:
    """Resolve overlapping matches: longest first, then higher priority, then leftmost.

    ``candidates`` are ``(start, end, priority, payload)``; returns the chosen
    payloads in text order.

    >>> pick_longest([(0, 4, 0, "a"), (2, 8, 0, "b"), (8, 9, 0, "c")])
    ['b', 'c']
    """
    starts: list[int] = []  # chosen spans, sorted by start; they never overlap each other
    chosen: list[tuple[int, int, object]] = []
    for start, end, _prio, payload in sorted(candidates, key=lambda c: (-(c[1] - c[0]), -c[2], c[0])):
        i = bisect.bisect_right(starts, start)
        if i > 0 and chosen[i - 1][1] > start:
            continue
        if i < len(chosen) and chosen[i][0] < end:
            continue
        starts.insert(i, start)
        chosen.insert(i, (start, end, payload))
    return [payload for _s, _e, payload in chosen]


class Within:
    """Records sorted by ``start``, sliced by position in O(log n) (a case, a sentence, a paragraph).

    >>> from types import SimpleNamespace as R
    >>> found = Within([R(start=0, end=2), R(start=5, end=7), R(start=9, end=12)])
    >>> [r.start for r in found.starting(4, 10)], [r.start for r in found.inside(4, 10)]
    ([5, 9], [5])
    """

    def __init__(self, records: Sequence[Any]) -> None:
        self.records = sorted(records, key=lambda r: r.start)
        self._starts = [r.start for r in self.records]

    def starting(self, start: int, end: int) -> list[Any]:
        """The records that start in ``[start, end)``."""
        return self.records[bisect.bisect_left(self._starts, start) : bisect.bisect_left(self._starts, end)]

    def inside(self, start: int, end: int) -> list[Any]:
        """The records that lie wholly in ``[start, end)``."""
        return [r for r in self.starting(start, end) if r.end <= end]

    def before(self, position: int) -> list[Any]:
        """The records that end at or before ``position`` (they start before it)."""
        return [r for r in self.records[: bisect.bisect_left(self._starts, position)] if r.end <= position]

    def last_before(self, position: int) -> Any | None:
        """The last record that ends at or before ``position`` (records that do not overlap), or None."""
        index = bisect.bisect_left(self._starts, position) - 1
        while index >= 0 and self.records[index].end > position:
            index -= 1
        return self.records[index] if index >= 0 else None
