"""Site chrome (页面框架): strip whole head and footer lines, keep them recoverable.

Rules: ``rules/chrome.yaml``. Only whole lines are removed, only in the first
``head_lines`` and last ``tail_lines`` non-empty lines, so body text is never cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from noticeparse.records import ChromeLine
from noticeparse.rules import Rule, RuleSet

__all__ = ["StrippedText", "strip_chrome"]



@dataclass(frozen=True, slots=True)
class StrippedText:
    """The body text with chrome lines removed, the removed lines, and their fields."""

    text: str
    chrome: tuple[ChromeLine, ...]
    fields: dict[str, str] = field(default_factory=dict)
    runs: tuple[tuple[int, int, int], ...] = ()  # (text offset, input offset, length)


def _first_match(line: str, rules: list[Rule]) -> tuple[Rule, dict[str, str]] | None:
    for rule in rules:
        match = rule.regex.search(line)
        if match:
            return rule, {k: v for k, v in match.groupdict().items() if v}
    return None


def _head_chrome(
    lines: list[str], rules: list[Rule], limit: int, max_len: int
) -> dict[int, tuple[Rule, dict[str, str]]]:
    found: dict[int, tuple[Rule, dict[str, str]]] = {}
    seen_content = False
    non_empty = [i for i, line in enumerate(lines) if line.strip()][:limit]
    for i in non_empty:
        if len(lines[i]) > max_len:  # a longer line is body text, never a toolbar or site name
            break
        usable = [r for r in rules if r.id != "chrome.site_name" or not seen_content]
        hit = _first_match(lines[i], usable)
        if hit:
            found[i] = hit
        else:
            seen_content = True
    return found


def _tail_chrome(lines: list[str], rules: list[Rule], limit: int) -> dict[int, tuple[Rule, dict[str, str]]]:
    non_empty = [i for i, line in enumerate(lines) if line.strip()][-limit:]
    for pos, i in enumerate(non_empty):
        hit = _first_match(lines[i], rules)
        if hit:
            return {j: hit for j in non_empty[pos:]}
    return {}


def strip_chrome(text: str, rules: RuleSet) -> StrippedText:
    """Remove chrome lines from a normalised notice.

    >>> from noticeparse.rules import load_rules
    >>> page = "东莞纪检监察网\\n标题\\n来源:莞巡宣 发布日期: 2022-05-20 16:19\\n正文。\\n网站地图"
    >>> result = strip_chrome(page, load_rules())
    >>> result.text, result.fields["publish_date"], len(result.chrome)
    ('标题\\n正文。', '2022-05-20', 3)
    """
    chrome_file = rules["chrome"]
    by_id = {rule.id: rule for rule in chrome_file.rules}
    head_rules = [by_id[i] for i in chrome_file.data["head_rules"]]
    tail_rules = [by_id[i] for i in chrome_file.data["tail_rules"]]
    lines = text.split("\n")
    hits = _head_chrome(lines, head_rules, int(chrome_file.data["head_lines"]),
                        int(chrome_file.data["head_line_max"]))
    hits.update(_tail_chrome(lines, tail_rules, int(chrome_file.data["tail_lines"])))
    fields: dict[str, str] = {}
    for i in sorted(hits):
        for key, value in hits[i][1].items():
            fields.setdefault(key, value.strip())
    chrome = tuple(ChromeLine(i, lines[i], hits[i][0].id) for i in sorted(hits))
    return _join_kept(lines, set(hits), chrome, fields)


def _join_kept(
    lines: list[str], dropped: set[int], chrome: tuple[ChromeLine, ...], fields: dict[str, str]
) -> StrippedText:
    """Join the kept lines, trimmed, recording where each run of text came from."""
    runs: list[tuple[int, int, int]] = []
    parts: list[str] = []
    out = offset = 0
    for i, line in enumerate(lines):
        if i not in dropped:
            if parts:
                parts.append("\n")
                out += 1
            runs.append((out, offset, len(line)))
            parts.append(line)
            out += len(line)
        offset += len(line) + 1
    joined = "".join(parts)
    lead = len(joined) - len(joined.lstrip("\n "))
    text = joined.strip("\n ")
    shifted = []
    for out_start, in_start, length in runs:
        begin, end = max(out_start, lead), min(out_start + length, lead + len(text))
        if end > begin:
            shifted.append((begin - lead, in_start + begin - out_start, end - begin))
    return StrippedText(text, chrome, fields, tuple(shifted))
