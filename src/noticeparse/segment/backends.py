"""Word-segmentation backends (分词后端): jieba, rjieba, pkuseg and a character fallback.

A backend only cuts plain text into ``(word, pos)`` pairs whose words concatenate
back to the input (pkuseg drops whitespace, which the caller tolerates). It knows
nothing of entities or protected terms: ``noticeparse.segment.segmenter.Segmenter`` cuts
around those and hands a backend only the text between them. Every backend
loads the domain lexicon (``rules/lexicon/*.txt``, lines ``词 频 词性``) into
its *own* dictionary instance; the process-wide jieba dictionary is never touched.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import regex

from noticeparse.segment.dictionary_cache import dictionary_frequencies
from noticeparse.segment.pos_hmm import hmm_words

__all__ = ["BACKENDS", "Backend", "BackendUnavailable", "LexiconEntry", "available_backends", "make_backend"]

LexiconEntry = tuple[str, int, str]  # word, frequency, POS tag
_UNSEEN: Any = object()
WORD_TAGS = 200_000  # words whose tag a jieba backend remembers (then it starts again)


class BackendUnavailable(RuntimeError):
    """The backend's package is not installed (the message says how to install it)."""


class Backend(Protocol):
    """What the Segmenter needs from a backend."""

    name: str

    def cut(self, text: str) -> list[tuple[str, str | None]]:
        """Cut ``text`` into ``(word, pos)``; ``pos`` is None when the backend has no tagger."""
        ...


def _import(module: str, install: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise BackendUnavailable(f"the {module} backend needs the {module!r} package: {install}") from exc


class JiebaBackend:
    """jieba with its own ``jieba.Tokenizer`` and POS tagger (never the global one).

    When rjieba is installed, it does the cutting (``RjiebaCutter``: the same words,
    faster) and tags the words missing from the dictionary as jieba's POS cut would
    (``RjiebaCutter.tag_unknown``); jieba's own dictionary and tagger (~1.6 s to load)
    are loaded only when a text or word needs jieba itself.
    """

    name = "jieba"

    def __init__(self, lexicon: Sequence[LexiconEntry] = (), *, compiled: bool = True) -> None:
        if importlib.util.find_spec("jieba") is None:  # not imported here: ~0.3 s, and rjieba may do all the work
            _import("jieba", "pip install jieba")
        self.lexicon = tuple(lexicon)
        self.rust = RjiebaCutter.build(self.lexicon) if compiled else None

    @functools.cached_property
    def tokenizer(self) -> Any:
        """jieba's own ``Tokenizer`` with the lexicon (built on first use)."""
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)  # its "Building prefix dict" chatter (after
        tokenizer = jieba.Tokenizer()                           # its import, which sets the level to DEBUG)
        for word, freq, tag in self.lexicon:
            tokenizer.add_word(word, freq, tag)
        return tokenizer

    @functools.cached_property
    def tagger(self) -> Any:
        """jieba.posseg's tagger over ``tokenizer``, its HMM step faster (built on first use)."""
        from noticeparse.segment.pos_tagger import FastPOSTokenizer

        tagger = FastPOSTokenizer(self.tokenizer)
        tagger.makesure_userdict_loaded()
        return tagger

    def cut(self, text: str) -> list[tuple[str, str | None]]:
        """Cut with jieba (HMM on), then tag from the dictionary.

        jieba's own POS cut (``posseg``) runs a second Viterbi over every unknown
        run and is ~100× slower; only words missing from the dictionary go through it.
        """
        if self.rust is not None and self.rust.cuts_like_jieba(text):
            return self._cut_rust(self.rust, text)
        tags = self.tagger.word_tag_tab
        return [(word, tags.get(word) or self._tag_unknown(word)) for word in self.tokenizer.cut(text)]

    def _cut_rust(self, rust: RjiebaCutter, text: str) -> list[tuple[str, str | None]]:
        """rjieba's tagged cut, each word's final tag from ``_word_tags`` once it has one.

        A word's tag is its dictionary tag (rjieba's, for a word it holds), else the HMM's:
        it does not depend on the text around it, so the dictionary check and the HMM run
        once per word and process, not once per occurrence.
        """
        known, has_word = self._word_tags, rust.jieba.has_word
        if len(known) > WORD_TAGS:
            known.clear()
        out = []
        for word, tag in rust.jieba.tag(text, True):
            final = known.get(word, _UNSEEN)
            if final is _UNSEEN:
                final = known[word] = (tag if has_word(word) else None) or self._tag_unknown(word)
            out.append((word, final))
        return out

    @functools.cached_property
    def _word_tags(self) -> dict[str, str | None]:
        return {}

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one backend per process, bounded
    def _tag_unknown(self, word: str) -> str | None:
        """The tag of a word missing from the dictionary: jieba's POS cut of it, when it is one word."""
        if not word.strip() or len(word) > 12:
            return None
        if self.rust is not None and self.rust.cuts_like_jieba(word):
            known, tag = self.rust.tag_unknown(word)
            if known:
                return tag
        pairs = self.tagger.lcut(word)
        return pairs[0].flag if len(pairs) == 1 else None

    def tag_of(self, word: str) -> str | None:
        """The dictionary POS of ``word`` (jieba's dict.txt plus the lexicon), if known."""
        if self.rust is not None:
            known, tag = self.rust.tag_of(word)
            if known:
                return tag
        found: str | None = self.tagger.word_tag_tab.get(word)
        return found


