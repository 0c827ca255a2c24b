"""Windowed matching (data.window in a rule file) must find exactly what a full scan finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeparse.extract.common import iter_matches, windows
from noticeparse.parse.normalize import normalize_text
from noticeparse.rules import RuleFile, load_rules

RULES = load_rules()
WINDOWED = [name for name, f in RULES.files.items() if f.data.get("window")]
SAMPLES = sorted((Path(__file__).resolve().parents[2] / "raw" / "samples").glob("*.txt"))
CHARS = st.sampled_from(list("2021年8月5日至9月8日、和截至底前以来号〔〕[]()发文字第万亿元亩人次%约近余0123456789一二三四五六七八九十两 \n,。"))


def _full_scan(text: str, rule_file: RuleFile) -> list[tuple[str, int, int]]:
    return [(r.id, m.start(), m.end()) for r in rule_file.rules for m in r.regex.finditer(text) if m.end() > m.start()]


def _windowed(text: str, rule_file: RuleFile) -> list[tuple[str, int, int]]:
    return [(r.id, m.start(), m.end()) for r, m in iter_matches(text, rule_file)]


def test_some_rule_files_use_windows():
    assert {"date", "doc_number", "quantity"} <= set(WINDOWED)


@pytest.mark.parametrize("name", WINDOWED)
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_windows_change_nothing_on_samples(name: str, sample: Path):
    text = normalize_text(sample.read_text(encoding="utf-8")).text
    assert sorted(_windowed(text, RULES[name])) == sorted(_full_scan(text, RULES[name]))


@pytest.mark.parametrize("name", WINDOWED)
@settings(max_examples=200, deadline=None)
@given(text=st.lists(CHARS, max_size=120).map("".join))
def test_windows_change_nothing_on_generated_text(name: str, text: str):
    assert sorted(_windowed(text, RULES[name])) == sorted(_full_scan(text, RULES[name]))


def test_windows_merge_and_clip():
    spans = windows("年" + "x" * 200 + "年年", RULES["date"])
    assert spans[0][0] == 0 and spans[-1][1] == 203 and len(spans) == 2
