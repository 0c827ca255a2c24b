"""The field registry: every per-notice record table, declared once.

A ``Field`` ties together what the stages would otherwise each list by hand: the
record type (``records.py``), the ``Notice`` attribute and table name, the Arrow
columns of the table, and, for the entities found in the text (文号, 书名, 日期,
数量, 联系方式), their token kind and POS, report legend name and colour, spaCy
label and the letter of the shared corpus's gold annotations. The schema, the
row converter, the segmenter, the report, the spaCy component, the CLI and the
evaluation all read ``FIELDS``.

Adding a field is one ``Field`` here, its record (and its tuple on ``Notice``) in
``records.py``, an extractor module in ``extract/`` with one line of the parse plan
(``extract/plan.py``) that fills the table, and its rules file; nothing in ``parse/``.
``Field.check`` and the tests of ``tests/package/test_fields.py`` and
``tests/extract/test_plan.py`` fail when one of these is forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import pyarrow as pa

from noticeparse.records import (
    Alias,
    Case,
    CasePenalty,
    CasePerson,
    CaseViolation,
    Contact,
    DateMention,
    DocNumber,
    FindingTerm,
    FindingTopic,
    Measure,
    OutlineNode,
    ParseIssue,
    Quantity,
    RoundFigure,
    RoundRef,
    RoundUnit,
    Title,
    Token,
    UnitMention,
)

__all__ = ["AS_WRITTEN", "ENTITIES", "FIELDS", "MARKER_KIND", "NOT_OFFSETS", "TOKEN_KINDS", "Field", "RegistryError",
           "field", "field_of_kind"]

Columns = tuple[tuple[str, pa.DataType], ...]
SPAN: Columns = (("char_start", pa.int32()), ("char_end", pa.int32()))
KEYS: Columns = (("notice_id", pa.string()), ("node_id", pa.int32()))
RENAMES = {"start": "char_start", "end": "char_end"}  # record field → column, where they differ


@dataclass(frozen=True, slots=True)
class Entity:
    """How an entity field shows outside its table: token, report, spaCy, gold letter."""

    kind: str  # singular: the token's entity_kind
    pos: str  # POS tag of its token
    name_zh: str  # report legend
    colour: str  # report highlight (CSS colour)
    spacy_label: str
    gold_letter: str | None = None  # type letter in ../shared/corpus/hardcases/gold.jsonl
    # the report's tooltip lines, formatted from the row; a line whose first field is empty is left out
    tooltip: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Field:
    """One per-notice record table."""

    table: str  # table name and ``Notice`` attribute
    record: type
    columns: Columns  # the table's Arrow columns, in order
    notice_columns: tuple[str, ...] = ("notice_id",)  # columns taken from the notice, not the record
    renames: tuple[tuple[str, str], ...] = ()  # record field → column, besides start/end
    entity: Entity | None = None
    # the ``Notice`` attribute when it differs from ``table``; ``parent.child`` for records held by
    # the records of another table (a case's violations)
    attribute: str | None = None
    lists: tuple[tuple[str, str], ...] = ()  # column → attribute of the held records it lists

    @property
    def notice_attribute(self) -> str:
        """The ``Notice`` attribute that holds this table's records."""
        return self.attribute or self.table

    def records(self, notice: Any) -> list[Any]:
        """This table's records of one notice."""
        head, _, child = self.notice_attribute.partition(".")
        records = getattr(notice, head)
        return [held for record in records for held in getattr(record, child)] if child else list(records)

    @property
    def schema(self) -> pa.Schema:
        """The table's Arrow schema."""
        return pa.schema(list(self.columns))

    def column_of(self, name: str) -> str:
        """The column a record field goes to."""
        return dict(self.renames).get(name) or RENAMES.get(name, name)

    def check(self) -> None:
        """Refuse a table whose columns are not exactly its record's fields and the notice's columns.

        A record field with no column would be dropped from the output without a word, and a
        column no record fills would always be null: both are registry mistakes.

        Raises:
            RegistryError: the columns and the record's fields differ.
        """
        filled = [*self.notice_columns, *(self.column_of(f.name) for f in fields(self.record))]
        declared = [name for name, _type in self.columns]
        if sorted(filled) != sorted(declared):
            raise RegistryError(
                f"table {self.table}: record {self.record.__name__} fills {sorted(set(filled) - set(declared))} "
                f"that no column holds; columns {sorted(set(declared) - set(filled))} have no record field")


