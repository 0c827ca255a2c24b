"""Charts of the report's index, drawn as inline SVG by this module (no library, no network).

The sums are gathered while the report streams over the run (``Tally.add``), so a
chart costs a few counters per notice, never the rows themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape

from noticeparse.store import Row

__all__ = ["Tally", "bar_chart"]

_MU_PER_M2 = 1 / 666.6667  # 1 亩 = 666.67 m²: land in 亩 whatever unit it was written in
_PALETTE = ("#0969da", "#bc4c00", "#1a7f37", "#8250df", "#cf222e", "#6e7781", "#b08800", "#1b7c83")


class Tally:
    """Money and land by year and role, findings per topic, cases per penalty."""

    def __init__(self) -> None:
        self.money: dict[tuple[str, str], float] = {}  # (year, role) → 万元
        self.land: dict[tuple[str, str], float] = {}  # (year, role) → 亩
        self.topics: Counter[str] = Counter()
        self.penalties: Counter[str] = Counter()

    def add(self, tables: Mapping[str, Sequence[Row]]) -> None:
        """Count one group of notices' rows."""
        for q in tables.get("quantities", []):
            year = str(q.get("pub_year") or "?")
            role = str(q.get("role") or "all")  # the role column, where the run has one
            value = float(q.get("value") or 0.0)
            key = (year, role)
            if q.get("category") == "money" and q.get("unit") == "元":
                self.money[key] = self.money.get(key, 0.0) + value / 10_000
            elif q.get("category") == "area":
                self.land[key] = self.land.get(key, 0.0) + (value if q.get("unit") == "亩" else value * _MU_PER_M2)
        self.topics.update(str(t.get("topic")) for t in tables.get("topics", []))
        self.penalties.update(str(p.get("penalty_type") or p.get("penalty")) for p in tables.get("case_penalties", []))

    def charts(self) -> str:
        """The four charts as one HTML block."""
        parts = [
            ("money (万元) by year and role", _by_year(self.money)),
            ("land (亩) by year and role", _by_year(self.land)),
            ("findings per topic", [(k, [(k, float(v))]) for k, v in self.topics.most_common(15)]),
            ("cases per penalty", [(k, [(k, float(v))]) for k, v in self.penalties.most_common(15)]),
        ]
        return '<div class="charts">' + "".join(
            f'<figure class="chart"><figcaption>{escape(title)}</figcaption>{bar_chart(rows)}</figure>'
            for title, rows in parts
        ) + "</div>"


def _by_year(sums: dict[tuple[str, str], float]) -> list[tuple[str, list[tuple[str, float]]]]:
    years = sorted({year for year, _ in sums})
    return [(year, sorted((role, v) for (y, role), v in sums.items() if y == year)) for year in years]


def bar_chart(rows: Sequence[tuple[str, Sequence[tuple[str, float]]]], width: int = 420) -> str:
    """Horizontal stacked bars: one bar per label, one segment per series, values at the end.

    >>> svg = bar_chart([("2023", [("all", 2.0)]), ("2024", [("all", 4.0)])])
    >>> svg.startswith("<svg") and svg.count("<rect") == 2 and ">4<" in svg
    True
    """
    if not rows:
        return '<p class="muted">no data</p>'
    series = sorted({name for _, parts in rows for name, _ in parts})
    colour = {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(series)}
    top = max(sum(v for _, v in parts) for _, parts in rows) or 1.0
    label_w, bar_h, gap = 120, 16, 6
    plot = width - label_w - 60
    out = []
    for i, (label, parts) in enumerate(rows):
        y = i * (bar_h + gap)
        out.append(f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">{escape(label[:14])}</text>')
        x = float(label_w)
        for name, value in parts:
            w = plot * value / top
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar_h}" '
                       f'fill="{colour[name]}"><title>{escape(name)}: {value:,.6g}</title></rect>')
            x += w
        total = sum(v for _, v in parts)
        out.append(f'<text x="{x + 4:.1f}" y="{y + 12}">{total:,.6g}</text>')
    legend = "" if series == ["all"] or len(series) == len(rows) else "".join(
        f'<tspan fill="{colour[name]}">■ </tspan><tspan>{escape(name)}  </tspan>' for name in series)
    height = len(rows) * (bar_h + gap) + (20 if legend else 0)
    if legend:
        out.append(f'<text x="{label_w}" y="{height - 4}">{legend}</text>')
    return (f'<svg role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-size="11">{"".join(out)}</svg>')
