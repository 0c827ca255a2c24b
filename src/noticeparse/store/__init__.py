"""Storage: atomic file writes, table rows, the Arrow schema, the one Parquet writer, the reader and DuckDB queries.

The face of the stage: other stages import only from here. The DuckDB functions
and the pandas reader load on first use, so that parsing never imports DuckDB or pandas.
"""

from typing import Any

from noticeparse.store.atomic import atomic_path, atomic_write_bytes, atomic_write_text
from noticeparse.store.lock import LOCK_NAME, OutputBusy, output_lock
from noticeparse.store.parquet import (
    NULL_PARTITION,
    concat_sorted,
    part_is_whole,
    part_path,
    partition_value,
    remove_temp_files,
    to_table,
    write_linked,
    write_part,
    write_table,
    write_tables,
)
from noticeparse.store.reader import (
    ParsedRun,
    Row,
    count_notices,
    find_tables,
    group_by_notice,
    has_spans,
    iter_notice_groups,
    read_arrow,
    read_parsed,
)
from noticeparse.store.rows import (
    ColumnLists,
    collect_rows,
    notice_columns,
    notice_document,
    notice_row,
    notice_rows,
    publication_year,
    record_columns,
    record_rows,
)
from noticeparse.store.schema import LINK_TABLES, PARTITION_KEY, SCHEMA_VERSION, TABLES
from noticeparse.store.snapshot import (
    CURRENT,
    MANIFEST,
    SNAPSHOTS,
    add_step_hook,
    clean_stale,
    commit_step,
    link_or_copy,
    new_snapshot,
    publish,
    read_manifest,
    resolve_output,
)
from noticeparse.store.totals import (
    ROLE_UNKNOWN,
    amount_of,
    amounts_sql,
    format_mu,
    format_yuan,
    left_out,
    plain_number,
    role_label,
    summable,
    summable_sql,
)

__all__ = [
    "CURRENT",
    "LINK_TABLES",
    "LOCK_NAME",
    "MANIFEST",
    "NULL_PARTITION",
    "PARTITION_KEY",
    "ROLE_UNKNOWN",
    "SCHEMA_VERSION",
    "SNAPSHOTS",
    "TABLES",
    "ColumnLists",
    "Frames",
    "OutputBusy",
    "ParsedRun",
    "Row",
    "add_step_hook",
    "amount_of",
    "amounts_sql",
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "clean_stale",
    "collect_rows",
    "commit_step",
    "concat_sorted",
    "connect",
    "count_notices",
    "find_tables",
    "format_mu",
    "format_yuan",
    "group_by_notice",
    "has_spans",
    "iter_notice_groups",
    "left_out",
    "link_or_copy",
    "new_snapshot",
    "notice_columns",
    "notice_document",
    "notice_row",
    "notice_rows",
    "output_lock",
    "part_is_whole",
    "part_path",
    "partition_value",
    "plain_number",
    "publication_year",
    "publish",
    "read",
    "read_arrow",
    "read_manifest",
    "read_parsed",
    "record_columns",
    "record_rows",
    "remove_temp_files",
    "resolve_output",
    "role_label",
    "run_query",
    "shell",
    "summable",
    "summable_sql",
    "to_table",
    "write_linked",
    "write_part",
    "write_table",
    "write_tables",
]

_QUERY = {"connect", "run_query", "shell"}
_FRAMES = {"Frames", "read"}  # pandas loads on first use too


def __getattr__(name: str) -> Any:
    if name in _QUERY:
        from noticeparse.store import query

        return getattr(query, name)
    if name in _FRAMES:
        from noticeparse.store import frames

        return getattr(frames, name)
    raise AttributeError(name)
