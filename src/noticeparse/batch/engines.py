"""Where buckets are parsed: local processes (default) or an existing Dask cluster.

Both engines run the same function, ``parse_chunk``, and hand back Arrow tables.
Local workers also write their chunk's parts (``write_chunk_parts``: the Parquet
encoding, compression and fsync of every part would otherwise queue up in the one
parent process, as much work as the parsing on small notices); a Dask worker's
tables come back and the caller writes them. The files are the same. A chunk holds
at most ``CHUNK`` notices of one bucket and at most ``2 × workers`` chunks are in
flight, which keeps memory flat however large the archive is.

The per-notice time budget (a ``SIGALRM`` timer) works only on a process's main thread;
a Dask worker runs tasks on threads, so there ``parse_chunk_anywhere`` parses the chunk in
a child process (``batch/child.py``) with the same budget: both engines write the same rows.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

import pyarrow as pa

from noticeparse.batch.child import run_in_child
from noticeparse.batch.processes import track_workers, worker_init
from noticeparse.parse import ParseOptions, iter_inputs, parse_input
from noticeparse.rules import load_rules
from noticeparse.segment import preload_segmenter
from noticeparse.settings import Settings
from noticeparse.store import (
    ColumnLists,
    concat_sorted,
    notice_columns,
    publication_year,
    to_table,
    write_part,
)

CHUNK = 200  # notices per task
FLUSH_ROWS = 20_000  # rows a worker holds as Python column lists before turning them into Arrow
Task = tuple[int, int, list[str]]  # bucket, chunk of the bucket, its input paths
Result = tuple[int, int, dict[tuple[str, int | None], pa.Table], int]  # bucket, chunk, (table, year) → rows, notices
Written = dict[tuple[str, int | None], int]  # (table, year) → rows of the parts a worker wrote itself
Output = tuple[str, Mapping[int, str]]  # the output folder and every bucket's fingerprint: workers write parts


def parse_chunk(bucket: int, chunk: int, sources: list[str], settings: Settings,
                roots: tuple[str, ...] = ()) -> Result:
    """Parse one chunk of a bucket into Arrow tables keyed by (table, publication year).

    Rows become Arrow tables every ``FLUSH_ROWS`` rows, so a worker never holds a
    whole chunk's rows as Python objects (tokens alone run to ~1,000 per notice).
    ``settings`` are the run's, whole; ``roots`` are the folders the batch was given:
    sources are stored relative to them.
    """
    rules = load_rules(settings.rules_root)
    options = ParseOptions(settings=settings, rules=rules)
    grouped: dict[tuple[str, int | None], ColumnLists] = {}
    pieces: dict[tuple[str, int | None], list[pa.Table]] = {}
    count = pending = 0
    for item in iter_inputs(sources, roots=roots):
        notice = parse_input(item, options)
        count += 1
        year = publication_year(notice)
        for table, columns in notice_columns(notice, rules.sha256).items():
            size = len(next(iter(columns.values()), []))
            if size:
                held = grouped.setdefault((table, year), {})
                for column, values in columns.items():
                    held.setdefault(column, []).extend(values)
                pending += size
        if pending >= FLUSH_ROWS:
            _flush(grouped, pieces, rules.sha256)
            pending = 0
    _flush(grouped, pieces, rules.sha256)
    tables = {key: concat_sorted(parts) for key, parts in pieces.items()}
    return bucket, chunk, tables, count


def _flush(grouped: dict[tuple[str, int | None], ColumnLists], pieces: dict[tuple[str, int | None], list[pa.Table]],
           rules_sha256: str) -> None:
    for key, rows in grouped.items():
        pieces.setdefault(key, []).append(to_table(key[0], rows, rules_sha256))
    grouped.clear()


def write_chunk_parts(result: Result, outdir: str, fingerprint: str) -> tuple[Result, Written]:
    """Write a parsed chunk's parts (not its errors, which the caller reads and writes); the rest of the result.

    The parts are the files the caller would have written: the same names, the same tables.
    """
    bucket, chunk, tables, count = result
    written: Written = {}
    for (name, year), table in sorted(tables.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        if name != "errors":
            write_part(Path(outdir), name, year, bucket, fingerprint, table, chunk)
            written[(name, year)] = table.num_rows
    return (bucket, chunk, {k: t for k, t in tables.items() if k not in written}, count), written


def parse_chunk_parts(bucket: int, chunk: int, sources: list[str], settings: Settings, roots: tuple[str, ...],
                      outdir: str, fingerprint: str) -> tuple[Result, Written]:
    """``parse_chunk``, then ``write_chunk_parts``: what a local worker runs."""
    return write_chunk_parts(parse_chunk(bucket, chunk, sources, settings, roots), outdir, fingerprint)


def run_local(tasks: Iterable[Task], settings: Settings, workers: int | None = None,
              roots: tuple[str, ...] = (), output: Output | None = None) -> Iterator[tuple[Result, Written]]:
    """Run chunks in a pool of local processes, yielding results as they finish.

    With ``output``, each worker writes its chunk's parts (all but the errors) and says which.
    """
    workers = workers or os.cpu_count() or 1
    run: Callable[..., tuple[Result, Written]] = parse_chunk_parts if output else _parse_only
    extra = lambda t: (output[0], output[1][t[0]]) if output else ()
    if workers == 1:
        for task in tasks:
            yield run(*task, settings, roots, *extra(task))
        return
    if settings.segment and multiprocessing.get_context().get_start_method() == "fork":
        # forked workers start with the dictionaries loaded
        preload_segmenter(backend=settings.backend, rules=load_rules(settings.rules_root))
    # the workers die with this process (SIGKILL, SIGTERM or a crash); see processes
    with (ProcessPoolExecutor(max_workers=workers, initializer=worker_init, initargs=(os.getpid(),)) as executor,
          track_workers(executor) as pool):
        submit = lambda t: pool.submit(run, *t, settings, roots, *extra(t))
        yield from _bounded(submit, tasks, 2 * workers, _wait_local)


_STARTUP = 120.0  # seconds for a new child to import, load the rules and the dictionaries, and answer


def chunk_deadline(count: int, settings: Settings) -> float | None:
    """Seconds a child may take for ``count`` notices: each one's budget and the start-up; None without a budget.

    >>> chunk_deadline(200, Settings(notice_timeout=60)), chunk_deadline(5, Settings(notice_timeout=0))
    (12120.0, None)
    """
    return None if settings.budget is None else count * settings.budget + _STARTUP


def parse_chunk_anywhere(bucket: int, chunk: int, sources: list[str], settings: Settings,
                         roots: tuple[str, ...] = ()) -> Result:
    """``parse_chunk`` under the per-notice budget from any thread: off the main thread (a Dask worker's), in a child."""
    if threading.current_thread() is threading.main_thread() or settings.budget is None:
        return parse_chunk(bucket, chunk, sources, settings, roots)
    result: Result = run_in_child(parse_chunk, (bucket, chunk, sources, settings, roots),
                                  chunk_deadline(len(sources), settings))
    return result


def _parse_only(bucket: int, chunk: int, sources: list[str], settings: Settings,
                roots: tuple[str, ...]) -> tuple[Result, Written]:
    return parse_chunk(bucket, chunk, sources, settings, roots), {}


SCHEDULER_TIMEOUT = 10  # seconds to reach a Dask scheduler before giving up (distributed's default: 30)
_SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "ucx://", "inproc://")


