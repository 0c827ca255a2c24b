"""jieba's cuts through rjieba: the same words and tags as jieba itself, chunk by chunk.

``CASES`` are chunks where a plain rjieba instance cuts differently from jieba's:
a lexicon term already in jieba's dictionary (jieba adds its new frequency to the
total without taking the old one away, which favours 副部长 as one word), ASCII
joiners (jieba splits 2021-06-11 and pachong_test, jieba-rs keeps them whole) and
Han outside jieba's range. The corpus test compares every chunk the segmenter cuts
on the seed, raw/samples and the ../shared/corpus pages (skipped when absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.rules import load_rules
from noticeparse.segment.backends import JiebaBackend, RjiebaCutter
from noticeparse.segment.segmenter import Segmenter, load_lexicon, notice_entities, outline_markers
from noticeparse.settings import Settings

pytest.importorskip("rjieba")
pytest.importorskip("jieba")

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"

CASES = [
    "副书记、副部长李金早被指把公权力异化为谋取私利的工具",  # lexicon term in jieba's dictionary
    "辽宁省政协原副部长",
    "发布时间:2024-11-24",  # ASCII joiners
    "github:yangyuqing15715165798/pachong_test:ccdi_selenium_reports.json#3",
    "联系电话:0745-2713992、13317459538。",
    "1-3月,重点项目累计完成投资3.5%",
    "某鎮(zhèn)某村110-4號(hào)",  # traditional characters and pinyin
    "㐀㐁居民反映",  # CJK extension A: outside jieba's Han range
    "市委第二巡察组向新区党工委反馈“三重一大”问题",
]


@pytest.fixture(scope="module")
def backends() -> tuple[JiebaBackend, JiebaBackend]:
    lexicon = load_lexicon(load_rules())
    return JiebaBackend(lexicon), JiebaBackend(lexicon, compiled=False)


@pytest.mark.slow  # an equality check: the Rust cutter against jieba's own, dictionaries built twice
@pytest.mark.parametrize("chunk", CASES, ids=range(len(CASES)))
def test_rjieba_cuts_and_tags_like_jieba(chunk: str, backends: tuple[JiebaBackend, JiebaBackend]) -> None:
    compiled, plain = backends
    assert compiled.rust is not None
    assert compiled.cut(chunk) == plain.cut(chunk)


def test_lexicon_total_makes_rjieba_keep_a_known_term_whole(backends: tuple[JiebaBackend, JiebaBackend]) -> None:
    compiled, _plain = backends
    assert compiled.rust is not None and compiled.rust.cuts_like_jieba("副部长李金早")
    assert compiled.rust.tag("副部长李金早")[0][0] == "副部长"


def test_dictionary_tags_agree(backends: tuple[JiebaBackend, JiebaBackend]) -> None:
    compiled, plain = backends
    words = ["巡察组", "三重一大", "部长", "的", "李金早", "2021", "，", "副部长"]
    assert [compiled.tag_of(w) for w in words] == [plain.tag_of(w) for w in words]


@pytest.mark.slow  # builds jieba's dictionaries twice (about 1 s each)
def test_cutter_is_none_without_rjieba(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_rjieba(name: str, *args: object, **kw: object) -> object:
        if name == "rjieba":
            raise ImportError(name)
        return real_import(name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_rjieba)
    assert RjiebaCutter.build([]) is None
    fallback = JiebaBackend([])
    assert fallback.rust is None
    assert fallback.cut("巡察组进驻") == JiebaBackend([], compiled=False).cut("巡察组进驻")


@pytest.mark.slow
def test_every_chunk_of_the_real_pages_cuts_alike() -> None:
    rules = load_rules()
    segmenter = Segmenter("jieba", rules)
    chunks: set[str] = set()
    place = segmenter._place
    segmenter._cut_cached = lambda chunk: (chunks.add(chunk), place(chunk))[1]  # type: ignore[method-assign]
    pages = [*(ROOT / "raw" / "samples").glob("*"), *(CORPUS.rglob("*.html") if CORPUS.is_dir() else [])]
    for page in pages:
        notice = parse_bytes(page.read_bytes(), ParseOptions(source=str(page), rules=rules, settings=Settings(segment=False)))
        segmenter.cut(notice.text, notice_entities(notice) + outline_markers(notice.outline, rules))
    plain = JiebaBackend(segmenter.lexicon, compiled=False)
    assert len(chunks) > 100
    assert [c for c in chunks if segmenter.backend.cut(c) != plain.cut(c)] == []


def test_preload_loads_the_lazy_dictionaries() -> None:
    from noticeparse.segment import preload_segmenter

    segmenter = preload_segmenter("jieba", load_rules())
    assert {"tokenizer", "tagger"} <= set(vars(segmenter.backend))  # cached_property: built


def test_forking_pool_preloads_before_its_workers_start(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from noticeparse.batch import engines

    calls: list[object] = []
    monkeypatch.setattr(engines, "preload_segmenter", lambda **kw: calls.append(kw))
    assert list(engines.run_local([], Settings(), workers=2)) == []
    assert len(calls) == (multiprocessing.get_context().get_start_method() == "fork")
