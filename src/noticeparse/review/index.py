"""The report's index: every notice, sortable, searchable and filterable, with charts; offline.

One compact entry per notice is gathered while the report streams (``IndexRows.add``);
the page holds them in a data block (gzipped JSON in base64, as a notice page's, see
``page_data``) and ``static/index.js`` shows them a page of ``PAGE_ROWS`` at a time:
search over title and issuer, sort by any column (date, newest first, by default),
filters by kind, year and issuer. The first page is in the HTML too, so the index reads
without JavaScript and shows its first rows before the data is read.

An entry is small (issue 16: 100,000 notices): the kind and the issuer are indexes into
the block's ``kinds`` and ``issuers`` lists, the date is the number ``20230501`` (0: none),
the year is the date's, the page a flag (1: its name is ``notice-<id>.html``) or, for an id
that cannot name a file, the page's hashed name (``report.page_name``), the source
kept only as the title of the link to the page the notice came from, and the empty
values that end an entry are left out. The report holds each entry as its JSON text in
UTF-8 (about 250 bytes), and as the date comes first, sorting those texts sorts the
entries by date, then id.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import TextIO

from noticeparse.review.html import cell, page, table_html
from noticeparse.review.marks import CASE_TABLES
from noticeparse.store import Row, atomic_path, format_yuan

__all__ = ["PAGE_ROWS", "SHOWN", "IndexRows", "case_words", "notice_label", "write_index"]

PAGE_ROWS = 100
# the columns the table shows (fits 1280 px); the CSV export has every data column
SHOWN = ["notice", "kind", "issuer", "published", "findings", "cases", "recovered", "errors"]
_CHUNK = 2000  # entries encoded at a time while the index is written
_SLOT = "<!--index-data-->"  # where the data block goes, written in chunks
# an entry's sums, by short key: money and land by role, topics, penalties, amounts left out by reason
_SUMS = {"money": "m", "land": "l", "topics": "t", "penalties": "p", "left_out": "x"}


class IndexRows:
    """One entry per notice, in the order the columns of the index come."""

    def __init__(self, counted: Sequence[str]) -> None:
        self.counted = list(counted)
        self.entries: list[bytes] = []  # JSON arrays, UTF-8: a third of the memory of lists
        self.kinds: Counter[str] = Counter()
        self.years: Counter[str] = Counter()
        self.issuers: Counter[str] = Counter()
        self._codes: dict[str, dict[str, int]] = {"kinds": {}, "issuers": {}}

    def _code(self, table: str, value: str) -> int:
        codes = self._codes[table]
        return codes.setdefault(value, len(codes))

    def add(self, notice: Row, tables: Mapping[str, Sequence[Row]], page: str | None,
            sums: Mapping[str, Mapping[str, float]] | None = None) -> None:
        """Add a notice from its group's rows (``tables`` of this notice only) and its chart sums."""
        nid = notice["notice_id"]
        date = notice.get("publish_date") or notice.get("signed_date")
        kind, issuer = notice.get("kind") or "", notice.get("issuer") or notice.get("source_label") or ""
        url = notice.get("final_url") or notice.get("url") or ""
        url = url if str(url).lower().startswith(("http://", "https://")) else ""
        packed = {_SUMS[k]: {name: round(v, 2) for name, v in d.items()} for k, d in (sums or {}).items() if d}
        entry = [
            date.year * 10_000 + date.month * 100 + date.day if date is not None and hasattr(date, "year") else 0,
            nid, notice_label(notice),
            self._code("kinds", kind), self._code("issuers", issuer), notice.get("n_chars") or 0, sum(1 for r in tables.get("outline", []) if r.get("is_finding")),
            *(len(tables.get(t, [])) for t in self.counted), _page_flag(nid, page),
            ", ".join(str(e.get("code")) for e in tables.get("errors", [])),
            packed or "", case_words(tables),
            url, (notice.get("source") or "") if url else "",  # the source: the link's title
        ]
        while entry[-1] == "":
            entry.pop()
        self.entries.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=str).encode())
        self.kinds[kind or "?"] += 1
        self.years[str(date.year) if date is not None and hasattr(date, "year") else "?"] += 1
        if issuer:
            self.issuers[issuer] += 1

    @property
    def columns(self) -> list[str]:
        """The data columns, as ``index.js`` reads them (``cols`` in the data block)."""
        return ["date", "id", "title", "kind", "issuer", "chars", "findings", *self.counted,
                "page", "errors", "sums", "who", "url", "source"]

    def names(self, table: str) -> list[str]:
        """The kinds or issuers, in the order their codes count."""
        return list(self._codes[table])


