"""The review report in a real browser: the seed's page highlights exactly the entity rows.

Headless Chromium opens the report of the bundled samples (plus a notice whose
text holds a ``<script>``), reads every highlighted element back through its data
attributes, compares them with the Parquet rows, clicks an outline node, shows a
tooltip and saves ``test-artifacts/seed-report.png``.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from noticeparse.batch.run import parse_paths
from noticeparse.review.report import ENTITY_KINDS, page_name, write_report
from noticeparse.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw" / "samples" / "binhaiwan-2022-05-20.txt"
HOSTILE = "关于<script>window.__pwned = 1</script>整改情况的通报\n\n一、总体情况\n2021年8月5日,<b>市委</b>巡察组进驻。\n"

READ_ENTITIES = """
const found = {};
for (const el of document.querySelectorAll('#text [data-eid]')) {
  const d = el.dataset;
  const e = found[d.eid] || (found[d.eid] = {kind: d.kind, start: +d.start, end: +d.end, rule: d.rule, text: ''});
  e.text += el.textContent;  // a split entity's parts are disjoint: their texts concatenate
}
return Object.values(found);
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("report")
    (work / "in").mkdir()
    (work / "in" / SEED.name).write_bytes(SEED.read_bytes())
    (work / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    parse_paths([str(work / "in")], work / "parsed", rules=load_rules(), progress=False)
    index, _pages = write_report(work / "parsed", work / "report")
    tables = {
        name: pq.read_table(work / "parsed" / f"{name}.parquet").to_pylist()
        for name in ["notices", "outline", *ENTITY_KINDS]
    }
    return {"index": index, "dir": work / "report", "tables": tables}


def _notice(report: dict, file_name: str) -> dict:
    return next(n for n in report["tables"]["notices"] if n["source"].endswith(file_name))


def _open(browser, report: dict, notice_id: str):
    browser.get((report["dir"] / page_name(notice_id)).as_uri())
    return browser


def test_seed_page_highlights_equal_entity_rows(browser, report):
    notice = _notice(report, SEED.name)
    nid, text = notice["notice_id"], notice["text"]
    page = _open(browser, report, nid)
    assert page.execute_script("return document.getElementById('text').textContent") == text
    shown = page.execute_script(READ_ENTITIES)
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

    quantity = page.execute_script(
        "const q = [...document.querySelectorAll('#text .ent.k-quantities:not([data-part])')]"
        ".find(e => +e.dataset.start >= arguments[0]);"
        "q.focus(); return {rule: q.dataset.rule, tip: document.getElementById('tip').textContent,"
        " hidden: document.getElementById('tip').hidden};",
        target["char_start"],
    )
    assert (
        not quantity["hidden"] and f"rule {quantity['rule']}" in quantity["tip"] and "= " in quantity["tip"]
    )
    path = artifacts / "seed-report.png"
    assert page.save_screenshot(str(path)) and path.stat().st_size > 10_000


def test_notice_text_is_escaped_not_run(browser, report):
    notice = _notice(report, "hostile.txt")
    page = _open(browser, report, notice["notice_id"])
    state = page.execute_script(
        "return {pwned: window.__pwned === 1, scripts: document.scripts.length, bold: document.querySelectorAll('#text b').length,"
        " text: document.getElementById('text').textContent, title: document.title};"
    )
    assert state == {**state, "pwned": False, "scripts": 1, "bold": 0}
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
    from selenium.webdriver.support.ui import Select

    from noticeparse.batch.run import BatchOptions, run_batch

    work = tmp_path_factory.mktemp("index")
    samples = sorted(str(p) for p in (ROOT / "raw" / "samples").iterdir())
    run_batch(samples, work / "parsed", rules=load_rules(), options=BatchOptions(workers=1, progress=False))
    index, pages = write_report(work / "parsed", work / "report")
    browser.get(index.as_uri())
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
    assert [c[0] for c in charts][:2] == ["money (万元) by year and role", "land (亩) by year and role"]
    assert all(n > 0 for _caption, n in charts[:3]), charts
    path = artifacts / "index-report.png"
    assert browser.save_screenshot(str(path))
