"""The report's index: every notice, sortable, searchable and filterable, with charts; offline.

One compact entry per notice is gathered while the report streams (``IndexRows.add``);
the page holds them as JSON in a ``<script type="application/json">`` data block (never
run, so the page's CSP admits it) and ``static/index.js`` shows them a page of
``PAGE_ROWS`` at a time: search over title and issuer, sort by any column (date, newest
first, by default), filters by kind, year and issuer. The first page is in the HTML too,
so the index reads without JavaScript.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from noticeparse.review.html import cell, page, table_html
from noticeparse.store import Row

__all__ = ["PAGE_ROWS", "IndexRows", "index_html"]

PAGE_ROWS = 100
_FIXED = ["notice", "kind", "issuer", "published", "chars", "findings"]


class IndexRows:
    """One entry per notice, in the order the columns of the index come."""

    def __init__(self, counted: Sequence[str]) -> None:
        self.counted = list(counted)
        self.entries: list[list[Any]] = []
        self.kinds: Counter[str] = Counter()
        self.years: Counter[str] = Counter()
        self.issuers: Counter[str] = Counter()

    def add(self, notice: Row, tables: Mapping[str, Sequence[Row]], page: str | None) -> None:
        """Add a notice from its group's rows (``tables`` of this notice only)."""
        nid = notice["notice_id"]
        date = notice.get("publish_date") or notice.get("signed_date")
        kind, issuer = notice.get("kind") or "", notice.get("issuer") or notice.get("source_label") or ""
        year = str(notice.get("pub_year") or "")
        url = notice.get("final_url") or notice.get("url") or ""
        self.entries.append([
            nid, notice.get("title") or PurePath(notice.get("source") or nid).name, kind, issuer,
            date.isoformat() if date is not None and hasattr(date, "isoformat") else "", year, notice.get("n_chars") or 0,
            sum(1 for r in tables.get("outline", []) if r.get("is_finding")),
            *(len(tables.get(t, [])) for t in self.counted),
            ", ".join(str(e.get("code")) for e in tables.get("errors", [])),
            page or "", notice.get("source") or "",
            url if str(url).lower().startswith(("http://", "https://")) else "",
        ])
        self.kinds[kind or "?"] += 1
        self.years[year or "?"] += 1
        if issuer:
            self.issuers[issuer] += 1

    @property
    def columns(self) -> list[str]:
        """The data columns, as ``index.js`` reads them (``cols`` in the data block)."""
        return ["id", "title", "kind", "issuer", "date", "year", "chars", "findings", *self.counted,
                "errors", "page", "source", "url"]


def _row_html(entry: Sequence[Any], counted: int) -> list[str]:
    nid, title, kind, issuer, date, _year, chars, findings = entry[:8]
    errors, page_file, source, url = entry[8 + counted:]
    name = f'<a href="{cell(page_file)}">{cell(title)}</a>' if page_file else cell(title)
    if url:
        name += f' <a class="src" href="{cell(url)}" rel="noopener noreferrer" title="{cell(source)}">source</a>'
    del nid
    return [name, cell(kind), cell(issuer), f'<span class="nowrap">{cell(date)}</span>',
            f'<span class="num">{chars}</span>', f'<span class="num">{findings}</span>',
            *(f'<span class="num">{n}</span>' for n in entry[8:8 + counted]),
            f'<span class="errors">{cell(errors)}</span>']


def _options(name: str, counts: Counter[str], limit: int = 2000) -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit] if name == "issuer" \
        else sorted(counts.items(), reverse=name == "year")
    opts = "".join(f'<option value="{cell(k)}">{cell(k)} ({v})</option>' for k, v in items)
    return (f'<label>{name} <select data-filter="{name}"><option value="">all</option>{opts}</select></label>')


def _data_block(rows: IndexRows) -> str:
    data = json.dumps({"cols": rows.columns, "rows": rows.entries, "page": PAGE_ROWS}, ensure_ascii=False,
                      separators=(",", ":"), default=str)
    # inside <script>, "</" would end the block: JSON allows \u003c for "<"
    data = data.replace("<", "\\u003c")
    return f'<script type="application/json" id="index-data">{data}</script>'


def index_html(rows: IndexRows, header: str, failed_html: str, charts_html: str) -> str:
    """The index page: filters, the first page of notices (newest first), charts, failed inputs."""
    rows.entries.sort(key=lambda e: (e[4] or "", e[0]), reverse=True)  # newest first; undated last
    counted = len(rows.counted)
    head = [*_FIXED, *rows.counted, "errors"]
    first = [_row_html(e, counted) for e in rows.entries[:PAGE_ROWS]]
    pages = max(1, -(-len(rows.entries) // PAGE_ROWS))
    tools = (
        '<form class="filters" role="search">'
        '<label>search <input type="search" data-filter="q" placeholder="title or issuer"></label>'
        f'{_options("kind", rows.kinds)}{_options("year", rows.years)}{_options("issuer", rows.issuers)}'
        '</form>'
        f'<p class="pager"><button type="button" data-page="prev">‹ prev</button> '
        f'<span id="page-info">page 1 of {pages} · {len(rows.entries)} notices</span> '
        '<button type="button" data-page="next">next ›</button></p>'
    )
    table = table_html(head, first, classes="grid index")  # index.js makes the headers sort
    body = (f"{header}<main><h2>Charts</h2>{charts_html}<h2>Notices</h2>{tools}"
            f'<div class="wide" id="index-table">{table}</div>'
            f"<h2>Inputs that failed</h2>{failed_html}</main>{_data_block(rows)}")
    return page("noticeparse review", body, lang="en", scripts=("report.js", "index.js"))
