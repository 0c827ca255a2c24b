"""The one-notice parse reads a page with its family's own selectors (issue 24).

The family is the one the crawler recorded in the page's sidecar, else the one the page's
markers fit; the profiles are those of the run's rules root. The page below has two title
candidates: ``#ti`` comes first for gov.cn (and for the generic profile), ``.article-title``
for TRS, so the title says which profile read it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from noticeparse.parse import ParseOptions, iter_inputs, parse_bytes, parse_input
from noticeparse.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PAGE = ('<html><head><title>站点首页</title></head><body><div id="ti">栏目：通报曝光</div>'
        '<div class="article-title">关于整改情况的通报</div>'
        '<div class="TRS_Editor"><p>正文内容：巡察组进驻，发现问题三项，整改完成。</p></div></body></html>')
NO_WORDS = Settings(segment=False)


def _stored(folder: Path, family: str | None) -> Path:
    """The page in a raw store, with a sidecar that records ``family`` (none when None)."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    if family is not None:
        sidecar = {"url": "http://www.x.gov.cn/a/202305/t20230521_1.html", "family": family, "kind": "article"}
        (folder / "a.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return page


def _title(page: Path, settings: Settings = NO_WORDS) -> str | None:
    item = next(iter_inputs([str(page)]))
    return parse_input(item, ParseOptions(settings=settings)).meta.title


@pytest.mark.parametrize(("family", "title"), [
    ("trs", "关于整改情况的通报"),  # .article-title comes before TRS's h1 and it has no #ti
    ("govcn", "栏目：通报曝光"),  # #ti is gov.cn's first title selector
    (None, "关于整改情况的通报"),  # no sidecar: the TRS_Editor marker says TRS
])
def test_the_recorded_or_detected_family_reads_the_page(tmp_path: Path, family: str | None, title: str):
    assert _title(_stored(tmp_path / "raw", family)) == title


def test_the_family_comes_from_the_run_rules_root(tmp_path: Path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    trs = rules / "sites" / "trs.yaml"
    trs.write_text(re.sub(r"'\.article-title', ", "", trs.read_text(encoding="utf-8")), encoding="utf-8")
    page = _stored(tmp_path / "raw", "trs")
    assert _title(page) == "关于整改情况的通报"
    assert _title(page, Settings(rules_root=rules, segment=False)) == "站点首页"  # left to the <title>


def test_parse_bytes_detects_the_family_without_a_sidecar():
    notice = parse_bytes(PAGE.encode(), ParseOptions(kind="html", family="govcn", settings=NO_WORDS))
    assert notice.meta.title == "栏目：通报曝光"
    assert parse_bytes(PAGE.encode(), ParseOptions(kind="html", settings=NO_WORDS)).meta.title == "关于整改情况的通报"
