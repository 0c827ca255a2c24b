"""Contacts (联系方式): phone, email, postcode and address, as published for feedback.

Rules: ``rules/contact.yaml``. Named group read: value (the stored span).
"""

from __future__ import annotations

from collections.abc import Sequence

from noticeparse.extract.common import best_matches
from noticeparse.records import Contact
from noticeparse.rules import RuleSet


def extract_contacts(text: str, rules: RuleSet, *, mask: Sequence[tuple[int, int]] = ()) -> list[Contact]:
    """Find contacts; the span is the value itself, without its label.

    >>> from noticeparse.rules import load_rules
    >>> [(c.kind, c.value) for c in extract_contacts("电话:26889227;邮政编码:523889", load_rules())]
    [('phone', '26889227'), ('postcode', '523889')]
    """
    kinds = rules["contact"].data["kinds"]
    found = []
    for rule, match in best_matches(text, rules["contact"], mask):
        start, end = match.span("value")
        value = text[start:end]
        found.append(Contact(kind=kinds[rule.id], value=value, text=value, start=start, end=end, rule_id=rule.id))
    return found
