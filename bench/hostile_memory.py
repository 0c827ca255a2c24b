"""Peak memory of hostile and largest-legal DOCX/OFD inputs, each parsed in a fresh process (issue 28).

    .venv/bin/python bench/hostile_memory.py [--json bench/hostile_memory.json] [--per-part]

Cases (all built here, deterministically):
- ``docx-7-headers``: a DOCX whose seven header parts hold 31 MB of XML each (each under the
  old per-part cap of 32 MB; 217 MB together). Before the cap on the sum it peaked at 5.1 GB.
- ``docx-31mb-body``: one document.xml of 31 MB of real paragraphs, the largest DOCX the cap admits.
- ``ofd-40-pages``: an OFD of 40 Content.xml pages of 0.75 MB each (30 MB together).

Each case runs ``noticeparse.parse.attachment_text`` in a child process and reads its
``ru_maxrss``; ``--per-part`` applies the old per-part check instead (to measure "before";
it needs several GB of free memory). Peak RSS is what the issue bounds (1 GB), not time.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _paragraphs(size: int) -> bytes:
    """``<w:p>`` elements of Chinese text, about ``size`` bytes of XML."""
    one = "<w:p><w:r><w:t>关于整改情况的通报：2021年8月5日完成整改投资120万元。</w:t></w:r></w:p>".encode()
    return one * (size // len(one))


def docx(headers: int, header_bytes: int, body_bytes: int) -> bytes:
    """A DOCX python-docx opens: a body, ``headers`` header parts of ``header_bytes`` each."""
    rels = "".join(f'<Relationship Id="rH{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/header" Target="header{i}.xml"/>' for i in range(headers))
    refs = "".join(f'<w:headerReference w:type="default" r:id="rH{i}"/>' for i in range(headers))
    overrides = "".join(f'<Override PartName="/word/header{i}.xml" ContentType="application/vnd.openxmlformats-'
                        f'officedocument.wordprocessingml.header+xml"/>' for i in range(headers))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'wordprocessingml.document.main+xml"/>{overrides}</Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'))
        z.writestr("word/_rels/document.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>"))
        body = _paragraphs(body_bytes) or b"<w:p><w:r><w:t>\xe6\xad\xa3\xe6\x96\x87</w:t></w:r></w:p>"
        z.writestr("word/document.xml", f"<w:document {W} {R}><w:body>".encode() + body
                   + f"<w:sectPr>{refs}</w:sectPr></w:body></w:document>".encode())
        for i in range(headers):
            z.writestr(f"word/header{i}.xml", f"<w:hdr {W}>".encode() + _paragraphs(header_bytes) + b"</w:hdr>")
    return buffer.getvalue()


def ofd(pages: int, page_bytes: int) -> bytes:
    code = "<ofd:TextObject><ofd:TextCode>关于整改情况的通报。</ofd:TextCode></ofd:TextObject>".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        for n in range(pages):
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", b"<ofd:Page xmlns:ofd='http://www.ofdspec.org/2016'>"
                       + code * (page_bytes // len(code)) + b"</ofd:Page>")
    return buffer.getvalue()


CASES = {
    "docx-7-headers": lambda: docx(7, 31 * MB, 0),
    "docx-31mb-body": lambda: docx(0, 0, 31 * MB),
    "ofd-40-pages": lambda: ofd(40, 3 * MB // 4),
}

_CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from noticeparse.parse import attachments
if sys.argv[3] == "per-part":  # the check before issue 28: each XML part alone against the cap
    def per_part(archive):
        for info in archive.infolist():
            if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > attachments._MAX_XML_BYTES:
                raise attachments.TooLarge(info.filename)
    attachments._check_zip = per_part
data = open(sys.argv[2], "rb").read()
started = time.perf_counter()
result = attachments.attachment_text(data, sys.argv[2])
seconds = time.perf_counter() - started
code = result.error.code if result.error else "ok"
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, len(result.text), round(seconds, 2))
"""


def measure(name: str, per_part: bool, folder: Path) -> dict[str, object]:
    path = folder / f"{name}.{'ofd' if name.startswith('ofd') else 'docx'}"
    path.write_bytes(CASES[name]())
    done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT / "src"), str(path),
                           "per-part" if per_part else "sum"], capture_output=True, text=True, check=True)
    rss_kb, code, chars, seconds = done.stdout.split()
    return {"case": name, "file_bytes": path.stat().st_size, "peak_rss_mb": round(int(rss_kb) / 1024, 1),
            "result": code, "chars": int(chars), "seconds": float(seconds), "check": "per-part" if per_part else "sum"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the results here as well")
    parser.add_argument("--per-part", action="store_true", help="measure the old per-part check (needs GBs)")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(name, args.per_part, Path(folder)) for name in CASES]
    for row in rows:
        print(f"{row['case']:<16} {row['check']:<8} {row['result']:<5} peak RSS {row['peak_rss_mb']:>7} MB"
              f"  {row['chars']:>9} chars  {row['seconds']:>6} s  ({row['file_bytes']} bytes)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