class RegistryError(TypeError):
    """A ``Field`` whose record and columns disagree."""


FIELDS: tuple[Field, ...] = (
    Field("outline", OutlineNode, (
        ("notice_id", pa.string()), ("node_id", pa.int32()), ("parent_id", pa.int32()),
        ("level", pa.int8()), ("marker", pa.string()), ("ordinal", pa.int32()),
        ("heading", pa.string()), *SPAN, ("marker_start", pa.int32()), ("marker_end", pa.int32()),
        ("is_finding", pa.bool_()), ("finding_title", pa.string()), ("rule_id", pa.string()),
        ("category", pa.string()), ("finding_rule_id", pa.string()),
        # a finding's measures counted by status (the measures table); null on other nodes
        ("measures", pa.int32()), ("measures_done", pa.int32()), ("measures_action", pa.int32()),
        ("measures_ongoing", pa.int32()),
        ("measures_planned", pa.int32()), ("measures_long_term", pa.int32()),
    )),
    # measures of findings (extract/measure.py, rules/measures.yaml): an 一是 item or a body sentence;
    # finding_id is the finding's node_id, status done/action/ongoing/planned/long_term, deadline 2022年6月底前
    Field("measures", Measure, (
        *KEYS, ("measure_id", pa.int32()), ("finding_id", pa.int32()), ("kind", pa.string()),
        ("case_id", pa.int32()), *SPAN,
        ("status", pa.string()), ("status_rule_id", pa.string()), ("status_start", pa.int32()),
        ("status_end", pa.int32()), ("deadline_start", pa.date32()), ("deadline_end", pa.date32()),
        ("deadline_char_start", pa.int32()), ("deadline_char_end", pa.int32()),
    )),
    # aliases the notice defines: （以下简称“新区党工委”） (extract/alias.py, rules/aliases.yaml)
    Field("aliases", Alias, (
        *KEYS, ("alias", pa.string()), ("full_name", pa.string()), ("text", pa.string()), *SPAN,
        ("rule_id", pa.string()),
    )),
    Field("doc_numbers", DocNumber, (
        *KEYS, ("text", pa.string()), *SPAN, ("issuer", pa.string()), ("year", pa.int16()),
        ("serial", pa.int64()), ("canonical", pa.string()), ("title", pa.string()),
        ("rule_id", pa.string()),
    ), entity=Entity("doc_number", "nz", "文号", "#8250df", "DOC_NUMBER", "N", (
        "= {canonical}", "issuer {issuer}", "year {year}", "no. {serial}", "title 《{title}》"))),
    Field("titles", Title, (
        *KEYS, ("title", pa.string()), ("text", pa.string()), *SPAN,
        ("doc_number", pa.string()), ("rule_id", pa.string()),
    ), entity=Entity("title", "nz", "书名", "#0969da", "TITLE", "T", ("= {title}", "doc number {doc_number}"))),
    Field("dates", DateMention, (
        *KEYS, ("text", pa.string()), *SPAN, ("date_start", pa.date32()),
        ("date_end", pa.date32()), ("precision", pa.string()), ("end_precision", pa.string()),
        ("qualifier", pa.string()), ("resolved", pa.bool_()), ("rule_id", pa.string()),
        # the period's last day (date_start…date_last is the whole period); a date of a 《title》;
        # where the unwritten year or month came from (text: an earlier date; reference: the notice's)
        ("date_last", pa.date32()), ("in_title", pa.bool_()), ("anchor", pa.string()),
    ), entity=Entity("date", "t", "日期", "#1a7f37", "DATE", "D", (
        "= {date_start}", "until {date_end}", "last day {date_last}", "in a title {in_title}", "precision {precision}", "end precision {end_precision}",
        "qualifier {qualifier}", "resolved {resolved} (from context)"))),
    Field("quantities", Quantity, (
        *KEYS, ("text", pa.string()), *SPAN, ("value", pa.float64()),
        ("value_max", pa.float64()), ("unit", pa.string()), ("unit_raw", pa.string()),
        ("category", pa.string()), ("approx", pa.string()), ("noun", pa.string()),
        ("rule_id", pa.string()),
        # what the amount is (rules/roles.yaml), its bound, and the char_start of its whole
        ("role", pa.string()), ("role_rule_id", pa.string()), ("bound", pa.string()),
        ("part_of", pa.int32()),
        # money's ISO 4217 currency (value in it); case, unit or aggregate (rules/scope.yaml)
        ("currency", pa.string()), ("scope", pa.string()),
    ), entity=Entity("quantity", "m", "数量", "#bc4c00", "QUANTITY", "Q", (
        "= {value} {unit} ({category})", "up to {value_max}", "approx {approx}", "noun {noun}",
        "currency {currency}", "role {role}", "bound {bound}", "scope {scope}", "part of the whole at {part_of}"))),
    Field("contacts", Contact, (
        *KEYS, ("kind", pa.string()), ("value", pa.string()), ("text", pa.string()), *SPAN,
        ("rule_id", pa.string()),
    ), entity=Entity("contact", "nz", "联系方式", "#cf222e", "CONTACT", None, ("= {kind}: {value}",))),
    # discipline cases (extract/case.py): one row per case; its persons and penalties in the next tables
    Field("cases", Case, (
        *KEYS, ("case_id", pa.int32()), ("ordinal", pa.int32()), *SPAN, ("heading", pa.string()),
        ("heading_start", pa.int32()), ("heading_end", pa.int32()),
        ("period_start", pa.date32()), ("period_end", pa.date32()), ("penalty_date", pa.date32()),
        ("amount_involved", pa.float64()), ("amount_recovered", pa.float64()), ("amount_fined", pa.float64()),
        ("violations", pa.list_(pa.string())), ("persons", pa.list_(pa.string())),
        ("penalties", pa.list_(pa.string())), ("rule_id", pa.string()),
    ), lists=(("violations", "violation"), ("persons", "name"), ("penalties", "penalty"))),
    # violation types of each case (rules/violations.yaml), one row per mention
    Field("case_violations", CaseViolation, (
        ("notice_id", pa.string()), ("case_id", pa.int32()), ("violation", pa.string()),
        ("text", pa.string()), *SPAN, ("rule_id", pa.string()),
    ), attribute="cases.violations"),
    # every penalised person (or unit) of each case, with the post and organisation as written
    Field("case_persons", CasePerson, (
        ("notice_id", pa.string()), ("case_id", pa.int32()), ("person_id", pa.int32()), ("name", pa.string()),
        ("kind", pa.string()), *SPAN, ("post", pa.string()), ("post_start", pa.int32()), ("post_end", pa.int32()),
        ("post_rule_id", pa.string()), ("organisation", pa.string()), ("organisation_start", pa.int32()),
        ("organisation_end", pa.int32()), ("former", pa.bool_()), ("rule_id", pa.string()),
    ), attribute="cases.persons"),
    # each penalty of each person (rules/penalties.yaml), keyed by person_id
    Field("case_penalties", CasePenalty, (
        ("notice_id", pa.string()), ("case_id", pa.int32()), ("person_id", pa.int32()), ("penalty", pa.string()),
        ("penalty_type", pa.string()), ("text", pa.string()), *SPAN, ("penalty_date", pa.date32()),
        ("rule_id", pa.string()), ("attribution", pa.string()),
    ), attribute="cases.penalties"),
    # inspection rounds a notice names (extract/rounds.py, rules/rounds.yaml): one row per round key
    Field("round_refs", RoundRef, (
        *KEYS, ("ref_id", pa.int32()), ("text", pa.string()), *SPAN, ("rule_id", pa.string()),
        ("key", pa.string()), ("body", pa.string()), ("body_rule_id", pa.string()), ("term", pa.string()),
        ("round", pa.int32()), ("lookback", pa.bool_()), ("stage", pa.string()), ("stage_rule_id", pa.string()),
        ("main", pa.bool_()), ("group", pa.string()), ("group_start", pa.int32()), ("group_end", pa.int32()),
        ("period_start", pa.date32()), ("period_end", pa.date32()), ("period_char_start", pa.int32()),
        ("period_char_end", pa.int32()), ("feedback_date", pa.date32()), ("feedback_char_start", pa.int32()),
        ("feedback_char_end", pa.int32()), ("stated_aspects", pa.int32()), ("stated_problems", pa.int32()),
        ("stated_measures", pa.int32()), ("rectified", pa.int32()), ("completion_rate", pa.float64()),
        ("units", pa.list_(pa.string())), ("figures", pa.list_(pa.string())), ("where", pa.string()),
    ), lists=(("units", "unit"), ("figures", "figure"))),
    # the inspected units of each round ref, as first written, with their key and own feedback day
    Field("round_ref_units", RoundUnit, (
        ("notice_id", pa.string()), ("ref_id", pa.int32()), ("unit", pa.string()), ("unit_key", pa.string()),
        *SPAN, ("rule_id", pa.string()), ("feedback_date", pa.date32()), ("where", pa.string()),
    ), attribute="round_refs.units"),
    # the figures of each round ref with their spans (round.figure_* rules)
    Field("round_figures", RoundFigure, (
        ("notice_id", pa.string()), ("ref_id", pa.int32()), ("figure", pa.string()), ("value", pa.float64()),
        ("text", pa.string()), *SPAN, ("rule_id", pa.string()), ("where", pa.string()),
    ), attribute="round_refs.figures"),
    # every occurrence of a unit's name and its key (extract/units.py, rules/units.yaml)
    Field("unit_mentions", UnitMention, (
        *KEYS, ("name", pa.string()), ("name_key", pa.string()), ("unit_key", pa.string()), *SPAN,
        ("rule_id", pa.string()), ("role", pa.string()), ("local", pa.bool_()),
        ("key_rules", pa.list_(pa.string())), ("lookback", pa.bool_()), ("where", pa.string()),
    )),
    Field("errors", ParseIssue, (
        ("notice_id", pa.string()), ("source", pa.string()), ("stage", pa.string()),
        ("code", pa.string()), ("message", pa.string()),
    ), notice_columns=("notice_id", "source"), attribute="issues"),
    # segmentation: one row per token of the stored text
    Field("tokens", Token, (
        *KEYS, ("token", pa.string()), ("pos", pa.string()), *SPAN, ("entity_kind", pa.string()),
    ), renames=(("text", "token"),)),
    # content words of each finding (node_id is the finding's node) and their counts
    Field("terms", FindingTerm, (*KEYS, ("term", pa.string()), ("count", pa.int32()))),
    # topic tags of each finding from rules/topics.yaml, with the keywords that matched
    Field("topics", FindingTopic, (
        *KEYS, ("topic", pa.string()), ("topic_id", pa.string()),
        ("keywords", pa.list_(pa.string())), ("hits", pa.int32()),
    )),
)

