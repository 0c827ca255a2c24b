"""Chinese numerals (中文数字) to numbers: 三十二 → 32, 二〇二二 → 2022, 壹万 → 10000; and every numeral a
quantity writes (``read_number``: 2,864,400, 13.9万, 1亿1千万, 五六十, 七点五二).
"""

from __future__ import annotations

import math

import regex

__all__ = ["DIGITS", "LARGE_UNITS", "NUMERAL_CHARS", "SMALL_UNITS", "UNIT_CHARS", "cn_to_int", "read_number", "tidy",
           "to_number"]

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "О": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

DIGIT_CHARS = "".join(DIGITS)
NUMERAL_CHARS = DIGIT_CHARS + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)
UNIT_CHARS = {**SMALL_UNITS, **LARGE_UNITS}
_TOKEN = regex.compile(
    r"\d+(?:\.\d+)?|[〇零一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖]+|[十拾百佰千仟万萬亿億]"
)
_DECIMAL = regex.compile(r"\d+(?:\.\d+)?")


def cn_to_int(text: str) -> int:
    """Convert a Chinese numeral to an int.

    Positional strings of digits (二〇二二) read digit by digit; others use the
    units 十 百 千 万 亿.

    >>> [cn_to_int(s) for s in ["三十二", "十二", "二〇二二", "一百二十", "壹万", "一百十三", "两", "一千零十二"]]
    [32, 12, 2022, 120, 10000, 113, 2, 1012]

    Raises:
        ValueError: when ``text`` holds a character that is not a numeral.
    """
    if not text:
        raise ValueError("empty numeral")
    if all(ch in DIGITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + DIGITS[ch]
        return value
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch] or None  # 零 between units is a placeholder: 一千零十二 is 1012
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        elif ch in LARGE_UNITS:
            section += digit or 0
            total = (total + section) * LARGE_UNITS[ch] if LARGE_UNITS[ch] > 10_000 else total + section * LARGE_UNITS[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


def to_number(text: str) -> float:
    """Read an Arabic (with , separators) or Chinese numeral.

    >>> to_number("2,864,400"), to_number("37.30"), to_number("十五")
    (2864400.0, 37.3, 15.0)
    """
    cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
    try:
        return float(cleaned)
    except ValueError:
        return float(cn_to_int(cleaned))


def read_number(text: str) -> tuple[float, float | None] | None:
    """Read an Arabic, Chinese or mixed numeral; adjacent Chinese digits are a range.

    >>> [read_number(s) for s in ["2,864,400", "13.9万", "1亿1千万", "三十五万", "三四", "十一二"]]
    [(2864400.0, None), (139000.0, None), (110000000.0, None), (350000.0, None), (3.0, 4.0), (11.0, 12.0)]
    >>> [read_number(s) for s in ["五六十", "一千零十二", "0万", "七点五二"]]
    [(50.0, 60.0), (1012.0, None), (0.0, None), (7.52, None)]
    >>> read_number("abc") is None, read_number("nan") is None, read_number("9" * 400) is None
    (True, True, True)
    """
    text = text.replace(",", "").replace(" ", "")
    if not text:
        return None
    if "点" in text:
        return _cn_decimal(text)
    if len(text) > 2 and all(ch in DIGITS for ch in text[:2]) and all(ch in UNIT_CHARS for ch in text[2:]):
        low, high = DIGITS[text[0]], DIGITS[text[1]]
        if high == low + 1 and low > 0:  # 五六十 50-60, 七八百万 7-8 million
            scale = read_number("一" + text[2:])
            return (low * scale[0], high * scale[0]) if scale else None
    pair = text[-2:]
    if (len(text) == 2 or text[:-2].endswith(("十", "拾"))) and all(ch in DIGITS for ch in pair):
        low, high = DIGITS[pair[0]], DIGITS[pair[1]]
        if high == low + 1 and low > 0:  # 三四 3-4, 十一二 11-12, 三十四五 34-35
            start = read_number(text[:-1]) if len(text) > 2 else (float(low), None)
            return (start[0], start[0] + 1) if start else None
    if text[0].isdigit() and _DECIMAL.fullmatch(text):
        value = float(text)
        return (tidy(value), None) if math.isfinite(value) else None
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != text or len(text) > 40:
        return None
    try:
        value = _sections(tokens)
    except (OverflowError, ValueError):
        return None
    return (value, None) if math.isfinite(value) else None


def _cn_decimal(text: str) -> tuple[float, float | None] | None:
    """七点五二 → 7.52: the integer part as a numeral, the digits after 点 one by one."""
    whole, _, decimals = text.partition("点")
    head = read_number(whole) if whole else (0.0, None)
    if head is None or not decimals or any(ch not in DIGITS for ch in decimals):
        return None
    return tidy(head[0] + _positional(decimals) / 10 ** len(decimals)), None


def _sections(tokens: list[str]) -> float:
    """十/百/千 scale the digit before them; 万/亿 close a section (1亿1千万 → 110000000).

    A Chinese 零 is a placeholder (一千零十二 is 1012); a bare 万 is one 万 (万余人), a written 0 stays 0.
    """
    total, section, digit = 0.0, 0.0, None
    written = False
    for token in tokens:
        unit = UNIT_CHARS.get(token)
        if unit is None:
            digit = float(token) if token[0].isdigit() else float(_positional(token))
            if digit == 0 and not token[0].isdigit():
                digit = None  # 零 between units
            written = True
        elif unit < 10_000:
            section += (1.0 if digit is None else digit) * unit
            digit = None
        else:
            section += digit or 0.0
            if section == 0 and total == 0 and not written:
                section = 1.0
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, digit = 0.0, None
    return tidy(total + section + (digit or 0.0))


def tidy(value: float) -> float:
    """Drop binary noise: 37.30 × 1e8 is 3730000000.0, not 3729999999.9999995."""
    return float(f"{value:.12g}")


def _positional(token: str) -> int:
    value = 0
    for ch in token:
        value = value * 10 + DIGITS[ch]
    return value
