"""The columnar segmenter gives the tokens, tags, terms and token rows of the per-token code it replaced.

``reference_cut`` is that code (noticeparse before issue 18), kept here as the reference: the
lexicon as one regex alternation (longest first), ``_splits`` trying every term, rjieba's tagged
cut with a dictionary check per word, jieba's own ``POSTokenizer`` (its pure-Python Viterbi) for
unknown words, every chunk placed with ``str.find``, one ``Token`` per word. Compared on
raw/samples, every ../shared/corpus HTML page (skipped when absent) and hypothesis texts.
"""

from __future__ import annotations

import dataclasses
import functools
import pickle
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import jieba.posseg
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noticeparse.extract import mask_spans, node_index, pick_longest
from noticeparse.fields import FIELDS
from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.records import FindingTerm, Notice, Token, TokenTable
from noticeparse.rules import load_rules
from noticeparse.segment.segmenter import (
    ENTITY_POS,
    Segmenter,
    _merge,
    get_segmenter,
    notice_entities,
    outline_markers,
    segment_notice,
)
from noticeparse.segment.topics import content_words
from noticeparse.settings import Settings
from noticeparse.store.rows import record_columns

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
RULES = load_rules()
SPACE = regex.compile(r"\s+")
TOKENS = next(item for item in FIELDS if item.table == "tokens")


@functools.cache
def _jieba_tagger(segmenter: Segmenter) -> Any:
    tagger = jieba.posseg.POSTokenizer(segmenter.backend.tokenizer)
    tagger.makesure_userdict_loaded()
    return tagger


@functools.cache
def _term_pattern(segmenter: Segmenter) -> Any:
    words = sorted(segmenter.tags, key=lambda w: (-len(w), w))
    return regex.compile("|".join(regex.escape(w) for w in words))


def _reference_unknown(segmenter: Segmenter, word: str) -> str | None:
    if not word.strip() or len(word) > 12:
        return None
    pairs = _jieba_tagger(segmenter).lcut(word)
    return str(pairs[0].flag) if len(pairs) == 1 else None


def _reference_backend_cut(segmenter: Segmenter, chunk: str) -> list[tuple[str, str | None]]:
    backend: Any = segmenter.backend
    if backend.rust is not None and backend.rust.cuts_like_jieba(chunk):
        has_word = backend.rust.jieba.has_word
        return [(w, (t if has_word(w) else None) or _reference_unknown(segmenter, w))
                for w, t in backend.rust.jieba.tag(chunk, True)]
    tags = backend.tagger.word_tag_tab
    return [(w, tags.get(w) or _reference_unknown(segmenter, w)) for w in backend.tokenizer.cut(chunk)]


def _reference_place(segmenter: Segmenter, chunk: str) -> list[tuple[str, int, int, str | None]]:
    placed: list[tuple[str, int, int, str | None]] = []
    pos_in = 0
    for word, tag in _reference_backend_cut(segmenter, chunk):
        at = chunk.find(word, pos_in) if word.strip() else -1
        if at < 0:
            continue
        if at > pos_in:
            placed += [(c, pos_in + i, pos_in + i + 1, segmenter.tag_of(c))
                       for i, c in enumerate(chunk[pos_in:at]) if not c.isspace()]
        placed.append((word, at, at + len(word), tag or segmenter.tag_of(word)))
        pos_in = at + len(word)
    placed += [(c, pos_in + i, pos_in + i + 1, segmenter.tag_of(c))
               for i, c in enumerate(chunk[pos_in:]) if not c.isspace()]
    return placed


def _reference_gap(segmenter: Segmenter, text: str, start: int, end: int, nodes: Any) -> list[Token]:
    tokens = []
    for chunk in SPACE.split(text[start:end]):
        if not chunk:
            continue
        offset = text.index(chunk, start)
        tokens += [Token(word, offset + s, offset + e, pos, None, nodes[offset + s])
                   for word, s, e, pos in _reference_place(segmenter, chunk)]
        start = offset + len(chunk)
    return tokens


def _reference_protected(segmenter: Segmenter, text: str, entities: list[Any]) -> list[Any]:
    masked = mask_spans(text, [(s, e) for s, e, _k in entities])
    data = segmenter.rules["segment"].data
    pattern_pos, yielding = data.get("pattern_pos", {}), set(data.get("yield_to_lexicon", []))
    terms = [(m.start(), m.end()) for m in _term_pattern(segmenter).finditer(masked)]
    candidates: list[Any] = [(s, e, 0, segmenter.tags[text[s:e]]) for s, e in terms]
    for rule in segmenter.rules["segment"].rules:
        matches = [(m.start(), m.end()) for m in rule.regex.finditer(masked)]
        if rule.id in yielding:
            matches = [(s, e) for s, e in matches
                       if not any(s <= a and b <= e and b - a < e - s for a, b in terms)]
        candidates += [(s, e, rule.priority, pattern_pos.get(rule.id)) for s, e in matches]
    chosen = [(s, e, k, ENTITY_POS.get(k)) for s, e, k in entities]
    for start, end, pos in pick_longest([(s, e, prio, (s, e, pos)) for s, e, prio, pos in candidates]):
        chosen.append((start, end, None, pos or segmenter.tag_of(text[start:end]) or "nz"))
    return sorted(chosen, key=lambda c: c[0])


