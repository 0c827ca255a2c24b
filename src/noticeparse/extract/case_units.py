"""案件段落 (case paragraphs): a discipline notice cut into the paragraphs its cases are made of.

Rules: ``rules/case.yaml`` (``data.retelling``, ``data.list_intro``). A paragraph is a line, or a run of
sentences set apart by spaces on one line (a scraped page that lost its line breaks); a commentary's
paragraph that lists examples (比如，A…；B…) and a paragraph that lists persons inline (具体情况是：A，…；B，…)
are cut further, one clause per case. ``case_bounds`` then groups the paragraphs into cases.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from noticeparse.extract.case_names import title_run
from noticeparse.extract.spans import Within
from noticeparse.rules import RuleSet, compiled

__all__ = ["Unit", "opens_with_titled_name", "split_listed", "split_retellings", "split_units"]

# a paragraph goes on after a full stop and spaces (a page that lost its line breaks), and before
# a retelling's 二是/三是 (…典型问题：一是…；二是…)
_SPLIT = regex.compile(r"(?<=[。:：；;])[ \t\u3000]+(?=\S)|(?<=[。:：；;，,])(?=[一二三四五六七八九十]是[^否])")
_CLAUSE_END = regex.compile(r"[，,。；;：:]")  # a clause's end


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph: a line, or a run of sentences set apart by spaces on one line."""

    start: int
    end: int
    text: str
    listed: bool = False  # an item of a list written inline (具体情况是：A，…；B，…)


def split_units(text: str) -> list[Unit]:
    """The paragraphs of a text, the title line left out.

    >>> [u.text for u in split_units("通报\\n1.张某违规问题。 2.李某违规问题。")]
    ['1.张某违规问题。', '2.李某违规问题。']
    """
    units, offset = [], 0
    for index, line in enumerate(text.split("\n")):
        if index == 0 and _is_title(line):
            offset += len(line) + 1
            continue
        last = 0
        for match in [*_SPLIT.finditer(line), None]:
            a, b = (last, match.start()) if match else (last, len(line))
            if line[a:b].strip():
                lead = len(line[a:b]) - len(line[a:b].lstrip())
                units.append(Unit(offset + a + lead, offset + b, line[a + lead : b]))
            last = match.end() if match else last
        offset += len(line) + 1
    return units


def split_retellings(text: str, units: Sequence[Unit], rules: RuleSet, mentions: Within) -> list[Unit]:
    """A commentary's paragraphs that list examples (``data.retelling``: 比如, 例如) cut at each ``；`` that
    opens a clause with a titled name: the cases it lists one after the other (比如，某局原局长罗某某…受到…
    处分；某乡镇党委书记李某某…受到…处分). The members of one case (其中，A…；B…) stay together."""
    out: list[Unit] = []
    cue = compiled(rules["case"].data["retelling"])
    for unit in units:
        start = unit.start
        listed = cue.search(unit.text)
        for match in regex.finditer(r"[；;]", unit.text) if listed else ():
            clause = Unit(unit.start + match.end(), unit.end, unit.text[match.end() :])
            if opens_with_titled_name(text, clause, rules, mentions):
                out.append(Unit(start, unit.start + match.end(), text[start : unit.start + match.end()]))
                start = clause.start
        out.append(Unit(start, unit.end, text[start : unit.end]))
    return out


def split_listed(text: str, units: Sequence[Unit], rules: RuleSet, mentions: Within) -> list[Unit]:
    """Paragraphs that announce a list inline (``data.list_intro``: 具体情况是：) and go on with two or more
    ``；`` clauses that open with a name (孟某某，某局调研员，…；田某，某中学教师，…) cut into one unit per
    clause, each ``listed``: a case each."""
    cue = compiled(rules["case"].data["list_intro"])
    out: list[Unit] = []
    for unit in units:
        found = cue.search(unit.text)
        head = found.end() if found else 0
        clauses = _clauses(unit, head, mentions) if found else []
        if len(clauses) < 2:
            out.append(unit)
            continue
        out.append(Unit(unit.start, unit.start + head, unit.text[:head]))
        out += clauses
    return out


def _clauses(unit: Unit, offset: int, mentions: Within) -> list[Unit]:
    """The ``；`` clauses of ``unit`` after ``offset``, when each opens with a name (else none)."""
    bounds = [offset, *(m.end() for m in regex.finditer(r"[；;]", unit.text, offset)), len(unit.text)]
    clauses = [Unit(unit.start + a, unit.start + b, unit.text[a:b], True) for a, b in itertools.pairwise(bounds) if a < b]
    opens = all(any(m.start == c.start for m in mentions.starting(c.start, c.end)) for c in clauses)
    return clauses if opens else []


def _is_title(line: str) -> bool:
    """A first line without a full stop and short enough to be the title."""
    return bool(line.strip()) and "。" not in line and len(line.strip()) <= 80


def opens_with_titled_name(text: str, unit: Unit, rules: RuleSet, mentions: Within) -> bool:
    """The paragraph starts with a post and a name (县住建局城建股股长邓某服务群众慢作为…)."""
    stop = _CLAUSE_END.search(text, unit.start, unit.end)
    clause_end = stop.start() if stop else unit.end
    first = next(iter(mentions.starting(unit.start, clause_end)), None)
    if first is None or first.start == unit.start:
        return False
    run = title_run(text, first, unit.start, rules)
    return run is not None and run.start == unit.start
