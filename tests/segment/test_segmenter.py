"""The entity-aware segmenter, its backends, outputs and integrations.

CASES are sentences of the genre that generic segmenters get wrong (the issue's
examples: 三重一大, 巡察组向, dates cut at 日至). CASES_BUGS_CAUGHT are issue 17's
(ordinals and sessions, quoted set phrases, outline markers, dates with 号, numbered
slogans: each came out cut before). CASES_XFAIL are known misses of the jieba
backend against the PKU conventions of the gold set. The corpus
property test runs over the seed and ../shared/corpus/hardcases (skipped when
absent); the gold test scores tests/data/segmentation/gold.txt (see its README).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import NamedTuple

import pytest
import regex
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noticeparse.cli.segment import segment
from noticeparse.parse import ParseOptions, parse_text
from noticeparse.rules import load_rules
from noticeparse.segment.backends import BackendUnavailable, make_backend
from noticeparse.segment.scoring import recall_by_class, score_words
from noticeparse.segment.segmenter import (
    Segmenter,
    find_entities,
    get_segmenter,
    load_lexicon,
    segment_notice,
    segment_text,
)
from noticeparse.segment.topics import tag_topics
from noticeparse.settings import Settings
from noticeparse.store.parquet import to_table
from noticeparse.store.rows import notice_rows

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw" / "samples" / "binhaiwan-2022-05-20.txt"
HARDCASES = ROOT.parent / "shared" / "corpus" / "hardcases" / "texts"
GOLD = ROOT / "tests" / "data" / "segmentation" / "gold.txt"
GOLD2 = ROOT / "tests" / "data" / "segmentation" / "gold2.txt"
RULES = load_rules()


class Case(NamedTuple):
    id: str
    text: str
    tokens: str  # expected tokens, space-separated


CASES = [
    Case("fixed-term", "落实“三重一大”制度", "落实 “ 三重一大 ” 制度"),
    Case("organ-then-preposition", "市委第二巡察组向新区党工委反馈", "市委 第二 巡察组 向 新区 党工委 反馈"),
    Case("date-range", "2021年8月5日至2021年9月8日,巡察组进驻", "2021年8月5日至2021年9月8日 , 巡察组 进驻"),
    Case("title-and-doc-number", "见《巡察反馈意见整改台账》(滨海湾工委〔2021〕83号)", "见 《巡察反馈意见整改台账》 ( 滨海湾工委〔2021〕83号 )"),
    Case("political-terms", "纪工委落实“两个维护”“四个意识”", "纪工委 落实 “ 两个维护 ” “ 四个意识 ”"),
    Case("enumerator-and-quantity", "二是对143人次开展提醒谈话", "二 是 对 143人次 开展 提醒谈话"),
    Case("percent-and-money", "完成率98.71%,挽回1369.5万元", "完成率 98.71% , 挽回 1369.5万元"),
    Case("session-and-ordinal", "十二届区委常委会第57次会议", "十二届 区委 常委会 第57次 会议"),
    Case("inspection-terms", "纪检监察组“三转”不彻底,台账未销号", "纪检监察组 “ 三转 ” 不 彻底 , 台账 未 销号"),
]
CASES_BUGS_CAUGHT = [
    Case("session", "十四届市委第十四轮巡察", "十四届 市委 第十四轮 巡察"),
    Case("plenary", "十九届中央纪委六次全会强调", "十九届 中央 纪委 六次 全会 强调"),
    Case("ordinal-without-measure", "县委第二巡察组", "县委 第二 巡察组"),
    Case("ordinal-with-ge", "连续第107个月公布", "连续 第107个 月 公布"),
    Case("quoted-terms", "开展“双百”“百日攻坚”行动", "开展 “ 双百 ” “ 百日攻坚 ” 行动"),
    Case("quoted-seed-terms", "把“当下改”与“长久立”结合起来", "把 “ 当下改 ” 与 “ 长久立 ” 结合 起来"),
    Case("quoted-phrase-cut", "推行“双随机、一公开”监管", "推行 “ 双 随机 、 一 公开 ” 监管"),
    Case("single-quoted-slogan", "牢记‘三个务必’", "牢记 ‘ 三个务必 ’"),
    Case("unquoted-slogan", "牢记三个务必，践行两学一做", "牢记 三个务必 ， 践行 两学一做"),
    Case("marker-paren", "(一)加强组织领导", "(一) 加强 组织 领导"),
    Case("marker-dun", "一、总体情况", "一、 总体 情况"),
    Case("marker-arabic", "1.建立问题台账", "1. 建立 问题 台账"),
    Case("enumerator-stays-apart", "一是修订制度", "一 是 修订 制度"),
    Case("date-with-hao", "5月20号召开推进会", "5月20号 召开 推进 会"),
    Case("counted-noun", "提出3点意见", "提出 3点 意见"),
    Case("paired-punct", "——强化“不敢腐”态势", "—— 强化 “ 不敢腐 ” 态势"),
]
CASES_XFAIL = [
    # jieba's dictionary joins these; PKU cuts 控股 公司 and 管理 制度
    Case("jieba-compounds", "控股公司修订管理制度", "控股 公司 修订 管理 制度"),
]


@pytest.fixture(scope="module")
def jieba_seg() -> Segmenter:
    return get_segmenter("jieba", RULES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: Case, jieba_seg: Segmenter) -> None:
    assert " ".join(t.text for t in segment_text(case.text, RULES, jieba_seg)) == case.tokens


@pytest.mark.parametrize("case", CASES_BUGS_CAUGHT, ids=[c.id for c in CASES_BUGS_CAUGHT])
def test_cases_bugs_caught(case: Case, jieba_seg: Segmenter) -> None:
    assert " ".join(t.text for t in segment_text(case.text, RULES, jieba_seg)) == case.tokens


def test_markers_have_their_own_kind_in_a_parsed_notice() -> None:
    notice = parse_text("一、总体情况\n（一）统筹建设监管工作平台。\n一是修订制度。\n")
    assert [(t.text, t.entity_kind, t.pos) for t in notice.tokens if t.entity_kind] == [
        ("一、", "marker", "m"), ("（一）", "marker", "m")]


def test_every_token_kind_of_the_seed_is_declared_in_the_registry() -> None:
    from noticeparse.fields import TOKEN_KINDS

    kinds = {t.entity_kind for t in parse_text(SEED.read_text(encoding="utf-8")).tokens} - {None}
    assert "marker" in kinds and kinds <= set(TOKEN_KINDS), kinds


def test_quoted_term_gives_way_to_a_lexicon_term_inside_it() -> None:
    """“巡察台账” holds the lexicon term 台账 without being one: the lexicon's cut stands."""
    assert [t.text for t in segment_text("建立“巡察台账”", RULES)] == ["建立", "“", "巡察", "台账", "”"]


