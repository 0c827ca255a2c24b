"""Scores per genre (巡视/巡察整改, 典型问题通报, 审计整改, 政策文件, 函复) on the shared corpus.

- the seed: a 巡察整改 notice, its finding count against the hand count (32).
- hardcases: each file's genre from its ``index.jsonl`` kind (``genre_of``); per genre the share
  whose ``notices.kind`` agrees, and the findings and cases found.
- govcn-html: kind agreement (函复 for letters answering proposals, else 政策文件) and P/R/F1 of
  finding headings against ``gold.jsonl`` (compared without whitespace).
- ccdi-html: case count exact and penalty values exact per case, against
  ``tests/data/ccdi_cases_gold.json`` (counts from the titles, penalties read by hand).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from noticeparse.evaluation.corpus import SEED_COUNTS, SEED_FILE, read_hardcase, read_jsonl
from noticeparse.parse import ParseOptions, parse_bytes, parse_text
from noticeparse.settings import Settings

# index.jsonl kinds are free text: the first cue that matches gives the genre
_GENRE_CUES = (
    ("典型问题通报", r"典型|案例|案件通报|违规发放津补贴|超标准接待|通报新闻"),
    ("审计整改", r"审计"),
    ("巡视整改", r"巡视[^新]*整改"),
    ("巡察整改", r"巡察[^新]*整改"),
    ("政策文件", r"意见|通知|通告|命令|规则|规程|规划|办法|方案|条例"),
)
CASE_GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "ccdi_cases_gold.json"
_SPACE = regex.compile(r"\s+")


def genre_of(index_kind: str) -> str:
    """The genre of a hardcase from its index kind.

    >>> genre_of("县委巡察整改回头看新闻"), genre_of("市纪委违规发放津补贴典型案件通报"), genre_of("香港新闻")
    ('巡察整改', '典型问题通报', '其他')
    """
    return next((genre for genre, cue in _GENRE_CUES if regex.search(cue, index_kind)), "其他")


@dataclass
class GenreScore:
    """Counts for one genre."""

    files: int = 0
    kind_ok: int = 0
    findings: int = 0
    cases: int = 0
    gold: int = 0
    pred: int = 0
    hit: int = 0
    case_pages: int = 0
    case_count_ok: int = 0
    penalty_cases: int = 0
    penalty_ok: int = 0
    person_cases: int = 0
    person_ok: int = 0
    misses: list[str] = field(default_factory=list)

    def f1(self) -> tuple[float, float, float]:
        p = self.hit / self.pred if self.pred else 1.0
        r = self.hit / self.gold if self.gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_genres(corpus: Path, case_gold: Path = CASE_GOLD) -> dict[str, GenreScore]:
    """Every genre's score on the corpus folders that are present."""
    scores: dict[str, GenreScore] = {}
    _score_seed(corpus, scores)
    _score_hardcases(corpus / "hardcases", scores)
    _score_govcn(corpus / "govcn-html", scores)
    score_case_notices(corpus / "ccdi-html", case_gold, scores)
    return scores


def _score_seed(corpus: Path, scores: dict[str, GenreScore]) -> None:
    """The seed is a 巡察整改 notice with 32 findings (counted by hand)."""
    path = corpus / SEED_FILE
    if not path.exists():
        return
    notice = parse_text(path.read_text(encoding="utf-8"), ParseOptions(settings=Settings(segment=False)))
    score = scores.setdefault("巡察整改", GenreScore())
    score.files += 1
    score.kind_ok += notice.meta.kind == "巡察整改"
    score.findings += len(notice.findings)
    score.gold += SEED_COUNTS["findings"]
    score.pred += len(notice.findings)
    score.hit += min(SEED_COUNTS["findings"], len(notice.findings))  # counts only: the seed has no heading gold


def _score_hardcases(folder: Path, scores: dict[str, GenreScore]) -> None:
    for entry in read_jsonl(folder / "index.jsonl"):
        genre = genre_of(str(entry.get("kind", "")))
        _fields, body = read_hardcase(folder / "texts" / entry["file"])
        notice = parse_text(body, ParseOptions(settings=Settings(segment=False)))
        score = scores.setdefault(genre, GenreScore())
        score.files += 1
        score.kind_ok += notice.meta.kind == genre
        score.findings += len(notice.findings)
        score.cases += len(notice.cases)
        if notice.meta.kind != genre:
            score.misses.append(f"{entry['file']} kind {notice.meta.kind} ({entry.get('kind')})")


