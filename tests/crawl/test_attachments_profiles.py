"""Attachment readers (PDF, DOCX, OFD) and the site-profile loader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from crawl_sites import make_ofd, make_pdf  # type: ignore[import-not-found]

from noticeparse.parse.attachments import attachment_text
from noticeparse.sites import ProfileError, detect_family, families, load_profile, load_profile_file

pytestmark = pytest.mark.slow  # real processes, servers or long loops: not in `make test-fast`


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "王喆", "书记"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


CASES = [
    ("pdf-text", make_pdf("Rectification list 2023"), "a.pdf", "Rectification list 2023", None),
    ("pdf-scan", make_pdf(None), "scan.pdf", "", "W106"),
    ("docx", _docx(["附件1", "整改清单：共12项。"]), "a.docx", "整改清单：共12项。\n王喆\t书记", None),
    ("ofd", make_ofd("关于整改情况的通报"), "a.ofd", "关于整改情况的通报", None),
    ("doc-binary", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "a.doc", "", "W107"),
    ("broken-pdf", b"%PDF-1.4 broken", "b.pdf", "", "W107"),
]


@pytest.mark.parametrize(("data", "name", "contains", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_attachment_text(data: bytes, name: str, contains: str, code: str | None) -> None:
    result = attachment_text(data, name)
    assert contains in result.text
    assert (result.error.code if result.error else None) == code


def test_every_family_profile_loads() -> None:
    for family in families():
        profile = load_profile(family)
        assert profile.body and profile.article_link, family


def test_site_profile_extends_family(tmp_path: Path) -> None:
    path = tmp_path / "ccdi.yaml"
    path.write_text("extends: trs\nstart: ['https://www.ccdi.gov.cn/toutiaon/']\nbody: ['.my-body']\n",
                    encoding="utf-8")
    profile = load_profile_file(path)
    assert (profile.family, profile.body, profile.start) == ("trs", (".my-body",), ("https://www.ccdi.gov.cn/toutiaon/",))
    assert profile.page_count  # inherited from trs.yaml


@pytest.mark.parametrize(("text", "message"), [
    ("extends: trs\n", "needs start"),
    ("extends: trs\nstart: [x]\nselectors: {}\n", "unknown keys"),
    ("extends: trs\nstart: [x]\narticle: {link: '(['}\n", "bad pattern"),
])
def test_bad_profiles_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile_file(path)


def test_unknown_site_falls_back_to_generic() -> None:
    assert detect_family("http://example.org/news/", "<ul><li>nothing here</li></ul>").family == "generic"
