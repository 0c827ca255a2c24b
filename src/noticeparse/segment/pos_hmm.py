"""jieba's HMM part-of-speech tagger (词性标注) for unknown words: the same routes, faster.

``jieba.posseg`` tags a run of characters missing from its dictionary with a Viterbi
over (position, POS) states, in Python loops over every pair of states. ``viterbi``
does each step as one array operation over jieba's own tables (a missing transition
is minus infinity) and adds the same numbers in the same order, so the probabilities
are bit for bit jieba's. Ties go to the greater state, as in jieba's ``max`` over
``(probability, state)``: states are indexed in descending order and ``argmax`` takes
the first. A character jieba's model has never seen (traditional characters: 黨, 職)
can be any of the 256 states, which made jieba's step thousands of Python operations.
``hmm_words`` cuts a run of characters with it as jieba's ``POSTokenizer`` does
(``segment.pos_tagger.FastPOSTokenizer`` is that tokenizer using it). jieba's tables are
read from its ``jieba/posseg`` files without importing ``jieba.posseg``, whose import
builds a global tagger from ``dict.txt`` (about 0.7 s).
"""

from __future__ import annotations

import functools
import importlib.machinery
import itertools
import sys
import types
from collections.abc import Iterator
from typing import Any

import numpy as np

from noticeparse.segment.dictionary_cache import jieba_dictionary

__all__ = ["hmm_words", "viterbi"]

State = tuple[str, str]  # (B/M/E/S, POS)
MIN_FLOAT = -3.14e100  # jieba's emission floor
_COLUMNS = np.arange(1024)  # column indices of a step (jieba's model has 256 states)


@functools.cache
def _table(name: str) -> Any:
    """``P`` of jieba's ``jieba/posseg/<name>.py`` (the module's, once ``jieba.posseg`` is imported)."""
    loaded = sys.modules.get(f"jieba.posseg.{name}")
    if loaded is None:
        loader = importlib.machinery.SourceFileLoader(f"_noticeparse_jieba_{name}",
                                                      str(jieba_dictionary().parent / "posseg" / f"{name}.py"))
        loaded = types.ModuleType(loader.name)
        loader.exec_module(loaded)
    return loaded.P


@functools.cache
def _model() -> tuple[list[State], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """States (descending), start vector, transition matrix (-inf when none), which exist, which lead on."""
    trans_table, start_table = _table("prob_trans"), _table("prob_start")
    states = sorted(trans_table, reverse=True)
    index = {state: i for i, state in enumerate(states)}
    trans = np.full((len(states), len(states)), -np.inf)
    for before, row in trans_table.items():
        for after, prob in row.items():
            trans[index[before], index[after]] = prob
    allowed = trans > -np.inf
    start = np.array([start_table[state] for state in states])
    return states, start, trans, allowed, np.asarray(allowed.any(axis=1))


@functools.cache
def _emission_rows() -> tuple[dict[str, float], ...]:
    """jieba's emission table by state, in the order of ``_model``'s states."""
    emit_table = _table("prob_emit")
    return tuple(emit_table.get(state, {}) for state in _model()[0])


@functools.lru_cache(maxsize=8192)  # ~2 KB a character
def _char(char: str) -> tuple[np.ndarray, np.ndarray]:
    """The states ``char`` may take (all when unseen) and their emission log probabilities.

    The emissions are read for those states only (NaN elsewhere: a step that needs the
    others asks ``_emissions``): jieba's table has a row per state, 256 lookups a character.
    """
    size = len(_model()[0])
    allowed = _table("char_state_tab").get(char)
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


def hmm_words(sentence: str) -> Iterator[tuple[str, str]]:
    """The words and tags of jieba's HMM step over ``sentence`` (``POSTokenizer.__cut``, with ``viterbi`` above).

    >>> list(hmm_words("王小明"))
    [('王小明', 'nr')]
    """
    _prob, route = viterbi(sentence)
    begin = nexti = 0
    for i, char in enumerate(sentence):
        position, tag = route[i]
        if position == "B":
            begin = i
        elif position == "E":
            yield sentence[begin : i + 1], tag
            nexti = i + 1
        elif position == "S":
            yield char, tag
            nexti = i + 1
    if nexti < len(sentence):
        yield sentence[nexti:], route[nexti][1]
