"""The ordered chain of extractors: each runs on the text masked by what came before.

Document numbers and 《titles》 come before dates (〔2021〕 is never a date, and a
date inside a title is a date of the title: ``in_title``), and everything before quantities (the
serial of a document number, digits in a title, a date or an outline marker are
never quantities). A failing extractor becomes a ``ParseIssue``; the chain itself
never raises on text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from noticeparse.extract.contact import extract_contacts
from noticeparse.extract.date import extract_dates
from noticeparse.extract.doc_number import extract_doc_numbers
from noticeparse.extract.outline import extract_outline
from noticeparse.extract.quantity import extract_quantities
from noticeparse.extract.role import assign_roles
from noticeparse.extract.title import extract_titles, link_titles
from noticeparse.fields import ENTITIES
from noticeparse.records import Contact, DateMention, DocNumber, OutlineNode, ParseIssue, Quantity, Title
from noticeparse.rules import RuleSet

__all__ = ["Entities", "EntitySpan", "extract_entities", "run_guarded"]

T = TypeVar("T")
EntitySpan = tuple[int, int, str]  # start, end, kind (``fields.Entity.kind``)


def run_guarded(stage: str, issues: list[ParseIssue], func: Callable[..., list[T]], *args: Any,
                **kw: Any) -> list[T]:
    """``func(*args, **kw)``; an exception becomes an E200 issue of ``stage`` and no result."""
    try:
        return func(*args, **kw)
    except Exception as exc:  # noqa: BLE001 - one extractor's bug must not lose the rest of the notice
        issues.append(ParseIssue(stage, "E200", f"{type(exc).__name__}: {exc}"))
        return []


def _spans(*groups: Sequence[Any]) -> list[tuple[int, int]]:
    return [(r.start, r.end) for group in groups for r in group]


@dataclass(frozen=True, slots=True)
class Entities:
    """What the extractors found in one text, before outline nodes are attached."""

    doc_numbers: list[DocNumber]
    titles: list[Title]
    contacts: list[Contact]
    outline: list[OutlineNode]
    dates: list[DateMention]
    quantities: list[Quantity]

    def spans(self) -> list[EntitySpan]:
        """Every entity as ``(start, end, kind)``, in text order.

        >>> from noticeparse.rules import load_rules
        >>> extract_entities("2021年8月5日,巡察组进驻", load_rules()).spans()
        [(0, 9, 'date')]
        """
        return sorted((r.start, r.end, item.entity.kind) for item in ENTITIES if item.entity
                      for r in getattr(self, item.table))


def extract_entities(
    text: str, rules: RuleSet, *, reference_date: date | None = None, issues: list[ParseIssue] | None = None
) -> Entities:
    """Run every extractor on ``text`` in order, each masked by what came before.

    A failing extractor adds an E200 issue to ``issues`` and finds nothing.
    """
    issues = issues if issues is not None else []
    doc_numbers = run_guarded("doc_number", issues, extract_doc_numbers, text, rules)
    titles, doc_numbers = link_titles(text, run_guarded("title", issues, extract_titles, text, rules),
                                      doc_numbers, rules)
    contacts = run_guarded("contact", issues, extract_contacts, text, rules, mask=_spans(doc_numbers))
    outline = run_guarded("outline", issues, extract_outline, text, rules)
    markers = [(n.marker_start, n.marker_end) for n in outline]
    dates = run_guarded("date", issues, extract_dates, text, rules, reference_date=reference_date,
                        mask=_spans(doc_numbers, contacts) + markers, titles=_spans(titles))
    quantities = run_guarded("quantity", issues, extract_quantities, text, rules,
                             mask=_spans(doc_numbers, titles, dates, contacts) + markers)
    quantities = run_guarded("role", issues, assign_roles, text, quantities, rules) or quantities
    return Entities(doc_numbers, titles, contacts, outline, dates, quantities)
