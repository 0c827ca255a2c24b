"""Money named in the notices, by publication year and kind of notice: a table and a chart.

Run it after ``make run`` (which parses raw/samples into parsed/ and installs pandas and
matplotlib)::

    .venv/bin/python examples/money_by_year.py parsed money_by_year.png

It prints the sums (万元) and draws them as a bar chart into the PNG file. Every value
comes with its sentence (``run.context``), so a surprising total can be checked by eye.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed: the chart goes to a file
import matplotlib.pyplot as plt

import noticeparse


def main(parsed: Path, chart: Path) -> int:
    run = noticeparse.read(parsed)
    money = run.quantities[(run.quantities["category"] == "money") & (run.quantities["unit"] == "元")]
    money = money.merge(run.notices[["notice_id", "kind"]], on="notice_id", how="left")
    money["wan_yuan"] = money["value"] / 10_000
    table = money.pivot_table(index="pub_year", columns="kind", values="wan_yuan", aggfunc="sum", fill_value=0)
    print("money (万元) by publication year and kind of notice")
    print(table.round(1).to_string())
    if not money.empty:
        largest = money.sort_values("value", ascending=False).iloc[0]
        print(f"\nlargest: {largest['text']} in “{run.context(largest)}”")
    axes = table.plot.bar(stacked=True, figsize=(7, 4), legend=False)
    axes.set_xlabel("publication year")
    axes.set_ylabel("money named (10,000 yuan)")
    axes.set_title(f"Money in {len(run.notices)} notices, by year")
    plt.tight_layout()
    plt.savefig(chart, dpi=100)
    print(f"\nchart: {chart}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: money_by_year.py PARSED_DIR CHART.png")
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
