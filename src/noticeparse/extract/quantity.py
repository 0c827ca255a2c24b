"""Quantities (数量): 37.30亿元 → 3.73e9 元, 约714亩, 7方面32项问题 (two), 10%~20%, 四年六个月.

Rules: ``rules/quantity.yaml``. Patterns run on a *view* of the masked text: ``data.char_fold``
applied (one character for one) and pinyin glosses (``data.annotation``) skipped, with an index
back to the original, so record text is always sliced from the text passed in. Named groups read:
num, mult, unit, approx, num_max, unit_lo, num2, unit2, half, vague (see the YAML ``note``).
Records are then filtered by the data tables (never contexts, quoted slogans, 一 as an article),
given their counted noun, and overlaps are resolved longest first.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from noticeparse.extract.common import iter_matches
from noticeparse.extract.numerals import DIGITS, LARGE_UNITS, SMALL_UNITS
from noticeparse.extract.spans import mask_spans, pick_longest
from noticeparse.records import Quantity
from noticeparse.rules import Rule, RuleSet, compiled

__all__ = ["extract_quantities", "read_number"]

_TOKEN = regex.compile(
    r"\d+(?:\.\d+)?|[〇零一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖]+|[十拾百佰千仟万萬亿億]"
)
_UNIT_CHARS = {**SMALL_UNITS, **LARGE_UNITS}
_HAN_RUN = regex.compile(r"\p{Han}+")
_DECIMAL = regex.compile(r"\d+(?:\.\d+)?")


def read_number(text: str) -> tuple[float, float | None] | None:
    """Read an Arabic, Chinese or mixed numeral; adjacent Chinese digits are a range.

    >>> [read_number(s) for s in ["2,864,400", "13.9万", "1亿1千万", "三十五万", "三四", "十一二", "0万"]]
    [(2864400.0, None), (139000.0, None), (110000000.0, None), (350000.0, None), (3.0, 4.0), (11.0, 12.0), (0.0, None)]
    >>> read_number("abc") is None, read_number("nan") is None, read_number("9" * 400) is None
    (True, True, True)
    """
    text = text.replace(",", "").replace(" ", "")
    if not text:
        return None
    pair = text[-2:]
    if (len(text) == 2 or text[:-2].endswith(("十", "拾"))) and all(ch in DIGITS for ch in pair):
        low, high = DIGITS[pair[0]], DIGITS[pair[1]]
        if high == low + 1 and low > 0:  # 三四 3-4, 十一二 11-12, 三十四五 34-35
            start = read_number(text[:-1]) if len(text) > 2 else (float(low), None)
            return (start[0], start[0] + 1) if start else None
    if text[0].isdigit() and _DECIMAL.fullmatch(text):
        value = float(text)
        return (_tidy(value), None) if math.isfinite(value) else None
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != text or len(text) > 40:
        return None
    try:
        value = _sections(tokens)
    except (OverflowError, ValueError):
        return None
    return (value, None) if math.isfinite(value) else None


def _sections(tokens: list[str]) -> float:
    """十/百/千 scale the digit before them; 万/亿 close a section (1亿1千万 → 110000000)."""
    total, section, digit = 0.0, 0.0, None
    for token in tokens:
        unit = _UNIT_CHARS.get(token)
        if unit is None:
            digit = float(token) if token[0].isdigit() else float(_positional(token))
        elif unit < 10_000:
            section += (1.0 if digit is None else digit) * unit
            digit = None
        else:
            section += digit or 0.0
            if digit is None and section == 0 and total == 0:  # 万元 alone: one 万; 0万元 is nought
                section = 1.0
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, digit = 0.0, None
    return _tidy(total + section + (digit or 0.0))


def _tidy(value: float) -> float:
    """Drop binary noise: 37.30 × 1e8 is 3730000000.0, not 3729999999.9999995."""
    return float(f"{value:.12g}")


def _positional(token: str) -> int:
    value = 0
    for ch in token:
        value = value * 10 + DIGITS[ch]
    return value


@dataclass(frozen=True, slots=True)
class _View:
    """The matching view: folded, masked text without glosses, and view index → original index."""

    text: str
    index: Sequence[int]  # a range when no gloss was skipped
    folded: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1

    def original(self, source: str, start: int, end: int) -> str:
        if end <= start:
            return ""
        low, high = self.index[start], self.index[end - 1] + 1
        if high - low == end - start:  # no gloss skipped inside: one slice
            return source[low:high]
        return "".join(source[self.index[i]] for i in range(start, end))


def _build_view(text: str, mask: Sequence[tuple[int, int]], data: Mapping[str, Any]) -> _View:
    masked = mask_spans(text, mask) if mask else text
    folded = masked.translate(_tables(data).fold)
    pattern = data.get("annotation")
    glosses = [m.span() for m in compiled(pattern).finditer(folded)] if pattern else []
    if not glosses:
        return _View(folded, range(len(folded)), folded)
    pieces: list[str] = []
    index: list[int] = []
    kept = 0
    for start, end in [*glosses, (len(folded), len(folded))]:  # non-overlapping, in order
        pieces.append(folded[kept:start])
        index.extend(range(kept, start))
        kept = max(kept, end)
    return _View("".join(pieces), tuple(index), folded)


def extract_quantities(text: str, rules: RuleSet, *, mask: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Find quantities (number + unit) in ``text``, sorted by start.

    >>> from noticeparse.rules import load_rules
    >>> [(q.text, q.value, q.unit, q.noun) for q in extract_quantities("反馈的7方面32项问题", load_rules())]
    [('7方面', 7.0, '方面', None), ('32项', 32.0, '项', '问题')]
    """
    rule_file = rules["quantity"]
    data = rule_file.data
    view = _build_view(text, mask, data)
    never = _tables(data).never
    candidates = []
    for rule, match in iter_matches(view.text, rule_file):
        unit = _without(match, "unit", ("half", "approx"))  # read once, for the record and _never
        number = _without(match, "num", ("approx",))
        record = _to_record(text, view, rule, match, data, unit, number)
        if record is not None and not _never(view, match, never, data, unit, number):
            candidates.append((match.start(), match.end(), rule.priority, record))
    return pick_longest(candidates)  # type: ignore[return-value]


