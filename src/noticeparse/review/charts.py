"""Charts of the report's index, drawn as inline SVG by this module (no library, no network).

Each notice's sums are computed once (``notice_sums``: money and land by role under the one
rule of ``store.totals``, findings per topic, penalties per type), kept in its index entry
so that ``static/index.js`` draws the same charts again over the notices a filter shows,
and added up here for the page as written (``Tally``). A money or land chart has one bar
per year and role, never a bar stacked across roles; a notice of no known year is in the
``year unknown`` bars, never left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from html import escape

from noticeparse.store import Row, amount_of, format_mu, format_yuan, left_out, role_label

__all__ = ["CHARTS", "ROLE_ORDER", "YEAR_UNKNOWN", "Tally", "bar_chart", "notice_sums", "role_colours"]

YEAR_UNKNOWN = "year unknown"
# roles in the order the bars and legends show them (the rest after, by name)
ROLE_ORDER = ("recovered", "fined", "involved", "completed", "planned", "budget", "total", "role unknown")
_PALETTE = ("#1a7f37", "#cf222e", "#bc4c00", "#0969da", "#8250df", "#b08800", "#1b7c83", "#6e7781")
# chart key → caption; money and land are by year and role, the others counts
CHARTS = {
    "money": "money by year and role (万元 / 亿元; each bar one role, roles never added up)",
    "land": "land by year and role (亩; each bar one role)",
    "topics": "findings per topic",
    "penalties": "penalties per type",
}
Sums = dict[str, dict[str, float]]


def notice_sums(tables: Mapping[str, Sequence[Row]]) -> Sums:
    """One notice's chart sums: yuan and 亩 by role (``store.totals``), findings per topic, penalties per type.

    >>> notice_sums({"quantities": [{"category": "money", "unit": "元", "value": 5e4, "role": None},
    ...                              {"category": "money", "unit": "元", "value": 1e4, "role": "recovered",
    ...                               "part_of": 3}]})["money"]
    {'role unknown': 50000.0}
    """
    sums: Sums = {key: {} for key in CHARTS}
    sums["left_out"] = {}
    for row in tables.get("quantities", []):
        found, reason = amount_of(row), left_out(row)
        if reason is not None:
            sums["left_out"][reason] = sums["left_out"].get(reason, 0) + 1
        if found is not None:
            measure, value = found
            role = role_label(row.get("role"))
            sums[measure][role] = sums[measure].get(role, 0.0) + value
    sums["topics"] = dict(Counter(str(t.get("topic")) for t in tables.get("topics", [])))
    sums["penalties"] = dict(Counter(str(p.get("penalty_type") or p.get("penalty"))
                                     for p in tables.get("case_penalties", [])))
    return sums


def role_colours(roles: Sequence[str]) -> dict[str, str]:
    """A colour per role, the same in every chart and in ``index.js`` (it reads this mapping).

    >>> role_colours(["role unknown", "recovered"])
    {'recovered': '#1a7f37', 'role unknown': '#6e7781'}
    """
    ordered = sorted(set(roles), key=_role_rank)
    return {role: _PALETTE[ROLE_ORDER.index(role) % len(_PALETTE)] if role in ROLE_ORDER
            else _PALETTE[(len(ROLE_ORDER) + i) % len(_PALETTE)] for i, role in enumerate(ordered)}


def _role_rank(role: str) -> tuple[int, str]:
    return (ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER), role)


class Tally:
    """The sums of every notice, by year: what the index's charts show before any filter."""

    def __init__(self) -> None:
        self.by_year: dict[str, Sums] = {}
        self.counts: dict[str, Counter[str]] = {"topics": Counter(), "penalties": Counter(), "left_out": Counter()}
        self.unknown_year = 0  # notices of no known year

    def add(self, year: int | None, sums: Sums) -> None:
        """Add one notice's sums under its year (``None``: year unknown)."""
        label = str(year) if year else YEAR_UNKNOWN
        self.unknown_year += label == YEAR_UNKNOWN
        mine = self.by_year.setdefault(label, {"money": {}, "land": {}})
        for measure in ("money", "land"):
            for role, value in sums.get(measure, {}).items():
                mine[measure][role] = mine[measure].get(role, 0.0) + value
        for key, counter in self.counts.items():
            counter.update(sums.get(key, {}))

    def roles(self) -> list[str]:
        """Every role with a sum, in legend order."""
        found = {role for sums in self.by_year.values() for m in ("money", "land") for role in sums[m]}
        return sorted(found, key=_role_rank)

    def charts(self) -> str:
        """The four charts as one HTML block (``index.js`` redraws them when a filter changes)."""
        colours = role_colours(self.roles())
        figures = {
            "money": bar_chart(self._by_year("money"), format_yuan, colours),
            "land": bar_chart(self._by_year("land"), format_mu, colours),
            **{key: bar_chart([(k, [("", float(v))]) for k, v in _most(self.counts[key])], _count)
               for key in ("topics", "penalties")},
        }
        return '<div class="charts">' + "".join(
            f'<figure class="chart" data-chart="{key}"><figcaption>{escape(CHARTS[key])}</figcaption>'
            f"{figures[key]}</figure>" for key in CHARTS) + "</div>" + self.left_out_note() + self.warning()

    def left_out_note(self) -> str:
        """What the money and land totals leave out, and why (``index.js`` rewrites it for a filter)."""
        return f'<p class="muted" id="left-out">{escape(left_out_text(self.counts["left_out"]))}</p>'

    def warning(self) -> str:
        """The line under the charts when notices have no year (they are in the ``year unknown`` bars)."""
        if not self.unknown_year:
            return '<p class="warning" id="year-warning" hidden></p>'
        return (f'<p class="warning" id="year-warning">warning: {self.unknown_year} notice(s) have no known '
                "year (no publication or signing date): their amounts are the “year unknown” bars; a query "
                "that filters or groups by pub_year leaves them out</p>")

    def _by_year(self, measure: str) -> list[tuple[str, list[tuple[str, float]]]]:
        years = sorted(self.by_year, key=lambda y: (y == YEAR_UNKNOWN, y))
        rows = [(y, sorted(self.by_year[y][measure].items(), key=lambda kv: _role_rank(kv[0]))) for y in years]
        return [(y, parts) for y, parts in rows if parts]


