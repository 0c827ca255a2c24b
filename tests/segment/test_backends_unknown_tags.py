"""Words missing from jieba's dictionary get jieba's POS-cut tag without jieba's dictionary loaded.

``RjiebaCutter.tag_unknown`` decides from rjieba's route and the HMM (``pos_hmm.hmm_words``);
``JiebaBackend._tag_unknown`` falls back to jieba's own POS cut (``tagger.lcut``) for
any other word. Both are compared with jieba's ``POSTokenizer`` over the words rjieba cuts
from raw/samples, a table of shapes and hypothesis strings of Han, ASCII and punctuation.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeparse.rules import load_rules
from noticeparse.segment.backends import JiebaBackend
from noticeparse.segment.segmenter import load_lexicon

pytest.importorskip("rjieba")
posseg = pytest.importorskip("jieba.posseg")

ROOT = Path(__file__).resolve().parents[2]
# a name only the HMM finds, Han runs the route splits, numbers, ASCII words and their mixes, marks
SHAPES = ["纪检组", "张某某", "巡察组反馈", "诫勉谈话", "2021", "12", "X2345", "IPv6", "5G", "C21", "APP",
          "RESCUE", "，", "×", "Ⅰ", "▲", "的", "10000"]
ALPHABET = "巡察整改问题滨海湾工委立行立改日至现将抓实的了是在和与对把被某张王" + "aXZ059" + "，、×"


@functools.cache
def _backend() -> JiebaBackend:
    return JiebaBackend(load_lexicon(load_rules()))


@functools.cache
def _jieba_pos() -> Any:
    # a tokenizer of its own: the first POSTokenizer over a tokenizer takes its user words' tags away
    tagger = posseg.POSTokenizer(JiebaBackend(load_lexicon(load_rules()), compiled=False).tokenizer)
    tagger.makesure_userdict_loaded()
    return tagger


def _jiebas_tag(word: str) -> str | None:
    """What the tag of an unknown word was before: jieba's POS cut of it, when it is one word."""
    if not word.strip() or len(word) > 12:
        return None
    pairs = _jieba_pos().lcut(word)
    return str(pairs[0].flag) if len(pairs) == 1 else None


def _unknown(words: list[str]) -> list[str]:
    rust = _backend().rust
    assert rust is not None
    return [w for w in dict.fromkeys(words) if rust.cuts_like_jieba(w) and not rust.jieba.has_word(w)]


@pytest.mark.slow  # every unknown word of the samples through jieba's own POS cut
def test_samples_unknown_words_get_jiebas_tags() -> None:
    rust = _backend().rust
    assert rust is not None
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "raw" / "samples").glob("*.txt"))]
    words = _unknown([w for text in texts for chunk in text.split() if rust.cuts_like_jieba(chunk)
                      for w, _t in rust.jieba.tag(chunk, True)])
    assert len(words) > 50
    decided = [w for w in words if rust.tag_unknown(w)[0]]
    assert len(decided) > 0.9 * len(words)  # the fast path is the common one
    assert [rust.tag_unknown(w)[1] for w in decided] == [_jiebas_tag(w) for w in decided]
    assert [_backend()._tag_unknown(w) for w in words] == [_jiebas_tag(w) for w in words]


@pytest.mark.parametrize("word", SHAPES)
def test_shapes_get_jiebas_tags(word: str) -> None:
    assert _backend()._tag_unknown(word) == _jiebas_tag(word)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=7))
def test_any_unknown_word_gets_jiebas_tag(word: str) -> None:
    if _unknown([word]):
        assert _backend()._tag_unknown(word) == _jiebas_tag(word)
