"""Notice metadata (元数据): title, header fields, signature block, inspection facts.

Rules: ``rules/metadata.yaml`` (signature and inspection patterns) and the
fields that ``chrome.strip_chrome`` read off the header lines.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date

import regex

from noticeparse.cnnum import cn_to_int
from noticeparse.records import DateMention, NoticeMeta
from noticeparse.rules import RuleSet

_YMD = regex.compile(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})")
_SENTENCE_END = "。\n"


def parse_ymd(value: str | None) -> date | None:
    """Read a header date such as 2022-05-20 or 2023年01月06日.

    >>> parse_ymd("2022-05-20 16:19"), parse_ymd("2023年01月06日"), parse_ymd("今天")
    (datetime.date(2022, 5, 20), datetime.date(2023, 1, 6), None)
    """
    match = _YMD.search(value or "")
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value) if value.isdigit() else cn_to_int(value)
    except ValueError:
        return None


def _title(text: str, rules: RuleSet) -> str | None:
    data = rules["metadata"].data
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first or len(first) > int(data["title_max"]) or first.endswith(tuple(data["title_not_ending"])):
        return None
    return first


class _Sentences:
    """The sentence around a span (between the sentence ends before and after it), found by bisection.

    Whether a sentence holds one of a word list is computed once per sentence and list:
    re-reading a sentence per date mention is quadratic in a text without sentence ends.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [i for i, ch in enumerate(text) if ch in _SENTENCE_END]
        self._seen: dict[tuple[int, int, str], bool] = {}

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        before = bisect.bisect_left(self.ends, start)
        after = bisect.bisect_left(self.ends, end)
        left = self.ends[before - 1] + 1 if before else 0
        return left, self.ends[after] if after < len(self.ends) else len(self.text)

    def has_word(self, start: int, end: int, key: str, words: Sequence[str]) -> bool:
        left, right = self.bounds(start, end)
        cached = self._seen.get((left, right, key))
        if cached is None:
            sentence = self.text[left:right]
            cached = self._seen[(left, right, key)] = any(w in sentence for w in words)
        return cached


def _signature(text: str, rules: RuleSet, dates: Sequence[DateMention]) -> tuple[str | None, date | None]:
    """The issuer line and the date line that close the notice."""
    lines = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((offset, line))
        offset += len(line) + 1
    tail = lines[-int(rules["metadata"].data["signature_lines"]) :]
    issuer_rule = rules["metadata"].rule("meta.issuer").regex
    for index, (start, line) in enumerate(tail):
        begin = start + len(line) - len(line.lstrip())
        end = start + len(line.rstrip())
        whole = [d for d in dates if d.start == begin and d.end == end and d.precision == "day"]
        if not whole:
            continue
        issuer = None
        if index > 0:
            match = issuer_rule.search(tail[index - 1][1])
            issuer = match.group("issuer") if match else None
        return issuer, whole[0].date_start
    return None, None


def _inspection(text: str, rules: RuleSet, dates: Sequence[DateMention]) -> dict[str, object]:
    data = rules["metadata"].data
    found: dict[str, object] = {}
    body = rules["metadata"].rule("meta.inspection_body").regex.search(text)
    found["inspection_body"] = body.group("body") if body else None
    sentences = _Sentences(text)
    for mention in dates:
        if "inspection_start" not in found and mention.date_end and sentences.has_word(
            mention.start, mention.end, "inspection", data["inspection_words"]
        ):
            found["inspection_start"], found["inspection_end"] = mention.date_start, mention.date_end
        if ("feedback_date" not in found and mention.date_end is None and mention.precision == "day"
                and sentences.has_word(mention.start, mention.end, "feedback", data["feedback_words"])):
            found["feedback_date"] = mention.date_start
    problems = rules["metadata"].rule("meta.problems").regex.search(text)
    if problems:
        found["problem_areas"] = _int(problems.group("areas"))
        found["problems"] = _int(problems.group("problems"))
    measures = rules["metadata"].rule("meta.measures").regex.search(text)
    found["measures_planned"] = _int(measures.group("measures")) if measures else None
    return found


def extract_metadata(
    text: str, rules: RuleSet, *, dates: Sequence[DateMention], header: Mapping[str, str]
) -> NoticeMeta:
    """Collect a notice's metadata from its text, its dates and its header fields."""
    issuer, signed = _signature(text, rules, dates)
    return NoticeMeta(
        title=header.get("title") or _title(text, rules),
        publish_date=parse_ymd(header.get("publish_date")),
        source_label=header.get("source_label"),
        issuer=issuer,
        signed_date=signed,
        **_inspection(text, rules, dates),  # type: ignore[arg-type]
    )
