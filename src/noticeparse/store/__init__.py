"""Storage: atomic file writes, table rows, the Arrow schema, the one Parquet writer, the reader and DuckDB queries.

The face of the stage: other stages import only from here. The DuckDB functions
load on first use, so that parsing never imports DuckDB.
"""

from typing import Any

from noticeparse.store.atomic import atomic_path, atomic_write_bytes, atomic_write_text
from noticeparse.store.parquet import (
    PARTITION_KEY,
    concat_sorted,
    part_path,
    remove_parts,
    remove_temp_files,
    to_table,
    write_part,
    write_table,
    write_tables,
)
from noticeparse.store.reader import ParsedRun, Row, find_tables, group_by_notice, has_spans, read_parsed
from noticeparse.store.rows import (
    ColumnLists,
    collect_rows,
    notice_columns,
    notice_document,
    notice_row,
    notice_rows,
    record_columns,
    record_rows,
)
from noticeparse.store.schema import SCHEMA_VERSION, TABLES

__all__ = [
    "PARTITION_KEY",
    "SCHEMA_VERSION",
    "TABLES",
    "ColumnLists",
    "ParsedRun",
    "Row",
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "collect_rows",
    "concat_sorted",
    "connect",
    "find_tables",
    "group_by_notice",
    "has_spans",
    "notice_columns",
    "notice_document",
    "notice_row",
    "notice_rows",
    "part_path",
    "read_parsed",
    "record_columns",
    "record_rows",
    "remove_parts",
    "remove_temp_files",
    "run_query",
    "shell",
    "to_table",
    "write_part",
    "write_table",
    "write_tables",
]

_QUERY = {"connect", "run_query", "shell"}


def __getattr__(name: str) -> Any:
    if name in _QUERY:
        from noticeparse.store import query

        return getattr(query, name)
    raise AttributeError(name)
