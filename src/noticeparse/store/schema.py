"""The one Arrow schema of every output table (the Parquet contract) and SCHEMA_VERSION.

The ``notices`` table is declared here; every per-notice record table comes from
the field registry (``noticeparse.fields``).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from noticeparse.fields import FIELDS

SCHEMA_VERSION = "2"  # 2: every table ends with pub_year
# The year the notice was published (signed, when no publication date is known); null when neither
# is. Every table has it, the last column, so that ``WHERE pub_year >= 2023`` and joins on it work
# alike on ``parse``'s files and ``batch``'s Hive folders (where the folder holds it, not the file).
PARTITION_KEY = "pub_year"  # not "year": doc_numbers has a year column of its own
PARTITION_TYPE = pa.int16()

_NOTICE_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("notice_id", pa.string()), ("source", pa.string()), ("title", pa.string()),
    ("publish_date", pa.date32()), ("source_label", pa.string()), ("issuer", pa.string()),
    ("signed_date", pa.date32()), ("text", pa.large_string()), ("n_chars", pa.int32()),
    ("sha256", pa.string()), ("encoding", pa.string()), ("parser_version", pa.string()),
    ("rules_sha256", pa.string()), ("inspection_body", pa.string()),
    ("inspection_start", pa.date32()), ("inspection_end", pa.date32()),
    ("feedback_date", pa.date32()), ("problem_areas", pa.int32()), ("problems", pa.int32()),
    ("measures_planned", pa.int32()),
    # completion figures the notice states (已完成整改X项, 完成率Y%) and canonical names (aliases)
    ("rectified", pa.int32()), ("completion_rate", pa.float64()), ("issuer_canonical", pa.string()),
    ("inspection_body_canonical", pa.string()), ("inspected_unit", pa.string()),
    ("inspected_unit_canonical", pa.string()),
    # what kind of notice (rules/kinds.yaml) and the rule that decided
    ("kind", pa.string()), ("kind_rule_id", pa.string()),
    # notice, news, repost or commentary (rules/form.yaml) and its rule
    ("form", pa.string()), ("form_rule_id", pa.string()),
    # the case count a discipline notice states (通报5起); a mismatch with the cases found is a W301
    ("stated_cases", pa.int32()),
    # the text as found: its script and the folds of the normalised view (rules/normalise.yaml)
    ("script", pa.string()), ("normalised", pa.list_(pa.string())),
    # the 政府信息公开 metadata table (rules/info_table.yaml)
    ("index_no", pa.string()), ("topic_class", pa.string()), ("doc_kind", pa.string()),
    ("written_date", pa.date32()), ("doc_number", pa.string()), ("effective_date", pa.date32()),
    ("valid_status", pa.string()),
    # provenance (raw-store sidecar) and identity: notice_id is one input, content_sha256 its
    # stored text; duplicate_of is the notice_id of an earlier input with the same text
    ("url", pa.string()), ("final_url", pa.string()), ("fetched_at", pa.string()),
    ("content_sha256", pa.string()), ("duplicate_of", pa.string()),
    ("chrome", pa.list_(pa.struct([("line_no", pa.int32()), ("text", pa.string()),
                                   ("rule_id", pa.string())]))),
    # stored text offsets back to the input text (see noticeparse.parse.offsets)
    ("offset_runs", pa.list_(pa.struct([("start", pa.int32()), ("input_start", pa.int32()),
                                        ("length", pa.int32())]))),
]
_TABLES: dict[str, pa.Schema] = {
    "notices": pa.schema(_NOTICE_COLUMNS),
    **{item.table: item.schema for item in FIELDS},
}
TABLES: dict[str, pa.Schema] = {
    name: schema.append(pa.field(PARTITION_KEY, PARTITION_TYPE)) for name, schema in _TABLES.items()
}

_NAMES = pa.list_(pa.string())


def _schema(columns: list[tuple[str, Any]]) -> pa.Schema:
    """A schema from ``(name, type)`` pairs (typed here: a literal list of mixed types is ``object`` to mypy)."""
    return pa.schema(columns)

# Tables across notices, written by ``noticeparse link`` (noticeparse.link) beside the per-notice ones and
# recomputed whole from them: one file each (OUT/<table>.parquet) in either layout, no pub_year.
LINK_TABLES: dict[str, pa.Schema] = {
    "rounds": _schema([
        ("key", pa.string()), ("body", pa.string()), ("term", pa.string()), ("round", pa.int32()),
        ("lookback", pa.bool_()), ("period_start", pa.date32()), ("period_end", pa.date32()),
        ("units", _NAMES), ("n_units", pa.int32()), ("entry_notices", _NAMES), ("feedback_notices", _NAMES),
        ("progress_notices", _NAMES), ("final_notices", _NAMES), ("lookback_notices", _NAMES),
        ("mention_notices", _NAMES), ("n_notices", pa.int32()), ("first_date", pa.date32()),
        ("last_date", pa.date32()),
    ]),
    "round_notices": _schema([
        ("key", pa.string()), ("notice_id", pa.string()), ("ref_id", pa.int32()), ("ref_key", pa.string()),
        ("stage", pa.string()), ("notice_date", pa.date32()), ("title", pa.string()), ("link_rule", pa.string()),
    ]),
    "round_units": _schema([
        ("key", pa.string()), ("unit_id", pa.string()), ("unit", pa.string()), ("entry_notice", pa.string()),
        ("entry_date", pa.date32()), ("feedback_notice", pa.string()), ("feedback_date", pa.date32()),
        ("progress_notices", _NAMES), ("progress_dates", pa.list_(pa.date32())), ("final_notice", pa.string()),
        ("final_date", pa.date32()), ("first_report_date", pa.date32()), ("days_to_first_report", pa.int32()),
        ("latest_report", pa.string()), ("stated_problems", pa.int32()), ("findings_extracted", pa.int32()),
        ("rectified", pa.int32()), ("completion_rate", pa.float64()), ("n_reports", pa.int32()),
    ]),
    "round_timeline": _schema([
        ("key", pa.string()), ("unit_id", pa.string()), ("notice_id", pa.string()), ("stage", pa.string()),
        ("notice_date", pa.date32()), ("feedback_date", pa.date32()), ("days_from_feedback", pa.int32()),
        ("stated_problems", pa.int32()), ("findings_extracted", pa.int32()), ("rectified", pa.int32()),
        ("completion_rate", pa.float64()),
    ]),
    "units": _schema([
        ("unit_id", pa.string()), ("name", pa.string()),
        ("names", pa.list_(pa.struct([("name", pa.string()), ("notices", _NAMES), ("rule_ids", _NAMES)]))),
        ("keys", _NAMES), ("notices", _NAMES), ("n_notices", pa.int32()), ("inspected", pa.bool_()),
        ("local", pa.bool_()), ("rounds", _NAMES),
    ]),
    "units_conflicts": _schema([
        ("kind", pa.string()), ("name", pa.string()), ("unit_a", pa.string()), ("unit_b", pa.string()),
        ("merging_rule", pa.string()), ("separating_rule", pa.string()), ("n_units", pa.int32()),
        ("notices", _NAMES),
    ]),
}
