"""Turning the named groups of one date part into a calendar date (helper of ``extract.date``).

A *part* is one written date: a single mention, the start or end of a range, or one item of a
list. ``read_part`` turns its captured groups into numbers; ``resolve_part`` fills what is not
written (year, month) from the previous part, a context word or the anchor (the nearest
preceding date), gives a two-digit year its century from the reference date, applies a part of
the period (上旬, 底, 上半年, 前三季度: ``data.parts``), and returns a ``Point`` with the period's
first and last day. Extra helper beside ``noticeparse.extract.numerals``: ``to_int`` (Arabic or
Chinese numeral, with aliases such as 廿 and 元月).
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
    part: str | None = None  # a part of the month or year: 上旬, 底, 上半年, 前三季度
    upto: int | None = None  # 前N个月: the year's first N months
    short: bool = False  # y is a two-digit year (98年, 零八年): its century comes from the reference

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
    """A resolved part: ``value`` is its first day and ``last`` its last (None when it cannot be known).

    ``anchor`` says where its unwritten fields came from: ``text`` (an earlier date), ``reference``
    (the reference date), None (all written).
    """

    value: date | None
    precision: str
    resolved: bool
    y: int | None = None
    m: int | None = None
    last: date | None = None
    anchor: str | None = None


@dataclass(slots=True)
class State:
    """What earlier mentions tell later ones: the last dated mention and the last day date."""

    reference: date | None
    era_at: int | None = None  # where the text first writes 民国 (data.era_written)
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
    raw.part = comps.get("part") or None
    aliases = dict(data.get("numeral_aliases") or {})
    if "compact" in comps:
        split = _split_compact(comps["compact"])
        if split is None:
            return None
        raw.y, raw.m, raw.d = split
        return raw
    if comps.get("ys") is not None:
        raw.y, raw.short = to_int(comps["ys"], aliases), True
    elif not _read_year(raw, comps, data, aliases):
        return None
    fields = (("m", 12, {**aliases, **dict(data.get("month_aliases") or {})}), ("d", 31, aliases),
              ("q", 4, aliases), ("upto", 12, aliases))
    for name, top, names in fields:
        if comps.get(name) is not None:
            value = to_int(comps[name], names)
            if not 1 <= value <= top:
                return None
            setattr(raw, name, value)
    return raw


def _read_year(raw: RawPart, comps: Mapping[str, str], data: Mapping[str, Any], aliases: Mapping[str, Any]) -> bool:
    """The year of ``comps`` into ``raw``; False when it is out of range."""
    year = comps.get("y")
    if year is None:
        return True
    if "x" in year.lower():
        raw.template = True
        return True
    raw.y = to_int(year, aliases)
    if "era" in comps:
        raw.y += int((data.get("era_offsets") or {}).get(comps["era"], 0))
    return _MIN_YEAR <= raw.y <= _MAX_YEAR


def century(two_digits: int, reference: date | None, ahead: int) -> int | None:
    """The year a two-digit year names in a notice of ``reference``: at most ``ahead`` years after
    the reference year, else the latest year at or before it (None without a reference).

    >>> [century(y, date(2023, 6, 30), 5) for y in (98, 7, 23, 27, 58)]
    [1998, 2007, 2023, 2027, 1958]
    >>> century(58, date(2000, 1, 1), 5), century(3, date(2000, 1, 1), 5), century(9, None, 5)
    (1958, 2003, None)
    """
    if reference is None:
        return None
    base = reference.year - reference.year % 100 + two_digits
    if base > reference.year + ahead:
        base -= 100
    elif base + 100 <= reference.year + ahead:
        base += 100
    return base


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
) -> tuple[int, int | None, int | None, str, str] | None:
    """The fields a context word fixes, its unit and where they came from (text or reference)."""
    entry = (data.get("context") or {}).get(word)
    if not entry:
        return None
    unit, shift = entry.get("unit", "day"), int(entry.get("shift", 0))
    anchor = state.last_day if unit == "day" else state.last
    if unit == "month" and anchor is not None and anchor.precision not in ("day", "month"):
        anchor = None
    reference = _as_point(state.reference)
    sources = [("text", anchor), ("reference", reference)]
    if entry.get("base") != "anchor":
        sources.reverse()
    for source, base in sources:
        if base is not None and base.value is not None:
            return (*_shift(base, unit, shift), unit, source)
    return None


def _fill_from(source: Point | None, need_month: bool) -> tuple[int, int | None] | None:
    if source is None or source.value is None or source.y is None:
        return None
    if need_month and source.precision not in ("day", "month"):
        return None
    return source.y, source.m


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _period(raw: RawPart, y: int, m: int | None, d: int | None, data: Mapping[str, Any]) -> tuple[date, date]:
    """The first and last day of the period written: a day, a month or a year, narrowed by its part.

    Raises:
        ValueError: the written fields name no real day (2月30日).
    """
    if m is not None and d is not None:
        day = date(y, m, d)  # ValueError for 2月30日
        return day, day
    parts = data.get("parts") or {}
    if m is not None:
        days = (parts.get("month") or {}).get(raw.part or "")
        last = _month_end(y, m)
        if days:
            return date(y, m, int(days[0])), (last if int(days[1]) < 0 else date(y, m, int(days[1])))
        return date(y, m, 1), last
    if raw.q is not None:
        months = (3 * raw.q - 2, 3 * raw.q)
    elif raw.upto is not None:
        months = (1, raw.upto)
    else:
        months = tuple((parts.get("year") or {}).get(raw.part or "") or (1, 12))
    return date(y, int(months[0]), 1), _month_end(y, int(months[1]))


def _fill_year(raw: RawPart, prev: Point | None, state: State) -> tuple[int, int | None, str | None] | None:
    """Year (and month, when a day needs one) of a part that does not write them, and their source:
    the previous part of the same mention passes on its own source (None when it was written)."""
    need_month = raw.m is None and raw.d is not None
    filled = _fill_from(prev, need_month)
    if filled is not None:
        return filled[0], filled[1], prev.anchor if prev is not None else None
    # a day or month takes the nearest full date's year (and month); a year's part (年初) the nearest date's
    order = (state.last_day, state.last) if raw.m is not None or raw.d is not None else (state.last, state.last_day)
    for point, source in ((order[0], "text"), (order[1], "text"), (_as_point(state.reference), "reference")):
        filled = _fill_from(point, need_month)
        if filled is not None:
            return filled[0], filled[1], source
    return None


def resolve_part(raw: RawPart, prev: Point | None, state: State, data: Mapping[str, Any]) -> Point:
    """Fill the unwritten leading fields of ``raw`` and return its period.

    Raises:
        ValueError: the written fields name no real day (2月30日).
    """
    y, m, d = raw.y, raw.m, raw.d
    precision = raw.precision
    anchor: str | None = None
    if raw.template:
        return Point(None, precision, False)
    if raw.short and y is not None:
        y = century(y, state.reference, int(data.get("short_year_ahead", 0)))
        if y is None:
            return Point(None, precision, False)
    if raw.ctx:
        base = _context_base(raw.ctx, state, data)
        if base is None:
            return Point(None, precision, False)
        y, bm, bd, unit, anchor = base
        if unit in ("month", "day"):
            m = m if m is not None else bm
        if unit == "day":
            d = d if d is not None else bd
            precision = "day"
        elif unit == "month" and d is None:
            precision = "month"
    elif y is None:
        filled = _fill_year(raw, prev, state)
        if filled is None:
            return Point(None, precision, False)
        y, month, anchor = filled
        m = month if m is None and d is not None else m
    assert y is not None
    first, last = _period(raw, y, m, d, data)
    return Point(first, precision, anchor is not None, y, m, last, anchor)