def notice_label(notice: Row) -> str:
    """What a notice is called where it is linked: its title, else its URL, else its file name.

    A raw store's file name is a 64-hex digest that tells a reader nothing: the URL is shown instead.

    >>> notice_label({"title": None, "url": "https://a.gov.cn/t.html", "source": "raw/a/2024/" + "e" * 64 + ".html"})
    'https://a.gov.cn/t.html'
    >>> notice_label({"title": None, "source": "in/关于整改的通报.txt"})
    '关于整改的通报.txt'
    """
    url = notice.get("final_url") or notice.get("url")
    name = PurePath(notice.get("source") or notice.get("notice_id") or "").name
    return str(notice.get("title") or url or name)


# the case tables' string columns that are not words of the case (ids, rules, the text, headings)
_NOT_WORDS = ("notice_id", "text", "heading", "kind", "attribution")


def case_words(tables: Mapping[str, Sequence[Row]]) -> str:
    """The persons, posts, organisations, violations and penalties of a notice's cases, for search.

    Generic over the registry: every string (or list of strings) column of ``cases`` and of the
    tables its records hold (``case_penalties``, ``case_violations`` …), but rule ids and texts.

    >>> case_words({"cases": [{"person": "张某", "post": "原局长", "rule_id": "case.x"}],
    ...             "case_penalties": [{"penalty": "党内严重警告", "text": "党内严重警告处分"}]})
    '张某 原局长 党内严重警告'
    """
    words: dict[str, None] = {}
    for name in CASE_TABLES:
        for row in tables.get(name, []):
            for column, value in row.items():
                if column in _NOT_WORDS or column.endswith("rule_id"):
                    continue
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str) and item:
                        words.setdefault(item)
    return " ".join(words)


def _page_flag(nid: str, page: str | None) -> int | str:
    """0: no page; 1: the page is ``notice-<id>.html``; else the page's own (hashed) name."""
    if not page:
        return 0
    return 1 if page == f"notice-{nid}.html" else page


def page_href(nid: str, flag: int | str) -> str:
    """The link to a notice's page from its entry's page flag.

    >>> page_href("ab12", 1), page_href("../x", "notice-h00ff.html")
    ('notice-ab12.html', 'notice-h00ff.html')
    """
    return flag if isinstance(flag, str) else f"notice-{nid}.html"


def iso_date(number: int) -> str:
    """An entry's date as ISO text.

    >>> iso_date(20230501), iso_date(0)
    ('2023-05-01', '')
    """
    return f"{number // 10_000:04d}-{number // 100 % 100:02d}-{number % 100:02d}" if number else ""


def _row_html(data: bytes, rows: IndexRows, kinds: list[str], issuers: list[str]) -> list[str]:
    at = {c: i for i, c in enumerate(rows.columns)}
    entry = json.loads(data)
    entry += [""] * (len(rows.columns) - len(entry))
    nid, title, url, sums = entry[at["id"]], entry[at["title"]], entry[at["url"]], entry[at["sums"]] or {}
    has_page = entry[at["page"]]
    name = f'<a href="{cell(page_href(nid, has_page))}">{cell(title)}</a>' if has_page else cell(title)
    if url:
        name += f' <a class="src" href="{cell(url)}" rel="noopener noreferrer" title="{cell(entry[at["source"]])}">source</a>'
    recovered = (sums.get("m") or {}).get("recovered")
    cases = entry[at["cases"]] if "cases" in at else ""
    return [name, cell(kinds[entry[at["kind"]]]), cell(issuers[entry[at["issuer"]]]),
            f'<span class="nowrap">{iso_date(entry[at["date"]])}</span>',
            f'<span class="num">{entry[at["findings"]]}</span>', f'<span class="num">{cases}</span>',
            f'<span class="num">{format_yuan(recovered) if recovered else ""}</span>',
            f'<span class="errors">{cell(entry[at["errors"]])}</span>']


