"""Parse many inputs: a one-shot ``parse`` into single files, and an incremental ``batch``.

``run_batch`` spreads inputs over buckets (see ``state``), parses only the buckets
whose inputs, parser or rules changed, on local processes or a Dask cluster, writes
their Hive-partitioned parts into ``OUT/_work`` and commits them with the unchanged
ones as the next snapshot (``commit``): ``OUT/<table>/pub_year=YYYY/part-bNNN-cNNNN-<fp>.parquet``
through ``OUT/current``. Both commands hold the output's lock while they write.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse.about import PARSER_VERSION
from noticeparse.batch.commit import LAYOUT, clean_work, commit_batch, read_committed
from noticeparse.batch.engines import (
    CHUNK,
    SchedulerError,
    check_scheduler_address,
    connect_scheduler,
    run_dask,
    run_local,
)
from noticeparse.batch.faults import identity, output_faults, vanished
from noticeparse.batch.state import STATE_DIR, WORK_DIR, ArchiveState, Committed, Part, Plan
from noticeparse.errors import CODES
from noticeparse.parse import ParseOptions, iter_inputs, mark_duplicates, parse_input
from noticeparse.progress import Progress
from noticeparse.rules import RuleSet, load_rules
from noticeparse.settings import Settings
from noticeparse.sites import load_sites
from noticeparse.store import (
    PARTITION_KEY,
    TABLES,
    clean_stale,
    collect_rows,
    commit_step,
    output_lock,
    part_path,
    read_manifest,
    write_part,
    write_tables,
)


@dataclass
class Summary:
    """What a run did: notices, rows per table, errors by code, time."""

    outdir: Path
    notices: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    skipped: int = 0
    resumed: int = 0  # inputs a stopped run parsed, committed by this one
    warnings: list[str] = field(default_factory=list)  # about the run itself (a state rebuilt), not an input
    linked: str | None = None  # what ``link`` wrote after the run (rounds, units …)

    @property
    def failed(self) -> bool:
        """True when an input could not be parsed (E-codes; W-codes are warnings)."""
        return any(str(e["code"]).startswith("E") for e in self.errors)

    def render(self) -> str:
        """A plain-text table for the terminal: the row counts in one column, however long a table's name."""
        names = [*TABLES, *(n for n in self.counts if n not in TABLES)]
        width = max(len("table"), *(len(name) for name in names))
        if self.notices == 0 and self.skipped:  # a rerun with nothing new: no table of zeros that reads as empty
            lines = [f"nothing new: the output keeps the rows of its {self.skipped} unchanged inputs"]
        else:
            lines = [f"{'table':<{width}} {'written':>7}", f"{'-' * width} {'-' * 7}"]
            lines += [f"{name:<{width}} {self.counts.get(name, 0):>7}" for name in names]
        by_code = Counter(str(e["code"]) for e in self.errors)
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(by_code.items())) or "none"
        skipped = f", {self.skipped} unchanged" if self.skipped else ""
        skipped += f", {self.resumed} parsed by a stopped run" if self.resumed else ""
        lines.append(f"{self.notices} inputs parsed{skipped} in {self.seconds:.2f}s; errors: {codes}")
        if self.linked:
            lines.append(self.linked)
        lines.append(f"output: {self.outdir}")
        return "\n".join(lines)


class NothingToParse(ValueError):
    """No input (an empty stdin, a folder with no file): nothing is written, the output stays as it was."""


