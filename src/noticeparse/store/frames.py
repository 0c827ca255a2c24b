"""An output folder as pandas DataFrames: ``noticeparse.read(OUT).quantities``.

Every table of the contract is there, from ``parse``'s files or ``batch``'s Hive
folders alike, with the same columns: an empty table has its columns and dtypes.
Integers and booleans are pandas' nullable dtypes (``Int32``, ``boolean``), dates
are ``datetime64`` (NaT where unknown), text is ``string`` and ``pub_year`` is an
``Int16`` (``<NA>`` where the year is unknown). Tables load on first use::

    import noticeparse
    run = noticeparse.read("parsed")
    money = run.quantities.query("category == 'money'")
    run.context(money.iloc[0])        # the sentence the value stands in, the value in 【】
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from noticeparse.store.parquet import sort_table
from noticeparse.store.query import with_duplicates
from noticeparse.store.reader import find_tables, read_arrow
from noticeparse.store.schema import LINK_TABLES, TABLES
from noticeparse.store.totals import amounts_sql

__all__ = ["Frames", "context_of", "read", "to_frame"]

# where a sentence ends: its punctuation, or a line break
_SENTENCE_END = "。！？；!?;\n"


def _dtype(kind: pa.DataType) -> Any:
    """The nullable pandas dtype of an Arrow type (None: pyarrow's default conversion)."""
    if pa.types.is_integer(kind):
        return pd.api.types.pandas_dtype(f"{'U' if pa.types.is_unsigned_integer(kind) else ''}Int{kind.bit_width}")
    if pa.types.is_boolean(kind):
        return pd.BooleanDtype()
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pd.StringDtype()
    if pa.types.is_floating(kind):
        return pd.Float64Dtype()
    return None


def to_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a DataFrame with nullable dtypes and ``datetime64`` dates."""
    return table.to_pandas(types_mapper=_dtype, date_as_object=False)


class Frames(Mapping[str, pd.DataFrame]):
    """The tables of one output folder as DataFrames, by attribute or key; each loads once."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._paths = find_tables(self.root)
        if not self._paths:
            raise FileNotFoundError(f"no Parquet tables in {self.root}: run `noticeparse parse` or `batch` first")
        self._loaded: dict[str, pd.DataFrame] = {}
        self._texts: dict[str, str] | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._loaded:
            schema = TABLES.get(name) or LINK_TABLES.get(name)
            if name not in self._paths and schema is None:
                raise KeyError(f"no table {name!r} (tables: {', '.join(self)})")
            path = self._paths.get(name)
            table = read_arrow(path) if path is not None else schema.empty_table()  # type: ignore[union-attr]
            if schema is not None:  # the contract's columns in the contract's order
                table = _conform(table, schema)
            if name == "notices":
                table = _with_duplicates(table)
            # Hive parts come in folder order: rows by notice and span, as ``parse`` writes them
            self._loaded[name] = to_frame(sort_table(table))
        return self._loaded[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(str(exc)) from exc

    def __iter__(self) -> Iterator[str]:
        known = [*TABLES, *LINK_TABLES]
        return iter([*known, *(name for name in self._paths if name not in known)])

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __repr__(self) -> str:
        return f"noticeparse.read({str(self.root)!r}): {', '.join(self)}"

    def context(self, row: Mapping[str, Any] | pd.Series, mark: tuple[str, str] = ("【", "】")) -> str:
        """The sentence of the notice text that holds a row's span, the span between ``mark``.

        ``row`` is any row with ``notice_id``, ``char_start`` and ``char_end`` (a quantity, a
        date, a case …). Offsets are 0-based and half-open, as Python slices are.
        """
        if self._texts is None:
            notices = read_arrow(self._paths["notices"], ["notice_id", "text"]) if "notices" in self._paths \
                else TABLES["notices"].empty_table()
            ids, texts = notices.column("notice_id").to_pylist(), notices.column("text").to_pylist()
            self._texts = {str(i): str(t) for i, t in zip(ids, texts, strict=True)}
        text = self._texts.get(str(row["notice_id"]))
        if text is None:
            raise KeyError(f"no notice {row['notice_id']!r} in {self.root}")
        return context_of(text, int(row["char_start"]), int(row["char_end"]), mark)

    def amounts(self) -> pd.DataFrame:
        """The quantities that may be summed, as the ``amounts`` view of ``noticeparse query`` has them.

        Money in yuan and land in 亩 (``measure``, ``amount``), no parts, no thresholds, no
        aggregates; ``role`` null as ``role unknown``. Sum them by role, never across roles
        (``store.totals``).
        """
        quantities = self.quantities
        con = duckdb.connect()
        con.register("quantities_in", quantities)
        relation = con.sql(amounts_sql("quantities_in", list(quantities.columns)))
        return to_frame((getattr(relation, "to_arrow_table", None) or relation.arrow)())

    def snippets(self, table: str) -> pd.Series:
        """``context`` of every row of a table (a column to add: ``df["snippet"] = run.snippets(...)``)."""
        frame = self[table]
        return pd.Series([self.context(row) for _, row in frame.iterrows()], index=frame.index, dtype="string")


def _with_duplicates(notices: pa.Table) -> pa.Table:
    """The notices with ``duplicate_of`` set on every repeat (``query.DUPLICATE_OF``; a batch leaves it null)."""
    if not notices.num_rows:
        return notices
    con = duckdb.connect()
    con.register("notices_in", notices)
    relation = con.sql(with_duplicates("notices_in"))
    result: pa.Table = (getattr(relation, "to_arrow_table", None) or relation.arrow)()
    return result.cast(notices.schema)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Missing contract columns as nulls (outputs of older versions), extra ones kept at the end."""
    for item in schema:
        if item.name not in table.schema.names:
            table = table.append_column(item, pa.nulls(table.num_rows, item.type))
    names = [*schema.names, *(n for n in table.schema.names if n not in schema.names)]
    return table.select(names)


def context_of(text: str, start: int, end: int, mark: tuple[str, str] = ("【", "】")) -> str:
    """The sentence around ``text[start:end]``, with that span between ``mark``.

    >>> context_of("总投资3000万元。以上款项已到位。", 3, 9)
    '总投资【3000万元】。'
    """
    begin = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    stops = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
    stop = min(stops) + 1 if stops else len(text)
    return f"{text[begin:start]}{mark[0]}{text[start:end]}{mark[1]}{text[end:stop]}".strip()


def read(outdir: str | Path) -> Frames:
    """The tables of an output folder (``parse -o`` or ``batch -o``) as pandas DataFrames.

    Raises:
        FileNotFoundError: when the folder holds no Parquet table.
    """
    return Frames(Path(outdir))
