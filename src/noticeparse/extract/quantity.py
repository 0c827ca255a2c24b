"""Quantities (数量): 37.30亿元 → 3.73e9 元, 约714亩, 7方面32项问题 (two), 10%~20%, 四年六个月.

Rules: ``rules/quantity.yaml``. Patterns run on a *view* of the masked text: ``data.char_fold``
applied (one character for one) and pinyin glosses (``data.annotation``) skipped, with an index
back to the original, so record text is always sliced from the text passed in. Named groups read:
num, mult, unit, approx, num_max, unit_lo, num2, unit2, half, vague (see the YAML ``note``).
Records are then filtered by the data tables (never contexts, quoted slogans, 一 as an article),
given their counted noun, and overlaps are resolved longest first.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from noticeparse.extract.common import iter_matches
from noticeparse.extract.numerals import UNIT_CHARS, read_number, tidy
from noticeparse.extract.spans import mask_spans, pick_longest
from noticeparse.records import Quantity
from noticeparse.rules import Rule, RuleSet, compiled

__all__ = ["extract_quantities", "read_number"]

_HAN_RUN = regex.compile(r"\p{Han}+")


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
        unit = unit or str((data.get("sign_units") or {}).get(match.groupdict().get("cur") or "", ""))
        number = _without(match, "num", ("approx",))
        record = _to_record(text, view, rule, match, data, unit, number)
        if record is not None and not _never(view, match, never, data, unit, number):
            candidates.append((match.start(), match.end(), rule.priority, record))
    chosen: list[Quantity] = pick_longest(candidates)  # type: ignore[assignment]
    return _with_currency_context(view, chosen, data)


def _with_currency_context(view: _View, found: list[Quantity], data: Mapping[str, Any]) -> list[Quantity]:
    """新臺幣(下同)…2,864,400元: a currency declared for what follows applies to later amounts in plain 元."""
    pattern = data.get("currency_context")
    contexts = [(view.span(m.start(), m.end())[1], m.group("cur")) for m in compiled(pattern).finditer(view.text)] \
        if pattern else []
    if not contexts:
        return found
    codes = data.get("currencies") or {}
    out = []
    for q in found:
        declared = [cur for end, cur in contexts if end <= q.start]
        if declared and q.category == "money" and q.unit_raw.endswith("元") and q.currency == codes.get("元"):
            code = codes.get(declared[-1], q.currency)
            q = dataclasses.replace(q, currency=code, unit=(data.get("currency_units") or {}).get(code, q.unit))
        out.append(q)
    return out


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
    mixed = any(ch in UNIT_CHARS for ch in number)  # 1亿1千万人
    mults = [] if mixed else _spans(match, "mult")
    written = (_spans(match, "unit") or _spans(match, "cur"))[-1:]  # ¥5000: the sign is the unit
    unit_raw = "".join(view.original(source, s, e) for s, e in [*mults[-1:], *written])
    approx = "".join(view.original(source, s, e) for s, e in _spans(match, "approx")) or None
    folded_approx = "".join(match.captures("approx")) if "approx" in match.re.groupindex else ""
    currency = _currency(groups.get("cur"), unit, category, data)
    if currency is not None:
        base = str((data.get("currency_units") or {}).get(currency, base))
    return Quantity(
        text=source[start:end],
        start=start,
        end=end,
        value=tidy(value * factor + value2),
        unit=base,
        unit_raw=unit_raw,
        category=category,
        rule_id=rule.id,
        value_max=None if value_max is None else tidy(value_max * factor + value2),
        approx=approx,
        noun=_noun(source, view, match.end(), category, data.get("noun") or {}),
        bound=_bound(folded_approx, value_max, bool(groups.get("num_max")), data),
        currency=currency,
    )


def _currency(written: str | None, unit: str, category: str, data: Mapping[str, Any]) -> str | None:
    """ISO 4217 code of a money amount: the currency word written, else its unit's (元: CNY)."""
    if category != "money":
        return None
    codes = data.get("currencies") or {}
    return str(codes.get(written or "") or codes.get(unit) or codes.get("元") or "") or None


def _bound(approx: str, value_max: float | None, two_ends: bool, data: Mapping[str, Any]) -> str:
    """range (two ends written), approx (a vague numeral: 数百, 五六十), else the approx word's bound."""
    if two_ends:
        return "range"
    if value_max is not None:
        return "approx"
    bounds = data.get("bounds") or {}
    words = [w for w in bounds if w in approx]
    # the longest word as written decides: 不超过 over 超过, 及以上 over 以上
    return str(bounds[max(words, key=len)]) if words else "exact"


def _values(
    match: regex.Match[str], groups: Mapping[str, str | None], data: Mapping[str, Any], number: str
) -> tuple[float, float | None] | None:
    """Value and value_max in the unit as written (multipliers, halves, signs and vague numerals applied)."""
    half = 0.5 if _caps(match, "half") else 0.0
    mults = _caps(match, "mult")
    if not number:
        return (half, None) if half else None
    top = str(groups.get("num_max") or "")
    shared = _shared_multiplier(number, top)  # 一百二十到一百五十万元: 万 for both ends
    read = read_number(number + (mults[0] if mults and len(mults) > 1 else mults[-1] if mults else "") + shared)
    if read is None:
        return None
    sign = -1.0 if _caps(match, "sign") else 1.0
    value, value_max = sign * (read[0] + half), read[1]
    vague = groups.get("vague")
    if vague:
        low, high = (data.get("vague") or {}).get(vague, (1, 1))
        return value * float(low), value * float(high)
    if groups.get("vague_add"):
        return _added_vague(number, mults, str(groups["vague_add"]), data)
    if top:
        upper = read_number(top + (mults[-1] if mults else ""))
        if upper is None or upper[0] < value:
            return None
        value_max = upper[0]
        if groups.get("unit_lo") and groups["unit_lo"] != groups.get("unit"):
            return None
    return value, value_max


def _shared_multiplier(low: str, high: str) -> str:
    """The 万/亿 that ends a Chinese upper bound and is missing from the lower one."""
    if not high or not low or low[-1] in "万亿" or low[0].isdigit():
        return ""
    tail = len(high) - len(high.rstrip("万亿"))
    return high[len(high) - tail :] if tail else ""


def _added_vague(number: str, mults: Sequence[str], word: str, data: Mapping[str, Any]) -> tuple[float, float] | None:
    """十几万 → (11万, 19万): data.vague_add gives what the vague word adds to the tens."""
    base, scale = read_number(number), read_number("一" + mults[-1]) if mults else (1.0, None)
    low, high = (data.get("vague_add") or {}).get(word, (0, 0))
    if base is None or scale is None:
        return None
    return tidy((base[0] + float(low)) * scale[0]), tidy((base[0] + float(high)) * scale[0])


def _second_part(match: regex.Match[str], data: Mapping[str, Any]) -> float | None:
    """The later parts of a compound (四年六个月, 50元6角3分) in base units, 0.0 when there are none."""
    total = 0.0
    units, subs = data.get("units") or {}, data.get("sub_units") or {}
    for number, unit in zip(_caps(match, "num2"), _caps(match, "unit2"), strict=False):
        read = read_number(number)
        factor = float(units[unit][1]) if unit in units else subs.get(unit)
        if read is None or factor is None:
            return None
        total += read[0] * float(factor)
    return total


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
