"""The same per-notice budget on every engine (issue 28): a Dask worker stops a notice the local engine stops.

Before, the budget's ``SIGALRM`` timer was armed only on a main thread, and a Dask worker
runs tasks on threads: a notice over the budget ran to its end there and was parsed,
while the local engine wrote an E201 row, so the two outputs differed. The slow notice
here is a legal one (600,000 characters of paragraphs, many seconds to parse), the budget
2 s; the samples parse in a fraction of it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from noticeparse.batch import BatchOptions, run_batch
from noticeparse.settings import Settings
from noticeparse.store.query import connect

pytestmark = pytest.mark.slow  # a Dask cluster of real processes

SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"
TABLES = ("notices", "outline", "dates", "quantities", "doc_numbers", "titles", "contacts", "errors")
PARAGRAPH = "根据市委统一部署，市委第二巡察组于2021年8月5日对新区进行了巡察，反馈问题12个。\n"


def _rows(outdir: Path, table: str) -> list[tuple]:
    con = connect(outdir)
    columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
    exclude = " EXCLUDE (pub_year)" if "pub_year" in columns else ""
    return con.execute(f'SELECT *{exclude} FROM "{table}" ORDER BY ALL').fetchall()


def test_dask_and_local_agree_on_a_notice_over_the_budget(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    (src / "slow.txt").write_text(PARAGRAPH * (600_000 // len(PARAGRAPH)), encoding="utf-8")
    settings = Settings(notice_timeout=2)
    local = run_batch([str(src)], tmp_path / "local", settings=settings,
                      options=BatchOptions(workers=1, progress=False, buckets=4))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options = BatchOptions(engine="dask", scheduler=cluster.scheduler_address, progress=False, buckets=4)
        dask = run_batch([str(src)], tmp_path / "dask", settings=settings, options=options)
    over = [(e["code"], Path(e["source"]).name) for e in dask.errors]
    assert over == [(e["code"], Path(e["source"]).name) for e in local.errors] == [("E201", "slow.txt")]
    assert dask.notices == local.notices == len(list(SAMPLES.iterdir())) + 1
    for table in TABLES:
        assert _rows(tmp_path / "dask", table) == _rows(tmp_path / "local", table), table
