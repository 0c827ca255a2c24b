"""Notices to table rows (plain dicts keyed by the column names in ``schema.TABLES``)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from typing import Any

from noticeparse import PARSER_VERSION
from noticeparse.records import Notice
from noticeparse.rules import RuleSet, load_rules

# record field → column, where the names differ
_RENAMES = {"start": "char_start", "end": "char_end"}
_ENTITY_TABLES = {
    "doc_numbers": "doc_numbers",
    "titles": "titles",
    "dates": "dates",
    "quantities": "quantities",
    "contacts": "contacts",
    "outline": "outline",
}


def _record_row(notice_id: str, record: Any) -> dict[str, Any]:
    row = {"notice_id": notice_id}
    for name, column in _columns(type(record)):
        row[column] = getattr(record, name)
    return row


@functools.cache
def _columns(kind: type) -> tuple[tuple[str, str], ...]:
    """A record type's (field, column) pairs."""
    return tuple((item.name, _RENAMES.get(item.name, item.name)) for item in dataclasses.fields(kind))


def notice_row(notice: Notice, rules_sha256: str) -> dict[str, Any]:
    """The ``notices`` row of one notice."""
    return {
        "notice_id": notice.notice_id,
        "source": notice.source,
        **dataclasses.asdict(notice.meta),
        "text": notice.text,
        "n_chars": len(notice.text),
        "sha256": notice.sha256,
        "encoding": notice.encoding,
        "parser_version": PARSER_VERSION,
        "rules_sha256": rules_sha256,
        "chrome": [dataclasses.asdict(line) for line in notice.chrome],
        "offset_runs": [{"start": s, "input_start": i, "length": n} for s, i, n in notice.offset_runs],
    }


def notice_rows(
    notice: Notice, rules_sha256: str, rules: RuleSet | None = None, *, segment: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows for one notice; a notice that failed to read has no ``notices`` row.

    ``rules`` feed the segmentation tables (``tokens``, ``terms``, ``topics``); the
    default rules when None. ``segment=False`` leaves those tables empty.
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["notices"] = [notice_row(notice, rules_sha256)] if notice.text or not notice.issues else []
    for table, attribute in _ENTITY_TABLES.items():
        rows[table] = [_record_row(notice.notice_id, r) for r in getattr(notice, attribute)]
    rows.update(_case_rows(notice))
    rows["errors"] = [
        {"notice_id": notice.notice_id, "source": notice.source, **dataclasses.asdict(issue)}
        for issue in notice.issues
    ]
    rows.update(_segment_rows(notice, rules, rows["errors"]) if segment else {})
    return rows


def _case_rows(notice: Notice) -> dict[str, list[dict[str, Any]]]:
    """The ``cases`` rows (violation and penalty values as lists) and one row per violation and penalty."""
    cases, violations, penalties = [], [], []
    for case in notice.cases:
        row = _record_row(notice.notice_id, case)
        row["violations"] = [v.violation for v in case.violations]
        row["penalties"] = [p.penalty for p in case.penalties]
        cases.append(row)
        violations += [_record_row(notice.notice_id, v) for v in case.violations]
        penalties += [_record_row(notice.notice_id, p) for p in case.penalties]
    return {"cases": cases, "case_violations": violations, "case_penalties": penalties}


def _segment_rows(notice: Notice, rules: RuleSet | None, errors: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    from noticeparse.segment import segment_notice  # jieba loads on first use, not on import

    try:
        return segment_notice(notice, rules or load_rules())
    except Exception as exc:  # noqa: BLE001 - a segmenter bug must not lose the notice's other tables
        errors.append({"notice_id": notice.notice_id, "source": notice.source, "stage": "segment",
                       "code": "E200", "message": f"{type(exc).__name__}: {exc}"})
        return {"tokens": [], "terms": [], "topics": []}


def collect_rows(
    notices: Iterable[Notice], rules_sha256: str, rules: RuleSet | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Rows of many notices, table by table."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for notice in notices:
        for table, rows in notice_rows(notice, rules_sha256, rules).items():
            tables.setdefault(table, []).extend(rows)
    return tables


_VOLATILE = {"parser_version", "rules_sha256", "text", "offset_runs"}
# thousands of rows per notice: scored by tests/segmentation (gold set) instead of golden files
_NOT_IN_DOCUMENT = {"tokens"}


def notice_document(notice: Notice) -> dict[str, Any]:
    """A canonical, JSON-ready rendering of one notice's rows (for golden files and diffs).

    Provenance columns that change with every release or rule edit are left out,
    and the text is represented by its length; everything else is kept.
    """
    rows = notice_rows(notice, "")
    document: dict[str, Any] = {}
    for table, table_rows in rows.items():
        if table in _NOT_IN_DOCUMENT:
            continue
        document[table] = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in sorted(row.items())
             if k not in _VOLATILE}
            for row in table_rows
        ]
    return document
