"""Parse many inputs: a one-shot ``parse`` into single files, and an incremental ``batch``.

``run_batch`` spreads inputs over buckets (see ``archive``), parses only the buckets
whose inputs, parser or rules changed, on local processes or a Dask cluster, and
writes Hive-partitioned parts (``OUT/<table>/pub_year=YYYY/part-bNNN-cNNNN-<fp>.parquet``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse import PARSER_VERSION
from noticeparse.archive import ArchiveState, Plan
from noticeparse.budget import NoticeTimeout, configured, notice_budget, time_budget
from noticeparse.engines import CHUNK, run_dask, run_local
from noticeparse.errors import NoticeError
from noticeparse.io_parquet import remove_parts, remove_temp_files, write_part, write_tables
from noticeparse.pipeline import failed_notice, parse_bytes
from noticeparse.progress import Progress
from noticeparse.records import Notice, ParseIssue
from noticeparse.rules import RuleSet
from noticeparse.schema import TABLES
from noticeparse.sources import RawInput, iter_inputs
from noticeparse.tables import collect_rows


@dataclass
class Summary:
    """What a run did: notices, rows per table, errors by code, time."""

    outdir: Path
    notices: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    skipped: int = 0

    @property
    def failed(self) -> bool:
        """True when an input could not be parsed (E-codes; W-codes are warnings)."""
        return any(str(e["code"]).startswith("E") for e in self.errors)

    def render(self) -> str:
        """A plain-text table for the terminal."""
        lines = [f"{'table':<12} {'rows':>7}", f"{'-' * 12} {'-' * 7}"]
        names = [*TABLES, *(n for n in self.counts if n not in TABLES)]
        lines += [f"{name:<12} {self.counts.get(name, 0):>7}" for name in names]
        by_code = Counter(str(e["code"]) for e in self.errors)
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(by_code.items())) or "none"
        skipped = f", {self.skipped} unchanged" if self.skipped else ""
        lines.append(f"{self.notices} inputs parsed{skipped} in {self.seconds:.2f}s; errors: {codes}")
        lines.append(f"output: {self.outdir}")
        return "\n".join(lines)


def parse_input(item: RawInput, rules: RuleSet) -> Notice:
    """Parse one input; never raises (a failure becomes the notice's error)."""
    if item.error is not None:
        return failed_notice(item.source, item.error)
    if item.data is None:
        return failed_notice(item.source, NoticeError("E100", "no data"))
    try:
        with time_budget(notice_budget()):
            notice = parse_bytes(item.data, source=item.source, rules=rules, kind=item.kind,
                                 declared_encoding=item.declared_encoding, url=item.url, appendix=item.attachment_text)
    except NoticeTimeout as exc:
        digest = hashlib.sha256(item.data).hexdigest()  # the same notice id as a parse would give
        return failed_notice(item.source, NoticeError("E201", str(exc)), sha256=digest, stage="parse")
    if item.attachment_issues:
        extra = tuple(ParseIssue("attachment", code, f"{url}: {message}") for code, message, url in item.attachment_issues)
        notice = dataclasses.replace(notice, issues=notice.issues + extra)
    return notice


def parse_paths(paths: Iterable[str], outdir: Path, *, rules: RuleSet, progress: bool = True) -> Summary:
    """Parse every input under ``paths`` into single files ``outdir/<table>.parquet``."""
    started = time.perf_counter()
    items = list(iter_inputs(paths))
    bar = Progress(len(items), enabled=None if progress else False)
    notices = []
    for item in items:
        notices.append(parse_input(item, rules))
        bar.advance()
    bar.close()
    tables = collect_rows(notices, rules.sha256, rules)
    counts = write_tables(outdir, tables, rules.sha256)
    return Summary(outdir, len(notices), counts, tables.get("errors", []), time.perf_counter() - started)


@dataclass
class BatchOptions:
    """How ``run_batch`` runs: engine, workers, Dask scheduler, bucket count, progress, seconds per notice."""

    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    buckets: int | None = None
    progress: bool = True
    notice_timeout: float | None = None  # None: $NOTICEPARSE_NOTICE_TIMEOUT or budget.DEFAULT_SECONDS; 0: none


def run_batch(sources: Iterable[str], outdir: Path, *, rules: RuleSet, options: BatchOptions | None = None) -> Summary:
    """Parse what changed under ``sources`` into the partitioned dataset ``outdir``."""
    options = options or BatchOptions()
    started = time.perf_counter()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    remove_temp_files(outdir)
    # a new bucket count: every bucket is parsed again; the budget reaches the worker processes
    with ArchiveState(outdir, options.buckets) as state, configured(options.notice_timeout):
        state.scan(sources)
        plan = state.plan(PARSER_VERSION, rules.sha256)
        for bucket in plan.gone:  # buckets whose inputs are all gone
            remove_parts(outdir, bucket, keep=None)
            state.forget(bucket)
        summary = Summary(outdir, skipped=plan.unchanged)
        _parse_changed(state, plan, rules, options, summary)
        summary.errors += _earlier_errors(state, set(plan.changed))
    summary.seconds = time.perf_counter() - started
    return summary


def _parse_changed(state: ArchiveState, plan: Plan, rules: RuleSet, options: BatchOptions, summary: Summary) -> None:
    """Parse the changed buckets chunk by chunk; record each bucket in the state as it completes."""
    outdir = summary.outdir
    bar = Progress(plan.to_parse, enabled=None if options.progress else False)
    tasks = state.tasks(plan.changed, CHUNK)  # lazily, one bucket's paths at a time
    root = str(rules.root)
    results = (run_dask(tasks, root, options.scheduler) if options.engine == "dask" and options.scheduler
               else run_local(tasks, root, options.workers))
    chunks_left = {bucket: -(-plan.counts[bucket] // CHUNK) for bucket in plan.changed}
    codes: dict[int, Counter[str]] = {}
    for bucket, chunk, tables, count in results:
        fp = plan.fingerprints[bucket]
        for (name, year), table in sorted(tables.items()):
            write_part(outdir, name, year, bucket, fp, table, chunk)
            summary.counts[name] = summary.counts.get(name, 0) + table.num_rows
            if name == "errors":
                summary.errors += table.to_pylist()
                codes.setdefault(bucket, Counter()).update(table.column("code").to_pylist())
        chunks_left[bucket] -= 1
        if not chunks_left[bucket]:  # the bucket is complete: drop its old parts, remember it
            remove_parts(outdir, bucket, keep=fp)
            state.finish(bucket, fp, dict(codes.pop(bucket, {})))  # committed: a killed run resumes from here
        summary.notices += count
        bar.advance(count)
    bar.close()


def _earlier_errors(state: ArchiveState, parsed: set[int]) -> list[dict[str, Any]]:
    """Error codes of unchanged buckets, so a run with nothing to do still reports them."""
    return [
        {"code": code, "source": f"(bucket {bucket}, earlier run)", "message": "", "stage": ""}
        for bucket, errors in state.bucket_errors() if bucket not in parsed
        for code, n in errors.items() for _ in range(n)
    ]


def print_summary(summary: Summary) -> None:
    """Print a run's summary to stdout and its errors to stderr."""
    print(summary.render())
    for error in summary.errors[:50]:
        print(f"error {error['code']} {error['source']}: {error['message']}", file=sys.stderr)