def _options(name: str, counts: Counter[str], limit: int = 2000) -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit] if name == "issuer" \
        else sorted(counts.items(), reverse=name == "year")
    opts = "".join(f'<option value="{cell(k)}">{cell(k if k != "?" else name + " unknown")} ({v})</option>'
                   for k, v in items)
    return (f'<label>{name} <select data-filter="{name}"><option value="">all</option>{opts}</select></label>')


def _write_data_block(out: TextIO, rows: IndexRows, extra: Mapping[str, object]) -> None:
    """The entries as gzipped JSON in base64, encoded a chunk at a time (never the whole JSON at once)."""
    head = json.dumps({"cols": rows.columns, "page": PAGE_ROWS, "kinds": rows.names("kinds"),
                       "issuers": rows.names("issuers"), **extra}, ensure_ascii=False, separators=(",", ":"))
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip stream, as DecompressionStream("gzip") reads
    pending = b""

    def emit(data: bytes, final: bool = False) -> None:
        nonlocal pending
        pending += data
        cut = len(pending) if final else len(pending) - len(pending) % 3  # whole base64 groups until the end
        out.write(base64.b64encode(pending[:cut]).decode("ascii"))
        pending = pending[cut:]

    out.write('<script type="application/gzip" id="index-data">')
    emit(packer.compress(f'{head[:-1]},"rows":['.encode()))
    for start in range(0, len(rows.entries), _CHUNK):
        emit(packer.compress(("," if start else "").encode() + b",".join(rows.entries[start:start + _CHUNK])))
    emit(packer.compress(b"]}") + packer.flush(), final=True)
    out.write("</script>")


def write_index(path: Path, rows: IndexRows, header: str, failed_html: str, charts_html: str,
                extra: Mapping[str, object] | None = None) -> None:
    """Write the index page: filters, charts, the first page of notices (newest first), failed inputs.

    ``extra`` goes into the data block's head for ``index.js`` (the charts' captions and
    colours, the number of text shards for the full-text search).
    """
    rows.entries.sort(reverse=True)  # by date (8 digits, or 0: last), then id: newest first
    kinds, issuers = rows.names("kinds"), rows.names("issuers")
    first = [_row_html(e, rows, kinds, issuers) for e in rows.entries[:PAGE_ROWS]]
    pages = max(1, -(-len(rows.entries) // PAGE_ROWS))
    tools = (
        '<form class="filters" role="search">'
        '<label>search <input type="search" data-filter="q" size="34" '
        'placeholder="title, issuer, person, penalty or any word of the text"></label>'
        f'{_options("kind", rows.kinds)}{_options("year", rows.years)}{_options("issuer", rows.issuers)}'
        '<span id="search-info" class="muted" aria-live="polite"></span></form>'
    )
    pager = (
        f'<p class="pager"><button type="button" data-page="prev">‹ prev</button> '
        f'<span id="page-info">page 1 of {pages} · {len(rows.entries)} notices</span> '
        '<button type="button" data-page="next">next ›</button> '
        '<button type="button" id="export-csv">export CSV of these notices</button></p>'
    )
    table = table_html(SHOWN, first, classes="grid index")  # index.js makes the headers sort
    body = (f"{header}<main>{tools}<h2>Charts</h2>{charts_html}<h2>Notices</h2>{pager}"
            f'<div class="wide" id="index-table">{table}</div>'
            f"<h2>Inputs that failed</h2>{failed_html}</main>{_SLOT}")
    # every value above went through escape: no "<" of the data can make a second slot
    before, _slot, after = page("noticeparse review", body, lang="en", scripts=("report.js", "index.js")).partition(_SLOT)
    with atomic_path(Path(path), durable=False) as tmp, open(tmp, "w", encoding="utf-8") as out:
        out.write(before)
        _write_data_block(out, rows, extra or {})
        out.write(after)
