"""Every total the product shows, recomputed by hand from the Parquet rows (issue 26).

The rule (``store.totals``): money in yuan and land in 亩, summed within one role (a null role
is ``role unknown``), parts (``part_of``) and thresholds left out. Each surface that shows a
total — the ``amounts`` view of ``noticeparse query``, ``noticeparse.read(OUT).amounts()``,
the report's index and charts, ``examples/money_by_year.py`` — is compared here with sums
written out in plain Python over ``quantities.parquet``, never with the code under test.
"""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from html import unescape
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import noticeparse
from noticeparse.review.page_data import read_data_block
from noticeparse.review.report import write_report
from noticeparse.store import connect, format_mu, format_yuan

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"
Totals = dict[tuple[str, str, str], float]  # (measure, year, role) → yuan or 亩


@pytest.fixture(scope="module")
def parsed(parsed_samples: Path) -> Path:
    return parsed_samples


@pytest.fixture(scope="module")
def by_hand(parsed: Path) -> Totals:
    """The totals written out: no part, no threshold, one role each, 平方米 as 1/666.6667 亩."""
    totals: Totals = defaultdict(float)
    for q in pq.read_table(parsed / "quantities.parquet").to_pylist():
        if q["part_of"] is not None or q["role"] == "threshold" or q["value"] is None:
            continue
        year, role = str(q["pub_year"]) if q["pub_year"] else "year unknown", q["role"] or "role unknown"
        if q["category"] == "money" and q["unit"] == "元":
            totals[("money", year, role)] += q["value"]
        elif q["category"] == "area":
            totals[("land", year, role)] += q["value"] if q["unit"] == "亩" else q["value"] / 666.6667
    return dict(totals)


def _close(got: Totals, want: Totals) -> None:
    assert set(got) == set(want)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-9), key


def test_the_samples_have_totals_of_several_roles(by_hand: Totals):
    assert len({role for _m, _y, role in by_hand}) >= 3 and any(m == "land" for m, _y, _r in by_hand)


def test_amounts_view_of_query(parsed: Path, by_hand: Totals):
    rows = connect(parsed).execute(
        "SELECT measure, coalesce(CAST(pub_year AS VARCHAR), 'year unknown'), role, sum(amount) "
        "FROM amounts GROUP BY ALL").fetchall()
    _close({(m, y, r): v for m, y, r, v in rows}, by_hand)


def test_amounts_of_the_pandas_reader(parsed: Path, by_hand: Totals):
    frame = noticeparse.read(parsed).amounts()
    frame["year"] = frame["pub_year"].astype("string").fillna("year unknown")
    sums = frame.groupby(["measure", "year", "role"])["amount"].sum()
    _close({key: float(v) for key, v in sums.items()}, by_hand)


@pytest.fixture(scope="module")
def report(parsed: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    index, _pages = write_report(parsed, tmp_path_factory.mktemp("report"))
    return index.read_text(encoding="utf-8")


def test_report_index_entries_sum_to_the_totals(report: str, by_hand: Totals):
    data = read_data_block(report, "index-data")
    at = {c: i for i, c in enumerate(data["cols"])}
    got: Totals = defaultdict(float)
    for entry in data["rows"]:
        sums = entry[at["sums"]] if len(entry) > at["sums"] and entry[at["sums"]] else {}
        year = str(entry[at["date"]])[:4] if entry[at["date"]] else "year unknown"
        for key, measure in (("m", "money"), ("l", "land")):
            for role, value in sums.get(key, {}).items():
                got[(measure, year, role)] += value
    for key, value in by_hand.items():  # entries keep two decimals
        assert got[key] == pytest.approx(value, abs=0.01 * len(data["rows"])), key
    assert set(got) == set(by_hand)


def test_report_charts_show_each_total_once_in_wan_or_yi(report: str, by_hand: Totals):
    """Every bar of the money and land charts is one (year, role) total, as published: no e+09."""
    figures = dict(re.findall(r'<figure class="chart" data-chart="(\w+)">(.*?)</figure>', report, re.DOTALL))
    for measure, fmt in (("money", format_yuan), ("land", format_mu)):
        bars = {unescape(t) for t in re.findall(r"<title>(.*?)</title>", figures[measure])}
        want = {f"{year} {role}: {fmt(v)}" for (m, year, role), v in by_hand.items() if m == measure}
        assert bars == want
        assert "e+" not in figures[measure]
        assert all(f">{role}</text>" in figures[measure] for (m, _y, role) in by_hand if m == measure)  # legend


def _money_by_year() -> Any:
    """examples/money_by_year.py as a module."""
    pytest.importorskip("matplotlib", reason="matplotlib not installed (pip install -e '.[examples]')")
    spec = importlib.util.spec_from_file_location("money_by_year", ROOT / "examples" / "money_by_year.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    return example


def test_money_by_year_example_prints_the_totals(parsed: Path, by_hand: Totals):
    example = _money_by_year()
    _money, table = example.money_by_year_and_role(noticeparse.read(parsed))
    got = {("money", str(year), str(role)): float(v) for year, row in table.iterrows() for role, v in row.items() if v}
    _close(got, {k: v for k, v in by_hand.items() if k[0] == "money"})


def test_money_by_year_example_prints_no_zero_where_nothing_was_said(parsed: Path, by_hand: Totals):
    example = _money_by_year()
    money, table = example.money_by_year_and_role(noticeparse.read(parsed))
    printed = example.in_wan(table, money)
    cells = {(str(year), str(role)): v for year, row in printed.iterrows() for role, v in row.items()}
    assert "–" in cells.values()  # the samples have years without some roles
    for (year, role), shown in cells.items():
        want = by_hand.get(("money", year, role))
        assert shown == ("–" if want is None else round(want / 1e4, 1)), (year, role)


def test_report_says_what_the_totals_leave_out(parsed: Path, report: str):
    counts: dict[str, int] = defaultdict(int)
    for q in pq.read_table(parsed / "quantities.parquet").to_pylist():
        if q["category"] == "area" or (q["category"] == "money" and q["unit"] == "元"):
            if q["part_of"] is not None:
                counts["part"] += 1
            elif q["role"] == "threshold":
                counts["threshold"] += 1
    assert counts["part"] > 0  # the seed's 356亩 of 714亩 …
    note = re.search(r'<p class="muted" id="left-out">(.*?)</p>', report).group(1)
    assert f"{counts['part']} parts of a larger amount (part_of)" in unescape(note)
    assert ("thresholds" in note) == bool(counts["threshold"])


def test_report_says_money_in_other_currencies_is_left_out(tmp_path: Path):
    """港币 and 美元 are never added to yuan: the note under the charts counts them as left out."""
    from noticeparse.batch.run import parse_paths

    text = "某区纪委监委通报\n\n2023年5月10日\n\n某局原局长X某收受港币2960元、美元500元及人民币3万元。某公司追回资金120万元。\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "currencies.txt").write_text(text, encoding="utf-8")
    parse_paths([str(tmp_path / "in")], tmp_path / "out", progress=False)
    money = [q for q in pq.read_table(tmp_path / "out" / "quantities.parquet").to_pylist() if q["category"] == "money"]
    other = sum(1 for q in money if q["currency"] not in (None, "CNY"))
    assert other == 2 and len(money) == 4
    index, _pages = write_report(tmp_path / "out", tmp_path / "report")
    note = unescape(re.search(r'<p class="muted" id="left-out">(.*?)</p>', index.read_text(encoding="utf-8")).group(1))
    assert f"{other} amounts in other currencies" in note, note
    assert sorted(noticeparse.read(tmp_path / "out").amounts()["currency"]) == ["CNY", "CNY"]
