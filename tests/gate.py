"""Quality gate: per-type F1 on the hardcases may not fall below the pinned floors.

    python tests/gate.py                      # check, print the scores
    python tests/gate.py --update             # raise the floors to today's scores (never lowers)
    python tests/gate.py --update --allow-regression --reason "why"   # lower a floor, on purpose

Floors live in tests/gate_baseline.json with the corpus hash they were measured on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from noticeparse.evaluation.evaluate import TYPE_NAMES, noticeparse_spans, score_hardcases

BASELINE = Path(__file__).with_name("gate_baseline.json")
MARGIN = 0.0  # floors are the exact scores; the parser is deterministic


def corpus_sha(corpus: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((corpus / "hardcases").rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def measure(corpus: Path) -> dict[str, float]:
    scores, _files = score_hardcases(corpus, {"noticeparse": noticeparse_spans})
    return {TYPE_NAMES[k]: round(s.f1, 4) for k, s in scores["noticeparse"].items()}


def check(corpus: Path) -> list[str]:
    """Names and scores of the types that fell below their floor."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    scores = measure(corpus)
    return [f"{name}: F1 {scores.get(name, 0.0):.4f} < floor {floor:.4f}"
            for name, floor in baseline["floors"].items() if scores.get(name, 0.0) < floor]


def update(corpus: Path, allow_regression: bool, reason: str | None) -> dict[str, float]:
    old = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {"floors": {}}
    scores = measure(corpus)
    floors = {}
    for name, score in scores.items():
        previous = old["floors"].get(name, 0.0)
        if score < previous and not allow_regression:
            raise SystemExit(f"{name} would drop from {previous} to {score}: pass --allow-regression --reason")
        floors[name] = round(score - MARGIN, 4)
    record = {"corpus_sha256": corpus_sha(corpus), "floors": floors}
    if reason:
        record["last_lowered_because"] = reason
    BASELINE.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return floors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--allow-regression", action="store_true")
    parser.add_argument("--reason")
    args = parser.parse_args()
    if args.allow_regression and not args.reason:
        parser.error("--allow-regression needs --reason")
    if args.update:
        print(json.dumps(update(args.corpus, args.allow_regression, args.reason), ensure_ascii=False, indent=2))
        return
    failures = check(args.corpus)
    print("\n".join(failures) or "gate passed: " + json.dumps(measure(args.corpus), ensure_ascii=False))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
