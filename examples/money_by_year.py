"""Money named in the notices, by publication year and role: a table and a chart you can publish.

Run it after ``make run`` (which parses raw/samples into parsed/ and installs pandas and
matplotlib)::

    .venv/bin/python examples/money_by_year.py parsed money_by_year.png

Every total is the sum of one role (recovered, involved, fined, completed …), never of
several: ``run.amounts()`` gives the quantities that may be summed (money in yuan; no
part of another amount, no threshold such as 3000万元以上, no regional or national
aggregate where the output has a ``scope`` column) with a null role as ``role unknown``.
Notices of no known year are a ``year unknown`` row, and the script says how many there are.
The largest amount of each role is printed with its sentence, so a total can be checked by eye.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed: the chart goes to a file
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter

import noticeparse
from noticeparse.store import format_yuan

YEAR_UNKNOWN = "year unknown"
# a font with Chinese characters for 万元/亿元, the first found (WenQuanYi: Debian's fonts-wqy-microhei)
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
              "SimHei", "Heiti SC")


def money_by_year_and_role(run: noticeparse.store.Frames) -> tuple:
    """The money amounts (yuan) and their sums by year and role (rows: years, columns: roles)."""
    money = run.amounts().query("measure == 'money'").copy()
    money["year"] = money["pub_year"].astype("string").fillna(YEAR_UNKNOWN)
    table = money.pivot_table(index="year", columns="role", values="amount", aggfunc="sum", fill_value=0.0)
    known = sorted(y for y in table.index if y != YEAR_UNKNOWN)
    table = table.reindex(known + [y for y in table.index if y == YEAR_UNKNOWN])
    return money, table


def in_wan(table, money):
    """The table in 万元 as it is printed: a year with no amount of a role shows "–", never a sum of 0.0."""
    counts = money.pivot_table(index="year", columns="role", values="amount", aggfunc="count", fill_value=0)
    return (table / 10_000).round(1).astype(object).where(counts.reindex_like(table).fillna(0) > 0, "–")


def main(parsed: Path, chart: Path) -> int:
    try:
        run = noticeparse.read(parsed)
    except FileNotFoundError as exc:  # not an output folder: say so in one line
        print(f"error: {exc}", file=sys.stderr)
        return 1
    money, table = money_by_year_and_role(run)
    if money.empty:  # an output of errors only, or of notices that name no money: nothing to sum or draw
        print(f"no money amounts in {parsed} ({len(run.notices)} notices): no table, no chart")
        return 0
    print("money by publication year and role (万元; each column one role: never add columns up)")
    print(in_wan(table, money).to_string())
    unknown = money.loc[money["year"] == YEAR_UNKNOWN, "notice_id"].nunique()
    if unknown:
        print(f"\nwarning: {unknown} notice(s) have no publication or signing date: "
              f"their amounts are the “{YEAR_UNKNOWN}” row")
    for role, rows in money.groupby("role"):
        largest = rows.sort_values("amount", ascending=False).iloc[0]
        print(f"\nlargest {role}: {format_yuan(largest['amount'])} “{run.context(largest)}”")
    _draw(table, chart, len(run.notices))
    print(f"\nchart: {chart}")
    return 0


def _chinese_font() -> bool:
    """Use an installed Chinese font for 万元/亿元; False when there is none (the labels say 10k/100m yuan)."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = next((name for name in _CJK_FONTS if name in installed), None)
    if found is not None:
        plt.rcParams["font.sans-serif"] = [found, *plt.rcParams["font.sans-serif"]]
    return found is not None


def _draw(table, chart: Path, notices: int) -> None:
    """Grouped bars (one per role, never stacked), each labelled in 万元 or 亿元, with a legend."""
    chinese = _chinese_font()

    def label(value: float) -> str:  # never boxes for missing glyphs
        text = format_yuan(value)
        return text if chinese else text.replace("万元", " × 10k yuan").replace("亿元", " × 100m yuan")

    axes = table.plot.bar(figsize=(9, 5), width=0.8, rot=0)
    for bars in axes.containers:
        axes.bar_label(bars, labels=[label(v) if v else "" for v in bars.datavalues], fontsize=7,
                       padding=2, rotation=90)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: label(v)))
    axes.margins(y=0.35)  # room above the tallest bar for its label
    axes.set_xlabel("publication year")
    axes.set_ylabel("money (万元 / 亿元)" if chinese else "money (yuan)")
    axes.set_title(f"Money in {notices} notices, by year and role (no parts, no thresholds)")
    axes.legend(title="role", fontsize=8)
    plt.tight_layout()
    plt.savefig(chart, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: money_by_year.py PARSED_DIR CHART.png")
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
