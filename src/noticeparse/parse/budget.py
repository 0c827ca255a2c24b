"""A time budget per notice: one hostile page becomes an error row, and the worker goes on.

``time_budget(seconds)`` arms a ``SIGALRM`` timer (``signal.setitimer``) around one
notice; when it fires, ``NoticeTimeout`` is raised inside the parse, including inside
a long ``regex`` match (the ``regex`` module checks for signals while it matches).
Where there is no such timer (Windows) or the code does not run on the main thread
(Dask runs tasks on threads), the block runs without a budget.

The budget is a setting (``Settings.notice_timeout``, ``--notice-timeout``): the settings
object goes to every worker with its tasks, so nothing is passed through the environment.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["NoticeTimeout", "time_budget"]


class NoticeTimeout(BaseException):
    """A notice took longer than its budget.

    Not an ``Exception``: the stages that turn their own failures into E200 issues must
    not swallow it, as they do not swallow Ctrl-C.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"parsing took longer than the {seconds:g} s budget per notice")
        self.seconds = seconds


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``NoticeTimeout`` in the block once it has run ``seconds`` (wall time).

    A timer that is already armed (an outer budget) is left alone: the block then
    runs under the outer one.

    >>> with time_budget(5):
    ...     sum(range(10))
    45
    """
    if not seconds or not _can_interrupt() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        raise NoticeTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
