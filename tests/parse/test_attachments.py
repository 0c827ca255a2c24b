"""Attachment readers (PDF, DOCX, OFD): text, and the warning code when there is none."""

from __future__ import annotations

import io

import pytest
from documents import make_ofd, make_pdf  # type: ignore[import-not-found]

from noticeparse.parse.attachments import attachment_text


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
