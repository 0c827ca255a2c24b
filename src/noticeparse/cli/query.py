"""``noticeparse query`` and ``shell``: SQL over an output folder with DuckDB."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("sql")
@click.option("-d", "--data", "outdir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("parsed"), show_default=True, help="The output folder to query.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json", "parquet"]), default="table",
              show_default=True, help="table (aligned, first 10,000 rows), csv, json (JSON Lines) or parquet.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE instead of stdout (needed for parquet).")
def query(sql: str, outdir: Path, fmt: str, output: Path | None) -> None:
    """Run SQL on the output with DuckDB: one view per table (notices, dates, quantities, …).

    Every table has pub_year (an integer, null when unknown). Offsets are 0-based and half-open;
    DuckDB's substr is 1-based: substr(n.text, q.char_start + 1, q.char_end - q.char_start).
    """
    import duckdb

    from noticeparse.store import run_query

    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet needs -o FILE")
    try:
        if output is None or fmt == "parquet":
            count = run_query(outdir, sql, fmt=fmt, path=output)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                count = run_query(outdir, sql, stream, fmt=fmt)
    except duckdb.Error as exc:
        raise click.ClickException(one_line(exc)) from exc
    except OSError as exc:  # not an output folder; an -o FILE that cannot be written
        raise click.ClickException(f"{exc.strerror}: {exc.filename}" if exc.filename else str(exc)) from exc
    if output is not None:
        click.echo(f"{count} rows written to {output}", err=True)


def one_line(exc: Exception) -> str:
    """DuckDB's message without its second paragraph (the SQL quoted with a caret): one line.

    >>> one_line(Exception('Catalog Error: Table with name x does not exist!\\nDid you mean "notices"?\\n\\nLINE 1: …'))
    'Catalog Error: Table with name x does not exist! Did you mean "notices"?'
    """
    head = str(exc).strip().split("\n\n")[0]
    return " ".join(line.strip() for line in head.splitlines() if line.strip())


@click.command()
@click.option("-d", "--data", "outdir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("parsed"), show_default=True, help="The output folder to query.")
def shell(outdir: Path) -> None:
    """An interactive SQL prompt over the output (statements end with ';', .quit to leave)."""
    from noticeparse.store import shell as run_shell

    try:
        run_shell(outdir)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
