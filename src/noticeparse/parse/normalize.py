"""Bytes to text (decoding) and text normalisation (全角/半角, spaces, line breaks).

Normalisation folds full-width digits and Latin letters to ASCII, turns NBSP and
U+3000 into plain spaces, and turns CR/CRLF into LF. Every fold but CRLF → LF is
one character for one, and ``offset_map`` records where each output character
came from, so an offset into the stored text can always be traced to the input.
Punctuation stays as written: the rules accept both ``（一）`` and ``(一)``.
"""

from __future__ import annotations

import codecs
import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import charset_normalizer
import regex

from noticeparse.errors import Code, NoticeError

__all__ = ["DecodedText", "NormalizedText", "decode_bytes", "normalize_text", "replace_surrogates"]

# gb2312 and gbk are subsets of gb18030; decoding with the narrow codec loses names such as 喆 镕 堃
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,20})""", regex.I)
_SPACES = {"\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\ufeff": ""}
_FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD.update({"．": ".", "％": "%", "＠": "@", "－": "-", "／": "/", "＋": "+"})
_FOLD.update({k: v for k, v in _SPACES.items() if v})
_GB_COMMON_SHARE = 0.97  # share of CJK/punctuation among non-ASCII chars that marks a real GBK page
_FOLD_TABLE = str.maketrans(_FOLD)
# CR/CRLF become LF; control characters and zero-width BOMs are dropped
_DROP = regex.compile(r"\r\n?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_LEGACY_CJK = {"gb18030", "big5hkscs", "big5", "cp950", "euc_jp", "shift_jis", "euc_kr"}
_FEW_BAD_BYTES = 8  # a repair replaces at most this many bytes, or 1% of them in a longer input
_PLAUSIBLE = 0.75  # a repaired reading must be mostly common Han (see _plausibility)
_CLEARLY_BETTER = 0.25  # how much more plausible another reading must be to overrule a declared charset
_MIN_HAN = 4  # fewer Han characters than this say too little to overrule a declaration


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with the codec that was used, how it was chosen and what went wrong.

    ``warnings`` are ``(code, message)`` pairs: W203 when bytes that no codec reads were
    replaced with U+FFFD, W204 when a declared charset lost to the one that reads the bytes.
    """

    text: str
    encoding: str
    how: str
    warnings: tuple[tuple[Code, str], ...] = ()


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text plus, for each character, its offset in the input string."""

    text: str
    offset_map: Sequence[int]  # a range when nothing was dropped


def _canonical(name: str) -> str | None:
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _WIDEN.get(codec.replace("_", ""), _WIDEN.get(codec, codec))


def decode_bytes(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode bytes: BOM, then declared/meta charset, then UTF-8, then detection; a few bad bytes are replaced.

    1. A byte-order mark decides.
    2. The declared charset (HTTP header, sidecar), the page's ``<meta charset>`` and UTF-8,
       in that order, each if it reads every byte; a declared CJK charset whose text is far
       less plausible than another codec's (GBK bytes under ``charset=big5``) loses to it (W204).
    3. Undeclared GBK, when it reads as common Han.
    4. The codec that leaves the fewest bytes unread, when they are few: they become U+FFFD (W203).
    5. charset_normalizer's guess.

    >>> decode_bytes("喆".encode("gb18030"), declared="gb2312").text
    '喆'
    >>> cut = decode_bytes("关于整改的通报".encode() + bytes([0xFF]))
    >>> cut.text, cut.warnings[0][0]
    ('关于整改的通报\ufffd', 'W203')

    Raises:
        NoticeError: E101 when no codec gives readable text, E102 for binary data.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, *bad = _decode_replacing(data, codec)
            return DecodedText(text, codec, "bom", _replaced((bad[0], bad[1]), codec))
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 20:
        raise NoticeError(Code.E102, "binary data (NUL bytes), not a text or HTML notice")
    named = _named_codecs(data, declared)
    found = _strict(data, named) or _guess_gb18030(data) or _lenient(data, [c for c, _ in named] + ["gb18030"])
    if found is None:
        found = _detected(data)
    return _with_declared_check(data, found, named)


def _named_codecs(data: bytes, declared: str | None) -> list[tuple[str, str]]:
    """``(codec, how)`` of the declared charset, the page's meta charset and UTF-8, known codecs only, once each."""
    named: list[tuple[str, str]] = []
    meta = _META_CHARSET.search(data[:4096])
    for name, how in ((declared, "declared"), (meta.group(1).decode("ascii") if meta else None, "meta"),
                      ("utf-8", "utf-8")):
        codec = _canonical(name) if name else None
        if codec is not None and codec not in {c for c, _ in named} and _is_text_codec(codec):
            named.append((codec, how))
    return named


def _is_text_codec(codec: str) -> bool:
    """A codec that turns bytes into text (not rot13, base64 …)."""
    try:
        return bool(getattr(codecs.lookup(codec), "_is_text_encoding", True))
    except LookupError:
        return False


