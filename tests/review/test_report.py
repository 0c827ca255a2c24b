"""``noticeparse report``: nesting of overlapping highlights, escaping, offline pages, options.

The browser checks (highlights equal the entity rows, outline clicks, screenshot)
are in tests/browser/; these run without a browser.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from noticeparse.batch.run import parse_paths
from noticeparse.cli.review import report
from noticeparse.review.html import Mark, highlight
from noticeparse.review.page_data import read_data_block, table_rows
from noticeparse.review.report import ENTITY_KINDS, notice_page, page_name, write_report

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw" / "samples" / "binhaiwan-2022-05-20.txt"
HOSTILE = "关于<script>alert(1)</script>整改情况的通报\n\n一、总体情况\n2021年8月5日,<img src=x onerror=alert(2)>。\n"


class _Nesting(HTMLParser):
    """Checks that every <span> closes in order and collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.ok = 0, [], True

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "span"

    def handle_endtag(self, tag):
        self.depth -= tag == "span"
        self.ok = self.ok and self.depth >= 0

    def handle_data(self, data):
        self.text.append(data)


def _parts(html: str, kind: str, index: int) -> str:
    """The text of an entity's elements (a split one has several), inner marks' text left out."""
    return "".join(re.findall(rf'<span class="ent k-{kind}" data-e="{index}"[^>]*>([^<]*)', html))


@pytest.mark.parametrize(
    "marks, expected",
    [
        ([Mark(0, 2, "a")], '<span class="a">甲乙</span>丙'),
        ([Mark(0, 3, "a"), Mark(1, 2, "b")], '<span class="a">甲<span class="b">乙</span>丙</span>'),
        ([Mark(1, 1, "anchor")], '甲<span class="anchor"></span>乙丙'),
        (
            [Mark(0, 2, "a"), Mark(1, 3, "b")],
            '<span class="a">甲<span class="b">乙</span></span><span class="b" data-part="cont">丙</span>',
        ),
    ],
    ids=["one", "nested", "empty", "overlapping"],
)
def test_highlight_cases(marks, expected):
    assert highlight("甲乙丙", marks) == expected


def test_split_marks_keep_their_id_on_the_first_part_only():
    html = highlight("甲乙丙", [Mark(0, 2, "a"), Mark(1, 3, "b", {"data-eid": "b"}, {"id": "e-b"})])
    assert html.count('id="e-b"') == 1 and html.count('data-eid="b"') == 2


