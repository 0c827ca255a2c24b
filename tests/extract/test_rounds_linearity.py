"""The rounds extractor's time is linear in the text (issue 28's end-to-end pump, for round refs and units).

Each unit is repeated to 10k and 100k characters and read by ``extract_rounds`` with its dates and
aliases; the CPU time ratio must stay under 12 for 10× the text (best of two runs; a ratio, never a
clock). The units pump what the extractor loops over: many names in one clause and across clauses,
many feedback dates, round phrases and 回头看 phrases, and a line with no sentence end.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from noticeparse.extract import extract_aliases, extract_dates, extract_rounds
from noticeparse.records import NoticeMeta
from noticeparse.rules import load_rules

pytestmark = pytest.mark.slow  # timing loops: not in `make test-fast`

RULES = load_rules()
LIMIT = 12.0
FLOOR = 1e-3

UNITS = [
    pytest.param("对县公安局、县审计局、石湍镇党委开展常规巡察；", id="inspected-lists"),
    pytest.param("12月15日第一巡察组向县审计局党委反馈，", id="per-unit-feedback"),
    pytest.param("石湍镇党委在十四届县委第四轮巡察后，", id="mention-subjects"),
    pytest.param("十四届市委第十四轮巡察“回头看”、巡察“回头看”", id="lookback-phrases"),
    pytest.param("市自然资源局东城分局（以下简称“东城分局”）", id="aliases-no-sentence-end"),
]


def _pumped(unit: str, length: int) -> str:
    return "关于十四届县委第十二轮巡察整改进展情况的通报\n" + (unit * (length // len(unit) + 1))[:length]


def _cpu(func: Callable[[], object]) -> float:
    start = time.process_time()
    func()
    return time.process_time() - start


@pytest.mark.parametrize("unit", UNITS)
def test_extract_rounds_time_grows_linearly(unit: str) -> None:
    inputs = {}
    for n in (10_000, 100_000):
        text = _pumped(unit, n)
        inputs[n] = (text, extract_dates(text, RULES), extract_aliases(text, RULES))

    def run(n: int) -> None:
        text, dates, aliases = inputs[n]
        extract_rounds(text, RULES, meta=NoticeMeta(title=text.split("\n")[0]), dates=dates, aliases=aliases)

    ratio = float("inf")
    for _ in range(2):
        small = min(_cpu(lambda: run(10_000)) for _ in range(2))
        ratio = min(ratio, max(_cpu(lambda: run(100_000)), FLOOR) / max(small, FLOOR))
        if ratio <= LIMIT:
            break
    assert ratio <= LIMIT, f"t(100k)/t(10k) = {ratio:.1f} for {unit!r}"
