"""Every number the README shows, recomputed (issue 26).

The tour's query results are printed in the README: each is run again on the samples' output and
must print exactly that, and the money table is also summed here by hand from quantities.parquet
(no part, no threshold, one role each), so the README cannot show a total the tables do not hold.
The pandas snippet is run and its sentence compared. The other analyst queries:
tests/test_readme_queries.py.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from noticeparse.store import run_query, summable_sql

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHOWN = re.compile(r'```sh\n\.venv/bin/noticeparse query "(.*?)"\n```\n\n```text\n(.*?)```', re.DOTALL)


@pytest.fixture(scope="module")
def parsed(parsed_samples: Path) -> Path:
    return parsed_samples


def test_the_tour_shows_query_results():
    assert len(SHOWN.findall(README)) >= 2


@pytest.mark.parametrize("sql, shown", SHOWN.findall(README), ids=lambda v: v[:40])
def test_a_shown_result_is_what_the_query_prints(parsed: Path, sql: str, shown: str):
    printed = io.StringIO()
    run_query(parsed, sql, printed, warn=io.StringIO())
    assert printed.getvalue() == shown


def test_the_money_table_is_the_sum_by_hand(parsed: Path):
    by_hand: dict[tuple[str, str], float] = defaultdict(float)
    count: dict[tuple[str, str], int] = defaultdict(int)
    for q in pq.read_table(parsed / "quantities.parquet").to_pylist():
        if q["category"] == "money" and q["unit"] == "元" and q["part_of"] is None and q["role"] != "threshold":
            key = (str(q["pub_year"]), q["role"] or "role unknown")
            by_hand[key] += q["value"]
            count[key] += 1
    shown = next(t for s, t in SHOWN.findall(README) if "measure = 'money'" in s)
    rows = [line.split("|") for line in shown.splitlines()[2:-1]]
    table = {(y.strip(), r.strip()): (float(w), int(n)) for y, r, w, n in rows}
    assert table == {key: (round(v / 1e4, 1), count[key]) for key, v in by_hand.items()}
    assert "12,076.9万元 recovered" in README and table[("2022", "recovered")][0] == 12076.9


def test_the_plain_duckdb_rule_is_the_rule_of_the_amounts_view(parsed: Path):
    shown = re.search(r"it is\s+`(WHERE [^`]+)`", README)
    assert shown is not None
    assert shown.group(1) == "WHERE " + summable_sql(pq.read_schema(parsed / "quantities.parquet").names)


def test_the_pandas_snippet_prints_the_sentence_shown(parsed: Path):
    block = README[README.index("```python\nimport noticeparse"):]
    code = block[len("```python\n"):block.index("```", 10)].replace('"parsed"', repr(str(parsed)))
    lines = code.splitlines()
    namespace: dict[str, object] = {}
    exec("\n".join(lines[:-1]), namespace)  # noqa: S102 - the README's own snippet, as a reader runs it
    last = lines[-1]
    expression, shown = last.split("  # ")
    got = eval(expression, namespace)
    head, _, tail = shown.strip("'").partition("…")
    assert got.startswith(head) and got.endswith(tail)


def test_case_amounts_are_the_sums_by_hand(parsed: Path):
    """cases.amount_* (shown in the tour and the report) = the case's quantities of that role, by hand."""
    quantities = pq.read_table(parsed / "quantities.parquet").to_pylist()
    persons = pq.read_table(parsed / "case_persons.parquet").to_pylist()
    by_name = {}
    for case in pq.read_table(parsed / "cases.parquet").to_pylist():
        for role in ("involved", "recovered", "fined"):
            inside = [q["value"] for q in quantities if q["notice_id"] == case["notice_id"]
                      and case["char_start"] <= q["char_start"] < case["char_end"] and q["role"] == role
                      and q["unit"] == "元" and q["part_of"] is None]
            assert case[f"amount_{role}"] == (sum(inside) if inside else None), (case["heading"], role)
        names = [p["name"] for p in persons if (p["notice_id"], p["case_id"]) == (case["notice_id"], case["case_id"])]
        by_name["、".join(names)] = case["amount_involved"]
    shown = next(t for s, t in SHOWN.findall(README) if "amount_involved" in s)
    rows = [line.split("|") for line in shown.splitlines()[2:-1]]
    assert {n.strip(): (float(i) if i.strip() else None) for n, i, _r in rows} == by_name
