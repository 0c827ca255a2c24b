"""Terms (术语频次) and topic tags (问题领域) of the findings of a notice.

Rules: ``rules/topics.yaml`` (one rule per topic, its pattern the topic's keywords)
and ``rules/segment.yaml`` (``data.content_pos``, ``data.stopwords``). A finding is
an outline node with ``is_finding``; its text is everything its node spans.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any

from noticeparse.records import FindingTerm, FindingTopic, Notice, Token, TokenTable
from noticeparse.rules import RuleSet

__all__ = ["content_words", "finding_terms", "finding_topics", "tag_topics"]


def content_words(tokens: Sequence[Token], rules: RuleSet) -> list[Token]:
    """The words worth counting: a content POS, long enough, not a stopword, not an entity."""
    min_chars, stopwords, whole, prefixes = _content_rule(rules)
    return [t for t in tokens if not t.entity_kind and t.pos is not None and len(t.text) >= min_chars
            and t.text not in stopwords and (t.pos in whole or t.pos.startswith(prefixes))]


def _content_rule(rules: RuleSet) -> tuple[int, set[str], set[str], tuple[str, ...]]:
    """segment.yaml's content-word test: least characters, stopwords, POS, POS families."""
    data = rules["segment"].data
    pos = [str(p) for p in data.get("content_pos", [])]
    # one letter: a POS family (n → nr, ns)
    return int(data.get("min_term_chars", 2)), set(data.get("stopwords", [])), set(pos), tuple(p for p in pos if len(p) == 1)


def _content_columns(tokens: Sequence[Token], rules: RuleSet) -> tuple[list[str], list[int]]:
    """The text and start of each of ``content_words``, read from a ``TokenTable``'s columns when it is one."""
    if not isinstance(tokens, TokenTable):
        words = content_words(tokens, rules)
        return [t.text for t in words], [t.start for t in words]
    min_chars, stopwords, whole, prefixes = _content_rule(rules)
    kept = [(text, start) for text, start, pos, kind in zip(tokens.text, tokens.start, tokens.pos, tokens.entity_kind,
                                                            strict=True)
            if not kind and pos is not None and len(text) >= min_chars and text not in stopwords
            and (pos in whole or pos.startswith(prefixes))]
    return [text for text, _s in kept], [start for _t, start in kept]


def finding_terms(notice: Notice, tokens: Sequence[Token], rules: RuleSet) -> list[FindingTerm]:
    """Each finding's content words with their counts, most frequent first."""
    rows: list[FindingTerm] = []
    texts, starts = _content_columns(tokens, rules)
    ordered = all(a <= b for a, b in itertools.pairwise(starts))  # the segmenter's are: a finding is a slice
    for node in notice.findings:
        if ordered:
            counts = Counter(texts[bisect.bisect_left(starts, node.start):bisect.bisect_left(starts, node.end)])
        else:
            counts = Counter(text for text, start in zip(texts, starts, strict=True) if node.start <= start < node.end)
        rows += [FindingTerm(node.node_id, term, n)
                 for term, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return rows


def tag_topics(text: str, rules: RuleSet) -> list[tuple[str, str, list[str], int]]:
    """The topics of a text: ``(topic_id, label, keywords, hits)``, in taxonomy order.

    >>> from noticeparse.rules import load_rules
    >>> tag_topics("“三重一大”事项未经集体决策,违规发放津补贴", load_rules())[0][:3]
    ('topic.leadership', '党的领导', ['三重一大', '集体决策'])
    """
    rule_file = rules["topics"]
    labels = rule_file.data.get("labels", {})
    found = []
    for rule in sorted(rule_file.rules, key=lambda r: r.id):
        hits = [m.group() for m in rule.regex.finditer(text)]
        if hits:
            keywords = list(dict.fromkeys(hits))
            found.append((rule.id, str(labels.get(rule.id, rule.id)), keywords, len(hits)))
    order = {rule.id: i for i, rule in enumerate(_file_order(rules))}
    return sorted(found, key=lambda f: order.get(f[0], 0))


def _file_order(rules: RuleSet) -> list[Any]:
    labels = list(rules["topics"].data.get("labels", {}))
    by_id = {rule.id: rule for rule in rules["topics"].rules}
    return [by_id[i] for i in labels if i in by_id] + [r for r in by_id.values() if r.id not in labels]


def finding_topics(notice: Notice, rules: RuleSet) -> list[FindingTopic]:
    """Every topic of every finding with the keywords that matched."""
    rows: list[FindingTopic] = []
    for node in notice.findings:
        for topic_id, label, keywords, hits in tag_topics(notice.text[node.start:node.end], rules):
            rows.append(FindingTopic(node.node_id, label, topic_id, tuple(keywords), hits))
    return rows
