"""``noticeparse link``: rounds, their units over time and units across the notices of an output."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("link")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="DuckDB threads (default: every core).")
@click.option("--wait", type=float, default=0.0, show_default=True, metavar="SECONDS",
              help="Wait this long for another run writing OUTDIR (0: refuse at once).")
def link(outdir: Path, threads: int | None, wait: float) -> None:
    """Link the notices of OUTDIR (parse or batch output): commit rounds, round_notices, round_units,
    round_timeline, units and units_conflicts beside its tables (OUTDIR/<table>.parquet).

    Everything is recomputed from the per-notice tables on each run; batch and run do this as their
    last step.
    """
    from noticeparse.link import link_output
    from noticeparse.store import OutputBusy

    try:
        summary = link_output(outdir, threads=threads, wait=wait)
    except (FileNotFoundError, OutputBusy) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(summary.render())
