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

import dataclasses
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from noticeparse.extract.common import windows
from noticeparse.rules import Rule, RuleFile, RuleSet, compiled

__all__ = ["PumpResult", "check_pumps", "describe", "pump_ratio", "pump_units", "ratio_verdict"]

SMALL = 10_000
LARGE = 100_000
MAX_RATIO = 25.0  # linear is 10; quadratic is 100, n^1.5 is 32
# times below this are timer and call overhead, not matching work (a noise guard, not a verdict)
_FLOOR = 2e-4
_RUNS = 3
_SCREEN = 14.0  # a 1k→10k ratio up to this is clearly linear: the 10k→100k run is skipped
_CAP = 2.0  # seconds of wall time for one large run before it counts as super-linear
RULE_CAP = 20.0  # wall seconds for all units of one rule
_MIN_FRAGMENT = 8  # shorter fragments ([:：]\s*) are pumped through the examples already
_PER_FRAGMENT = 8  # distinct shapes (digit runs as 0) per fragment, longest first (8: -3.5 and 1,200.00 beside 37.30亿)
_RUNS_OF_DIGITS = regex.compile(r"\d+")
_DIGITS = regex.compile(r"\d")
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
    capped: bool = False

    @property
    def failed(self) -> bool:
        return self.capped or self.ratio > self.limit


def pump_units(rule: Rule, rule_file: RuleFile | None = None) -> list[str]:
    """The short strings a rule is pumped with: examples, matches, near-miss prefixes, fragments.

    With ``rule_file``, the text matched by each of the file's fragments that the rule
    uses (in any example of the file) is a unit too: ``{number}`` gives 37.30亿 to
    every quantity rule, not only to the one whose example it is. Units that differ
    only in their digits are pumped once.

    >>> from noticeparse.rules import load_rules
    >>> quantity = load_rules()["quantity"]
    >>> "37.30亿" in pump_units(quantity.rule("quantity.main"))
    True
    >>> "37.30亿" in pump_units(quantity.rule("quantity.range"), quantity)
    True
    """
    units: list[str] = []
    for example in rule.examples:
        found = example.match or _first_match(rule, example.text) or example.text
        units += [example.text, found, found[:-1], found[:1]]
    if rule_file is not None:
        units += _fragment_units(rule, rule_file)
    units += _SEPARATORS
    seen: dict[str, str] = {}
    for unit in units:
        if unit:
            seen.setdefault(_DIGITS.sub("0", unit), unit)
    return list(seen.values())


def _fragment_units(rule: Rule, rule_file: RuleFile) -> list[str]:
    """The longest text each fragment used by ``rule`` matches in the file's examples."""
    texts = list(dict.fromkeys(e.text for r in rule_file.rules for e in r.examples))
    units = []
    for fragment in rule_file.fragments.values():
        if len(fragment) < _MIN_FRAGMENT or fragment not in rule.pattern:
            continue
        try:
            pattern = compiled(fragment)
        except regex.error:  # a fragment that is not a pattern on its own (an unbalanced part)
            continue
        shapes: dict[str, str] = {}
        for text in texts:
            for match in pattern.finditer(text):
                if len(match.group(0)) > 1:
                    shapes.setdefault(_RUNS_OF_DIGITS.sub("0", match.group(0)), match.group(0))
        units += [shapes[k] for k in sorted(shapes, key=lambda k: (-len(k), k))[:_PER_FRAGMENT]]
    return units


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
    A screen whose long run was stopped twice at its cap (10 × the limit) has failed already.
    """
    screen = _ratio(rule, rule_file, unit, small // 10, small, runs=2)
    if screen.ratio <= _SCREEN or screen.ratio == float("inf"):  # clearly linear, or clearly not
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
            # wall time, generous: a loaded machine stretches wall time, not CPU time
            cap = min(_CAP, max(0.2, 10 * limit * max(t_small, _FLOOR)))
            t_large = min(t_large, _scan_time(rule, large_text, large_spans, cap))
            if max(t_large, _FLOOR) / max(t_small, _FLOOR) <= limit:
                break
    # a small run over its cap is super-linear too (or hopelessly slow): fail it
    ratio = float("inf") if t_large == float("inf") else max(t_large, _FLOOR) / max(t_small, _FLOOR)
    return PumpResult(rule.id, unit, t_small, t_large, ratio, limit, small, large)


def iter_pumps(rule_file: RuleFile, rule: Rule) -> Iterator[PumpResult]:
    """Pump one rule with each of its units."""
    for unit in pump_units(rule, rule_file):
        yield pump_ratio(rule, rule_file, unit)


def check_pumps(rules: RuleSet, names: Iterable[str] | None = None, rule_cap: float = RULE_CAP) -> list[PumpResult]:
    """The worst pumped unit of every rule (each rule's first failure, else its highest ratio).

    A rule whose units take more than ``rule_cap`` wall seconds in all is stopped
    there and reported as failed (``capped``): the check stays fast, and a rule that
    slow on a few 100k-character texts is too slow for a 2M-character page anyway.
    """
    results = []
    for name, rule_file in rules.files.items():
        if names is not None and name not in names:
            continue
        for rule in rule_file.rules:
            results.append(_worst(rule_file, rule, rule_cap))
    return results


def _worst(rule_file: RuleFile, rule: Rule, rule_cap: float) -> PumpResult:
    deadline = time.perf_counter() + rule_cap
    worst = PumpResult(rule.id, "", 0.0, 0.0, 0.0)
    for result in iter_pumps(rule_file, rule):
        if result.ratio > worst.ratio or not worst.unit:
            worst = result
        if result.failed:
            break
        if time.perf_counter() > deadline:
            return dataclasses.replace(result, ratio=float("inf"), capped=True)
    return worst


def describe(result: PumpResult) -> str:
    """One line for ``rules check``: rule, verdict, ratio, the unit pumped.

    >>> describe(PumpResult("quantity.main", "37.30亿", 0.5, float("inf"), float("inf")))
    "quantity.main: t(100k)/t(10k) > 25 (stopped at its cap) pumping '37.30亿'"
    """
    if result.capped:
        return f"{result.rule_id}: over its {RULE_CAP:g} s cap for the whole pump check, at {result.unit!r}"
    verdict = ratio_verdict(result.ratio, result.limit, result.small_len, result.large_len)
    return f"{result.rule_id}: {verdict} pumping {result.unit!r}"


def ratio_verdict(ratio: float, limit: float, small: int, large: int) -> str:
    """A pump's ratio against its limit, in words (this check's and the whole parse's).

    >>> ratio_verdict(10.5, 12, 10_000, 100_000)
    't(100k)/t(10k) = 10.5 (limit 12)'
    """
    sizes = f"t({large // 1000}k)/t({small // 1000}k)"
    if ratio == float("inf"):
        return f"{sizes} > {limit:g} (stopped at its cap)"
    return f"{sizes} = {ratio:.1f} (limit {limit:g})"
