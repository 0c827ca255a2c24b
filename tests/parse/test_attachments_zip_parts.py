"""Issue 28: the XML parts of a DOCX or OFD are capped together, not one by one.

A DOCX with seven header parts of 31 MB each (each under a 32 MB per-part cap) made
python-docx build a tree of every one: 5.1 GB at its peak. The cap now holds for the sum
and is checked on the zip directory, before anything is inflated or parsed; a document
under it still reads. Peak memory itself is measured by ``bench/hostile_memory.py``.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from noticeparse.parse import ParseOptions, attachments, parse_bytes
from noticeparse.parse.attachments import attachment_text

MB = 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(header_sizes: list[int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {W}><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body>"
                   "</w:document>")
        for i, size in enumerate(header_sizes):
            z.writestr(f"word/header{i}.xml", f"<w:hdr {W}>".encode() + b" " * size + b"</w:hdr>")
    return buffer.getvalue()


@pytest.mark.parametrize("size", [pytest.param(31 * MB, marks=pytest.mark.slow), 31 * 1024],
                         ids=["31MB-parts", "31KB-parts"])
def test_seven_headers_each_under_the_cap_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch, size: int):
    import docx

    if size < MB:  # the same shape at a thousandth of the scale: the cap scaled down with it
        monkeypatch.setattr(attachments, "_MAX_XML_BYTES", 32 * 1024)
    data = _docx([size] * 7)
    assert len(data) < 2 * MB
    monkeypatch.setattr(docx, "Document", lambda *_a: pytest.fail("the document was opened"))
    result = attachment_text(data, "hostile.docx")
    assert result.error is not None and result.error.code == "W104"
    assert "in 9 parts" in result.error.message and f"limit {attachments._MAX_XML_BYTES} in all" in result.error.message
    notice = parse_bytes(data, ParseOptions(source="hostile.docx", kind="document"))
    assert [i.code for i in notice.issues] == ["E104"]  # a document of its own: the input fails, nothing hangs


def test_the_sum_counts_for_ofd_pages_too(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(attachments, "_MAX_XML_BYTES", 10_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as ofd:
        ofd.writestr("OFD.xml", "<ofd:OFD/>")
        for n in range(4):  # 4 pages of 3,000 bytes: each under the cap, 12,000 together
            ofd.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", "<Page><TextCode>通报</TextCode>" + " " * 3000 + "</Page>")
    result = attachment_text(buffer.getvalue(), "a.ofd")
    assert result.error is not None and result.error.code == "W104" and "in all" in result.error.message


def test_documents_under_the_sum_still_read():
    import docx

    document = docx.Document()
    for line in ("关于整改情况的通报", "一、总体情况"):
        document.add_paragraph(line)
    document.sections[0].header.paragraphs[0].text = "某某市纪委监委"
    buffer = io.BytesIO()
    document.save(buffer)
    result = attachment_text(buffer.getvalue(), "ok.docx")
    assert result.error is None and result.text == "关于整改情况的通报\n一、总体情况"
