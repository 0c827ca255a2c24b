"""Peak memory of the hostile set, each input parsed in a fresh process (issue 28: under 1 GB each).

    .venv/bin/python bench/hostile_memory.py [--json bench/hostile_memory.json] [--per-part] [--only NAME]

Cases (all built here, deterministically):
- ``docx-7-headers``: a DOCX whose seven header parts hold 31 MB of XML each (each under the
  old per-part cap of 32 MB; 217 MB together). Before the cap on the sum it peaked at 5.1 GB.
- ``docx-31mb-body``: one document.xml of 31 MB of real paragraphs, the largest DOCX the cap admits.
- ``ofd-40-pages``: an OFD of 40 Content.xml pages of 0.75 MB each (30 MB together).
- ``html-1m-p``: a page of 1,000,000 ``<p>`` (11 MB): past 180 s before, now an E104 row (element cap).
- ``html-500k-attributes``: one element with 500,000 attributes: minutes in libxml2 before, now E104.
- ``html-100k-table``: a page of 100,000 elements of table rows, the most the element cap admits.
- ``text-100k-penalties``: 100,000 characters of penalties with no full stop (the case reading
  was quadratic in such a run).

The DOCX and OFD cases run ``noticeparse.parse.attachment_text`` in a child process, the others
the whole parse of one input file as ``noticeparse parse`` reads it (``parse_input``: the per-notice
budget, segmentation); each reports its ``ru_maxrss``. ``--per-part`` applies the old per-part check
instead (to measure "before"; it needs several GB of free memory). Peak RSS is what the issue
bounds (1 GB), not time.
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


def page(unit: str, count: int) -> bytes:
    return f'<html><head><meta charset="utf-8"><title>通报</title></head><body><div>{unit * count}</div></body></html>'.encode()


def attributes(count: int) -> bytes:
    return page("<p " + " ".join(f"a{i}=1" for i in range(count)) + ">巡察</p>", 1)


CASES = {  # name: (file suffix, builder)
    "docx-7-headers": ("docx", lambda: docx(7, 31 * MB, 0)),
    "docx-31mb-body": ("docx", lambda: docx(0, 0, 31 * MB)),
    "ofd-40-pages": ("ofd", lambda: ofd(40, 3 * MB // 4)),
    "html-1m-p": ("html", lambda: page("<p>巡察</p>", 1_000_000)),
    "html-500k-attributes": ("html", lambda: attributes(500_000)),
    "html-100k-table": ("html", lambda: page("<tr><td>1</td><td>市委第二巡察组</td><td>2021年8月5日</td></tr>", 24_998)),
    "text-100k-penalties": ("txt", lambda: ("受到通报批评" * 16_667).encode()),
}

_CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from noticeparse.parse import attachments, iter_inputs, parse_input
if sys.argv[2].endswith((".html", ".txt")):  # the whole parse of one input file, as `noticeparse parse`
    started = time.perf_counter()
    notice = parse_input(next(iter_inputs([sys.argv[2]])))
    seconds = time.perf_counter() - started
    code = ",".join(i.code for i in notice.issues if i.code.startswith("E")) or "ok"
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, len(notice.text), round(seconds, 2))
    sys.exit(0)
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
    suffix, build = CASES[name]
    path = folder / f"{name}.{suffix}"
    path.write_bytes(build())
    done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT / "src"), str(path),
                           "per-part" if per_part else "sum"], capture_output=True, text=True, check=True)
    rss_kb, code, chars, seconds = done.stdout.split()
    return {"case": name, "file_bytes": path.stat().st_size, "peak_rss_mb": round(int(rss_kb) / 1024, 1),
            "result": code, "chars": int(chars), "seconds": float(seconds), "check": "parse" if suffix in ("html", "txt") else "per-part" if per_part else "sum"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the results here as well")
    parser.add_argument("--per-part", action="store_true", help="measure the old per-part check (needs GBs)")
    parser.add_argument("--only", action="append", choices=list(CASES), help="this case only (repeatable)")
    args = parser.parse_args()
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only or CASES:
            row = measure(name, args.per_part, Path(folder))
            rows.append(row)
            print(f"{row['case']:<21} {row['check']:<8} {row['result']:<5} peak RSS {row['peak_rss_mb']:>7} MB"
                  f"  {row['chars']:>9} chars  {row['seconds']:>6} s  ({row['file_bytes']} bytes)", flush=True)
    worst = max(rows, key=lambda row: float(row["peak_rss_mb"]))  # type: ignore[arg-type]
    print(f"peak RSS of the hostile set: {worst['peak_rss_mb']} MB ({worst['case']}); the bound is 1024 MB")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
