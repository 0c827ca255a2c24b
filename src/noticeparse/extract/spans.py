"""Span helpers shared by the extractors: masking and overlap tests."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

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