def test_recall_by_class_counts_each_class() -> None:
    gold = [["（一）", "十四届", "“", "双百", "”", "5月20号", "3点", "意见"]]
    predicted = [["（", "一", "）", "十四届", "“", "双", "百", "”", "5月20号", "3", "点", "意见"]]
    assert recall_by_class(gold, predicted) == {
        "ordinal": (1, 1), "set phrase": (0, 1), "marker": (0, 1), "date": (1, 1), "quantity": (0, 1),
        "word": (3, 3)}


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.xfail(strict=True)) for c in CASES_XFAIL],
                         ids=[c.id for c in CASES_XFAIL])
def test_cases_xfail(case: Case, jieba_seg: Segmenter) -> None:
    assert " ".join(t.text for t in segment_text(case.text, RULES, jieba_seg)) == case.tokens


def test_entities_carry_kind_and_pos(jieba_seg: Segmenter) -> None:
    tokens = segment_text("2021年11月18日,见《台账》", RULES, jieba_seg)
    assert [(t.text, t.entity_kind, t.pos) for t in tokens if t.entity_kind] == [
        ("2021年11月18日", "date", "t"), ("《台账》", "title", "nz")]


def test_overlapping_entities_merge_into_one_token(jieba_seg: Segmenter) -> None:
    tokens = jieba_seg.cut("甲乙丙丁戊", [(0, 3, "title"), (2, 5, "date")])
    assert [t.text for t in tokens] == ["甲乙丙丁戊"]


