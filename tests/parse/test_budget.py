"""The time budget per notice (issue 12): a notice over it is an E201 error row, the batch goes on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import regex

from noticeparse.batch import BatchOptions, run_batch
from noticeparse.errors import CODES
from noticeparse.parse import notice as notice_module
from noticeparse.parse.budget import NoticeTimeout, time_budget
from noticeparse.settings import Settings
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


@pytest.mark.parametrize(("value", "expected"), [(2.5, 2.5), (0, None), (None, None), (60, 60.0)])
def test_budget_is_a_setting(monkeypatch, value, expected):
    monkeypatch.setenv("NOTICEPARSE_NOTICE_TIMEOUT", "1")  # the library never reads the environment
    assert Settings(notice_timeout=value).budget == expected
    assert Settings().budget == 60.0

@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "worker-processes"])
def test_batch_turns_a_slow_notice_into_an_error_row_and_goes_on(tmp_path: Path, monkeypatch, workers: int):
    """With 2 workers the forked processes inherit the patch; the budget goes to them in the run's settings."""
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
    options = BatchOptions(workers=workers, progress=False)
    summary = run_batch([str(src)], tmp_path / "out", settings=Settings(notice_timeout=0.3), options=options)
    assert [(e["code"], Path(e["source"]).name) for e in summary.errors] == [("E201", "slow.txt")]
    assert summary.notices == 2
    con = connect(tmp_path / "out")
    assert con.execute("SELECT count(*) FROM notices WHERE source LIKE '%fast.txt'").fetchone() == (1,)
    assert "E201" in CODES
