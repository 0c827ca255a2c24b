"""Load, validate and compile the rule files in ``rules/`` (the only YAML reader).

Every ``rules/*.yaml`` file has the keys ``version``, ``fragments`` (named
sub-patterns), ``rules`` (patterns with examples and counter-examples) and an
optional ``data`` mapping for tables that are not regular expressions (unit
tables, marker sets, chrome phrases). Patterns refer to fragments as
``{name}``; the loader expands them, rejecting unknown and cyclic references,
and compiles every pattern once with the ``regex`` module. A rule with a ``fold``
(``rules/normalise.yaml``) rewrites what it matches; ``Fold`` says how.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import regex
import yaml

__all__ = [
    "Example",
    "Fold",
    "Rule",
    "RuleError",
    "RuleFile",
    "RuleSet",
    "check_rules",
    "compiled",
    "default_rules_root",
    "fold_edits",
    "fold_text",
    "load_rules",
    "read_yaml",
]

_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
_FILE_KEYS = {"version", "fragments", "rules", "data", "note"}
_RULE_KEYS = {"id", "pattern", "priority", "examples", "counterexamples", "note", "flags", "fold"}
_FOLD_KEYS = {"chars", "group", "drop"}
_FLAGS = {"IGNORECASE": regex.IGNORECASE, "MULTILINE": regex.MULTILINE, "VERBOSE": regex.VERBOSE}


class RuleError(ValueError):
    """A rule file is malformed: unknown key, bad reference, bad regex."""


@dataclass(frozen=True, slots=True)
class Example:
    """One example (``positive``) or counter-example of a rule."""

    text: str
    positive: bool
    match: str | None = None
    expect: Mapping[str, str | None] = field(default_factory=dict)
    view: str | None = None  # a fold rule's example: the text after the fold


@dataclass(frozen=True, slots=True)
class Fold:
    """How a fold rule rewrites each match, character by character (``rules/normalise.yaml``).

    ``chars`` maps a character of the match (of group ``group`` when set) to its fold, ``''``
    removing it; ``drop`` names a group removed whole. Every kept character stays one character,
    so the view's offsets map back to the text it was folded from.
    """

    chars: Mapping[str, str] = field(default_factory=dict)
    group: str | None = None
    drop: str | None = None

    def edits(self, match: regex.Match[str]) -> Iterator[tuple[int, str]]:
        """``(position, new character or '')`` for each character of ``match`` this fold changes."""
        if self.drop is not None:
            start, end = match.span(self.drop)
            yield from ((i, "") for i in range(max(start, 0), max(end, 0)))
            return
        start, end = match.span(self.group or 0)
        for i in range(start, end):
            new = self.chars.get(match.string[i])
            if new is not None and new != match.string[i]:
                yield i, new


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: ``regex`` is the expanded ``pattern``."""

    id: str
    pattern: str
    regex: regex.Pattern[str]
    priority: int
    examples: tuple[Example, ...]
    note: str = ""
    fold: Fold | None = None


@dataclass(frozen=True, slots=True)
class RuleFile:
    """One ``rules/<name>.yaml`` file, compiled."""

    name: str
    version: int
    rules: tuple[Rule, ...]
    data: Mapping[str, Any]
    fragments: Mapping[str, str]

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with this id."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every rule file under one root, with a hash of all files for provenance."""

    root: Path
    files: Mapping[str, RuleFile]
    sha256: str

    def __getitem__(self, name: str) -> RuleFile:
        try:
            return self.files[name]
        except KeyError:
            raise RuleError(f"no rule file {name}.yaml under {self.root}") from None

    def lexicon(self, name: str) -> list[str]:
        """Return the non-comment lines of ``rules/lexicon/<name>.txt``."""
        path = self.root / "lexicon" / f"{name}.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
        return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=256)
def compiled(pattern: str) -> regex.Pattern[str]:
    """Compile a pattern kept under a rule file's ``data:`` (once per process)."""
    return regex.compile(pattern, regex.V0)


