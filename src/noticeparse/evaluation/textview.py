"""Notices as found (issue 22): kind and form, and the extractors on mangled texts beside their twins.

The dev set ``tests/data/textview-dev`` (its README says how it was written): plain texts of the
four genres as publishers, the news, reposts and commentaries write them, and found texts as
mirrors and scrapers mangle them (traditional script, pinyin glosses, odd digits and brackets),
30 of them twins of a plain text. Each text is in one half, ``tune`` or ``test``; scores are kept
per half and the test half is the one to report.

Per half: kind accuracy per genre (the gold kind), per form and per script, form accuracy per
form, and their confusion tables (``evaluation/kinds.py`` keeps these tallies for both dev sets); per
extractor (document numbers, titles, dates, quantities, penalties) P/R/F1 on the plain texts, on
the found texts with the normalised view and without it (``Settings(normalise=False)``), and
on the twins, found beside plain (all twins, and those in traditional script); the case count.
A prediction is right when its span (mapped to the file's offsets) overlaps a gold span of the
same value: the canonical form of a document number, the period of a date, the value and unit
of a quantity; a title by its span alone; penalties as (type, value) pairs per text.
"""

from __future__ import annotations

import calendar
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from noticeparse.evaluation.evaluate import Score, input_span
from noticeparse.evaluation.kinds import KindScores, Tally, tallies_json
from noticeparse.parse import ParseOptions, parse_text
from noticeparse.records import DateMention, Notice
from noticeparse.settings import Settings

__all__ = ["DEV_SET", "DevText", "TextviewReport", "read_dev_set", "score_textview"]

DEV_SET = Path(__file__).resolve().parents[3] / "tests" / "data" / "textview-dev"
EXTRACTORS = ("doc_numbers", "titles", "dates", "quantities", "penalties")
FORMS = ("notice", "news", "repost", "commentary")
# the rows of the F1 table: which texts, read how
GROUPS = ("plain", "found", "found, view off", "twins: found", "twins: plain", "traditional twins: found",
          "traditional twins: plain")


@dataclass(frozen=True)
class DevText:
    """One text of the dev set with its gold."""

    id: str
    content: str
    gold: dict[str, Any]

    @property
    def split(self) -> str:
        return str(self.gold["split"])

    @property
    def group(self) -> str:
        return str(self.gold["genre_group"])


def read_dev_set(root: Path = DEV_SET) -> list[DevText]:
    """Every text of the dev set with its gold record (none when the set is absent)."""
    path = root / "gold.jsonl"
    if not path.is_file():
        return []
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [DevText(r["id"], (root / r["file"]).read_text(encoding="utf-8"), r) for r in records]


@dataclass
class HalfReport:
    """The scores of one half."""

    kinds: KindScores = field(default_factory=KindScores)
    f1: dict[str, dict[str, Score]] = field(default_factory=dict)  # group → extractor → score
    case_count: dict[str, Tally] = field(default_factory=dict)  # group → texts whose case count is right
    misses: list[str] = field(default_factory=list)  # the extractors' (the kinds keep their own)


@dataclass
class TextviewReport:
    """The dev set's scores per half."""

    halves: dict[str, HalfReport]

    def render(self, misses: bool = False, test_misses: bool = False) -> str:
        """The tables per half; ``misses`` lists the tune half's misses, the test half's only with ``test_misses``."""
        lines: list[str] = []
        for half, report in self.halves.items():
            lines += _render_half(half, report, misses and (half != "test" or test_misses))
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {half: _half_json(report) for half, report in self.halves.items()}


def score_textview(root: Path = DEV_SET, splits: Iterable[str] = ("tune", "test")) -> TextviewReport:
    """Parse every text of the chosen halves (view on; found texts with the view off too) and score them."""
    texts = read_dev_set(root)
    by_id = {t.id: t for t in texts}
    halves = {split: HalfReport() for split in splits}
    parsed: dict[tuple[str, bool], Notice] = {}

    def parse(text: DevText, normalise: bool = True) -> Notice:
        if (text.id, normalise) not in parsed:
            parsed[text.id, normalise] = parse_text(text.content, ParseOptions(settings=Settings(segment=False, normalise=normalise)))
        return parsed[text.id, normalise]

    for text in texts:
        if text.split not in halves:
            continue
        report, notice = halves[text.split], parse(text)
        report.kinds.add(text.id, text.gold, notice.meta, [f"script {text.gold['script']}"])
        for group in _groups_of(text, by_id):
            twin_plain = group.endswith(": plain")
            source = by_id[text.gold["twin"]] if twin_plain else text
            _score_extractors(report, group, source, parse(source, normalise=group != "found, view off"))
    return TextviewReport(halves)


def _groups_of(text: DevText, by_id: dict[str, DevText]) -> list[str]:
    """The F1 rows a text counts in (a found twin also brings its plain twin into the twin rows)."""
    if text.group == "plain":
        return ["plain"]
    groups = ["found", "found, view off"]
    if text.gold.get("twin") in by_id:
        groups += ["twins: found", "twins: plain"]
        if text.gold["script"] == "traditional":
            groups += ["traditional twins: found", "traditional twins: plain"]
    return groups


