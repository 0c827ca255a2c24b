"""Segmentation benchmark: word F1 on the gold sets, recall by class, throughput of every backend.

    python bench/segment_bench.py [--gold tests/data/segmentation/gold.txt --gold ...] [--no-speed]

Rows: plain jieba (its own Tokenizer, no lexicon), plain pkuseg (default model),
plain rjieba, then our entity-aware segmenter on each installed backend. F1 is
scored on all words and again on the words outside entity spans (dates, document
numbers, quantities, 《titles》, contacts), where the gold set follows plain PKU
conventions. Recall by class (ordinal, set phrase, marker, date, quantity, word:
``segment.word_class``) is printed for each gold set (both by default: gold.txt,
drafted from pkuseg output, and gold2.txt, cut by hand from scratch). Throughput is characters per second over the seed notice and the
hardcases texts (backend time only for plain rows; entity finding excluded for
ours, since the pipeline has the entities already).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from noticeparse.rules import load_rules
from noticeparse.segment.scoring import WORD_CLASSES, recall_by_class, score_words
from noticeparse.segment.segmenter import Segmenter, find_entities, load_lexicon

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "segmentation" / "gold.txt"
GOLD2 = ROOT / "tests" / "data" / "segmentation" / "gold2.txt"
HARDCASES = ROOT.parent / "shared" / "corpus" / "hardcases" / "texts"


WARM_UP = "市委第二巡察组于2021年8月5日进驻,反馈问题32项。"


def read_gold(path: Path = GOLD) -> list[list[str]]:
    """Gold sentences as token lists (comment lines start with #)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


def plain_cutters() -> dict[str, Callable[[str], list[str]]]:
    """The baselines, each without our lexicon or entities (skipped when not installed)."""
    cutters: dict[str, Callable[[str], list[str]]] = {}
    import jieba

    tokenizer = jieba.Tokenizer()
    cutters["jieba (plain)"] = tokenizer.lcut
    try:
        import pkuseg

        model = pkuseg.pkuseg()
        cutters["pkuseg (plain)"] = model.cut
    except ImportError:
        pass
    try:
        import rjieba

        rj = rjieba.Jieba()
        cutters["rjieba (plain)"] = lambda text: rj.cut(text, True)
    except ImportError:
        pass
    return cutters


def our_cutters(rules: object) -> dict[str, Segmenter]:
    """Our segmenter on each backend that imports here."""
    from noticeparse.segment.backends import available_backends

    return {f"noticeparse/{name}": Segmenter(name, rules) for name in available_backends()}  # type: ignore[arg-type]


def bench_texts() -> str:
    """The seed notice and the hardcases bodies, as one text."""
    texts = [(ROOT / "raw" / "samples" / "binhaiwan-2022-05-20.txt").read_text(encoding="utf-8")]
    if HARDCASES.is_dir():
        for path in sorted(HARDCASES.glob("*.txt")):
            texts.append(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1])
    return "\n".join(texts)


def _rate(cut: Callable[[str], object], lines: list[str]) -> float:
    """Characters per second over ``lines``, once, after a warm-up on a text of its own.

    Not a second pass over the same lines: the Segmenter memoises the cuts of the
    chunks it has seen, which would time dictionary lookups, not segmentation.
    """
    cut(WARM_UP)  # dictionaries and models load lazily
    started = time.perf_counter()
    for line in lines:
        cut(line)
    return sum(map(len, lines)) / (time.perf_counter() - started)


def predictors(rules: object) -> list[tuple[str, Callable[[str], list[str]], Callable[[str], object]]]:
    """``(name, words of a sentence, the timed cut)`` for every row of the tables."""
    rows: list[tuple[str, Callable[[str], list[str]], Callable[[str], object]]] = []
    for name, cut in plain_cutters().items():
        rows.append((name, cut, cut))
    for name, seg in our_cutters(rules).items():
        rows.append((name, lambda s, seg=seg: [t.text for t in seg.cut(s, find_entities(s, rules))],  # type: ignore[arg-type]
                     lambda s, seg=seg: seg.cut(s)))
    return rows


def report_gold(path: Path, rules: object, rows: list[tuple[str, Callable[[str], list[str]], object]]) -> None:
    """Print the F1 table and the recall-by-class table of one gold set."""
    gold = read_gold(path)
    sentences = ["".join(tokens) for tokens in gold]
    ignore = [[(a, b) for a, b, _k in find_entities(s, rules)] for s in sentences]  # type: ignore[arg-type]
    slogans = frozenset(word for word, _f, _t in load_lexicon(rules))  # type: ignore[arg-type]
    print(f"\n{path.name}: {len(gold)} sentences, {sum(map(len, gold))} words")
    print("| segmenter | P | R | F1 | F1 outside entities |")
    print("|---|---|---|---|---|")
    recalls = []
    for name, predict, _timed in rows:
        predicted = [[w for w in predict(s) if w.strip()] for s in sentences]
        p, r, f = score_words(gold, predicted)
        _p, _r, f_out = score_words(gold, predicted, ignore)
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {f_out:.3f} |")
        recalls.append((name, recall_by_class(gold, predicted, slogans)))
    totals = recalls[0][1]
    print("\n| recall | " + " | ".join(f"{c} ({totals[c][1]})" for c in WORD_CLASSES) + " |")
    print("|---|" + "---|" * len(WORD_CLASSES))
    for name, by_class in recalls:
        cells = [f"{hit / total:.2f}" if total else "–" for hit, total in (by_class[c] for c in WORD_CLASSES)]
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    """Print the F1, recall-by-class and throughput tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="a gold set (repeatable; default: both)")
    parser.add_argument("--no-speed", action="store_true", help="leave out the throughput table")
    args = parser.parse_args()
    rules = load_rules()
    rows = predictors(rules)
    for path in args.gold or [GOLD, GOLD2]:
        report_gold(path, rules, rows)
    if args.no_speed:
        return
    lines = [line for line in bench_texts().splitlines() if line.strip()]
    print(f"\nthroughput text: {sum(map(len, lines))} chars")
    print("| segmenter | chars/s |")
    print("|---|---|")
    for name, _predict, timed in rows:
        print(f"| {name} | {_rate(timed, lines):,.0f} |")


if __name__ == "__main__":
    main()