def _spans(match: regex.Match[str], name: str) -> list[tuple[int, int]]:
    return match.spans(name) if name in match.re.groupindex else []


def _caps(match: regex.Match[str], name: str) -> list[str]:
    return match.captures(name) if name in match.re.groupindex else []


def _without(match: regex.Match[str], group: str, inner: Sequence[str]) -> str:
    """The text of the last capture of ``group`` minus the captures of ``inner`` groups inside it."""
    spans = _spans(match, group)
    if not spans:
        return ""
    start, end = spans[-1]
    if not any(start <= s < e <= end for name in inner for s, e in _spans(match, name)):
        return str(match.string[start:end])
    holes = {
        i for name in inner for s, e in _spans(match, name) if start <= s and e <= end for i in range(s, e)
    }
    return "".join(match.string[i] for i in range(start, end) if i not in holes)


def _to_record(
    source: str, view: _View, rule: Rule, match: regex.Match[str], data: Mapping[str, Any],
    unit: str, number: str,
) -> Quantity | None:
    groups = match.groupdict()
    entry = (data.get("units") or {}).get(unit)
    if not entry:
        return None
    base, factor, category = str(entry[0]), float(entry[1]), str(entry[2])
    values = _values(match, groups, data, number)
    if values is None:
        return None
    value, value_max = values
    if value == 0 and category in (data.get("drop_zero") or []):
        return None
    value2 = _second_part(match, data)
    if value2 is None:
        return None
    start, end = view.span(match.start(), match.end())
    end = _extend_gloss(view, end, data)
    mixed = any(ch in _UNIT_CHARS for ch in number)  # 1亿1千万人
    mults = [] if mixed else _spans(match, "mult")
    unit_raw = "".join(view.original(source, s, e) for s, e in [*mults[-1:], _spans(match, "unit")[-1]])
    approx = "".join(view.original(source, s, e) for s, e in _spans(match, "approx")) or None
    return Quantity(
        text=source[start:end],
        start=start,
        end=end,
        value=_tidy(value * factor + value2),
        unit=base,
        unit_raw=unit_raw,
        category=category,
        rule_id=rule.id,
        value_max=None if value_max is None else _tidy(value_max * factor + value2),
        approx=approx,
        noun=_noun(source, view, match.end(), category, data.get("noun") or {}),
    )


def _values(
    match: regex.Match[str], groups: Mapping[str, str | None], data: Mapping[str, Any], number: str
) -> tuple[float, float | None] | None:
    """Value and value_max in the unit as written (multipliers, halves and vague numerals applied)."""
    half = 0.5 if _caps(match, "half") else 0.0
    mults = _caps(match, "mult")
    if not number:
        return (half, None) if half else None
    read = read_number(number + (mults[0] if mults and len(mults) > 1 else mults[-1] if mults else ""))
    if read is None:
        return None
    value, value_max = read[0] + half, read[1]
    vague = groups.get("vague")
    if vague:
        low, high = (data.get("vague") or {}).get(vague, (1, 1))
        return value * float(low), value * float(high)
    if groups.get("num_max"):
        top = read_number(str(groups["num_max"]) + (mults[-1] if mults else ""))
        if top is None or top[0] < value:
            return None
        value_max = top[0]
        if groups.get("unit_lo") and groups["unit_lo"] != groups.get("unit"):
            return None
    return value, value_max


def _second_part(match: regex.Match[str], data: Mapping[str, Any]) -> float | None:
    """The second part of a compound (四年六个月) in base units, 0.0 when there is none."""
    if not _caps(match, "num2"):
        return 0.0
    entry = (data.get("units") or {}).get(match.group("unit2") or "")
    read = read_number(match.group("num2"))
    if not entry or read is None:
        return None
    return read[0] * float(entry[1])


