"""``noticeparse parse``, ``batch``, ``run`` and ``extract``: parsing inputs, one-shot, incremental or by run file."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from noticeparse.cli.options import settings_options
from noticeparse.fields import FIELDS
from noticeparse.settings import settings_from

F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def _run_guard(paths: tuple[str, ...] = ()) -> Iterator[None]:
    """What ``parse``, ``batch`` and ``run`` share: inputs that exist, one output layout, clean stops.

    A missing input is a usage error (exit 2) before anything is written; Ctrl-C exits
    130 and SIGTERM 143 once the run has stopped (workers gone, temp files removed). A
    fault of the output (full disk, read-only, permission, locked, another run writing
    it) is one line and exit code 1.
    """
    from noticeparse.batch import (
        NothingToParse,
        OptionsError,
        OutputError,
        OutputLayoutError,
        SchedulerError,
        StateLocked,
        Stopped,
        missing_paths,
        stop_on_signals,
    )
    from noticeparse.rules import RuleError
    from noticeparse.sites import ProfileError
    from noticeparse.store import OutputBusy

    if missing := missing_paths(paths):
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    try:
        with stop_on_signals():
            yield
    except (OutputLayoutError, OptionsError) as exc:
        raise click.UsageError(str(exc)) from exc
    except (RuleError, ProfileError) as exc:  # a broken rules folder, found before any input is read
        raise click.ClickException(str(exc)) from exc
    except (SchedulerError, OutputError, OutputBusy, StateLocked, NothingToParse) as exc:  # one line, not a traceback
        raise click.ClickException(str(exc)) from exc
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    except Stopped as exc:
        click.echo(f"stopped ({exc}): the earlier output is unchanged; finished buckets resume next run", err=True)
        sys.exit(exc.exit_code)


def _wait_option(func: F) -> F:  # parse, batch and run
    return click.option(
        "--wait", type=float, is_flag=False, flag_value=float("inf"), default=0.0, metavar="[SECONDS]",
        help="When another run is writing the output: wait for it (SECONDS at most) instead of exiting 1.",
    )(func)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the Parquet tables (created if missing).")
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@_wait_option
@settings_options
def parse(paths: tuple[str, ...], outdir: Path, quiet: bool, wait: float, cmdline: dict[str, Any]) -> None:
    """Parse notices (.txt/.html/.pdf/.docx/.ofd files, folders, or - for stdin) into OUTDIR/<table>.parquet.

    Exits 1 when any input failed; the failures are rows of errors.parquet. A path that
    does not exist is a usage error (exit 2) and nothing is written; so is an empty stdin
    (exit 1, the output as it was).
    """
    from noticeparse.batch import parse_paths, print_summary

    with _run_guard(paths):
        summary = parse_paths(list(paths), outdir, settings=settings_from({"cmdline": cmdline}), progress=not quiet,
                              wait=wait)
    print_summary(summary, quiet=quiet)
    if summary.failed:
        sys.exit(1)


def _engine_options(func: F) -> F:  # shared by batch and run
    func = click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
                        help="local processes (default) or an existing Dask cluster.")(func)
    func = click.option("--scheduler", help="Dask scheduler address, tcp://HOST:PORT.")(func)
    func = click.option("--workers", type=int, help="Local processes (default: every core).")(func)
    return func


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--buckets", type=int, help="Number of incremental buckets (default 64, fixed per output).")
@_engine_options
@_wait_option
@settings_options
def batch(sources: tuple[str, ...], outdir: Path, buckets: int | None, engine: str | None, scheduler: str | None,
          workers: int | None, wait: float, cmdline: dict[str, Any]) -> None:
    """Parse a raw store or folders incrementally into a partitioned dataset OUT/<table>/pub_year=…/.

    Only inputs whose bytes, parser version or rules changed are parsed again.
    Exits 1 when any input failed.
    """
    from noticeparse.batch import BatchOptions, print_summary, run_batch

    with _run_guard(sources):
        options = BatchOptions(engine=engine or "local", workers=workers, scheduler=scheduler, buckets=buckets,
                               wait=wait)
        summary = run_batch(list(sources), outdir, settings=settings_from({"cmdline": cmdline}), options=options)
    print_summary(summary)
    if summary.failed:
        sys.exit(1)


@click.command()
@click.argument("config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_engine_options
@_wait_option
@settings_options
def run(config: Path, engine: str | None, scheduler: str | None, workers: int | None, wait: float,
        cmdline: dict[str, Any]) -> None:
    """Run a pipeline file (pipeline/NAME.toml): crawl what is new, parse what changed.

    A flag given here wins over the file's value (rules, notice_timeout, backend, prefilter, segment, normalise).
    """
    from noticeparse.batch import run_pipeline

    with _run_guard():
        code = run_pipeline(config, engine=engine, scheduler=scheduler, workers=workers, wait=wait, cmdline=cmdline)
    sys.exit(code)


@click.command()
@click.argument("field", type=click.Choice([item.table for item in FIELDS if item.table != "tokens"]))
@click.argument("text")
@settings_options
def extract(field: str, text: str, cmdline: dict[str, Any]) -> None:
    """Debug one field: parse TEXT (or - for stdin) and print its records as JSON lines."""
    from noticeparse.parse import ParseOptions, parse_text
    from noticeparse.store import notice_rows

    if text == "-":
        text = sys.stdin.read()
    notice = parse_text(text, ParseOptions(settings=settings_from({"cmdline": cmdline})))
    for row in notice_rows(notice, "")[field]:
        click.echo(json.dumps(row, ensure_ascii=False, default=str))
