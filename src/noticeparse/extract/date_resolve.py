"""Turning the named groups of one date part into a calendar date (helper of ``extract.date``).

A *part* is one written date: a single mention, the start or end of a range, or one item of a
list. ``read_part`` turns its captured groups into numbers; ``resolve_part`` fills what is not
written (year, month) from the previous part, a context word or the anchor (the nearest
preceding date), and returns a ``Point``. Extra helper beside ``noticeparse.extract.numerals``:
``to_int`` (Arabic or Chinese numeral, with aliases such as 廿 and 元月).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from noticeparse.extract.numerals import cn_to_int

__all__ = ["Point", "RawPart", "State", "read_part", "resolve_part", "to_int"]

_MIN_YEAR, _MAX_YEAR = 1800, 2200


@dataclass(slots=True)
class RawPart:
    """The fields written in one part; None where not written."""

    y: int | None = None
    m: int | None = None
    d: int | None = None
    q: int | None = None
    template: bool = False  # 20xx: a year is written but unknown
    ctx: str | None = None
    qual: str | None = None
    tod: str | None = None
    pre: str | None = None

    @property
    def precision(self) -> str:
        if self.d is not None:
            return "day"
        if self.m is not None:
            return "month"
        if self.q is not None:
            return "quarter"
        return "year"


@dataclass(frozen=True, slots=True)
class Point:
    """A resolved part: ``value`` is its first day (None when it cannot be known)."""

    value: date | None
    precision: str
    resolved: bool
    y: int | None = None
    m: int | None = None


@dataclass(slots=True)
class State:
    """What earlier mentions tell later ones: the last dated mention and the last day date."""

    reference: date | None
    last: Point | None = None
    last_day: Point | None = None
    history: list[Point] = field(default_factory=list)

    def remember(self, point: Point) -> None:
        if point.value is None or point.y is None:
            return
        self.last = point
        if point.precision == "day":
            self.last_day = point


def to_int(text: str, aliases: Mapping[str, Any] | None = None) -> int:
    """Arabic or Chinese numeral to int; ``aliases`` maps a whole word or a character.

    >>> to_int("08"), to_int("二十"), to_int("廿三", {"廿": "二十"}), to_int("元", {"元": 1})
    (8, 20, 23, 1)
    """
    text = text.strip()
    aliases = aliases or {}
    if text in aliases and isinstance(aliases[text], int):
        return int(aliases[text])
    if text.isascii() and text.isdigit():
        return int(text)
    for old, new in aliases.items():
        if isinstance(new, str):
            text = text.replace(old, new)
    return cn_to_int(text)


def _split_compact(digits: str) -> tuple[int, int, int] | None:
    """20211228 → (2021, 12, 28) when exactly one month/day split is a valid date."""
    year, rest = int(digits[:4]), digits[4:]
    valid = []
    for cut in range(1, len(rest)):
        month, day = rest[:cut], rest[cut:]
        if len(month) > 2 or len(day) > 2:
            continue
        try:
            valid.append(date(year, int(month), int(day)))
        except ValueError:
            continue
    if len(valid) != 1:
        return None
    return valid[0].year, valid[0].month, valid[0].day


def read_part(comps: Mapping[str, str], data: Mapping[str, Any]) -> RawPart | None:
    """Numbers from the captured groups of one part; None when they cannot be a date."""
    raw = RawPart(ctx=comps.get("ctx"), qual=comps.get("qual") or None, tod=comps.get("tod"))
    raw.pre = comps.get("pre")
    aliases = dict(data.get("numeral_aliases") or {})
    if "compact" in comps:
        split = _split_compact(comps["compact"])
        if split is None:
            return None
        raw.y, raw.m, raw.d = split
        return raw
    year = comps.get("y")
    if year is not None:
        if "x" in year.lower():
            raw.template = True
        else:
            raw.y = to_int(year, aliases)
            if "era" in comps:
                raw.y += int((data.get("era_offsets") or {}).get(comps["era"], 0))
            if not _MIN_YEAR <= raw.y <= _MAX_YEAR:
                return None
    if comps.get("m") is not None:
        raw.m = to_int(comps["m"], {**aliases, **dict(data.get("month_aliases") or {})})
        if not 1 <= raw.m <= 12:
            return None
    if comps.get("d") is not None:
        raw.d = to_int(comps["d"], aliases)
        if not 1 <= raw.d <= 31:
            return None
    if comps.get("q") is not None:
        raw.q = to_int(comps["q"], aliases)
        if not 1 <= raw.q <= 4:
            return None
    return raw


def _shift(point: Point, unit: str, shift: int) -> tuple[int, int | None, int | None]:
    assert point.value is not None
    value = point.value
    if unit == "day":
        value = value + timedelta(days=shift)
        return value.year, value.month, value.day
    if unit == "month":
        index = value.year * 12 + value.month - 1 + shift
        return index // 12, index % 12 + 1, None
    return value.year + shift, None, None


def _as_point(day: date | None, precision: str = "day") -> Point | None:
    if day is None:
        return None
    return Point(day, precision, False, day.year, day.month)


def _context_base(
    word: str, state: State, data: Mapping[str, Any]
) -> tuple[int, int | None, int | None, str] | None:
    entry = (data.get("context") or {}).get(word)
    if not entry:
        return None
    unit, shift = entry.get("unit", "day"), int(entry.get("shift", 0))
    anchor = state.last_day if unit == "day" else state.last
    if unit == "month" and anchor is not None and anchor.precision not in ("day", "month"):
        anchor = None
    reference = _as_point(state.reference)
    first, second = (anchor, reference) if entry.get("base") == "anchor" else (reference, anchor)
    base = first or second
    if base is None or base.value is None:
        return None
    return (*_shift(base, unit, shift), unit)


def _fill_from(source: Point | None, need_month: bool) -> tuple[int, int | None] | None:
    if source is None or source.value is None or source.y is None:
        return None
    if need_month and source.precision not in ("day", "month"):
        return None
    return source.y, source.m


def _build(y: int | None, m: int | None, d: int | None, q: int | None) -> date | None:
    if y is None:
        return None
    month = m if m is not None else (3 * (q - 1) + 1 if q else 1)
    day = d if d is not None else 1
    if day > calendar.monthrange(y, month)[1]:
        raise ValueError("no such day")
    return date(y, month, day)


def resolve_part(raw: RawPart, prev: Point | None, state: State, data: Mapping[str, Any]) -> Point:
    """Fill the unwritten leading fields of ``raw`` and return its first day.

    Raises:
        ValueError: the written fields name no real day (2月30日).
    """
    y, m, d, q = raw.y, raw.m, raw.d, raw.q
    precision = raw.precision
    resolved = False
    if raw.template:
        return Point(None, precision, False)
    if raw.ctx:
        base = _context_base(raw.ctx, state, data)
        if base is None:
            return Point(None, precision, False)
        by, bm, bd, unit = base
        y = by
        if unit in ("month", "day"):
            m = m if m is not None else bm
        if unit == "day":
            d = d if d is not None else bd
            precision = "day"
        elif unit == "month" and d is None:
            precision = "month"
        resolved = True
    elif y is None:
        need_month = m is None and d is not None
        filled = _fill_from(prev, need_month)
        if filled is not None:
            resolved = prev.resolved if prev is not None else False
        else:
            # the nearest preceding full date, else any dated mention, else reference_date
            filled = (
                _fill_from(state.last_day, need_month)
                or _fill_from(state.last, need_month)
                or _fill_from(_as_point(state.reference), need_month)
            )
            resolved = filled is not None
        if filled is None:
            return Point(None, precision, False)
        y = filled[0]
        if need_month:
            m = filled[1]
    value = _build(y, m, d, q)
    return Point(value, precision, resolved, y, m)