def _strict(data: bytes, named: list[tuple[str, str]]) -> DecodedText | None:
    for codec, how in named:
        try:
            return DecodedText(data.decode(codec), codec, how)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _lenient(data: bytes, codecs_: list[str]) -> DecodedText | None:
    """The codec that reads all but the fewest bytes, when those are few (a cut character, a stray byte)."""
    best: tuple[int, int, str, str] | None = None
    for codec in dict.fromkeys(codecs_):
        try:
            text, bad, runs = _decode_replacing(data, codec)
        except LookupError:
            continue
        if best is None or bad < best[0]:
            best = (bad, runs, codec, text)
    if best is None or best[0] > max(_FEW_BAD_BYTES, len(data) // 100) or _plausibility(best[3]) < _PLAUSIBLE:
        return None
    bad, runs, codec, text = best
    return DecodedText(text, codec, "repaired", _replaced((bad, runs), codec))


def _detected(data: bytes) -> DecodedText:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise NoticeError(Code.E101, "undecodable bytes: no charset gives text")
    codec = _canonical(best.encoding) or best.encoding
    text, bad, runs = _decode_replacing(data, codec)
    return DecodedText(text, codec, "detected", _replaced((bad, runs), codec))


def _with_declared_check(data: bytes, found: DecodedText, named: list[tuple[str, str]]) -> DecodedText:
    """A declared charset that did not read the bytes, or read them as far less plausible text, is said (W204)."""
    said = [(codec, how) for codec, how in named if how in {"declared", "meta"}]
    if not said:
        return found
    if found.how not in {"declared", "meta"}:
        codec, how = said[0]
        note = f"the {how} charset {codec} does not decode these bytes; read as {found.encoding} ({found.how})"
        return DecodedText(found.text, found.encoding, found.how, (*found.warnings, (Code.W204, note)))
    better = _more_plausible(data, found)
    if better is None:
        return found
    note = (f"the {found.how} charset {found.encoding} reads these bytes as implausible text; read as"
            f" {better.encoding} (detected)")
    return DecodedText(better.text, better.encoding, "detected", ((Code.W204, note),))


def _more_plausible(data: bytes, found: DecodedText) -> DecodedText | None:
    """Another CJK codec whose strict reading is far more plausible than the declared one's (GBK vs Big5)."""
    if found.encoding not in _LEGACY_CJK or sum(ch > "\u2e80" for ch in found.text) < _MIN_HAN:
        return None
    score = _plausibility(found.text)
    for codec in _LEGACY_CJK | {"utf-8"}:
        if codec == found.encoding:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausibility(text) >= score + _CLEARLY_BETTER:
            return DecodedText(text, codec, "detected")
    return None


def _plausibility(text: str) -> float:
    """The share of Han characters among the common ones of GB 2312 level 1 and Big5 (1.0 with none).

    Right decodings of real pages score above 0.9, simplified or traditional; GBK read as
    Big5, or Big5 as GBK, below 0.6.
    """
    han = [ch for ch in text if ch > "\u2e80"]
    if not han:
        return 1.0
    common = _common_han()
    return sum(ch in common for ch in han) / len(han)


@functools.cache
def _common_han() -> frozenset[str]:
    """The common Han characters: GB 2312 level 1 (simplified) and Big5's frequent range (traditional)."""
    found = set()
    pairs = [(hi, lo, "gb2312") for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)]
    pairs += [(hi, lo, "big5") for hi in range(0xA4, 0xC7) for lo in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]]
    for hi, lo, codec in pairs:
        try:
            found.add(bytes((hi, lo)).decode(codec))
        except UnicodeDecodeError:
            continue
    return frozenset(found)


def _decode_replacing(data: bytes, codec: str) -> tuple[str, int, int]:
    """Decode, each run of bytes the codec cannot read as one U+FFFD (as ``errors="replace"``).

    Returns the text, how many bytes were unread and how many U+FFFD stand for them.
    """
    _unread.runs = _unread.bytes = 0
    text = data.decode(codec, errors=_COUNTING)
    return text, _unread.bytes, _unread.runs


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _unread.runs += 1
    _unread.bytes += exc.end - exc.start
    return "\ufffd", exc.end


_COUNTING = "noticeparse-counting-replace"
_unread = threading.local()  # Dask runs notices on threads: each counts its own
codecs.register_error(_COUNTING, _count_and_replace)


def _replaced(bad: tuple[int, int], codec: str) -> tuple[tuple[Code, str], ...]:
    count, runs = bad
    if not count:
        return ()
    return ((Code.W203, (f"{count} undecodable byte{'s' if count != 1 else ''} replaced with {runs} U+FFFD"
                     f" (read as {codec})")),)


def _guess_gb18030(data: bytes) -> DecodedText | None:
    """Most undeclared non-UTF-8 Chinese pages are GBK: accept it when it reads as common Han."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    common = sum(1 for ch in wide if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    if wide and common / len(wide) >= _GB_COMMON_SHARE:
        return DecodedText(text, "gb18030", "gb18030-guess")
    return None


def replace_surrogates(text: str) -> str:
    """Lone surrogates (from UTF-7, or from a caller's ``str``) as U+FFFD, one for one.

    UTF-8, hence Parquet, cannot hold them; offsets stay valid and W202 reports them.

    >>> replace_surrogates("整改\\ud800") == "整改\\ufffd"
    True
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def normalize_text(text: str) -> NormalizedText:
    """Fold full-width digits/letters, unify spaces and line breaks, drop control chars.

    >>> normalize_text("２０２２年\\u3000５月\\r\\n").text
    '2022年 5月\\n'
    """
    folded = text.translate(_FOLD_TABLE)  # one character for one: offsets unchanged
    if not _DROP.search(folded):
        return NormalizedText(folded, range(len(folded)))
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _DROP.finditer(folded):  # keep the runs between dropped characters
        out.append(folded[position : match.start()])
        offsets.extend(range(position, match.start()))
        if match.group() in {"\r\n", "\r"}:
            out.append("\n")
            offsets.append(match.start())
        position = match.end()
    out.append(folded[position:])
    offsets.extend(range(position, len(folded)))
    return NormalizedText("".join(out), tuple(offsets))
