"""Discipline cases against the case dev set (``tests/data/cases-dev``, gold written before the rules).

Per set (a, b, all) and half (tune, test): case count exact (texts whose number of cases is
the gold's), person precision and recall (penalised persons by name, per text), post match
(persons found whose post is the gold's), penalty P/R/F1 ((type, value) pairs per text),
penalty-to-person P/R/F1 ((name, type, value) per text), stated count exact and notice kind
accuracy. Names, posts and penalties are compared as stored (traditional script stays
traditional), whitespace left out. Misses are listed for the tune half only unless asked:
the test half is the reported figure and is not read while rules are written.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse.parse import ParseOptions, parse_text
from noticeparse.records import Notice
from noticeparse.settings import Settings

__all__ = ["CASES_DEV_SET", "CaseScore", "render_case_scores", "score_case_set"]

CASES_DEV_SET = Path(__file__).resolve().parents[3] / "tests" / "data" / "cases-dev"
SETS = ("a", "b", "all")
HALVES = ("tune", "test")


@dataclass
class CaseScore:
    """Counts of one set and half."""

    texts: int = 0
    count_ok: int = 0
    stated_ok: int = 0
    kind_ok: int = 0
    persons: list[int] = field(default_factory=lambda: [0, 0, 0])  # gold, predicted, hit
    posts_ok: int = 0
    penalties: list[int] = field(default_factory=lambda: [0, 0, 0])
    attributed: list[int] = field(default_factory=lambda: [0, 0, 0])
    misses: list[str] = field(default_factory=list)

    def add(self, other: CaseScore) -> None:
        """Fold another score into this one."""
        self.texts += other.texts
        self.count_ok += other.count_ok
        self.stated_ok += other.stated_ok
        self.kind_ok += other.kind_ok
        self.posts_ok += other.posts_ok
        for mine, theirs in ((self.persons, other.persons), (self.penalties, other.penalties),
                             (self.attributed, other.attributed)):
            for index in range(3):
                mine[index] += theirs[index]
        self.misses += other.misses

    def to_json(self) -> dict[str, Any]:
        """The figures (rates and their counts) as JSON."""
        return {
            "texts": self.texts, "case_count_exact": _rate(self.count_ok, self.texts),
            "stated_count_exact": _rate(self.stated_ok, self.texts), "kind_accuracy": _rate(self.kind_ok, self.texts),
            "person": _prf(self.persons), "post_match": _rate(self.posts_ok, self.persons[2]),
            "penalty": _prf(self.penalties), "penalty_to_person": _prf(self.attributed),
        }


def _rate(hit: int, total: int) -> float | None:
    return hit / total if total else None


def _prf(counts: list[int]) -> dict[str, float | int]:
    gold, pred, hit = counts
    p = hit / pred if pred else 1.0
    r = hit / gold if gold else 1.0
    return {"gold": gold, "pred": pred, "hit": hit, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _plain(value: str | None) -> str:
    return "".join((value or "").split())


def _gold_persons(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [person for case in record["cases"] for person in case["persons"]]


def _predicted_persons(notice: Notice) -> list[dict[str, Any]]:
    out = []
    for case in notice.cases:
        for person in case.persons:
            pairs = [(p.penalty_type, p.penalty) for p in case.penalties if p.person_id == person.person_id]
            out.append({"name": person.name, "post": person.post or "", "kind": person.kind, "penalties": pairs})
    return out


def score_text(record: dict[str, Any], notice: Notice, list_misses: bool) -> CaseScore:
    """One text's counts against its gold record."""
    score = CaseScore(texts=1)
    gold, pred = _gold_persons(record), _predicted_persons(notice)
    score.count_ok = len(notice.cases) == len(record["cases"])
    score.stated_ok = notice.meta.stated_cases == record.get("stated_cases")
    score.kind_ok = notice.meta.kind == record.get("kind")
    names = _compare(Counter(_plain(p["name"]) for p in gold), Counter(_plain(p["name"]) for p in pred), score.persons)
    score.posts_ok = _posts_ok(gold, pred, names)
    _compare(Counter((t, v) for p in gold for t, v in _pairs(p)), Counter((t, v) for p in pred for t, v in p["penalties"]),
             score.penalties)
    _compare(Counter((_plain(p["name"]), t, v) for p in gold for t, v in _pairs(p)),
             Counter((_plain(p["name"]), t, v) for p in pred for t, v in p["penalties"]), score.attributed)
    if list_misses:
        score.misses = _misses(record, notice, gold, pred)
    return score


def _pairs(person: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["type"], p["value"]) for p in person["penalties"]]


def _compare(gold: Counter[Any], pred: Counter[Any], counts: list[int]) -> Counter[Any]:
    hit = gold & pred
    counts[0] += sum(gold.values())
    counts[1] += sum(pred.values())
    counts[2] += sum(hit.values())
    return hit


