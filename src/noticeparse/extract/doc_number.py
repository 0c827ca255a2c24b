"""Document numbers (发文字号): 滨海湾工委〔2021〕83号 → issuer, year, serial, canonical.

Rules: ``rules/doc_number.yaml``. Named groups read: issuer, year, serial, roc_year.
"""

from __future__ import annotations

from noticeparse.extract.common import best_matches
from noticeparse.records import DocNumber
from noticeparse.rules import RuleSet

_ROC_OFFSET = 1911


def _to_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def extract_doc_numbers(text: str, rules: RuleSet) -> list[DocNumber]:
    """Find document numbers in any bracket form.

    >>> from noticeparse.rules import load_rules
    >>> [d.canonical for d in extract_doc_numbers("见宁政发[2019]3号文", load_rules())]
    ['宁政发〔2019〕3号']
    """
    found = []
    templates = {str(k): str(v) for k, v in (rules["doc_number"].data.get("canonical") or {}).items()}
    for rule, match in best_matches(text, rules["doc_number"]):
        groups = match.groupdict()
        issuer = (groups.get("issuer") or "").strip()
        year = _to_int(groups.get("year"))
        if year is None and groups.get("roc_year"):
            year = int(groups["roc_year"]) + _ROC_OFFSET
        serial = _to_int(groups.get("serial"))
        template = templates.get(rule.id)
        if template and serial is not None:
            canonical = template.format(issuer=issuer, year=year, serial=serial)
        elif groups.get("year") and serial is not None:
            canonical = f"{issuer}〔{year}〕{serial}号"
        else:  # 字第…號 numbers and 6号令 have no bracketed year to put in 〔〕
            canonical = "".join(match.group(0).split()).replace("號", "号")
        found.append(
            DocNumber(
                text=match.group(0),
                start=match.start(),
                end=match.end(),
                issuer=issuer,
                year=year,
                serial=serial,
                canonical=canonical,
                rule_id=rule.id,
            )
        )
    return found
