"""Extraction: one module per field, run in the order of one declared plan (``plan.py``).

The face of the stage: other stages import only from here.
"""

from noticeparse.extract.alias import extract_aliases, with_canonical_names
from noticeparse.extract.case import extract_cases
from noticeparse.extract.contact import extract_contacts
from noticeparse.extract.date import dates_in_titles, extract_dates
from noticeparse.extract.doc_number import extract_doc_numbers
from noticeparse.extract.info_table import read_info_lines, read_info_table
from noticeparse.extract.kind import classify_notice
from noticeparse.extract.measure import extract_measures, summarize_findings
from noticeparse.extract.metadata import YMD_PATTERN, extract_metadata, parse_ymd
from noticeparse.extract.numerals import cn_to_int, to_number
from noticeparse.extract.outline import extract_outline, node_index
from noticeparse.extract.plan import (
    INPUTS,
    PLAN,
    RECORDS,
    STEP_NAMES,
    Entities,
    EntitySpan,
    PlanError,
    Slots,
    Step,
    extract_entities,
    plan_steps,
    record_tables,
    run_plan,
)
from noticeparse.extract.prefilter import prefilter_engine
from noticeparse.extract.pump import check_pumps
from noticeparse.extract.pump import describe as describe_pump
from noticeparse.extract.pump import ratio_verdict as pump_verdict
from noticeparse.extract.quantity import extract_quantities
from noticeparse.extract.role import scope_cases
from noticeparse.extract.rounds import Rounds, extract_rounds
from noticeparse.extract.spans import mask_spans, pick_longest
from noticeparse.extract.title import extract_titles, link_titles

__all__ = [
    "INPUTS",
    "PLAN",
    "RECORDS",
    "STEP_NAMES",
    "YMD_PATTERN",
    "Entities",
    "EntitySpan",
    "PlanError",
    "Rounds",
    "Slots",
    "Step",
    "check_pumps",
    "classify_notice",
    "cn_to_int",
    "dates_in_titles",
    "describe_pump",
    "extract_aliases",
    "extract_cases",
    "extract_contacts",
    "extract_dates",
    "extract_doc_numbers",
    "extract_entities",
    "extract_measures",
    "extract_metadata",
    "extract_outline",
    "extract_quantities",
    "extract_rounds",
    "extract_titles",
    "link_titles",
    "mask_spans",
    "node_index",
    "parse_ymd",
    "pick_longest",
    "plan_steps",
    "prefilter_engine",
    "pump_verdict",
    "read_info_lines",
    "read_info_table",
    "record_tables",
    "run_plan",
    "scope_cases",
    "summarize_findings",
    "to_number",
    "with_canonical_names",
]
