"""The rule prefilter (extract/prefilter.py, extract/relax.py) must never change a match.

For every rule file, ``iter_matches`` with the Hyperscan prefilter gives exactly the matches of
the Python path (every rule in every window) on the bundled samples, on the shared corpus (when
present) and on generated texts; the relaxed patterns match every example of every rule. The
Hyperscan tests skip when Hyperscan is not installed; the fallback tests always run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeparse.extract import prefilter
from noticeparse.extract.common import iter_matches
from noticeparse.extract.relax import Untranslatable, relax_pattern
from noticeparse.parse.normalize import normalize_text
from noticeparse.rules import Example, Rule, RuleFile, load_rules

RULES = load_rules()
NAMES = sorted(RULES.files)
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (ROOT / "raw" / "samples").glob("*") if p.suffix in {".txt", ".html"})
needs_hyperscan = pytest.mark.skipif(not prefilter.hyperscan_available(), reason="hyperscan is not installed")
# characters of the rules' own examples, plus separators, masks and an astral Han character
CHARS = st.sampled_from(sorted(
    {ch for f in RULES.files.values() for r in f.rules for e in r.examples for ch in e.text}
    | set(" \n\t\u3000\ufffc()（）〔〕0123456789") | {"\U00020000", "\U00030000"}
))


def _matches(text: str, rule_file: RuleFile, engine: str) -> list[tuple[str, int, int, str]]:
    return [(r.id, m.start(), m.end(), m.group(0)) for r, m in iter_matches(text, rule_file, engine=engine)]


def _texts(paths: list[Path]) -> list[str]:
    return [normalize_text(p.read_text(encoding="utf-8", errors="replace")).text for p in paths]


@pytest.mark.slow  # an equality check over whole texts, rule file by rule file
@needs_hyperscan
@pytest.mark.parametrize("name", NAMES)
def test_hyperscan_equals_python_on_samples(name: str):
    rule_file = RULES[name]
    for text in _texts(SAMPLES):
        assert _matches(text, rule_file, "hyperscan") == _matches(text, rule_file, "python")


@pytest.mark.slow
@needs_hyperscan
@pytest.mark.parametrize("name", NAMES)
def test_hyperscan_equals_python_on_the_shared_corpus(name: str, shared_corpus: Path):
    rule_file = RULES[name]
    pages = sorted(shared_corpus.rglob("*.txt")) + sorted(shared_corpus.rglob("*.html"))
    for text in _texts(pages):
        assert _matches(text, rule_file, "hyperscan") == _matches(text, rule_file, "python")


@pytest.mark.slow  # 150 generated texts per rule file
@needs_hyperscan
@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=150, deadline=None)
@given(text=st.lists(CHARS, max_size=80).map("".join))
def test_hyperscan_equals_python_on_generated_text(name: str, text: str):
    assert _matches(text, RULES[name], "hyperscan") == _matches(text, RULES[name], "python")


@pytest.mark.slow  # builds every rule file's Hyperscan database (seconds each)
@needs_hyperscan
@pytest.mark.parametrize("name", NAMES)
def test_hyperscan_equals_python_on_rule_examples(name: str):
    rule_file = RULES[name]
    for text in {e.text for r in rule_file.rules for e in r.examples}:
        assert _matches(text, rule_file, "hyperscan") == _matches(text, rule_file, "python")


@pytest.mark.slow  # builds every rule file's Hyperscan database (about 7 s in all)
@needs_hyperscan
def test_relaxed_patterns_report_every_example_match():
    """The necessary condition itself: each rule is reported wherever its regex matches."""
    for rule_file in RULES.files.values():
        built = prefilter.prefilter_for(rule_file, "hyperscan")
        for index, rule in enumerate(rule_file.rules):
            for example in rule.examples:
                for match in rule.regex.finditer(example.text):
                    if match.end() > match.start() and index not in built.always:
                        plan = built.windows(example.text, [match.span()])
                        assert plan[index], (rule.id, example.text, match.group(0))


@pytest.mark.slow  # builds the quantity rules' Hyperscan database
@needs_hyperscan
def test_the_prefilter_skips_rules_that_cannot_match():
    plan = prefilter.prefilter_for(RULES["quantity"], "hyperscan").windows("共有问题", [(0, 4)])
    always = prefilter.prefilter_for(RULES["quantity"], "hyperscan").always
    assert all(not spans for i, spans in enumerate(plan) if i not in always)
    assert len(always) < len(RULES["quantity"].rules)  # most rules are filtered, not always run


@pytest.mark.slow  # builds the date rules' Hyperscan database
@needs_hyperscan
def test_lone_surrogates_run_every_rule():
    text = "2021年\ud800" + "3月"
    plan = prefilter.prefilter_for(RULES["date"], "hyperscan").windows(text, [(0, len(text))])
    assert all(spans == [(0, len(text))] for spans in plan)
    assert _matches(text, RULES["date"], "hyperscan") == _matches(text, RULES["date"], "python")


def test_python_engine_runs_every_rule_everywhere():
    spans = [(0, 3), (5, 9)]
    plan = prefilter.prefilter_for(RULES["date"], "python").windows("x" * 9, spans)
    assert plan == [spans] * len(RULES["date"].rules)


def test_engine_is_chosen_by_the_settings_of_the_parse(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTICEPARSE_PREFILTER", "nonsense")  # the library never reads the environment
    assert prefilter.prefilter_for(RULES["contact"]).engine == "python"
    with prefilter.prefilter_engine("auto"):
        assert prefilter.prefilter_for(RULES["contact"]).engine == ("hyperscan" if prefilter.hyperscan_available() else "python")
    assert prefilter.prefilter_for(RULES["contact"]).engine == "python"
    with pytest.raises(ValueError, match="prefilter is one of"), prefilter.prefilter_engine("nonsense"):
        pass


def test_untranslatable_rules_always_run():
    rule = Rule(id="t.backref", pattern=r"(?P<a>\d)(?P=a)年", regex=regex.compile(r"(?P<a>\d)(?P=a)年"),
                priority=0, examples=(Example("11年", True),))
    with pytest.raises(Untranslatable):
        relax_pattern(rule.pattern)
    if prefilter.hyperscan_available():
        built = prefilter._build((rule,), "hyperscan")
        assert built.engine == "python" or built.always == {0}


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        (r"(?<=[上下])半年", "半年", True),  # look-behind dropped: context is not needed
        (r"\b\d{,2}+号$", "12号", True),
        (r"(?>\p{Han}{2,4})局", "财政局", True),
        (r"[^\d\s]元", "万元", True),
        (r"[^\d\s]元", "5元", False),
        (r"\u3000第[一二]章", "\u3000第二章", True),
        (r"\p{Han}{1,40}?公司", "\U00020000公司", True),  # an astral Han character is Han
        (r"a{0,2}b", "aab", True),
    ],
)
def test_relaxed_pattern_matches(pattern: str, text: str, hit: bool):
    if not prefilter.hyperscan_available():
        pytest.skip("hyperscan is not installed")
    rule = Rule(id="t.rule", pattern=pattern, regex=regex.compile(pattern, regex.V0), priority=0, examples=())
    built = prefilter._build((rule,), "hyperscan")
    assert built.engine == "hyperscan" and not built.always
    assert bool(built.windows(text, [(0, len(text))])[0]) is hit
