"""``noticeparse eval``: the forms set, P/R/F1 against the annotated shared corpus, and the textview-dev set."""

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
@click.option("--split", type=click.Choice(["test", "tune", "both"]), default="both", show_default=True,
              help="The halves of the forms set and tests/data/textview-dev to show (report the test half; tune on the other).")
def evaluate_cmd(corpus: Path | None, forms: bool, misses: bool, as_json: Path | None, split: str) -> None:
    """Score extraction on the forms set (per class and half, beside JioNLP's dates and money when the
    ``compare`` extra is installed), against the annotated corpus (seed counts and hardcases gold) and,
    per half, kind, form and the extractors on the textview-dev set (texts as found beside their twins)."""
    from noticeparse.evaluation import DEV_SET, FORMS, default_corpus, run_eval, run_forms, score_textview

    scores: dict[str, Any] = {}
    halves = ("tune", "test") if split == "both" else (split,)
    if forms and FORMS.is_dir():
        report = run_forms()
        click.echo(report.render(misses=misses, splits=halves))
        scores["forms"] = report.to_json()
    corpus = corpus or default_corpus()
    if corpus is None or not corpus.is_dir():
        click.echo("no annotated corpus found (../shared/corpus): the hard cases are not scored")
    else:
        corpus_report = run_eval(corpus)
        click.echo(corpus_report.render(misses=misses))
        scores["corpus"] = corpus_report.to_json()
    if (DEV_SET / "gold.jsonl").is_file():
        textview = score_textview(splits=halves)
        click.echo(textview.render(misses=misses))
        scores["textview_dev"] = textview.to_json()
    if as_json:
        as_json.write_text(json.dumps(scores, ensure_ascii=False, indent=2), encoding="utf-8")
