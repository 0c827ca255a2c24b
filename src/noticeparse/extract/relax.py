"""Relaxing a ``regex`` pattern into a Hyperscan pattern that matches at least as much.

The prefilter (``extract/prefilter.py``) only needs a *necessary* condition for a rule to
match: every substring the ``regex`` pattern matches must be matched by the relaxed pattern.
So the translation may widen but never narrow:

- look-arounds and zero-width assertions (``(?=…)``, ``(?<!…)``, ``^``, ``$``, ``\\b``, ``\\A``…)
  are dropped: they only reject matches, and without them the match no longer depends on
  text outside it (a window can be scanned on its own);
- atomic groups and possessive quantifiers become plain ones, lazy quantifiers greedy ones
  (the same strings, or more), and a wide bounded repeat ``{0,40}`` an unbounded one ``{0,}``
  (compiling wide bounded repeats of Unicode classes took Hyperscan up to 40 s a rule);
- every character class (``\\d``, ``\\p{Han}``, ``[^…]``) becomes explicit code-point ranges
  computed by the ``regex`` module itself, so Hyperscan's own Unicode tables (another Unicode
  version) never decide what a class holds; ``.`` is any character (DOTALL, a superset).

Anything else (back-references, conditionals, inline flags, fuzzy matching, named lists) raises
:class:`Untranslatable`, and the prefilter then always runs that rule.
"""

from __future__ import annotations

import functools

import regex

__all__ = ["Untranslatable", "relax_pattern"]

_Ranges = tuple[tuple[int, int], ...]
_MAX = 0x10FFFF
_QUANT = regex.compile(r"\*|\+|\?|\{(\d*)(,?)(\d*)\}")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_ZERO_WIDTH = set("bBAZzmM")  # \b \B \A \Z \z and regex's word start/end \m \M
_CLASS_ESCAPES = set("dDsSwWpP")
_WIDE = 3  # a repeat {m,n} with n - m above this becomes {m,}
_CONTROL = {"t": 9, "n": 10, "r": 13, "f": 12, "v": 11, "a": 7}


class Untranslatable(ValueError):
    """The pattern uses a construct the relaxation does not handle."""


def relax_pattern(pattern: str) -> str:
    r"""Return an ASCII Hyperscan pattern whose matches include every match of ``pattern``.

    >>> relax_pattern(r"(?<!第)(?P<n>十)?+年\b")
    '(?:(?:\\x{5341}))?\\x{5e74}'
    """
    out, _end = _sequence(pattern, 0, top=True)
    return out


def _sequence(pattern: str, i: int, *, top: bool) -> tuple[str, int]:
    """Translate up to the ``)`` closing the current group (or the end): (text, index after)."""
    out: list[str] = []
    while i < len(pattern):
        ch = pattern[i]
        if ch == ")":
            if top:
                raise Untranslatable("unbalanced )")
            return "".join(out), i + 1
        if ch == "|":
            out.append("|")
            i += 1
            continue
        atom, i, removable = _atom(pattern, i)
        quant = _QUANT.match(pattern, i)
        if quant:
            i = quant.end()
            if i < len(pattern) and pattern[i] in "?+":
                i += 1  # lazy or possessive: the same strings as greedy
            if not removable:
                atom = f"(?:{atom}){_quantifier(quant)}"
        if not removable:
            out.append(atom)
    if not top:
        raise Untranslatable("unclosed group")
    return "".join(out), i


def _quantifier(quant: regex.Match[str]) -> str:
    text = str(quant.group(0))
    if not text.startswith("{"):
        return text
    low, comma, high = str(quant.group(1)) or "0", str(quant.group(2)), str(quant.group(3))  # {,n} is {0,n}
    if comma and high and int(high) - int(low) > _WIDE:
        high = ""  # a wide bounded repeat costs Hyperscan seconds to compile; unbounded is a superset
    return "{" + low + comma + high + "}"


def _atom(pattern: str, i: int) -> tuple[str, int, bool]:
    """One atom at ``i``: (translation, index after, True when it is zero-width and dropped)."""
    ch = pattern[i]
    if ch == "(":
        return _group(pattern, i)
    if ch == "[":
        ranges, end = _bracket(pattern, i)
        return _emit(ranges), end, False
    if ch in "^$":
        return "", i + 1, True
    if ch == ".":
        return _emit(((0, _MAX),)), i + 1, False
    if ch == "\\":
        return _escape(pattern, i)
    if ch == "{" and not _QUANT.match(pattern, i):
        return _emit(((ord(ch), ord(ch)),)), i + 1, False  # a literal brace, as regex reads it
    if ch in "*+?{":
        raise Untranslatable(f"nothing to repeat at {i}")
    return _emit(((ord(ch), ord(ch)),)), i + 1, False


