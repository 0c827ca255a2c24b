"""Parse many inputs into one set of Parquet tables, with progress and a summary."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse.errors import NoticeError
from noticeparse.io_parquet import write_tables
from noticeparse.pipeline import failed_notice, parse_bytes
from noticeparse.records import Notice
from noticeparse.rules import RuleSet
from noticeparse.sources import RawInput, iter_inputs
from noticeparse.tables import collect_rows


@dataclass
class Summary:
    """What a run did: rows per table, errors, time."""

    outdir: Path
    notices: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """True when an input could not be parsed (E-codes; W-codes are warnings)."""
        return any(e["code"].startswith("E") for e in self.errors)

    def render(self) -> str:
        """A plain-text table for the terminal."""
        lines = [f"{'table':<12} {'rows':>7}", f"{'-' * 12} {'-' * 7}"]
        lines += [f"{name:<12} {count:>7}" for name, count in self.counts.items()]
        by_code = Counter(e["code"] for e in self.errors)
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(by_code.items())) or "none"
        lines.append(f"{self.notices} inputs in {self.seconds:.2f}s; errors: {codes}")
        lines.append(f"output: {self.outdir}")
        return "\n".join(lines)


def parse_input(item: RawInput, rules: RuleSet) -> Notice:
    """Parse one input; never raises (a failure becomes the notice's error)."""
    if item.error is not None:
        return failed_notice(item.source, item.error)
    if item.data is None:
        return failed_notice(item.source, NoticeError("E100", "no data"))
    return parse_bytes(item.data, source=item.source, rules=rules, kind=item.kind)


def _progress(done: int, started: float, enabled: bool) -> None:
    if enabled and done % 50 == 0:
        rate = done / max(time.perf_counter() - started, 1e-9)
        print(f"\r{done} notices, {rate:.1f}/s", end="", file=sys.stderr, flush=True)


def parse_paths(paths: Iterable[str], outdir: Path, *, rules: RuleSet, progress: bool = True) -> Summary:
    """Parse every input under ``paths`` and write the tables to ``outdir``."""
    started = time.perf_counter()
    notices = []
    for item in iter_inputs(paths):
        notices.append(parse_input(item, rules))
        _progress(len(notices), started, progress and sys.stderr.isatty())
    tables = collect_rows(notices, rules.sha256)
    counts = write_tables(outdir, tables, rules.sha256)
    return Summary(outdir, len(notices), counts, tables.get("errors", []), time.perf_counter() - started)
