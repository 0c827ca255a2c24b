"""The cache of jieba's frequencies of the lexicon words: absent, present or broken, the same numbers and cuts."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from noticeparse.rules import load_rules
from noticeparse.segment import dictionary_cache
from noticeparse.segment.dictionary_cache import cache_dir, dictionary_frequencies, jieba_dictionary
from noticeparse.segment.segmenter import Segmenter, load_lexicon

pytest.importorskip("jieba")
WORDS = ["副部长", "巡察组", "三重一大", "中国", "不在词典里的词"]
TEXT = "副书记、副部长李金早被指把公权力异化为谋取私利的工具,市委第二巡察组向新区党工委反馈“三重一大”问题"


@functools.cache
def _dictionary() -> dict[str, int]:
    """dict.txt read straight, as jieba writes it (``word freq tag``)."""
    return {word: int(freq) for word, freq, *_tag in (line.split(" ") for line in
                                                     jieba_dictionary().read_text(encoding="utf-8").splitlines())}


def _from_dictionary(words: list[str]) -> dict[str, int]:
    return {word: _dictionary()[word] for word in words if word in _dictionary()}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return cache_dir()


def test_absent_then_present_give_the_dictionarys_numbers(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _from_dictionary(WORDS)
    assert set(expected) == {"副部长", "中国"}
    assert dictionary_frequencies(WORDS) == expected  # absent: read from dict.txt, then written
    assert len(list(cache.glob("jieba-frequencies-*.json"))) == 1

    def unread(*_args: object) -> dict[str, int]:
        raise AssertionError("dict.txt read although the cache holds the numbers")

    monkeypatch.setattr(dictionary_cache, "_read_frequencies", unread)
    assert dictionary_frequencies(reversed(WORDS)) == expected  # present: the same, dict.txt not read


def test_other_words_get_a_cache_of_their_own(cache: Path) -> None:
    dictionary_frequencies(WORDS)
    assert dictionary_frequencies(["中国"]) == _from_dictionary(["中国"])
    assert len(list(cache.glob("jieba-frequencies-*.json"))) == 2


def test_a_broken_cache_is_read_around_and_rewritten(cache: Path) -> None:
    dictionary_frequencies(WORDS)
    (path,) = cache.glob("jieba-frequencies-*.json")
    path.write_text('{"副部长": "many"', encoding="utf-8")
    assert dictionary_frequencies(WORDS) == _from_dictionary(WORDS)
    assert dictionary_frequencies(WORDS) == _from_dictionary(WORDS)
    assert "many" not in path.read_text(encoding="utf-8")


def test_an_unwritable_cache_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert dictionary_frequencies(WORDS) == _from_dictionary(WORDS)


def test_segmenters_built_with_and_without_the_cache_cut_alike(cache: Path) -> None:
    pytest.importorskip("rjieba")
    rules = load_rules()
    assert len(load_lexicon(rules)) > 50
    cold = Segmenter("jieba", rules).cut_table(TEXT)  # absent: written now
    assert list(cache.glob("jieba-frequencies-*.json"))
    warm = Segmenter("jieba", rules).cut_table(TEXT)  # present
    assert tuple(cold) == tuple(warm)
    assert "副部长" in cold.text  # jieba's own frequency of a lexicon term reached rjieba's total
