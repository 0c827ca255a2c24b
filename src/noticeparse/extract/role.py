"""Roles of quantities (数量的角色): what an amount is — recovered, involved, completed, a threshold ….

Rules: ``rules/roles.yaml`` and ``rules/scope.yaml``. Each quantity gets, from the words of its
clause, a ``role`` and the ``role_rule_id`` that gave it (null when no rule matches), from its
sentence a ``scope`` (case, aggregate or unit), ``part_of`` (the ``start`` of the whole it is a part of: 约714亩土地中，
完成约356亩) and, for money, the ``noun`` the clause before it names (党费, 津补贴, 理财产品 …).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import regex

from noticeparse.records import Quantity
from noticeparse.rules import RuleSet, compiled

__all__ = ["assign_roles", "scope_cases"]

_COMMAS = regex.compile(r"[，,]*+")  # what may stand between a whole and the 其中 of its parts


def assign_roles(text: str, quantities: Sequence[Quantity], rules: RuleSet) -> list[Quantity]:
    """Give every quantity its role, whole and (for money) noun.

    >>> from noticeparse.extract.quantity import extract_quantities
    >>> from noticeparse.rules import load_rules
    >>> text = "已追回违规发放的津补贴10万元，对3000万元以上的项目"
    >>> [(q.text, q.role, q.bound, q.noun) for q in assign_roles(text, extract_quantities(text, load_rules()), load_rules())]
    [('10万元', 'recovered', 'exact', '津补贴'), ('3000万元以上', 'threshold', 'min', None)]
    """
    data = rules["roles"].data
    tables = {**(rules["quantity"].data.get("char_fold") or {}), **(data.get("char_fold") or {})}
    fold = {ord(k): str(v) for k, v in tables.items() if len(k) == 1 and len(str(v)) == 1}
    folded = text.translate(fold)  # one character for one: offsets hold
    out = [_with_role(text, folded, q, rules, data) for q in quantities]
    if "scope" in rules.files:
        out = [dataclasses.replace(q, scope=_scope(folded, q, rules)) for q in out]
    return _with_wholes(folded, out, data)


def _clause(text: str, start: int, end: int, data: Mapping[str, Any]) -> tuple[str, str]:
    """The clause before ``start`` and the clause after ``end`` (each within data.clause_window)."""
    window = int(data.get("clause_window", 40))
    breaks = compiled(str(data.get("clause_break", "[，。；\n]")))
    before = text[max(0, start - window) : start]
    cuts = [m.end() for m in breaks.finditer(before)]
    before = before[cuts[-1] :] if cuts else before
    after = text[end : end + window]
    stop = breaks.search(after)
    return before, after[: stop.start()] if stop else after


def _with_role(text: str, folded: str, q: Quantity, rules: RuleSet, data: Mapping[str, Any]) -> Quantity:
    before, after = _clause(folded, q.start, q.end, data)
    role, rule_id = None, None
    if q.category in (data.get("categories") or [q.category]):
        own = folded[q.start : q.end] + ("的" if after.startswith("的") else "")  # 不超过5000元的: a limit
        skip = set(data.get("needs_de") or ()) if not after.startswith("的") else set()
        if q.category != "money":
            skip |= set(data.get("money_only") or ())
        role, rule_id = _pick_role(own, before, after, rules, data, skip)
    noun = q.noun
    if q.category == "money" and noun is None:
        at = _money_noun(before, data.get("money_nouns") or [])
        if at is not None:  # as written (the clause is folded)
            begin = q.start - len(before) + at[0]
            noun = text[begin : begin + at[1]]
    return dataclasses.replace(q, role=role, role_rule_id=rule_id, noun=noun)


def scope_cases(quantities: Sequence[Quantity], cases: Sequence[tuple[int, int]]) -> list[Quantity]:
    """The quantities inside a case's span (the cases table) are the case's: ``scope = 'case'``, but
    a statistic a case notice quotes stays ``aggregate``.

    >>> from noticeparse.extract.quantity import extract_quantities
    >>> from noticeparse.rules import load_rules
    >>> text = "1.陈堃违规发放加班补贴8.7万元。"
    >>> [q.scope for q in scope_cases(assign_roles(text, extract_quantities(text, load_rules()), load_rules()), [(0, 20)])]
    ['case']
    """
    def inside(q: Quantity) -> bool:
        return any(start <= q.start < end for start, end in cases)

    return [dataclasses.replace(q, scope="case") if q.scope != "aggregate" and inside(q) else q for q in quantities]


def _scope(text: str, q: Quantity, rules: RuleSet) -> str | None:
    """case, aggregate or unit (rules/scope.yaml): the best rule that matches the quantity's sentence."""
    scope = rules["scope"]
    window = int(scope.data.get("sentence_window", 80))
    breaks = compiled(str(scope.data.get("sentence_break", "[。；\n]")))
    before = text[max(0, q.start - window) : q.start]
    cuts = [m.end() for m in breaks.finditer(before)]
    begin = q.start - len(before) + (cuts[-1] if cuts else 0)
    stop = breaks.search(text, q.end, q.end + window)
    sentence = text[begin : stop.start() if stop else min(len(text), q.end + window)]
    names = scope.data.get("scopes") or {}
    for rule in sorted(scope.rules, key=lambda r: -r.priority):
        if rule.regex.search(sentence):
            return str(names.get(rule.id)) if names.get(rule.id) else None
    default = scope.data.get("default")
    return str(default) if default else None


