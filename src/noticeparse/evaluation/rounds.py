"""Rounds across notices scored against ``tests/data/rounds`` (gold written before the rules), per half.

``run_rounds_eval`` parses the set's texts into a temporary output, links it (``noticeparse link``)
and scores, for each half (``tune``: the rules were tuned on it; ``test``: the reported figures):

- **round key exact**: a gold ref counts when its notice has a ref with the same key (a ref with
  no round number: one with no key); **stage**: that ref's stage equals the gold's;
- **resolved**: the round the ref was linked to equals the gold's ``resolved_key``;
- **unit links**: precision and recall over the pairs of notices that name the same unit (gold:
  ``units.jsonl``; ours: the ``units`` table's inspected units);
- **round_units exact**: a gold row counts when the row of its round and unit has the same
  feedback notice and date, progress notices, final notice, days to the first report, stated
  problems, rectified and completion rate (our units are matched to gold ones by their names).

Misses are listed for the tune half only: the test half is never looked into while tuning.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from noticeparse.batch import parse_paths
from noticeparse.link import link_output
from noticeparse.rules import RuleSet, load_rules
from noticeparse.settings import Settings
from noticeparse.store import connect

__all__ = ["RoundsScores", "default_rounds_data", "run_rounds_eval"]

_ROW_FIELDS = ("feedback_notice", "feedback_date", "progress_notices", "final_notice", "days_to_first_report",
               "stated_problems", "rectified", "completion_rate")
TARGETS = {"round_key": 0.95, "stage": 0.95, "unit_link_f1": 0.9, "unit_link_precision": 0.97}


def default_rounds_data() -> Path | None:
    """``tests/data/rounds`` of the source checkout, when present."""
    path = Path(__file__).resolve().parents[3] / "tests" / "data" / "rounds"
    return path if path.is_dir() else None


@dataclass
class RoundsScores:
    """The scores of one half, and (tune only) what was missed."""

    split: str
    counts: dict[str, list[int]] = field(default_factory=dict)  # metric → [hits, total]
    link_pairs: tuple[int, int, int] = (0, 0, 0)  # true positives, predicted, gold
    misses: list[str] = field(default_factory=list)

    def rate(self, metric: str) -> float:
        hits, total = self.counts.get(metric, [0, 0])
        return hits / total if total else 0.0

    def link_scores(self) -> tuple[float, float, float]:
        tp, predicted, gold = self.link_pairs
        precision = tp / predicted if predicted else 0.0
        recall = tp / gold if gold else 0.0
        return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def to_json(self) -> dict[str, Any]:
        precision, recall, f1 = self.link_scores()
        return {"split": self.split, **{k: {"hits": v[0], "total": v[1], "rate": round(self.rate(k), 4)}
                                        for k, v in self.counts.items()},
                "unit_links": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                               "pairs": dict(zip(("true", "predicted", "gold"), self.link_pairs, strict=True))}}

    def render(self) -> str:
        precision, recall, f1 = self.link_scores()
        label = "test (reported)" if self.split == "test" else "tune (rules tuned on it)"
        lines = [f"{label}:"]
        for metric, (hits, total) in self.counts.items():
            lines.append(f"  {metric:<22} {hits:>4}/{total:<4} {self.rate(metric):.3f}")
        lines.append(f"  {'unit links':<22} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  "
                     f"({self.link_pairs[0]} of {self.link_pairs[1]} predicted pairs, {self.link_pairs[2]} gold)")
        return "\n".join(lines)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_rounds_eval(data: Path, rules: RuleSet | None = None, misses: bool = False) -> list[RoundsScores]:
    """Parse, link and score the dev set; one ``RoundsScores`` per half (tune, then test)."""
    gold = {name: _jsonl(data / f"{name}.jsonl") for name in ("notices", "units", "rounds", "round_units")}
    with tempfile.TemporaryDirectory(prefix="rounds-eval-") as tmp:
        out = Path(tmp) / "out"
        parse_paths([str(data / "texts")], out, settings=Settings(rules_root=(rules or load_rules()).root),
                    progress=False)
        link_output(out)
        found = _read(out)
    scores = []
    for split in ("tune", "test"):
        score = RoundsScores(split)
        _score_refs(score, gold, found, split, misses and split == "tune")
        _score_links(score, gold, found, split)
        _score_round_units(score, gold, found, split, misses and split == "tune")
        scores.append(score)
    return scores


def _read(out: Path) -> dict[str, Any]:
    """Our tables, with notice ids turned into the set's ids (the file names)."""
    con = connect(out)
    ids = {nid: Path(source).stem for nid, source in con.execute("SELECT notice_id, source FROM notices").fetchall()}

    def rows(sql: str) -> list[dict[str, Any]]:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    return {"ids": ids, "refs": rows("SELECT r.*, n.key AS resolved FROM round_refs r JOIN round_notices n USING "
                                     "(notice_id, ref_id)"),
            "units": rows("SELECT * FROM units WHERE inspected"), "round_units": rows("SELECT * FROM round_units")}