def _group(pattern: str, i: int) -> tuple[str, int, bool]:
    if pattern.startswith(_LOOKAROUND, i):
        _inner, end = _sequence(pattern, i + (4 if pattern[i + 2] == "<" else 3), top=False)
        return "", end, True
    if pattern.startswith("(?#", i):
        end = pattern.find(")", i)
        if end < 0:
            raise Untranslatable("unclosed comment")
        return "", end + 1, True
    if pattern.startswith("(?P<", i):
        close = pattern.find(">", i)
        if close < 0:
            raise Untranslatable("unclosed group name")
        start = close + 1
    elif pattern.startswith(("(?:", "(?>", "(?|"), i):
        start = i + 3
    elif pattern.startswith("(?", i):
        raise Untranslatable(f"unsupported group {pattern[i:i + 4]!r}")
    else:
        start = i + 1
    inner, end = _sequence(pattern, start, top=False)
    return f"(?:{inner})", end, False


def _escape(pattern: str, i: int) -> tuple[str, int, bool]:
    if i + 1 >= len(pattern):
        raise Untranslatable("trailing backslash")
    ch = pattern[i + 1]
    if ch in _ZERO_WIDTH:
        return "", i + 2, True
    ranges, end = _class_escape(pattern, i)
    return _emit(ranges), end, False


def _class_escape(pattern: str, i: int) -> tuple[_Ranges, int]:
    """The code points of the escape at ``i`` (``\\d``, ``\\p{Han}``, ``\\u3000``, ``\\.``…)."""
    ch = pattern[i + 1]
    if ch in _CLASS_ESCAPES:
        end = i + 2
        if ch in "pP":
            if pattern.startswith("{", end):
                close = pattern.find("}", end)
                if close < 0:
                    raise Untranslatable("unclosed property")
                end = close + 1
            else:
                end += 1
        return _code_points(pattern[i:end]), end
    if ch in "xuU":
        if ch == "x" and pattern.startswith("{", i + 2):
            close = pattern.find("}", i + 2)
            digits, end = pattern[i + 3 : close], close + 1
        else:
            size = {"x": 2, "u": 4, "U": 8}[ch]
            digits, end = pattern[i + 2 : i + 2 + size], i + 2 + size
        try:
            point = int(digits, 16)
        except ValueError:
            raise Untranslatable(f"bad hex escape at {i}") from None
        return ((point, point),), end
    if ch in _CONTROL:
        return ((_CONTROL[ch], _CONTROL[ch]),), i + 2
    if ch.isascii() and ch.isalnum():
        raise Untranslatable(f"unsupported escape \\{ch}")  # back-references, \G, \N, \L, \X …
    return ((ord(ch), ord(ch)),), i + 2


def _bracket(pattern: str, i: int) -> tuple[_Ranges, int]:
    """A ``[…]`` set at ``i``: its code points (negation applied) and the index after it."""
    j = i + 1
    negate = pattern.startswith("^", j)
    j += negate
    items: list[tuple[int, int]] = []
    first = True
    while True:
        if j >= len(pattern):
            raise Untranslatable("unclosed [")
        ch = pattern[j]
        if ch == "]" and not first:
            break
        first = False
        if pattern.startswith("[:", j) or pattern.startswith(("&&", "||", "--", "~~"), j):
            raise Untranslatable("POSIX class or set operation")
        low, j = _bracket_item(pattern, j)
        single = len(low) == 1 and low[0][0] == low[0][1]
        if single and pattern.startswith("-", j) and pattern[j + 1 : j + 2] not in ("]", ""):
            high, j = _bracket_item(pattern, j + 1)
            if len(high) != 1 or high[0][0] != high[0][1] or high[0][0] < low[0][0]:
                raise Untranslatable("bad range in [")
            items.append((low[0][0], high[0][0]))
        else:
            items.extend(low)
    ranges = _normalise(items)
    return (_complement(ranges) if negate else ranges), j + 1


def _bracket_item(pattern: str, j: int) -> tuple[_Ranges, int]:
    if pattern[j] == "\\":
        if j + 1 < len(pattern) and pattern[j + 1] == "b":
            return ((8, 8),), j + 2  # \b is a backspace inside a set
        return _class_escape(pattern, j)
    return ((ord(pattern[j]), ord(pattern[j])),), j + 1


def _normalise(items: list[tuple[int, int]]) -> _Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(items):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(ranges: _Ranges) -> _Ranges:
    out, start = [], 0
    for low, high in ranges:
        if low > start:
            out.append((start, low - 1))
        start = high + 1
    if start <= _MAX:
        out.append((start, _MAX))
    return tuple(out)


def _emit(ranges: _Ranges) -> str:
    """A Hyperscan class of these code points (surrogates left out: UTF-8 text has none)."""
    parts = []
    for low, high in ranges:
        for a, b in ((low, min(high, 0xD7FF)), (max(low, 0xE000), high)):
            if a <= b:
                parts.append(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}")
    if not parts:
        raise Untranslatable("empty class")
    if len(parts) == 1 and "-" not in parts[0]:
        return parts[0]
    return "[" + "".join(parts) + "]"


@functools.cache
def _code_points(escape: str) -> _Ranges:
    """What ``regex`` itself puts in a class escape, as ranges (its Unicode tables, not Hyperscan's)."""
    try:
        runs = regex.compile(f"[{escape}]+", regex.V0)
    except regex.error as exc:
        raise Untranslatable(f"bad class {escape}: {exc}") from exc
    return tuple((ord(m.group(0)[0]), ord(m.group(0)[-1])) for m in runs.finditer(_every_character()))


@functools.cache
def _every_character() -> str:
    return "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, _MAX + 1)))
