"""Attachment text (附件): PDF (pypdf, then pdfplumber if installed), DOCX and OFD.

Pure: bytes in, text or an error out. A PDF without a text layer (a scan) gives
error W106 rather than empty text passing silently; other failures give W107.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

__all__ = ["AttachmentError", "AttachmentText", "attachment_text"]

_MIN_CHARS = 10  # fewer extracted characters than this from a PDF means no usable text layer
_MAX_OFD_PAGES = 500


@dataclass(frozen=True, slots=True)
class AttachmentError:
    """Why an attachment gave no text (W106 no text layer, W107 unreadable or unsupported)."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class AttachmentText:
    """The text of one attachment, or the error that kept it from being read."""

    text: str
    error: AttachmentError | None = None


def _kind(data: bytes, name: str) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "unknown"
        if "word/document.xml" in names:
            return "docx"
        if any(n.upper().endswith("OFD.XML") for n in names):
            return "ofd"
    return name.rsplit(".", 1)[-1].lower() if "." in name else "unknown"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join((page.extract_text() or "").strip() for page in reader.pages)
    if len("".join(text.split())) >= _MIN_CHARS:
        return text.strip()
    try:  # pdfplumber reads some CJK layouts that pypdf misses; optional
        import pdfplumber
    except ImportError:
        return text.strip()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join((page.extract_text() or "") for page in pdf.pages).strip()


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _ofd_text(data: bytes) -> str:
    """OFD (GB/T 33190): text is in TextCode elements of each page's Content.xml."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    pages = sorted(n for n in archive.namelist() if n.lower().endswith("content.xml"))[:_MAX_OFD_PAGES]
    lines = []
    for name in pages:
        root = etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False, no_network=True))
        codes = [el.text or "" for el in root.iter() if isinstance(el.tag, str) and el.tag.endswith("TextCode")]
        lines.append("".join(codes))
    return "\n".join(line for line in lines if line.strip())


_READERS = {"pdf": _pdf_text, "docx": _docx_text, "ofd": _ofd_text}


def attachment_text(data: bytes, name: str = "") -> AttachmentText:
    """Extract the text of one attachment.

    >>> attachment_text(b"not a pdf", "a.doc").error.code
    'W107'
    """
    kind = _kind(data, name)
    reader = _READERS.get(kind)
    if reader is None:
        return AttachmentText("", AttachmentError("W107", f"unsupported attachment type {kind!r}"))
    try:
        text = reader(data)
    except Exception as exc:  # noqa: BLE001 -- a broken attachment must not lose the notice it belongs to
        return AttachmentText("", AttachmentError("W107", f"unreadable {kind}: {type(exc).__name__}: {exc}"))
    if kind == "pdf" and len("".join(text.split())) < _MIN_CHARS:
        return AttachmentText("", AttachmentError("W106", "PDF has no text layer (a scan?); OCR needed"))
    return AttachmentText(text)
