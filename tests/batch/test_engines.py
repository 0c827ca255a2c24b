"""A scheduler address where something else listens is one line, before anything is written (issue 26).

Real TCP servers on the loopback: one that answers like an SSH server (``distributed`` once failed
deep in its protocol with a 50-line traceback, trying to allocate exabytes for a frame), and one
that accepts and says nothing (``distributed`` waited for its handshake for ever).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.batch import SchedulerError
from noticeparse.batch.engines import connect_scheduler
from noticeparse.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"


def _serve(reply: bytes | None) -> Iterator[str]:
    """A loopback server that sends ``reply`` and closes (None: holds the connection, silent)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            if reply is None:
                held.append(conn)
            else:
                conn.sendall(reply)
                time.sleep(0.1)
                conn.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()


@pytest.fixture
def ssh_like() -> Iterator[str]:
    yield from _serve(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n" * 4)


@pytest.fixture
def silent() -> Iterator[str]:
    yield from _serve(None)


def test_a_service_that_answers_garbage_is_one_line(ssh_like: str) -> None:
    pytest.importorskip("distributed")
    with pytest.raises(SchedulerError, match=r"answers but is no Dask scheduler .*check the port") as caught:
        connect_scheduler(ssh_like, timeout=2)
    assert "\n" not in str(caught.value)


@pytest.mark.slow
def test_a_silent_service_is_one_line_after_the_timeout(silent: str) -> None:
    pytest.importorskip("distributed")
    started = time.monotonic()
    with pytest.raises(SchedulerError, match=r"accepts connections but is no Dask scheduler: no Dask handshake"):
        connect_scheduler(silent, timeout=0.5)
    assert time.monotonic() - started < 30


def test_batch_says_it_in_one_line_and_writes_nothing(ssh_like: str, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["batch", str(SAMPLES), "-o", str(out), "--engine", "dask",
                                     "--scheduler", ssh_like])
    assert done.exit_code == 1
    assert done.output.count("\n") == 1 and done.output.startswith(f"Error: {ssh_like} answers but is no Dask")
    assert not out.exists()
