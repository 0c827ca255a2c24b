"""What a notice page highlights in its text, read from the field registry (never listed by hand).

A highlighted kind is one of

1. an entity table (``fields.ENTITIES``: dates, quantities, 文号 …), its row's span;
2. a table of records held by a case (the registry's ``cases.<attribute>``: ``case_persons``,
   ``case_penalties``, ``case_violations``), its row's span;
3. a named span of ``cases`` or of such a table: a string column ``X`` with ``X_start`` and
   ``X_end`` beside it (a person's ``post`` and ``organisation``; never the case's ``heading``).

So a table added to the registry in one of these shapes is highlighted with no change here.
Each kind has a CSS class ``k-<kind>``; a kind of the third shape (``case_persons-post``) names its
table in ``data-t`` so that ``report.js`` finds the row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from noticeparse.fields import FIELDS, Field

__all__ = ["CASE_TABLES", "MENTIONS", "Mention"]

_PALETTE = ("#953800", "#a40e26", "#6639ba", "#0a3069", "#116329", "#7d4e00", "#1b7c83", "#57606a")
_NOT_SHOWN = {"heading"}  # a case's heading is its first sentence: the whole case would be marked


@dataclass(frozen=True, slots=True)
class Mention:
    """One highlighted kind: the rows of ``table``, spans ``[start, end)`` from two of its columns."""

    kind: str  # the CSS class suffix (k-<kind>) and the legend's key
    table: str
    start: str = "char_start"
    end: str = "char_end"
    name: str = ""  # the legend's name (Chinese for the entities)
    colour: str = ""
    entity: bool = False  # an entity table: tooltip lines from its registry entry

    @property
    def label(self) -> str:
        """The legend's label: the Chinese name and the kind, or the table and column."""
        return f"{self.name} {self.kind}" if self.entity else self.name


def _case_tables() -> list[Field]:
    return [f for f in FIELDS if f.table == "cases" or f.notice_attribute.startswith("cases.")]


# ``cases`` and every table of records its records hold (the registry's ``cases.<attribute>``)
CASE_TABLES = tuple(f.table for f in _case_tables())


def _named_spans(item: Field) -> list[str]:
    """The string columns ``X`` of a table with ``X_start`` and ``X_end`` beside them."""
    columns = dict(item.columns)
    return [name for name, kind in item.columns
            if pa.types.is_string(kind) and f"{name}_start" in columns and f"{name}_end" in columns
            and name not in _NOT_SHOWN]


def _mentions() -> tuple[Mention, ...]:
    found = [Mention(f.table, f.table, name=f.entity.name_zh, colour=f.entity.colour, entity=True)
             for f in FIELDS if f.entity is not None]
    extra: list[Mention] = []
    for item in _case_tables():
        columns = dict(item.columns)
        if item.table != "cases" and "char_start" in columns:
            extra.append(Mention(item.table, item.table, name=item.table))
        extra += [Mention(f"{item.table}-{name}", item.table, f"{name}_start", f"{name}_end",
                          name=f"{item.table}.{name}") for name in _named_spans(item)]
    coloured = [Mention(m.kind, m.table, m.start, m.end, m.name, _PALETTE[i % len(_PALETTE)])
                for i, m in enumerate(extra)]
    return (*found, *coloured)


# every highlighted kind, entities first (the legend's order)
MENTIONS: tuple[Mention, ...] = _mentions()
