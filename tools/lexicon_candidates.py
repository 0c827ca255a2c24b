"""Propose domain-lexicon terms from the shared corpus, by kind (organ, meeting, document, slogan).

    PYTHONPATH=src python tools/lexicon_candidates.py [--corpus ../shared/corpus] [--min-count 3]

Reads the seed notice, the hardcases bodies and the text of the ccdi-html and govcn-html pages
(``parse.extract_page``), and prints a TSV of candidates, most frequent first:
``kind  term  count  left_variety  our_cut  example``. A candidate is a string of
Han characters ending in a suffix of its kind (SUFFIXES: …纪委监委, …督查组, …全会, …方案), seen at
least ``--min-count`` times, that is closed on the left (at least 3 different characters before it,
or the most common one before fewer than half of its occurrences: 巡视组 passes, 视组 does not), and
whose suffix our segmenter (jieba backend, current lexicon) cuts inside, or leaves alone when it is
one bound character (推进 会: the lexicon lacks the meeting word; 市 纪委监委 is already right). Slogans are quoted numbered terms (“三个务必”, “四风”)
that our segmenter cuts when they stand unquoted. Terms already in a lexicon file are left out.

The output is a proposal: a person curates it into ``rules/lexicon/corpus.txt`` (see the header
there for the run it came from). Deterministic: the same corpus gives the same TSV.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import regex

from noticeparse.parse import decode_bytes, extract_page
from noticeparse.rules import load_rules
from noticeparse.segment import get_segmenter, load_lexicon

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = {
    "organ": ("纪委监委", "纪检监察组", "监察室", "工委", "党委", "党组", "委员会", "办公室", "领导小组",
              "工作专班", "专班", "督查组", "巡视组", "巡察组", "检查组", "核查组", "调研组", "指导组"),
    "meeting": ("会", "全会", "常委会", "党代会", "座谈会", "推进会", "部署会", "动员会", "反馈会", "警示会",
                "生活会", "发布会", "联席会议", "专题会议"),
    "document": ("实施方案", "工作方案", "整改方案", "实施意见", "指导意见", "实施细则", "管理办法",
                 "问题清单", "任务清单", "责任清单", "整改台账", "通报", "公报", "工作规则"),
}
SLOGAN = regex.compile(r"[“‘]([一二两三四五六七八九十百]个?\p{Han}{1,4})[”’]")
MAX_PREFIX = 4  # Han characters before the suffix


def corpus_texts(corpus: Path) -> Iterator[tuple[str, str]]:
    """``(name, text)`` of every corpus document, in a fixed order."""
    seed = corpus / "seed-binhaiwan-2022-05-20.txt"
    if seed.is_file():
        yield seed.name, seed.read_text(encoding="utf-8")
    for path in sorted((corpus / "hardcases" / "texts").glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    for folder in ("ccdi-html", "govcn-html"):
        for path in sorted((corpus / folder).glob("*.html")):
            yield path.name, extract_page(decode_bytes(path.read_bytes()).text).text


def suffix_candidates(texts: list[str], is_word: Callable[[str], object]) -> dict[tuple[str, str], tuple[int, Counter[str], str]]:
    """``{(kind, term): (count, characters before it, an example)}`` for every suffix occurrence.

    An occurrence whose last character makes a word with the next one (会所, 会海, 组织) is skipped.
    """
    found: dict[tuple[str, str], list[object]] = defaultdict(lambda: [0, Counter(), ""])
    for kind, suffixes in SUFFIXES.items():
        pattern = regex.compile(rf"(\p{{Han}}{{0,{MAX_PREFIX + 1}}})({'|'.join(suffixes)})")
        for text in texts:
            for m in pattern.finditer(text):
                head, suffix = m.group(1), m.group(2)
                if is_word(text[m.end() - 1:m.end() + 1]):
                    continue
                for k in range(1, min(MAX_PREFIX, len(head)) + 1):
                    entry = found[(kind, head[-k:] + suffix)]
                    entry[0] = int(entry[0]) + 1  # type: ignore[call-overload]
                    before = head[-k - 1] if len(head) > k else "^"
                    entry[1][before] += 1  # type: ignore[index]
                    entry[2] = entry[2] or text[max(m.start() - 8, 0):m.end() + 4].replace("\n", " ")
    return {key: (int(v[0]), v[1], str(v[2])) for key, v in found.items()}  # type: ignore[call-overload,misc]


def left_closed(before: Counter[str]) -> bool:
    """At least 3 different characters before the term, or none before half of its occurrences."""
    total = sum(before.values())
    return len(before) >= 3 or before.most_common(1)[0][1] * 2 < total


def cut_inside(cut: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when a token boundary of ``cut`` falls strictly inside ``[start, end)``."""
    return any(start < s < end for s, _e in cut)


def main() -> None:
    """Print the candidate TSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args()
    rules = load_rules()
    segmenter = get_segmenter("jieba", rules)
    known = {word for word, _freq, _pos in load_lexicon(rules)}
    texts = [text for _name, text in corpus_texts(args.corpus)]
    rows = []
    for (kind, term), (count, before, example) in suffix_candidates(texts, segmenter.tag_of).items():
        if count < args.min_count or not left_closed(before) or term in known:
            continue
        tokens = segmenter.cut(term)
        suffix = max((x for x in SUFFIXES[kind] if term.endswith(x)), key=len)
        # a bound one-character suffix (会) must not stand alone; a longer one must not be cut inside
        alone = len(suffix) == 1 and tokens[-1].text == suffix
        if alone or cut_inside([(t.start, t.end) for t in tokens], len(term) - len(suffix), len(term)):
            rows.append((kind, term, count, len(before), " ".join(t.text for t in tokens), example))
    slogans = Counter(m.group(1) for text in texts for m in SLOGAN.finditer(text))
    for term, count in slogans.items():
        tokens = segmenter.cut(term)
        if term not in known and len(tokens) > 1:
            rows.append(("slogan", term, count, 0, " ".join(t.text for t in tokens), ""))
    rows.sort(key=lambda r: (r[0], -int(r[2]), r[1]))  # type: ignore[call-overload]
    print("kind\tterm\tcount\tleft_variety\tour_cut\texample")
    for row in rows:
        print("\t".join(json.dumps(c, ensure_ascii=False) if isinstance(c, str) and "\t" in c else str(c)
                        for c in row))


if __name__ == "__main__":
    main()
