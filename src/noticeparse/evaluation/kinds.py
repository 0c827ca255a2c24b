"""Kind and form against gold written by others: the kinds-dev set, and the tallies textview-dev shares.

The dev set ``tests/data/kinds-dev`` (its README says how it was written): headline-and-body
excerpts of the seven kinds in the four forms (notice, news, repost, commentary), from sites of
every type, simplified, traditional and mixed script, each in one half (``tune`` or ``test``).
Per half: kind accuracy per gold kind, per form, per script and on the texts whose headline says
another kind than the body (``title_says``); form accuracy per form; confusion tables of kind and
form (gold in rows, predicted in columns). The test half is the one to report.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse.parse import ParseOptions, parse_text
from noticeparse.records import NoticeMeta
from noticeparse.settings import Settings

__all__ = ["KINDS", "KINDS_DEV", "KindScores", "KindsReport", "Tally", "score_kinds", "tallies_json"]

KINDS_DEV = Path(__file__).resolve().parents[3] / "tests" / "data" / "kinds-dev"
KINDS = ("巡视整改", "巡察整改", "典型问题通报", "审计整改", "政策文件", "函复", "其他")
FORMS = ("notice", "news", "repost", "commentary")
# column heads of the kind confusion table: two characters a kind
_SHORT = {"巡视整改": "巡视", "巡察整改": "巡察", "典型问题通报": "典型", "审计整改": "审计", "政策文件": "政策",
          "函复": "函复", "其他": "其他"}


@dataclass
class Tally:
    """Right out of total."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.right}/{self.total} {self.share:.2f}"


