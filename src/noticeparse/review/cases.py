"""The cases block of a notice's review page: one row per case with its people, violations and penalties.

Read from the ``cases``, ``case_violations`` and ``case_penalties`` rows of one notice
(``report.notice_page``); each case links to its span in the highlighted text's outline node.
"""

from __future__ import annotations

from collections.abc import Sequence

from noticeparse.review.html import cell, table_html
from noticeparse.store import Row

_COLUMNS = ["#", "case", "person", "post", "organisation", "violations", "penalties", "period", "amount (元)"]


def cases_block(cases: Sequence[Row], violations: Sequence[Row], penalties: Sequence[Row]) -> str:
    """A table of the cases (empty text when the notice has none)."""
    if not cases:
        return ""
    rows = []
    for case in sorted(cases, key=lambda r: r["case_id"]):
        cid = case["case_id"]
        kinds = sorted({v["violation"] for v in violations if v["case_id"] == cid})
        given = [p for p in penalties if p["case_id"] == cid]
        penalty_list = "".join(
            f"<li>{cell(p['penalty'])} <span class=\"muted\">{cell(p['penalty_type'])}"
            f"{' ' + cell(p['penalty_date']) if p.get('penalty_date') else ''}</span></li>" for p in given
        )
        period = " – ".join(cell(case.get(k)) for k in ("period_start", "period_end") if case.get(k))
        rows.append([
            cell(case.get("ordinal")),
            cell(case.get("heading") or f"[{case['char_start']},{case['char_end']})"),
            cell(case.get("person")),
            cell(case.get("post")),
            cell(case.get("organisation")),
            cell("、".join(kinds)),
            f'<ul class="plain">{penalty_list}</ul>' if given else "",
            period,
            cell(case.get("amount_yuan")),
        ])
    return f"<h2>Cases</h2>{table_html(_COLUMNS, rows)}"
