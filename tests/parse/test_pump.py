"""The pump check on the whole parse (issue 28, "linear end to end"): ``parse/pump.py`` and ``rules check``.

The judgment is shown to fail: a parse whose time grows with the square of its input (a prefix
re-counted at every step, as the case attribution read each sentence from its start) fails it,
in the function and through ``noticeparse rules check``; a rejected input (an error row)
measures nothing and fails too. The slow tests run the issue's shapes and pages on the real
parse at 10k and 100k, as ``rules check`` does; only ratios are compared, never a time.
"""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from lxml import html

import noticeparse.extract
import noticeparse.parse
from noticeparse.cli import main
from noticeparse.parse import pump
from noticeparse.parse.markup import check_markup
from noticeparse.parse.pump import PAGES, PumpUnit, iter_whole_pumps, pump_units, whole_ratio
from noticeparse.rules import load_rules

RULES = load_rules()
UNIT = PumpUnit("line", "巡察组发现问题，")


def _quadratic(data: bytes | str) -> tuple[str, ...]:
    """Count what came before every 20th character again: n²/40 characters read."""
    text = data if isinstance(data, str) else data.decode()
    for i in range(0, len(text), 20):
        text.count("察", 0, i)
    return ()


def _linear(data: bytes | str) -> tuple[str, ...]:
    """Read every character 300 times in Python: about 10 ms for 1,000 characters."""
    text = data if isinstance(data, str) else data.decode()
    for _ in range(300):
        sum(1 for ch in text if ch == "察")
    return ()


def test_a_quadratic_parse_fails_the_judgment():
    result = whole_ratio(UNIT, _quadratic)
    assert result.failed and not result.rejected, result.describe()
    assert result.ratio > 3 * result.limit  # about 100 for 10× the input: far from the line, not near it
    assert "t(100k)/t(10k)" in result.describe() and "limit 12" in result.describe()


def test_a_rejected_input_fails_whatever_its_times():
    result = whole_ratio(UNIT, lambda _data: ("E104",), 1_000, 10_000)
    assert result.failed and result.rejected == "E104"
    assert "rejected the pumped input (E104)" in result.describe()


def test_a_rule_example_is_screened_and_a_super_linear_one_timed_at_full_size():
    rule_unit = PumpUnit("date.standard", "2021年8月5日")
    screened = next(iter_whole_pumps(RULES, [rule_unit], parse=_linear))
    assert screened.screened and (screened.small_size, screened.large_size) == (1_000, 10_000)
    timed = next(iter_whole_pumps(RULES, [rule_unit], parse=_quadratic))
    assert not timed.screened and timed.large_size == 100_000 and timed.failed, timed.describe()


@pytest.mark.parametrize("name", PAGES)
def test_a_pumped_page_has_the_elements_it_is_counted_in_and_passes_the_caps(name: str):
    unit = PumpUnit(name, *PAGES[name])
    for size in (10_000, 100_000):
        page = unit.build(size)
        elements = sum(1 for _ in html.fromstring(page).iter())
        assert size - unit.elements < elements <= size
        check_markup(page.decode())  # under the element cap: the pump times a parse, not a refusal


def test_units_hold_the_shapes_of_the_issue_and_one_example_per_rule_shape():
    labels = [u.label for u in pump_units(RULES)]
    assert labels[:7] == [*pump.SHAPES, *PAGES]
    assert "date.standard" in labels or any(label.startswith("date.") for label in labels)
    assert len(labels) == len(set(labels))


def test_rules_check_runs_the_whole_pump_and_fails_on_a_quadratic_parse(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(noticeparse.extract, "check_pumps", lambda _rules: [])  # the rule pumps: tests/extract
    monkeypatch.setattr(pump, "pump_units", lambda _rules: [UNIT])
    monkeypatch.setattr(noticeparse.parse, "whole_parser", lambda _rules: _quadratic)
    result = CliRunner().invoke(main, ["rules", "check"])
    assert result.exit_code == 1, result.output
    assert "FAIL whole pump line: t(100k)/t(10k)" in result.output
    assert "whole pump   0 inputs linear, 1 not" in result.output
    skipped = CliRunner().invoke(main, ["rules", "check", "--no-pump"])
    assert skipped.exit_code == 0 and "whole pump" not in skipped.output


def test_rules_of_ones_own_skip_the_whole_pump_with_a_reason(tmp_path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "tiny.yaml").write_text(
        "version: 1\nrules:\n  - id: tiny.word\n    pattern: '巡察'\n    examples: [{text: '巡察组', match: '巡察'}]\n",
        encoding="utf-8")
    monkeypatch.setattr(noticeparse.extract, "check_pumps", lambda _rules: [])
    result = CliRunner().invoke(main, ["rules", "check", "--rules", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "whole pump   skipped: the rules under" in result.output and "chrome.yaml" in result.output


@pytest.mark.slow  # the real parse at 10k and 100k characters or elements: about a minute
@pytest.mark.parametrize("unit", pump_units(RULES, with_rules=False), ids=lambda u: u.label.replace(" ", "-"))
def test_the_issue_shapes_parse_in_linear_time(unit: PumpUnit):
    result = next(iter_whole_pumps(RULES, [unit]))
    assert not result.failed, result.describe()


@pytest.mark.slow  # a timing loop
def test_a_linear_parse_passes_the_judgment():
    result = min((whole_ratio(UNIT, _linear) for _ in range(2)), key=lambda r: r.ratio)
    assert not result.failed, result.describe()


def test_the_cap_stops_a_large_run_that_would_take_minutes(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pump, "_MIN_CAP", 0.3)
    monkeypatch.setattr(pump, "_CAP_MARGIN", 0.01)

    def stalls_on_large(data: bytes | str) -> tuple[str, ...]:
        if len(data) > 50_000:
            until = time.perf_counter() + 30
            while time.perf_counter() < until:
                pass
        return ()

    started = time.perf_counter()
    result = whole_ratio(UNIT, stalls_on_large)
    assert result.failed and result.ratio == float("inf") and "stopped at its cap" in result.describe()
    assert time.perf_counter() - started < 10
