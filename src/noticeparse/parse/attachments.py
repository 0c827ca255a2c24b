"""Attachment text (附件): PDF (pypdf, then pdfplumber if installed), DOCX and OFD.

Pure: bytes in, text or an error out. A PDF without a text layer (a scan) gives
error W106 rather than empty text passing silently; other failures give W107.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from noticeparse.errors import Code

__all__ = ["AttachmentError", "AttachmentText", "attachment_text"]

_MIN_CHARS = 10  # fewer extracted characters than this from a PDF means no usable text layer
_MAX_OFD_PAGES = 500
_MAX_PDF_PAGES = 2000  # checked before any page is read: 50,000 pages took a minute to refuse by length
# decompressed sizes, checked on the zip directory before anything is inflated (a zip bomb's
# 100 MB document.xml took 95 s and 956 MB to refuse); zipfile never inflates past a member's
# declared size, so the directory cannot lie about it. The XML cap is on the sum of the parts:
# python-docx parses every header, footer and note part, so seven 31 MB headers, each under a
# per-part cap, peaked at 5.1 GB (bench/hostile_memory.py measures it)
_MAX_XML_BYTES = 32 * 1024 * 1024  # all XML parts together (document.xml, headers, Content.xml …): ~10M characters
_MAX_ZIP_BYTES = 256 * 1024 * 1024  # all members, images included


class TooLarge(Exception):  # an outcome, reported as W104/E104
    """A document past a size or page limit: refused before it is read."""


@dataclass(frozen=True, slots=True)
class AttachmentError:
    """Why an attachment gave no text (W104 too large, W106 no text layer, W107 unreadable or unsupported)."""

    code: Code
    message: str


@dataclass(frozen=True, slots=True)
class AttachmentText:
    """The text of one attachment, or the error that kept it from being read."""

    text: str
    error: AttachmentError | None = None


def _kind(data: bytes, name: str) -> str:
    """The type by content, else by the name's suffix (a broken ``.docx`` is an unreadable docx)."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else "unknown"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return suffix
        if "word/document.xml" in names:
            return "docx"
        if any(n.upper().endswith("OFD.XML") for n in names):
            return "ofd"
    return suffix


def _check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a DOCX or OFD whose members inflate past the limits (read from the zip directory).

    The XML limit holds for all XML parts together, not for each: the parsers build a tree
    of every part they read.
    """
    members = archive.infolist()
    total = sum(info.file_size for info in members)
    if total > _MAX_ZIP_BYTES:
        raise TooLarge(f"{total} bytes decompressed (limit {_MAX_ZIP_BYTES})")
    xml = [info for info in members if info.filename.lower().endswith((".xml", ".rels"))]
    xml_total = sum(info.file_size for info in xml)
    if xml_total > _MAX_XML_BYTES:
        largest = max(xml, key=lambda info: info.file_size)
        raise TooLarge(f"{xml_total} bytes of XML decompressed in {len(xml)} parts (limit {_MAX_XML_BYTES} in all;"
                       f" the largest, {largest.filename}: {largest.file_size})")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    # the page tree's /Count first: len(reader.pages) walks the whole tree (12 s for 50,000 pages)
    if (pages := _declared_pages(reader)) > _MAX_PDF_PAGES or (pages := len(reader.pages)) > _MAX_PDF_PAGES:
        raise TooLarge(f"{pages} pages (limit {_MAX_PDF_PAGES})")
    text = "\n".join((page.extract_text() or "").strip() for page in reader.pages)
    if len("".join(text.split())) >= _MIN_CHARS:
        return text.strip()
    try:  # pdfplumber reads some CJK layouts that pypdf misses; optional
        import pdfplumber
    except ImportError:
        return text.strip()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join((page.extract_text() or "") for page in pdf.pages).strip()


def _declared_pages(reader: object) -> int:
    """The page count the PDF's root page tree declares (0 when it declares none)."""
    try:
        return int(reader.trailer["/Root"]["/Pages"]["/Count"])  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 -- a broken tree raises pypdf's own errors; then len(reader.pages) decides
        return 0


def _docx_text(data: bytes) -> str:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _check_zip(archive)
    document = docx.Document(io.BytesIO(data))
    lines = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _ofd_text(data: bytes) -> str:
    """OFD (GB/T 33190): text is in TextCode elements of each page's Content.xml."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    _check_zip(archive)
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
        return AttachmentText("", AttachmentError(Code.W107, f"unsupported attachment type {kind!r}"))
    try:
        text = reader(data)
    except TooLarge as exc:
        return AttachmentText("", AttachmentError(Code.W104, f"{kind} too large: {exc}"))
    except Exception as exc:  # noqa: BLE001 -- a broken attachment must not lose the notice it belongs to
        return AttachmentText("", AttachmentError(Code.W107, f"unreadable {kind}: {type(exc).__name__}: {exc}"))
    if kind == "pdf" and len("".join(text.split())) < _MIN_CHARS:
        return AttachmentText("", AttachmentError(Code.W106, "PDF has no text layer (a scan?); OCR needed"))
    return AttachmentText(text)
