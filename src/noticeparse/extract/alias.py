"""Aliases (简称): every （以下简称“X”） as (alias, full name, span), and canonical forms of names.

Rules: ``rules/aliases.yaml``. ``canonical_name`` gives the canonical form of a name: the full name of
an alias the text defines, else the lexicon of ``data.canonical``, else None.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from noticeparse.records import Alias, NoticeMeta
from noticeparse.rules import RuleSet

__all__ = ["canonical_name", "extract_aliases", "find_inspected_unit", "with_canonical_names"]


def extract_aliases(text: str, rules: RuleSet) -> list[Alias]:
    """Every alias the text defines, in text order.

    >>> from noticeparse.rules import load_rules
    >>> [(a.alias, a.full_name) for a in extract_aliases("对中共东莞滨海湾新区工作委员会（以下简称“新区党工委”）开展巡察", load_rules())]
    [('新区党工委', '中共东莞滨海湾新区工作委员会')]
    """
    rule_file = rules["aliases"]
    rule = rule_file.rule("alias.hereinafter")
    prefixes = sorted(rule_file.data.get("strip_prefix") or [], key=len, reverse=True)
    governors = list(rule_file.data.get("strip_after") or [])
    out = []
    for match in rule.regex.finditer(text):
        start = match.start("full")
        full = match.group("full")
        # the name ends the run: keep its tail after the governing words (巡察组对X → X); a clear governor
        # (巡察组对) wins over a one-character word that a name may hold (安徽驿达…经营管理有限公司)
        cut = _cut(full, governors) or _cut(full, prefixes)
        start += cut
        out.append(Alias(alias=match.group("alias"), full_name=text[start:match.end("full")],
                         text=text[start:match.end()], start=start, end=match.end(), rule_id=rule.id))
    return out


def _cut(full: str, words: Sequence[str]) -> int:
    """The end of the last governing word in ``full`` that leaves a name after it (0: none)."""
    return max((full.rfind(w) + len(w) for w in words if 0 <= full.rfind(w) < len(full) - len(w) - 1), default=0)


def find_inspected_unit(text: str, rules: RuleSet) -> str | None:
    """The unit an inspection notice says was inspected (…巡察组对X开展巡察)."""
    match = rules["aliases"].rule("alias.inspected_unit").regex.search(text)
    return match.group("unit") if match else None


def canonical_name(name: str | None, aliases: Sequence[Alias], data: Mapping[str, Any]) -> str | None:
    """The canonical form of ``name``: an alias's full name, then ``data.canonical``, else the name."""
    if not name:
        return None
    for alias in aliases:
        if alias.alias == name:
            return alias.full_name
    lexicon = data.get("canonical") or {}
    if name in lexicon:
        return str(lexicon[name])
    for short, full in lexicon.items():  # 滨海湾新区党工委第二巡察组: a known short name inside
        if short in name and full not in name:
            return name.replace(short, str(full))
    return name


def with_canonical_names(meta: NoticeMeta, text: str, aliases: Sequence[Alias], rules: RuleSet) -> NoticeMeta:
    """The metadata with the inspected unit and the canonical forms of issuer, body and unit."""
    data = rules["aliases"].data
    unit = meta.inspected_unit or find_inspected_unit(text, rules)
    return dataclasses.replace(
        meta, inspected_unit=unit,
        issuer_canonical=canonical_name(meta.issuer, aliases, data),
        inspection_body_canonical=canonical_name(meta.inspection_body, aliases, data),
        inspected_unit_canonical=canonical_name(unit, aliases, data))
