"""Entity-aware word segmentation (分词): tokens, finding terms and topics of a notice.

Rules: ``rules/segment.yaml`` (protected patterns, lexicon list, content words) and
``rules/lexicon/*.txt`` (the domain lexicon). The ``Segmenter`` cuts text in two
layers. First it fixes the spans that must stay whole: the entities found by the
extractors (one token each, with their kind), then every lexicon term and every
protected pattern in the text between them. Only the remaining text reaches the
backend (jieba, rjieba, pkuseg or characters; see ``segment.backends``), so no
backend can split an entity or a lexicon term. Outline markers (一、 （一） 1.) are
one token each too, of kind ``marker`` (``fields.MARKER_KIND``), placed from the
outline records.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any, cast

import ahocorasick
import regex

from noticeparse.extract import EntitySpan, extract_entities, mask_spans, node_index, pick_longest
from noticeparse.fields import ENTITIES, MARKER_KIND, TOKEN_KINDS
from noticeparse.records import FindingTerm, FindingTopic, Notice, OutlineNode, Token, TokenTable
from noticeparse.rules import RuleSet, load_rules
from noticeparse.segment.backends import LexiconEntry, make_backend
from noticeparse.segment.topics import finding_terms, finding_topics

__all__ = [
    "Segmentation",
    "Segmenter",
    "find_entities",
    "get_segmenter",
    "load_lexicon",
    "notice_entities",
    "outline_markers",
    "preload_segmenter",
    "segment_notice",
    "segment_text",
]

ENTITY_POS = TOKEN_KINDS
_CHUNK = regex.compile(r"\S+")  # what the backend is given: a run without whitespace
_ANY_SPACE = re.compile(r"\s")  # re's \s is str.isspace (regex's is Unicode White_Space)
_NUMBER = regex.compile(r"[\d０-９.．%％]+")
_PUNCT = regex.compile(r"[\p{P}\p{S}]+")
Placed = tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple["str | None", ...]]  # words, starts, ends, POS
CUT_CACHE = 50_000  # backend cuts remembered per segmenter (short chunks: a few MB)


def load_lexicon(rules: RuleSet) -> list[LexiconEntry]:
    """The lexicon files listed in ``segment.yaml`` as ``(word, freq, pos)`` entries.

    >>> ("三重一大", 30000, "j") in load_lexicon(load_rules())
    True
    """
    entries = []
    for name in rules["segment"].data.get("lexicon", []):
        for line in rules.lexicon(name):
            word, *rest = line.split()
            freq = int(rest[0]) if rest else 10000
            entries.append((word, freq, rest[1] if len(rest) > 1 else "n"))
    return entries


def _automaton(words: Iterable[str]) -> Any:
    """An Aho-Corasick automaton of the lexicon terms, each with its length (None without terms)."""
    automaton = ahocorasick.Automaton()
    for word in words:
        if word:
            automaton.add_word(word, len(word))
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _merge(entities: Iterable[EntitySpan]) -> list[EntitySpan]:
    """Overlapping entities become one span (with the longer one's kind): none is ever cut."""
    merged: list[EntitySpan] = []
    for start, end, kind in sorted(entities, key=lambda e: (e[0], -e[1])):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            s, e, k = merged[-1]
            keep = k if e - s >= end - start else kind
            merged[-1] = (s, max(e, end), keep)
        else:
            merged.append((start, end, kind))
    return merged


class Segmenter:
    """The entity-aware segmenter over one backend (build once per process: see ``get_segmenter``).

    >>> seg = get_segmenter("jieba")
    >>> [t.text for t in seg.cut("市委第二巡察组向新区党工委反馈“三重一大”问题")]
    ['市委', '第二', '巡察组', '向', '新区', '党工委', '反馈', '“', '三重一大', '”', '问题']
    """

    def __init__(self, backend: str = "jieba", rules: RuleSet | None = None) -> None:
        self.rules = rules or load_rules()
        self.lexicon = load_lexicon(self.rules)
        self.tags = {word: tag for word, _freq, tag in self.lexicon}
        self.backend = make_backend(backend, self.lexicon)
        self.name = backend
        self._automaton = _automaton(self.tags)
        self._lock = threading.Lock()  # jieba's lazy initialisation is not thread-safe
        self._warm = False
        self._cut_cached = functools.lru_cache(maxsize=CUT_CACHE)(self._place)
        # jieba's tagger already holds its dictionary's tags: no second copy of them
        self._dictionary_tag = getattr(self.backend, "tag_of", None) or _dictionary_tags().get

    def warm(self) -> None:
        """Load the backend's dictionaries now (they load on the first cut), once per process."""
        if not self._warm:
            self._place("巡察组2021年反馈")
            self._warm = True

    def cut(self, text: str, entities: Iterable[EntitySpan] = (),
            nodes: Sequence[int | None] | None = None) -> list[Token]:
        """Segment ``text``; every ``(start, end, kind)`` entity comes out as one token.

        ``nodes`` (``extract.node_index`` of the outline) gives each token its node.
        """
        return list(self.cut_table(text, entities, nodes))

    def cut_table(self, text: str, entities: Iterable[EntitySpan] = (),
                  nodes: Sequence[int | None] | None = None) -> TokenTable:
        """``cut`` as columns (``records.TokenTable``): no ``Token`` object is made until one is read."""
        out = _Columns()
        cursor = 0
        for start, end, kind, pos in self._protected(text, _merge(entities)):
            self._cut_gap(text, cursor, start, out)
            out.add(text[start:end], start, end, pos, kind)
            cursor = end
        self._cut_gap(text, cursor, len(text), out)
        node_ids = list(map(nodes.__getitem__, out.starts)) if nodes else [None] * len(out.starts)
        return TokenTable(out.texts, out.starts, out.ends, out.tags, out.kinds, node_ids)

    def _protected(self, text: str, entities: list[EntitySpan]) -> list[tuple[int, int, str | None, str | None]]:
        """Spans kept whole, in text order: ``(start, end, entity_kind, pos)``."""
        masked = mask_spans(text, [(s, e) for s, e, _k in entities])
        data = self.rules["segment"].data
        pattern_pos, yielding = data.get("pattern_pos", {}), set(data.get("yield_to_lexicon", []))
        terms = self._lexicon_terms(masked)
        candidates: list[tuple[int, int, int, object]] = [(s, e, 0, self.tags[text[s:e]]) for s, e in terms]
        term_starts = [s for s, _e in terms]
        for rule in self.rules["segment"].rules:
            matches = [(m.start(), m.end()) for m in rule.regex.finditer(masked)]
            if rule.id in yielding:
                matches = [(s, e) for s, e in matches if not _splits(s, e, terms, term_starts)]
            candidates += [(s, e, rule.priority, pattern_pos.get(rule.id)) for s, e in matches]
        chosen: list[tuple[int, int, str | None, str | None]] = [(s, e, k, ENTITY_POS.get(k)) for s, e, k in entities]
        for span in pick_longest([(s, e, prio, (s, e, pos)) for s, e, prio, pos in candidates]):
            start, end, pos = cast(tuple[int, int, "str | None"], span)
            chosen.append((start, end, None, pos or self.tag_of(text[start:end]) or "nz"))
        return sorted(chosen, key=lambda c: c[0])

    def _lexicon_terms(self, text: str) -> list[tuple[int, int]]:
        """The lexicon terms of ``text``, leftmost first, the longest at each start, none overlapping.

        What a regex alternation of the terms (longest first) finds, from one Aho-Corasick
        pass over the text instead of trying every term at every character.
        """
        if self._automaton is None:
            return []
        longest: dict[int, int] = {}
        for last, size in self._automaton.iter(text):
            start = last + 1 - size
            longest[start] = max(longest.get(start, 0), last + 1)
        terms: list[tuple[int, int]] = []
        for start in sorted(longest):
            if not terms or start >= terms[-1][1]:
                terms.append((start, longest[start]))
        return terms

    def _cut_gap(self, text: str, start: int, end: int, out: _Columns) -> None:
        """The backend's words of ``text[start:end]``, one whitespace-free chunk at a time, into ``out``."""
        for chunk in _CHUNK.finditer(text, start, end):
            offset = chunk.start()
            words, starts, ends, tags = self._cut_chunk(chunk.group())
            out.texts += words
            out.starts += [offset + s for s in starts] if offset else starts
            out.ends += [offset + e for e in ends] if offset else ends
            out.tags += tags
            out.kinds += [None] * len(words)

    def _cut_chunk(self, chunk: str) -> Placed:
        """The words of a chunk without whitespace, their starts, ends (within it) and POS.

        Memoised (``CUT_CACHE`` chunks per process): the text between entities and
        lexicon terms repeats a lot across notices (的问题, 整改情况, 责任单位…).
        """
        with self._lock:
            return self._cut_cached(chunk)

    def _place(self, chunk: str) -> Placed:
        pairs = self.backend.cut(chunk)
        words = [word for word, _tag in pairs]
        tag_of = self.tag_of
        if "".join(words) == chunk and "" not in words and not _ANY_SPACE.search(chunk):  # nothing dropped
            ends = list(itertools.accumulate(map(len, words)))
            return tuple(words), (0, *ends[:-1]), tuple(ends), tuple(tag or tag_of(word) for word, tag in pairs)
        placed: list[tuple[str, int, int, str | None]] = []
        pos_in = 0
        for word, tag in pairs:
            at = chunk.find(word, pos_in) if word.strip() else -1
            if at < 0:
                continue  # whitespace, or a word the backend normalised: never invent text
            if at > pos_in:  # characters the backend dropped become tokens of their own
                placed += [(c, pos_in + i, pos_in + i + 1, tag_of(c))
                           for i, c in enumerate(chunk[pos_in:at]) if not c.isspace()]
            placed.append((word, at, at + len(word), tag or tag_of(word)))
            pos_in = at + len(word)
        placed += [(c, pos_in + i, pos_in + i + 1, tag_of(c))
                   for i, c in enumerate(chunk[pos_in:]) if not c.isspace()]
        return (tuple(p[0] for p in placed), tuple(p[1] for p in placed), tuple(p[2] for p in placed),
                tuple(p[3] for p in placed))

    def tag_of(self, word: str) -> str | None:
        """A POS for a word the backend did not tag: lexicon, jieba's dictionary, or its shape."""
        if word in self.tags:
            return self.tags[word]
        tag = self._dictionary_tag(word)
        if tag:
            return tag
        if _NUMBER.fullmatch(word):
            return "m"
        if _PUNCT.fullmatch(word):
            return "x"
        return "eng" if word.isascii() and word.isalpha() else None


def _splits(start: int, end: int, terms: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    """True when a lexicon term lies inside ``[start, end)`` without covering all of it.

    ``terms`` are in text order without overlaps (``starts`` their starts): only those
    from the first starting at ``start`` on can lie inside, and they end in order too.
    """
    for s, e in terms[bisect.bisect_left(starts, start):]:
        if e > end:
            return False
        if e - s < end - start:
            return True
    return False


class _Columns:
    """The token columns ``Segmenter.cut_table`` fills."""

    __slots__ = ("ends", "kinds", "starts", "tags", "texts")

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.tags: list[str | None] = []
        self.kinds: list[str | None] = []

    def add(self, text: str, start: int, end: int, tag: str | None, kind: str | None) -> None:
        self.texts.append(text)
        self.starts.append(start)
        self.ends.append(end)
        self.tags.append(tag)
        self.kinds.append(kind)


@functools.cache
def _dictionary_tags() -> dict[str, str]:
    """jieba's dictionary as word → POS (for backends without a tagger; empty without jieba)."""
    try:
        import jieba
    except ImportError:
        return {}
    tags = {}
    with jieba.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


_SEGMENTERS: dict[tuple[str, str, str], Segmenter] = {}
_CACHE_LOCK = threading.Lock()


def get_segmenter(backend: str = "jieba", rules: RuleSet | None = None) -> Segmenter:
    """The process-wide ``Segmenter`` for ``backend`` and these rules (built on first use)."""
    rules = rules or load_rules()
    key = (backend, str(rules.root), rules.sha256)
    with _CACHE_LOCK:
        if key not in _SEGMENTERS:
            _SEGMENTERS[key] = Segmenter(backend, rules)
        return _SEGMENTERS[key]


def preload_segmenter(backend: str = "jieba", rules: RuleSet | None = None) -> Segmenter:
    """Build the process-wide segmenter with every dictionary it loads lazily, now.

    A parent that forks its workers calls this once: each worker then starts with the
    dictionaries in memory instead of loading them again (about 2 s each).
    """
    segmenter = get_segmenter(backend, rules)
    for name in ("tokenizer", "tagger"):
        getattr(segmenter.backend, name, None)  # jieba's own, built on first use
    segmenter.tag_of("的")
    return segmenter


def notice_entities(notice: Notice) -> list[EntitySpan]:
    """The entity spans of a parsed notice, as ``(start, end, kind)``."""
    return [(r.start, r.end, item.entity.kind) for item in ENTITIES if item.entity
            for r in getattr(notice, item.table)]


def outline_markers(outline: Iterable[OutlineNode], rules: RuleSet) -> list[EntitySpan]:
    """The markers of the outline items whose rule is in ``segment.yaml`` data.marker_rules.

    >>> outline_markers(extract_entities("（一）统筹建设监管工作平台。", load_rules()).outline, load_rules())
    [(0, 3, 'marker')]
    """
    kept = set(rules["segment"].data.get("marker_rules", []))
    return [(node.marker_start, node.marker_end, MARKER_KIND) for node in outline
            if node.rule_id in kept and node.marker_start < node.marker_end]


def find_entities(text: str, rules: RuleSet) -> list[EntitySpan]:
    """Run the extractors on a bare text, in the parse plan's order and with its masks.

    The outline markers come too (kind ``marker``): they are tokens of their own.

    >>> find_entities("2021年8月5日,巡察组进驻", load_rules())
    [(0, 9, 'date')]
    """
    found = extract_entities(text, rules)
    return sorted(found.spans() + outline_markers(found.outline, rules))


def segment_text(text: str, rules: RuleSet | None = None, segmenter: Segmenter | None = None) -> list[Token]:
    """Find the entities of ``text`` and segment it around them (the CLI's path).

    >>> [t.text for t in segment_text("2021年11月18日,巡察组反馈意见")]
    ['2021年11月18日', ',', '巡察组', '反馈', '意见']
    """
    rules = rules or load_rules()
    segmenter = segmenter or get_segmenter("jieba", rules)
    return segmenter.cut(text, find_entities(text, rules))


Segmentation = tuple[Sequence[Token], tuple[FindingTerm, ...], tuple[FindingTopic, ...]]


def segment_notice(notice: Notice, rules: RuleSet, segmenter: Segmenter | None = None) -> Segmentation:
    """The tokens of a parsed notice (each with its outline node), its findings' terms and topics.

    The tokens are a ``records.TokenTable``: columns, read by the rows as they are.
    """
    if not notice.text:
        return (), (), ()
    segmenter = segmenter or get_segmenter("jieba", rules)
    nodes = node_index(notice.outline, len(notice.text))
    tokens = segmenter.cut_table(notice.text, notice_entities(notice) + outline_markers(notice.outline, rules), nodes)
    return tokens, tuple(finding_terms(notice, tokens, rules)), tuple(finding_topics(notice, rules))
