"""What the batch fault tests share: short notices written to a folder, the step driver, the child environment."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"
DRIVER = Path(__file__).with_name("step_driver.py")  # stops a command at a commit step (see there)
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}  # a child process runs this checkout's package
NOTICE = "关于整改的通报\n一、总体情况\n2021年8月5日,市委第二巡察组进驻,发现问题{n}项,整改资金{n}万元。\n"


def write_notices(folder: Path, count: int, start: int = 0) -> Path:
    """``count`` short notices ``n000.txt`` … in ``folder`` (numbered from ``start``); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (folder / f"n{n:03d}.txt").write_text(NOTICE.format(n=n + 1), encoding="utf-8")
    return folder
