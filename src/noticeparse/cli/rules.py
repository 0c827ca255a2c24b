"""``noticeparse rules check``: every rule's examples and counter-examples."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from noticeparse.cli.options import FLAGS
from noticeparse.parse import check_view_examples
from noticeparse.rules import RuleError, RuleSet, check_rules, load_rules


@click.group()
def rules() -> None:
    """Inspect the rule files in rules/."""


@rules.command("check")
@FLAGS["rules_root"]
@click.option("--pump/--no-pump", default=True, show_default=True,
              help="Also check that every rule, and the whole parse, runs in linear time (10k vs 100k chars "
                   "or elements).")
def rules_check(rules_root: Path | None, pump: bool) -> None:
    """Run every example and counter-example of every rule, then the pump (linear time) checks."""
    ruleset = load_rules(rules_root)
    pump_failed = (_pump_check(ruleset) | _whole_pump_check(ruleset)) if pump else False
    results = check_rules(ruleset) + check_view_examples(ruleset)
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
    from noticeparse.extract import check_pumps, describe_pump

    results = check_pumps(ruleset)
    failed = [r for r in results if r.failed]
    for result in failed:
        click.echo(f"FAIL pump {describe_pump(result)}", err=True)
    if results:
        worst = max((r for r in results if not r.failed), key=lambda r: r.ratio, default=None)
        tail = f"; highest passing: {describe_pump(worst)}" if worst else ""
        click.echo(f"pump         {len(results) - len(failed)} rules linear, {len(failed)} not{tail}")
    return bool(failed)


def _whole_pump_check(ruleset: RuleSet) -> bool:
    """Print the whole parse's pump verdicts; True when a shape's parse time grows faster than its size."""
    from noticeparse.parse import iter_whole_pumps, whole_parser

    try:
        parse = whole_parser(ruleset)
    except RuleError as exc:  # rule files of one's own (--rules DIR) without the ones a parse needs
        click.echo(f"whole pump   skipped: the rules under {ruleset.root} do not make a whole parse ({exc})")
        return False
    results = []
    for result in iter_whole_pumps(ruleset, parse=parse):
        results.append(result)
        if result.failed:
            click.echo(f"FAIL whole pump {result.describe()}", err=True)
    failed = [r for r in results if r.failed]
    for result in results:  # the shapes and pages, and each rule example not clearly linear at a tenth
        if not result.screened and not result.failed:
            click.echo(f"whole pump   {result.describe()}")
    worst = max((r for r in results if not r.failed), key=lambda r: r.ratio / r.limit, default=None)
    tail = f"; nearest its limit: {worst.describe()}" if worst else ""
    click.echo(f"whole pump   {len(results) - len(failed)} inputs linear, {len(failed)} not{tail}")
    return bool(failed)
