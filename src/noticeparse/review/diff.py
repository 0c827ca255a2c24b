"""Compare two parsed runs table by table: rows added, removed and changed.

Notices are matched by ``source`` (the input's path under its root), not by their id,
which changes with every byte of the input: an edited sample is the same notice. Its rows
are matched where the two texts agree: every offset of the old run (``char_start``,
``char_end``, the other ``*_start``/``*_end`` spans, ``part_of``, the outline node a row
sits in) is first mapped onto the new text (``align.OffsetMap``), so an edit moves no
row but those at the edited places. Rows of a table with spans are then matched by
notice and mapped span, and a removed and an added row whose spans overlap are one
changed row (a value edited, a rule that now matches one character more); other tables
by their whole content. ``errors`` rows by (notice, stage, code). Provenance columns
(``parser_version``, ``rules_sha256``) and the input's identity (``notice_id``, its hashes,
the text, which ``edits`` summarises instead) are not compared.

``tokens`` (one row a word) are compared like any table but listed only on request
(``render(tokens=True)``, ``diff --tokens``): a changed value is a changed word too.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse.review.align import OffsetMap, edits
from noticeparse.store import Row, has_spans, read_parsed

IGNORED_COLUMNS = frozenset({"parser_version", "rules_sha256"})
# what identifies the input, not what was read from it: the key notices are matched by (source),
# the bytes' and text's hashes and the text itself (its changes: RunDiff.edits)
_IDENTITY = frozenset({"notice_id", "source", "sha256", "content_sha256", "text", "n_chars", "offset_runs"})
QUIET_TABLES = frozenset({"tokens"})  # counted; listed with render(tokens=True)
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
    labels: dict[str, str] = field(default_factory=dict)  # notice key → sample name, for reading
    edits: dict[str, list[str]] = field(default_factory=dict)  # notice key → where its text changed

    def differing(self, only: Iterable[str] | None = None) -> list[str]:
        """Names of the tables that differ (among ``only`` when given)."""
        chosen = set(only) if only is not None else None
        return [n for n, t in self.tables.items() if t.count and (chosen is None or n in chosen)]

    def summary(self) -> str:
        """One line: how many rows were added, removed and changed, in which tables."""
        tables = self.differing()
        edited = f"; {len(self.edits)} text(s) edited" if self.edits else ""
        if not tables:
            return f"no differences in {len(self.tables)} tables ({self.notices[1]} notices){edited}"
        added, removed, changed = (
            sum(len(getattr(t, k)) for t in self.tables.values()) for k in ("added", "removed", "changed")
        )
        return (
            f"{added} added, {removed} removed, {changed} changed rows in {len(tables)} of "
            f"{len(self.tables)} tables ({', '.join(tables)}); notices {self.notices[0]} → {self.notices[1]}{edited}"
        )


@dataclass
class _Side:
    """One run as the comparison sees it: each notice's key (its source), text and offset map."""

    keys: dict[str, str]
    texts: dict[str, str]
    nodes: dict[tuple[Any, Any], Any]  # (notice id, node_id) → the node's char_start
    maps: dict[str, Callable[[int], int]] = field(default_factory=dict)  # notice id → onto the new text

    @classmethod
    def of(cls, tables: Mapping[str, Sequence[Row]]) -> _Side:
        notices = tables.get("notices", [])
        keys = {n["notice_id"]: str(n.get("source") or n["notice_id"]) for n in notices}
        texts = {n["notice_id"]: n.get("text") or "" for n in notices}
        nodes = {(r["notice_id"], r["node_id"]): r.get("char_start") for r in tables.get("outline", [])}
        return cls(keys, texts, nodes)

    def key(self, notice_id: Any) -> Any:
        return self.keys.get(notice_id, notice_id)

    def position(self, notice_id: Any, offset: int) -> int:
        mapping = self.maps.get(notice_id)
        return mapping(offset) if mapping is not None else offset


def _is_position(column: str, value: Any) -> bool:
    return type(value) is int and (column in ("char_start", "char_end", "part_of")
                                   or column.endswith(("_start", "_end")))


def _canonical(row: Row, side: _Side, identity: frozenset[str] = frozenset()) -> Row:
    """A row as compared: the notice's key, offsets on the new text, nodes by their mapped place."""
    nid = row.get("notice_id")
    out = {k: v for k, v in row.items() if k not in IGNORED_COLUMNS and k not in identity}
    if "notice_id" in row:
        out["notice_id"] = side.key(nid)
    for column, value in row.items():
        if column in out and _is_position(column, value):
            out[column] = side.position(nid, value)
    for column in _NODE_COLUMNS:
        start = side.nodes.get((nid, out.get(column))) if out.get(column) is not None else None
        if start is not None:
            out[column] = f"node@{side.position(nid, start)}"
    if out.get("duplicate_of") is not None:
        out["duplicate_of"] = side.key(out["duplicate_of"])
    if isinstance(out.get("chrome"), list):  # the stripped lines by their text: a line added above moves them
        out["chrome"] = [{k: v for k, v in line.items() if k != "line_no"} for line in out["chrome"]]
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
    waiting: dict[Any, list[Row]] = defaultdict(list)
    for row in table.added:
        waiting[row.get("notice_id")].append(row)
    removed = []
    for old in table.removed:
        candidates = waiting.get(old.get("notice_id"), [])
        match = next((new for new in candidates
                      if (new["char_start"] < old["char_end"] and old["char_start"] < new["char_end"])
                      or new["char_start"] == old["char_start"] == old["char_end"] == new["char_end"]), None)
        if match is None:
            removed.append(old)
        else:
            candidates.remove(match)
            table.changed.append(Change(old, match, _changes(old, match)))
    table.added = [row for rows in waiting.values() for row in rows]
    table.removed = removed


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
        if old[key] != new[key] and (changed := _changes(old[key], new[key])):  # a column new in one run,
            table.changed.append(Change(old[key], new[key], changed))  # null: no change
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