# libyaml's parser when PyYAML was built with it (5× faster start-up), the same safe constructors either way
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file (site profiles use this too: this module is the only YAML reader).

    Raises:
        RuleError: when the file cannot be read or is not valid YAML.
    """
    try:
        return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: {exc}") from exc


def default_rules_root() -> Path:
    """Find ``rules/``: the wheel's copy, or the source checkout's.

    Another folder is a setting (``Settings.rules_root``: ``--rules DIR``, or ``$NOTICEPARSE_RULES``
    read by the command line), never read from the environment here.
    """
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(root: Path | str | None = None) -> RuleSet:
    """Load and compile every rule file under ``root``.

    Compiled once per process and root; an edited rule file (another size or
    mtime) is picked up by the next call.

    >>> rules = load_rules()
    >>> rules["doc_number"].rules[0].id.startswith("doc_number.")
    True
    """
    path = Path(root) if root else default_rules_root()
    return _load_rules_cached(path, _signature(path))


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    if not root.is_dir():
        return ()
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.rglob("*")) if p.is_file())


@functools.lru_cache(maxsize=8)
def _load_rules_cached(root: Path, _signature: tuple[tuple[str, int, int], ...]) -> RuleSet:
    if not root.is_dir():
        raise RuleError(f"rules folder not found: {root}")
    files = {path.stem: _load_file(path) for path in sorted(root.glob("*.yaml"))}
    return RuleSet(root=root, files=MappingProxyType(files), sha256=_hash_tree(root))


def _hash_tree(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _load_file(path: Path) -> RuleFile:
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict):
        raise RuleError(f"{path.name}: top level must be a mapping")
    unknown = set(raw) - _FILE_KEYS
    if unknown:
        raise RuleError(f"{path.name}: unknown keys {sorted(unknown)}")
    fragments = {str(k): str(v) for k, v in (raw.get("fragments") or {}).items()}
    expanded = {name: _expand(f"{{{name}}}", fragments, path.name) for name in fragments}
    rules = tuple(_compile_rule(item, expanded, path.name) for item in raw.get("rules") or [])
    ids = [rule.id for rule in rules]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise RuleError(f"{path.name}: duplicate rule ids {sorted(duplicated)}")
    return RuleFile(
        name=path.stem,
        version=int(raw.get("version", 1)),
        rules=tuple(sorted(rules, key=lambda r: -r.priority)),
        data=MappingProxyType(raw.get("data") or {}),
        fragments=MappingProxyType(expanded),
    )


def _expand(pattern: str, fragments: Mapping[str, str], where: str, seen: tuple[str, ...] = ()) -> str:
    def replace(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name in seen:
            raise RuleError(f"{where}: cyclic fragment reference {' -> '.join((*seen, name))}")
        if name not in fragments:
            raise RuleError(f"{where}: unknown fragment {{{name}}}")
        return str(_expand(fragments[name], fragments, where, (*seen, name)))

    return str(_REF.sub(replace, pattern))


def _compile_rule(item: Any, fragments: Mapping[str, str], where: str) -> Rule:
    if not isinstance(item, dict) or "id" not in item or "pattern" not in item:
        raise RuleError(f"{where}: every rule needs an id and a pattern: {item!r}")
    unknown = set(item) - _RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: rule {item['id']}: unknown keys {sorted(unknown)}")
    rule_id = str(item["id"])
    pattern = _expand(str(item["pattern"]), fragments, f"{where}: {rule_id}")
    flags = 0
    for name in item.get("flags") or []:
        flags |= _FLAGS[name]
    try:
        compiled = regex.compile(pattern, flags | regex.V0)
    except regex.error as exc:
        raise RuleError(f"{where}: rule {rule_id}: bad pattern: {exc}") from exc
    examples = [_example(e, True, rule_id) for e in item.get("examples") or []]
    examples += [_example(e, False, rule_id) for e in item.get("counterexamples") or []]
    return Rule(
        id=rule_id,
        pattern=pattern,
        regex=compiled,
        priority=int(item.get("priority", 0)),
        examples=tuple(examples),
        note=str(item.get("note", "")),
        fold=_fold(item.get("fold"), compiled, f"{where}: rule {rule_id}"),
    )


def _fold(item: Any, compiled: regex.Pattern[str], where: str) -> Fold | None:
    """A rule's ``fold``: one-character (or empty) folds, groups the pattern has."""
    if item is None:
        return None
    if not isinstance(item, dict) or set(item) - _FOLD_KEYS or not ({"chars", "drop"} & set(item)):
        raise RuleError(f"{where}: fold needs chars or drop (and an optional group): {item!r}")
    chars = {str(k): str(v) for k, v in (item.get("chars") or {}).items()}
    if any(len(k) != 1 or len(v) > 1 for k, v in chars.items()):
        raise RuleError(f"{where}: fold chars map one character to one or none: {chars!r}")
    for key in ("group", "drop"):
        if item.get(key) is not None and item[key] not in compiled.groupindex:
            raise RuleError(f"{where}: fold {key} {item[key]!r} is no group of the pattern")
    return Fold(chars=MappingProxyType(chars), group=item.get("group"), drop=item.get("drop"))


