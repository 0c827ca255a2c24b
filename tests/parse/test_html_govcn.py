"""The 信息公开 pages of ../shared/corpus/govcn-html (29 State Council policy pages).

Truth: ``gold.jsonl`` (title = the 标题 cell, publish_date = the 发布日期 cell) and the page's
own metadata table read here with a plain regex, independently of ``info_table`` (issuer =
发文机关, written_date = 成文日期, doc_number = 发文字号). Every field must be exact on every page,
with the table, and the title also without it (from the headline broken over lines).
"""

from __future__ import annotations

import json
import re

import pytest

from noticeparse.parse import ParseOptions, parse_bytes, parse_text
from noticeparse.parse.html import iso_date

_CELL = re.compile(r"<td[^>]*>\s*<b>([^<]*)</b>\s*</td>\s*<td[^>]*>([^<]*)</td>")
_LABELS = {"发文机关": "issuer", "成文日期": "written_date", "发文字号": "doc_number"}


@pytest.fixture(scope="module")
def pages(shared_corpus):
    folder = shared_corpus / "govcn-html"
    if not (folder / "gold.jsonl").is_file():
        pytest.skip("../shared/corpus/govcn-html is not here")
    out = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        raw = (folder / f"{gold['id']}.html").read_bytes()
        truth = {"title": gold["title"], "publish_date": gold["publish_date"]}
        for label, value in _CELL.findall(raw.decode("utf-8")):
            name = _LABELS.get(re.sub(r"\s", "", label).rstrip("："))
            if name:
                truth[name] = iso_date(value) if name == "written_date" else value.strip()
        out.append((gold, truth, parse_bytes(raw, ParseOptions(source=f"govcn-html/{gold['id']}.html", kind="html"))))
    return out


@pytest.mark.parametrize("field", ["title", "publish_date", "issuer", "written_date", "doc_number"])
def test_govcn_fields_exact_on_every_page(pages, field: str) -> None:
    misses = []
    for gold, truth, notice in pages:
        got = getattr(notice.meta, field)
        got = got.isoformat() if hasattr(got, "isoformat") else got
        if got != truth[field]:
            misses.append((gold["id"], got, truth[field]))
    print(f"\ngovcn {field}: {len(pages) - len(misses)}/{len(pages)} exact")
    assert not misses, misses[:5]


def test_govcn_index_and_topic_from_the_table(pages) -> None:
    for gold, _truth, notice in pages:
        assert notice.meta.index_no and notice.meta.index_no.startswith("000014349/"), gold["id"]
        assert notice.meta.topic_class, gold["id"]


def test_govcn_headline_titles_without_the_table(pages) -> None:
    """The body alone: titles broken over two or three lines, and the decree page, come out whole."""
    misses = [(g["id"], t) for g, _truth, _n in pages if (t := parse_text(g["body"]).meta.title) != g["title"]]
    assert not misses, misses[:5]


@pytest.mark.slow  # the whole pages evaluation over both corpora
def test_eval_reports_every_template_exact(shared_corpus) -> None:
    from noticeparse.evaluation.pages import score_pages

    report = score_pages(shared_corpus, generic=False)
    govcn = next(v for k, v in report.templates.items() if k.startswith("govcn-html"))
    assert all(ok == total == 29 for ok, total in govcn.values()), govcn
    ccdi = [v for k, v in report.templates.items() if k.startswith("ccdi-html")]
    assert sum(v["title"][0] for v in ccdi) == sum(v["title"][1] for v in ccdi) == 56
    assert sum(v["publish_date"][0] for v in ccdi) == 56
    assert "govcn-html govcn #UCAP-CONTENT" in report.render()
