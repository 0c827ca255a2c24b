"""Score extraction against the annotated corpus: span overlap P/R/F1 per entity type.

The corpus (``../shared/corpus``) has ``hardcases/texts/*.txt`` with gold spans in
``hardcases/gold.jsonl`` (offsets into the body after the ``---`` line) and the
seed notice with hand counts. Predicted spans are mapped back to input offsets
through ``Notice.offset_runs`` before they are compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from noticeparse.evaluation.corpus import SEED_COUNTS, SEED_FILE, read_hardcase, read_jsonl
from noticeparse.fields import ENTITIES
from noticeparse.parse import ParseOptions, parse_text, to_input_offset
from noticeparse.records import Notice
from noticeparse.settings import Settings

# the gold letters of the registry's entities, plus two derived types: money (the
# quantities in 元) and H (the outline's markers)
_GOLD = {item.entity.gold_letter: item.table for item in ENTITIES if item.entity and item.entity.gold_letter}
TYPE_NAMES = {**_GOLD, "M": "money", "H": "outline markers"}

Span = tuple[int, int, str]


def input_span(notice: Notice, start: int, end: int) -> tuple[int, int] | None:
    """A span of the stored text as offsets of the input text (None when it is not all there)."""
    a, b = to_input_offset(notice.offset_runs, start), to_input_offset(notice.offset_runs, end - 1)
    return (a, b + 1) if a is not None and b is not None else None


def predicted_spans(notice: Notice) -> dict[str, list[Span]]:
    """Entity spans of a parsed notice, in input offsets, per gold type."""
    raw: dict[str, Iterable[tuple[int, int]]] = {
        letter: ((r.start, r.end) for r in getattr(notice, table)) for letter, table in _GOLD.items()
    }
    raw["M"] = ((q.start, q.end) for q in notice.quantities if q.category == "money")
    raw["H"] = ((o.marker_start, o.marker_end) for o in notice.outline)
    out: dict[str, list[Span]] = {}
    for kind, spans in raw.items():
        out[kind] = [(*span, notice.text[start:end]) for start, end in spans
                     if (span := input_span(notice, start, end)) is not None]
    return out


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> tuple[int, int, list[Span], list[Span]]:
    """Overlap matching: (gold hit, predictions hit, missed gold, spurious predictions).

    A gold span counts as found when a prediction overlaps it; a prediction is
    right when it overlaps a gold span. The gold marks a list such as
    2016年7月和11月 as one span where we emit one row per item: each item is right.
    """

    def hits(a: Span, spans: Sequence[Span]) -> bool:
        return any(b[0] < a[1] and a[0] < b[1] for b in spans)

    missed = [g for g in gold if not hits(g, pred)]
    spurious = [p for p in pred if not hits(p, gold)]
    return len(gold) - len(missed), len(pred) - len(spurious), missed, spurious


@dataclass
class Score:
    """Counts for one entity type."""

    gold: int = 0
    pred: int = 0
    gold_hit: int = 0
    pred_hit: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.pred_hit / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.gold_hit / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    """Scores per system and type, plus the seed's counts."""

    scores: dict[str, dict[str, Score]]
    seed: dict[str, tuple[int, int]]
    files: int
    pages: Any = None  # evaluation.pages.PageReport: the HTML pages, per template
    genres: dict[str, Any] = field(default_factory=dict)  # genre → evaluation.genres.GenreScore

    def render(self, misses: bool = True) -> str:
        lines = [f"hardcases: {self.files} files, span-overlap scoring"]
        lines.append(f"{'system':<12} {'type':<16} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
        for system, per_type in self.scores.items():
            for kind, s in per_type.items():
                lines.append(f"{system:<12} {TYPE_NAMES[kind]:<16} {s.gold:>5} {s.pred:>5} "
                             f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
        if self.seed:
            lines.append("seed (expected / found):")
            lines += [f"  {name:<14} {want:>4} {got:>4} {'ok' if want == got else 'DIFF'}"
                      for name, (want, got) in self.seed.items()]
        if self.genres:
            from noticeparse.evaluation.genres import render_genres

            lines += render_genres(self.genres, misses)
        if misses:
            for system, per_type in self.scores.items():
                for kind, s in per_type.items():
                    lines += [f"  {system} {kind} {m}" for m in s.misses]
        if self.pages is not None:
            lines.append(self.pages.render(misses))
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "scores": {sys_: {TYPE_NAMES[k]: {"gold": s.gold, "pred": s.pred, "precision": s.precision,
                                              "recall": s.recall, "f1": s.f1} for k, s in per.items()}
                       for sys_, per in self.scores.items()},
            "seed": {k: {"expected": a, "found": b} for k, (a, b) in self.seed.items()},
            **({"pages": self.pages.to_json()} if self.pages is not None else {}),
            "genres": _genres_json(self.genres),
        }


def _genres_json(genres: dict[str, Any]) -> dict[str, Any]:
    from noticeparse.evaluation.genres import genres_json

    return genres_json(genres) if genres else {}


Extractor = Callable[[str, date | None], dict[str, list[Span]]]


def noticeparse_spans(body: str, reference: date | None) -> dict[str, list[Span]]:
    """Our system, as scored: the full pipeline on the body."""
    return predicted_spans(parse_text(body, ParseOptions(reference_date=reference, settings=Settings(segment=False))))


def _gold_of(spans: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """Gold spans of one type; money (M) is the quantities (Q) written with 元, a subset JioNLP covers."""
    if kind == "M":
        return [s for s in spans if s["type"] == "Q" and "元" in s["text"]]
    return [s for s in spans if s["type"] == kind]


def score_hardcases(corpus: Path, systems: dict[str, Extractor]) -> tuple[dict[str, dict[str, Score]], int]:
    """Run each system over every hardcase and score it per type."""
    gold_by_file = {record["file"]: record["spans"] for record in read_jsonl(corpus / "hardcases" / "gold.jsonl")}
    scores: dict[str, dict[str, Score]] = {}
    for name, system in systems.items():
        per_type = scores.setdefault(name, {})
        for file_name, spans in sorted(gold_by_file.items()):
            fields, body = read_hardcase(corpus / "hardcases" / "texts" / file_name)
            retrieved = fields.get("retrieved")
            predicted = system(body, date.fromisoformat(retrieved) if retrieved else None)
            for kind in predicted:
                gold = [(s["start"], s["end"], s["text"]) for s in _gold_of(spans, kind)]
                gold_hit, pred_hit, missed, spurious = match_spans(gold, predicted[kind])
                score = per_type.setdefault(kind, Score())
                score.gold += len(gold)
                score.pred += len(predicted[kind])
                score.gold_hit += gold_hit
                score.pred_hit += pred_hit
                score.misses += [f"{file_name} missed {t!r}" for _a, _b, t in missed]
                score.misses += [f"{file_name} spurious {t!r}" for _a, _b, t in spurious]
    return scores, len(gold_by_file)


def seed_counts(notice: Notice) -> dict[str, tuple[int, int]]:
    """The seed's hand counts against what the parse found."""
    levels = [n.level for n in notice.outline]
    found = {item.table: len(getattr(notice, item.table)) for item in ENTITIES}
    found |= {
        "date ranges": sum(d.date_end is not None for d in notice.dates),
        "sections": levels.count(1), "sub-sections": levels.count(2),
        "findings": len(notice.findings), "measures": sum(len(notice.measures_of(f)) for f in notice.findings),
    }
    return {name: (SEED_COUNTS[name], found[name]) for name in SEED_COUNTS}


def run_eval(corpus: Path, systems: dict[str, Extractor] | None = None) -> EvalReport:
    """Score every system on the hardcases and check the seed's counts."""
    from noticeparse.evaluation.baselines import comparison_systems

    systems = systems or {"noticeparse": noticeparse_spans, **comparison_systems()}
    scores, files = score_hardcases(corpus, systems)
    seed_path = corpus / SEED_FILE
    seed = seed_counts(parse_text(seed_path.read_text(encoding="utf-8"), ParseOptions(settings=Settings(segment=False)))) if seed_path.exists() else {}
    from noticeparse.evaluation.genres import score_genres
    from noticeparse.evaluation.pages import score_pages

    pages = score_pages(corpus) if any((corpus / name).is_dir() for name in ("ccdi-html", "govcn-html")) else None
    return EvalReport(scores, seed, files, pages, score_genres(corpus))
