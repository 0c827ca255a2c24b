"""案件处分 (case penalties): the penalty phrases of a span of text, as pairs of the vocabulary.

Rules: ``rules/penalties.yaml``. Each rule is one way the genre writes a penalty; its
``data.gives`` entry says which (type, value) pairs it gives (开除党籍和公职 gives two).
Overlapping matches keep the longest, then the higher priority. A match is dropped when
it is a statistic (``党纪政务处分4人``), a quoted regulation, a condition, a plan or a
definition (``data.not_after``, ``data.not_in_clause``, ``data.not_before``).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from noticeparse.extract.prefilter import possible_rules
from noticeparse.rules import RuleFile, RuleSet, compiled

__all__ = ["PenaltyPhrase", "find_penalties"]

_CLAUSE_BREAK = regex.compile(r"[，,；;。！？!?\n：:]")
_SENTENCE_REACH = 200  # characters back a background cue (曾因…) is read in the penalty's sentence


@dataclass(frozen=True, slots=True)
class PenaltyPhrase:
    """One penalty phrase: its span, rule and the (type, value) pairs it gives."""

    start: int
    end: int
    rule_id: str
    gives: tuple[tuple[str, str], ...]
    recovery: bool  # recovers money (收缴, 退赔): follows a penalised person, never makes one


def find_penalties(text: str, start: int, end: int, rules: RuleSet) -> list[PenaltyPhrase]:
    """The penalties written in ``text[start:end]``, in text order.

    >>> from noticeparse.rules import load_rules
    >>> [p.gives for p in find_penalties("被开除党籍和公职，并处罚金", 0, 13, load_rules())]
    [(('党纪', '开除党籍'), ('政务', '开除'))]
    """
    table = rules["penalties"]
    found: list[tuple[int, int, int, regex.Match[str], str]] = []
    for rule in possible_rules(text[start:end], table):
        for match in rule.regex.finditer(text, start, end):
            if match.end() > match.start():
                found.append((match.start(), match.end(), rule.priority, match, rule.id))
    kept = _longest(found)
    return [_phrase(match, rule_id, table) for _s, _e, _p, match, rule_id in kept
            if _is_penalty(text, match.start(), match.end(), table)]


def _longest(found: list[tuple[int, int, int, regex.Match[str], str]]) -> list[tuple[int, int, int, regex.Match[str], str]]:
    """Non-overlapping matches: the longest (then the highest priority) of each overlap.

    Matches are cut into clusters that overlap one another (a sweep by start), and each cluster is
    resolved alone, so the work stays linear in the number of matches.
    """
    kept: list[tuple[int, int, int, regex.Match[str], str]] = []
    cluster: list[tuple[int, int, int, regex.Match[str], str]] = []
    reach = -1
    for item in sorted(found, key=lambda f: f[0]):
        if cluster and item[0] >= reach:
            kept += _resolve(cluster)
            cluster = []
        cluster.append(item)
        reach = max(reach, item[1]) if len(cluster) > 1 else item[1]
    return kept + _resolve(cluster)


def _resolve(cluster: list[tuple[int, int, int, regex.Match[str], str]]) -> list[tuple[int, int, int, regex.Match[str], str]]:
    kept: list[tuple[int, int, int, regex.Match[str], str]] = []
    for item in sorted(cluster, key=lambda f: (-(f[1] - f[0]), -f[2], f[0])):
        if all(item[1] <= k[0] or k[1] <= item[0] for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f[0])


def _phrase(match: regex.Match[str], rule_id: str, table: RuleFile) -> PenaltyPhrase:
    fold = table.data.get("fold") or {}
    groups = {k: fold.get(v, v) if v else "" for k, v in match.groupdict().items()}
    gives = tuple((str(kind), str(value).format(**groups)) for kind, value in table.data["gives"][rule_id])
    return PenaltyPhrase(match.start(), match.end(), rule_id, gives, rule_id in table.data["recoveries"])


def _is_penalty(text: str, start: int, end: int, table: RuleFile) -> bool:
    """Not a statistic, a quoted regulation, a condition, a plan, a definition or an earlier matter retold."""
    data = table.data
    if compiled(data["not_after"]).match(text[end : end + 16]) or compiled(data["not_before"]).match(text[end : end + 6]):
        return False
    clause_start = _clause_start(text, start)
    clause_end = _clause_end(text, end)
    if compiled(data["not_in_clause"]).search(text[clause_start:clause_end]):
        return False
    previous_end = clause_start - 1
    if previous_end > 0 and text[previous_end] in "，," and text[previous_end - 1] == "的":
        return False
    window = max(0, start - _SENTENCE_REACH)
    sentence_start = max(window, *(text.rfind(mark, window, start) + 1 for mark in "。！？\n"))
    return not compiled(data["not_in_sentence"]).search(text, sentence_start, start)


def _clause_start(text: str, position: int) -> int:
    window = max(0, position - 80)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, window, position)]
    return breaks[-1] if breaks else window


def _clause_end(text: str, position: int) -> int:
    match = _CLAUSE_BREAK.search(text, position, position + 80)
    return match.start() if match else min(len(text), position + 80)
