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
import itertools
from collections.abc import Iterator
from typing import Any

import jieba
import jieba.posseg
import numpy as np
from jieba.posseg import POSTokenizer, char_state_tab_P, emit_P, pair, start_P, trans_P

__all__ = ["FastPOSTokenizer", "viterbi"]

State = tuple[str, str]  # (B/M/E/S, POS)
MIN_FLOAT = -3.14e100  # jieba's emission floor
_COLUMNS = np.arange(1024)  # column indices of a step (jieba's model has 256 states)


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
def _emission_rows() -> tuple[dict[str, float], ...]:
    """jieba's emission table by state, in the order of ``_model``'s states."""
    return tuple(emit_P.get(state, {}) for state in _model()[0])


@functools.lru_cache(maxsize=8192)  # ~2 KB a character
def _char(char: str) -> tuple[np.ndarray, np.ndarray]:
    """The states ``char`` may take (all when unseen) and their emission log probabilities.

    The emissions are read for those states only (NaN elsewhere: a step that needs the
    others asks ``_emissions``): jieba's table has a row per state, 256 lookups a character.
    """
    size = len(_model()[0])
    allowed = char_state_tab_P.get(char)
    if allowed is None:
        return np.ones(size, dtype=bool), _emissions(char)
    at = sorted(map(_state_index().__getitem__, allowed))
    may = np.zeros(size, dtype=bool)
    may[at] = True
    rows = _emission_rows()
    emit = np.full(size, np.nan)
    emit[at] = [rows[i].get(char, MIN_FLOAT) for i in at]
    return may, emit


@functools.lru_cache(maxsize=1024)
def _emissions(char: str) -> np.ndarray:
    """``char``'s emission log probability in every state."""
    size = len(_model()[0])
    return np.fromiter(map(dict.get, _emission_rows(), itertools.repeat(char, size), itertools.repeat(MIN_FLOAT, size)),
                       dtype=float, count=size)


@functools.cache
def _state_index() -> dict[State, int]:
    return {state: i for i, state in enumerate(_model()[0])}


def viterbi(obs: str) -> tuple[float, list[State]]:
    """The best state route for ``obs``, as ``jieba.posseg.viterbi.viterbi`` with jieba's model.

    >>> viterbi("王小明")[1]
    [('B', 'nr'), ('M', 'nr'), ('E', 'nr')]
    """
    states, start, trans, allowed, leads_on = _model()
    may, emit = _char(obs[0])
    at = may.nonzero()[0]  # the states in play, ascending index: the greatest state first
    scores = start[at] + emit[at]  # aligned with ``at``
    back: list[tuple[np.ndarray, np.ndarray]] = []  # each step: the states before, where each state came from
    for char in obs[1:]:
        going = leads_on[at].nonzero()[0]
        if not going.size:
            raise ValueError("no state leads on")  # jieba's max() over nothing
        prev = at[going]
        expected = np.asarray(allowed[prev].any(axis=0))
        may, emit = _char(char)
        present = may & expected
        if not present.any():  # none of its own states is expected: any expected one, as jieba
            present, emit = expected, _emissions(char)
        after = present.nonzero()[0]
        step = (scores[going][:, None] + trans[prev][:, after]) + emit[after]
        best = step.argmax(axis=0)
        scores = step[best, _COLUMNS[: after.size]]
        back.append((at, going[best]))
        at = after
    where = int(scores.argmax())
    prob = float(scores[where])
    route = [int(at[where])]
    for before, came_from in reversed(back):
        where = int(came_from[where])
        route.append(int(before[where]))
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
