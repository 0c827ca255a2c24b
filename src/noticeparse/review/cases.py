"""The cases block of a notice's review page: one row per case, its persons each with their penalties.

Read from the ``cases``, ``case_persons``, ``case_violations`` and ``case_penalties`` rows of one
notice (``report.notice_page``). A person shows as written with the post before the name
(``原`` kept) and, under it, the penalties given to that person; a unit is marked as one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from noticeparse.review.html import cell, table_html
from noticeparse.store import Row

_COLUMNS = ["#", "case", "persons and penalties", "violations", "period", "involved (元)", "recovered (元)"]


def cases_block(cases: Sequence[Row], tables: Mapping[str, Sequence[Row]]) -> str:
    """A table of the cases (empty text when the notice has none).

    ``tables`` holds the notice's ``case_persons``, ``case_violations`` and ``case_penalties`` rows.
    """
    if not cases:
        return ""
    persons, violations = tables.get("case_persons", []), tables.get("case_violations", [])
    penalties = tables.get("case_penalties", [])
    rows = []
    for case in sorted(cases, key=lambda r: r["case_id"]):
        cid = case["case_id"]
        kinds = sorted({v["violation"] for v in violations if v["case_id"] == cid})
        held = [p for p in persons if p["case_id"] == cid]
        people = "".join(_person_item(p, [x for x in penalties if x["person_id"] == p["person_id"]]) for p in held)
        period = " – ".join(cell(case.get(k)) for k in ("period_start", "period_end") if case.get(k))
        rows.append([
            cell(case.get("ordinal")),
            cell(case.get("heading") or f"[{case['char_start']},{case['char_end']})"),
            f'<ul class="plain">{people}</ul>' if held else "",
            cell("、".join(kinds)),
            period,
            cell(case.get("amount_involved")),
            cell(case.get("amount_recovered")),
        ])
    return f"<h2>Cases</h2>{table_html(_COLUMNS, rows)}"


def _person_item(person: Row, given: Sequence[Row]) -> str:
    """One person: post and name (a unit marked so), then the penalties given to them."""
    post = f'<span class="muted">{cell(person.get("post"))}</span>' if person.get("post") else ""
    unit = ' <span class="muted">(unit)</span>' if person.get("kind") == "unit" else ""
    penalty_list = "、".join(
        f"{cell(p['penalty'])} <span class=\"muted\">{cell(p['penalty_type'])}"
        f"{' ' + cell(p['penalty_date']) if p.get('penalty_date') else ''}</span>" for p in given)
    return f"<li>{post}<b>{cell(person['name'])}</b>{unit}: {penalty_list}</li>"
