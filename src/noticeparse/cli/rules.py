"""``noticeparse rules check``: every rule's examples and counter-examples."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from noticeparse.rules import check_rules, load_rules


@click.group()
def rules() -> None:
    """Inspect the rule files in rules/."""


@rules.command("check")
@click.option("--rules", "rules_root", type=click.Path(exists=True, file_okay=False, path_type=Path))
def rules_check(rules_root: Path | None) -> None:
    """Run every example and counter-example of every rule."""
    ruleset = load_rules(rules_root)
    results = check_rules(ruleset)
    failures = [(rule_id, i, why) for rule_id, i, why in results if why]
    per_file = Counter(rule_id.split(".")[0] for rule_id, _i, _why in results)
    for name, count in sorted(per_file.items()):
        click.echo(f"{name:<12} {count:>4} examples")
    for rule_id, index, why in failures:
        click.echo(f"FAIL {rule_id}[{index}]: {why}", err=True)
    click.echo(f"{len(results) - len(failures)} passed, {len(failures)} failed")
    click.echo(f"rules_sha256 {ruleset.sha256}")
    if failures:
        sys.exit(1)
