"""The time budget per notice (issue 12): a notice over it is an E201 error row, the batch goes on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import regex

from noticeparse.batch import BatchOptions, run_batch
from noticeparse.errors import CODES
from noticeparse.parse import notice as notice_module
from noticeparse.parse.budget import ENV, NoticeTimeout, budget_configured, notice_budget, time_budget
from noticeparse.rules import load_rules
from noticeparse.store.query import connect

pytestmark = pytest.mark.slow  # timing loops or real processes: not in `make test-fast`

NOTICE = "关于巡察整改情况的通报\n2021年8月5日至2021年9月8日，市委第二巡察组对新区进行了巡察，发现问题32项。\n"


def _spin(seconds: float) -> None:
    """Pure-Python work (no sleep): only an interrupt stops it early."""
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        pass


def test_budget_interrupts_python_code():
    started = time.perf_counter()
    with pytest.raises(NoticeTimeout), time_budget(0.2):
        _spin(5)
    assert time.perf_counter() - started < 4


def test_budget_interrupts_a_long_regex_match():
    quadratic = regex.compile(r"[0-9０-９]+[.．][0-9０-９]+")  # the old segment.decimal
    started = time.perf_counter()
    with pytest.raises(NoticeTimeout), time_budget(0.2):
        list(quadratic.finditer("0" * 300_000))  # minutes without the budget
    assert time.perf_counter() - started < 4


def test_budget_is_disarmed_after_the_block():
    with time_budget(0.2):
        pass
    _spin(0.4)  # no NoticeTimeout after the block


@pytest.mark.parametrize(("value", "expected"), [("2.5", 2.5), ("0", None), ("", 60.0), ("soon", 60.0)])
def test_budget_from_environment(monkeypatch, value, expected):
    monkeypatch.setenv(ENV, value)
    assert notice_budget() == expected


def test_configured_restores_the_environment(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    with budget_configured(3):
        assert notice_budget() == 3.0
    assert notice_budget() == 60.0


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "worker-processes"])
def test_batch_turns_a_slow_notice_into_an_error_row_and_goes_on(tmp_path: Path, monkeypatch, workers: int):
    """With 2 workers the forked processes inherit both the patch and the budget of the run."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "fast.txt").write_text(NOTICE, encoding="utf-8")
    (src / "slow.txt").write_text(NOTICE + "慢", encoding="utf-8")
    real = notice_module.parse_bytes

    def slow_parse(data: bytes, options=None):
        if options is not None and (options.source or "").endswith("slow.txt"):
            _spin(6)  # a deliberately slow input: over the 0.3 s budget
        return real(data, options)

    monkeypatch.setattr(notice_module, "parse_bytes", slow_parse)
    options = BatchOptions(workers=workers, progress=False, notice_timeout=0.3)
    summary = run_batch([str(src)], tmp_path / "out", rules=load_rules(), options=options)
    assert [(e["code"], Path(e["source"]).name) for e in summary.errors] == [("E201", "slow.txt")]
    assert summary.notices == 2
    con = connect(tmp_path / "out")
    assert con.execute("SELECT count(*) FROM notices WHERE source LIKE '%fast.txt'").fetchone() == (1,)
    assert "E201" in CODES
