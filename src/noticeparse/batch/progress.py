"""A terminal progress bar with rate and ETA (stderr; silent when not a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts done items of a known total and redraws one status line at most 5 times a second."""

    def __init__(self, total: int, label: str = "notices", stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = self._last = time.perf_counter()

    def advance(self, n: int = 1) -> None:
        """Record ``n`` more items done."""
        self.done += n
        now = time.perf_counter()
        if self.enabled and (now - self._last > 0.2 or self.done >= self.total):
            self._last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

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
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
