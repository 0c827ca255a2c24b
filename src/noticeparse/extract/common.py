"""Running a rule file over text: candidates from every rule, overlaps resolved."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from noticeparse.rules import Rule, RuleFile
from noticeparse.spans import mask_spans, pick_longest


def iter_matches(text: str, rule_file: RuleFile) -> Iterator[tuple[Rule, regex.Match[str]]]:
    """Yield ``(rule, match)`` for every non-empty match of every rule in the file."""
    for rule in rule_file.rules:
        for match in rule.regex.finditer(text):
            if match.end() > match.start():
                yield rule, match


def best_matches(
    text: str, rule_file: RuleFile, mask: Sequence[tuple[int, int]] = ()
) -> list[tuple[Rule, regex.Match[str]]]:
    """Matches of all rules on the masked text, overlaps resolved longest-first."""
    masked = mask_spans(text, mask) if mask else text
    candidates = [(m.start(), m.end(), r.priority, (r, m)) for r, m in iter_matches(masked, rule_file)]
    return pick_longest(candidates)  # type: ignore[return-value]
