"""Compare two parsed runs table by table: rows added, removed and changed.

Rows are matched by notice and span (``notice_id``, ``char_start``, ``char_end``);
``notices`` rows by ``notice_id`` and ``errors`` by (``notice_id``, ``stage``,
``code``); rows of other tables without spans only as whole rows. A removed and
an added row of the same notice whose spans overlap are reported as one changed
row (a rule that now matches one character more). ``node_id``/``parent_id`` are
compared as the position of the outline node they name, so an extra outline
item does not make every later row look changed. Provenance columns
(``parser_version``, ``rules_sha256``) are ignored.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse.store import ParsedRun, Row, has_spans, read_parsed

IGNORED_COLUMNS = frozenset({"parser_version", "rules_sha256"})
_NODE_COLUMNS = ("node_id", "parent_id")
_LABEL_COLUMNS = ("text", "token", "term", "topic", "heading", "title")
_KEYS = {"notices": ("notice_id",), "errors": ("notice_id", "stage", "code")}
Key = tuple[Any, ...]


@dataclass(frozen=True)
class Change:
    """One row present in both runs with different values: ``columns`` maps name → (old, new)."""

    old: Row
    new: Row
    columns: dict[str, tuple[Any, Any]]


@dataclass
class TableDiff:
    """The differences in one table."""

    name: str
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Rows added, removed or changed."""
        return len(self.added) + len(self.removed) + len(self.changed)


@dataclass
class RunDiff:
    """Two runs compared: a ``TableDiff`` per table of either run."""

    old: Path
    new: Path
    tables: dict[str, TableDiff]
    notices: tuple[int, int] = (0, 0)
    labels: dict[str, str] = field(default_factory=dict)  # notice_id → sample name, for reading

    def differing(self, only: Iterable[str] | None = None) -> list[str]:
        """Names of the tables that differ (among ``only`` when given)."""
        chosen = set(only) if only is not None else None
        return [n for n, t in self.tables.items() if t.count and (chosen is None or n in chosen)]

    def summary(self) -> str:
        """One line: how many rows were added, removed and changed, in which tables."""
        tables = self.differing()
        if not tables:
            return f"no differences in {len(self.tables)} tables ({self.notices[1]} notices)"
        added, removed, changed = (
            sum(len(getattr(t, k)) for t in self.tables.values()) for k in ("added", "removed", "changed")
        )
        return (
            f"{added} added, {removed} removed, {changed} changed rows in {len(tables)} of "
            f"{len(self.tables)} tables ({', '.join(tables)}); notices {self.notices[0]} → {self.notices[1]}"
        )


def _node_positions(run: ParsedRun) -> dict[tuple[str, Any], Any]:
    return {(r["notice_id"], r["node_id"]): r.get("char_start") for r in run.rows("outline")}


def _canonical(row: Row, nodes: dict[tuple[Any, Any], Any]) -> Row:
    out = {k: v for k, v in row.items() if k not in IGNORED_COLUMNS}
    for column in _NODE_COLUMNS:
        if out.get(column) is not None and (row.get("notice_id"), out[column]) in nodes:
            out[column] = f"node@{nodes[(row.get('notice_id'), out[column])]}"
    return out


def _key_columns(name: str, rows: Sequence[Row]) -> tuple[str, ...]:
    if name in _KEYS:
        return _KEYS[name]
    if has_spans(list(rows)):
        return ("notice_id", "char_start", "char_end")
    return ()  # whole rows


def _keyed(rows: Sequence[Row], columns: tuple[str, ...]) -> dict[Key, Row]:
    """Rows by key; repeats of a key get an occurrence number so none is lost."""
    seen: Counter[Key] = Counter()
    keyed = {}
    for row in rows:
        base = (
            tuple(row.get(c) for c in columns) if columns else (json.dumps(row, sort_keys=True, default=str),)
        )
        keyed[(*base, seen[base])] = row
        seen[base] += 1
    return keyed


def _changes(old: Row, new: Row) -> dict[str, tuple[Any, Any]]:
    return {c: (old.get(c), new.get(c)) for c in dict.fromkeys([*old, *new]) if old.get(c) != new.get(c)}


def _pair_overlapping(table: TableDiff) -> None:
    """Turn a removed and an added row of one notice with overlapping spans into a change."""
    added = list(table.added)
    removed = []
    for old in table.removed:
        match = next(
            (
                new
                for new in added
                if new.get("notice_id") == old.get("notice_id")
                and new["char_start"] < old["char_end"]
                and old["char_start"] < new["char_end"]
            ),
            None,
        )
        if match is None:
            removed.append(old)
        else:
            added.remove(match)
            table.changed.append(Change(old, match, _changes(old, match)))
    table.added, table.removed = added, removed


def _row_order(change: Change) -> tuple[str, int, str]:
    start = change.new.get("char_start")
    return (
        str(change.new.get("notice_id")),
        start if isinstance(start, int) else -1,
        str(change.new.get("code")),
    )


def diff_rows(name: str, old_rows: Sequence[Row], new_rows: Sequence[Row]) -> TableDiff:
    """The differences between two versions of one table (rows already canonical).

    >>> d = diff_rows("dates", [{"notice_id": "a", "char_start": 0, "char_end": 4, "text": "2021"}],
    ...               [{"notice_id": "a", "char_start": 0, "char_end": 7, "text": "2021年8月"}])
    >>> d.count, d.changed[0].columns["text"]
    (1, ('2021', '2021年8月'))
    """
    columns = _key_columns(name, list(old_rows) or list(new_rows))
    old, new = _keyed(old_rows, columns), _keyed(new_rows, columns)
    table = TableDiff(name)
    table.removed = [row for key, row in old.items() if key not in new]
    table.added = [row for key, row in new.items() if key not in old]
    for key in old.keys() & new.keys():
        if old[key] != new[key]:
            table.changed.append(Change(old[key], new[key], _changes(old[key], new[key])))
    if "char_start" in columns:
        _pair_overlapping(table)
    table.changed.sort(key=_row_order)
    return table


