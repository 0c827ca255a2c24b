"""The pump check on the whole parse: a notice's parse time grows linearly with its size (issue 28).

``extract.pump`` times each rule alone on texts pumped from its examples. A parse can still
grow faster than its text where the code meets the rules: a name's occurrences read again
for every candidate, a sentence's end searched from every quantity in it, a list's captures
copied for each of its dates, a stylesheet pattern that counts an element's siblings. Here the
whole parse (page text, chrome, the parse plan, the segmenter) is timed on pumped inputs:

- ``SHAPES``, the shapes of hostile text the issue names, at ``SMALL`` and ``LARGE``
  characters: dense date lists, mixed units, percentages, long tables, paragraph runs;
- ``PAGES``, HTML pages of ``SMALL`` and ``LARGE`` elements (paragraphs, table rows);
- every rule's first example (one per shape of digits), screened at a tenth of those sizes
  and timed at full size only when the screen is not clearly linear.

A unit fails when t(large)/t(small) passes ``MAX_RATIO`` (for 10× the input; linear is 10,
quadratic 100), when the large run passes its wall-time cap (a timer stops it), or when the
parse rejects the pumped input (an error row measures no parsing). Times are CPU seconds,
the best of a few runs; only ratios are compared, never a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

import regex

from noticeparse.extract import pump_verdict
from noticeparse.parse.budget import NoticeTimeout, time_budget
from noticeparse.parse.notice import parse_bytes, parse_text
from noticeparse.parse.options import ParseOptions
from noticeparse.rules import RuleError, RuleSet
from noticeparse.settings import Settings

__all__ = [
    "LARGE", "MAX_RATIO", "PAGES", "SHAPES", "SMALL", "PumpUnit", "WholePump", "iter_whole_pumps", "parser",
    "pump_units", "whole_ratio",
]

SMALL = 10_000
LARGE = 100_000
MAX_RATIO = 12.0  # for 10× the input: 10 is linear, 12 leaves room for noise; n^1.1 is 12.6, n² is 100
_SCREEN = 14.0  # a screen (a tenth of both sizes) up to this is clearly linear: no full-size run
_SCREEN_MIN = 5e-3  # CPU seconds: a screen's small run shorter than this is too short to judge by
_FLOOR = 1e-3  # CPU seconds below this are call overhead, not parsing
_LARGE_RUNS = 3  # a large run is repeated only while the ratio is over the limit (noise on a shared machine)
_CAP_MARGIN = 4.0  # the large run may take this many times its linear share of wall time before it is stopped
_MIN_CAP = 3.0  # seconds: never stop a large run sooner
_DIGITS = regex.compile(r"\d")
_REJECTED = ("E1", "E200")  # input refused before parsing (caps, empty, binary), or an extractor that failed

SHAPES = {
    "dense dates": "2021年8月5日、",
    "mixed units": "120万元3.5亩12人",
    "percentages": "98.5%、",
    "long table": "1\t市委第二巡察组\t整改完成\t2021年8月5日\n",
    "paragraph run": "根据市委统一部署，市委第二巡察组对新区进行了巡察，发现问题32个。\n",
}
PAGES = {  # one unit of elements and how many elements it holds; a page is counted in elements
    "paragraph elements": ("<p>巡察发现问题32个。</p>", 1),
    "table row elements": ("<tr><td>1</td><td>市委第二巡察组</td><td>2021年8月5日</td></tr>", 4),
}
_PAGE_HEAD = '<html><head><meta charset="utf-8"><title>关于整改情况的通报</title></head><body><div>'
_PAGE_TAIL = "</div></body></html>"
_HEAD_ELEMENTS = len(regex.findall(r"<[a-z]", _PAGE_HEAD))  # html, head, meta, title, body, div


@dataclass(frozen=True, slots=True)
class PumpUnit:
    """One input shape: its label (a shape's name or a rule id), its unit, and its elements if HTML."""

    label: str
    unit: str
    elements: int = 0  # elements in one unit of a page; 0 for text

    def build(self, size: int) -> bytes | str:
        """The pumped input: ``size`` characters of text, or a page of ``size`` elements in all.

        >>> len(PumpUnit("x", "2021年、").build(100))
        100
        >>> len(regex.findall(rb"<[a-z]", PumpUnit("p", "<p>一</p>", 1).build(10)))  # start tags
        10
        """
        if self.elements:
            units = max(1, (size - _HEAD_ELEMENTS) // self.elements)
            return (_PAGE_HEAD + self.unit * units + _PAGE_TAIL).encode("utf-8")
        return (self.unit * (size // len(self.unit) + 1))[:size]

    @property
    def measure(self) -> str:
        return "elements" if self.elements else "chars"


@dataclass(frozen=True, slots=True)
class WholePump:
    """One unit's whole parse at two sizes: CPU seconds, their ratio, and the verdict's limit."""

    unit: PumpUnit
    small: float
    large: float
    ratio: float
    limit: float
    small_size: int
    large_size: int
    rejected: str = ""  # the error code when the parse made an error row of a pumped input
    screened: bool = False  # judged at a tenth of the sizes only (clearly linear there)

    @property
    def failed(self) -> bool:
        return bool(self.rejected) or self.ratio > self.limit

    def describe(self) -> str:
        """One line: unit, ratio and limit, what was pumped.

        >>> WholePump(PumpUnit("percentages", "98.5%、"), 0.2, 2.1, 10.5, 12.0, 10_000, 100_000).describe()
        "percentages: t(100k)/t(10k) = 10.5 (limit 12) pumping '98.5%、' (chars)"
        """
        what = f"pumping {self.unit.unit!r} ({self.unit.measure})"
        if self.rejected:
            return f"{self.unit.label}: the parse rejected the pumped input ({self.rejected}) {what}"
        return f"{self.unit.label}: {pump_verdict(self.ratio, self.limit, self.small_size, self.large_size)} {what}"


def pump_units(rules: RuleSet, *, with_rules: bool = True) -> list[PumpUnit]:
    """The shapes, the pages and (``with_rules``) each rule's first example, one per shape of digits.

    >>> from noticeparse.rules import load_rules
    >>> [u.label for u in pump_units(load_rules(), with_rules=False)][:3]
    ['dense dates', 'mixed units', 'percentages']
    """
    units = [PumpUnit(name, unit) for name, unit in SHAPES.items()]
    units += [PumpUnit(name, unit, elements) for name, (unit, elements) in PAGES.items()]
    if with_rules:
        seen = {_DIGITS.sub("0", u.unit) for u in units}
        for rule_file in rules.files.values():
            for rule in rule_file.rules:
                if rule.examples and (shape := _DIGITS.sub("0", rule.examples[0].text)) not in seen:
                    seen.add(shape)
                    units.append(PumpUnit(rule.id, rule.examples[0].text))
    return units


Parse = Callable[[bytes | str], tuple[str, ...]]


def parser(rules: RuleSet) -> Parse:
    """The whole parse of text or page bytes, without a budget; it returns the notice's codes of a rejection.

    ``RuleError`` when ``rules`` cannot parse a notice (a folder of one's own rule files only).

    A notice that is all chrome (E300) was parsed: only a refused input or a failed extractor
    (``_REJECTED``) makes a pump measure nothing.
    """
    options = ParseOptions(rules=rules, settings=Settings(rules_root=rules.root, notice_timeout=None))

    def parse(data: bytes | str) -> tuple[str, ...]:
        notice = parse_bytes(data, options) if isinstance(data, bytes) else parse_text(data, options)
        return tuple(issue.code for issue in notice.issues if issue.code.startswith(_REJECTED))

    # the segmenter's dictionary and lazily compiled patterns load once, outside any timing
    if failed := parse("热身。"):  # a rules folder without all the files a parse reads
        raise RuleError(f"a parse with the rules under {rules.root} fails ({', '.join(failed)})")
    return parse


def _cpu(parse: Parse, data: bytes | str, cap: float | None = None) -> tuple[float, tuple[str, ...]]:
    """CPU seconds of one parse and its error codes; ``inf`` when it passes ``cap`` wall seconds."""
    start = time.process_time()
    try:
        with time_budget(cap):
            errors = parse(data)
    except NoticeTimeout:
        return float("inf"), ()
    return time.process_time() - start, errors


def whole_ratio(unit: PumpUnit, parse: Parse, small: int = SMALL, large: int = LARGE) -> WholePump:
    """t(large)/t(small) of the whole parse of ``unit`` (CPU time; best of two small runs and of up to three large).

    The large run is stopped at ``_CAP_MARGIN`` times its linear share of wall time (at
    least ``_MIN_CAP`` seconds): a quadratic path costs the check seconds, not minutes.
    """
    small_data, large_data = unit.build(small), unit.build(large)
    limit = MAX_RATIO * (large / small) / 10
    runs = [_cpu(parse, small_data) for _ in range(2)]
    t_small, errors = min(t for t, _e in runs), runs[0][1]
    cap = max(_MIN_CAP, _CAP_MARGIN * limit * t_small)
    t_large = float("inf")
    for _ in range(_LARGE_RUNS):
        seconds, large_errors = _cpu(parse, large_data, cap)
        t_large, errors = min(t_large, seconds), errors or large_errors
        if t_large == float("inf") or max(t_large, _FLOOR) / max(t_small, _FLOOR) <= limit:
            break  # stopped at the cap (a second run would be stopped too), or linear
    ratio = float("inf") if t_large == float("inf") else max(t_large, _FLOOR) / max(t_small, _FLOOR)
    return WholePump(unit, t_small, t_large, ratio, limit, small, large, ",".join(dict.fromkeys(errors)))


def iter_whole_pumps(rules: RuleSet, units: Iterable[PumpUnit] | None = None, *, screen: bool = True,
                     small: int = SMALL, large: int = LARGE, parse: Parse | None = None) -> Iterator[WholePump]:
    """The whole-parse pump of each unit: shapes and pages at full size, rule examples screened first.

    A rule example whose screen (a tenth of both sizes) is up to ``_SCREEN``, with a small run
    long enough to judge by, is clearly linear and reported with the screen's ratio; any other
    is timed at ``small`` and ``large``.
    """
    parse = parse or parser(rules)
    for unit in units if units is not None else pump_units(rules):
        if screen and unit.label not in SHAPES and unit.label not in PAGES:
            first = whole_ratio(unit, parse, small // 10, small)
            if first.rejected or (first.ratio <= _SCREEN and first.small >= _SCREEN_MIN):
                yield replace(first, limit=_SCREEN, screened=True)
                continue
        yield whole_ratio(unit, parse, small, large)

