"""Titled documents (书名): 《…》, and the document number that follows one.

Rules: ``rules/title.yaml``. Named group read: title.
"""

from __future__ import annotations

import dataclasses

from noticeparse.extract.common import best_matches
from noticeparse.records import DocNumber, Title
from noticeparse.rules import RuleSet, compiled


def extract_titles(text: str, rules: RuleSet) -> list[Title]:
    """Find 《titles》; ``Title.text`` keeps the brackets, ``Title.title`` drops them.

    >>> from noticeparse.rules import load_rules
    >>> [t.title for t in extract_titles("依据《中国共产党巡视工作条例》《条例》", load_rules())]
    ['中国共产党巡视工作条例', '条例']
    """
    return [
        Title(text=m.group(0), start=m.start(), end=m.end(), title=m.group("title").strip(), rule_id=r.id)
        for r, m in best_matches(text, rules["title"])
    ]


def link_titles(
    text: str, titles: list[Title], doc_numbers: list[DocNumber], rules: RuleSet
) -> tuple[list[Title], list[DocNumber]]:
    """Attach a document number to the title it directly follows: 《X》(滨海湾工委〔2020〕26号)."""
    gap = compiled(rules["title"].data["doc_number_gap"])
    by_end = {t.end: t for t in titles}
    linked_titles = {t.start: t for t in titles}
    linked_numbers = []
    for number in doc_numbers:
        title = next(
            (by_end[end] for end in range(number.start, max(number.start - 4, -1), -1)
             if end in by_end and gap.match(text[end:number.start])),
            None,
        )
        if title is None:
            linked_numbers.append(number)
            continue
        linked_numbers.append(dataclasses.replace(number, title=title.title))
        linked_titles[title.start] = dataclasses.replace(title, doc_number=number.canonical)
    return [linked_titles[k] for k in sorted(linked_titles)], linked_numbers