def fold_text(rule: Rule, text: str) -> str:
    """``text`` with every match of a fold rule folded (what its examples' ``view`` says).

    >>> rule = load_rules()["normalise"].rule("normalise.digit_o")
    >>> fold_text(rule, "2O21年1O月")
    '2021年10月'
    """
    edits = fold_edits(rule, text)
    return "".join(edits.get(i, ch) for i, ch in enumerate(text)) if edits else text


def fold_edits(rule: Rule, text: str) -> dict[int, str]:
    """What a fold rule changes in ``text``: position → new character, or '' where it removes one."""
    if rule.fold is None:
        return {}
    return {pos: new for match in rule.regex.finditer(text) for pos, new in rule.fold.edits(match)}


def _example(item: Any, positive: bool, rule_id: str) -> Example:
    if isinstance(item, str):
        return Example(text=item, positive=positive)
    if not isinstance(item, dict) or "text" not in item:
        raise RuleError(f"{rule_id}: an example is a string or a mapping with text: {item!r}")
    expect = {str(k): (None if v is None else str(v)) for k, v in (item.get("expect") or {}).items()}
    view = item.get("view")
    return Example(text=str(item["text"]), positive=positive, match=item.get("match"), expect=expect,
                   view=None if view is None else str(view))


def check_example(rule: Rule, example: Example) -> str | None:
    """Return why ``example`` fails for ``rule``, or None when it holds.

    A positive example needs a match (the one equal to ``match`` when given)
    whose named groups equal ``expect``, and, with a ``view``, the rule's fold
    must turn the text into it. A counter-example must not match at all or,
    when ``match`` is given, must not produce that exact match.
    """
    found = list(rule.regex.finditer(example.text))
    if example.match is not None:
        found = [m for m in found if m.group(0) == example.match]
    if not example.positive:
        if found:
            return f"matched {found[0].group(0)!r} in counter-example {example.text!r}"
        return None
    if not found:
        return f"no match{' ' + repr(example.match) if example.match else ''} in {example.text!r}"
    if example.view is not None and fold_text(rule, example.text) != example.view:
        return f"folds {example.text!r} to {fold_text(rule, example.text)!r}, not {example.view!r}"
    for match in found:
        groups = match.groupdict()
        if all(groups.get(k) == v for k, v in example.expect.items()):
            return None
    return f"groups {found[0].groupdict()} differ from {dict(example.expect)} in {example.text!r}"


def check_rules(rules: RuleSet) -> list[tuple[str, int, str | None]]:
    """Run every example of every rule: ``(rule_id, index, failure or None)``."""
    results = []
    for rule_file in rules.files.values():
        for rule in rule_file.rules:
            for index, example in enumerate(rule.examples):
                results.append((rule.id, index, check_example(rule, example)))
    return results
