"""Pump check: every rule's scan time grows linearly with the length of the text.

A pattern that backtracks (``\\d+[.．]\\d+`` on ``000…``, an unbounded repetition
that restarts after every 亿) is fast on a notice and stalls a worker for minutes on
a hostile page. For each rule this module builds inputs by repeating ("pumping")
short units taken from the rule's own examples: the example texts, their matches
and near-miss prefixes of them (``37.30亿`` of ``37.30亿元``), plus a few separators
(spaces, ``\\u3000``, digits). Each input is scanned at two lengths, as the extractor
scans it (inside the file's ``data.window`` windows when it has them), and the rule
fails when the time ratio t(large)/t(small) is clearly above the length ratio.

Times are CPU times (``time.process_time``), best of a few runs, so other load on
the machine does not decide the verdict; only the ratio of two runs is compared,
never an absolute time. A run that exceeds its cap is stopped by ``regex``'s
``timeout`` and counts as a failure.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from noticeparse.extract.common import windows
from noticeparse.rules import Rule, RuleFile, RuleSet

__all__ = ["PumpResult", "check_pumps", "pump_ratio", "pump_units"]

SMALL = 10_000
LARGE = 100_000
MAX_RATIO = 25.0  # linear is 10; quadratic is 100, n^1.5 is 32
# times below this are timer and call overhead, not matching work (a noise guard, not a verdict)
_FLOOR = 2e-4
_RUNS = 3
_SCREEN = 14.0  # a 1k→10k ratio up to this is clearly linear: the 10k→100k run is skipped
_CAP = 2.0  # seconds of wall time for one large run before it counts as super-linear
_SEPARATORS = (" ", "\u3000", "\t", "0", "9.", "、", "a")


@dataclass(frozen=True, slots=True)
class PumpResult:
    """One rule on one pumped unit: the CPU seconds at both lengths and their ratio."""

    rule_id: str
    unit: str
    small: float
    large: float
    ratio: float
    limit: float = MAX_RATIO
    small_len: int = SMALL
    large_len: int = LARGE

    @property
    def failed(self) -> bool:
        return self.ratio > self.limit


def pump_units(rule: Rule) -> list[str]:
    """The short strings a rule is pumped with: examples, matches, near-miss prefixes.

    >>> from noticeparse.rules import load_rules
    >>> units = pump_units(load_rules()["quantity"].rule("quantity.main"))
    >>> "37.30亿" in units and "37.30亿元" in units
    True
    """
    seen: dict[str, None] = {}
    for example in rule.examples:
        found = example.match or _first_match(rule, example.text) or example.text
        for unit in (example.text, found, found[:-1], found[:1]):
            seen.setdefault(unit, None)
    for unit in _SEPARATORS:
        seen.setdefault(unit, None)
    seen.pop("", None)
    return list(seen)


def _first_match(rule: Rule, text: str) -> str | None:
    match = rule.regex.search(text)
    return match.group(0) if match and match.group(0) else None


def _pumped(unit: str, length: int) -> str:
    return unit * (length // len(unit) + 1)


def _scan_time(rule: Rule, text: str, spans: list[tuple[int, int]], cap: float) -> float:
    """CPU seconds of one scan of ``spans`` (the extractor's windows); ``inf`` when over ``cap`` wall seconds."""
    deadline = time.perf_counter() + cap
    start = time.process_time()
    try:
        for low, high in spans:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return float("inf")
            for _match in rule.regex.finditer(text, low, high, timeout=remaining):
                pass
    except TimeoutError:
        return float("inf")
    return time.process_time() - start


def pump_ratio(rule: Rule, rule_file: RuleFile, unit: str, small: int = SMALL, large: int = LARGE) -> PumpResult:
    """Time ``rule`` on ``unit`` repeated to ``small`` and ``large`` characters.

    A cheap screen at a tenth of both lengths goes first; only a unit that does not
    look clearly linear there is timed at ``small`` and ``large`` (best of ``_RUNS``).
    """
    screen = _ratio(rule, rule_file, unit, small // 10, small, runs=1)
    if screen.ratio <= _SCREEN:
        return screen
    return _ratio(rule, rule_file, unit, small, large, runs=_RUNS)


def _ratio(rule: Rule, rule_file: RuleFile, unit: str, small: int, large: int, runs: int) -> PumpResult:
    small_text, large_text = _pumped(unit, small), _pumped(unit, large)
    small_spans, large_spans = windows(small_text, rule_file), windows(large_text, rule_file)
    limit = MAX_RATIO * (large / small) / 10
    t_small = min(_scan_time(rule, small_text, small_spans, _CAP) for _ in range(runs + 1))
    t_large = float("inf")
    if t_small != float("inf"):
        for _ in range(runs):
            cap = min(_CAP, max(0.05, 3 * limit * max(t_small, _FLOOR)))
            t_large = min(t_large, _scan_time(rule, large_text, large_spans, cap))
            if max(t_large, _FLOOR) / max(t_small, _FLOOR) <= limit:
                break
    # a small run over its cap is super-linear too (or hopelessly slow): fail it
    ratio = float("inf") if t_large == float("inf") else max(t_large, _FLOOR) / max(t_small, _FLOOR)
    return PumpResult(rule.id, unit, t_small, t_large, ratio, limit, small, large)


def iter_pumps(rule_file: RuleFile, rule: Rule) -> Iterator[PumpResult]:
    """Pump one rule with each of its units."""
    for unit in pump_units(rule):
        yield pump_ratio(rule, rule_file, unit)


def check_pumps(rules: RuleSet, names: Iterable[str] | None = None) -> list[PumpResult]:
    """The worst pumped unit of every rule (each rule's first failure, else its highest ratio)."""
    results = []
    for name, rule_file in rules.files.items():
        if names is not None and name not in names:
            continue
        for rule in rule_file.rules:
            worst: PumpResult | None = None
            for result in iter_pumps(rule_file, rule):
                if worst is None or result.ratio > worst.ratio:
                    worst = result
                if result.failed:
                    break
            if worst is not None:
                results.append(worst)
    return results