def reference_cut(segmenter: Segmenter, text: str, entities: Any = (), nodes: Any = None) -> list[Token]:
    """The segmenter's cut as it was: a ``Token`` per word, every step per token in Python."""
    nodes = nodes or [None] * (len(text) + 1)
    tokens: list[Token] = []
    cursor = 0
    for start, end, kind, pos in _reference_protected(segmenter, text, _merge(entities)):
        tokens += _reference_gap(segmenter, text, cursor, start, nodes)
        tokens.append(Token(text[start:end], start, end, pos, kind, nodes[start]))
        cursor = end
    return tokens + _reference_gap(segmenter, text, cursor, len(text), nodes)


def reference_terms(notice: Notice, tokens: list[Token]) -> list[FindingTerm]:
    content = content_words(tokens, RULES)
    rows: list[FindingTerm] = []
    for node in notice.findings:
        counts = Counter(t.text for t in content if node.start <= t.start < node.end)
        rows += [FindingTerm(node.node_id, term, n) for term, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return rows


def _assert_like_reference(segmenter: Segmenter, page: Path) -> int:
    notice = parse_bytes(page.read_bytes(), ParseOptions(source=str(page), rules=RULES, settings=Settings(segment=False)))
    if not notice.text:
        return 0
    tokens, terms, _topics = segment_notice(notice, RULES, segmenter)
    entities = notice_entities(notice) + outline_markers(notice.outline, RULES)
    expected = reference_cut(segmenter, notice.text, entities, node_index(notice.outline, len(notice.text)))
    assert isinstance(tokens, TokenTable)
    assert list(tokens) == expected, page.name
    assert list(terms) == reference_terms(notice, expected), page.name
    columnar = dataclasses.replace(notice, tokens=tokens)
    assert record_columns(columnar, TOKENS) == record_columns(dataclasses.replace(notice, tokens=tuple(expected)), TOKENS)
    return len(expected)


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter("jieba", RULES)  # a fresh one: its memos start empty, as a worker's do


@pytest.mark.slow  # an equality check over every token of the samples; generated texts below stay fast
def test_samples_segment_as_the_per_token_code_did(segmenter: Segmenter) -> None:
    pages = sorted((ROOT / "raw" / "samples").glob("*"))
    assert sum(_assert_like_reference(segmenter, page) for page in pages) > 3000


@pytest.mark.slow
def test_corpus_pages_segment_as_the_per_token_code_did(segmenter: Segmenter) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent: raw/samples are compared above")
    pages = sorted(CORPUS.rglob("*.html"))
    assert sum(_assert_like_reference(segmenter, page) for page in pages) > 10000


# lexicon terms and their overlaps (党组/党组织), digits and ASCII joiners (rjieba and jieba differ
# there), whitespace str.isspace knows and Unicode's White_Space does not (\x1c), rare and
# traditional Han (jieba's HMM has never seen 㐀, 黨), names only the HMM finds
ALPHABET = list("巡察组党组织工委三重一大整改台账问题李金早黨職㐀2021年8月5日.%-_#《》“”,。、 \n\u3000\x1c")
ALPHABET += ["巡察组", "党组织", "三重一大", "党工委", "副部长", "“当下改”", "第十一轮", "十四届", "98.71%"]


@pytest.mark.slow  # an equality check against the per-token reference on 80 generated texts
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_any_text_segments_as_the_per_token_code_did(segmenter: Segmenter, text: str) -> None:
    from noticeparse.segment import find_entities

    entities = find_entities(text, RULES)
    assert segmenter.cut(text, entities) == reference_cut(segmenter, text, entities)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join))
def test_lexicon_terms_are_the_alternations_matches(text: str) -> None:
    segmenter = get_segmenter("jieba", RULES)
    expected = [m.span() for m in _term_pattern(segmenter).finditer(text)]
    assert segmenter._lexicon_terms(text) == expected


def test_re_whitespace_is_str_isspace() -> None:
    """The placing's fast path asks ``re`` for whitespace where the old code asked ``str.isspace``."""
    space = re.compile(r"\s")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if bool(space.match(c)) != c.isspace()] == []


def test_token_table_is_its_tuple_of_tokens() -> None:
    tokens = (Token("巡察组", 0, 3, "n", None, 1), Token("2021年", 3, 8, "t", "date", None), Token("进驻", 8, 10, "v"))
    table = TokenTable(*zip(*(dataclasses.astuple(t) for t in tokens), strict=True))
    assert table == tokens and tokens == table and hash(table) == hash(tokens)
    assert len(table) == 3 and table[-1] == tokens[-1] and table[1:] == tokens[1:] and list(table) == list(tokens)
    assert pickle.loads(pickle.dumps(table)) == table and Token("进驻", 8, 10, "v") in table
    assert table != tokens[:2] and table != list(tokens)
    with pytest.raises(ValueError, match="different lengths"):
        TokenTable(("a",), (0,), (1,), (None,), (None,), ())
