"""The one Arrow schema of every output table (the Parquet contract) and SCHEMA_VERSION."""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

_SPAN = [("char_start", pa.int32()), ("char_end", pa.int32())]
_ENTITY = [("notice_id", pa.string()), ("node_id", pa.int32())]

TABLES: dict[str, pa.Schema] = {
    "notices": pa.schema([
        ("notice_id", pa.string()), ("source", pa.string()), ("title", pa.string()),
        ("publish_date", pa.date32()), ("source_label", pa.string()), ("issuer", pa.string()),
        ("signed_date", pa.date32()), ("text", pa.large_string()), ("n_chars", pa.int32()),
        ("sha256", pa.string()), ("encoding", pa.string()), ("parser_version", pa.string()),
        ("rules_sha256", pa.string()), ("inspection_body", pa.string()),
        ("inspection_start", pa.date32()), ("inspection_end", pa.date32()),
        ("feedback_date", pa.date32()), ("problem_areas", pa.int32()), ("problems", pa.int32()),
        ("measures_planned", pa.int32()),
        # what kind of notice (rules/kinds.yaml) and the rule that decided
        ("kind", pa.string()), ("kind_rule_id", pa.string()),
        ("chrome", pa.list_(pa.struct([("line_no", pa.int32()), ("text", pa.string()),
                                       ("rule_id", pa.string())]))),
        # stored text offsets back to the input text (see noticeparse.offsets)
        ("offset_runs", pa.list_(pa.struct([("start", pa.int32()), ("input_start", pa.int32()),
                                            ("length", pa.int32())]))),
    ]),
    "outline": pa.schema([
        ("notice_id", pa.string()), ("node_id", pa.int32()), ("parent_id", pa.int32()),
        ("level", pa.int8()), ("marker", pa.string()), ("ordinal", pa.int32()),
        ("heading", pa.string()), *_SPAN, ("marker_start", pa.int32()), ("marker_end", pa.int32()),
        ("is_finding", pa.bool_()), ("finding_title", pa.string()), ("rule_id", pa.string()),
        ("category", pa.string()), ("finding_rule_id", pa.string()),
    ]),
    "doc_numbers": pa.schema([
        *_ENTITY, ("text", pa.string()), *_SPAN, ("issuer", pa.string()), ("year", pa.int16()),
        ("serial", pa.int64()), ("canonical", pa.string()), ("title", pa.string()),
        ("rule_id", pa.string()),
    ]),
    "titles": pa.schema([
        *_ENTITY, ("title", pa.string()), ("text", pa.string()), *_SPAN,
        ("doc_number", pa.string()), ("rule_id", pa.string()),
    ]),
    "dates": pa.schema([
        *_ENTITY, ("text", pa.string()), *_SPAN, ("date_start", pa.date32()),
        ("date_end", pa.date32()), ("precision", pa.string()), ("end_precision", pa.string()),
        ("qualifier", pa.string()), ("resolved", pa.bool_()), ("rule_id", pa.string()),
    ]),
    "quantities": pa.schema([
        *_ENTITY, ("text", pa.string()), *_SPAN, ("value", pa.float64()),
        ("value_max", pa.float64()), ("unit", pa.string()), ("unit_raw", pa.string()),
        ("category", pa.string()), ("approx", pa.string()), ("noun", pa.string()),
        ("rule_id", pa.string()),
    ]),
    "contacts": pa.schema([
        *_ENTITY, ("kind", pa.string()), ("value", pa.string()), ("text", pa.string()), *_SPAN,
        ("rule_id", pa.string()),
    ]),
    # discipline cases (extract/case.py): one row per case; people, posts and organisations as written
    "cases": pa.schema([
        *_ENTITY, ("case_id", pa.int32()), ("ordinal", pa.int32()), *_SPAN, ("heading", pa.string()),
        ("heading_start", pa.int32()), ("heading_end", pa.int32()), ("person", pa.string()),
        ("person_start", pa.int32()), ("person_end", pa.int32()), ("post", pa.string()),
        ("post_start", pa.int32()), ("post_end", pa.int32()), ("organisation", pa.string()),
        ("organisation_start", pa.int32()), ("organisation_end", pa.int32()),
        ("period_start", pa.date32()), ("period_end", pa.date32()), ("penalty_date", pa.date32()),
        ("amount_yuan", pa.float64()), ("violations", pa.list_(pa.string())),
        ("penalties", pa.list_(pa.string())), ("rule_id", pa.string()), ("subject_rule_id", pa.string()),
    ]),
    # violation types of each case (rules/violations.yaml), one row per mention
    "case_violations": pa.schema([
        ("notice_id", pa.string()), ("case_id", pa.int32()), ("violation", pa.string()),
        ("text", pa.string()), *_SPAN, ("rule_id", pa.string()),
    ]),
    # each penalty of each case as its own value (rules/case.yaml case.penalty_*)
    "case_penalties": pa.schema([
        ("notice_id", pa.string()), ("case_id", pa.int32()), ("penalty", pa.string()),
        ("penalty_type", pa.string()), ("text", pa.string()), *_SPAN, ("penalty_date", pa.date32()),
        ("rule_id", pa.string()),
    ]),
    "errors": pa.schema([
        ("notice_id", pa.string()), ("source", pa.string()), ("stage", pa.string()),
        ("code", pa.string()), ("message", pa.string()),
    ]),
    # segmentation (noticeparse.segment): one row per token of the stored text
    "tokens": pa.schema([
        *_ENTITY, ("token", pa.string()), ("pos", pa.string()), *_SPAN, ("entity_kind", pa.string()),
    ]),
    # content words of each finding (node_id is the finding's node) and their counts
    "terms": pa.schema([*_ENTITY, ("term", pa.string()), ("count", pa.int32())]),
    # topic tags of each finding from rules/topics.yaml, with the keywords that matched
    "topics": pa.schema([
        *_ENTITY, ("topic", pa.string()), ("topic_id", pa.string()),
        ("keywords", pa.list_(pa.string())), ("hits", pa.int32()),
    ]),
}
