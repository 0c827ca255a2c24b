"""The report as a journalist uses it (issue 26), in headless Chromium over every sample.

Who (a case person → its notice, by the words of its cases), which penalty (highlighted in
the text with its row), how much recovered (the charts redrawn for the notices a filter
shows, equal to totals computed here by hand from the Parquet rows), which year; the CSV
export of the filtered index and of a notice's rows, read back from the downloaded files;
the index table within a 1280 px window.
"""

from __future__ import annotations

import csv
import io
import time
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from noticeparse.batch.run import parse_paths
from noticeparse.review.report import page_name, write_report
from noticeparse.store import format_yuan

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"
CASES = "exposure-cases-2024-02-05.txt"
pytestmark = pytest.mark.browser  # headless Chromium: not in `make test-fast` (skips where it is not installed)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("explore")
    parse_paths([str(SAMPLES)], work / "parsed", progress=False)
    index, _pages = write_report(work / "parsed", work / "report")
    tables = {name: pq.read_table(work / "parsed" / f"{name}.parquet").to_pylist()
              for name in ("notices", "quantities", "cases", "case_persons", "case_penalties")}
    return {"index": index, "dir": work / "report", "tables": tables, "downloads": work / "downloads"}


def _open_index(browser, run: dict):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(run["index"].as_uri())
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.documentElement.dataset.indexReady"))
    return browser


def _search(browser, words: str) -> None:
    browser.execute_script("const s = document.querySelector(\"input[data-filter='q']\"); s.value = arguments[0];"
                           " s.dispatchEvent(new Event('input'));", words)


def _shown_ids(browser) -> list[str]:
    return browser.execute_script("return [...document.querySelectorAll('#index-table tbody tr')].map(r => r.dataset.id)")


def _notice_of(run: dict, file_name: str) -> dict:
    return next(n for n in run["tables"]["notices"] if n["source"].endswith(file_name))


