"""Static HTML review pages of a parsed run: ``index.html`` plus one page per notice.

A notice page shows the stored text with every entity highlighted by type
(hover or focus shows its normalised value and rule id), the outline as a
foldable tree beside it, the metadata block, the findings with their measures
and quantities, and every table's rows. Pages need no server and fetch nothing;
they share one CSS and one JS file (``OUT/assets/``, written once).

A page stays small (a few bytes of markup per entity): each table's rows are in the
page once, in its JSON data block (``page_data``), from which ``static/report.js``
draws the tooltips and, when the reader opens them, the rows tables. A highlighted
element is ``<span class="ent k-<table>" data-e="<row index>">`` (a row split to nest
inside another has several elements, all but the first with ``data-part="cont"``);
the text and the outline read without JavaScript.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from noticeparse.fields import ENTITIES
from noticeparse.progress import Progress
from noticeparse.review.cases import cases_block
from noticeparse.review.charts import CHARTS, YEAR_UNKNOWN, Tally, notice_sums, role_colours
from noticeparse.review.html import (
    Mark,
    build_tree,
    cell,
    highlight,
    outline_tree,
    page,
    table_html,
    write_assets,
)
from noticeparse.review.index import IndexRows, notice_label, write_index
from noticeparse.review.marks import MENTIONS
from noticeparse.review.page_data import HIDDEN_COLUMNS, data_block, table_data
from noticeparse.review.rounds import write_rounds
from noticeparse.review.search import TextShards
from noticeparse.store import (
    LINK_TABLES,
    Row,
    atomic_write_text,
    count_notices,
    find_tables,
    group_by_notice,
    iter_notice_groups,
    plain_number,
    read_arrow,
)

# tables highlighted in the text, in legend order, with their Chinese names
ENTITY_KINDS = {item.table: item.entity.name_zh for item in ENTITIES if item.entity}
_TOOLTIPS = {item.table: item.entity.tooltip for item in ENTITIES if item.entity}
_META_SKIP = {"notice_id", "text", "chrome", "offset_runs"}
_SLUG = re.compile(r"[0-9a-f]{1,64}")  # ids a page may be named by: hex digits only (no "h": hashed names have it)
_MAX_ROWS = 500  # per table on a notice page, but for the tables it draws from (_WHOLE)
_WHOLE = {*(m.table for m in MENTIONS), "outline", "measures"}
# a thousand rows a notice (tokens) or a word count per finding (terms): in Parquet and
# `noticeparse query`, not in the pages, which stay small enough for 100,000 notices
_NOT_IN_PAGES = {"tokens", "terms"}
# no count column on the index: the tables across notices (the rounds view shows them) and the rows
# a round ref or a notice holds many of
_NOT_COUNTED = {*LINK_TABLES, "round_ref_units", "round_figures", "unit_mentions"}


_DIGEST = re.compile(r"[0-9a-f]{64}")


def page_name(notice_id: str) -> str:
    """The file name of a notice's page: never a path built from the data.

    An id that is a plain slug (what noticeparse writes: 16 hex digits) names the page;
    any other (``../``, ``/``, NUL, right-to-left marks, 300 characters: a crafted
    output) is replaced by a hash of it, so the page stays in the report folder.

    >>> page_name("245d9d671bfda290")
    'notice-245d9d671bfda290.html'
    >>> page_name("../../escape/pwned")
    'notice-h9c2fca629a9d2def86e8ac1867355dc1.html'
    """
    if _SLUG.fullmatch(notice_id):
        return f"notice-{notice_id}.html"
    digest = hashlib.blake2b(notice_id.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f"notice-h{digest}.html"


def describe(kind: str, row: Row) -> str:
    """The tooltip of one entity: what it normalises to (its registry tooltip lines), then its rule.

    >>> describe("quantities", {"text": "37.30亿元", "value": 3.73e9, "unit": "元", "category": "money",
    ...                         "rule_id": "quantity.main"})
    '数量 37.30亿元\\n= 3730000000 元 (money)\\nrule quantity.main'
    """
    head = f"{ENTITY_KINDS.get(kind, kind)} {row.get('text', '')}"
    entity = _TOOLTIPS.get(kind)
    if entity is not None:
        body = [line for line in (_tooltip_line(template, row) for template in entity) if line]
    else:
        body = [
            f"{k} {_plain(v)}"
            for k, v in row.items()
            if k not in HIDDEN_COLUMNS | {"rule_id"} and v is not None
        ]
    return "\n".join([head, *body, f"rule {row.get('rule_id')}"])


def _tooltip_line(template: str, row: Row) -> str:
    """One tooltip line; empty when the first field it names is empty, None or False."""
    names = [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]
    if names and row.get(names[0]) in (None, "", False):
        return ""
    return template.format_map({name: _plain(row.get(name)) for name in names})


def _number(value: Any) -> str:
    return "?" if value is None else plain_number(value)


def _plain(value: Any) -> str:
    """A value as plain text for a tooltip (escaped later, as an attribute)."""
    if value is None:
        return ""
    return (
        value.isoformat()
        if hasattr(value, "isoformat")
        else _number(value)
        if isinstance(value, float)
        else str(value)
    )


def entity_marks(tables: dict[str, list[Row]]) -> list[Mark]:
    """A mark per highlighted span of the notice (``marks.MENTIONS``): class ``ent k-<kind>``, ``data-e`` the row.

    >>> entity_marks({"dates": [{"char_start": 0, "char_end": 4}]})[0].attrs
    {'data-e': 0}
    >>> [m.attrs for m in entity_marks({"case_persons": [{"char_start": 5, "char_end": 7, "post_start": 0,
    ...                                                    "post_end": 5}]})]
    [{'data-e': 0}, {'data-e': 0, 'data-t': 'case_persons'}]
    """
    return [
        Mark(row[m.start], row[m.end], f"ent k-{m.kind}",
             {"data-e": index} if m.kind == m.table else {"data-e": index, "data-t": m.table})
        for m in MENTIONS
        for index, row in enumerate(tables.get(m.table, []))
        if row.get(m.start) is not None and row.get(m.end) is not None
    ]


def outline_marks(outline: Sequence[Row]) -> list[Mark]:
    """A mark on each outline marker (一、 (二) 3. 一是), the target of the tree's links."""
    return [
        Mark(r["marker_start"], r["marker_end"], "mk", {}, {"id": f"n-{r['node_id']}"})
        for r in outline
        if r.get("marker_start") is not None
    ]


