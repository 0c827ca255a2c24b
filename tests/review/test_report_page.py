"""The review report in a real browser: the seed's page highlights exactly the entity rows.

Headless Chromium opens the report of the bundled samples (plus a notice whose
text holds a ``<script>``), reads every highlighted element back (its table from the
class, its row from ``data-e`` and the page's data block), compares them with the
Parquet rows, checks every tooltip against ``report.describe``, clicks an outline
node, toggles the legend, opens a rows table and saves ``test-artifacts/seed-report.png``.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from noticeparse.batch.run import parse_paths
from noticeparse.review.page_data import read_data_block, table_rows
from noticeparse.review.report import ENTITY_KINDS, describe, page_name, write_report

pytestmark = pytest.mark.browser  # headless Chromium: not in `make test-fast` (skips where it is not installed)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw" / "samples" / "binhaiwan-2022-05-20.txt"
HOSTILE = "关于<script>window.__pwned = 1</script>整改情况的通报\n\n一、总体情况\n2021年8月5日,<b>市委</b>巡察组进驻。\n"

READ_ENTITIES = """
const found = {};
for (const el of document.querySelectorAll('#text .ent[data-e]')) {
  const kind = /(?:^|\\s)k-(\\S+)/.exec(el.className)[1], key = kind + '-' + el.dataset.e;
  const e = found[key] || (found[key] = {kind: kind, index: +el.dataset.e, text: ''});
  e.text += el.textContent;  // a split entity's parts are disjoint: their texts concatenate
}
return Object.values(found);
"""
# focus every entity (its first element) and read the tooltip it shows
READ_TIPS = """
const tips = [];
for (const el of document.querySelectorAll('#text .ent[data-e]:not([data-part])')) {
  el.focus();
  const tip = document.getElementById('tip');
  tips.push({kind: /(?:^|\\s)k-(\\S+)/.exec(el.className)[1], index: +el.dataset.e, hidden: tip.hidden,
             tip: tip.textContent, focused: document.activeElement === el});
}
return tips;
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("report")
    (work / "in").mkdir()
    (work / "in" / SEED.name).write_bytes(SEED.read_bytes())
    (work / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    parse_paths([str(work / "in")], work / "parsed", progress=False)
    index, _pages = write_report(work / "parsed", work / "report")
    tables = {
        name: pq.read_table(work / "parsed" / f"{name}.parquet").to_pylist()
        for name in ["notices", "outline", *ENTITY_KINDS]
    }
    return {"index": index, "dir": work / "report", "tables": tables}


def _notice(report: dict, file_name: str) -> dict:
    return next(n for n in report["tables"]["notices"] if n["source"].endswith(file_name))


def _open(browser, report: dict, notice_id: str):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((report["dir"] / page_name(notice_id)).as_uri())
    # the data block is inflated asynchronously; report.js marks the page when it is read
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.documentElement.dataset.ready"))
    return browser


def _page_rows(report: dict, notice: dict) -> dict[str, list[dict]]:
    """The page's data block, decoded as report.js reads it."""
    html = (report["dir"] / page_name(notice["notice_id"])).read_text(encoding="utf-8")
    return {name: table_rows(table, notice["text"]) for name, table in read_data_block(html, "page-data").items()}


def test_seed_page_highlights_equal_entity_rows(browser, report):
    notice = _notice(report, SEED.name)
    nid, text = notice["notice_id"], notice["text"]
    page = _open(browser, report, nid)
    assert page.execute_script("return document.getElementById('text').textContent") == text
    rows = _page_rows(report, notice)
    shown = page.execute_script(READ_ENTITIES)
    for entity in shown:
        row = rows[entity["kind"]][entity["index"]]
        entity.update(start=row["char_start"], end=row["char_end"], rule=row["rule_id"])
    expected = sorted(
        (kind, r["char_start"], r["char_end"], r["rule_id"])
        for kind in ENTITY_KINDS
        for r in report["tables"][kind]
        if r["notice_id"] == nid
    )
    assert sorted((e["kind"], e["start"], e["end"], e["rule"]) for e in shown) == expected
    assert len(expected) > 50  # the seed has entities of every kind
    assert {e["kind"] for e in shown} == set(ENTITY_KINDS)
    for entity in shown:
        assert entity["text"] == text[entity["start"] : entity["end"]], entity


def test_every_tooltip_shows_value_and_rule_as_describe_does(browser, report):
    """The browser builds each tooltip from the data block: it must say what ``report.describe`` says."""
    notice = _notice(report, SEED.name)
    page = _open(browser, report, notice["notice_id"])
    parquet = {kind: [r for r in report["tables"][kind] if r["notice_id"] == notice["notice_id"]]
               for kind in ENTITY_KINDS}
    tips = page.execute_script(READ_TIPS)
    assert len(tips) == sum(map(len, parquet.values()))
    for tip in tips:
        row = parquet[tip["kind"]][tip["index"]]
        assert tip["focused"] and not tip["hidden"], tip
        # the focused entity's own tooltip first; those of the entities around it follow
        assert tip["tip"].split("\n\n")[0] == describe(tip["kind"], row), tip
        assert f"rule {row['rule_id']}" in tip["tip"]
    assert any("\n= " in t["tip"] for t in tips if t["kind"] == "quantities")


def test_legend_toggles_rows_open_and_findings_drawn(browser, report):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    notice = _notice(report, SEED.name)
    page = _open(browser, report, notice["notice_id"])
    colour = "return getComputedStyle(document.querySelector('#text .ent.k-dates')).backgroundColor"
    before = page.execute_script(colour)
    box = page.find_element(By.CSS_SELECTOR, ".legend input[data-kind='dates']")
    box.click()
    assert page.execute_script("return document.body.classList.contains('off-dates')")
    assert page.execute_script(colour) == "rgba(0, 0, 0, 0)" != before
    box.click()
    assert page.execute_script(colour) == before

    rows = _page_rows(report, notice)
    page.find_element(By.CSS_SELECTOR, "details.rows[data-table='quantities'] > summary").click()
    # the toggle event comes as a task of its own after the click: wait for the table it draws
    WebDriverWait(page, 10).until(lambda b: b.execute_script(
        "return document.querySelector(\"details.rows[data-table='quantities']\").dataset.drawn"))
    cells = page.execute_script(
        "return [...document.querySelectorAll(\"details.rows[data-table='quantities'] tbody tr\")]"
        ".map(r => [...r.cells].map(c => c.textContent))")
    assert len(cells) == len(rows["quantities"]) > 3
    third = rows["quantities"][3]
    assert cells[3][:2] == [f"[{third['char_start']},{third['char_end']})", third["text"]]
    link = page.find_elements(By.CSS_SELECTOR, "details.rows[data-table='quantities'] tbody a")[3]
    link.click()
    focused = page.execute_script(
        "const e = document.activeElement; return [e.className, e.dataset.e, e.textContent,"
        " e.getBoundingClientRect().top, innerHeight]")
    assert focused[:3] == ["ent k-quantities flash", "3", third["text"]] and 0 <= focused[3] < focused[4]

    findings = page.execute_script(
        "const t = document.querySelector('#findings table'); return {heads: [...t.querySelectorAll('th')]"
        ".map(h => h.textContent), rows: t.querySelectorAll('tbody tr').length,"
        " count: +document.getElementById('findings').dataset.count, first: t.querySelector('tbody a').hash}")
    outline = [r for r in rows["outline"] if r["is_finding"] is True]
    assert findings["heads"] == ["#", "category", "finding", "measures by status", "quantities"]
    assert findings["rows"] == findings["count"] == len(outline) > 0
    assert findings["first"] == f"#n-{outline[0]['node_id']}"
    # each finding's measures are the measures table's rows (items and sentences), each with its status
    shown = page.execute_script(
        "return [...document.querySelectorAll('#findings tbody tr')].map(r => [+r.cells[3].dataset.measures,"
        " [...r.cells[3].querySelectorAll('li .status')].map(b => b.textContent)])")
    want = [[m.get("status") or "–" for m in rows["measures"] if m["finding_id"] == f["node_id"]] for f in outline]
    assert [s[1] for s in shown] == want and [s[0] for s in shown] == [len(w) for w in want]
    assert sum(len(w) for w in want) > 50


def test_outline_click_scrolls_to_node_and_tooltip_shows_value(browser, report, artifacts):
    from selenium.webdriver.common.by import By

    notice = _notice(report, SEED.name)
    page = _open(browser, report, notice["notice_id"])
    outline = [r for r in report["tables"]["outline"] if r["notice_id"] == notice["notice_id"]]
    quantities = [q for q in report["tables"]["quantities"] if q["notice_id"] == notice["notice_id"]]
    target = [
        r
        for r in outline
        if r["is_finding"]  # far down the text, deep in the tree, with a quantity
        and any(r["char_start"] <= q["char_start"] < r["char_end"] for q in quantities)
    ][-1]
    link = page.find_element(By.CSS_SELECTOR, f".outline a[href='#n-{target['node_id']}']")
    link.click()
    state = page.execute_script(
        "const m = document.getElementById(arguments[0]); const r = m.getBoundingClientRect();"
        "return {hash: location.hash, top: r.top, height: innerHeight, scrolled: scrollY,"
        " text: m.textContent, flash: m.classList.contains('flash')};",
        f"n-{target['node_id']}",
    )
    assert state["hash"] == f"#n-{target['node_id']}"
    assert state["scrolled"] > 0 and 0 <= state["top"] < state["height"] / 2, state
    assert state["text"] == target["marker"] and state["flash"]

    after = next(i for i, q in enumerate(quantities) if q["char_start"] >= target["char_start"])
    quantity = page.execute_script(
        "const q = document.querySelector(\"#text .ent.k-quantities[data-e='\" + arguments[0] + \"']\");"
        "q.focus(); return {tip: document.getElementById('tip').textContent,"
        " hidden: document.getElementById('tip').hidden};",
        after,
    )
    assert not quantity["hidden"] and f"rule {quantities[after]['rule_id']}" in quantity["tip"]
    assert "= " in quantity["tip"]
    path = artifacts / "seed-report.png"
    assert page.save_screenshot(str(path)) and path.stat().st_size > 10_000


def test_notice_text_is_escaped_not_run(browser, report):
    notice = _notice(report, "hostile.txt")
    page = _open(browser, report, notice["notice_id"])
    state = page.execute_script(
        "return {pwned: window.__pwned === 1, scripts: document.scripts.length, bold: document.querySelectorAll('#text b').length,"
        " text: document.getElementById('text').textContent, title: document.title};"
    )
    assert state == {**state, "pwned": False, "scripts": 2, "bold": 0}  # the data block and report.js
    kinds = page.execute_script("return [...document.scripts].map(s => s.getAttribute('src') || s.type)")
    assert kinds == ["application/gzip", "assets/report.js"]
    assert "<script>window.__pwned = 1</script>" in state["text"]


def test_index_links_every_notice(browser, report):
    from selenium.webdriver.common.by import By

    browser.get(report["index"].as_uri())
    links = {
        a.get_attribute("href").rsplit("/", 1)[-1] for a in browser.find_elements(By.CSS_SELECTOR, "main a")
    }
    assert links == {page_name(n["notice_id"]) for n in report["tables"]["notices"]}


def test_index_searches_sorts_filters_and_draws_charts(browser, tmp_path_factory, artifacts):
    """Issue 16: the index as an analyst's tool (over every sample, in batch's Hive layout)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from noticeparse.batch.run import BatchOptions, run_batch

    work = tmp_path_factory.mktemp("index")
    samples = sorted(str(p) for p in (ROOT / "raw" / "samples").iterdir())
    run_batch(samples, work / "parsed", options=BatchOptions(workers=1, progress=False))
    index, pages = write_report(work / "parsed", work / "report")
    browser.get(index.as_uri())
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.documentElement.dataset.indexReady"))
    read_rows = "return [...document.querySelectorAll('#index-table tbody tr')].map(r => r.dataset.id || r.cells[0].textContent)"
    dates = browser.execute_script(
        "return [...document.querySelectorAll('#index-table tbody tr')].map(r => r.cells[3].textContent)")
    assert len(dates) == pages == len(samples)
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[: len(dated)] == dated  # newest first, undated last
    head = browser.find_elements(By.CSS_SELECTOR, "#index-table th")[3]
    head.click()  # the date column again: oldest first
    dates = browser.execute_script(
        "return [...document.querySelectorAll('#index-table tbody tr')].map(r => r.cells[3].textContent)")
    assert [d for d in dates if d] == sorted(dated) and head.get_attribute("aria-sort") == "ascending"
    search = browser.find_element(By.CSS_SELECTOR, "input[data-filter='q']")
    search.send_keys("巡察")
    titles = browser.execute_script(
        "return [...document.querySelectorAll('#index-table tbody tr')].map(r => r.cells[0].textContent + r.cells[2].textContent)")
    assert 0 < len(titles) < len(samples) and all("巡察" in t for t in titles)
    search.clear()
    browser.execute_script("const s = document.querySelector(\"input[data-filter='q']\"); s.value = ''; "
                           "s.dispatchEvent(new Event('input'));")
    kind = Select(browser.find_element(By.CSS_SELECTOR, "select[data-filter='kind']"))
    kind.select_by_index(1)
    chosen = kind.first_selected_option.get_attribute("value")
    kinds = browser.execute_script(
        "return [...document.querySelectorAll('#index-table tbody tr')].map(r => r.cells[1].textContent || '?')")
    assert kinds and set(kinds) == {chosen}
    year = Select(browser.find_element(By.CSS_SELECTOR, "select[data-filter='year']"))
    year.select_by_value("2023")
    assert len(browser.execute_script(read_rows)) <= len(kinds)
    charts = browser.execute_script(
        "return [...document.querySelectorAll('figure.chart')].map(f => [f.querySelector('figcaption').textContent,"
        " f.querySelectorAll('svg rect').length])")
    assert [c[0].split(" (")[0] for c in charts] == ["money by year and role", "land by year and role",
                                                      "findings per topic", "penalties per type"]
    path = artifacts / "index-report.png"
    assert browser.save_screenshot(str(path))