ENTITIES: tuple[Field, ...] = tuple(f for f in FIELDS if f.entity is not None)
# A token kind that is no entity table: an outline marker (一、 （一） 1. （1）), one token taken
# from the outline records (marker_start..marker_end, rules/segment.yaml data.marker_rules).
MARKER_KIND = "marker"
# Every token ``entity_kind`` with the POS its token gets: the entities', then the marker's
# (a numeral with its punctuation: m, as for 第二).
TOKEN_KINDS: dict[str, str] = {**{f.entity.kind: f.entity.pos for f in ENTITIES if f.entity is not None},
                               MARKER_KIND: "m"}
# Offsets of the records: an int field named start, end, part_of (the start of another record),
# …_start or …_end is an offset into the text (``parse.remap`` moves them from the normalised view
# to the stored text); every other int field of a record is named here, so that a new field is
# placed in one or the other (tests/parse/test_remap.py).
NOT_OFFSETS = frozenset({"node_id", "parent_id", "level", "ordinal", "case_id", "person_id", "measure_id",
                         "finding_id",
                         "year", "serial", "count", "hits", "measures", "measures_done", "measures_action",
                         "measures_ongoing",
                         "measures_planned", "measures_long_term", "ref_id", "round", "stated_aspects",
                         "stated_problems", "stated_measures", "rectified"})
# the record fields that hold the text as written, with the offsets of their span
AS_WRITTEN = {"text": ("start", "end"), "marker": ("marker_start", "marker_end"),
              # a case person as written (劉某某, not 刘某某), with the post and organisation before the name
              "name": ("start", "end"), "post": ("post_start", "post_end"),
              "organisation": ("organisation_start", "organisation_end"), "heading": ("heading_start", "heading_end")}
_BY_TABLE = {f.table: f for f in FIELDS}
_BY_KIND = {f.entity.kind: f for f in ENTITIES if f.entity is not None}


def field(table: str) -> Field:
    """The field of a table name.

    >>> field("dates").entity.kind
    'date'
    """
    return _BY_TABLE[table]


def field_of_kind(kind: str) -> Field:
    """The entity field of a token kind (``date``, ``quantity`` …)."""
    return _BY_KIND[kind]