def _posts_ok(gold: list[dict[str, Any]], pred: list[dict[str, Any]], names: Counter[str]) -> int:
    """Matched persons whose post is the gold's (the persons of one name paired in text order)."""
    ok = 0
    for name, count in names.items():
        want = [_plain(p["post"]) for p in gold if _plain(p["name"]) == name][:count]
        have = [_plain(p["post"]) for p in pred if _plain(p["name"]) == name][:count]
        ok += sum(a == b for a, b in zip(want, have, strict=False))
    return ok


def _misses(record: dict[str, Any], notice: Notice, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[str]:
    tag = record["id"]
    lines = []
    if len(notice.cases) != len(record["cases"]):
        lines.append(f"{tag} cases {len(notice.cases)} (gold {len(record['cases'])}, layout {record.get('layout')})")
    if notice.meta.stated_cases != record.get("stated_cases"):
        lines.append(f"{tag} stated {notice.meta.stated_cases} (gold {record.get('stated_cases')})")
    if notice.meta.kind != record.get("kind"):
        lines.append(f"{tag} kind {notice.meta.kind} (gold {record.get('kind')})")
    want = {(_plain(p["name"]), t, v) for p in gold for t, v in _pairs(p)}
    have = {(_plain(p["name"]), t, v) for p in pred for t, v in p["penalties"]}
    lines += [f"{tag} missed {n} {t}/{v}" for n, t, v in sorted(want - have)]
    lines += [f"{tag} spurious {n} {t}/{v}" for n, t, v in sorted(have - want)]
    for name in {_plain(p["name"]) for p in gold}:
        posts = [_plain(p["post"]) for p in gold if _plain(p["name"]) == name]
        found = [_plain(p["post"]) for p in pred if _plain(p["name"]) == name]
        lines += [f"{tag} post of {name}: {b!r} (gold {a!r})" for a, b in zip(posts, found, strict=False) if a != b]
    return lines


def read_gold(folder: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    """(set letter, record) of every gold line of the dev set."""
    for letter in ("a", "b"):
        path = folder / f"gold-{letter}.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield letter, json.loads(line)


def score_case_set(folder: Path = CASES_DEV_SET, *, halves: tuple[str, ...] = HALVES,
                   misses_for: tuple[str, ...] = ("tune",)) -> dict[tuple[str, str, str], CaseScore]:
    """Scores keyed (set, half, script): script ``all``, ``simplified`` or ``traditional``."""
    scores: dict[tuple[str, str, str], CaseScore] = {}
    for letter, record in read_gold(folder):
        if record["split"] not in halves:
            continue
        text = (folder / record["file"]).read_text(encoding="utf-8")
        notice = parse_text(text, ParseOptions(source=record["file"], settings=Settings(segment=False)))
        one = score_text(record, notice, record["split"] in misses_for)
        script = "simplified" if record.get("script") == "simplified" else "traditional"
        for key in ((letter, record["split"], "all"), ("all", record["split"], "all"),
                    ("all", record["split"], script)):
            scores.setdefault(key, CaseScore()).add(one)
    return scores


def render_case_scores(scores: dict[tuple[str, str, str], CaseScore], misses: bool = True) -> list[str]:
    """The table ``noticeparse eval`` prints for the case dev set."""
    lines = ["cases dev set (tests/data/cases-dev): test = the reported half, tune = the half the rules were written on",
             (f"{'set':<4} {'half':<5} {'script':<11} {'texts':>5} {'n ok':>5} {'person P':>8} {'R':>5} {'F1':>5} "
              f"{'post':>5} {'pen P':>5} {'R':>5} {'F1':>5} {'p2p P':>5} {'R':>5} {'F1':>5} {'stated':>6} {'kind':>5}")]
    for key in sorted(scores, key=lambda k: (SETS.index(k[0]), HALVES.index(k[1]), k[2])):
        s = scores[key].to_json()
        person, pen, att = s["person"], s["penalty"], s["penalty_to_person"]
        lines.append(
            f"{key[0]:<4} {key[1]:<5} {key[2]:<11} {s['texts']:>5} {_f(s['case_count_exact'])} "
            f"{_f(person['precision']):>8} {_f(person['recall'])} {_f(person['f1'])} {_f(s['post_match'])} "
            f"{_f(pen['precision'])} {_f(pen['recall'])} {_f(pen['f1'])} {_f(att['precision'])} {_f(att['recall'])} "
            f"{_f(att['f1'])} {_f(s['stated_count_exact']):>6} {_f(s['kind_accuracy'])}")
    if misses:
        for key, score in sorted(scores.items()):
            if key[0] == "all" and key[2] == "all":
                lines += [f"  {m}" for m in score.misses]
    return lines


def _f(value: float | None) -> str:
    return f"{value:>5.2f}" if value is not None else f"{'-':>5}"