class SchedulerError(RuntimeError):
    """The Dask engine cannot run: no ``distributed``, a malformed address, or no scheduler there."""


def check_scheduler_address(scheduler: str) -> None:
    """Refuse an address Dask cannot parse before anything runs.

    >>> check_scheduler_address("tcp://127.0.0.1:8786")
    >>> check_scheduler_address("localhost")
    Traceback (most recent call last):
    ...
    noticeparse.batch.engines.SchedulerError: Dask scheduler address 'localhost' is not tcp://HOST:PORT
    """
    rest = next((scheduler[len(s):] for s in _SCHEMES if scheduler.startswith(s)), scheduler)
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        raise SchedulerError(f"Dask scheduler address {scheduler!r} is not tcp://HOST:PORT")


def connect_scheduler(scheduler: str, timeout: float = SCHEDULER_TIMEOUT) -> Any:
    """A ``distributed.Client`` on ``scheduler``, or one ``SchedulerError`` line saying why not.

    The connection is tried in a thread of its own, so that a service that is not Dask (a web or
    SSH server on the port) cannot hold the run: ``distributed`` waits for its handshake for ever
    from one that says nothing, and fails deep in its protocol on one that answers garbage.
    """
    check_scheduler_address(scheduler)
    try:
        from distributed import Client
    except ImportError as exc:  # the dask extra is not installed
        raise SchedulerError("the dask engine needs `pip install 'noticeparse[dask]'`") from exc
    outcome: dict[str, Any] = {}

    def attempt() -> None:
        try:
            outcome["client"] = Client(scheduler, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - any failure of the handshake is the one line below
            outcome["error"] = exc

    thread = threading.Thread(target=attempt, name="dask-connect", daemon=True)
    thread.start()
    thread.join(timeout + _HANDSHAKE_GRACE)
    if "client" in outcome:
        return outcome["client"]
    raise SchedulerError(_scheduler_failure(scheduler, timeout, outcome.get("error"))) from outcome.get("error")


_HANDSHAKE_GRACE = 5  # seconds beyond the connect timeout for distributed's own handshake


def _scheduler_failure(scheduler: str, timeout: float, error: Exception | None) -> str:
    """Why no Dask scheduler could be used at ``scheduler``, as one line.

    >>> _scheduler_failure("tcp://h:1", 10, None)
    'tcp://h:1 accepts connections but is no Dask scheduler: no Dask handshake within 15 s (check the port)'
    >>> _scheduler_failure("tcp://h:1", 10, MemoryError("Unable to allocate 2.82 EiB"))
    'tcp://h:1 answers but is no Dask scheduler (MemoryError: Unable to allocate 2.82 EiB): check the port'
    """
    if error is None:
        return (f"{scheduler} accepts connections but is no Dask scheduler: no Dask handshake within "
                f"{timeout + _HANDSHAKE_GRACE:g} s (check the port)")
    reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
    if isinstance(error, OSError | TimeoutError | ValueError):
        return f"no Dask scheduler answered at {scheduler} within {timeout:g} s ({reason})"
    return f"{scheduler} answers but is no Dask scheduler ({type(error).__name__}: {reason}): check the port"


def run_dask(tasks: Iterable[Task], settings: Settings, scheduler: Any,
             roots: tuple[str, ...] = ()) -> Iterator[tuple[Result, Written]]:
    """Run buckets on an existing Dask cluster: ``scheduler`` is its address (``tcp://HOST:PORT``) or a
    client of ``connect_scheduler`` (closed at the end); the tables come back to be written.

    Each task parses under the run's per-notice budget (``parse_chunk_anywhere``), as the local engine does.
    """
    with connect_scheduler(scheduler) if isinstance(scheduler, str) else scheduler as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        submit = lambda t: client.submit(parse_chunk_anywhere, *t, settings, roots, pure=False)
        yield from ((result, {}) for result in _bounded(submit, tasks, 2 * workers, _wait_dask))


Waiter = Callable[[set[Any]], tuple[set[Any], set[Any]]]


def _wait_local(pending: set[Any]) -> tuple[set[Any], set[Any]]:
    done, rest = wait(pending, return_when=FIRST_COMPLETED)
    return set(done), set(rest)


def _wait_dask(pending: set[Any]) -> tuple[set[Any], set[Any]]:
    from distributed import wait as dask_wait

    result = dask_wait(list(pending), return_when="FIRST_COMPLETED")
    return set(result.done), set(result.not_done)


def _bounded(submit: Callable[[Task], Any], tasks: Iterable[Task], limit: int, wait_some: Waiter) -> Iterator[Any]:
    """Keep at most ``limit`` tasks in flight; yield results in completion order."""
    pending: set[Any] = set()
    for task in tasks:
        pending.add(submit(task))
        if len(pending) >= limit:
            done, pending = wait_some(pending)
            yield from (future.result() for future in done)
    while pending:
        done, pending = wait_some(pending)
        yield from (future.result() for future in done)
