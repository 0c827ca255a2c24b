"""Scoring a segmentation against gold words: span P/R/F1 and recall by word class.

Used by the segmentation tests, ``bench/segment_bench.py`` and the evaluation; the
gold sets are under ``tests/data/segmentation`` (and ../shared/corpus when present).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

__all__ = ["WORD_CLASSES", "recall_by_class", "score_words", "word_class"]


def _spans_of(words: Sequence[str]) -> list[tuple[int, int]]:
    spans, at = [], 0
    for word in words:
        spans.append((at, at + len(word)))
        at += len(word)
    return spans


def score_words(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
    ignore: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> tuple[float, float, float]:
    """Word precision, recall and F1 of ``predicted`` against ``gold`` (lists of sentences).

    A word counts when its character span equals a gold word's span. Words that
    overlap a span of ``ignore[i]`` (e.g. entities) are left out on both sides.

    >>> score_words([["巡察组", "向", "党工委"]], [["巡察", "组向", "党工委"]])
    (0.3333333333333333, 0.3333333333333333, 0.3333333333333333)
    """
    hits = n_gold = n_pred = 0
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        skip = ignore[i] if ignore else ()
        keep = [s for s in _spans_of(g) if not any(s[0] < e and b < s[1] for b, e in skip)]
        pred = [s for s in _spans_of(p) if not any(s[0] < e and b < s[1] for b, e in skip)]
        hits += len(set(keep) & set(pred))
        n_gold, n_pred = n_gold + len(keep), n_pred + len(pred)
    precision, recall = hits / max(n_pred, 1), hits / max(n_gold, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


WORD_CLASSES = ("ordinal", "set phrase", "marker", "date", "quantity", "word")
_CN = "〇零一二三四五六七八九十百千两"
_MARKER_SHAPE = regex.compile(rf"[(（][{_CN}\d]+[)）]|[{_CN}]+[、.．]|\d+[.．、]|第[{_CN}\d]+[章节]")
_ORDINAL_SHAPE = regex.compile(rf"第[{_CN}\d０-９]+\p{{Han}}?|[{_CN}]+届")
_PLENARY_SHAPE = regex.compile(rf"[{_CN}]+次")  # 六次 (全会)
_DATE_SHAPE = regex.compile(rf"(?:\d{{1,4}}|[{_CN}]{{1,4}})[年月日号號]")
_QUANTITY_SHAPE = regex.compile(r"(?:约|近|超|共|逾)?[\d０-９]")
_OPEN, _CLOSE = "“‘「『", "”’」』"


def word_class(words: Sequence[str], i: int, slogans: frozenset[str] = frozenset()) -> str:
    """The class of gold word ``words[i]`` for recall by class (one of ``WORD_CLASSES``), by shape.

    marker: an outline marker opening the line; set phrase: a word right between quotes, or a
    numbered slogan (a term of ``slogans`` that starts with a numeral: 两个维护, 三重一大);
    ordinal: 第N…, N届, N次 before 全会; date: a numeral with 年/月/日/号; quantity: a word
    starting with a digit; word: the rest.

    >>> words = ["（一）", "召开", "十四届", "六次", "全会", "“", "双百", "”", "5月20号", "3点"]
    >>> [word_class(words, i) for i in range(len(words))]
    ['marker', 'word', 'ordinal', 'ordinal', 'word', 'word', 'set phrase', 'word', 'date', 'quantity']
    """
    word = words[i]
    if i == 0 and _MARKER_SHAPE.fullmatch(word):
        return "marker"
    quoted = 0 < i < len(words) - 1 and words[i - 1] in _OPEN and words[i + 1] in _CLOSE
    if (quoted and len(word) > 1) or (word in slogans and word[0] in _CN):
        return "set phrase"
    plenary = _PLENARY_SHAPE.fullmatch(word) and i + 1 < len(words) and words[i + 1].startswith("全会")
    if plenary or _ORDINAL_SHAPE.fullmatch(word):
        return "ordinal"
    if _DATE_SHAPE.search(word):
        return "date"
    return "quantity" if _QUANTITY_SHAPE.match(word) else "word"


def recall_by_class(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
                    slogans: frozenset[str] = frozenset()) -> dict[str, tuple[int, int]]:
    """``{class: (gold words found, gold words)}`` over the sentences (see ``word_class``).

    >>> recall_by_class([["十四届", "市委"]], [["十四", "届", "市委"]])["ordinal"]
    (0, 1)
    """
    counts = {name: [0, 0] for name in WORD_CLASSES}
    for g, p in zip(gold, predicted, strict=True):
        found = set(_spans_of(p))
        for i, span in enumerate(_spans_of(g)):
            tally = counts[word_class(g, i, slogans)]
            tally[0] += span in found
            tally[1] += 1
    return {name: (hit, total) for name, (hit, total) in counts.items()}
