"""Progress lines and batch option errors (issue 16).

Bugs caught: ``batch`` wrote nothing to a log when stderr was no terminal; ``--scheduler``
without ``--engine dask`` was ignored silently; a wrong scheduler gave a long traceback.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.batch import BatchOptions, OptionsError, SchedulerError
from noticeparse.batch.engines import connect_scheduler
from noticeparse.cli import main
from noticeparse.progress import Progress, Ticker

SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"


def test_progress_writes_whole_lines_to_a_log() -> None:
    log = io.StringIO()  # no terminal
    bar = Progress(3, stream=log, interval=0)
    for _ in range(3):
        bar.advance()
    bar.close()
    lines = log.getvalue().splitlines()
    assert len(lines) == 3 and "\r" not in log.getvalue()
    assert lines[-1].startswith("[" + "#" * 24 + "] 3/3 notices")


def test_progress_in_a_log_is_periodic_not_per_item() -> None:
    log = io.StringIO()
    bar = Progress(1000, stream=log, interval=3600)
    for _ in range(1000):
        bar.advance()
    assert len(log.getvalue().splitlines()) == 1  # only the final line: the interval never passed


def test_a_terminal_gets_one_redrawn_line() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    ticker = Ticker(out)
    for i in range(3):
        ticker.tick(lambda i=i: f"step {i}", force=True)
    ticker.close()
    assert out.getvalue() == "\rstep 0\rstep 1\rstep 2\n"


def test_disabled_progress_is_silent() -> None:
    log = io.StringIO()
    bar = Progress(2, stream=log, enabled=False, interval=0)
    bar.advance(2)
    bar.close()
    assert log.getvalue() == ""


@pytest.mark.parametrize(("options", "message"), [
    ({"scheduler": "tcp://127.0.0.1:8786"}, "--scheduler is used only with --engine dask"),
    ({"engine": "dask"}, "--engine dask needs --scheduler"),
    ({"engine": "dask", "scheduler": "tcp://127.0.0.1:8786", "workers": 2}, "--workers is for the local engine"),
    ({"engine": "dask", "scheduler": "127.0.0.1"}, "is not tcp://HOST:PORT"),
], ids=["scheduler-alone", "dask-without-scheduler", "workers-with-dask", "bad-address"])
def test_options_that_do_nothing_are_errors(options: dict[str, object], message: str, tmp_path: Path) -> None:
    with pytest.raises(OptionsError, match=message):
        BatchOptions(**options)  # type: ignore[arg-type]
    args = [f"--{k}={v}" for k, v in options.items()]
    done = CliRunner().invoke(main, ["batch", str(SAMPLES), "-o", str(tmp_path / "out"), *args])
    assert done.exit_code == 2 and message in done.output
    assert not (tmp_path / "out").exists()  # refused before anything is written


@pytest.mark.slow  # waits out a connection timeout
def test_no_scheduler_there_is_one_line() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(SchedulerError, match=r"no Dask scheduler answered at tcp://127\.0\.0\.1:9 within 1 s") as caught:
        connect_scheduler("tcp://127.0.0.1:9", timeout=1)
    assert "\n" not in str(caught.value)
