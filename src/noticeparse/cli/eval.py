"""``noticeparse eval``: the cases-dev set, the forms set, P/R/F1 against the annotated shared corpus, the
textview-dev and kinds-dev sets."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("eval")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="The shared corpus folder (default: ../shared/corpus next to the project).")
@click.option("--forms/--no-forms", default=True,
              help="Score the forms set (tests/data/forms: dates, money, quantities as written).")
@click.option("--misses/--no-misses", default=True,
              help="List the missed and spurious spans (of the dev sets: their tune half).")
@click.option("--json", "as_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores to this JSON file.")
@click.option("--split", type=click.Choice(["test", "tune", "both"]), default="both", show_default=True,
              help="The halves of tests/data/cases-dev, tests/data/forms, tests/data/textview-dev and "
                   "tests/data/kinds-dev to score (report the test half; tune on the other).")
@click.option("--cases/--no-cases", "with_cases", default=True,
              help="Score the cases-dev set per share (a, b, c …, all), half and script.")
@click.option("--share", "shares", multiple=True, metavar="SHARE",
              help="Score only this share of the cases-dev set (gold-SHARE.jsonl); repeat for several.")
@click.option("--cases-only", is_flag=True, help="Score the cases-dev set and nothing else.")
@click.option("--test-misses", is_flag=True,
              help="Also list the misses of the test half of cases-dev, textview-dev and kinds-dev (the reported "
                   "half: not read while writing rules).")
def evaluate_cmd(corpus: Path | None, forms: bool, misses: bool, as_json: Path | None, split: str,
                 with_cases: bool, shares: tuple[str, ...], cases_only: bool, test_misses: bool) -> None:
    """Score extraction: persons, posts and penalties on the cases-dev set; dates, money and quantities as
    written on the forms set (per class and half, beside JioNLP's dates and money when the ``compare``
    extra is installed); the annotated corpus (seed counts
    and hardcases gold); per half, kind, form and the extractors on the textview-dev set (texts as found
    beside their plain twins), and kind and form on the kinds-dev set (per kind, form, script and headline
    disagreement, with confusion tables)."""
    from noticeparse.evaluation import (
        CASES_DEV_SET,
        DEV_SET,
        FORMS,
        KINDS_DEV,
        default_corpus,
        render_case_scores,
        run_eval,
        run_forms,
        score_case_set,
        score_kinds,
        score_textview,
    )

    scores: dict[str, object] = {}
    halves = ("tune", "test") if split == "both" else (split,)
    if (with_cases or cases_only) and CASES_DEV_SET.is_dir():
        cases = score_case_set(CASES_DEV_SET, halves=halves, misses_for=("tune", "test") if test_misses else ("tune",),
                               shares=shares or None)
        click.echo("\n".join(render_case_scores(cases, misses)))
        scores["cases_dev"] = {"/".join(key): score.to_json() for key, score in cases.items()}
    if cases_only:
        _write(as_json, scores)
        return
    if forms and FORMS.is_dir():
        forms_report = run_forms()
        click.echo(forms_report.render(misses=misses, splits=halves))
        scores["forms"] = forms_report.to_json()
    corpus = corpus or default_corpus()
    if corpus is None or not corpus.is_dir():
        click.echo("no annotated corpus found (../shared/corpus): scoring the dev sets alone")
    else:
        report = run_eval(corpus)
        click.echo(report.render(misses=misses))
        scores["corpus"] = report.to_json()
    if (DEV_SET / "gold.jsonl").is_file():
        textview = score_textview(splits=halves)
        click.echo(textview.render(misses=misses, test_misses=test_misses))
        scores["textview_dev"] = textview.to_json()
    if (KINDS_DEV / "gold.jsonl").is_file():
        kinds = score_kinds(splits=halves)
        click.echo(kinds.render(misses=misses, test_misses=test_misses))
        scores["kinds_dev"] = kinds.to_json()
    _write(as_json, scores)


def _write(as_json: Path | None, scores: dict[str, object]) -> None:
    if as_json:
        as_json.write_text(json.dumps(scores, ensure_ascii=False, indent=2), encoding="utf-8")


@click.command("eval-rounds")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), multiple=True,
              help="A rounds dev set; repeat for several (default: every set under tests/data of the source "
                   "checkout: rounds, rounds2).")
@click.option("--split", type=click.Choice(["test", "tune", "both"]), default="both", show_default=True,
              help="The halves to score (tune on the tune half; report the test half).")
@click.option("--misses/--no-misses", default=False, help="List what the tune half missed (never the test half).")
@click.option("--json", "as_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores to this JSON file.")
def evaluate_rounds_cmd(data: tuple[Path, ...], split: str, misses: bool, as_json: Path | None) -> None:
    """Score round refs, stages, unit links and round_units against the rounds dev sets, per set and half."""
    from noticeparse.evaluation import TARGETS, default_rounds_sets, run_rounds_eval

    sets = {path.name: path for path in data} if data else default_rounds_sets()
    missing = [str(path) for path in sets.values() if not (path / "notices.jsonl").is_file()]
    if not sets or missing:
        raise click.ClickException(f"no rounds dev set found ({', '.join(missing) or 'tests/data/rounds'}); "
                                   "pass --data DIR")
    halves = ("tune", "test") if split == "both" else (split,)
    scores = [score for path in sets.values() for score in run_rounds_eval(path, misses=misses, splits=halves)]
    for score in scores:
        click.echo(score.render())
        click.echo("\n".join(f"  miss: {m}" for m in score.misses))
    for test in (s for s in scores if s.split == "test"):
        precision, _recall, f1 = test.link_scores()
        reached = {"round_key": test.rate("round_key"), "stage": test.rate("stage"), "unit_link_f1": f1,
                   "unit_link_precision": precision}
        click.echo(f"targets ({test.dataset} test half): " + ", ".join(
            f"{k} {v:.3f} {'>=' if v >= TARGETS[k] else '<'} {TARGETS[k]}" for k, v in reached.items()))
    if as_json:
        as_json.write_text(json.dumps([s.to_json() for s in scores], ensure_ascii=False, indent=2), encoding="utf-8")
