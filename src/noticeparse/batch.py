"""Parse many inputs: a one-shot ``parse`` into single files, and an incremental ``batch``.

``run_batch`` spreads inputs over buckets (see ``archive``), parses only the buckets
whose inputs, parser or rules changed, on local processes or a Dask cluster, and
writes Hive-partitioned parts (``OUT/<table>/pub_year=YYYY/part-bNNN-cNNNN-<fp>.parquet``).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse import PARSER_VERSION
from noticeparse.archive import ArchiveState, InputFile, bucket_of, fingerprint, scan_inputs
from noticeparse.engines import CHUNK, Task, run_dask, run_local
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
    notice = parse_bytes(item.data, source=item.source, rules=rules, kind=item.kind,
                         declared_encoding=item.declared_encoding, url=item.url, appendix=item.attachment_text)
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
    """How ``run_batch`` runs: engine, workers, Dask scheduler, bucket count, progress."""

    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    buckets: int | None = None
    progress: bool = True


def _plan(files: list[InputFile], state: ArchiveState, rules: RuleSet) -> tuple[list[Task], dict[int, str], int]:
    """Chunks of the buckets to parse (changed ones), every bucket's fingerprint, unchanged inputs."""
    members: dict[int, list[InputFile]] = {}
    for item in files:
        members.setdefault(bucket_of(item.source, state.buckets), []).append(item)
    prints = {b: fingerprint(items, PARSER_VERSION, rules.sha256) for b, items in members.items()}
    tasks: list[Task] = []
    unchanged = 0
    for bucket, items in sorted(members.items()):
        if state.fingerprints.get(str(bucket), {}).get("fp") == prints[bucket]:
            unchanged += len(items)
            continue
        sources = sorted(i.source for i in items)
        tasks += [(bucket, n, sources[i : i + CHUNK]) for n, i in enumerate(range(0, len(sources), CHUNK))]
    return tasks, prints, unchanged


def run_batch(sources: Iterable[str], outdir: Path, *, rules: RuleSet, options: BatchOptions | None = None) -> Summary:
    """Parse what changed under ``sources`` into the partitioned dataset ``outdir``."""
    options = options or BatchOptions()
    started = time.perf_counter()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    remove_temp_files(outdir)
    state = ArchiveState.load(outdir)
    if options.buckets and options.buckets != state.buckets:
        state = ArchiveState(buckets=options.buckets)  # a new layout: every bucket is parsed again
    files = scan_inputs(sources, state)
    tasks, prints, unchanged = _plan(files, state, rules)
    for bucket in {int(b) for b in state.fingerprints} - set(prints):  # buckets whose inputs are all gone
        remove_parts(outdir, bucket, keep=None)
        del state.fingerprints[str(bucket)]
    state.inputs = {f.source: {"size": f.size, "mtime_ns": f.mtime_ns, "sha256": f.sha256} for f in files}
    summary = Summary(outdir, skipped=unchanged)
    bar = Progress(sum(len(t[2]) for t in tasks), enabled=None if options.progress else False)
    root = str(rules.root)
    results = (run_dask(tasks, root, options.scheduler) if options.engine == "dask" and options.scheduler
               else run_local(tasks, root, options.workers))
    chunks_left = Counter(task[0] for task in tasks)
    codes: dict[int, Counter[str]] = {}
    for bucket, chunk, tables, count in results:
        for (name, year), table in sorted(tables.items()):
            write_part(outdir, name, year, bucket, prints[bucket], table, chunk)
            summary.counts[name] = summary.counts.get(name, 0) + table.num_rows
            if name == "errors":
                summary.errors += table.to_pylist()
                codes.setdefault(bucket, Counter()).update(table.column("code").to_pylist())
        chunks_left[bucket] -= 1
        if not chunks_left[bucket]:  # the bucket is complete: drop its old parts, remember it
            remove_parts(outdir, bucket, keep=prints[bucket])
            state.fingerprints[str(bucket)] = {"fp": prints[bucket], "errors": dict(codes.get(bucket, {}))}
            state.save(outdir)  # after every bucket: a killed run resumes from here
        summary.notices += count
        bar.advance(count)
    bar.close()
    state.save(outdir)
    summary.errors += _earlier_errors(state, {t[0] for t in tasks})
    summary.seconds = time.perf_counter() - started
    return summary


def _earlier_errors(state: ArchiveState, parsed: set[int]) -> list[dict[str, Any]]:
    """Error codes of unchanged buckets, so a run with nothing to do still reports them."""
    return [
        {"code": code, "source": f"(bucket {bucket}, earlier run)", "message": "", "stage": ""}
        for bucket, info in state.fingerprints.items() if int(bucket) not in parsed
        for code, n in info.get("errors", {}).items() for _ in range(n)
    ]


def print_summary(summary: Summary) -> None:
    """Print a run's summary to stdout and its errors to stderr."""
    print(summary.render())
    for error in summary.errors[:50]:
        print(f"error {error['code']} {error['source']}: {error['message']}", file=sys.stderr)
