"""The pump check (issue 12): rule scan time must grow linearly with the length of the text.

CASES_BUGS_CAUGHT are the hostile repeats of issue 12, each on the rule that was
quadratic on it (every one took over the 2 s cap at 10k characters before the fix).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.extract.pump import check_pumps, describe, pump_ratio, pump_units
from noticeparse.rules import load_rules

pytestmark = pytest.mark.slow  # timing loops or real processes: not in `make test-fast`

RULES = load_rules()

CASES_BUGS_CAUGHT = [
    pytest.param("quantity", "quantity.main", "37.30亿", id="quantity.main-37.30亿"),
    pytest.param("quantity", "quantity.range", "37.30亿", id="quantity.range-37.30亿"),
    pytest.param("quantity", "quantity.time", "37.30亿", id="quantity.time-37.30亿"),
    pytest.param("segment", "segment.percent", "98", id="segment.percent-98"),
    pytest.param("segment", "segment.decimal", "0", id="segment.decimal-0"),
    pytest.param("chrome", "chrome.toolbar", "\u3000", id="chrome.toolbar-u3000"),
    pytest.param("chrome", "chrome.toolbar", " ", id="chrome.toolbar-space"),
]

TINY = """\
version: 1
fragments:
  digits: '[0-9０-９]'
rules:
  - id: tiny.quadratic
    pattern: '{digits}+[.．]{digits}+'
    examples: [{text: '得分95.5分', match: '95.5'}]
    counterexamples: ['2021年']
  - id: tiny.linear
    pattern: '(?<![0-9０-９]){digits}++[.．]{digits}++'
    examples: [{text: '得分95.5分', match: '95.5'}]
    counterexamples: ['2021年']
"""


@pytest.mark.parametrize(("file", "rule_id", "unit"), CASES_BUGS_CAUGHT)
def test_hostile_repeat_scans_in_linear_time(file: str, rule_id: str, unit: str):
    rule_file = RULES[file]
    result = pump_ratio(rule_file.rule(rule_id), rule_file, unit)
    assert not result.failed, describe(result)


def test_issue_units_are_among_the_pumped_ones():
    quantity = RULES["quantity"]
    for rule_id in ("quantity.main", "quantity.range", "quantity.time"):
        assert "37.30亿" in pump_units(quantity.rule(rule_id), quantity), rule_id
    assert "\u3000" in pump_units(RULES["chrome"].rule("chrome.toolbar"))


@pytest.fixture
def tiny_rules(tmp_path: Path) -> Path:
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    return tmp_path


def test_pump_check_catches_a_quadratic_rule(tiny_rules: Path):
    results = {r.rule_id: r for r in check_pumps(load_rules(tiny_rules))}
    assert results["tiny.quadratic"].failed, describe(results["tiny.quadratic"])
    assert not results["tiny.linear"].failed, describe(results["tiny.linear"])


def test_rules_check_fails_on_a_quadratic_rule_and_names_it(tiny_rules: Path):
    result = CliRunner().invoke(main, ["rules", "check", "--rules", str(tiny_rules)])
    assert result.exit_code == 1
    assert "FAIL pump tiny.quadratic" in result.output and "FAIL pump tiny.linear" not in result.output
    skipped = CliRunner().invoke(main, ["rules", "check", "--rules", str(tiny_rules), "--no-pump"])
    assert skipped.exit_code == 0, skipped.output
