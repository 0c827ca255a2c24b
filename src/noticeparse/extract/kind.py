"""Notice kind (文种/类别) and form (notice, news, repost, commentary) from the title and the body.

Rules: ``rules/kinds.yaml`` and ``rules/form.yaml``, matched on the normalised view. The form is
read first; a form that fixes the kind (a commentary is 其他: ``kinds.yaml data.form_kinds``)
decides it. Otherwise the title rules (``kind.title_*``) read the notice's title, the body rules
(``kind.body_*``) the start of its body, each in ``data.order``. When title and body name two
kinds the body's wins (a repost's rewritten headline says little) and the rule id names both,
``<body rule>>over:<title rule>``, unless the title rule is one of ``data.title_decides`` (a
document's own type: 复函, 意见, 决定). Every kind and form can be traced to the cue that gave it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from noticeparse.rules import RuleFile, RuleSet

__all__ = ["NoticeKind", "classify_form", "classify_notice"]

# a line that starts the body (an outline marker) or holds a sentence is not part of a title
_BODY_LINE = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．])|.*[。：:；;]$|.*。")
OVER = ">over:"  # joins the body rule that won to the title rule it overruled


@dataclass(frozen=True, slots=True)
class NoticeKind:
    """The kind and form of a notice and the rules that decided them (None: no rule, the default)."""

    kind: str
    rule_id: str | None
    form: str = "notice"
    form_rule_id: str | None = None


def classify_notice(title: str | None, text: str, rules: RuleSet, *, folds: Sequence[str] = ()) -> NoticeKind:
    """The kind and form of a notice from its title and the start of its body.

    ``folds`` are the folds its normalised view made (``notices.normalised``).

    >>> from noticeparse.rules import load_rules
    >>> classify_notice("中央纪委国家监委公开通报八起违规吃喝典型问题", "", load_rules())
    NoticeKind(kind='典型问题通报', rule_id='kind.title_case', form='notice', form_rule_id=None)
    >>> classify_notice(None, "一、总体情况\\n现将巡察整改进展情况予以公布。", load_rules()).kind
    '巡察整改'
    >>> found = classify_notice("今日锐评丨节前通报释放强烈信号", "", load_rules())
    >>> found.kind, found.rule_id, found.form
    ('其他', 'form.title_commentary', 'commentary')
    """
    form, form_rule = classify_form(title, text, rules, folds=folds)
    kinds = rules["kinds"]
    fixed = (kinds.data.get("form_kinds") or {}).get(form)
    if fixed is not None:
        return NoticeKind(str(fixed), form_rule, form, form_rule)
    titles = _title_candidates(title, text)
    by_title = _first_title_rule(kinds, titles)
    by_body = _first_body_rule(kinds, text)
    kind_of = kinds.data["kinds"]
    overrules = by_title not in set(kinds.data.get("title_decides", ()))
    if by_body and by_title and kind_of[by_body] != kind_of[by_title] and overrules:
        return NoticeKind(str(kind_of[by_body]), f"{by_body}{OVER}{by_title}", form, form_rule)
    rule_id = by_title or by_body
    return NoticeKind(str(kind_of[rule_id] if rule_id else kinds.data["default"]), rule_id, form, form_rule)


def classify_form(title: str | None, text: str, rules: RuleSet, *, folds: Sequence[str] = ()) -> tuple[str, str | None]:
    """The form of a notice (``rules/form.yaml``) and the rule that decided it.

    >>> from noticeparse.rules import load_rules
    >>> classify_form("关于巡察整改进展情况的通报", "现将整改进展情况予以公布。", load_rules())
    ('notice', None)
    >>> classify_form("关于巡察整改进展情况的通报", "", load_rules(), folds=["normalise.traditional"])
    ('repost', None)
    """
    forms = rules["form"]
    data = forms.data
    titles = _title_candidates(title, text)[:1]  # the headline itself: a byline below it is no headline
    head = text[: int(data["body_window"])]
    for rule_id in (str(r) for r in data["order"]):
        rule = forms.rule(rule_id)
        found = any(rule.regex.search(t) for t in titles) if rule_id.startswith("form.title_") else rule.regex.search(head)
        if found:
            return str(data["forms"][rule_id]), rule_id
    if set(folds) & {str(f) for f in data.get("folded", ())}:
        return str(data["folded_form"]), None
    return str(data["default"]), None


def _first_title_rule(kinds: RuleFile, titles: Iterable[str]) -> str | None:
    """The first title rule (in order) that matches the title or the first lines; fallback rules last."""
    titles = list(titles)
    title_rules = [str(r) for r in kinds.data["order"] if str(r).startswith("kind.title_")]
    fallback = set(kinds.data.get("fallback_rules", ()))
    for rules_now in ([r for r in title_rules if r not in fallback], [r for r in title_rules if r in fallback]):
        for candidate in titles:  # the title first, then the first lines as they grow
            for rule_id in rules_now:
                if kinds.rule(rule_id).regex.search(candidate):
                    return rule_id
    return None


def _first_body_rule(kinds: RuleFile, text: str) -> str | None:
    """The body rule whose cue comes first in the body's window: it speaks of the notice, later ones of what it cites."""
    head = text[: int(kinds.data["body_window"])]
    first: tuple[int, str] | None = None
    for rule_id in (str(r) for r in kinds.data["order"] if not str(r).startswith("kind.title_")):
        match = kinds.rule(rule_id).regex.search(head)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), rule_id)
    return first[1] if first else None


def _title_candidates(title: str | None, text: str) -> list[str]:
    """The title and the first one to three lines joined: pages often break a title over lines."""
    lines: list[str] = []
    for line in (line.strip() for line in text.split("\n")[:8] if line.strip()):
        if len(lines) == 3 or _BODY_LINE.match(line):
            break
        lines.append(line)
    joined = ["".join(lines[:n]) for n in range(1, len(lines) + 1)]
    return [t for t in [(title or "").strip(), *joined] if t and len(t) <= 120]