@pytest.mark.slow
def test_memoised_cuts_equal_fresh_cuts_at_every_offset() -> None:
    """The chunk memo must give the tokens a fresh segmenter gives, placed at each text's offsets."""
    text = "巡察组发现整改不到位的问题。\n  整改不到位的问题仍然存在,巡察组要求立行立改"
    warm = Segmenter("jieba", RULES)
    warm.cut(text)
    shifted = "   " + text  # the same chunks, three characters further on
    tokens = warm.cut(shifted)
    assert warm._cut_cached.cache_info().hits > 0
    assert tokens == Segmenter("jieba", RULES).cut(shifted)
    assert all(shifted[t.start:t.end] == t.text for t in tokens)


def test_char_backend_and_unknown_backend() -> None:
    seg = Segmenter("char", RULES)
    assert [t.text for t in seg.cut("巡察组abc12")] == ["巡察组", "abc12"]
    with pytest.raises(ValueError, match="unknown segmenter backend"):
        make_backend("thulac")


def test_lexicon_is_read_from_rules() -> None:
    words = {word for word, _f, _p in load_lexicon(RULES)}
    assert {"党工委", "管委会", "纪工委", "巡察组", "巡察办", "三重一大", "两个维护", "四个意识",
            "第一议题", "三转", "整改", "约谈", "提醒谈话", "台账", "销号"} <= words


def _term_pattern(segmenter: Segmenter) -> regex.Pattern[str]:
    """Every lexicon term, as a pattern of its own (the segmenter finds them with Aho-Corasick)."""
    return regex.compile("|".join(regex.escape(w) for w in sorted(segmenter.tags, key=lambda w: (-len(w), w))))


def _assert_whole(text: str, tokens: list, entities: list, lexicon: set[str], terms) -> None:
    by_span = {(t.start, t.end) for t in tokens}
    for start, end, kind in entities:
        covering = [t for t in tokens if t.start < end and start < t.end]
        assert len(covering) == 1 and covering[0].entity_kind, (text[start:end], kind)
    for match in terms.finditer(text, overlapped=True):
        start, end = match.span()
        inside = [t for t in tokens if t.start < end and start < t.end]
        if (start, end) in by_span:
            continue
        # a term may lose only to an entity or to another protected span overlapping it
        assert any(t.entity_kind or t.text in lexicon or len(t.text) > end - start for t in inside), \
            (match.group(), [t.text for t in inside])
    # entity tokens may hold inner spaces (1 名); nothing else but whitespace is dropped
    assert "".join("".join(t.text.split()) for t in tokens) == "".join(text.split())


def _corpus_texts() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")]
    if HARDCASES.is_dir():
        texts += [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for p in sorted(HARDCASES.glob("*.txt"))]
    return texts


@pytest.mark.slow
def test_corpus_never_splits_entities_or_lexicon_terms(jieba_seg: Segmenter) -> None:
    if not HARDCASES.is_dir():
        pytest.skip("../shared/corpus/hardcases is absent: only the seed is checked elsewhere")
    lexicon = set(jieba_seg.tags)
    for text in _corpus_texts():
        notice = parse_text(text, ParseOptions(settings=Settings(segment=False)))
        tokens_of_notice, _terms, _topics = segment_notice(notice, RULES, jieba_seg)
        tokens = jieba_seg.cut(notice.text, [(t.start, t.end, t.entity_kind)
                                             for t in tokens_of_notice if t.entity_kind])
        entities = [(t.start, t.end, t.entity_kind) for t in tokens if t.entity_kind]
        _assert_whole(notice.text, tokens, entities, lexicon, _term_pattern(jieba_seg))
        assert all(notice.text[t.start:t.end] == t.text for t in tokens_of_notice)


# issue 17's forms, written here independently of rules/segment.yaml
ISSUE17_FORMS = {
    "ordinal": regex.compile(r"第[〇零一二三四五六七八九十百千0-9]{1,6}[次届轮批期个条项]"
                             r"|(?<![新每上下本历首这那该同几多数第\d〇零一二三四五六七八九十百])[一二三四五六七八九十百]{1,4}届"),
    "quoted term": regex.compile(r"(?<=[“‘])[^\s\p{P}\p{S}的与和或及]{2,5}(?=[”’])"),
    "slogan": regex.compile("三个务必|两个维护|四个意识|三重一大|两学一做|四个全面|四风"),
}