@given(
    st.text(alphabet="甲<>&\"'\n ab", max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=8),
)
def test_highlight_is_well_formed_and_keeps_the_text(text, spans):
    marks = [Mark(min(s, e), max(s, e), "m") for s, e in spans]
    html = highlight(text, marks)
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    assert parser.ok and parser.depth == 0
    assert "".join(parser.text) == text and unescape(re.sub(r"<[^>]+>", "", html)) == text


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("report")
    (work / "in").mkdir()
    (work / "in" / SEED.name).write_bytes(SEED.read_bytes())
    (work / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    parse_paths([str(work / "in")], work / "parsed", progress=False)
    notice_ids = (
        pq.read_table(work / "parsed" / "notices.parquet", columns=["notice_id"]).column(0).to_pylist()
    )
    extra = pa.Table.from_pylist(
        [{"notice_id": nid, "gadget": "<b>x</b>", "score": 0.5} for nid in notice_ids]
    )
    pq.write_table(extra, work / "parsed" / "gadgets.parquet")  # a table the report does not know
    return work / "parsed"


@pytest.fixture(scope="module")
def report_dir(parsed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    _index, count = write_report(parsed, out)
    assert count == 2
    return out


@pytest.fixture(scope="module")
def pages(report_dir: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in report_dir.glob("*.html")}


def _page(pages: dict[str, str], marker: str) -> str:
    return next(html for name, html in pages.items() if name != "index.html" and marker in html)


def test_notice_text_is_escaped(pages):
    html = _page(pages, "hostile.txt")
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "Content-Security-Policy" in html and "'unsafe-inline'" not in html


def test_pages_share_one_css_and_js(pages, report_dir):
    """Issue 16 at 100,000 notices: the CSS and JS are files of their own, written once, linked by every page."""
    assets = {p.name: p.read_text(encoding="utf-8") for p in (report_dir / "assets").iterdir()}
    assert set(assets) == {"report.css", "report.js", "index.js"}
    assert ".k-dates {" in assets["report.css"] and "noticeparseEntities" in assets["report.js"]
    for name, html in pages.items():
        assert '<link rel="stylesheet" href="assets/report.css">' in html, name
        assert '<script src="assets/report.js"></script>' in html, name
        assert "<style" not in html and " style=" not in html, name
        # every script element links a file or is a data block (never run): no inline code at all
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL)
        assert all(('src="assets/' in attrs and not body) or re.search(r'type="application/(gzip|json)"', attrs)
                   for attrs, body in scripts), name
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "sha256-" not in policy
    assert len(pages[next(n for n in pages if n != "index.html")]) < len(assets["report.css"]) + 60_000


def test_pages_fetch_nothing(pages):
    for html in pages.values():
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
        assert "@import" not in html and "url(" not in html


def test_seed_page_has_every_part(pages):
    html = _page(pages, SEED.name)
    for part in [
        'class="legend"',
        'class="outline"',
        'id="text"',
        '<dl class="meta">',
        "<h2>Findings</h2>",
        '<span class="ent k-quantities" data-e="0">',
        'id="n-1"',
        'href="#n-1"',
        '<div id="findings"',
        '<details class="rows" data-table="gadgets"><summary>gadgets (1)</summary>',
    ]:
        assert part in html, part
    assert _parts(html, "dates", 0) == "2021年8月5日至2021年9月8日"
    data = read_data_block(html, "page-data")
    text = unescape(re.sub(r"<[^>]+>", "", re.search(r'<div class="text"[^>]*>(.*?)</div>', html, re.DOTALL).group(1)))
    first = table_rows(data["dates"], text)[0]
    assert (first["text"], first["rule_id"], first["date_start"]) == ("2021年8月5日至2021年9月8日", "date.range", "2021-08-05")
    assert data["dates"]["rows"][0][2] is None  # an entity's text is the slice of the page's text, not repeated
    assert data["gadgets"]["cols"] == ["gadget", "score"] and data["gadgets"]["rows"] == [["", "<b>x</b>", "0.5"]]
    assert set(ENTITY_KINDS) <= set(data) and "outline" in data


def test_page_size_grows_with_its_entities_only():
    """A page with 2,000 entities stays within a few dozen bytes an entity (issue 16: 100,000 pages)."""
    def sized(count: int) -> int:
        text = "".join(f"第{i:04d}项于2021年8月5日完成。" for i in range(count))
        step = len("第0000项于2021年8月5日完成。")
        dates = [{"notice_id": "n", "node_id": None, "text": "2021年8月5日", "char_start": i * step + 6,
                  "char_end": i * step + 15, "date_start": "2021-08-05", "date_end": None, "precision": "day",
                  "rule_id": "date.ymd", "pub_year": 2021} for i in range(count)]
        notice = {"notice_id": "n", "title": "关于整改情况的通报", "text": text, "n_chars": len(text)}
        return len(notice_page(notice, {"notices": [notice], "dates": dates}, {}).encode()) - len(text.encode())

    base, small, large = sized(0), sized(200), sized(2000)
    assert (large - base) / 2000 < 64, (base, small, large)  # markup + data per entity (54 B), over the text
    assert (large - base) / (small - base) < 11  # linear in the entities, no worse


def test_index_counts_every_table_and_links_every_notice(pages):
    index = pages["index.html"]
    # every table is counted in the data (and the CSV export); the table shows what fits 1280 px
    assert "gadgets" in read_data_block(index, "index-data")["cols"] and "<th>gadgets</th>" not in index
    assert "<th>findings</th>" in index and "<th>recovered</th>" in index
    assert sum(f'href="{name}"' in index for name in pages if name != "index.html") == 2


def test_cli_one_notice_and_unknown_notice(parsed, tmp_path):
    result = CliRunner().invoke(report, [str(parsed), "-o", str(tmp_path / "r"), "--notice", SEED.stem])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(str(tmp_path / "r" / "index.html"))
    assert min(p.name for p in (tmp_path / "r").iterdir() if p.is_file()) == "index.html"
    assert len(list((tmp_path / "r").glob("notice-*.html"))) == 1
    missing = CliRunner().invoke(report, [str(parsed), "-o", str(tmp_path / "s"), "--notice", "nope"])
    assert missing.exit_code == 1 and "no notice matches nope" in missing.output
    empty = CliRunner().invoke(report, [str(tmp_path / "r"), "-o", str(tmp_path / "t")])
    assert empty.exit_code == 1 and "no Parquet tables" in empty.output


def test_page_name_is_stable():
    assert page_name("abc") == "notice-abc.html"


def test_index_holds_every_notice_as_data_and_draws_charts(pages):
    """Issue 16: search, sort and filter need every notice in the page, compactly; charts are inline SVG."""
    index = pages["index.html"]
    data = read_data_block(index, "index-data")
    assert data["cols"][:5] == ["date", "id", "title", "kind", "issuer"] and "gadgets" in data["cols"]
    assert len(data["rows"]) == 2 and "year" not in data["cols"]  # the year is the date's
    seed = next(r for r in data["rows"] if "滨海湾" in r[2])
    at = {c: i for i, c in enumerate(data["cols"])}
    assert data["kinds"][seed[at["kind"]]] and data["issuers"][seed[at["issuer"]]]
    assert 20200101 < seed[at["date"]] < 20300101 and seed[at["page"]] == 1
    assert len(seed) <= at["who"] and seed[at["errors"]] == ""  # the empty who, url and source are left out
    assert seed[at["sums"]]["m"]  # the chart sums: money by role
    assert index.count("<figure") == 4 and "<svg" in index and 'data-filter="kind"' in index


def test_index_entries_stay_small():
    """At 100,000 notices an entry is what the index holds per notice: no page name, year or repeated names."""
    import json

    from noticeparse.review.index import IndexRows

    rows = IndexRows(["dates"])
    for i in range(3):
        notice = {"notice_id": f"{i:016x}", "title": "关于整改情况的通报", "kind": "巡察整改", "issuer": "市委",
                  "source": f"raw/{i}.html", "n_chars": 1000, "publish_date": __import__("datetime").date(2023, 5, 1)}
        rows.add(notice, {"dates": [{}, {}]}, f"notice-{i:016x}.html")
    assert json.loads(rows.entries[2]) == [20230501, "0000000000000002", "关于整改情况的通报", 0, 0, 1000, 0, 2, 1]
    assert rows.names("kinds") == ["巡察整改"] and rows.names("issuers") == ["市委"]
