"""The ``noticeparse`` command: thin click wrappers over the library functions."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from noticeparse import __version__
from noticeparse.rules import RuleSet, check_rules, load_rules


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="noticeparse")
def main() -> None:
    """Turn Chinese government and party notices into structured Parquet."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the Parquet tables (created if missing).")
@click.option("--rules", "rules_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Rules folder (default: the project's rules/).")
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
def parse(paths: tuple[str, ...], outdir: Path, rules_root: Path | None, quiet: bool) -> None:
    """Parse notices (.txt/.html/.pdf/.docx/.ofd files, folders, or - for stdin) into OUTDIR/<table>.parquet.

    Exits 1 when any input failed; the failures are rows of errors.parquet.
    """
    from noticeparse.batch import parse_paths, print_summary

    summary = parse_paths(list(paths), outdir, rules=load_rules(rules_root), progress=not quiet)
    if not quiet:
        print_summary(summary)
    if summary.failed:
        sys.exit(1)


def _engine_options(func):  # shared by batch and run
    func = click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
                        help="local processes (default) or an existing Dask cluster.")(func)
    func = click.option("--scheduler", help="Dask scheduler address, tcp://HOST:PORT.")(func)
    func = click.option("--workers", type=int, help="Local processes (default: every core).")(func)
    return func


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--rules", "rules_root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--buckets", type=int, help="Number of incremental buckets (default 64, fixed per output).")
@click.option("--notice-timeout", type=float, metavar="SECONDS",
              help="Time budget per notice (default 60; 0: none); a notice over it is an E201 error row.")
@_engine_options
def batch(sources: tuple[str, ...], outdir: Path, rules_root: Path | None, buckets: int | None,
          notice_timeout: float | None, engine: str | None, scheduler: str | None, workers: int | None) -> None:
    """Parse a raw store or folders incrementally into a partitioned dataset OUT/<table>/pub_year=…/.

    Only inputs whose bytes, parser version or rules changed are parsed again.
    Exits 1 when any input failed.
    """
    from noticeparse.batch import BatchOptions, print_summary, run_batch

    if engine == "dask" and not scheduler:
        raise click.UsageError("--engine dask needs --scheduler tcp://HOST:PORT")
    options = BatchOptions(engine=engine or "local", workers=workers, scheduler=scheduler, buckets=buckets,
                           notice_timeout=notice_timeout)
    summary = run_batch(list(sources), outdir, rules=load_rules(rules_root), options=options)
    print_summary(summary)
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_engine_options
def run(config: Path, engine: str | None, scheduler: str | None, workers: int | None) -> None:
    """Run a pipeline file (pipeline/NAME.toml): crawl what is new, parse what changed."""
    from noticeparse.runner import run_pipeline

    sys.exit(run_pipeline(config, engine=engine, scheduler=scheduler, workers=workers))


@main.command()
@click.argument("sql")
@click.option("-d", "--data", "outdir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("parsed"), show_default=True, help="The output folder to query.")
def query(sql: str, outdir: Path) -> None:
    """Run SQL on the output with DuckDB: one view per table (notices, dates, quantities, …)."""
    import duckdb

    from noticeparse.query import run_query

    try:
        run_query(outdir, sql)
    except duckdb.Error as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option("-d", "--data", "outdir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("parsed"), show_default=True, help="The output folder to query.")
def shell(outdir: Path) -> None:
    """An interactive SQL prompt over the output (statements end with ';', .quit to leave)."""
    from noticeparse.query import shell as run_shell

    run_shell(outdir)


@main.group()
def rules() -> None:
    """Inspect the rule files in rules/."""


@rules.command("check")
@click.option("--rules", "rules_root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--pump/--no-pump", default=True, show_default=True,
              help="Also check that every rule scans in linear time (pumped fragments, 10k vs 100k chars).")
def rules_check(rules_root: Path | None, pump: bool) -> None:
    """Run every example and counter-example of every rule, then the pump (linear time) check."""
    ruleset = load_rules(rules_root)
    pump_failed = _pump_check(ruleset) if pump else False
    results = check_rules(ruleset)
    failures = [(rule_id, i, why) for rule_id, i, why in results if why]
    per_file = Counter(rule_id.split(".")[0] for rule_id, _i, _why in results)
    for name, count in sorted(per_file.items()):
        click.echo(f"{name:<12} {count:>4} examples")
    for rule_id, index, why in failures:
        click.echo(f"FAIL {rule_id}[{index}]: {why}", err=True)
    click.echo(f"{len(results) - len(failures)} passed, {len(failures)} failed")
    click.echo(f"rules_sha256 {ruleset.sha256}")
    if failures or pump_failed:
        sys.exit(1)


def _pump_check(ruleset: RuleSet) -> bool:
    """Print the pump check's verdict; True when a rule's scan time grows faster than its text."""
    from noticeparse.pump import check_pumps, describe

    results = check_pumps(ruleset)
    failed = [r for r in results if r.failed]
    for result in failed:
        click.echo(f"FAIL pump {describe(result)}", err=True)
    if results:
        worst = max((r for r in results if not r.failed), key=lambda r: r.ratio, default=None)
        tail = f"; highest passing: {describe(worst)}" if worst else ""
        click.echo(f"pump         {len(results) - len(failed)} rules linear, {len(failed)} not{tail}")
    return bool(failed)


@main.command()
@click.argument("field", type=click.Choice(["doc_numbers", "titles", "dates", "quantities", "contacts", "outline"]))
@click.argument("text")
def extract(field: str, text: str) -> None:
    """Debug one field: parse TEXT (or - for stdin) and print its records as JSON lines."""
    from noticeparse.pipeline import parse_text
    from noticeparse.tables import notice_rows

    if text == "-":
        text = sys.stdin.read()
    notice = parse_text(text)
    for row in notice_rows(notice, "")[field]:
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


@main.command("eval")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="The shared corpus folder (default: ../shared/corpus next to the project).")
@click.option("--misses/--no-misses", default=True, help="List the missed and spurious spans.")
@click.option("--json", "as_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores to this JSON file.")
def evaluate_cmd(corpus: Path | None, misses: bool, as_json: Path | None) -> None:
    """Score extraction against the annotated corpus (seed counts and hardcases gold)."""
    from noticeparse.evaluate import default_corpus, run_eval

    corpus = corpus or default_corpus()
    if corpus is None or not corpus.is_dir():
        click.echo("no annotated corpus found (../shared/corpus); nothing to evaluate")
        return
    report = run_eval(corpus)
    click.echo(report.render(misses=misses))
    if as_json:
        as_json.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")


def _register() -> None:
    """Commands that live in their own modules (review, crawl, segment)."""
    from noticeparse.cli_crawl import crawl
    from noticeparse.cli_review import diff, report
    from noticeparse.cli_segment import segment

    main.add_command(crawl)
    main.add_command(segment)
    main.add_command(report)
    main.add_command(diff)


_register()

if __name__ == "__main__":
    main()
