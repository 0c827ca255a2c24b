"""Chinese numerals (中文数字) to numbers: 三十二 → 32, 二〇二二 → 2022, 壹万 → 10000."""

from __future__ import annotations

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
