"""The segmentation stages alone on the real pages: CPU seconds per stage, the least of three passes.

    python bench/segment_stages.py

The pages (those of ``bench/real_pages.py``) are parsed once without segmentation; then
each pass segments every notice with a fresh ``Segmenter`` (its memos empty, as a new
worker's) and builds the token rows, timed in CPU time with ``real_pages.stage_clock``.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_pages import real_pages, stage_clock  # the bench folder is no package

from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.rules import load_rules
from noticeparse.segment import Segmenter, segment_notice
from noticeparse.settings import Settings
from noticeparse.store.rows import notice_columns

PASSES = 3


def main() -> None:
    rules = load_rules()
    notices = [parse_bytes(f.read_bytes(), ParseOptions(source=str(f), rules=rules, settings=Settings(segment=False)))
               for f in real_pages()]
    best: dict[str, float] = {}
    for _ in range(PASSES):
        segmenter = Segmenter("jieba", rules)
        segmenter.warm()
        segmenter.cut("副部长李金早")  # jieba's tagger loads on the first unknown word: not a stage's cost
        with stage_clock() as clock:
            started = time.process_time()
            done = [dataclasses.replace(n, **dict(zip(("tokens", "terms", "topics"), segment_notice(n, rules, segmenter),
                                                      strict=True))) for n in notices]
            segmented = time.process_time()
            for notice in done:
                notice_columns(notice, rules.sha256)
            ended = time.process_time()
        seconds = dict(clock.seconds)
        seconds["segment: the rest (terms, topics, nodes)"] = segmented - started - sum(seconds.values())
        seconds["rows (notice_columns)"] = ended - segmented
        seconds["segment, all"] = segmented - started
        for stage, spent in seconds.items():
            best[stage] = min(best.get(stage, float("inf")), spent)
    chars = sum(len(n.text) for n in notices)
    print(f"{len(notices)} notices, {chars:,} chars; least CPU seconds of {PASSES} passes")
    for stage, spent in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<42} {spent:6.3f} s")


if __name__ == "__main__":
    main()
