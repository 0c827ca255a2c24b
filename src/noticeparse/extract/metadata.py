"""Notice metadata (元数据): title, header fields, signature block, inspection facts.

Rules: ``rules/metadata.yaml`` (signature and inspection patterns) and the
fields that ``chrome.strip_chrome`` read off the header lines.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import typing
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import regex

from noticeparse.extract.info_table import read_info_lines
from noticeparse.extract.numerals import cn_to_int
from noticeparse.records import DateMention, Header, NoticeMeta
from noticeparse.rules import RuleSet, compiled

YMD_PATTERN = r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"  # a header date, Y-M-D
_YMD = regex.compile(YMD_PATTERN)
_HAN_GAP = regex.compile(r"(?<=\p{Han})[ \u3000]+(?=\p{Han})")
_SENTENCE_END = "。\n"


def parse_ymd(value: str | None) -> date | None:
    """Read a header date such as 2022-05-20 or 2023年01月06日 (the one reader of header dates).

    >>> parse_ymd("2022-05-20 16:19"), parse_ymd("发布时间： 2023年1月6日 20:00"), parse_ymd("今天")
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
    """The headline: the first line, or the first lines joined when the title is broken over them.

    A decree page (中华人民共和国国务院令 / 第707号 / 现公布《X》) is titled by the regulation it
    publishes, never by the decree's heading.
    """
    data = rules["metadata"].data
    lines = [line.strip() for line in text.lstrip().split("\n")[: int(data["headline_lines"]) + 2]]
    decree = rules["metadata"].rule("meta.decree").regex.search("\n".join(lines[:6]))
    if decree:
        return str(decree.group("title"))
    first = lines[0] if lines else ""
    if not first or len(first) > int(data["title_max"]) or first.endswith(tuple(data["title_not_ending"])):
        return None
    return _joined_headline(lines, data) or first


def _joined_headline(lines: list[str], data: Mapping[str, Any]) -> str | None:
    """Lines joined into one title when only their join ends like a title (…的意见, …的通知)."""
    ending = compiled(data["title_ending"])
    if ending.search(_unspaced(lines[0])):
        return None
    joined = ""
    for line in lines[: int(data["headline_lines"])]:
        if not line or len(line) > int(data["headline_line_max"]) or line.endswith(tuple(data["title_not_ending"])):
            return None
        joined += _unspaced(line)
        if len(joined) > int(data["title_max"]):
            return None
        if ending.search(joined):
            return joined
    return None


def _unspaced(line: str) -> str:
    """国 家 粮 食 应 急 预 案 → 国家粮食应急预案 (spaced-out headline characters)."""
    return str(_HAN_GAP.sub("", line))


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


def _head(text: str, rules: RuleSet, dates: Sequence[DateMention]) -> tuple[str | None, date | None]:
    """The issuer and day a report or speech gives under its title: the speaker's line and the dateline.

    ``——2022年12月28日在…会议上`` or ``（2022年2月28日）`` gives the day (its value read by the date
    rules: a day-precision date inside the line's ``date`` group); ``市审计局局长 李明`` the issuer.
    """
    metadata = rules["metadata"]
    head = text[: _lines_end(text, int(metadata.data["head_lines"]))]
    when = None
    for rule_id in ("meta.dateline", "meta.speech_date"):
        match = metadata.rule(rule_id).regex.search(head)
        if match:
            start, end = match.span("date")
            when = next((d.date_start for d in dates
                         if start <= d.start and d.end <= end and d.precision == "day" and d.date_end is None), None)
        if when is not None:
            break
    speaker = metadata.rule("meta.speaker").regex.search(head)
    return (str(speaker.group("issuer")) if speaker else None), when


def _lines_end(text: str, count: int) -> int:
    """The offset where the first ``count`` non-blank lines of ``text`` end.

    >>> _lines_end("a\\n\\nb\\nc", 2)
    4
    """
    seen, offset = 0, 0
    for line in text.split("\n"):
        offset += len(line) + 1
        seen += bool(line.strip())
        if seen >= count:
            return min(offset - 1, len(text))
    return len(text)


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
    rectified = rules["metadata"].rule("meta.rectified").regex.search(text)
    found["rectified"] = _int(rectified.group("done")) if rectified else None
    rate = rules["metadata"].rule("meta.completion_rate").regex.search(text)
    found["completion_rate"] = float(rate.group("rate")) if rate else None
    return found


def extract_metadata(
    text: str, rules: RuleSet, *, dates: Sequence[DateMention], header: Header | None = None
) -> NoticeMeta:
    """Collect a notice's metadata from its text, its dates and its header fields.

    Header fields (the page's 信息公开 table, meta tags, visible header line; ``sites.pick_header``
    chose among them) win over what the text says: the table's 发文机关 is the issuer, its 标题 the title.
    In the text, the closing signature (issuer line, date line) wins over the head of a report or
    speech (the speaker's line and the dateline under the title: ``rules/metadata.yaml``
    meta.speaker, meta.dateline).
    """
    header = header or Header()
    issuer, signed = _signature(text, rules, dates)
    speaker, dateline = _head(text, rules, dates)
    return NoticeMeta(
        title=header.get("title") or _title(_without_table_lines(text, rules), rules),
        publish_date=parse_ymd(header.get("publish_date")),
        source_label=header.get("source_label"),
        issuer=header.get("issuer") or issuer or speaker,
        signed_date=signed or dateline,
        **_inspection(text, rules, dates),  # type: ignore[arg-type]
        **_table_meta(header),
    )


def _without_table_lines(text: str, rules: RuleSet) -> str:
    """The text without the lines of a 信息公开 table saved as text (索引号: … 公开方式: …)."""
    _fields, numbers = read_info_lines(text, rules)
    if not numbers:
        return text
    return "\n".join(line for number, line in enumerate(text.split("\n")) if number not in numbers)


# header fields that metadata reads itself (the title and issuer fall back on the text)
_READ_HERE = frozenset({"title", "publish_date", "source_label", "issuer"})


@functools.cache
def _header_meta_fields() -> tuple[tuple[str, bool], ...]:
    """``(name, is a date)`` of every field both ``Header`` and ``NoticeMeta`` have, read as it is."""
    hints = typing.get_type_hints(NoticeMeta)
    header = {f.name for f in dataclasses.fields(Header)}
    return tuple((f.name, date in typing.get_args(hints[f.name])) for f in dataclasses.fields(NoticeMeta)
                 if f.name in header and f.name not in _READ_HERE)


def _table_meta(header: Header) -> dict[str, Any]:
    """Every other header field ``NoticeMeta`` has (the 信息公开 table's), dates read as dates."""
    return {name: parse_ymd(header.get(name)) if is_date else header.get(name)
            for name, is_date in _header_meta_fields()}