# jieba's own cut yields these one by one or splits runs at them (re_han_default, finalseg's
# re_skip); jieba-rs keeps 2021-06-11 whole and has a wider Han range: such chunks go to jieba
_NOT_LIKE_JIEBA = regex.compile(r"[+#&._%\-\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# jieba's add_word adds a known word's new frequency to the total without taking the old one
# away, jieba-rs replaces it; a word no text holds (noncharacters) carries the difference
_TOTAL_CARRIER = "\ufdd0\ufdd1\ufdd2"
# jieba.posseg's re_han_detail, re_eng, re_skip_detail and re_num (the re module, as jieba's)
_POS_HAN = re.compile("[\u4E00-\u9FD5]+")
_POS_ASCII = re.compile("[a-zA-Z0-9]+")
_POS_ASCII_SPLIT = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_POS_NUMBER = re.compile(r"[\.0-9]+")


class RjiebaCutter:
    """rjieba holding jieba's dictionary and the lexicon as jieba holds them (same cuts, same tags)."""

    def __init__(self, jieba: Any) -> None:
        self.jieba = jieba

    @classmethod
    def build(cls, lexicon: Sequence[LexiconEntry]) -> RjiebaCutter | None:
        """rjieba with ``lexicon`` and jieba's total, or None when rjieba is not installed."""
        try:
            import rjieba
        except ImportError:
            return None
        known = dictionary_frequencies(word for word, _f, _t in lexicon)
        instance, surplus = rjieba.Jieba(), 0
        for word, freq, tag in lexicon:
            surplus += known.get(word, 0)  # jieba keeps the old frequency in its total
            known[word] = freq
            instance.add_word(word, freq, tag)
        if surplus:
            instance.add_word(_TOTAL_CARRIER, surplus, "x")
        return cls(instance)

    @staticmethod
    def cuts_like_jieba(text: str) -> bool:
        """False for text where jieba-rs and jieba may cut differently (ASCII joiners, rare Han)."""
        return _NOT_LIKE_JIEBA.search(text) is None

    def tag(self, text: str) -> list[tuple[str, str | None]]:
        """Words of jieba's HMM cut with their dictionary tags (None for words not in it)."""
        has_word = self.jieba.has_word
        return [(word, tag if has_word(word) else None) for word, tag in self.jieba.tag(text, True)]

    def tag_unknown(self, word: str) -> tuple[bool, str | None]:
        """``(True, tag)`` with the tag jieba's POS cut gives ``word``, a word not in the dictionary, when it
        is one word (else ``(True, None)``); ``(False, None)`` for words of other shapes (jieba must cut them).

        jieba's POS cut keeps such a word whole only where its dictionary route is all single
        characters (a longer dictionary word would be a word of its own): a lone character is
        tagged ``x``, a Han run goes to the HMM (``pos_hmm.hmm_words``), an ASCII run to its
        ``[.0-9]+|[a-zA-Z0-9]+`` split. The route is rjieba's cut without HMM, which is
        jieba's (same dictionary, same total); rjieba joins ASCII characters in it, so an
        ASCII route of single characters comes back as the whole word.

        >>> cutter = RjiebaCutter.build([])
        >>> [cutter.tag_unknown(w) for w in ("刘宏武", "不收手", "X2345", "5G", "，", "中国")]
        [(True, 'nr'), (True, None), (True, 'eng'), (True, None), (True, 'x'), (False, None)]
        """
        if self.jieba.has_word(word):
            return False, None
        if len(word) == 1:
            return True, "x"
        if _POS_HAN.fullmatch(word):
            if any(len(piece) > 1 for piece in self.jieba.cut(word, False)):
                return True, None
            words = list(hmm_words(word))
            return True, words[0][1] if len(words) == 1 else None
        if _POS_ASCII.fullmatch(word):
            pieces = [piece for piece in _POS_ASCII_SPLIT.split(word) if piece]
            if self.jieba.cut(word, False) != [word] or len(pieces) != 1:
                return True, None
            return True, "m" if _POS_NUMBER.match(word) else "eng"
        return False, None

    def tag_of(self, word: str) -> tuple[bool, str | None]:
        """``(True, tag)`` when the dictionary tag of ``word`` is known here, else ``(False, None)``."""
        if not self.jieba.has_word(word):
            return True, None
        pairs = self.jieba.tag(word, False)
        return (True, pairs[0][1]) if len(pairs) == 1 else (False, None)


class RjiebaBackend:
    """rjieba (the Rust port of jieba), its own ``rjieba.Jieba`` instance."""

    name = "rjieba"

    def __init__(self, lexicon: Sequence[LexiconEntry] = ()) -> None:
        rjieba = _import("rjieba", "pip install 'noticeparse[rjieba]'")
        self.jieba = rjieba.Jieba()
        for word, freq, tag in lexicon:
            self.jieba.add_word(word, freq, tag)

    def cut(self, text: str) -> list[tuple[str, str | None]]:
        """Cut and tag (rjieba's tagger has the same tag set as jieba's)."""
        return [(word, tag) for word, tag in self.jieba.tag(text, True)]


class PkusegBackend:
    """pkuseg 0.0.25 with its bundled default model and the lexicon as user dictionary."""

    name = "pkuseg"

    def __init__(self, lexicon: Sequence[LexiconEntry] = ()) -> None:
        pkuseg = _import("pkuseg", "make pkuseg (numpy and cython first, then no build isolation)")
        # user_dict="default" would add pkuseg's own large dictionary; the model alone is the baseline
        self.model = pkuseg.pkuseg(user_dict=[word for word, _f, _t in lexicon])

    def cut(self, text: str) -> list[tuple[str, str | None]]:
        """Cut with the CRF model; no tags (the Segmenter looks them up)."""
        return [(word, None) for word in self.model.cut(text)]


class CharBackend:
    """One token per character, except runs of ASCII letters and digits (needs nothing)."""

    name = "char"

    def __init__(self, lexicon: Sequence[LexiconEntry] = ()) -> None:
        del lexicon  # protected terms are kept whole by the Segmenter, not here

    def cut(self, text: str) -> list[tuple[str, str | None]]:
        """Cut into characters, keeping ``2021`` or ``ICP`` whole."""
        words: list[tuple[str, str | None]] = []
        for char in text:
            if words and char.isascii() and char.isalnum() and words[-1][0][-1:].isascii() \
                    and words[-1][0][-1:].isalnum():
                words[-1] = (words[-1][0] + char, None)
            else:
                words.append((char, None))
        return words


BACKENDS: dict[str, Callable[..., Backend]] = {
    "jieba": JiebaBackend,
    "rjieba": RjiebaBackend,
    "pkuseg": PkusegBackend,
    "char": CharBackend,
}


def make_backend(name: str, lexicon: Sequence[LexiconEntry] = ()) -> Backend:
    """Build backend ``name`` with ``lexicon`` loaded; raises ``BackendUnavailable``.

    >>> make_backend("char").cut("巡察组2021")
    [('巡', None), ('察', None), ('组', None), ('2021', None)]
    """
    if name not in BACKENDS:
        raise ValueError(f"unknown segmenter backend {name!r}; choose from {sorted(BACKENDS)}")
    return BACKENDS[name](lexicon)


def available_backends() -> list[str]:
    """The backends whose packages import here."""
    names = []
    for name, module in (("jieba", "jieba"), ("rjieba", "rjieba"), ("pkuseg", "pkuseg"), ("char", None)):
        try:
            if module:
                __import__(module)
        except ImportError:
            continue
        names.append(name)
    return names