@pytest.mark.slow
def test_corpus_keeps_ordinals_quoted_terms_slogans_and_markers_whole(jieba_seg: Segmenter) -> None:
    """Issue 17's done-when, on the corpus: each form is one token (or inside an entity), unless a
    lexicon term lies inside it (“党委书记” → 党委 书记)."""
    if not HARDCASES.is_dir():
        pytest.skip("../shared/corpus/hardcases is absent")
    marker_rules = set(RULES["segment"].data["marker_rules"])
    split = []
    for text in _corpus_texts():
        notice = parse_text(text)
        spans = {(t.start, t.end) for t in notice.tokens}
        entities = [(t.start, t.end) for t in notice.tokens if t.entity_kind]
        wanted = [(name, m.start(), m.end()) for name, pattern in ISSUE17_FORMS.items()
                  for m in pattern.finditer(notice.text)]
        wanted += [("marker", o.marker_start, o.marker_end) for o in notice.outline if o.rule_id in marker_rules]
        for name, start, end in wanted:
            whole = (start, end) in spans or any(a <= start and end <= b for a, b in entities)
            lexicon_inside = any(start <= t.start and t.end <= end and t.text in jieba_seg.tags
                                 for t in notice.tokens)
            if not whole and not lexicon_inside:
                split.append((name, notice.text[start:end]))
    assert split == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="巡察组向党工委三重一大整改台账2021年8月5日至9.3%《》〔〕号 ,。\n", max_size=60))
def test_any_text_keeps_offsets_and_entities(jieba_seg: Segmenter, text: str) -> None:
    entities = find_entities(text, RULES)
    tokens = jieba_seg.cut(text, entities)
    assert all(text[t.start:t.end] == t.text and t.text.strip() for t in tokens)
    assert all(t.text == t.text.strip() for t in tokens)
    assert all(a.end <= b.start for a, b in itertools.pairwise(tokens))
    _assert_whole(text, tokens, entities, set(jieba_seg.tags), _term_pattern(jieba_seg))


def _gold(path: Path = GOLD) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


def test_gold_set_size_and_our_segmenter_beats_plain_jieba(jieba_seg: Segmenter) -> None:
    import jieba

    gold = _gold()
    assert len(gold) >= 150
    sentences = ["".join(g) for g in gold]
    plain = jieba.Tokenizer()
    ours = [[t.text for t in segment_text(s, RULES, jieba_seg)] for s in sentences]
    f_ours = score_words(gold, ours)[2]
    f_plain = score_words(gold, [plain.lcut(s) for s in sentences])[2]
    assert f_ours > f_plain and f_ours >= 0.91, (f_ours, f_plain)


def test_second_gold_set_ordinals_quoted_terms_and_markers_come_out_whole(jieba_seg: Segmenter) -> None:
    """gold2.txt (hand-cut from ../shared/corpus, see its README): the issue's classes are whole."""
    import jieba

    gold = _gold(GOLD2)
    assert len(gold) >= 80
    sentences = ["".join(g) for g in gold]
    ours = [[t.text for t in segment_text(s, RULES, jieba_seg)] for s in sentences]
    slogans = frozenset(word for word, _f, _t in load_lexicon(RULES))
    recall = {c: hit / total for c, (hit, total) in recall_by_class(gold, ours, slogans).items() if total}
    assert min(recall["ordinal"], recall["set phrase"], recall["marker"]) >= 0.95, recall
    plain = jieba.Tokenizer()  # one tokenizer: each new one loads the whole dictionary again
    f_plain = score_words(gold, [plain.lcut(s) for s in sentences])[2]
    assert score_words(gold, ours)[2] >= max(f_plain, 0.88), recall


@pytest.mark.slow  # loads pkuseg's model (seconds) where `make pkuseg` installed it
def test_pkuseg_backend_beats_plain_pkuseg() -> None:
    pkuseg = pytest.importorskip("pkuseg", reason="pkuseg not installed (make pkuseg)")
    gold = _gold()
    sentences = ["".join(g) for g in gold]
    seg = get_segmenter("pkuseg", RULES)
    f_ours = score_words(gold, [[t.text for t in segment_text(s, RULES, seg)] for s in sentences])[2]
    plain = pkuseg.pkuseg()
    f_plain = score_words(gold, [plain.cut(s) for s in sentences])[2]
    assert f_ours > f_plain, (f_ours, f_plain)