class OutputLayoutError(ValueError):
    """An output folder written by the other command (``parse`` files vs a ``batch`` dataset)."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def check_layout(outdir: Path, layout: str) -> None:
    """Refuse to mix ``parse``'s single files and ``batch``'s partitioned dataset in one folder.

    Raises:
        OutputLayoutError: ``outdir`` holds the other layout.
    """
    outdir = Path(outdir)
    if not outdir.is_dir():
        return
    committed = (read_manifest(outdir) or {}).get("layout")
    dataset = committed == LAYOUT or (outdir / STATE_DIR).exists() or any(outdir.glob(f"*/{PARTITION_KEY}=*"))
    if layout == "files" and dataset:
        raise OutputLayoutError(f"{outdir} holds a partitioned dataset written by `batch`; "
                                "`parse` writes single files: choose another output folder")
    files = committed == "files" or any((outdir / f"{name}.parquet").is_file() for name in TABLES)
    if layout == "dataset" and files:
        raise OutputLayoutError(f"{outdir} holds single-file tables written by `parse`; "
                                "`batch` writes a partitioned dataset: choose another output folder")


def missing_paths(paths: Iterable[str]) -> list[str]:
    """The named inputs that do not exist (``-`` is stdin and always does)."""
    return [p for p in paths if p != "-" and not os.path.lexists(p)]


def load_run_rules(settings: Settings) -> RuleSet:
    """The rules and site profiles of a run, loaded once before any input: a broken rules folder stops it here.

    Raises:
        RuleError: a rule file does not follow the schema.
        ProfileError: a site profile does not.
    """
    rules = load_rules(settings.rules_root)
    load_sites(rules.root)
    return rules


def parse_paths(paths: Iterable[str], outdir: Path, *, settings: Settings | None = None, progress: bool = True,
                wait: float = 0.0) -> Summary:
    """Parse every input under ``paths`` into single files ``outdir/<table>.parquet``.

    The tables replace the earlier ones in one commit once all are written (``write_tables``).
    ``wait``: seconds to wait for another run writing ``outdir`` (0: refuse at once).

    Raises:
        OutputLayoutError: ``outdir`` holds a ``batch`` dataset.
        OutputBusy: another run is writing ``outdir``.
        OutputError: the output cannot be written (disk full, read-only, permission …).
        NothingToParse: the only input is an empty stdin (``-``), or the paths hold no file: nothing is written.
    """
    outdir, settings = Path(outdir), settings or Settings()
    started = time.perf_counter()
    # stdin alone is read before anything is written: an empty one writes nothing
    items = list(iter_inputs(paths)) if all(p == "-" for p in paths) else None
    if items is not None and all(not (item.data or b"").strip() for item in items):
        raise NothingToParse(f"stdin is empty: nothing parsed, nothing written to {outdir}")
    rules = load_run_rules(settings)
    with output_faults(outdir):
        outdir.mkdir(parents=True, exist_ok=True)
        with output_lock(outdir, "parse", wait, _say) as warnings:
            check_layout(outdir, "files")
            clean_stale(outdir)
            begun = identity(outdir)
            with output_faults(outdir, begun):
                items = items if items is not None else list(iter_inputs(paths))
                if not items:  # an empty folder never replaces an earlier output with nothing
                    raise NothingToParse(f"no inputs in {', '.join(paths)}: nothing parsed, nothing written to {outdir}")
                bar = Progress(len(items), enabled=None if progress else False)
                notices = []
                options = ParseOptions(settings=settings, rules=rules)
                for item in items:
                    notices.append(parse_input(item, options))
                    bar.advance()
                bar.close()
                tables = collect_rows(mark_duplicates(notices), rules.sha256)
                if identity(outdir) != begun:
                    raise vanished(outdir)
                counts = write_tables(outdir, tables, rules.sha256)
    return Summary(outdir, len(notices), counts, tables.get("errors", []), time.perf_counter() - started,
                   warnings=warnings)


@dataclass
class BatchOptions:
    """How ``run_batch`` spreads the work: engine, workers, Dask scheduler, bucket count, progress, waiting.

    How each notice is parsed is the run's ``Settings``, shipped to every worker.
    """

    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    buckets: int | None = None
    progress: bool = True
    wait: float = 0.0  # seconds to wait for another run writing the output (0: refuse at once)
    link: bool = True  # link the whole output (rounds, units) into the snapshot each run commits

    def __post_init__(self) -> None:
        """Options that do nothing without another are errors, not silently ignored."""
        if self.engine not in {"local", "dask"}:
            raise OptionsError(f"engine is local or dask, not {self.engine!r}")
        if self.engine == "dask" and not self.scheduler:
            raise OptionsError("--engine dask needs --scheduler tcp://HOST:PORT")
        if self.scheduler and self.engine != "dask":
            raise OptionsError("--scheduler is used only with --engine dask")
        if self.workers is not None and self.engine == "dask":
            raise OptionsError("--workers is for the local engine; a Dask cluster has its own workers")
        if self.scheduler:
            try:
                check_scheduler_address(self.scheduler)
            except SchedulerError as exc:
                raise OptionsError(str(exc)) from exc


class OptionsError(ValueError):
    """Batch options that contradict each other or do nothing together."""


def run_batch(sources: Iterable[str], outdir: Path, *, settings: Settings | None = None,
              options: BatchOptions | None = None) -> Summary:
    """Parse what changed under ``sources`` into the partitioned dataset ``outdir``, committed at the end.

    ``settings`` (how each notice is parsed) go whole to every worker.

    Raises:
        FileNotFoundError: a source does not exist (its inputs would count as deleted).
        OutputLayoutError: ``outdir`` holds ``parse``'s single files.
        OutputBusy: another run is writing ``outdir``.
        OutputError: the output cannot be written (disk full, read-only, permission, vanished …).
        StateLocked: another process holds the state database locked.
        NothingToParse: the sources hold no input: nothing is written.
    """
    sources = list(sources)
    options, settings = options or BatchOptions(), settings or Settings()
    started = time.perf_counter()
    if missing := missing_paths(sources):
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    outdir = Path(outdir)
    # a cluster that is not there (or not Dask) is one line before anything is written
    client = connect_scheduler(options.scheduler) if options.engine == "dask" and options.scheduler else None
    with output_faults(outdir):
        outdir.mkdir(parents=True, exist_ok=True)
        with output_lock(outdir, "batch", options.wait, _say) as warnings:
            check_layout(outdir, "dataset")
            begun = identity(outdir)
            with output_faults(outdir, begun):
                summary = _run_locked(sources, outdir, settings, options, begun, client)
    summary.warnings[:0] = warnings
    summary.seconds = time.perf_counter() - started
    return summary


def _run_locked(sources: list[str], outdir: Path, settings: Settings, options: BatchOptions,
                begun: tuple[int, int] | None, client: Any = None) -> Summary:
    """The batch, with the output's lock held: clean up a stopped run, scan, plan, parse, commit."""
    clean_stale(outdir)
    committed = read_committed(outdir)
    rules = load_run_rules(settings)
    # a new bucket count: every bucket is parsed again
    with ArchiveState(outdir, options.buckets or committed.buckets) as state:
        state.clear_work(committed.fingerprints)
        clean_work(outdir, state.work_files())
        if not state.scan(sources):  # an empty folder never replaces an archive with nothing
            raise NothingToParse(f"no inputs in {', '.join(sources)}: nothing parsed, {outdir} left as it was")
        # settings that change the rows (another backend …) are part of the parser: parsed again
        plan = state.plan(PARSER_VERSION + settings.output_variant, rules.sha256, committed)
        summary = Summary(outdir, skipped=plan.unchanged - plan.from_stopped_run, resumed=plan.from_stopped_run,
                          warnings=list(state.warnings) + _damage_warnings(plan))
        summary.errors += _earlier_errors(committed, state.work_errors(), plan)
        if plan.commits:
            (outdir / WORK_DIR).mkdir(exist_ok=True)
            _parse_changed(state, plan, settings, options, summary, tuple(sources), client)
            if identity(outdir) != begun:
                raise vanished(outdir)
            commit_batch(outdir, state, plan, committed, rules.sha256,
                         finish=(lambda staged: _link(staged, summary)) if options.link else None)
    return summary


