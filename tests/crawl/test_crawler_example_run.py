"""The shipped example run file and site profile work end to end (issue 26: the README named a
profile that did not ship, and no file said what a run file's keys are).

``pipeline/ccdi.toml`` and ``pipeline/sites/ccdi.yaml`` are copied into a project folder with
only the start URL pointed at the TRS fixture site on 127.0.0.1 (tests never leave the machine)
and the delay at 0; ``noticeparse run`` then crawls, parses and writes the report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from noticeparse.cli import main

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # a real server and worker processes


def test_the_example_run_file_crawls_parses_and_reports(site, tmp_path: Path) -> None:
    facts = site("trs")
    project = tmp_path / "project"
    (project / "pipeline" / "sites").mkdir(parents=True)
    shutil.copy(ROOT / "pipeline" / "ccdi.toml", project / "pipeline" / "ccdi.toml")
    profile = (ROOT / "pipeline" / "sites" / "ccdi.yaml").read_text(encoding="utf-8")
    assert "https://www.ccdi.gov.cn/yaowenn/" in profile
    profile = profile.replace("https://www.ccdi.gov.cn/yaowenn/", str(facts["start"]))
    profile = profile.replace("delay: 2 ", "delay: 0 ").replace("since: '2024-01-01'", "since: '2000-01-01'")
    (project / "pipeline" / "sites" / "ccdi.yaml").write_text(profile, encoding="utf-8")
    done = CliRunner().invoke(main, ["run", str(project / "pipeline" / "ccdi.toml"), "--workers", "1"])
    assert done.exit_code in (0, 1), done.output  # 1: the fixture's scanned PDF attachment (W106) is not a failure
    notices = pq.read_table(project / "parsed-ccdi" / "notices").to_pylist()
    assert {n["url"] for n in notices} == set(facts["articles"])  # type: ignore[arg-type]
    assert (project / "report" / "index.html").exists()
    assert any((project / "raw" / "sites").iterdir())
