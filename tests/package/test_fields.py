"""The field registry checks itself: records, table columns and the ``Notice`` agree.

Each check rebuilds what the registry claims from the records themselves (dateparser's
data-integrity test): a record field without a column, a column no record fills, a
``NoticeMeta`` field missing from ``notices`` or a record tuple on ``Notice`` that no
``Field`` writes would each lose values without a word.
"""

from __future__ import annotations

import dataclasses
import typing

import pyarrow as pa
import pytest

from noticeparse.fields import FIELDS, Field, RegistryError
from noticeparse.records import Notice, NoticeMeta
from noticeparse.store import notice_row, record_rows
from noticeparse.store.schema import PARTITION_KEY, TABLES


@pytest.mark.parametrize("item", FIELDS, ids=lambda f: f.table)
def test_record_fields_equal_the_table_columns(item: Field):
    filled = [*item.notice_columns, *(item.column_of(f.name) for f in dataclasses.fields(item.record))]
    assert sorted(filled) == sorted(item.schema.names)
    assert TABLES[item.table].names == [*item.schema.names, PARTITION_KEY]
    item.check()


def test_a_record_field_without_a_column_is_refused():
    item = next(f for f in FIELDS if f.table == "aliases")
    short = dataclasses.replace(item, columns=tuple(c for c in item.columns if c[0] != "full_name"))
    with pytest.raises(RegistryError, match="full_name"):
        short.check()
    extra = dataclasses.replace(item, columns=(*item.columns, ("colour", pa.string())))
    with pytest.raises(RegistryError, match="colour"):
        extra.check()
    with pytest.raises(RegistryError):  # the row converter checks before it converts: nothing dropped
        record_rows(Notice("n", None, "", "", None, NoticeMeta()), short)


def test_notices_columns_are_the_notice_row_and_hold_every_meta_field():
    row = notice_row(Notice("n", None, "text", "", None, NoticeMeta()), "")
    names = [n for n in TABLES["notices"].names if n != PARTITION_KEY]
    assert sorted(row) == sorted(names)
    meta = [f.name for f in dataclasses.fields(NoticeMeta)]
    assert set(meta) <= set(names), set(meta) - set(names)


_NOT_TABLES = {"chrome", "offset_runs"}  # lists of the notices row itself (see store.rows.notice_row)


def test_every_record_tuple_of_a_notice_is_a_registry_table():
    hints = typing.get_type_hints(Notice)
    held = {name for name, hint in hints.items()
            if typing.get_origin(hint) in (tuple, typing.get_origin(typing.Sequence[int]))
            and name not in _NOT_TABLES}
    attributes = {f.notice_attribute for f in FIELDS if "." not in f.notice_attribute}
    assert held == attributes