def _match_notices(old: _Side, new: _Side) -> None:
    """Give each old notice the key of its new self: the same source, else the same path below the
    input folder (``old/a.txt`` and ``new/a.txt``), else the same file name, where that is unique."""
    for reduce in (_whole, _below_root, _file_name):
        taken = set(old.keys.values()) & set(new.keys.values())
        free_new = {k for k in new.keys.values() if k not in taken}
        free_old = {nid: k for nid, k in old.keys.items() if k not in taken}
        targets = Counter(reduce(k) for k in free_new)
        sources = Counter(reduce(k) for k in free_old.values())
        by_reduced = {reduce(k): k for k in free_new if targets[reduce(k)] == 1}
        for nid, key in free_old.items():
            if sources[reduce(key)] == 1 and reduce(key) in by_reduced:
                old.keys[nid] = by_reduced[reduce(key)]


def _whole(source: str) -> str:
    return source


def _below_root(source: str) -> str:
    return source.partition("/")[2] or source


def _file_name(source: str) -> str:
    return source.rpartition("/")[2]


def diff_tables(old: Mapping[str, Sequence[Row]], new: Mapping[str, Sequence[Row]],
                old_dir: Path = Path("old"), new_dir: Path = Path("new")) -> RunDiff:
    """Compare two runs' tables held in memory (``table → rows``; the golden test's documents too)."""
    old_side, new_side = _Side.of(old), _Side.of(new)
    _match_notices(old_side, new_side)
    by_key = {key: nid for nid, key in new_side.keys.items()}
    texts_edited = {}
    for nid, key in old_side.keys.items():
        if key in by_key and old_side.texts[nid] != new_side.texts[by_key[key]]:
            old_side.maps[nid] = OffsetMap(old_side.texts[nid], new_side.texts[by_key[key]])
            texts_edited[key] = edits(old_side.texts[nid], new_side.texts[by_key[key]])
    tables = {}
    for name in dict.fromkeys([*new, *old]):
        identity = _IDENTITY - {"notice_id"} if name == "notices" else frozenset()
        old_view = [_canonical(r, old_side, identity) for r in old.get(name, [])]
        new_view = [_canonical(r, new_side, identity) for r in new.get(name, [])]
        stored = {id(v): r for v, r in [*zip(old_view, old.get(name, []), strict=True),
                                        *zip(new_view, new.get(name, []), strict=True)]}
        tables[name] = _as_stored(diff_rows(name, old_view, new_view), stored)
    labels = {str(n.get("source") or n["notice_id"]): Path(n.get("source") or n["notice_id"]).stem
              for n in [*old.get("notices", []), *new.get("notices", [])]}
    labels |= {nid: labels.get(key, key) for side in (old_side, new_side) for nid, key in side.keys.items()}
    return RunDiff(Path(old_dir), Path(new_dir), tables, (len(old.get("notices", [])), len(new.get("notices", []))),
                   labels, {labels.get(k, k): v for k, v in texts_edited.items()})


def diff_runs(old_dir: Path, new_dir: Path) -> RunDiff:
    """Compare the parsed tables in ``old_dir`` and ``new_dir``."""
    old, new = read_parsed(Path(old_dir)), read_parsed(Path(new_dir))
    return diff_tables({name: old.rows(name) for name in old.tables},
                       {name: new.rows(name) for name in new.tables}, old_dir, new_dir)


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


def render(diff: RunDiff, limit: int = 20, tokens: bool = False) -> str:
    """The diff as text: the edited texts, per differing table its counts and ``+``/``-``/``~`` lines; the summary.

    A ``~`` line names the row (sample, span, text, rule) and each column that changed, old → new.
    ``tokens`` rows are counted but listed only when ``tokens`` is true.
    """
    lines = [f"--- {diff.old}", f"+++ {diff.new}"]
    for name, places in diff.edits.items():
        lines.append(f"text of {name} edited: " + "; ".join(places))
    for name in diff.differing():
        table = diff.tables[name]
        lines.append(f"{name}: +{len(table.added)} -{len(table.removed)} ~{len(table.changed)}"
                     + (" (the words of the edited text; --tokens lists them)" if name in QUIET_TABLES and not tokens
                        else ""))
        if name in QUIET_TABLES and not tokens:
            continue
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
        "edits": diff.edits,
        "tables": tables,
    }
