"""Notice kind (文种/类别): 巡视整改, 巡察整改, 典型问题通报, 审计整改, 政策文件, 函复 or 其他.

Rules: ``rules/kinds.yaml``. Title rules (``kind.title_*``) read the notice's title, body rules
(``kind.body_*``) the start of its body, in ``data.order``; the first match decides and its rule
id is kept, so every kind can be traced to the cue that gave it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from noticeparse.rules import RuleSet

# a line that starts the body (an outline marker) or holds a sentence is not part of a title
_BODY_LINE = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．])|.*[。：:；;]$|.*。")


@dataclass(frozen=True, slots=True)
class NoticeKind:
    """The kind of a notice and the rule that decided it (None: no rule, the default kind)."""

    kind: str
    rule_id: str | None


def classify_notice(title: str | None, text: str, rules: RuleSet) -> NoticeKind:
    """The kind of a notice from its title and the start of its body.

    >>> from noticeparse.rules import load_rules
    >>> classify_notice("中央纪委国家监委公开通报八起违规吃喝典型问题", "", load_rules())
    NoticeKind(kind='典型问题通报', rule_id='kind.title_case')
    >>> classify_notice(None, "一、总体情况\\n现将巡察整改进展情况予以公布。", load_rules()).kind
    '巡察整改'
    """
    kinds = rules["kinds"]
    data = kinds.data
    titles = _title_candidates(title, text)
    order = [str(r) for r in data["order"]]
    title_rules = [r for r in order if r.startswith("kind.title_")]
    fallback = set(data.get("fallback_rules", ()))
    for rules_now in ([r for r in title_rules if r not in fallback], [r for r in title_rules if r in fallback]):
        for candidate in titles:  # the title first, then the first lines as they grow
            for rule_id in rules_now:
                if kinds.rule(rule_id).regex.search(candidate):
                    return NoticeKind(str(data["kinds"][rule_id]), rule_id)
    head = text[: int(data["body_window"])]
    first: tuple[int, str] | None = None
    for rule_id in (r for r in order if not r.startswith("kind.title_")):
        match = kinds.rule(rule_id).regex.search(head)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), rule_id)
    if first:  # the cue that comes first speaks of the notice itself, later ones of what it cites
        return NoticeKind(str(data["kinds"][first[1]]), first[1])
    return NoticeKind(str(data["default"]), None)


def _title_candidates(title: str | None, text: str) -> list[str]:
    """The title and the first one to three lines joined: pages often break a title over lines."""
    lines: list[str] = []
    for line in (line.strip() for line in text.split("\n")[:8] if line.strip()):
        if len(lines) == 3 or _BODY_LINE.match(line):
            break
        lines.append(line)
    joined = ["".join(lines[:n]) for n in range(1, len(lines) + 1)]
    return [t for t in [(title or "").strip(), *joined] if t and len(t) <= 120]
