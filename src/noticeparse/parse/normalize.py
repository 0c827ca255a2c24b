"""Bytes to text (decoding) and text normalisation (全角/半角, spaces, line breaks).

Normalisation folds full-width digits and Latin letters to ASCII, turns NBSP and
U+3000 into plain spaces, and turns CR/CRLF into LF. Every fold but CRLF → LF is
one character for one, and ``offset_map`` records where each output character
came from, so an offset into the stored text can always be traced to the input.
Punctuation stays as written: the rules accept both ``（一）`` and ``(一)``.
"""

from __future__ import annotations

import codecs
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


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with the codec that was used and how it was chosen."""

    text: str
    encoding: str
    how: str


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
    """Decode bytes: BOM, then declared/meta charset, then UTF-8, then detection.

    >>> decode_bytes("喆".encode("gb18030"), declared="gb2312").text
    '喆'

    Raises:
        NoticeError: E101 when no codec gives readable text, E102 for binary data.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return DecodedText(data.decode(codec, errors="replace"), codec, "bom")
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 20:
        raise NoticeError(Code.E102, "binary data (NUL bytes), not a text or HTML notice")
    candidates = []
    if declared:
        candidates.append((declared, "declared"))
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append((meta.group(1).decode("ascii"), "meta"))
    candidates.append(("utf-8", "utf-8"))
    for name, how in candidates:
        canonical = _canonical(name)
        if canonical is None:
            continue
        try:
            return DecodedText(data.decode(canonical), canonical, how)
        except (UnicodeDecodeError, LookupError):  # LookupError: a declared codec that is no text codec (rot13)
            continue
    guess = _guess_gb18030(data)
    if guess is not None:
        return guess
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise NoticeError(Code.E101, "undecodable bytes: no charset gives text")
    codec = _canonical(best.encoding) or best.encoding
    return DecodedText(data.decode(codec, errors="replace"), codec, "detected")


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
