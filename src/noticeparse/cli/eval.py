"""``noticeparse eval``: P/R/F1 against the annotated shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("eval")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="The shared corpus folder (default: ../shared/corpus next to the project).")
@click.option("--misses/--no-misses", default=True, help="List the missed and spurious spans.")
@click.option("--json", "as_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores to this JSON file.")
def evaluate_cmd(corpus: Path | None, misses: bool, as_json: Path | None) -> None:
    """Score extraction against the annotated corpus (seed counts and hardcases gold)."""
    from noticeparse.evaluation import default_corpus, run_eval

    corpus = corpus or default_corpus()
    if corpus is None or not corpus.is_dir():
        click.echo("no annotated corpus found (../shared/corpus); nothing to evaluate")
        return
    report = run_eval(corpus)
    click.echo(report.render(misses=misses))
    if as_json:
        as_json.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
