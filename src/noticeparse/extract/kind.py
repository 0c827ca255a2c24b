"""Notice kind (文种/类别) and form (notice, news, repost, commentary) from the title and the body.

Rules: ``rules/kinds.yaml`` and ``rules/form.yaml``, matched on the normalised view. The form is
read first (the first rule of ``form.yaml data.order`` that matches and is not barred by one of
its ``data.unless`` rules); a form that fixes the kind (a commentary is 其他:
``kinds.yaml data.form_kinds``) decides it. Otherwise the title rules (``kind.title_*``) read the
notice's title, the body rules (``kind.body_*``) the start of its body, each in ``data.order``,
``data.fallback_rules`` only when no other rule of their side matches, ``data.lead_rules`` only in
the first ``data.lead_lines`` lines (what a text retells in its opening, not what a feature cites
further down). When title and body name two kinds the body's wins (a repost's rewritten headline says little) and the rule id names both,
``<body rule>>over:<title rule>``, unless the title rule is one of ``data.title_decides`` (a
document's own type: 复函, 意见, 决定) or the body rule may overrule only other title rules
(``data.overrules_only``). Every kind and form can be traced to the cue that gave it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from noticeparse.rules import RuleFile, RuleSet

__all__ = ["NoticeKind", "classify_form", "classify_notice"]

# a line that starts the body (an outline marker) or holds a sentence is not part of a title
# a line that opens with an outline marker, ends with a stop or a colon, or holds a full stop; possessive
# runs and a lookbehind keep it linear on one long line (`.*[。：]$` backtracked at every colon: quadratic)
_BODY_LINE = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．])"
                           r"|[^\n]*+(?<=[。：:；;])$|[^。\n]*+。")
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
    if by_body and by_title and kind_of[by_body] != kind_of[by_title] and _overrules(kinds, by_body, by_title):
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
    window = _head_and_tail(text, int(data["body_window"]), int(data.get("tail_window", 0)))
    found: dict[str, bool] = {}

    def matches(rule_id: str) -> bool:
        if rule_id not in found:
            rule = forms.rule(rule_id)
            on = titles if rule_id.startswith("form.title_") else [window]
            found[rule_id] = any(rule.regex.search(t) for t in on)
        return found[rule_id]

    unless = data.get("unless") or {}
    for rule_id in (str(r) for r in data["order"]):
        if matches(rule_id) and not any(matches(str(u)) for u in unless.get(rule_id, ())):
            return str(data["forms"][rule_id]), rule_id
    if set(folds) & {str(f) for f in data.get("folded", ())}:
        return str(data["folded_form"]), None
    return str(data["default"]), None


def _first_title_rule(kinds: RuleFile, titles: Iterable[str]) -> str | None:
    """The first title rule (in order) that matches the title or the first lines; fallback rules last."""
    titles = list(titles)
    for rules_now in _tiers(kinds, title=True):
        for candidate in titles:  # the title first, then the first lines as they grow
            for rule_id in rules_now:
                if kinds.rule(rule_id).regex.search(candidate):
                    return rule_id
    return None


def _first_body_rule(kinds: RuleFile, text: str) -> str | None:
    """The body rule whose cue comes first in the body's window: it speaks of the notice, later ones of what it cites.

    Fallback rules are tried only when no other body rule matches; lead rules read only the opening lines.
    """
    head = text[: int(kinds.data["body_window"])]
    lead = _lead(head, int(kinds.data.get("lead_lines", 0)))
    lead_rules = set(kinds.data.get("lead_rules", ()))
    for rules_now in _tiers(kinds, title=False):
        first: tuple[int, str] | None = None
        for rule_id in rules_now:
            match = kinds.rule(rule_id).regex.search(lead if rule_id in lead_rules else head)
            if match and (first is None or match.start() < first[0]):
                first = (match.start(), rule_id)
        if first:
            return first[1]
    return None


def _tiers(kinds: RuleFile, *, title: bool) -> tuple[list[str], list[str]]:
    """The title (or body) rules in order: the others first, then ``data.fallback_rules``."""
    side = [str(r) for r in kinds.data["order"] if str(r).startswith("kind.title_") == title]
    fallback = set(kinds.data.get("fallback_rules", ()))
    return [r for r in side if r not in fallback], [r for r in side if r in fallback]


def _lead(head: str, lines: int) -> str:
    """The first ``lines`` non-empty lines of the body (all of it with none): title, source lines, the lead."""
    end = seen = 0
    for line in head.split("\n"):
        end += len(line) + 1
        seen += bool(line.strip())
        if seen == lines:
            return head[: end - 1]
    return head


def _overrules(kinds: RuleFile, by_body: str, by_title: str) -> bool:
    """Whether a body rule's kind replaces a title rule's (a document's own type and limited body rules do not)."""
    if by_title in set(kinds.data.get("title_decides", ())):
        return False
    only = (kinds.data.get("overrules_only") or {}).get(by_body)
    return only is None or by_title in set(only)


def _head_and_tail(text: str, head: int, tail: int) -> str:
    """The start of the body and, apart from it, its end (where bylines and source notes also stand)."""
    if len(text) <= head + tail:
        return text
    return text[:head] + "\n" + text[len(text) - tail:]


def _title_candidates(title: str | None, text: str) -> list[str]:
    """The title and the first one to three lines joined: pages often break a title over lines."""
    lines: list[str] = []
    for line in (line.strip() for line in text.split("\n")[:8] if line.strip()):
        if len(lines) == 3 or _BODY_LINE.match(line):
            break
        lines.append(line)
    joined = ["".join(lines[:n]) for n in range(1, len(lines) + 1)]
    return [t for t in [(title or "").strip(), *joined] if t and len(t) <= 120]

