"""Parsing one input: bytes → text (inputs, decoding, HTML, chrome, attachments, offsets) → ``Notice``.

The face of the stage: other stages import only from here.
"""

from noticeparse.parse.attachments import AttachmentText, attachment_text
from noticeparse.parse.budget import NoticeTimeout, time_budget
from noticeparse.parse.generic import fallback_date
from noticeparse.parse.html import (
    HtmlText,
    attachment_names,
    extract_page,
    iso_date,
    looks_like_html,
    node_text,
    url_date,
)
from noticeparse.parse.inputs import (
    MAX_BYTES,
    Entry,
    RawInput,
    declared_charset,
    fs_path,
    iter_entries,
    iter_inputs,
    iter_notice_files,
    problem_source,
    read_sidecar,
    shown_source,
    sidecar_of,
    source_name,
)
from noticeparse.parse.normalize import decode_bytes, normalize_text, replace_surrogates
from noticeparse.parse.notice import (
    MAX_CHARS,
    failed_notice,
    input_id,
    mark_duplicates,
    parse_bytes,
    parse_input,
    parse_text,
)
from noticeparse.parse.offsets import to_input_offset
from noticeparse.parse.options import ParseOptions
from noticeparse.parse.pump import PumpUnit, WholePump, iter_whole_pumps
from noticeparse.parse.pump import parser as whole_parser
from noticeparse.parse.remap import remap_notice
from noticeparse.parse.view import TextView, build_view, check_view_examples

__all__ = [
    "MAX_BYTES",
    "MAX_CHARS",
    "AttachmentText",
    "Entry",
    "HtmlText",
    "NoticeTimeout",
    "ParseOptions",
    "PumpUnit",
    "RawInput",
    "TextView",
    "WholePump",
    "attachment_names",
    "attachment_text",
    "build_view",
    "check_view_examples",
    "declared_charset",
    "decode_bytes",
    "extract_page",
    "failed_notice",
    "fallback_date",
    "fs_path",
    "input_id",
    "iso_date",
    "iter_entries",
    "iter_inputs",
    "iter_notice_files",
    "iter_whole_pumps",
    "looks_like_html",
    "mark_duplicates",
    "node_text",
    "normalize_text",
    "parse_bytes",
    "parse_input",
    "parse_text",
    "problem_source",
    "read_sidecar",
    "remap_notice",
    "replace_surrogates",
    "shown_source",
    "sidecar_of",
    "source_name",
    "time_budget",
    "to_input_offset",
    "url_date",
    "whole_parser",
]
