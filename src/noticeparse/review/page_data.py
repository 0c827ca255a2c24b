"""The data block of a notice page: its tables' rows as compact JSON, drawn by ``static/report.js``.

A row is in the page once: the rows tables are built from this block when the reader
opens them, and an entity's tooltip (its normalised value and rule id) is read from its
row on hover or focus, so the highlighted text carries only ``class`` and ``data-e``
(the row's index in its table). The block is compact without losing a shown value:

- values come already as the page shows them (dates ISO, floats as ``%.10g`` but never with an exponent, lists
  joined with ``; ``, None as ``""``), so the browser never formats a number;
- a column with one value over all of a table's rows is stored once (``const``);
- a row's ``text`` is ``null`` when it is the slice ``[char_start, char_end)`` of the
  notice text (an entity's, always), which the browser reads from the page;
- the empty values that end a row are left out.

The JSON is gzipped and written in base64 into a ``<script type="application/gzip">``
(never run, so the page's CSP admits it, and base64 holds no ``<``, so a notice's
``</script>`` cannot end it); the browser inflates it with its own ``DecompressionStream``.
The synthetic notices' blocks shrink from 15 KB of JSON to 4 KB.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from noticeparse.store import Row, has_spans, plain_number

__all__ = ["HIDDEN_COLUMNS", "data_block", "json_value", "read_data_block", "table_data", "table_rows"]

# shown in the lead cells (span, text, node) or not at all
HIDDEN_COLUMNS = frozenset({"notice_id", "char_start", "char_end", "text", "node_id"})


def json_value(value: Any) -> Any:
    """A cell's value as the page shows it: JSON scalars, with floats and dates as text.

    A float 0 stays the number 0, so that the browser can leave out a tooltip line
    whose first field is 0, as ``report._tooltip_line`` does (``0 == False``).

    >>> json_value(3730000000.0), json_value(0.0), json_value(None), json_value(["a", "b"]), json_value(True)
    ('3730000000', 0, '', 'a; b', True)
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return 0 if value == 0 else plain_number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def table_data(rows: Sequence[Row], text: str, limit: int | None = None) -> dict[str, Any]:
    """One table of a notice: ``cols``, ``const``, ``rows`` (at most ``limit``) and ``n`` (all rows).

    A row is ``[char_start, char_end, text, node_id, *values]`` when the table has spans
    (without ``text`` when the table has no such column), else ``[node_id, *values]``;
    ``values`` follow ``cols`` without the ``const`` ones.

    >>> table_data([{"notice_id": "a", "text": "甲乙", "char_start": 0, "char_end": 2, "node_id": 1,
    ...              "value": 2.0, "unit": None}], "甲乙丙")
    {'cols': ['value', 'unit'], 'const': {}, 'rows': [[0, 2, None, 1, '2']], 'n': 1, 'spans': True, 'text': True}
    """
    columns = [c for c in rows[0] if c not in HIDDEN_COLUMNS]
    shown = rows if limit is None else rows[:limit]
    const, kept = {}, []
    for column in columns:  # column by column: a type test per column, not per value, when it can
        values = _column_values(_column(shown, column))
        if len(values) > 1 and values.count(values[0]) == len(values):
            const[column] = values[0]
        else:
            kept.append(values)
    spans, has_text = has_spans(list(rows)), "text" in rows[0]
    leads: list[list[Any]] = [[json_value(row.get("node_id"))] for row in shown]
    if spans:
        for lead, row in zip(leads, shown, strict=True):
            start, end = row["char_start"], row["char_end"]
            own = row.get("text")
            slice_ = [None if own is not None and own == text[start:end] else json_value(own)] if has_text else []
            lead[:0] = [start, end, *slice_]
    out = [_trimmed([*lead, *cells]) for lead, cells in zip(leads, zip(*kept, strict=True) if kept else
                                                             ([] for _ in shown), strict=True)]
    return {"cols": columns, "const": const, "rows": out, "n": len(rows), "spans": spans, "text": has_text}


_PLAIN = frozenset({str, int, bool})


def _column(rows: Sequence[Row], column: str) -> list[Any]:
    """One column of rows: every key is there in rows read from Parquet (the fast path)."""
    try:
        return list(map(itemgetter(column), rows))
    except KeyError:
        return [row.get(column) for row in rows]


def _column_values(values: list[Any]) -> list[Any]:
    """``json_value`` of a column's values; strings, ints and None (most columns) on a fast path."""
    types = set(map(type, values))
    if types <= _PLAIN:
        return values
    if types <= _PLAIN | {type(None)}:
        return ["" if v is None else v for v in values]
    return [json_value(v) for v in values]


def table_rows(table: Mapping[str, Any], text: str) -> list[Row]:
    """The rows of ``table_data`` as dicts again, as ``static/report.js`` reads them (for tests and tools).

    >>> table_rows(table_data([{"text": "甲", "char_start": 0, "char_end": 1, "node_id": 2, "v": None}], "甲"), "甲")
    [{'char_start': 0, 'char_end': 1, 'text': '甲', 'node_id': 2, 'v': ''}]
    """
    out = []
    for raw in table["rows"]:
        values, row = iter(raw), {}
        if table["spans"]:
            row["char_start"], row["char_end"] = next(values), next(values)
            own = next(values, "") if table["text"] else ""
            row["text"] = text[row["char_start"]:row["char_end"]] if own is None else own
        row["node_id"] = next(values, "")
        for column in table["cols"]:
            row[column] = table["const"][column] if column in table["const"] else next(values, "")
        out.append(row)
    return out


def _trimmed(row: list[Any]) -> list[Any]:
    """A row without the empty values that end it (the browser reads a missing value as empty)."""
    end = len(row)
    while end and row[end - 1] == "":
        end -= 1
    return row[:end]


def data_block(element_id: str, data: Mapping[str, Any]) -> str:
    """``data`` as JSON, gzipped, in base64, in a ``<script>`` block that no value can end early.

    >>> block = data_block("d", {"t": "</script>"})
    >>> block.startswith('<script type="application/gzip" id="d">') and "</script>" not in block[:-9]
    True
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    packed = base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)).decode("ascii")
    return f'<script type="application/gzip" id="{element_id}">{packed}</script>'


def read_data_block(html: str, element_id: str) -> Any:
    """The data of a page's block (``data_block`` read back: for tests and tools).

    >>> read_data_block(data_block("d", {"t": [1]}), "d")
    {'t': [1]}
    """
    marker = f'<script type="application/gzip" id="{element_id}">'
    start = html.index(marker) + len(marker)
    packed = html[start:html.index("</script>", start)]
    return json.loads(gzip.decompress(base64.b64decode(packed)).decode("utf-8"))
