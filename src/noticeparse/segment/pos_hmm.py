"""jieba's HMM part-of-speech tagger (词性标注) for unknown words: the same routes, faster.

``jieba.posseg`` tags a run of characters missing from its dictionary with a Viterbi
over (position, POS) states, in Python loops over every pair of states. ``viterbi``
does each step as one array operation over jieba's own tables (a missing transition
is minus infinity) and adds the same numbers in the same order, so the probabilities
are bit for bit jieba's. Ties go to the greater state, as in jieba's ``max`` over
``(probability, state)``: states are indexed in descending order and ``argmax`` takes
the first. A character jieba's model has never seen (traditional characters: 黨, 職)
can be any of the 256 states, which made jieba's step thousands of Python operations.
``FastPOSTokenizer`` is jieba's ``POSTokenizer`` using it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import jieba
import jieba.posseg
import numpy as np
from jieba.posseg import POSTokenizer, char_state_tab_P, emit_P, pair, start_P, trans_P

__all__ = ["FastPOSTokenizer", "viterbi"]

State = tuple[str, str]  # (B/M/E/S, POS)
MIN_FLOAT = -3.14e100  # jieba's emission floor


@functools.cache
def _model() -> tuple[list[State], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """States (descending), start vector, transition matrix (-inf when none), which exist, which lead on."""
    states = sorted(trans_P, reverse=True)
    index = {state: i for i, state in enumerate(states)}
    trans = np.full((len(states), len(states)), -np.inf)
    for before, row in trans_P.items():
        for after, prob in row.items():
            trans[index[before], index[after]] = prob
    allowed = trans > -np.inf
    start = np.array([start_P[state] for state in states])
    return states, start, trans, allowed, np.asarray(allowed.any(axis=1))


@functools.cache
def _emissions() -> tuple[dict[State, int], dict[str, tuple[list[int], list[float]]]]:
    """State → index, and char → (indices of the states that emit it, their log probabilities).

    jieba's table is by state; by character, a character's vector is filled from its own
    entries rather than by asking all 256 states (89k entries: a few hundredths of a second).
    """
    states = _model()[0]
    index = {state: i for i, state in enumerate(states)}
    by_char: dict[str, tuple[list[int], list[float]]] = {}
    for state, row in emit_P.items():
        for char, prob in row.items():
            at, probs = by_char.setdefault(char, ([], []))
            at.append(index[state])
            probs.append(prob)
    return index, by_char


@functools.lru_cache(maxsize=8192)  # ~2 KB a character
def _char(char: str) -> tuple[np.ndarray, np.ndarray]:
    """The states ``char`` may take (all when unseen) and its emission log probabilities."""
    size = len(_model()[0])
    index, by_char = _emissions()
    allowed = char_state_tab_P.get(char)
    if allowed is None:
        may = np.ones(size, dtype=bool)
    else:
        may = np.zeros(size, dtype=bool)
        may[[index[s] for s in allowed]] = True
    emit = np.full(size, MIN_FLOAT)
    at, probs = by_char.get(char, ((), ()))
    emit[list(at)] = probs
    return may, emit


def viterbi(obs: str) -> tuple[float, list[State]]:
    """The best state route for ``obs``, as ``jieba.posseg.viterbi.viterbi`` with jieba's model.

    >>> viterbi("王小明")[1]
    [('B', 'nr'), ('M', 'nr'), ('E', 'nr')]
    """
    states, start, trans, allowed, leads_on = _model()
    present, emit = _char(obs[0])
    scores = start + emit
    back: list[np.ndarray] = []
    for char in obs[1:]:
        prev = np.flatnonzero(present & leads_on)  # ascending index: the greatest state first
        if not prev.size:
            raise ValueError("no state leads on")  # jieba's max() over nothing
        expected = np.asarray(allowed[prev].any(axis=0))
        may, emit = _char(char)
        present = may & expected
        if not present.any():
            present = expected
        after = np.flatnonzero(present)
        step = (scores[prev][:, None] + trans[np.ix_(prev, after)]) + emit[after][None, :]
        best = step.argmax(axis=0)
        scores = np.full(len(states), -np.inf)
        scores[after] = step[best, np.arange(after.size)]
        pointers = np.full(len(states), -1)
        pointers[after] = prev[best]
        back.append(pointers)
    last = np.flatnonzero(present)
    state = int(last[scores[last].argmax()])
    prob = float(scores[state])
    route = [state]
    for pointers in reversed(back):
        state = int(pointers[state])
        route.append(state)
    return prob, [states[i] for i in reversed(route)]


class FastPOSTokenizer(POSTokenizer):  # type: ignore[misc]
    """jieba's ``POSTokenizer`` whose HMM step runs ``viterbi`` above (same words, same tags)."""

    def load_word_tag(self, f: Any) -> None:
        """jieba's dictionary tags: a copy of the table ``jieba.posseg`` read at import, when it is still as read.

        Reading ``dict.txt`` again costs ~0.5 s of start-up. The global table is as read while the
        global tokenizer was never initialised: adding a word or a POS cut would have done it.
        """
        shared = jieba.posseg.dt
        if (self.tokenizer.dictionary == jieba.DEFAULT_DICT == jieba.dt.dictionary and shared.tokenizer is jieba.dt
                and not jieba.dt.initialized):
            f.close()
            self.word_tag_tab = dict(shared.word_tag_tab)
        else:
            super().load_word_tag(f)

    def _POSTokenizer__cut(self, sentence: str) -> Iterator[Any]:  # jieba's private __cut, name-mangled
        _prob, route = viterbi(sentence)
        begin = nexti = 0
        for i, char in enumerate(sentence):
            position, tag = route[i]
            if position == "B":
                begin = i
            elif position == "E":
                yield pair(sentence[begin : i + 1], tag)
                nexti = i + 1
            elif position == "S":
                yield pair(char, tag)
                nexti = i + 1
        if nexti < len(sentence):
            yield pair(sentence[nexti:], route[nexti][1])