def _score_extractors(report: HalfReport, group: str, text: DevText, notice: Notice) -> None:
    scores = report.f1.setdefault(group, {name: Score() for name in EXTRACTORS})
    for name in EXTRACTORS[:-1]:
        gold = [(g["start"], g["end"], _gold_value(name, g)) for g in text.gold[name]]
        pred = [(*span, _value(name, record)) for record in getattr(notice, name)
                if (span := input_span(notice, record.start, record.end)) is not None]
        _count(scores[name], gold, pred, f"{group} {text.id} {name}", report.misses, _SAME.get(name, _equal))
    cases = text.gold.get("cases")
    gold_penalties = Counter(tuple(p) for person in (cases or {}).get("persons", []) for p in person["penalties"])
    found = Counter((p.penalty_type, p.penalty) for case in notice.cases for p in case.penalties)
    score = scores["penalties"]
    hit = sum((gold_penalties & found).values())
    score.gold += sum(gold_penalties.values())
    score.pred += sum(found.values())
    score.gold_hit += hit
    score.pred_hit += hit
    if gold_penalties != found:
        report.misses.append(f"{group} {text.id} penalties missed {dict(gold_penalties - found)} "
                             f"spurious {dict(found - gold_penalties)}")
    count = cases["count"] if cases else 0
    report.case_count.setdefault(group, Tally()).add(len(notice.cases) == count)


def _count(score: Score, gold: list[tuple[int, int, Any]], pred: list[tuple[int, int, Any]], where: str,
           misses: list[str], same: Callable[[Any, Any], bool]) -> None:
    """Add one text's matches: a span overlapping a span of the same value (``same(gold, predicted)``)."""
    missed = [g for g in gold if not any(_overlap(g, p) and same(g[2], p[2]) for p in pred)]
    spurious = [p for p in pred if not any(_overlap(g, p) and same(g[2], p[2]) for g in gold)]
    score.gold += len(gold)
    score.pred += len(pred)
    score.gold_hit += len(gold) - len(missed)
    score.pred_hit += len(pred) - len(spurious)
    misses += [f"{where} missed {g[2]!r} at {g[0]}" for g in missed]
    misses += [f"{where} spurious {p[2]!r} at {p[0]}" for p in spurious]


def _overlap(a: tuple[int, int, Any], b: tuple[int, int, Any]) -> bool:
    return b[0] < a[1] and a[0] < b[1]


def _equal(gold: Any, predicted: Any) -> bool:
    return bool(gold == predicted)


def _same_quantity(gold: tuple[float, str], predicted: tuple[float, frozenset[str]]) -> bool:
    """The same value, and the gold unit is the record's base unit or its unit as written (个月, 万人 → 人)."""
    return gold[0] == predicted[0] and gold[1] in predicted[1]


_SAME: dict[str, Callable[[Any, Any], bool]] = {"quantities": _same_quantity}


def _gold_value(name: str, gold: dict[str, Any]) -> Any:
    if name == "doc_numbers":
        return gold["canonical"]
    if name == "dates":
        return gold["date_start"], gold["date_end"]
    if name == "quantities":
        return round(float(gold["value"]), 6), gold["unit"]
    return None


def _value(name: str, record: Any) -> Any:
    if name == "doc_numbers":
        return record.canonical
    if name == "dates":
        start, end = _period(record)
        return (start.isoformat() if start else None), (end.isoformat() if end else None)
    if name == "quantities":
        return round(float(record.value), 6), frozenset({record.unit, record.unit_raw.lstrip("万亿千百")})
    return None


def _period(mention: DateMention) -> tuple[date | None, date | None]:
    """A date mention as its inclusive period: first day … last day (a month's or a year's last)."""
    last, precision = mention.date_end or mention.date_start, mention.end_precision or mention.precision
    if mention.date_end is None:
        precision = mention.precision
    if last is None:
        return mention.date_start, None
    if precision == "year":
        last = date(last.year, 12, 31)
    elif precision == "month":
        last = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    return mention.date_start, last


def _render_half(half: str, report: HalfReport, misses: bool) -> list[str]:
    lines = [f"textview-dev, {half} half: kind (per genre, per form) and form", *report.kinds.render(misses)]
    lines.append(f"  {'F1':<28}" + "".join(f"{name:>12}" for name in EXTRACTORS) + f"{'cases exact':>14}")
    for group in GROUPS:
        if group in report.f1:
            scores, count = report.f1[group], report.case_count[group]
            lines.append(f"  {group:<28}" + "".join(f"{scores[n].f1:>12.3f}" for n in EXTRACTORS)
                         + f"{count.right:>8}/{count.total:<5}")
    if misses:
        lines += [f"    {m}" for m in report.misses]
    return lines


def _half_json(report: HalfReport) -> dict[str, Any]:
    return {
        **report.kinds.to_json(),
        "f1": {group: {name: {"gold": s.gold, "pred": s.pred, "precision": round(s.precision, 4),
                              "recall": round(s.recall, 4), "f1": round(s.f1, 4)} for name, s in scores.items()}
               for group, scores in report.f1.items()},
        "case_count_exact": tallies_json(report.case_count),
    }
