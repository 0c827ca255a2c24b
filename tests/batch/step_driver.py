"""Run a noticeparse command that stops at one commit step: the fault tests' seam, no timing involved.

    python step_driver.py kill STEP N -- batch SRC -o OUT ...     SIGKILL itself the N-th time STEP is reached
    python step_driver.py pause STEP FLAG -- batch SRC -o OUT ... at STEP, create FLAG.reached and wait for FLAG
    python step_driver.py count - FILE -- batch SRC -o OUT ...    write how often each step was reached to FILE

Steps are those of ``noticeparse.store.commit_step`` (part, bucket, table, staged, snapshot,
current, links, pruned, work-cleared).
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path


def _kill_at(step: str, nth: int) -> None:
    from noticeparse.store import add_step_hook

    seen = [0]

    def hook(name: str) -> None:
        if name == step:
            seen[0] += 1
            if seen[0] == nth:
                os.kill(os.getpid(), signal.SIGKILL)

    add_step_hook(hook)


def _pause_at(step: str, flag: Path) -> None:
    from noticeparse.store import add_step_hook

    def hook(name: str) -> None:
        if name == step and not flag.exists():
            flag.with_suffix(".reached").touch()
            deadline = time.monotonic() + 300  # a bound, so a broken test cannot hang forever
            while not flag.exists() and time.monotonic() < deadline:
                time.sleep(0.02)

    add_step_hook(hook)


def _count_into(target: Path) -> None:
    from noticeparse.store import add_step_hook

    counts: Counter[str] = Counter()
    add_step_hook(lambda name: counts.update([name]))
    atexit.register(lambda: target.write_text(json.dumps(counts), encoding="utf-8"))


def main(argv: list[str]) -> None:
    mode, step, arg, separator, *command = argv
    assert separator == "--", argv
    if mode == "kill":
        _kill_at(step, int(arg))
    elif mode == "count":
        _count_into(Path(arg))
    else:
        _pause_at(step, Path(arg))
    from noticeparse.cli import main as cli

    cli(command)


if __name__ == "__main__":
    main(sys.argv[1:])
