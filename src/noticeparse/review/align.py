"""Offsets of an old text mapped onto a new one, so that a diff compares rows where the texts agree.

An edit of a notice (a value changed, a sentence added) moves every span after it. The
diff maps each old offset into the new text through the blocks the two texts share
(``difflib`` over lines, then over the characters of the lines that differ), so a row
that did not change keeps its place and only the rows of the edited places differ.
"""

from __future__ import annotations

import bisect
from difflib import SequenceMatcher
from itertools import accumulate, pairwise

__all__ = ["OffsetMap", "edits"]

Block = tuple[int, int, int]  # old start, new start, length of a shared run


class OffsetMap:
    """``map(offset)`` of the old text → the offset of the same place in the new text.

    >>> m = OffsetMap("退还37.30亿元，其中", "退还137.30亿元，其中")
    >>> m(0), m(2), m(9), m(10)
    (0, 3, 10, 11)
    >>> OffsetMap("abc", "abc")(2)
    2
    """

    def __init__(self, old: str, new: str) -> None:
        self.same = old == new
        self.blocks = [] if self.same else _shared_blocks(old, new)
        self._starts = [a for a, _b, _n in self.blocks]
        self._ends = (len(old), len(new))

    def __call__(self, offset: int) -> int:
        if self.same:
            return offset
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0:
            a, b, n = self.blocks[i]
            if offset <= a + n:  # inside a shared run, or at its end
                return b + offset - a
            gap_old, gap_new = a + n, b + n
        else:
            gap_old, gap_new = 0, 0
        next_old, next_new = (self.blocks[i + 1][:2] if i + 1 < len(self.blocks) else self._ends)
        # in an edited place: as far in as the new text's edit allows
        return gap_new + min(offset - gap_old, next_new - gap_new) if offset < next_old else next_new


def _shared_blocks(old: str, new: str) -> list[Block]:
    """The runs both texts share, in order: equal lines, then equal characters inside changed lines."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_at, new_at = [0, *accumulate(map(len, old_lines))], [0, *accumulate(map(len, new_lines))]
    blocks: list[Block] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        a0, b0 = old_at[i1], new_at[j1]
        if tag == "equal":
            blocks.append((a0, b0, old_at[i2] - a0))
        elif tag == "replace":
            inner = SequenceMatcher(None, old[a0:old_at[i2]], new[b0:new_at[j2]])
            blocks += [(a0 + m.a, b0 + m.b, m.size) for m in inner.get_matching_blocks() if m.size]
    return blocks


def edits(old: str, new: str, context: int = 6, limit: int = 5) -> list[str]:
    """The places where two texts differ, each as ``'…before【old】after…' → '【new】'``.

    >>> edits("追回资金37.30亿元。完成714亩。", "追回资金38.30亿元。完成715亩。")
    ['…追回资金3【7】.30亿元。… → 【8】', '…元。完成71【4】亩。… → 【5】']
    """
    found = []
    mapping = OffsetMap(old, new)
    points = [(0, 0, 0), *mapping.blocks, (len(old), len(new), 0)]
    for (a, b, n), (a2, b2, _n2) in pairwise(points):
        start, end, new_start, new_end = a + n, a2, b + n, b2
        if start == end and new_start == new_end:
            continue
        before, after = old[max(0, start - context):start], old[end:end + context]
        found.append(f"…{before}【{old[start:end]}】{after}… → 【{new[new_start:new_end]}】")
    return found[:limit] + ([f"… {len(found) - limit} more"] if len(found) > limit else [])
