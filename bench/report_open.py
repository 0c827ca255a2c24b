"""How fast the report's index opens on a 100,000-notice archive (issue 16), in headless Chromium.

    python bench/report_open.py [--count 100000] [--out /tmp/report-open] [--runs 3]
    python bench/report_open.py --index bench/out/report-large/index.html   # a report's own index

Builds ``IndexRows`` from synthetic entries (titles, issuers, kinds, dates and counts
shaped like the bench archive's; no parse needed), writes the index as ``noticeparse
report`` does (``review.index.write_index``, plus the shared assets), then opens it
``--runs`` times in a fresh headless Chromium (selenium, as tests/review/test_report_page.py does) and
prints, from the navigation start: the HTML's first page of rows shown
(``domContentLoaded``), and ``index.js`` having read every entry and drawn its first
page (the ``index-drawn`` performance mark), then the time of one search over all of
them. Also prints the index's size and the bytes per entry kept in memory while the
report runs (tracemalloc). Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from noticeparse.review.html import write_assets
from noticeparse.review.index import IndexRows, write_index

COUNTED = ["outline", "measures", "doc_numbers", "titles", "dates", "quantities", "contacts", "topics"]
KINDS = ["巡察整改", "巡视整改", "审计整改", "典型问题通报", "政策文件", "工作动态", "", "纪律处分"]
UNITS = ["市住房和城乡建设局党组", "中共某某区农业农村局党组", "县委第三巡察组", "某某集团党委", "市审计局",
         "区人民政府办公室", "市纪委监委", "中共某某镇委员会"]


def build_rows(count: int, seed: int = 7) -> IndexRows:
    """``count`` synthetic entries, added as the report adds them (``IndexRows.add``)."""
    rng = random.Random(seed)
    issuers = [f"{rng.choice(['市', '区', '县'])}{i:03d}{rng.choice(UNITS)}" for i in range(600)]
    rows = IndexRows(COUNTED)
    for i in range(count):
        issuer = rng.choice(issuers)
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        notice = {
            "notice_id": f"{rng.getrandbits(64):016x}",
            "title": f"{issuer}关于{rng.choice(['市委', '区委'])}第{rng.randint(1, 9)}巡察组巡察反馈意见整改进展情况的通报(第{i}号)",
            "kind": rng.choice(KINDS), "issuer": issuer, "publish_date": day if rng.random() > 0.03 else None,
            "n_chars": rng.randint(600, 4000), "source": f"bench/out/archive/{i // 1000:04d}/n{i:06d}.html",
        }
        tables = {name: [{}] * rng.randint(0, 60) for name in COUNTED}
        tables["outline"] = [{"is_finding": rng.random() < 0.25} for _ in range(rng.randint(5, 60))]
        rows.add(notice, tables, f"notice-{notice['notice_id']}.html")
    return rows


def entry_bytes(count: int = 20_000) -> float:
    """Bytes of memory per entry while the report holds them (tracemalloc over ``count`` entries)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    rows = build_rows(count, seed=11)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del rows
    return (after - before) / count


def open_times(index: Path, runs: int) -> list[dict[str, float]]:
    """Navigation → first HTML rows, → index.js drawn, and one search, in ms, per run."""
    from selenium import webdriver
    from selenium.webdriver.support.ui import WebDriverWait

    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900"):
        options.add_argument(flag)
    results = []
    for _ in range(runs):
        options.arguments[:] = [a for a in options.arguments if not a.startswith("--user-data-dir")]
        options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}")
        service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        driver = webdriver.Chrome(options=options, service=service)
        try:
            driver.set_page_load_timeout(120)
            driver.get(index.as_uri())
            WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.documentElement.dataset.indexReady"))
            timing = driver.execute_script(
                "const n = performance.getEntriesByType('navigation')[0];"
                "const m = performance.getEntriesByName('index-drawn')[0];"
                "return {html_rows: n.domContentLoadedEventEnd, loaded: n.loadEventEnd, drawn: m.startTime,"
                " rows: document.querySelectorAll('#index-table tbody tr').length}")
            timing["search"] = driver.execute_script(
                "const s = document.querySelector(\"input[data-filter='q']\"); const t = performance.now();"
                "s.value = '巡察组巡察反馈意见整改进展情况的通报(第9'; s.dispatchEvent(new Event('input'));"
                "return performance.now() - t;")
            results.append(timing)
        finally:
            driver.quit()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/report-open"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--index", type=Path, help="open this report's index.html instead of a synthetic one")
    args = parser.parse_args()
    if args.index:
        runs = open_times(args.index.resolve(), args.runs)
        print(json.dumps({"index": str(args.index), "index_bytes": args.index.stat().st_size,
                          "runs_ms": [{k: round(v, 1) for k, v in run.items()} for run in runs]}, indent=2))
        return
    started = time.process_time()
    rows = build_rows(args.count)
    args.out.mkdir(parents=True, exist_ok=True)
    write_assets(args.out)
    index = args.out / "index.html"
    write_index(index, rows, "<header class=\"top\"><h1>synthetic index</h1></header>", "", "")
    written = time.process_time() - started
    runs = open_times(index, args.runs)
    summary = {
        "count": args.count, "index_bytes": index.stat().st_size, "build_and_write_cpu_s": round(written, 2),
        "entry_bytes_in_memory": round(entry_bytes(), 1),
        "runs_ms": [{k: round(v, 1) for k, v in run.items()} for run in runs],
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
