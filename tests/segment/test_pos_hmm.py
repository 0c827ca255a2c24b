"""The faster HMM tagger gives jieba.posseg's routes and tags exactly."""

from __future__ import annotations

from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from noticeparse.segment import pos_hmm
from noticeparse.segment.pos_hmm import viterbi
from noticeparse.segment.pos_tagger import FastPOSTokenizer

pytestmark = pytest.mark.slow  # real processes, servers or long loops: not in `make test-fast`

SEED = Path(__file__).resolve().parents[2] / "raw" / "samples" / "binhaiwan-2022-05-20.txt"
# characters with few states, with many, and some jieba's model has never seen (all 256 states)
ALPHABET = "巡察整改问题滨海湾工委立行立改日至现将抓实的了是在和与对把被" + "㐀龘〇"


def _same(text: str) -> None:
    assert viterbi(text) == jieba_viterbi(text, char_state_tab_P, start_P, trans_P, emit_P), text


def test_routes_equal_jiebas_on_every_window_of_the_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")[:1500]
    for size in (1, 2, 3, 5):
        for start in range(0, len(han) - size, 7):
            _same(han[start : start + size])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=6))
def test_routes_equal_jiebas_on_any_string(text: str) -> None:
    _same(text)


@pytest.fixture(scope="module")
def tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def test_tagger_gives_jiebas_words_and_tags(tokenizer: jieba.Tokenizer, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(pos_hmm, "viterbi", lambda obs: calls.append(obs) or viterbi(obs))
    text = SEED.read_text(encoding="utf-8")[:3000]
    ours = [(p.word, p.flag) for p in FastPOSTokenizer(tokenizer).lcut(text)]
    assert calls  # jieba's own Viterbi was replaced, not bypassed
    assert ours == [(p.word, p.flag) for p in jieba.posseg.POSTokenizer(tokenizer).lcut(text)]
    assert any(flag == "nr" for _w, flag in ours)  # the HMM step ran: names only it finds


# pairs where no state of the second character follows a state of the first: jieba then lets every
# expected state emit it (its emissions are read in full only then)
NOT_EXPECTED = ["专厝", "个捭", "么嗽", "么囡", "乓帼", "巡专厝察"]


def test_routes_equal_jiebas_where_no_state_of_a_character_is_expected(monkeypatch: pytest.MonkeyPatch) -> None:
    full = pos_hmm._emissions
    asked: list[str] = []
    monkeypatch.setattr(pos_hmm, "_emissions", lambda char: asked.append(char) or full(char))
    for text in NOT_EXPECTED:
        _same(text)
    assert {"厝", "捭", "嗽", "囡", "帼"} <= set(asked)
