"""Every example and counter-example of every rule in rules/*.yaml, one test each.

`noticeparse rules check` runs the same check_example code, and the normalised view's own
examples (rules/normalise.yaml data.examples, text → view) through check_view_examples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from noticeparse.parse.view import check_view_examples
from noticeparse.rules import RuleError, check_example, load_rules

RULES = load_rules()
CASES = [
    pytest.param(rule, example, id=f"{rule.id}[{i}]")
    for rule_file in RULES.files.values()
    for rule in rule_file.rules
    for i, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_rule_example(rule, example):
    assert check_example(rule, example) is None


@pytest.mark.parametrize("result", check_view_examples(RULES), ids=lambda r: f"{r[0]}[{r[1]}]")
def test_view_example(result):
    assert result[2] is None


def test_every_rule_has_examples_and_counterexamples():
    for rule_file in RULES.files.values():
        for rule in rule_file.rules:
            kinds = {e.positive for e in rule.examples}
            assert kinds == {True, False}, f"{rule.id} needs examples and counter-examples"


def test_rules_hash_is_stable():
    assert RULES.sha256 == load_rules().sha256 and len(RULES.sha256) == 64


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("rules:\n  - {id: x.a, pattern: '{nope}'}\n", "unknown fragment"),
        ("fragments: {a: '{b}', b: '{a}'}\nrules:\n  - {id: x.a, pattern: '{a}'}\n", "cyclic"),
        ("rules:\n  - {id: x.a, pattern: '(unclosed'}\n", "bad pattern"),
        ("rules:\n  - {id: x.a, pattern: 'a', colour: red}\n", "unknown keys"),
        ("rules:\n  - {id: x.a, pattern: a}\n  - {id: x.a, pattern: b}\n", "duplicate rule ids"),
    ],
    ids=["unknown-fragment", "cycle", "bad-regex", "unknown-key", "duplicate-id"],
)
def test_bad_rule_files_are_rejected(tmp_path: Path, yaml_text: str, message: str):
    (tmp_path / "x.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load_rules(tmp_path)


def test_fragments_nest_and_quantifier_braces_survive(tmp_path: Path):
    (tmp_path / "x.yaml").write_text(
        "fragments: {d: '\\d{1,2}', md: '{d}月{d}日'}\nrules:\n  - {id: x.md, pattern: '{md}'}\n", encoding="utf-8"
    )
    rule = load_rules(tmp_path)["x"].rule("x.md")
    assert rule.regex.fullmatch("12月3日")
