"""Notices to table rows (plain dicts keyed by the column names in ``schema.TABLES``).

Conversion only: every table but ``notices`` is a record tuple of the ``Notice``
declared in the field registry (``noticeparse.fields``).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable, Iterable
from typing import Any

from noticeparse.about import PARSER_VERSION
from noticeparse.fields import FIELDS, Field
from noticeparse.records import Notice, TokenTable
from noticeparse.store.schema import PARTITION_KEY

__all__ = [
    "ColumnLists", "collect_rows", "notice_columns", "notice_document", "notice_row", "notice_rows", "publication_year",
    "record_columns", "record_rows",
]


@functools.cache
def _columns(item: Field) -> tuple[tuple[str, str], ...]:
    """A field's (record attribute, column) pairs."""
    return tuple((f.name, item.column_of(f.name)) for f in dataclasses.fields(item.record))


def record_rows(notice: Notice, item: Field) -> list[dict[str, Any]]:
    """The rows of one registry table for one notice."""
    head = tuple(getattr(notice, name) for name in item.notice_columns)
    columns, values, listed = _plan(item)
    if not listed:  # plain records (tokens: thousands a notice): one zip per row, no per-value call
        return [dict(zip(columns, head + values(record), strict=True)) for record in item.records(notice)]
    lists = dict(item.lists)
    names = columns[len(head):]
    return [
        dict(zip(columns, head + tuple(_listed(v, lists.get(c)) for c, v in zip(names, values(record), strict=True)),
                 strict=True))
        for record in item.records(notice)
    ]


_SCALARS = {"str", "int", "float", "bool", "None", "date", "datetime", "Decimal"}  # hints stored as they are


@functools.cache
def _plan(item: Field) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]], bool]:
    """A field's columns (notice's, then record's), a getter of a record's values, whether any is a tuple."""
    item.check()  # once per field and process: a record field without a column is an error, never dropped
    pairs = _columns(item)
    names = [name for name, _column in pairs]
    getter = operator.attrgetter(*names)
    values = getter if len(names) > 1 else (lambda record: (getter(record),))
    scalar = all({part.strip() for part in str(f.type).split("|")} <= _SCALARS for f in dataclasses.fields(item.record))
    listed = bool(item.lists) or not scalar
    return (*item.notice_columns, *(column for _name, column in pairs)), values, listed


def _listed(value: Any, attribute: str | None) -> Any:
    """A tuple as a list (of one attribute of each held record, for ``Field.lists`` columns)."""
    if not isinstance(value, tuple):
        return value
    return [getattr(v, attribute) for v in value] if attribute else list(value)


def notice_row(notice: Notice, rules_sha256: str) -> dict[str, Any]:
    """The ``notices`` row of one notice."""
    return {
        "notice_id": notice.notice_id,
        "source": notice.source,
        **dataclasses.asdict(notice.meta),
        "normalised": list(notice.meta.normalised),
        "text": notice.text,
        "n_chars": len(notice.text),
        "sha256": notice.sha256,
        "encoding": notice.encoding,
        "parser_version": PARSER_VERSION,
        "rules_sha256": rules_sha256,
        "url": notice.url,
        "final_url": notice.final_url,
        "fetched_at": notice.fetched_at,
        "content_sha256": notice.content_sha256 or None,
        "duplicate_of": notice.duplicate_of,
        "chrome": [dataclasses.asdict(line) for line in notice.chrome],
        "offset_runs": [{"start": s, "input_start": i, "length": n} for s, i, n in notice.offset_runs],
    }


def publication_year(notice: Notice) -> int | None:
    """The ``pub_year`` of every row of a notice: its publication year, else its signing year."""
    when = notice.meta.publish_date or notice.meta.signed_date
    return when.year if when else None


def notice_rows(notice: Notice, rules_sha256: str) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows for one notice; a notice that failed to read has no ``notices`` row.

    Every row ends with the notice's ``pub_year`` (see ``schema.PARTITION_KEY``).
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["notices"] = [notice_row(notice, rules_sha256)] if notice.text or not notice.issues else []
    for item in FIELDS:
        rows[item.table] = record_rows(notice, item)
    year = publication_year(notice)
    for table_rows in rows.values():
        for row in table_rows:
            row[PARTITION_KEY] = year
    return rows


ColumnLists = dict[str, list[Any]]  # one table's rows as a list per column (``to_table`` takes these too)


def record_columns(notice: Notice, item: Field) -> ColumnLists:
    """The rows of ``record_rows`` as column lists: no dict per row (tokens run to thousands).

    >>> from noticeparse.fields import FIELDS
    >>> from noticeparse.records import NoticeMeta, Token
    >>> notice = Notice("n1", None, "巡察组进驻", "", None, NoticeMeta(), tokens=(Token("巡察组", 0, 3, "n"),))
    >>> tokens = next(f for f in FIELDS if f.table == "tokens")
    >>> record_columns(notice, tokens)["token"], record_columns(notice, tokens)["notice_id"]
    (['巡察组'], ['n1'])
    """
    columns, _values, listed = _plan(item)
    if listed:
        rows = record_rows(notice, item)
        return {column: [row[column] for row in rows] for column in columns}
    held = getattr(notice, item.notice_attribute, None)  # a dotted attribute (cases.violations): records
    if isinstance(held, TokenTable):  # columns already: no Token object is made
        by_name = held.columns()
        out = {name: [getattr(notice, name)] * len(held) for name in item.notice_columns}
        out.update({column: list(by_name[name]) for name, column in _columns(item)})
        return out
    records = item.records(notice)
    out = {name: [getattr(notice, name)] * len(records) for name in item.notice_columns}
    for name, column in _columns(item):
        out[column] = list(map(operator.attrgetter(name), records))
    return out


def notice_columns(notice: Notice, rules_sha256: str) -> dict[str, ColumnLists]:
    """``notice_rows`` as column lists, table by table (what the batch turns into Arrow)."""
    rows = [notice_row(notice, rules_sha256)] if notice.text or not notice.issues else []
    tables = {"notices": {column: [row[column] for row in rows] for column in (rows[0] if rows else {})}}
    for item in FIELDS:
        tables[item.table] = record_columns(notice, item)
    year = publication_year(notice)
    for columns in tables.values():
        columns[PARTITION_KEY] = [year] * len(next(iter(columns.values()), []))
    return tables


def collect_rows(notices: Iterable[Notice], rules_sha256: str) -> dict[str, list[dict[str, Any]]]:
    """Rows of many notices, table by table."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for notice in notices:
        for table, rows in notice_rows(notice, rules_sha256).items():
            tables.setdefault(table, []).extend(rows)
    return tables


# pub_year is derived from the notices row's dates, which the document holds already
_VOLATILE = {"parser_version", "rules_sha256", "text", "offset_runs", PARTITION_KEY}
# thousands of rows per notice: scored by tests/data/segmentation (gold set) instead of golden files
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