def _outline_panel(outline: Sequence[Row]) -> str:
    if not outline:
        return '<nav class="outline" aria-label="outline"><p class="muted">no outline</p></nav>'
    roots = build_tree(
        outline,
        label=lambda r: f"{r['marker']}{r['heading']}",
        anchor=lambda r: f"n-{r['node_id']}",
        classes=lambda r: f"l{r['level']}" + (" f" if r.get("is_finding") else ""),
    )
    tools = (
        '<div class="tools"><button type="button" data-fold="open">expand all</button>'
        '<button type="button" data-fold="close">collapse all</button></div>'
    )
    return f'<nav class="outline" aria-label="outline">{tools}{outline_tree(roots)}</nav>'


def _legend(tables: dict[str, list[Row]]) -> str:
    """A checkbox per highlighted kind: every entity kind, the others when the notice has them."""
    items = []
    for m in MENTIONS:
        count = sum(1 for row in tables.get(m.table, []) if row.get(m.start) is not None)
        if m.entity or count:
            items.append(f'<li><label><input type="checkbox" checked data-kind="{m.kind}"> '
                         f'<span class="swatch k-{m.kind}"></span> {cell(m.label)} ({count})</label></li>')
    return f'<ul class="legend" aria-label="legend">{"".join(items)}</ul>'


def _metadata(notice: Row) -> str:
    pairs = [(k, v) for k, v in notice.items() if k not in _META_SKIP and v not in (None, "", [])]
    body = "".join(f"<dt>{cell(k)}</dt><dd>{cell(v)}</dd>" for k, v in pairs)
    chrome = notice.get("chrome") or []
    if chrome:
        rows = [(cell(c.get("line_no")), cell(c.get("text")), cell(c.get("rule_id"))) for c in chrome]
        body += (
            "<dt>chrome</dt><dd><details><summary>"
            f"{len(chrome)} lines removed as site chrome</summary>"
            f"{table_html(['line', 'text', 'rule'], rows)}</details></dd>"
        )
    return f'<dl class="meta">{body}</dl>'