def _extend_gloss(view: _View, end: int, data: Mapping[str, Any]) -> int:
    """Take in a pinyin gloss right after the record: 710項(xiàng)."""
    pattern = data.get("annotation")
    if not pattern:
        return end
    gloss = compiled(pattern).match(view.folded, end)
    return gloss.end() if gloss else end


@dataclass(frozen=True, slots=True)
class _Never:
    """One data.never entry: None where the entry sets no condition."""

    units: frozenset[str] | None
    numeral: str | None
    before: regex.Pattern[str] | None
    after: regex.Pattern[str] | None
    match: regex.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class _Tables:
    """What the extractor derives from the file's data once: the fold table, data.never compiled."""

    fold: dict[int, str]
    never: tuple[_Never, ...]


_TABLES: dict[int, tuple[Mapping[str, Any], _Tables]] = {}


def _tables(data: Mapping[str, Any]) -> _Tables:
    hit = _TABLES.get(id(data))
    if hit is not None and hit[0] is data:
        return hit[1]
    fold = {
        ord(k): str(v) for k, v in (data.get("char_fold") or {}).items() if len(k) == 1 and len(str(v)) == 1
    }
    never = tuple(
        _Never(
            units=frozenset(entry["units"]) if entry.get("units") else None,
            numeral=entry.get("numeral") or None,
            **{key: compiled(entry[key]) if key in entry else None for key in ("before", "after", "match")},
        )
        for entry in data.get("never") or []
    )
    if len(_TABLES) >= 16:  # rule files reloaded (tests): keep the table small
        _TABLES.clear()
    tables = _TABLES[id(data)] = (data, _Tables(fold, never))  # data held: its id is not reused
    return tables[1]


def _never(
    view: _View, match: regex.Match[str], never: Sequence[_Never], data: Mapping[str, Any],
    unit: str, number: str,
) -> bool:
    """True when the match stands in a context that is never a quantity."""
    text = view.text
    start, end = match.start(), match.end()
    matched = text[start:end]
    numeral = "ar" if any(ch.isdigit() for ch in number) else "cn"
    before, after = text[max(0, start - 20) : start], text[end : end + 12]
    for entry in never:
        if entry.units is not None and unit not in entry.units:
            continue
        if entry.numeral is not None and entry.numeral != numeral:
            continue
        if entry.before is not None and not entry.before.search(before):
            continue
        if entry.after is not None and not entry.after.search(after):
            continue
        if entry.match is not None and not entry.match.search(matched):
            continue
        return True
    indefinite = data.get("indefinite_one") or {}
    if (
        number in (indefinite.get("numerals") or [])
        and unit in (indefinite.get("units") or [])
        and not _caps(match, "approx")
        and not _caps(match, "num_max")
    ):
        return True
    return _in_slogan(text, start, end, data.get("slogan_quotes") or {})


def _in_slogan(text: str, start: int, end: int, config: Mapping[str, Any]) -> bool:
    """True inside a short quotation whose content is more than the quantity: “四个意识”."""
    max_len = int(config.get("max_len", 12))
    for pair in config.get("pairs") or []:
        if len(pair) != 2:
            continue
        opening, closing = pair
        left = text.rfind(opening, max(0, start - max_len), start)
        if left < 0 or closing in text[left + 1 : start]:
            continue
        right = text.find(closing, end, end + max_len)
        if right < 0 or opening in text[end:right]:
            continue
        if right - left - 1 <= max_len and text[left + 1 : right].strip() != text[start:end]:
            return True
    return False


@functools.lru_cache(maxsize=16)
def _first_of(words: tuple[str, ...]) -> regex.Pattern[str]:
    """One pattern finding the earliest of ``words`` (leftmost match: the least ``find``)."""
    return regex.compile("|".join(map(regex.escape, words)) or "(?!)", regex.V0)


def _noun(source: str, view: _View, end: int, category: str, config: Mapping[str, Any]) -> str | None:
    """The counted noun after the record: the longest head-final run of Han characters."""
    max_len = int(config.get("max_len", 10))
    run = _HAN_RUN.match(view.text, end, end + max_len)  # bounded: a page of Han text is one run
    if not run or category not in (config.get("categories") or [category]):
        return None
    words = run.group(0)
    stop = _first_of(tuple(config.get("stop") or ())).search(words)
    words = words[: stop.start()] if stop else words
    for word in config.get("closed") or []:
        if words.startswith(word):
            return view.original(source, end, end + len(word))
    heads = tuple(config.get("heads") or ())
    for size in range(len(words), 0, -1):
        if heads and words[:size].endswith(heads):
            begin = 0
            for prefix in config.get("strip_prefix") or []:
                if words.startswith(prefix) and size > len(prefix):
                    begin = len(prefix)
                    break
            return view.original(source, end + begin, end + size)
    return None
