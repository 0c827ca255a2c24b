"""The report's rounds: a page per inspection round with a timeline per unit, and the index's rounds view.

Reads the tables ``noticeparse link`` wrote (``rounds``, ``round_units``, ``round_timeline``,
``round_notices``); an output that was never linked has no rounds view. A round's page lists its
notices by stage and, for each inspected unit, its timeline (entry → feedback → progress → final:
each notice with its date and the days since the unit's feedback), the problems it stated, the
findings extracted from its latest report, how many it says were rectified and the completion rate.
Page names come from a hash of the round key, never from the data itself.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from noticeparse.review.html import cell, page, table_html
from noticeparse.store import Row, atomic_write_text, find_tables, read_arrow

__all__ = ["round_page_name", "write_rounds"]

_STAGES = ("entry", "feedback", "lookback", "progress", "final", "mention")
_STAGE_ZH = {"entry": "进驻", "feedback": "反馈", "lookback": "回头看", "progress": "整改进展", "final": "整改完成",
             "mention": "提及"}


def round_page_name(key: str) -> str:
    """The file name of a round's page: a hash of its key (keys hold ``/`` and any character).

    >>> round_page_name("东莞市委/十四届/14")
    'round-cfe9995c102ee4d4.html'
    """
    return f"round-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.html"


def write_rounds(parsed: Path, outdir: Path, notice_pages: set[str]) -> str:
    """Write a page per round into ``outdir``; return the index's rounds section (empty when not linked)."""
    paths = find_tables(Path(parsed))
    if "rounds" not in paths:
        return ""
    rounds = read_arrow(paths["rounds"]).to_pylist()
    units = _grouped(read_arrow(paths["round_units"]).to_pylist() if "round_units" in paths else [])
    timeline = _grouped(read_arrow(paths["round_timeline"]).to_pylist() if "round_timeline" in paths else [])
    titles = {r["notice_id"]: r["title"] for r in read_arrow(paths["round_notices"]).to_pylist()} \
        if "round_notices" in paths else {}
    for row in rounds:
        order = {unit: i for i, unit in enumerate(row["units"])}  # units in the order the round names them
        mine = sorted(units.get(row["key"], []), key=lambda u: order.get(u["unit_id"], len(order)))
        body = _round_body(row, mine, timeline.get(row["key"], []), titles, notice_pages)
        atomic_write_text(Path(outdir) / round_page_name(row["key"]), page(f"巡察轮次 {row['key']}", body),
                          durable=False)
    return _index_section(rounds)


def _grouped(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[row["key"]].append(row)
    return out


def _notice(notice_id: str | None, titles: dict[str, Any], pages: set[str]) -> str:
    """A link to a notice's page (its title as the text) when the report has it, else its title."""
    if not notice_id:
        return ""
    label = cell(titles.get(notice_id) or notice_id)
    name = f"notice-{notice_id}.html"
    return f'<a href="{cell(name)}">{label}</a>' if name in pages else label


def _round_body(row: Row, units: list[Row], timeline: list[Row], titles: dict[str, Any], pages: set[str]) -> str:
    facts = [("body", row["body"]), ("term", row["term"]), ("round", row["round"]), ("回头看", row["lookback"]),
             ("period", f"{row['period_start'] or ''} – {row['period_end'] or ''}"), ("units", row["n_units"]),
             ("notices", row["n_notices"])]
    stages = [[cell(_STAGE_ZH[s]), "<br>".join(_notice(n, titles, pages) for n in row[f"{s}_notices"])]
              for s in _STAGES if row.get(f"{s}_notices")]
    return (f'<header class="top"><h1>{cell(row["key"])}</h1><nav><a href="index.html">index</a></nav></header><main>'
            + table_html(["", ""], [[cell(k), cell(v)] for k, v in facts], classes="grid meta")
            + "<h2>Notices by stage</h2>" + table_html(["stage", "notices"], stages)
            + "<h2>Units over time</h2>" + _units_table(units, timeline, titles, pages) + "</main>")


def _units_table(units: list[Row], timeline: list[Row], titles: dict[str, Any], pages: set[str]) -> str:
    """One row per unit: its timeline (each notice with its date and days since feedback), then its figures."""
    steps: dict[str, list[Row]] = defaultdict(list)
    for step in timeline:
        steps[step["unit_id"]].append(step)
    rows = []
    for unit in units:
        path = " → ".join(
            f"{cell(_STAGE_ZH.get(s['stage'], s['stage']))} {_notice(s['notice_id'], titles, pages)} "
            f"{cell(s['notice_date'])}" + (f" ({s['days_from_feedback']:+d} d)" if s["days_from_feedback"] else "")
            for s in steps.get(unit["unit_id"], []))
        rows.append([cell(unit["unit"]), cell(unit["feedback_date"]), path, cell(unit["days_to_first_report"]),
                     cell(unit["stated_problems"]), cell(unit["findings_extracted"]), cell(unit["rectified"]),
                     cell(unit["completion_rate"])])
    return table_html(["unit", "feedback", "timeline (entry → feedback → progress → final)", "days to first report",
                       "problems stated", "findings extracted", "rectified", "completion %"], rows)


def _index_section(rounds: list[Row]) -> str:
    """The index's rounds view: one row per round, newest first, each linking its page."""
    ordered = sorted(rounds, key=lambda r: (str(r["last_date"] or ""), r["key"]), reverse=True)
    rows = [[f'<a href="{round_page_name(r["key"])}">{cell(r["key"])}</a>', cell(r["n_units"]),
             cell(len(r["progress_notices"]) + len(r["final_notices"])), cell(r["n_notices"]),
             cell(r["first_date"]), cell(r["last_date"])] for r in ordered]
    return "<h2>Rounds</h2>" + table_html(["round", "units", "unit reports", "notices", "first", "last"], rows)
