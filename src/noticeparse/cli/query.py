"""``noticeparse query`` and ``shell``: SQL over an output folder with DuckDB."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("sql")
@click.option("-d", "--data", "outdir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("parsed"), show_default=True, help="The output folder to query.")
def query(sql: str, outdir: Path) -> None:
    """Run SQL on the output with DuckDB: one view per table (notices, dates, quantities, …)."""
    import duckdb

    from noticeparse.store import run_query

    try:
        run_query(outdir, sql)
    except duckdb.Error as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@click.option("-d", "--data", "outdir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("parsed"), show_default=True, help="The output folder to query.")
def shell(outdir: Path) -> None:
    """An interactive SQL prompt over the output (statements end with ';', .quit to leave)."""
    from noticeparse.store import shell as run_shell

    run_shell(outdir)