def _recovered_by_hand(run: dict, year: int | None = None) -> dict[tuple[str, str], float]:
    """Money by (year, role), summed here: no part, no threshold, null role apart."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for q in run["tables"]["quantities"]:
        if q["category"] != "money" or q["unit"] != "元" or q["part_of"] is not None or q["role"] == "threshold":
            continue
        if year is not None and q["pub_year"] != year:
            continue
        sums[(str(q["pub_year"]) if q["pub_year"] else "year unknown", q["role"] or "role unknown")] += q["value"]
    return dict(sums)


def _money_bars(browser) -> set[str]:
    return set(browser.execute_script(
        "return [...document.querySelectorAll('figure[data-chart=money] svg rect title')].map(t => t.textContent)"))


def test_search_finds_a_case_person_and_a_penalty(browser, run):
    page = _open_index(browser, run)
    person = next(p for p in run["tables"]["case_persons"] if p["name"] == "王XX")
    owner = person["notice_id"]
    _search(page, person["name"])
    assert _shown_ids(page) == [owner]
    hit = page.execute_script("return document.querySelector('#index-table tbody tr .hit').textContent")
    assert hit.startswith("case: ") and person["name"] in hit  # where it matched: not the title
    penalty = next(p["penalty"] for p in run["tables"]["case_penalties"] if p["notice_id"] == owner)
    _search(page, penalty)
    assert owner in _shown_ids(page)


def test_search_reads_the_texts_for_words_of_the_body(browser, run):
    from selenium.webdriver.support.ui import WebDriverWait

    page = _open_index(browser, run)
    seed = _notice_of(run, "binhaiwan-2022-05-20.txt")
    word = "湾区1号项目"  # in the seed's body only, neither its title nor any case
    assert word in seed["text"] and word not in seed["title"]
    assert sum(word in n["text"] for n in run["tables"]["notices"]) == 1
    _search(page, word)
    WebDriverWait(page, 10).until(lambda b: b.execute_script("return document.documentElement.dataset.textsReady"))
    WebDriverWait(page, 10).until(lambda b: _shown_ids(b) == [seed["notice_id"]])
    hit = page.execute_script("return document.querySelector('#index-table tbody tr .hit').textContent")
    assert hit.startswith("text: ") and word in hit
    _search(page, "不在任何通报里的一句话")
    assert _shown_ids(page) == []


def test_charts_follow_the_filters_and_equal_totals_by_hand(browser, run):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page = _open_index(browser, run)
    every = {f"{y} {role}: {format_yuan(v)}" for (y, role), v in _recovered_by_hand(run).items()}
    assert _money_bars(page) == every  # as written (Python) …
    _search(page, "x")
    _search(page, "")
    assert _money_bars(page) == every  # … and as index.js draws it for the same notices
    Select(page.find_element(By.CSS_SELECTOR, "select[data-filter='year']")).select_by_value("2023")
    in_2023 = {f"{y} {role}: {format_yuan(v)}" for (y, role), v in _recovered_by_hand(run, 2023).items()}
    assert in_2023 and _money_bars(page) == in_2023 != every
    warning = page.execute_script("return document.getElementById('year-warning').hidden")
    assert warning  # no notice of unknown year among those shown
    parts = sum(1 for q in run["tables"]["quantities"] if q["pub_year"] == 2023 and q["part_of"] is not None
                and (q["category"] == "area" or (q["category"] == "money" and q["unit"] == "元")))
    note = page.execute_script("return document.getElementById('left-out').textContent")
    assert (f"{parts} parts of a larger amount" in note) if parts else note.endswith("among these notices)")
    assert "e+" not in page.execute_script("return document.querySelector('.charts').textContent")


def _downloaded(browser, folder: Path, click_selector: str, name: str) -> str:
    from selenium.webdriver.common.by import By

    folder.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    target = folder / name
    target.unlink(missing_ok=True)
    browser.find_element(By.CSS_SELECTOR, click_selector).click()
    for _ in range(100):
        if target.exists() and target.stat().st_size:
            return target.read_text(encoding="utf-8-sig")
        time.sleep(0.1)
    raise AssertionError(f"no download {name} in {folder}: {sorted(p.name for p in folder.iterdir())}")


def test_export_csv_of_the_filtered_index(browser, run):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page = _open_index(browser, run)
    Select(page.find_element(By.CSS_SELECTOR, "select[data-filter='kind']")).select_by_value("巡察整改")
    shown = _shown_ids(page)
    rows = list(csv.DictReader(io.StringIO(_downloaded(page, run["downloads"], "#export-csv",
                                                       "noticeparse-index.csv"))))
    assert [r["notice_id"] for r in rows] == shown and len(shown) >= 2
    notices = {n["notice_id"]: n for n in run["tables"]["notices"]}
    for row in rows:
        notice = notices[row["notice_id"]]
        assert row["kind"] == "巡察整改" and row["title"] == notice["title"]
        mine = [q for q in run["tables"]["quantities"] if q["notice_id"] == row["notice_id"]
                and q["category"] == "money" and q["unit"] == "元" and q["part_of"] is None
                and q["role"] == "recovered"]
        got = float(row.get("money_recovered_yuan") or 0)
        assert got == pytest.approx(sum(q["value"] for q in mine), abs=0.01)


def test_export_csv_of_a_notice_table(browser, run):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    notice = _notice_of(run, CASES)
    browser.get((run["dir"] / page_name(notice["notice_id"])).as_uri())
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.documentElement.dataset.ready"))
    browser.find_element(By.CSS_SELECTOR, "details.rows[data-table='case_penalties'] > summary").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "button[data-csv='case_penalties']"))
    text = _downloaded(browser, run["downloads"], "button[data-csv='case_penalties']",
                       f"{notice['notice_id']}-case_penalties.csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    want = [p for p in run["tables"]["case_penalties"] if p["notice_id"] == notice["notice_id"]]
    assert [(r["penalty"], int(r["char_start"]), r["text"]) for r in rows] == \
        [(p["penalty"], p["char_start"], p["text"]) for p in want]


def test_persons_and_penalties_are_highlighted_with_their_rows(browser, run):
    from selenium.webdriver.support.ui import WebDriverWait

    notice = _notice_of(run, CASES)
    browser.get((run["dir"] / page_name(notice["notice_id"])).as_uri())
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.documentElement.dataset.ready"))
    marked = browser.execute_script(
        "return [...document.querySelectorAll('#text .ent:not([data-part])')].map(e => {e.focus();"
        " return [e.className.split(' ')[1], e.textContent, document.getElementById('tip').textContent]})")
    persons = [p for p in run["tables"]["case_persons"] if p["notice_id"] == notice["notice_id"]]
    penalties = [p for p in run["tables"]["case_penalties"] if p["notice_id"] == notice["notice_id"]]
    assert sorted(text for kind, text, _tip in marked if kind == "k-case_persons") == sorted(p["name"] for p in persons)
    assert sorted(text for kind, text, _tip in marked if kind == "k-case_persons-post") == \
        sorted(p["post"] for p in persons if p["post_start"] is not None)
    shown = [(text, tip) for kind, text, tip in marked if kind == "k-case_penalties"]
    assert sorted(t for t, _ in shown) == sorted(p["text"] for p in penalties)
    assert all(f"rule {p['rule_id']}" in tip for p, (_t, tip) in zip(penalties, shown, strict=True))


def test_index_fits_a_1280_window(browser, run):
    page = _open_index(browser, run)
    try:
        page.set_window_size(1280, 900)
        page.refresh()
        _open_index(page, run)
        width = page.execute_script("return [document.documentElement.scrollWidth, window.innerWidth,"
                                    " document.querySelector('#index-table').scrollWidth]")
        assert width[0] <= width[1] and width[2] <= width[1], width
    finally:
        page.set_window_size(1366, 900)
