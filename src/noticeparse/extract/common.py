"""Running a rule file over text: candidates from every rule, overlaps resolved."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

import regex

from noticeparse.extract.prefilter import rule_windows
from noticeparse.extract.spans import mask_spans, pick_longest
from noticeparse.rules import Rule, RuleFile, compiled


def windows(text: str, rule_file: RuleFile) -> list[tuple[int, int]]:
    """The parts of ``text`` worth matching: around the file's ``data.window.anchor`` matches.

    A rule file may declare ``window: {anchor, before, after}``: every match of its
    rules contains an anchor match and reaches at most ``before`` characters before
    and ``after`` characters past it, so the rules only run near anchors (merged
    windows), which skips most of a notice. Without it the whole text is one window.
    """
    spec = rule_file.data.get("window")
    if not spec:
        return [(0, len(text))]
    before, after = int(spec["before"]), int(spec["after"])
    spans: list[tuple[int, int]] = []
    for match in compiled(spec["anchor"]).finditer(text):
        low, high = max(0, match.start() - before), min(len(text), match.end() + after)
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(high, spans[-1][1]))
        else:
            spans.append((low, high))
    return spans


def iter_matches(
    text: str, rule_file: RuleFile, *, engine: str | None = None
) -> Iterator[tuple[Rule, regex.Match[str]]]:
    """Yield ``(rule, match)`` for every non-empty match of every rule in the file.

    A rule runs only in the windows where the prefilter (``extract/prefilter.py``) says it
    may match; ``engine`` picks the prefilter (None: ``$NOTICEPARSE_PREFILTER``, else auto).
    """
    for rule, spans in rule_windows(text, rule_file, windows(text, rule_file), engine):
        for low, high in spans:
            for match in rule.regex.finditer(text, low, high):
                if match.end() > match.start():
                    yield rule, match


def best_matches(
    text: str, rule_file: RuleFile, mask: Sequence[tuple[int, int]] = (), *, engine: str | None = None
) -> list[tuple[Rule, regex.Match[str]]]:
    """Matches of all rules on the masked text, overlaps resolved longest-first."""
    masked = mask_spans(text, mask) if mask else text
    found = iter_matches(masked, rule_file, engine=engine)
    candidates = [(m.start(), m.end(), r.priority, (r, m)) for r, m in found]
    return cast(list[tuple[Rule, Any]], pick_longest(candidates))
