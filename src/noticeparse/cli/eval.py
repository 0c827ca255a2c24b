"""``noticeparse eval``: the forms set of issue 25, and P/R/F1 against the annotated shared corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


@click.command("eval")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="The shared corpus folder (default: ../shared/corpus next to the project).")
@click.option("--forms/--no-forms", default=True,
              help="Score the forms set (tests/data/forms: dates, money, quantities as written).")
@click.option("--misses/--no-misses", default=True,
              help="List the missed and spurious spans (of the forms set: its tune half only).")
@click.option("--json", "as_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores to this JSON file.")
def evaluate_cmd(corpus: Path | None, forms: bool, misses: bool, as_json: Path | None) -> None:
    """Score extraction on the forms set and against the annotated corpus (seed counts and hardcases gold).

    Beside JioNLP where it is installed (the ``compare`` extra) and has the class: its dates and money.
    """
    from noticeparse.evaluation import FORMS, default_corpus, run_eval, run_forms

    out: dict[str, Any] = {}
    if forms and FORMS.is_dir():
        report = run_forms()
        click.echo(report.render(misses=misses))
        out["forms"] = report.to_json()
    corpus = corpus or default_corpus()
    if corpus is None or not corpus.is_dir():
        click.echo("no annotated corpus found (../shared/corpus); the hard cases are not scored")
    else:
        scores = run_eval(corpus)
        click.echo(scores.render(misses=misses))
        out.update(scores.to_json())
    if as_json:
        as_json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