def _as_stored(table: TableDiff, stored: dict[int, Row]) -> TableDiff:
    """Report the rows as read (with ``node_id``, provenance …), not their comparison views."""
    table.added = [stored[id(r)] for r in table.added]
    table.removed = [stored[id(r)] for r in table.removed]
    table.changed = [Change(stored[id(c.old)], stored[id(c.new)], c.columns) for c in table.changed]
    return table


def diff_runs(old_dir: Path, new_dir: Path) -> RunDiff:
    """Compare the parsed tables in ``old_dir`` and ``new_dir``."""
    old, new = read_parsed(Path(old_dir)), read_parsed(Path(new_dir))
    old_nodes, new_nodes = _node_positions(old), _node_positions(new)
    tables = {}
    for name in dict.fromkeys([*new.tables, *old.tables]):
        old_view = [_canonical(r, old_nodes) for r in old.rows(name)]
        new_view = [_canonical(r, new_nodes) for r in new.rows(name)]
        stored = {
            id(v): r
            for v, r in [
                *zip(old_view, old.rows(name), strict=True),
                *zip(new_view, new.rows(name), strict=True),
            ]
        }
        tables[name] = _as_stored(diff_rows(name, old_view, new_view), stored)
    labels = {
        n["notice_id"]: Path(n.get("source") or n["notice_id"]).stem
        for n in [*old.rows("notices"), *new.rows("notices")]
    }
    return RunDiff(
        Path(old_dir), Path(new_dir), tables, (len(old.rows("notices")), len(new.rows("notices"))), labels
    )


def _short(value: Any, width: int = 60, quote: bool = True) -> str:
    """A value for one diff line: long text cut, lists counted, strings quoted (so '' and None differ)."""
    if isinstance(value, list):
        return f"[{len(value)} items]"
    if isinstance(value, str):
        cut = f"{value[:width]}… ({len(value)} chars)" if len(value) > width else value
        cut = cut.replace("\n", "⏎")
        return repr(cut) if quote else cut
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= width + 2 else text[:width] + "…"


def _label(row: Row, labels: dict[str, str]) -> str:
    """Where a row is: sample name, span, its text (or token, term …), error code, rule."""
    where = str(labels.get(row.get("notice_id", ""), row.get("notice_id", "?")))
    if row.get("char_start") is not None:
        where += f" [{row['char_start']},{row.get('char_end')})"
    spanned = row.get("char_start") is not None  # a notices row's text is the whole notice
    shown = next((c for c in _LABEL_COLUMNS if row.get(c) is not None and (spanned or c != "text")), None)
    if shown is not None:
        where += f" {_short(row[shown], 40, quote=False)}"
    if row.get("code") is not None:
        where += f" {row['code']} {_short(row.get('message'), 50, quote=False)}"
    return where + (f" {row['rule_id']}" if row.get("rule_id") else "")


def render(diff: RunDiff, limit: int = 20) -> str:
    """The diff as text: per differing table its counts, then ``+``/``-``/``~`` lines; then the summary."""
    lines = [f"--- {diff.old}", f"+++ {diff.new}"]
    for name in diff.differing():
        table = diff.tables[name]
        lines.append(f"{name}: +{len(table.added)} -{len(table.removed)} ~{len(table.changed)}")
        entries = (
            [f"  + {_label(r, diff.labels)}" for r in table.added]
            + [f"  - {_label(r, diff.labels)}" for r in table.removed]
            + [
                f"  ~ {_label(c.new, diff.labels)}: "
                + ", ".join(f"{col} {_short(a)} → {_short(b)}" for col, (a, b) in c.columns.items())
                for c in table.changed
            ]
        )
        shown = entries if limit <= 0 else entries[:limit]
        lines += shown
        if len(shown) < len(entries):
            lines.append(f"  … {len(entries) - len(shown)} more (--limit 0 shows all)")
    same = [n for n, t in diff.tables.items() if not t.count]
    if same and diff.differing():
        lines.append(f"unchanged: {', '.join(same)}")
    lines.append(diff.summary())
    return "\n".join(lines)


def to_json(diff: RunDiff, fail_on: Iterable[str] | None = None) -> dict[str, Any]:
    """The diff as a JSON-ready dict (dates as ISO strings via ``json.dumps(default=str)``)."""
    tables = {}
    for name in diff.differing():
        table = diff.tables[name]
        tables[name] = {
            "added": table.added,
            "removed": table.removed,
            "changed": [
                {"old": c.old, "new": c.new, "columns": {k: list(v) for k, v in c.columns.items()}}
                for c in table.changed
            ],
        }
    counts = {
        k: sum(len(getattr(t, k)) for t in diff.tables.values()) for k in ("added", "removed", "changed")
    }
    chosen = None if fail_on is None else list(fail_on)
    return {
        "old": str(diff.old),
        "new": str(diff.new),
        "notices": list(diff.notices),
        "differs": bool(diff.differing(chosen)),
        "fail_on": chosen if chosen is not None else "all",
        "summary": {**counts, "tables": diff.differing(), "line": diff.summary()},
        "tables": tables,
    }