def _score_govcn(folder: Path, scores: dict[str, GenreScore]) -> None:
    for gold in read_jsonl(folder / "gold.jsonl"):
        notice = parse_bytes((folder / f"{gold['id']}.html").read_bytes(), ParseOptions(source=gold["id"], kind="html", settings=Settings(segment=False)))
        genre = "函复" if regex.search(r"办理情况的函|复函|答复", gold["title"]) else "政策文件"
        score = scores.setdefault(genre, GenreScore())
        score.files += 1
        score.kind_ok += notice.meta.kind == genre
        score.findings += len(notice.findings)
        if notice.meta.kind != genre:
            score.misses.append(f"{gold['id']} kind {notice.meta.kind}")
        if "outline" not in gold:
            continue
        want = [_SPACE.sub("", o["heading"]) for o in gold["outline"] if o["is_finding"]]
        have = [_SPACE.sub("", n.heading) for n in notice.findings]
        score.gold += len(want)
        score.pred += len(have)
        score.hit += sum(1 for h in have if h in want)
        score.misses += [f"{gold['id']} missed finding {w}" for w in want if w not in have]
        score.misses += [f"{gold['id']} spurious finding {h}" for h in have if h not in want]


def score_case_notices(folder: Path, case_gold: Path, scores: dict[str, GenreScore]) -> None:
    """Case count, penalties and first persons of the ccdi case notices into ``scores['典型问题通报']``."""
    if not folder.is_dir() or not case_gold.exists():
        return
    score = scores.setdefault("典型问题通报", GenreScore())
    for page in json.loads(case_gold.read_text(encoding="utf-8"))["pages"]:
        notice = parse_bytes((folder / page["file"]).read_bytes(), ParseOptions(source=page["file"], kind="html", settings=Settings(segment=False)))
        score.case_pages += 1
        score.case_count_ok += len(notice.cases) == page["cases"]
        if len(notice.cases) != page["cases"]:
            score.misses.append(f"{page['file']} cases {len(notice.cases)} (gold {page['cases']})")
        for index, want in enumerate(page.get("penalties", [])):
            case = notice.cases[index] if index < len(notice.cases) else None
            have = [p.penalty for p in case.penalties] if case else []
            score.penalty_cases += 1
            score.penalty_ok += have == want
            if have != want:
                score.misses.append(f"{page['file']} case {index + 1} penalties {have} (gold {want})")
        for index, want_person in enumerate(page.get("persons", [])):
            names = [p.name for p in notice.cases[index].persons] if index < len(notice.cases) else []
            score.person_cases += 1
            score.person_ok += names[:1] == [want_person]
            if names[:1] != [want_person]:
                score.misses.append(f"{page['file']} case {index + 1} first person {names[:1]} (gold {want_person})")


def render_genres(scores: dict[str, GenreScore], misses: bool = True) -> list[str]:
    """Lines of the per-genre table (``noticeparse eval``)."""
    lines = ["per genre (hardcases by index kind, govcn-html, ccdi-html case notices):",
             (f"{'genre':<10} {'files':>5} {'kind ok':>7} {'findings':>8} {'cases':>5} "
              f"{'find P':>6} {'R':>6} {'F1':>6} {'case n ok':>9} {'penalties ok':>12} {'persons ok':>10}")]
    for genre, s in sorted(scores.items()):
        p, r, f1 = s.f1()
        counted = f"{s.case_count_ok}/{s.case_pages}" if s.case_pages else "-"
        penalties = f"{s.penalty_ok}/{s.penalty_cases}" if s.penalty_cases else "-"
        persons = f"{s.person_ok}/{s.person_cases}" if s.person_cases else "-"
        finding_scores = f"{p:>6.3f} {r:>6.3f} {f1:>6.3f}" if s.gold or s.pred else f"{'-':>6} {'-':>6} {'-':>6}"
        lines.append(f"{genre:<10} {s.files:>5} {s.kind_ok:>7} {s.findings:>8} {s.cases:>5} "
                     f"{finding_scores} {counted:>9} {penalties:>12} {persons:>10}")
    if misses:
        lines += [f"  {genre} {m}" for genre, s in sorted(scores.items()) for m in s.misses]
    return lines


def genres_json(scores: dict[str, GenreScore]) -> dict[str, Any]:
    """The per-genre scores as JSON."""
    out = {}
    for genre, s in scores.items():
        p, r, f1 = s.f1()
        out[genre] = {"files": s.files, "kind_ok": s.kind_ok, "findings": s.findings, "cases": s.cases,
                      "finding_precision": p, "finding_recall": r, "finding_f1": f1,
                      "case_pages": s.case_pages, "case_count_ok": s.case_count_ok,
                      "penalty_cases": s.penalty_cases, "penalty_ok": s.penalty_ok,
                      "person_cases": s.person_cases, "person_ok": s.person_ok}
    return out