def _pick_role(own: str, before: str, after: str, rules: RuleSet, data: Mapping[str, Any],
               skip: set[str]) -> tuple[str | None, str | None]:
    """The role of the best rule (not in ``skip``) on the first side (own text, before, after) that any matches."""
    sides = data.get("sides") or {}
    roles = data.get("roles") or {}
    for side, where in (("self", own), ("before", before), ("after", after)):
        best: tuple[int, int, str] | None = None
        for rule in rules["roles"].rules:
            if rule.id in skip:
                continue
            wanted = sides.get(rule.id, "both")
            if wanted != side and not (wanted == "both" and side != "self") \
                    and not (wanted == "before_end" and side == "before"):
                continue
            hits = list(rule.regex.finditer(where))
            if not hits:
                continue
            near = len(where) - hits[-1].end() if side == "before" else hits[0].start()
            key = (rule.priority, -near, rule.id)
            if best is None or key[:2] > best[:2]:
                best = key
        if best is not None:
            return roles.get(best[2]), best[2]
    return None, None


def _money_noun(before: str, nouns: Sequence[str]) -> tuple[int, int] | None:
    """Where the money noun of the clause before is (start, length): the one ending latest, then the longest."""
    best: tuple[int, int, int] | None = None
    for noun in nouns:
        at = before.rfind(noun)
        if at >= 0:
            key = (at + len(noun), len(noun), at)
            if best is None or key[:2] > best[:2]:
                best = key
    return (best[2], best[1]) if best else None


def _with_wholes(text: str, quantities: list[Quantity], data: Mapping[str, Any]) -> list[Quantity]:
    """Link parts to their whole: a quantity followed by …中 (or a clause opening 其中) is a whole of
    the later quantities of its unit in the same sentence.

    A sentence's end is searched once for all its quantities, and neither it nor the later quantities
    are read to the end of the sentence per quantity (quadratic in one long sentence: 98.5%、 repeated).
    """
    whole_after = compiled(str(data.get("whole_after", r"^\p{Han}{0,8}?中")))
    intro = str(data.get("parts_intro", "其中"))
    ends = _sentence_ends(text, compiled(str(data.get("sentence_break", "[。；\n]"))))
    ordered = all(a.start <= b.start for a, b in itertools.pairwise(quantities))
    out = list(quantities)
    for i, whole in enumerate(out):
        if whole.part_of is not None:
            continue
        limit = ends(whole.end)
        commas = _COMMAS.match(text, whole.end, limit)
        opens = (whole_after.search(text[whole.end : whole.end + 12]) is not None
                 or text.startswith(intro, commas.end() if commas else whole.end, limit))
        if not opens:
            continue
        parts = []
        for j in range(i + 1, len(out)):
            if ordered and out[j].start >= limit:
                break  # sorted: no later quantity is in the sentence
            if out[j].start < limit and out[j].unit == whole.unit:
                parts.append(j)
        for j in parts:
            out[j] = dataclasses.replace(out[j], part_of=whole.start)
        if parts and whole.role is None:
            out[i] = dataclasses.replace(whole, role="total", role_rule_id="role.whole")
    return out


def _sentence_ends(text: str, sentence: regex.Pattern[str]) -> Callable[[int], int]:
    """``end(i)``: where ``sentence.search(text, i)`` starts (the text's length when it finds none); a search
    is made again only when ``i`` passes the end found last or comes before where that search began."""
    last = [0, -1]  # where the last search began, what it found

    def end(i: int) -> int:
        if not last[0] <= i <= last[1]:
            match = sentence.search(text, i)
            last[:] = [i, match.start() if match else len(text)]
        return last[1]

    return end