def _score_refs(score: RoundsScores, gold: dict[str, Any], found: dict[str, Any], split: str, misses: bool) -> None:
    ours: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ref in found["refs"]:
        ours[found["ids"][ref["notice_id"]]].append(ref)
    counts = {m: [0, 0] for m in ("round_key", "stage", "resolved", "ref_units")}
    extra = [0, 0]
    for notice in (n for n in gold["notices"] if n["split"] == split):
        mine = list(ours.get(notice["id"], []))
        extra[1] += len(mine)
        for ref in notice["round_refs"]:
            match = next((m for m in mine if m["key"] == ref["key"] and (ref["key"] or m["text"] == ref["text"])), None)
            near = match or next((m for m in mine if m["round"] == ref["round"]), None)
            if match:
                mine.remove(match)
            elif near:
                mine.remove(near)
            _count(counts["round_key"], match is not None)
            _count(counts["stage"], near is not None and near["stage"] == ref["stage"])
            _count(counts["resolved"], near is not None and near["resolved"] == ref["resolved_key"])
            _count(counts["ref_units"], near is not None and len(near["units"]) == len(ref["units"]))
            if misses and (match is None or near is None or near["stage"] != ref["stage"]
                           or near["resolved"] != ref["resolved_key"]):
                got = {k: near[k] for k in ("key", "stage", "resolved", "text")} if near else None
                score.misses.append(f"{notice['id']}: gold {ref['key']} {ref['stage']} -> {ref['resolved_key']}; ours {got}")
        extra[0] += len(mine)
        if misses:
            score.misses += [f"{notice['id']}: extra ref {m['key']} {m['stage']} {m['text']!r}" for m in mine]
    score.counts.update(counts)
    score.counts["refs_not_in_gold"] = extra


def _count(cell: list[int], hit: bool) -> None:
    cell[0] += int(hit)
    cell[1] += 1


def _pairs(groups: Iterable[Iterable[str]], keep: set[str]) -> set[tuple[str, str]]:
    return {pair for notices in groups for pair in combinations(sorted(set(notices) & keep), 2)}


def _score_links(score: RoundsScores, gold: dict[str, Any], found: dict[str, Any], split: str) -> None:
    keep = {n["id"] for n in gold["notices"] if n["split"] == split}
    want = _pairs((u["notices"] for u in gold["units"]), keep)
    have = _pairs(([found["ids"][n] for n in u["notices"] if n in found["ids"]] for u in found["units"]), keep)
    score.link_pairs = (len(want & have), len(have), len(want))


def _unit_map(gold: dict[str, Any], found: dict[str, Any]) -> dict[str, str]:
    """Our unit id → the gold unit sharing most (name, notice) pairs with it."""
    owners: dict[tuple[str, str], str] = {}
    for unit in gold["units"]:
        for name in unit["names"]:
            for notice in unit["notices"]:
                owners.setdefault((name, notice), unit["unit_id"])
    out = {}
    for unit in found["units"]:
        votes = Counter(owners[(n["name"], found["ids"].get(nid, ""))] for n in unit["names"] for nid in n["notices"]
                        if (n["name"], found["ids"].get(nid, "")) in owners)
        if votes:
            out[unit["unit_id"]] = votes.most_common(1)[0][0]
    return out


def _score_round_units(score: RoundsScores, gold: dict[str, Any], found: dict[str, Any], split: str,
                       misses: bool) -> None:
    mapping = _unit_map(gold, found)
    ours = {(r["key"], mapping.get(r["unit_id"])): r for r in found["round_units"]}
    cell = [0, 0]
    for row in (r for r in gold["round_units"] if r["split"] == split):
        mine = ours.get((row["key"], row["unit_id"]))
        got = _comparable(mine, found["ids"]) if mine else None
        want = {f: row[f] for f in _ROW_FIELDS}
        _count(cell, got == want)
        if misses and got != want:
            diff = {f: (want[f], got[f]) for f in _ROW_FIELDS if got and got[f] != want[f]} if got else "no row"
            score.misses.append(f"round_units {row['key']} {row['unit_id']}: {diff}")
    score.counts["round_units_exact"] = cell


def _comparable(row: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    def notice(value: str | None) -> str | None:
        return ids.get(value, value) if value else None

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {"feedback_notice": notice(row["feedback_notice"]), "feedback_date": day(row["feedback_date"]),
            "progress_notices": [notice(n) for n in row["progress_notices"]], "final_notice": notice(row["final_notice"]),
            "days_to_first_report": row["days_to_first_report"], "stated_problems": row["stated_problems"],
            "rectified": row["rectified"], "completion_rate": row["completion_rate"]}