def _link(snapshot: Path, summary: Summary) -> list[str]:
    """The run's last step, in its commit: the tables across notices, from the whole snapshot; their names.

    A link that fails leaves the parse to be committed without them, and says so.
    """
    import duckdb  # DuckDB loads here, after the parse: workers never import it

    from noticeparse.link import link_folder
    from noticeparse.store import LINK_TABLES

    try:
        linked = link_folder(snapshot)
    except (OSError, ValueError, duckdb.Error) as exc:  # the parse is done and kept: say why the link is not
        summary.warnings.append(f"link failed ({type(exc).__name__}: {exc}); run `noticeparse link {summary.outdir}`")
        return []
    summary.linked = linked.render()
    return [f"{name}.parquet" for name in LINK_TABLES]


def _damage_warnings(plan: Plan) -> list[str]:
    if not plan.damaged:
        return []
    shown = ", ".join(plan.damaged[:3]) + (f" and {len(plan.damaged) - 3} more" if len(plan.damaged) > 3 else "")
    return [f"{len(plan.damaged)} committed part(s) missing or unreadable ({shown}): their buckets are parsed again"]


def _parse_changed(state: ArchiveState, plan: Plan, settings: Settings, options: BatchOptions, summary: Summary,
                   roots: tuple[str, ...] = (), client: Any = None) -> None:
    """Parse the changed buckets chunk by chunk into ``OUT/_work``; record each bucket in the state as it completes."""
    work = summary.outdir / WORK_DIR
    bar = Progress(plan.to_parse, enabled=None if options.progress else False)
    tasks = state.tasks(plan.changed, CHUNK)  # lazily, one bucket's paths at a time
    results = (run_dask(tasks, settings, client or options.scheduler, roots)
               if options.engine == "dask" and options.scheduler
               else run_local(tasks, settings, options.workers, roots, output=(str(work), plan.fingerprints)))
    chunks_left = {bucket: -(-plan.counts[bucket] // CHUNK) for bucket in plan.changed}
    codes: dict[int, Counter[str]] = {}
    parts: dict[int, list[tuple[str, int]]] = {}  # the part files of each bucket and their rows
    for (bucket, chunk, tables, count), written in results:
        fp = plan.fingerprints[bucket]
        rows = {key: table.num_rows for key, table in tables.items()} | written
        for (name, year) in sorted(rows, key=lambda key: (key[0], key[1] or 0)):
            if (name, year) in tables:  # what the worker did not write itself
                write_part(work, name, year, bucket, fp, tables[(name, year)], chunk)
            parts.setdefault(bucket, []).append((part_path(Path(), name, year, bucket, fp, chunk).as_posix(),
                                                 rows[(name, year)]))
            summary.counts[name] = summary.counts.get(name, 0) + rows[(name, year)]
            if name == "errors":
                summary.errors += tables[(name, year)].to_pylist()
                codes.setdefault(bucket, Counter()).update(map(str, tables[(name, year)].column("code").to_pylist()))
        chunks_left[bucket] -= 1
        if not chunks_left[bucket]:  # the bucket is complete: a killed run resumes from here
            state.finish(bucket, fp, dict(codes.pop(bucket, {})), _described(work, parts.pop(bucket, [])))
            commit_step("bucket")
        summary.notices += count
        bar.advance(count)
    bar.close()


def _described(work: Path, parts: list[tuple[str, int]]) -> list[Part]:
    """Each part with its size and mtime, as the next run checks it."""
    described = []
    for name, rows in parts:
        info = (work / name).stat()
        described.append((name, info.st_size, info.st_mtime_ns, rows))
    return described


def _earlier_errors(committed: Committed, work: dict[int, dict[str, int]], plan: Plan) -> list[dict[str, Any]]:
    """Error codes of the buckets not parsed now, so a run with nothing to do still reports them."""
    again = set(plan.changed) | set(plan.resumed)
    earlier = {b: e for b, e in committed.errors.items() if b in plan.fingerprints and b not in again}
    earlier |= {b: e for b, e in work.items() if b in plan.resumed}
    return [
        {"code": code, "source": f"(bucket {bucket}, {'stopped' if bucket in plan.resumed else 'earlier'} run)",
         "message": "", "stage": "", "earlier": True}
        for bucket, errors in sorted(earlier.items()) for code, n in errors.items() for _ in range(n)
    ]


_SHOWN = 50  # issue lines printed; the rest are counted (every one is a row of the errors table)


def issue_lines(errors: list[dict[str, Any]]) -> list[str]:
    """One line per error or warning of this run (``warning W105 a.md: …``, ``error E101 b.txt: …``),
    then one line per code for those of inputs parsed by an earlier (or stopped) run.

    >>> issue_lines([{"code": "W105", "source": "a.md", "message": "not a notice type"},
    ...              {"code": "W106", "source": "(bucket 3, earlier run)", "message": "", "earlier": True}])
    ['warning W105 a.md: not a notice type', 'warning W106 ×1 in inputs parsed by an earlier run: \
attachment has no text layer (a scanned PDF; OCR needed): the notice is parsed without it (rows of the errors table)']
    """
    now = [e for e in errors if not e.get("earlier")]
    lines = [f"{_kind(e['code'])} {e['code']} {e['source']}: {e['message'] or CODES.get(str(e['code']), '')}"
             for e in now[:_SHOWN]]
    if len(now) > _SHOWN:
        lines.append(f"… {len(now) - _SHOWN} more (rows of the errors table)")
    earlier = Counter(str(e["code"]) for e in errors if e.get("earlier"))
    lines += [f"{_kind(code)} {code} ×{n} in inputs parsed by an earlier run: {CODES.get(code, '')} "
              "(rows of the errors table)" for code, n in sorted(earlier.items())]
    return lines


def _kind(code: str) -> str:
    return "warning" if str(code).startswith("W") else "error"


def print_summary(summary: Summary, *, quiet: bool = False) -> None:
    """Print a run's summary to stdout (not when ``quiet``) and its warnings and errors to stderr."""
    if not quiet:
        print(summary.render())
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for line in issue_lines(summary.errors):
        print(line, file=sys.stderr)
