"""Discipline cases against the case dev set (``tests/data/cases-dev``, gold written before the rules).

Every share of the set (``gold-<share>.jsonl``: a, b, c …, each by another writer) is scored per
half (tune, test) and together (``all``): case count exact (texts whose number of cases is the
gold's), person precision and recall (penalised persons by name, per text), post match (persons
found whose post is the gold's), penalty P/R/F1 ((type, value) pairs per text), penalty-to-person
P/R/F1 ((name, type, value) per text), stated count exact and notice kind accuracy. Names, posts
and penalties are compared as stored (traditional script stays traditional), whitespace left out.
Misses are listed for the tune halves only unless asked: the test halves are the reported figures
and are not read while rules are written.

Where the writers decided a call differently (their README-<share>.md), each share is scored by its
own convention (``CONVENTIONS``), in the parser's favour nowhere else:

- a post written only after the name (王某某，某村原党总支书记，…): writer b takes it as the post,
  writers a, c and d leave the post ``""``; for a, c and d a post the parser read after the name
  (``post_rule_id`` person.appositive) is compared as ``""``, a post it read before the name as it is;
- a case in which nobody receives a penalty: writers a, c and d keep one where a notice, its repost or
  a news story presents the incident (``persons: []``), writer b keeps none; for b the parser's
  cases without a person are left out of its count in every form but a commentary's (where a
  case without a person is an error under every convention, the parser never keeps one there).

The other calls the writers share (a penalty whose split among several persons the text leaves
unsaid is 党纪处分 for each, a penalty stated once for several cases goes to each of their
persons) need nothing here: penalties are compared per text, wherever their phrase stands.
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

__all__ = ["CASES_DEV_SET", "CONVENTIONS", "CaseScore", "Convention", "render_case_scores", "score_case_set"]

CASES_DEV_SET = Path(__file__).resolve().parents[3] / "tests" / "data" / "cases-dev"
HALVES = ("tune", "test")


@dataclass(frozen=True, slots=True)
class Convention:
    """How one share's writer decided the calls the shares differ on (see the module docstring)."""

    post_after_name: bool  # a post written only after the name is the post
    empty_cases: bool  # a case in which nobody is penalised is a case (outside commentaries)


# per share, from its README-<share>.md; a share not listed is scored by the first writers' (a's) calls
CONVENTIONS = {
    "a": Convention(post_after_name=False, empty_cases=True),
    "b": Convention(post_after_name=True, empty_cases=False),
    "c": Convention(post_after_name=False, empty_cases=True),
    "d": Convention(post_after_name=False, empty_cases=True),
}


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


def _predicted_persons(notice: Notice, convention: Convention) -> list[dict[str, Any]]:
    out = []
    for case in notice.cases:
        for person in case.persons:
            pairs = [(p.penalty_type, p.penalty) for p in case.penalties if p.person_id == person.person_id]
            after = person.post_rule_id == "person.appositive" and not convention.post_after_name
            out.append({"name": person.name, "post": "" if after else person.post or "", "kind": person.kind,
                        "penalties": pairs})
    return out


def _case_count(notice: Notice, convention: Convention) -> int:
    """The parser's cases as the share counts them (b counts no case without a penalised person)."""
    return sum(1 for case in notice.cases if case.persons or convention.empty_cases)


def score_text(record: dict[str, Any], notice: Notice, list_misses: bool,
               convention: Convention = CONVENTIONS["a"]) -> CaseScore:
    """One text's counts against its gold record, by the convention of the record's share."""
    score = CaseScore(texts=1)
    gold, pred = _gold_persons(record), _predicted_persons(notice, convention)
    score.count_ok = _case_count(notice, convention) == len(record["cases"])
    score.stated_ok = notice.meta.stated_cases == record.get("stated_cases")
    score.kind_ok = notice.meta.kind == record.get("kind")
    names = _compare(Counter(_plain(p["name"]) for p in gold), Counter(_plain(p["name"]) for p in pred), score.persons)
    score.posts_ok = _posts_ok(gold, pred, names)
    _compare(Counter((t, v) for p in gold for t, v in _pairs(p)), Counter((t, v) for p in pred for t, v in p["penalties"]),
             score.penalties)
    _compare(Counter((_plain(p["name"]), t, v) for p in gold for t, v in _pairs(p)),
             Counter((_plain(p["name"]), t, v) for p in pred for t, v in p["penalties"]), score.attributed)
    if list_misses:
        score.misses = _misses(record, notice, gold, pred, _case_count(notice, convention))
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


