"""The parse plan: one ordered table of named steps, each saying what it fills and what it needs.

A step reads named values (its ``needs``) and returns the values it ``fills``, as spaCy's
components declare ``assigns`` and ``requires``; ``tests/extract/test_plan.py`` checks that
every need is an input of the parse or filled by an earlier step, and a step that reads a
value it did not declare fails. The order is the table's (dateparser keeps its parsers in
one list of names): document numbers and 《titles》 come before dates (〔2021〕 is never a
date, a date inside a title belongs to the title), everything before quantities (the serial
of a document number, digits in a title, a date or an outline marker are never quantities),
the metadata before the kind (it reads the title), the kind before the cases.

The parse (``parse/notice.py``) supplies the steps of the stages above this one, which this
table names with ``run=None``: ``view`` (the normalised text every rule matches on), ``header``,
``segment``, ``notice`` (the ``Notice``, its record tables taken from the field registry in one
loop) and ``remap`` (every offset back onto the stored text). A failing guarded step becomes an
E200 issue named after it and fills nothing new (a value filled before is kept, a record table
is empty); parsing never raises on text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from noticeparse.errors import Code
from noticeparse.extract.alias import extract_aliases, with_canonical_names
from noticeparse.extract.case import extract_cases, stated_case_count
from noticeparse.extract.contact import extract_contacts
from noticeparse.extract.date import extract_dates
from noticeparse.extract.doc_number import extract_doc_numbers
from noticeparse.extract.kind import classify_notice
from noticeparse.extract.measure import extract_measures, summarize_findings
from noticeparse.extract.metadata import extract_metadata
from noticeparse.extract.outline import extract_outline, node_index
from noticeparse.extract.quantity import extract_quantities
from noticeparse.extract.role import assign_roles
from noticeparse.extract.rounds import extract_rounds
from noticeparse.extract.title import extract_titles, link_titles
from noticeparse.fields import ENTITIES, FIELDS
from noticeparse.records import (
    Contact,
    DateMention,
    DocNumber,
    NoticeMeta,
    OutlineNode,
    ParseIssue,
    Quantity,
    Title,
)
from noticeparse.rules import RuleSet

__all__ = [
    "INPUTS", "ISSUES", "PLAN", "RECORDS", "STEP_NAMES", "Entities", "EntitySpan", "PlanError", "Slots", "Step",
    "extract_entities", "plan_steps", "record_tables", "run_plan",
]

EntitySpan = tuple[int, int, str]  # start, end, kind (``fields.Entity.kind``)
RECORDS = "*records"  # in ``needs``: every registry table an earlier step fills
ISSUES = "*issues"  # in ``fills``: warnings the step reports, added to the notice's issues (never a value)
INPUTS = ("body", "page_header", "chrome_fields", "options", "rules")  # what the parse gives the plan
# the record tables a Notice holds directly (a case's violations ride with the cases)
TABLES = tuple(f.notice_attribute for f in FIELDS if "." not in f.notice_attribute)


class PlanError(ValueError):
    """A plan that cannot run: an unknown step, a need nothing filled, a step without its implementation."""


@dataclass(frozen=True, slots=True)
class Step:
    """One named step: what it needs, what it fills (in the order ``run`` returns them), how it runs."""

    name: str
    fills: tuple[str, ...]
    needs: tuple[str, ...]
    run: Callable[[Slots], Any] | None = None  # None: a step of a higher stage, supplied by the parse
    guarded: bool = True  # False: a failure is a bug of the parse itself and is raised


class Slots:
    """The values one step may read: its needs, as attributes; anything else is a ``PlanError``."""

    __slots__ = ("_needs", "_step", "_values")

    def __init__(self, values: Mapping[str, Any], step: Step, needs: frozenset[str]) -> None:
        self._values, self._step, self._needs = values, step, needs

    def __getattr__(self, name: str) -> Any:
        if name not in self._needs:
            raise PlanError(f"step {self._step.name!r} reads {name!r}, which it does not declare")
        return self._values[name]

    def tables(self) -> Iterator[str]:
        """The registry tables among this step's needs, in registry order."""
        return (name for name in TABLES if name in self._needs)


def _spans(*groups: Sequence[Any]) -> list[tuple[int, int]]:
    return [(r.start, r.end) for group in groups for r in group]


def _markers(outline: Sequence[OutlineNode]) -> list[tuple[int, int]]:
    return [(n.marker_start, n.marker_end) for n in outline]


def _kind(s: Slots) -> tuple[Any, Any]:
    kind = classify_notice(s.meta.title if s.meta else None, s.text, s.rules, folds=s.folds)
    if not s.meta:
        return kind, s.meta
    return kind, dataclasses.replace(s.meta, kind=kind.kind, kind_rule_id=kind.rule_id, form=kind.form,
                                     form_rule_id=kind.form_rule_id)


