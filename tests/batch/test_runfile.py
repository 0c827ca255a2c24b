"""pipeline/README.md documents every key a run file may hold, and the shipped files load (issue 26)."""

from __future__ import annotations

import re
from pathlib import Path

from noticeparse.batch.runfile import _SOURCE_KEYS, _TOP_KEYS, load_config
from noticeparse.sites import load_profile_file

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"


def _documented(heading: str) -> set[str]:
    text = (PIPELINE / "README.md").read_text(encoding="utf-8")
    block = text[text.index(heading):]
    block = block[:block.index("\n## ", 5)] if "\n## " in block[5:] else block
    return set(re.findall(r"^\| `(\w+)` \|", block, re.MULTILINE))


def test_the_keys_of_a_run_file_are_documented():
    assert _documented("## Keys of a run file") == _TOP_KEYS  # the run's own and the settings
    assert _documented("## Keys of a `[[sources]]` table") == _SOURCE_KEYS


def test_the_shipped_run_files_and_profile_load():
    for path in sorted(PIPELINE.glob("*.toml")):
        config = load_config(path)
        assert config.sources, path
    ccdi = load_config(PIPELINE / "ccdi.toml")
    assert ccdi.stages == ("crawl", "parse", "report") and Path(ccdi.sources[0].profile or "").is_absolute()
    profile = load_profile_file(PIPELINE / "sites" / "ccdi.yaml")
    assert profile.family == "trs" and profile.start == ("https://www.ccdi.gov.cn/yaowenn/",)
