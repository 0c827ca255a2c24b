"""Terms (术语频次) and topic tags (问题领域) of the findings of a notice.

Rules: ``rules/topics.yaml`` (one rule per topic, its pattern the topic's keywords)
and ``rules/segment.yaml`` (``data.content_pos``, ``data.stopwords``). A finding is
an outline node with ``is_finding``; its text is everything its node spans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from noticeparse.records import Notice
from noticeparse.rules import RuleSet

if TYPE_CHECKING:
    from noticeparse.segment.segmenter import Token

__all__ = ["content_words", "finding_terms", "finding_topics", "node_index", "tag_topics"]


def node_index(notice: Notice) -> list[int | None]:
    """For every character, the innermost outline node holding it (as ``innermost_node``).

    Shallow nodes are painted first and deeper ones over them, so one pass over the
    outline replaces a search per token.
    """
    index: list[int | None] = [None] * (len(notice.text) + 1)
    for node in sorted(notice.outline, key=lambda n: n.level):  # stable: later nodes win ties
        index[node.start:node.end] = [node.node_id] * (node.end - node.start)
    return index


def content_words(tokens: Sequence[Token], rules: RuleSet) -> list[Token]:
    """The words worth counting: a content POS, long enough, not a stopword, not an entity."""
    data = rules["segment"].data
    min_chars = int(data.get("min_term_chars", 2))
    stopwords = set(data.get("stopwords", []))
    pos = [str(p) for p in data.get("content_pos", [])]
    whole, prefixes = set(pos), tuple(p for p in pos if len(p) == 1)  # one letter: a POS family (n → nr, ns)
    return [t for t in tokens if not t.entity_kind and t.pos is not None and len(t.text) >= min_chars
            and t.text not in stopwords and (t.pos in whole or t.pos.startswith(prefixes))]


def finding_terms(notice: Notice, tokens: Sequence[Token], rules: RuleSet) -> list[dict[str, Any]]:
    """``terms`` rows: each finding's content words with their counts, most frequent first."""
    rows = []
    content = content_words(tokens, rules)
    for node in notice.findings:
        counts = Counter(t.text for t in content if node.start <= t.start < node.end)
        rows += [{"notice_id": notice.notice_id, "node_id": node.node_id, "term": term, "count": n}
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


def finding_topics(notice: Notice, rules: RuleSet) -> list[dict[str, Any]]:
    """``topics`` rows: every topic of every finding with the keywords that matched."""
    rows = []
    for node in notice.findings:
        for topic_id, label, keywords, hits in tag_topics(notice.text[node.start:node.end], rules):
            rows.append({"notice_id": notice.notice_id, "node_id": node.node_id, "topic": label,
                         "topic_id": topic_id, "keywords": keywords, "hits": hits})
    return rows