def _stated_cases(s: Slots) -> tuple[Any, list[ParseIssue]]:
    """A case notice's own case count (通报5起) on its metadata; a W301 issue when the cases found differ.

    Read in a case notice, or a notice with cases that is no commentary (which quotes other notices' counts).
    """
    meta = s.meta
    if not meta or meta.form == "commentary" or (meta.kind not in set(s.rules["case"].data["case_kinds"])
                                                  and not s.cases):
        return meta, []
    stated = stated_case_count(s.text, s.rules)
    if stated is None:
        return meta, []
    warnings = [] if stated == len(s.cases) else [
        ParseIssue("stated_cases", Code.W301, f"the notice states {stated} cases, {len(s.cases)} found")]
    return dataclasses.replace(meta, stated_cases=stated), warnings


def _rounds(s: Slots) -> tuple[Any, Any]:
    found = extract_rounds(s.text, s.rules, meta=s.meta or NoticeMeta(), dates=s.dates, aliases=s.aliases)
    return found.refs, found.mentions


# fmt: off
PLAN: tuple[Step, ...] = (
    #    name          fills                                  needs
    Step("view",       ("text", "view", "script", "folds"),   ("body", "options", "rules"), guarded=False),
    Step("header",     ("header", "reference_date"),          ("text", "page_header", "chrome_fields", "options",
                                                               "rules"), guarded=False),
    Step("doc_number", ("doc_numbers",),                      ("text", "rules"),
         lambda s: extract_doc_numbers(s.text, s.rules)),
    Step("title",      ("titles",),                           ("text", "rules"),
         lambda s: extract_titles(s.text, s.rules)),
    Step("title_link", ("titles", "doc_numbers"),             ("text", "titles", "doc_numbers", "rules"),
         lambda s: link_titles(s.text, s.titles, s.doc_numbers, s.rules)),
    Step("contact",    ("contacts",),                         ("text", "rules", "doc_numbers"),
         lambda s: extract_contacts(s.text, s.rules, mask=_spans(s.doc_numbers))),
    Step("outline",    ("outline",),                          ("text", "rules"),
         lambda s: extract_outline(s.text, s.rules)),
    Step("date",       ("dates",),                            ("text", "rules", "reference_date", "doc_numbers",
                                                               "titles", "contacts"),
         lambda s: extract_dates(s.text, s.rules, reference_date=s.reference_date,
                                 mask=_spans(s.doc_numbers, s.titles, s.contacts))),
    Step("quantity",   ("quantities",),                       ("text", "rules", "doc_numbers", "titles", "dates",
                                                               "contacts", "outline"),
         lambda s: extract_quantities(s.text, s.rules, mask=_spans(s.doc_numbers, s.titles, s.dates, s.contacts)
                                      + _markers(s.outline))),
    Step("role",       ("quantities",),                       ("text", "quantities", "rules"),
         lambda s: assign_roles(s.text, s.quantities, s.rules)),
    Step("metadata",   ("meta",),                             ("text", "rules", "dates", "header"),
         lambda s: extract_metadata(s.text, s.rules, dates=s.dates, header=s.header)),
    Step("kind",       ("kind", "meta"),                      ("meta", "text", "rules", "folds"), _kind),
    Step("case",       ("cases",),                            ("text", "rules", "kind", "dates", "quantities"),
         lambda s: extract_cases(s.text, s.rules, kind=s.kind.kind if s.kind else None,
                                 form=s.kind.form if s.kind else None, dates=s.dates, quantities=s.quantities)),
    Step("stated_cases", ("meta", ISSUES),                    ("meta", "text", "rules", "cases"), _stated_cases),
    Step("alias",      ("aliases",),                          ("text", "rules"),
         lambda s: extract_aliases(s.text, s.rules)),
    Step("canonical",  ("meta",),                             ("meta", "text", "aliases", "rules"),
         lambda s: s.meta and with_canonical_names(s.meta, s.text, s.aliases, s.rules)),
    Step("round",      ("round_refs", "unit_mentions"),       ("text", "rules", "meta", "dates", "aliases"), _rounds),
    Step("measure",    ("measures",),                         ("text", "outline", "dates", "rules", "cases"),
         lambda s: extract_measures(s.text, s.outline, s.dates, s.rules, s.cases)),
    Step("findings",   ("outline",),                          ("outline", "measures"),
         lambda s: summarize_findings(s.outline, s.measures)),
    Step("segment",    ("tokens", "terms", "topics"),         ("body", "text", "meta", "options", "rules", RECORDS)),
    Step("notice",     ("notice",),                           ("text", "meta", "script", "folds", RECORDS),
         guarded=False),
    Step("remap",      ("notice",),                           ("notice", "view"), guarded=False),
)
# fmt: on
STEP_NAMES = tuple(step.name for step in PLAN)  # the known names: the plan's own, listed once