_REASONS = {"part": "parts of a larger amount (part_of)", "threshold": "thresholds (以上, 以下, 不超过 …)",
            "aggregate": "regional or national statistics (scope aggregate)",
            "currency": "amounts in other currencies (港元, 美元 …)"}


def left_out_text(counts: Mapping[str, int]) -> str:
    """The note under the charts: how many amounts the totals leave out, by reason.

    >>> left_out_text({"part": 3, "threshold": 1})
    'left out of the money and land totals: 3 parts of a larger amount (part_of), 1 thresholds (以上, 以下, 不超过 …)'
    >>> left_out_text({})
    'left out of the money and land totals: nothing (no parts, thresholds, aggregates or other currencies among these notices)'
    """
    found = [f"{counts[k]} {label}" for k, label in _REASONS.items() if counts.get(k)]
    none = "nothing (no parts, thresholds, aggregates or other currencies among these notices)"
    return "left out of the money and land totals: " + (", ".join(found) if found else none)


def _most(counter: Counter[str], limit: int = 15) -> list[tuple[str, int]]:
    """The largest counts, ties by name (as ``index.js`` orders them)."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _text_width(text: str) -> int:
    """Pixels of ``text`` at the charts' 11 px: wide (CJK) characters about 11, others about 6.5."""
    return int(sum(11 if ord(ch) > 0x2E80 else 6.5 for ch in text))


def bar_chart(rows: Sequence[tuple[str, Sequence[tuple[str, float]]]], fmt: Callable[[float], str] = _count,
              colours: Mapping[str, str] | None = None, width: int = 460) -> str:
    """Horizontal bars: a group per label, one bar per series, each bar's own value at its end.

    Bars are never stacked: a group's bars are separate totals (one role each), and the
    widest value text is measured so that no value is clipped.

    >>> svg = bar_chart([("2023", [("recovered", 2e4)]), ("2024", [("recovered", 4e8), ("involved", 1e4)])],
    ...                 fmt=lambda v: f"{v:g}", colours={"recovered": "#1a7f37", "involved": "#bc4c00"})
    >>> svg.startswith("<svg") and svg.count("<rect") == 3 + 2 and ">4e+08<" in svg and 'class="swatch"' in svg
    True
    """
    if not rows:
        return '<p class="muted">no data</p>'
    colours = colours or {}
    series = [name for name in colours if any(name == s for _, parts in rows for s, _ in parts)]
    top = max((v for _, parts in rows for _, v in parts), default=0.0) or 1.0
    label_w = max(40, *(_text_width(label[:16]) + 10 for label, _ in rows))
    value_w = max(_text_width(fmt(v)) for _, parts in rows for _, v in parts) + 8
    plot, bar_h, out, y = max(60, width - label_w - value_w), 13, [], 0
    for label, parts in rows:
        out.append(f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end">{escape(label[:16])}</text>')
        for name, value in parts:
            w = plot * max(value, 0.0) / top
            tip = f"{label} {name}: {fmt(value)}" if name else f"{label}: {fmt(value)}"
            out.append(f'<rect x="{label_w}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar_h}" '
                       f'fill="{colours.get(name, _PALETTE[3])}"><title>{escape(tip)}</title></rect>'
                       f'<text x="{label_w + w + 4:.1f}" y="{y + 11}">{escape(fmt(value))}</text>')
            y += bar_h + 2
        y += 6
    legend_y, x = y + 8, label_w
    for name in series:  # the legend: a swatch and the role, wrapped to the chart's width
        step = _text_width(name) + 28
        if x + step > width and x > label_w:
            legend_y, x = legend_y + 16, label_w
        out.append(f'<rect class="swatch" x="{x}" y="{legend_y - 9}" width="10" height="10" '
                   f'fill="{colours[name]}"></rect><text x="{x + 14}" y="{legend_y}">{escape(name)}</text>')
        x += step
    height = legend_y + 6 if series else y
    return (f'<svg role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-size="11">{"".join(out)}</svg>')
