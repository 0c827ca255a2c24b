"""``noticeparse report`` and ``noticeparse diff``: thin click wrappers over report.py and diff.py.

Registered in cli/main.py with ``main.add_command(report)`` and ``main.add_command(diff)``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

_PARSED_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@click.command("report")
@click.argument("parsed_dir", type=_PARSED_DIR)
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("report"),
    show_default=True,
    help="Folder for the HTML pages (created if missing).",
)
@click.option(
    "--notice",
    "notices",
    multiple=True,
    metavar="ID",
    help="Only this notice: an id, an id prefix or the input's file name (repeatable).",
)
def report(parsed_dir: Path, outdir: Path, notices: tuple[str, ...]) -> None:
    """Write static HTML review pages for PARSED_DIR: index.html plus one page per notice.

    Each notice page shows the text with every entity highlighted by type, the
    outline beside it, the metadata, the findings and every table's rows. The
    pages work offline; open index.html in a browser. Prints the index's path.
    """
    from noticeparse.review import write_report

    try:
        index, pages = write_report(parsed_dir, outdir, notices, progress=True)
    except (FileNotFoundError, LookupError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{pages} notice pages; open {index}")


@click.command("diff")
@click.argument("old_dir", type=_PARSED_DIR)
@click.argument("new_dir", type=_PARSED_DIR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
@click.option(
    "--fail-on",
    default="all",
    show_default=True,
    metavar="TABLES",
    help="Comma-separated tables whose differences make the exit code 1; 'all' or 'none'.",
)
@click.option("--limit", default=20, show_default=True, help="Rows shown per table in text output (0: all).")
@click.option("--tokens", is_flag=True, help="List the changed rows of the tokens table too (else counted).")
def diff(old_dir: Path, new_dir: Path, fmt: str, fail_on: str, limit: int, tokens: bool) -> None:
    """Compare two parsed outputs notice by notice and entity by entity.

    Notices are matched by source (an edited input is the same notice), rows by their
    content where the two texts agree (an edit moves no other row). Prints where each
    text was edited, the added (+), removed (-) and changed (~) rows per table with the
    columns that changed, and a one-line summary. Exits 1 when a table named by
    --fail-on differs, 0 otherwise.
    """
    from noticeparse.review import diff_runs, render, to_json

    try:
        result = diff_runs(old_dir, new_dir)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    chosen = _fail_tables(fail_on, set(result.tables))
    if fmt == "json":
        click.echo(json.dumps(to_json(result, chosen), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(render(result, limit=limit, tokens=tokens))
    if result.differing(chosen):
        sys.exit(1)


def _fail_tables(value: str, known: set[str]) -> list[str] | None:
    """``--fail-on`` to a table list (None: every table); unknown names are a usage error."""
    if value.strip() == "all":
        return None
    if value.strip() == "none":
        return []
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise click.BadParameter(
            f"no table {', '.join(unknown)} (tables: {', '.join(sorted(known))})", param_hint="--fail-on"
        )
    return names