def _expanded(plan: Sequence[Step], inputs: Sequence[str]) -> dict[str, frozenset[str]]:
    """Each step's needs with ``RECORDS`` replaced by the registry tables filled before it."""
    filled, needs = set(inputs), {}
    for step in plan:
        names = set(step.needs) - {RECORDS}
        if RECORDS in step.needs:
            names |= {name for name in TABLES if name in filled}
        needs[step.name] = frozenset(names)
        filled |= set(step.fills)
    return needs


NEEDS = _expanded(PLAN, INPUTS)


def plan_steps(start: str | None = None, stop: str | None = None) -> tuple[Step, ...]:
    """The steps from ``start`` to ``stop`` (both included; the whole plan by default).

    Raises:
        PlanError: a name that is not a step of the plan.

    >>> [step.name for step in plan_steps("doc_number", "contact")]
    ['doc_number', 'title', 'title_link', 'contact']
    """
    first, last = (_index(start) if start else 0), (_index(stop) if stop else len(PLAN) - 1)
    return PLAN[first : last + 1]


def _index(name: str) -> int:
    try:
        return STEP_NAMES.index(name)
    except ValueError:
        raise PlanError(f"unknown step {name!r}; the plan's steps: {', '.join(STEP_NAMES)}") from None


def run_plan(values: dict[str, Any], issues: list[ParseIssue], *, steps: Sequence[Step] = PLAN,
             supplied: Mapping[str, Callable[[Slots], Any]] | None = None) -> dict[str, Any]:
    """Run ``steps`` in order on ``values`` (the inputs), which gets every value they fill.

    ``supplied`` gives the implementations of the steps this table leaves to the parse.

    Raises:
        PlanError: an unknown supplied step, a step with no implementation, or a need no
            input or earlier step filled.
    """
    supplied = supplied or {}
    for name in supplied:
        _index(name)  # an unknown name is refused, not ignored
    for step in steps:
        run = step.run or supplied.get(step.name)
        if run is None:
            raise PlanError(f"step {step.name!r} belongs to a higher stage: the parse supplies it")
        needs = NEEDS[step.name] if RECORDS in step.needs else frozenset(step.needs)
        if missing := sorted(needs - set(values)):
            raise PlanError(f"step {step.name!r} needs {missing}, which no input or earlier step filled")
        _run_step(step, run, Slots(values, step, needs), values, issues)
    return values


def _run_step(step: Step, run: Callable[[Slots], Any], slots: Slots, values: dict[str, Any],
              issues: list[ParseIssue]) -> None:
    """Run one step and store what it fills; a guarded failure is an E200 issue named after the step."""
    try:
        found = run(slots)
    except Exception as exc:  # one extractor's bug must not lose the rest of the notice
        if not step.guarded or isinstance(exc, PlanError):
            raise
        issues.append(ParseIssue(step.name, Code.E200, f"{type(exc).__name__}: {exc}"))
        for name in step.fills:  # what was filled before stays; a table no step filled yet is empty
            if name != ISSUES:
                values.setdefault(name, () if name in TABLES else None)
        return
    filled = dict(zip(step.fills, found if len(step.fills) > 1 else (found,), strict=True))
    issues.extend(filled.pop(ISSUES, ()))
    values.update(filled)


def record_tables(slots: Slots) -> dict[str, Any]:
    """Every registry table a step needs, as ``Notice`` attributes, each record with its outline node.

    A record whose ``node_id`` is unset gets the innermost outline node holding its start; the
    outline's own nodes, the tokens and a finding's terms and topics already name theirs, and a span
    in the title (a round ref's ``where``) lies in no node.
    """
    tables = {name: getattr(slots, name) for name in slots.tables()}
    nodes = node_index(tables.get("outline", ()), len(slots.text))
    return {name: records if not isinstance(records, list | tuple) else tuple(_with_node(r, nodes) for r in records)
            for name, records in tables.items()}


def _with_node(record: Any, nodes: list[int | None]) -> Any:
    if getattr(record, "node_id", 0) is not None or not hasattr(record, "start"):
        return record
    if getattr(record, "where", "text") != "text":
        return record
    return dataclasses.replace(record, node_id=nodes[record.start])


@dataclass(frozen=True, slots=True)
class Entities:
    """What the entity steps found in one text, before outline nodes are attached."""

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
    """Run the plan's entity steps (``doc_number`` to ``role``) on ``text``, each masked by what came before.

    A failing step adds an E200 issue to ``issues`` and finds nothing.
    """
    values = {"text": text, "rules": rules, "reference_date": reference_date}
    found = run_plan(values, issues if issues is not None else [], steps=plan_steps("doc_number", "role"))
    return Entities(*(list(found[name]) for name in ("doc_numbers", "titles", "contacts", "outline", "dates",
                                                      "quantities")))