def _findings(outline: Sequence[Row]) -> str:
    """The findings block: ``report.js`` draws its table from the outline and quantities rows."""
    if not any(r.get("is_finding") for r in outline):
        return '<p class="muted">no findings (关于“…”的问题, 针对…问题, 问题一：…, items under 存在的问题) in the outline</p>'
    count = sum(1 for r in outline if r.get("is_finding"))
    return (f'<div id="findings" data-count="{count}"><noscript><p class="muted">{count} findings, marked in the '
            "outline; their table needs JavaScript</p></noscript></div>")


def _rows_section(tables: dict[str, list[Row]], names: Sequence[str]) -> str:
    """A folded ``<details>`` per table; ``report.js`` draws its rows from the data block when opened."""
    items = "".join(
        f'<details class="rows" data-table="{cell(name)}"><summary>{cell(name)} ({len(tables[name])})</summary>'
        "</details>"
        for name in names
    )
    return f'<h2>Rows</h2><noscript><p class="muted">the rows tables need JavaScript</p></noscript>{items}'


def _page_data(text: str, tables: dict[str, list[Row]], names: Sequence[str]) -> dict[str, object]:
    """Every shown table's rows for the data block: ``_MAX_ROWS`` of a table, all of those the page draws from.

    The tooltips read the entity tables and the findings table the outline and quantities.
    """
    return {name: table_data(tables[name], text, None if name in _WHOLE else _MAX_ROWS) for name in names}


def page_link(notice: Row) -> str:
    """A link to the page a notice came from (final_url, else url), its URL the link text; else its name.

    Never the raw store's file name (a 64-hex digest): without a URL, the source's file name unless
    it is one (then nothing: the page's heading is the title).

    >>> page_link({"source": "raw/a.html", "final_url": "https://www.gov.cn/a.htm"})
    'source page: <a href="https://www.gov.cn/a.htm" rel="noopener noreferrer">https://www.gov.cn/a.htm</a>'
    >>> page_link({"source": "a.txt", "url": "javascript:alert(1)"})
    'file a.txt'
    """
    url = str(notice.get("final_url") or notice.get("url") or "")
    if url.lower().startswith(("http://", "https://")):  # never a javascript: or file: link
        return f'source page: <a href="{cell(url)}" rel="noopener noreferrer">{cell(url)}</a>'
    name = Path(notice.get("source") or "").name
    return f"file {cell(name)}" if name and not _DIGEST.fullmatch(Path(name).stem) else ""


def notice_page(notice: Row, tables: dict[str, list[Row]], provenance: dict[str, str]) -> str:
    """The HTML page of one notice; ``tables`` holds only this notice's rows, by table name."""
    text = notice.get("text") or ""
    outline = tables.get("outline", [])
    title = notice_label(notice)
    errors = tables.get("errors", [])
    error_html = "".join(
        f'<li class="errors">{cell(e.get("code"))} {cell(e.get("stage"))}: {cell(e.get("message"))}</li>'
        for e in errors
    )
    others = [name for name, rows in tables.items() if name not in {"notices", "errors"} and rows]
    body = f"""<header class="top"><h1>{cell(title)}</h1>
<nav><a href="index.html">← all notices</a> · <span class="mono">{cell(notice["notice_id"])}</span>
· {page_link(notice)} · {len(text)} chars · rules <span class="mono">{cell(provenance.get("rules_sha256", "")[:12])}</span></nav></header>
<main data-notice="{cell(notice["notice_id"])}">
<h2>Metadata</h2>{_metadata(notice)}{f"<ul>{error_html}</ul>" if error_html else ""}
<h2>Text</h2>{_legend(tables)}
<div class="layout">{_outline_panel(outline)}
<div class="text" id="text" lang="zh-CN">{highlight(text, entity_marks(tables) + outline_marks(outline))}</div>
</div>
<h2>Findings</h2>{_findings(outline)}
{cases_block(tables.get("cases", []), tables)}
{_rows_section(tables, others)}
</main>
{data_block("page-data", _page_data(text, tables, others))}"""
    return page(f"{title} · noticeparse", body)


def _write(path: Path, content: str) -> None:
    atomic_write_text(path, content, durable=False)  # a page per notice, regenerable: no fsync each


def select_notices(notices: Sequence[Row], wanted: Iterable[str]) -> list[Row]:
    """The notices matching any of ``wanted`` (an id, an id prefix or the source's file name).

    >>> [n["notice_id"] for n in select_notices([{"notice_id": "ab12", "source": "raw/x.txt"}], ["x.txt"])]
    ['ab12']
    """
    keys = list(wanted)
    if not keys:
        return list(notices)
    return [
        n
        for n in notices
        if any(
            n["notice_id"].startswith(k)
            or Path(n.get("source") or "").name == k
            or Path(n.get("source") or "").stem == k
            for k in keys
        )
    ]