@dataclass
class KindScores:
    """Kind and form of one half against its gold: tallies, confusions and the texts missed."""

    kind_by_kind: dict[str, Tally] = field(default_factory=dict)
    kind_by_form: dict[str, Tally] = field(default_factory=dict)
    form_by_form: dict[str, Tally] = field(default_factory=dict)
    kind_by_group: dict[str, Tally] = field(default_factory=dict)  # script, headline disagreeing, …
    kind_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold, predicted)
    form_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, text_id: str, gold: dict[str, Any], meta: NoticeMeta, groups: Iterable[str] = ()) -> None:
        """Count one text: its gold ``kind`` and ``form`` beside what the parse said."""
        kind, form = str(gold["kind"]), str(gold["form"])
        parsed_kind, parsed_form = str(meta.kind), str(meta.form)
        ok, form_ok = parsed_kind == kind, parsed_form == form
        self.kind_by_kind.setdefault(kind, Tally()).add(ok)
        self.kind_by_form.setdefault(form, Tally()).add(ok)
        self.form_by_form.setdefault(form, Tally()).add(form_ok)
        for group in groups:
            self.kind_by_group.setdefault(group, Tally()).add(ok)
        self.kind_confusion[kind, parsed_kind] += 1
        self.form_confusion[form, parsed_form] += 1
        if not ok:
            self.misses.append(f"{text_id} kind {parsed_kind} ({meta.kind_rule_id}), gold {kind} [{form}]")
        if not form_ok:
            self.misses.append(f"{text_id} form {parsed_form} ({meta.form_rule_id}), gold {form}")

    def totals(self) -> dict[str, Tally]:
        """Kind on originals, on retellings and reposts (news, repost), and form on all texts."""
        def joined(tallies: Iterable[Tally]) -> Tally:
            found = list(tallies)
            return Tally(sum(t.right for t in found), sum(t.total for t in found))

        return {"kind, originals": joined(t for f, t in self.kind_by_form.items() if f == "notice"),
                "kind, news and reposts": joined(t for f, t in self.kind_by_form.items() if f in {"news", "repost"}),
                "kind, all": joined(self.kind_by_form.values()),
                "form, all": joined(self.form_by_form.values())}

    def render(self, misses: bool = False) -> list[str]:
        """The tallies a line each, then the two confusion tables."""
        lines = [f"  {'totals':<15} " + "; ".join(f"{name} {t}" for name, t in self.totals().items())]
        for title, tallies in (("kind by kind", self.kind_by_kind), ("kind by form", self.kind_by_form),
                               ("kind by group", self.kind_by_group), ("form by form", self.form_by_form)):
            if tallies:
                lines.append(f"  {title:<15} " + "; ".join(f"{name} {t}" for name, t in _ordered(tallies)))
        lines += _confusion("kind", self.kind_confusion, KINDS, _SHORT, width=8)
        lines += _confusion("form", self.form_confusion, FORMS, {}, width=12)
        if misses:
            lines += [f"    {m}" for m in self.misses]
        return lines

    def to_json(self) -> dict[str, Any]:
        def confusion(counts: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
            table: dict[str, dict[str, int]] = {}
            for (gold, predicted), n in sorted(counts.items()):
                table.setdefault(gold, {})[predicted] = n
            return table

        return {"totals": tallies_json(self.totals()), "kind_by_kind": tallies_json(self.kind_by_kind),
                "kind_by_form": tallies_json(self.kind_by_form), "kind_by_group": tallies_json(self.kind_by_group),
                "form_by_form": tallies_json(self.form_by_form), "kind_confusion": confusion(self.kind_confusion),
                "form_confusion": confusion(self.form_confusion)}


@dataclass
class KindsReport:
    """The kinds-dev set's scores per half."""

    halves: dict[str, KindScores]

    def render(self, misses: bool = False, test_misses: bool = False) -> str:
        """The tables per half; ``misses`` lists the tune half's misses, the test half's only with ``test_misses``."""
        lines: list[str] = []
        for half, scores in self.halves.items():
            lines.append(f"kinds-dev, {half} half: kind and form")
            lines += scores.render(misses and (half != "test" or test_misses))
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {half: scores.to_json() for half, scores in self.halves.items()}


def score_kinds(root: Path = KINDS_DEV, splits: Iterable[str] = ("tune", "test")) -> KindsReport:
    """Parse every text of the chosen halves (headline on the first line, then the body) and score kind and form.

    >>> report = score_kinds(Path("no such folder"), splits=("test",))
    >>> report.halves["test"].totals()["kind, all"].total
    0
    """
    halves = {split: KindScores() for split in splits}
    for gold in _read_gold(root):
        if gold["split"] not in halves:
            continue
        content = (root / gold["file"]).read_text(encoding="utf-8")
        meta = parse_text(content, ParseOptions(settings=Settings(segment=False))).meta
        groups = [f"script {gold['script']}"]
        if gold.get("title_says") not in (None, gold["kind"]):
            groups.append("headline says another kind")
        halves[gold["split"]].add(str(gold["id"]), gold, meta, groups)
    return KindsReport(halves)


def tallies_json(items: dict[str, Tally]) -> dict[str, Any]:
    """Tallies as JSON: right, total and share per name, kinds and forms in their usual order."""
    return {k: {"right": t.right, "total": t.total, "share": round(t.share, 4)} for k, t in _ordered(items)}


def _read_gold(root: Path) -> list[dict[str, Any]]:
    path = root / "gold.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ordered(tallies: dict[str, Tally]) -> list[tuple[str, Tally]]:
    """Kinds and forms in their usual order, anything else after them by name."""
    rank = {name: i for i, name in enumerate((*KINDS, *FORMS))}
    return sorted(tallies.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def _confusion(name: str, counts: Counter[tuple[str, str]], labels: tuple[str, ...], short: dict[str, str],
               width: int) -> list[str]:
    """A gold-by-predicted table; labels with no count in either direction are left out."""
    seen = {label for pair in counts for label in pair}
    used = [label for label in labels if label in seen] + sorted(seen - set(labels))
    head = _pad(f"{name}: gold \\ parsed", 22) + "".join(_pad(short.get(c, c), width) for c in used)
    rows = [_pad(short.get(g, g), 22) + "".join(_pad(str(counts[g, p] or "."), width) for p in used)
            for g in used if any(counts[g, p] for p in used)]
    return [f"  {line.rstrip()}" for line in (head, *rows)]


def _pad(text: str, width: int) -> str:
    """Pad to a display width, counting a wide (Han) character as two columns."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - shown)