def test_rjieba_backend_scores_like_jieba(jieba_seg: Segmenter) -> None:
    pytest.importorskip("rjieba", reason="rjieba not installed (pip install 'noticeparse[rjieba]')")
    seg = get_segmenter("rjieba", RULES)
    gold = _gold()
    sentences = ["".join(g) for g in gold]
    scores = [score_words(gold, [[t.text for t in segment_text(s, RULES, x)] for s in sentences])[2]
              for x in (seg, jieba_seg)]
    assert abs(scores[0] - scores[1]) < 0.02, scores


def test_missing_backend_raises_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args, **kwargs):
        if name == "rjieba":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(BackendUnavailable, match=r"noticeparse\[rjieba\]"):
        make_backend("rjieba")


def test_seed_tables_have_tokens_terms_and_topics() -> None:
    notice = parse_text(SEED.read_text(encoding="utf-8"))
    rows = notice_rows(notice, "")
    assert len(notice.tokens) == len(rows["tokens"]) > 3000 and rows["terms"] and rows["topics"]
    finding_ids = {n.node_id for n in notice.findings}
    assert {r["node_id"] for r in rows["terms"]} <= finding_ids
    leadership = [r for r in rows["topics"] if r["topic"] == "党的领导"]
    assert any("三重一大" in r["keywords"] for r in leadership)
    for table in ("tokens", "terms", "topics"):
        assert to_table(table, rows[table], "").num_rows == len(rows[table])


def test_topics_list_matched_keywords() -> None:
    found = tag_topics("违规发放津补贴,工程项目招投标不规范", RULES)
    assert [(label, keywords) for _id, label, keywords, _n in found] == [
        ("财经纪律", ["违规发放", "津补贴"]), ("工程项目", ["工程项目", "招投标"])]


def test_cli_prints_tokens_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(segment, [], input="落实“三重一大”制度\n2021年8月5日进驻\n")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["落实 “ 三重一大 ” 制度", "2021年8月5日 进驻"]
    result = runner.invoke(segment, ["--json", "--backend", "char"], input="2021年8月5日进驻\n")
    assert json.loads(result.output) == [["2021年8月5日", 0, 9, "t", "date"], ["进", 9, 10, "v", None],
                                         ["驻", 10, 11, "v", None]]


@pytest.mark.slow  # imports spaCy (over a second)
def test_spacy_component_gives_our_tokens_and_ents() -> None:
    pytest.importorskip("spacy", reason="spaCy not installed (pip install 'noticeparse[spacy]')")
    from noticeparse.segment.spacy_component import blank_nlp

    nlp = blank_nlp("jieba")
    doc = nlp("2021年11月18日,市委第二巡察组向新区党工委反馈“三重一大”问题")
    assert [t.text for t in doc] == ["2021年11月18日", ",", "市委", "第二", "巡察组", "向", "新区", "党工委",
                                     "反馈", "“", "三重一大", "”", "问题"]
    assert [(e.text, e.label_) for e in doc.ents] == [("2021年11月18日", "DATE")]
    assert doc[4].tag_ == "nt"


@pytest.mark.slow  # imports spaCy (over a second)
def test_spacy_component_fills_pos_values_and_money() -> None:
    """Issue 16: pos_ was empty, an entity's value unreachable, money labelled QUANTITY."""
    pytest.importorskip("spacy", reason="spaCy not installed (pip install 'noticeparse[spacy]')")
    from datetime import date

    from noticeparse.segment.spacy_component import blank_nlp

    doc = blank_nlp("jieba")("2021年11月18日,巡察组反馈问题，总投资3000万元，占地50亩。")
    assert all(t.pos_ for t in doc)
    assert {t.text: t.pos_ for t in doc}["巡察组"] == "PROPN" and {t.text: t.pos_ for t in doc}["，"] == "PUNCT"
    ents = [(e.text, e.label_, e._.value, e._.unit) for e in doc.ents]
    assert ents == [("2021年11月18日", "DATE", date(2021, 11, 18), None), ("3000万元", "MONEY", 3e7, "元"),
                    ("50亩", "QUANTITY", 50.0, "亩")]
    assert doc.ents[1]._.record.category == "money"