def _provenance(paths: dict[str, Path]) -> dict[str, str]:
    """rules_sha256, noticeparse_version, git_commit … from the notices table's footer."""
    path = paths.get("notices") or next(iter(paths.values()))
    files = [path] if path.is_file() else sorted(path.glob("*/*.parquet"))
    raw = pq.read_schema(files[0]).metadata or {} if files else {}
    return {k.decode(): v.decode() for k, v in raw.items() if not k.startswith(b"ARROW:") and k != b"pandas"}


def _failed_inputs(paths: dict[str, Path]) -> str:
    """The errors of inputs that have no notices row (they could not be read at all)."""
    if "errors" not in paths:
        return '<p class="muted">none</p>'
    errors = read_arrow(paths["errors"])
    if "notices" in paths:  # in Arrow: a set of every notice id would grow with the archive
        listed = read_arrow(paths["notices"], columns=["notice_id"]).column("notice_id")
        errors = errors.filter(pc.invert(pc.is_in(errors.column("notice_id"), value_set=listed)))
    failed = errors.to_pylist()
    if not failed:
        return '<p class="muted">none</p>'
    columns = ("notice_id", "source", "stage", "code", "message")
    return table_html(["notice", *columns[1:]], [[cell(e.get(c)) for c in columns] for e in failed])


def write_report(parsed_dir: Path, outdir: Path, notice_ids: Iterable[str] = (), *,
                 progress: bool = False) -> tuple[Path, int]:
    """Write ``outdir/index.html`` and a page per (selected) notice; return the index path and page count.

    Streams: the run is read a group of notices at a time (``store.iter_notice_groups``), each
    notice's page is written as it comes, and only a short entry per notice and the chart sums
    are kept for the index. The ``tokens`` table (a thousand rows a notice) is left out of the pages.

    Raises:
        FileNotFoundError: when ``parsed_dir`` holds no tables.
        LookupError: when ``notice_ids`` match no notice.
    """
    root, outdir = Path(parsed_dir), Path(outdir)
    paths = find_tables(root)
    if not paths:
        raise FileNotFoundError(f"no Parquet tables in {root}")
    wanted = list(notice_ids)
    provenance = _provenance(paths)
    entries = IndexRows([name for name in paths if name not in {"notices", "errors", *_NOT_IN_PAGES, *_NOT_COUNTED}])
    tally, shards = Tally(), TextShards(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    write_assets(outdir)
    bar = Progress(count_notices(root), label="notice pages", enabled=None if progress else False)
    written: set[str] = set()
    for group in iter_notice_groups(root, skip=_NOT_IN_PAGES, skip_columns={"offset_runs"}):
        by_table = {name: group_by_notice(rows) for name, rows in group.items()}
        for notice in group.get("notices", []):
            nid = notice["notice_id"]
            mine = {name: groups.get(nid, []) for name, groups in by_table.items()}
            page_file = None
            if not wanted or select_notices([notice], wanted):
                page_file = page_name(nid)
                _write(outdir / page_file, notice_page(notice, mine, provenance))  # a name of ours: no path in it
                written.add(page_file)
            sums = notice_sums(mine)
            tally.add(notice.get("pub_year"), sums)
            entries.add(notice, mine, page_file, sums)
            shards.add(nid, notice.get("text") or "")
            bar.advance()
    bar.close()
    if wanted and not written:
        raise LookupError(f"no notice matches {', '.join(wanted)}")
    header = f"""<header class="top"><h1>noticeparse review: {len(entries.entries)} notices</h1>
<nav>{cell(str(root))} · version {cell(provenance.get("noticeparse_version"))} · rules
<span class="mono">{cell(provenance.get("rules_sha256", "")[:12])}</span> · commit
<span class="mono">{cell(provenance.get("git_commit", "")[:10])}</span></nav></header>"""
    index = outdir / "index.html"
    rounds = write_rounds(root, outdir, written)  # a page per round, when the output was linked
    extra = {"charts": CHARTS, "colours": role_colours(tally.roles()), "unknown": YEAR_UNKNOWN,
             "shards": shards.close()}
    write_index(index, entries, header, _failed_inputs(paths), tally.charts() + rounds, extra)
    return index, len(written)
