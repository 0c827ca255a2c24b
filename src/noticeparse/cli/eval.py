"""``noticeparse eval``: the case dev set, then P/R/F1 against the annotated shared corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


@click.command("eval")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="The shared corpus folder (default: ../shared/corpus next to the project).")
@click.option("--misses/--no-misses", default=True, help="List the missed and spurious spans.")
@click.option("--json", "as_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores to this JSON file.")
@click.option("--cases/--no-cases", "with_cases", default=True,
              help="Score the case dev set (tests/data/cases-dev) per set and half.")
@click.option("--cases-only", is_flag=True, help="Score the case dev set and nothing else.")
@click.option("--test-misses", is_flag=True,
              help="Also list the case misses of the test half (the reported half: not read while writing rules).")
def evaluate_cmd(corpus: Path | None, misses: bool, as_json: Path | None, with_cases: bool, cases_only: bool,
                 test_misses: bool) -> None:
    """Score extraction: the case dev set, then the annotated corpus (seed counts and hardcases gold)."""
    from noticeparse.evaluation import DEV_SET, default_corpus, render_case_scores, run_eval, score_case_set

    out: dict[str, Any] = {}
    if (with_cases or cases_only) and DEV_SET.is_dir():
        scores = score_case_set(DEV_SET, misses_for=("tune", "test") if test_misses else ("tune",))
        click.echo("\n".join(render_case_scores(scores, misses)))
        out["cases"] = {"/".join(key): score.to_json() for key, score in scores.items()}
    if not cases_only:
        corpus = corpus or default_corpus()
        if corpus is None or not corpus.is_dir():
            click.echo("no annotated corpus found (../shared/corpus); nothing more to evaluate")
        else:
            report = run_eval(corpus)
            click.echo(report.render(misses=misses))
            out.update(report.to_json())
    if as_json:
        as_json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
