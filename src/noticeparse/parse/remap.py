"""Records found on the normalised view, moved onto the stored text (``remap_notice``).

Every extractor, the metadata, kind, cases, aliases, measures and the segmenter run on the view
(``noticeparse.parse.view``). At the end one function moves every offset of every record of every
registry table (``noticeparse.fields.FIELDS``), nested records (a case's violations and
penalties) and token columns included, to the stored text, and slices the fields that hold the
text as written (``text``, an outline node's ``marker``, a case person's name, post and
organisation, a case heading: ``fields.AS_WRITTEN``) from the stored text again, so
``notice.text[r.start:r.end] == r.text`` holds. Other strings (a penalty value, a title, a unit …)
keep their normalised form.

An offset field is an ``int`` field named ``start``, ``end``, ``…_start``, ``…_end`` or
``part_of`` (the start of another record); an end maps to the stored offset right after its last
character, so what a fold removed right after a span (a gloss: 46個(gè)) stays outside it. The
registry's ``fields.NOT_OFFSETS`` lists every other ``int`` field of the records, so a new field
is placed in one or the other (tests/parse/test_remap.py) without a change here.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from typing import Any

import regex

from noticeparse.fields import AS_WRITTEN, FIELDS
from noticeparse.parse.view import TextView
from noticeparse.records import Notice, TokenTable

__all__ = ["offset_fields", "remap_notice"]

_OFFSET_NAME = regex.compile(r"^(?:start|end|part_of)$|_(?:start|end)$")
# a record whose ``where`` is "title" has its start/end on the notice's title (a page's title is no text):
# those two stay, its other offsets (a round ref's group, period, feedback) are on the text and move
_IN_TITLE = ("start", "end")


@functools.cache
def offset_fields(record: type) -> tuple[str, ...]:
    """The offset fields of a record type.

    >>> from noticeparse.records import Quantity
    >>> offset_fields(Quantity)
    ('start', 'end', 'part_of')
    """
    hints = typing.get_type_hints(record)
    return tuple(f.name for f in dataclasses.fields(record)
                 if hints[f.name] in (int, int | None) and _OFFSET_NAME.search(f.name))


@functools.cache
def _nested_fields(record: type) -> tuple[str, ...]:
    """Fields holding a tuple of records (a case's violations and penalties)."""
    hints = typing.get_type_hints(record)
    return tuple(f.name for f in dataclasses.fields(record)
                 if typing.get_origin(hints[f.name]) is tuple and dataclasses.is_dataclass(typing.get_args(hints[f.name])[0]))


def remap_notice(notice: Notice, view: TextView) -> Notice:
    """``notice`` (found on ``view.text``) with its text the stored text and every span on it.

    When no fold fired the view is the stored text and the notice is returned as it is.

    >>> from noticeparse.parse.notice import parse_text
    >>> notice = parse_text("2O21年8月5日，黨內警告處分")
    >>> notice.text, [(d.text, d.start, d.end) for d in notice.dates]
    ('2O21年8月5日，黨內警告處分', [('2O21年8月5日', 0, 9)])
    """
    if not view.folds:
        return notice
    changes: dict[str, Any] = {"text": view.stored}
    for item in FIELDS:
        if "." in item.notice_attribute:  # held by the records of another table: moved with them
            continue
        records = getattr(notice, item.notice_attribute)
        if isinstance(records, TokenTable):
            changes[item.notice_attribute] = _remap_tokens(records, view)
        else:
            changes[item.notice_attribute] = tuple(_remap(record, view) for record in records)
    return dataclasses.replace(notice, **changes)


def _remap(record: Any, view: TextView) -> Any:
    """One record with its offsets on the stored text, its as-written fields sliced from it, nested ones too."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        return record
    kind: type = type(record)
    changes: dict[str, Any] = {}
    in_title = getattr(record, "where", "text") == "title"
    for name in offset_fields(kind):
        value = getattr(record, name)
        if in_title and name in _IN_TITLE:
            continue
        if value is not None and name.endswith("end"):
            start = getattr(record, name[:-3] + "start", None)  # an empty span stays empty
            changes[name] = view.stored_start(value) if value == start else view.stored_end(value)
        elif value is not None:
            changes[name] = view.stored_start(value)
    changes.update({name: tuple(_remap(held, view) for held in getattr(record, name)) for name in _nested_fields(kind)})
    for name, (start, end) in AS_WRITTEN.items():
        if start in changes and end in changes and hasattr(record, name):
            changes[name] = view.stored[changes[start]:changes[end]]
    return dataclasses.replace(record, **changes) if changes else record


def _remap_tokens(tokens: TokenTable, view: TextView) -> TokenTable:
    """Token columns on the stored text: offsets moved, each token's text as written."""
    starts = [view.stored_start(s) for s in tokens.start]
    ends = [view.stored_end(e) for e in tokens.end]
    texts = [view.stored[s:e] for s, e in zip(starts, ends, strict=True)]
    return TokenTable(texts, starts, ends, tokens.pos, tokens.entity_kind, tokens.node_id)
