"""The rule prefilter: which rules of a rule file can match in which windows of a text.

With Hyperscan installed, every rule of a file is relaxed (``extract/relax.py``: a pattern
that matches every string the rule matches, and more) and all of them are compiled into one
database in prefilter mode (``HS_FLAG_PREFILTER``: it may report matches that are not, never
misses one). A window is scanned once for all rules; a rule runs its ``regex`` in a window
only when the database reported it there. Why that gives the same matches: a match of the
rule inside the window is a substring of the window, so the relaxed pattern, which has no
look-around or anchor left to look outside it, matches that substring and Hyperscan reports
it. Rules that cannot be relaxed or compiled (and texts that are not valid UTF-8, with lone
surrogates) run in every window, as without a prefilter.

The run's settings pick it (``Settings.prefilter``, ``--prefilter``; the parse sets it for the
notices it parses with ``prefilter_engine``), or the ``engine`` argument: ``python`` (the default)
runs every rule in every window, the exact fallback; ``hyperscan`` requires Hyperscan; ``auto``
takes Hyperscan when it imports. Python is the default because measured on the real pages the
prefilter saves about 0.04 s of CPU per 292k characters (regex work is ~0.26 s of a 4.6 s parse:
the windows already skip most text) while building the databases costs a few seconds per
process. The prefilter is built once per rule file and process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import regex

from noticeparse.extract.relax import Untranslatable, relax_pattern
from noticeparse.rules import Rule, RuleFile
from noticeparse.settings import PREFILTERS

__all__ = ["Prefilter", "hyperscan_available", "possible_rules", "prefilter_engine", "prefilter_for", "rule_windows"]

# the engine of the parse running in this thread (``prefilter_engine``): a scoped value, not a global setting
_ENGINE: ContextVar[str] = ContextVar("noticeparse_prefilter", default="python")
_Span = tuple[int, int]
_BUILT: dict[tuple[int, str], tuple[RuleFile, Prefilter]] = {}
_KEEP = 64  # prefilters kept (rule files are few; tests load rules from many roots)



def _import_hyperscan() -> Any:
    try:
        return importlib.import_module("hyperscan")
    except ImportError:  # an optional dependency: the fallback gives the same results
        return None


hyperscan: Any = _import_hyperscan()


def hyperscan_available() -> bool:
    """True when the ``hyperscan`` module imports on this machine."""
    return hyperscan is not None


@dataclass(frozen=True)
class Prefilter:
    """One rule file's prefilter: a Hyperscan database (or None), and the rules always run."""

    engine: str
    size: int
    database: Any = None
    always: frozenset[int] = field(default_factory=frozenset)

    def windows(self, text: str, spans: Sequence[_Span]) -> list[list[_Span]]:
        """For each rule (in file order), the spans of ``spans`` where it may match."""
        every = list(spans)
        if self.database is None:
            return [every] * self.size
        plan: list[list[_Span]] = [every if i in self.always else [] for i in range(self.size)]
        found: list[int] = []
        on_match = _collector(found)
        try:
            for low, high in spans:
                self.database.scan(text[low:high].encode("utf-8"), match_event_handler=on_match)
                for index in found:
                    plan[index].append((low, high))
                found.clear()
        except UnicodeEncodeError:  # lone surrogates: not UTF-8, Hyperscan cannot read it
            return [every] * self.size
        return plan


def _collector(found: list[int]) -> Callable[..., None]:
    def on_match(rule: int, _start: int, _end: int, _flags: int, _context: object) -> None:
        found.append(rule)  # HS_FLAG_SINGLEMATCH: once per rule and scan

    return on_match


@contextmanager
def prefilter_engine(engine: str) -> Iterator[None]:
    """Match rules with ``engine`` (python, hyperscan or auto) inside the block, where no ``engine`` is passed.

    >>> with prefilter_engine("python"):
    ...     _engine(None)
    'python'
    """
    _engine(engine)  # an unknown or missing engine fails here, before any text is read
    token = _ENGINE.set(engine)
    try:
        yield
    finally:
        _ENGINE.reset(token)


def _engine(engine: str | None) -> str:
    chosen = engine or _ENGINE.get()
    if chosen == "auto":
        return "hyperscan" if hyperscan is not None else "python"
    if chosen not in PREFILTERS:
        raise ValueError(f"the prefilter is one of {', '.join(PREFILTERS)}, not {chosen!r}")
    if chosen == "hyperscan" and hyperscan is None:
        raise RuntimeError("the hyperscan prefilter was asked for but hyperscan is not installed")
    return chosen


def prefilter_for(rule_file: RuleFile, engine: str | None = None) -> Prefilter:
    """The prefilter of ``rule_file`` (built on first use, then cached)."""
    chosen = _engine(engine)
    key = (id(rule_file), chosen)
    built = _BUILT.get(key)
    if built is not None and built[0] is rule_file:
        return built[1]
    prefilter = _build(rule_file.rules, chosen)
    if len(_BUILT) >= _KEEP:
        _BUILT.pop(next(iter(_BUILT)))
    _BUILT[key] = (rule_file, prefilter)  # the file is held, so its id is not reused
    return prefilter


def rule_windows(
    text: str, rule_file: RuleFile, spans: Sequence[_Span], engine: str | None = None
) -> list[tuple[Rule, list[_Span]]]:
    """Each rule of ``rule_file`` with the spans of ``spans`` where it may match ``text``."""
    plan = prefilter_for(rule_file, engine).windows(text, spans)
    return list(zip(rule_file.rules, plan, strict=True))


def possible_rules(text: str, rule_file: RuleFile, engine: str | None = None) -> list[Rule]:
    """The rules of ``rule_file`` that may match somewhere in ``text`` (file order)."""
    plan = prefilter_for(rule_file, engine).windows(text, [(0, len(text))])
    return [rule for rule, spans in zip(rule_file.rules, plan, strict=True) if spans]


def _build(rules: Sequence[Rule], engine: str) -> Prefilter:
    if engine == "python" or hyperscan is None or not rules:
        return Prefilter(engine="python", size=len(rules))
    flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_SINGLEMATCH
    flags |= hyperscan.HS_FLAG_DOTALL
    relaxed = {i: e for i, e in enumerate(map(_relaxed, rules)) if e is not None}
    database = _database(relaxed, flags)
    if database is None:  # one pattern Hyperscan refuses: find it, compile the others
        relaxed = {i: e for i, e in relaxed.items() if _database({i: e}, flags) is not None}
        database = _database(relaxed, flags)
    if database is None:
        return Prefilter(engine="python", size=len(rules))
    always = frozenset(set(range(len(rules))) - set(relaxed))
    return Prefilter(engine="hyperscan", size=len(rules), database=database, always=always)


def _relaxed(rule: Rule) -> bytes | None:
    if rule.regex.flags & ~(regex.V0 | regex.UNICODE):  # IGNORECASE, VERBOSE …: not relaxed
        return None
    try:
        return relax_pattern(rule.pattern).encode("ascii")
    except Untranslatable:
        return None


def _database(expressions: dict[int, bytes], flags: int) -> Any:
    """The compiled database, or None when Hyperscan refuses a pattern (one that matches the
    empty string, one too large) or there is none."""
    assert hyperscan is not None  # not an assert on input: _build checked it
    if not expressions:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        database.compile(expressions=list(expressions.values()), ids=list(expressions), flags=flags)
    except hyperscan.error:
        return None
    return database
