"""jieba's part-of-speech tokenizer (词性标注) with the faster HMM step of ``pos_hmm``.

Imported only when a word needs jieba's full POS cut (``backends.JiebaBackend.tagger``):
importing ``jieba.posseg`` builds jieba's global tagger (about 0.7 s).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jieba
import jieba.posseg
from jieba.posseg import POSTokenizer, pair

from noticeparse.segment.pos_hmm import hmm_words

__all__ = ["FastPOSTokenizer"]


class FastPOSTokenizer(POSTokenizer):  # type: ignore[misc]
    """jieba's ``POSTokenizer`` whose HMM step runs ``pos_hmm.viterbi`` (through ``hmm_words``) (same words, same tags)."""

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
        for word, tag in hmm_words(sentence):
            yield pair(word, tag)
