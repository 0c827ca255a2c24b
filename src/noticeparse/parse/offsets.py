"""Offsets of the stored text back into the input text, as compact runs.

A run ``(start, input_start, length)`` says that stored characters
``start .. start+length`` are input characters ``input_start .. input_start+length``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

Run = tuple[int, int, int]


def compose_runs(runs: Sequence[Run], offset_map: Sequence[int]) -> tuple[Run, ...]:
    """Chain stored→normalised runs with the normaliser's per-character map.

    >>> compose_runs([(0, 2, 3)], [0, 1, 3, 4, 6])  # chars 2..4 of the normalised text came from 3, 4, 6
    ((0, 3, 2), (2, 6, 1))
    """
    if isinstance(offset_map, range) and offset_map.step == 1:  # nothing was dropped: shift only
        return tuple((start, offset_map.start + norm, length) for start, norm, length in runs)
    out: list[Run] = []
    for start, norm_start, length in runs:
        for k in range(length):
            source = offset_map[norm_start + k]
            if out and out[-1][0] + out[-1][2] == start + k and out[-1][1] + out[-1][2] == source:
                out[-1] = (out[-1][0], out[-1][1], out[-1][2] + 1)
            else:
                out.append((start + k, source, 1))
    return tuple(out)


def to_input_offset(runs: Sequence[Run], position: int) -> int | None:
    """The input offset of stored offset ``position`` (None when it is not in any run).

    >>> to_input_offset([(0, 3, 2), (2, 6, 1)], 2)
    6
    """
    index = bisect.bisect_right([r[0] for r in runs], position) - 1
    if index < 0:
        return None
    start, input_start, length = runs[index]
    return input_start + position - start if position < start + length else None