def _misses(record: dict[str, Any], notice: Notice, gold: list[dict[str, Any]], pred: list[dict[str, Any]],
            count: int) -> list[str]:
    tag = record["id"]
    lines = []
    if count != len(record["cases"]):
        lines.append(f"{tag} cases {count} (gold {len(record['cases'])}, layout {record.get('layout')})")
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


def shares_of(folder: Path) -> list[str]:
    """The shares of the dev set (``gold-<share>.jsonl``), in name order."""
    return sorted(path.name[len("gold-") : -len(".jsonl")] for path in folder.glob("gold-*.jsonl"))


def read_gold(folder: Path, shares: Iterable[str] | None = None) -> Iterable[tuple[str, dict[str, Any]]]:
    """(share, record) of every gold line of the dev set (of ``shares`` only, when given)."""
    for share in shares_of(folder):
        if shares is not None and share not in shares:
            continue
        for line in (folder / f"gold-{share}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield share, json.loads(line)


def score_case_set(folder: Path = CASES_DEV_SET, *, halves: tuple[str, ...] = HALVES,
                   misses_for: tuple[str, ...] = ("tune",),
                   shares: Iterable[str] | None = None) -> dict[tuple[str, str, str], CaseScore]:
    """Scores keyed (share, half, script): share ``all`` for every share together (halves apart and
    ``all`` for both), script ``all``, ``simplified`` or ``traditional`` (traditional and glossed)."""
    scores: dict[tuple[str, str, str], CaseScore] = {}
    for share, record in read_gold(folder, shares):
        if record["split"] not in halves:
            continue
        text = (folder / record["file"]).read_text(encoding="utf-8")
        notice = parse_text(text, ParseOptions(source=record["file"], settings=Settings(segment=False)))
        convention = CONVENTIONS.get(share, CONVENTIONS["a"])
        one = score_text(record, notice, record["split"] in misses_for, convention)
        script = "simplified" if record.get("script") == "simplified" else "traditional"
        for half in (record["split"], "all") if len(halves) > 1 else (record["split"],):
            for key in ((share, half, "all"), ("all", half, "all"), ("all", half, script)):
                scores.setdefault(key, CaseScore()).add(one)
    return scores


def render_case_scores(scores: dict[tuple[str, str, str], CaseScore], misses: bool = True) -> list[str]:
    """The table ``noticeparse eval`` prints for the case dev set."""
    lines = [("cases dev set (tests/data/cases-dev): test = the reported half, tune = the half the rules were written"
              " on; each share scored by its writer's conventions (evaluation/cases.py)"),
             (f"{'set':<4} {'half':<5} {'script':<11} {'texts':>5} {'n ok':>5} {'person P':>8} {'R':>5} {'F1':>5} "
              f"{'post':>5} {'pen P':>5} {'R':>5} {'F1':>5} {'p2p P':>5} {'R':>5} {'F1':>5} {'stated':>6} {'kind':>5}")]
    order = (*HALVES, "all")
    for key in sorted(scores, key=lambda k: (k[0] == "all", k[0], order.index(k[1]), k[2])):
        s = scores[key].to_json()
        person, pen, att = s["person"], s["penalty"], s["penalty_to_person"]
        lines.append(
            f"{key[0]:<4} {key[1]:<5} {key[2]:<11} {s['texts']:>5} {_f(s['case_count_exact'])} "
            f"{_f(person['precision']):>8} {_f(person['recall'])} {_f(person['f1'])} {_f(s['post_match'])} "
            f"{_f(pen['precision'])} {_f(pen['recall'])} {_f(pen['f1'])} {_f(att['precision'])} {_f(att['recall'])} "
            f"{_f(att['f1'])} {_f(s['stated_count_exact']):>6} {_f(s['kind_accuracy'])}")
    if misses:
        for key, score in sorted(scores.items()):
            if key[0] == "all" and key[1] in HALVES and key[2] == "all":
                lines += [f"  {m}" for m in score.misses]
    return lines


def _f(value: float | None) -> str:
    return f"{value:>5.2f}" if value is not None else f"{'-':>5}"
