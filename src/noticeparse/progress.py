"""Progress of a long command on stderr: one redrawn line on a terminal, periodic lines in a log.

On a terminal the status line is redrawn at most 5 times a second; when stderr is a
file or a pipe (a cron job, ``nohup``, CI) a full line is written every ``interval``
seconds and at the end, so a log shows the run moving. ``enabled=False`` is silent.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["LOG_INTERVAL", "Progress", "Ticker"]

LOG_INTERVAL = 10.0  # seconds between lines when not on a terminal


class Ticker:
    """Writes a status line now and then: redrawn on a terminal, appended in a log."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None,
                 interval: float = LOG_INTERVAL) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = True if enabled is None else enabled
        self.interval = 0.2 if self.tty else interval
        self.started = self._last = time.perf_counter()
        self._drawn = False

    def tick(self, line: Callable[[], str], force: bool = False) -> None:
        """Write ``line()`` when the interval has passed (or ``force``)."""
        now = time.perf_counter()
        if not self.enabled or (not force and now - self._last < self.interval):
            return
        self._last = now
        self.stream.write(("\r" + line()) if self.tty else line() + "\n")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End a redrawn line."""
        if self.enabled and self.tty and self._drawn:
            self.stream.write("\n")
            self.stream.flush()


class Progress:
    """Counts done items of a known total; shows a bar, counts, rate and ETA."""

    def __init__(self, total: int, label: str = "notices", stream: TextIO | None = None,
                 enabled: bool | None = None, interval: float = LOG_INTERVAL) -> None:
        self.total, self.label, self.done = total, label, 0
        self.ticker = Ticker(stream, enabled, interval)
        self.started = self.ticker.started

    def advance(self, n: int = 1) -> None:
        """Record ``n`` more items done."""
        self.done += n
        self.ticker.tick(self.line, force=self.done >= self.total)

    def line(self, now: float | None = None) -> str:
        """The status line: bar, counts, rate and ETA.

        >>> p = Progress(10, enabled=False); p.started -= 2; p.advance(5); p.line(p.started + 2)
        '[############............] 5/10 notices  2.5/s  ETA 0:00:02'
        """
        elapsed = max((now or time.perf_counter()) - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        eta = f"{int(left // 3600)}:{int(left % 3600 // 60):02d}:{int(left % 60):02d}"
        return f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.label}  {rate:.1f}/s  ETA {eta}"

    def close(self) -> None:
        """End the status line."""
        self.ticker.close()
