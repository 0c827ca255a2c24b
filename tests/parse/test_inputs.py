"""Issue 12 ("nothing lost, nothing stuck"): hostile files and folders, lost state, lost parts.

Every case here was a report: a symlink loop that made ``batch`` delete a folder's
parts, a deleted part never written again, a missing input that emptied ``out/``,
a corrupt state database, non-UTF-8 file names and lone surrogates that crashed the
writers, zip bombs, huge PDFs, ``/dev/zero`` and FIFOs, links out of the input
folder and unsupported files skipped without a word. Runs that could hang (a FIFO)
go through a subprocess with a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from noticeparse.batch import OutputError
from noticeparse.batch.run import BatchOptions, OutputLayoutError, parse_paths, run_batch
from noticeparse.cli import main
from noticeparse.parse import ParseOptions, attachments, parse_bytes, parse_text
from noticeparse.parse.attachments import attachment_text
from noticeparse.parse.inputs import fs_path, iter_entries, source_name
from noticeparse.store import LINK_TABLES
from noticeparse.store import parquet as io_parquet
from noticeparse.store.query import connect
from noticeparse.store.rows import notice_rows

pytestmark = pytest.mark.slow  # real processes and hostile files: not in `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"
NOTICE = "关于整改的通报\n一、总体情况\n2021年8月5日,市委第二巡察组进驻,发现问题{n}项。\n"
OPTIONS = BatchOptions(workers=1, progress=False, buckets=8)
TIMEOUT = 300  # seconds before a hanging run counts as a failure


def _cli(*args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "noticeparse.cli", *args], capture_output=True, text=True,
                          check=False, timeout=timeout, env=env)


def _notices(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"n{n:02d}.txt").write_text(NOTICE.format(n=n + 1), encoding="utf-8")
    return folder


def _parts(outdir: Path) -> dict[str, int]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in outdir.glob("*/pub_year=*/*.parquet")}


def _table(outdir: Path, table: str) -> list[dict]:
    cursor = connect(outdir).execute(f'SELECT * FROM "{table}"')
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in paragraphs:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- data loss ---------------------------------------------------------------------------------


def test_symlink_loop_is_an_error_row_and_deletes_no_part(tmp_path: Path):
    src, out = _notices(tmp_path / "src", 1), tmp_path / "out"
    assert not run_batch([str(src)], out, options=OPTIONS).failed
    before = _parts(out)
    (src / "a.txt").symlink_to("b.txt")
    (src / "b.txt").symlink_to("a.txt")
    summary = run_batch([str(src)], out, options=OPTIONS)
    assert summary.notices + summary.skipped == 3
    assert sorted((e["source"], e["code"]) for e in summary.errors) == [
        ("src/a.txt", "E100"), ("src/b.txt", "E100")]  # sources relative to the input root
    assert [Path(r["source"]).name for r in _table(out, "notices")] == ["n00.txt"]
    if summary.skipped:  # the notice's bucket was not parsed again: its part is untouched
        assert set(before) <= set(_parts(out))


def test_unreadable_folder_keeps_what_it_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    src, out = _notices(tmp_path / "src" / "sub", 3).parent, tmp_path / "out"
    _notices(src / "subway", 1)  # a sibling whose name starts like the unreadable one
    run_batch([str(src)], out, options=OPTIONS)
    real = os.scandir

    def scandir(path):  # chmod 0 does not stop root, so the refusal is simulated
        if not isinstance(path, int) and Path(path) == src / "sub":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    (src / "subway" / "n00.txt").unlink()
    summary = run_batch([str(src)], out, options=OPTIONS)
    assert [e["code"] for e in summary.errors] == ["E100"] and "cannot list folder" in summary.errors[0]["message"]
    assert sorted(Path(r["source"]).parent.name for r in _table(out, "notices")) == ["sub"] * 3  # subway's is gone


def test_deleted_part_is_written_again(tmp_path: Path):
    src, out = _notices(tmp_path / "src", 12), tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    victim = min(out.glob("notices/*/*.parquet"))
    victim.unlink()
    summary = run_batch([str(src)], out, options=OPTIONS)
    assert victim.exists() and 0 < summary.notices < 12
    assert len(_table(out, "notices")) == 12
    assert run_batch([str(src)], out, options=OPTIONS).notices == 0


def test_batch_of_a_missing_source_is_a_usage_error_and_deletes_nothing(tmp_path: Path):
    src, out = _notices(tmp_path / "src", 2), tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)
    before = _parts(out)
    result = _cli("batch", str(tmp_path / "srx"), "-o", str(out))
    assert result.returncode == 2 and "no such file or folder" in result.stderr
    assert _parts(out) == before


def test_parse_and_batch_refuse_each_others_folders(tmp_path: Path):
    src = _notices(tmp_path / "src", 1)
    run_batch([str(src)], tmp_path / "dataset", options=OPTIONS)
    parse_paths([str(src)], tmp_path / "files", progress=False)
    with pytest.raises(OutputLayoutError, match="partitioned dataset"):
        parse_paths([str(src)], tmp_path / "dataset", progress=False)
    with pytest.raises(OutputLayoutError, match="single-file tables"):
        run_batch([str(src)], tmp_path / "files", options=OPTIONS)
    result = CliRunner().invoke(main, ["parse", str(src), "-o", str(tmp_path / "dataset")])
    assert result.exit_code == 2 and "written by `batch`" in result.output
    # the dataset's only single files are the tables across notices that `link` commits with it
    assert {p.stem for p in (tmp_path / "dataset").glob("*.parquet")} <= set(LINK_TABLES)


def test_failed_write_leaves_the_earlier_output_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    src, out = _notices(tmp_path / "src", 2), tmp_path / "out"
    parse_paths([str(src)], out, progress=False)
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    written = []
    real = io_parquet.write_table

    def failing(table, path):  # the disk fills up after a few tables
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(table, path)

    monkeypatch.setattr(io_parquet, "write_table", failing)
    (src / "n00.txt").write_text(NOTICE.format(n=99), encoding="utf-8")
    with pytest.raises(OutputError, match="the disk is full"):
        parse_paths([str(src)], out, progress=False)
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before
    assert len(list((out / "_snapshots").iterdir())) == 1  # no unfinished snapshot left either


@pytest.mark.parametrize("garbage", [os.urandom(4096), b"not a database, just text\n" * 40], ids=["random", "text"])
def test_corrupt_state_is_moved_aside_and_rebuilt(tmp_path: Path, garbage: bytes):
    src, out = _notices(tmp_path / "src", 12), tmp_path / "out"
    run_batch([str(src)], out, options=OPTIONS)  # 8 buckets
    state = out / "_state" / "state.sqlite"
    for extra in ("-wal", "-shm"):
        Path(f"{state}{extra}").unlink(missing_ok=True)
    state.write_bytes(garbage)
    result = _cli("batch", str(src), "-o", str(out), "--workers", "1")  # default bucket count: another layout
    assert result.returncode == 0, result.stderr
    assert "warning: batch state" in result.stderr and "Traceback" not in result.stderr
    assert list((out / "_state").glob("state.sqlite.corrupt-*"))
    rows = _table(out, "notices")
    assert len(rows) == 12 and len({r["source"] for r in rows}) == 12  # the old layout's parts are gone
    with closing(sqlite3.connect(state)) as db:
        assert db.execute("SELECT count(*) FROM inputs").fetchone()[0] == 12
    assert "0 inputs parsed, 12 unchanged" in _cli("batch", str(src), "-o", str(out)).stdout


# --- crashes -----------------------------------------------------------------------------------


def test_non_utf8_file_name_is_kept_escaped(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    name = os.fsdecode("通报.txt".encode("gbk"))  # a GBK file name: CD A8 B1 A8, of which CD A8 reads as UTF-8
    (src / name).write_text(NOTICE.format(n=3), encoding="utf-8")
    assert source_name(src / name) == f"{src}/\u0368\\xb1\\xa8.txt"
    assert fs_path(source_name(src / name)) == src / name
    parsed = parse_paths([str(src)], tmp_path / "files", progress=False)
    assert not parsed.failed
    [row] = pq.read_table(tmp_path / "files" / "notices.parquet").to_pylist()
    shown = "src/\u0368\\xb1\\xa8.txt"  # relative to the input root, the undecodable bytes escaped
    assert row["source"] == shown and row["title"] == "关于整改的通报"
    out = tmp_path / "dataset"
    summary = run_batch([str(src)], out, options=OPTIONS)
    assert summary.notices == 1 and not summary.failed
    assert [r["source"] for r in _table(out, "notices")] == [shown]
    assert run_batch([str(src)], out, options=OPTIONS).skipped == 1
    named = _cli("parse", str(src / name), "-o", str(tmp_path / "named"))  # the name as a command-line argument
    assert named.returncode == 0, named.stderr
    # a file named by an absolute path outside the working folder is shown by its name alone
    assert pq.read_table(tmp_path / "named" / "notices.parquet").column("source").to_pylist() == [shown[4:]]


def test_lone_surrogates_in_text_are_replaced(rules):
    notice = parse_text("关于整改的通报\ud800\n一、总体情况\udfff\n发现问题3项。",
                        ParseOptions(source="x\udcb6.txt", rules=rules))
    rows = notice_rows(notice, rules.sha256)
    for name, table_rows in rows.items():
        io_parquet.to_table(name, table_rows, rules.sha256)  # raised UnicodeEncodeError
    assert "\ufffd" in rows["notices"][0]["text"] and rows["notices"][0]["source"] == "x\\xb6.txt"
    assert "W202" in {e["code"] for e in rows["errors"]}
    utf7 = parse_bytes(b'<meta charset="utf-7"><p>+2AA-</p>', ParseOptions(source="a.html", rules=rules))
    for name, table_rows in notice_rows(utf7, rules.sha256).items():
        io_parquet.to_table(name, table_rows, rules.sha256)


def test_declared_codec_that_is_no_text_codec_is_ignored(rules):
    notice = parse_bytes("<meta charset=rot13><p>一、总体情况</p>".encode(), ParseOptions(source="a.html", rules=rules))
    assert notice.text and not [i for i in notice.issues if i.code.startswith("E")]


# --- unbounded and special files ---------------------------------------------------------------


def test_docx_zip_bomb_is_refused_before_it_is_inflated(monkeypatch: pytest.MonkeyPatch):
    import docx

    real = _docx(["关于整改情况的通报", "一、总体情况"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":  # 40 MB of padding, ~40 KB compressed
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (40 << 20))
            bomb.writestr(info.filename, data)
    assert len(buffer.getvalue()) < 1 << 20
    monkeypatch.setattr(docx, "Document", lambda *_a: pytest.fail("the bomb was opened"))
    result = attachment_text(buffer.getvalue(), "bomb.docx")
    assert result.error is not None and result.error.code == "W104" and "document.xml" in result.error.message
    notice = parse_bytes(buffer.getvalue(), ParseOptions(source="bomb.docx", kind="document"))
    assert [i.code for i in notice.issues] == ["E104"]


def test_ofd_members_are_capped(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(attachments, "_MAX_XML_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as ofd:
        ofd.writestr("OFD.xml", "<ofd:OFD/>")
        ofd.writestr("Doc_0/Pages/Page_0/Content.xml", "<Page><TextCode>通报</TextCode>" + " " * 5000 + "</Page>")
    assert attachment_text(buffer.getvalue(), "a.ofd").error.code == "W104"


def test_pdf_page_count_is_checked_before_any_page_is_read(monkeypatch: pytest.MonkeyPatch):
    from pypdf import PageObject, PdfWriter

    writer = PdfWriter()
    for _ in range(6):
        writer.add_blank_page(width=100, height=100)
    buffer = io.BytesIO()
    writer.write(buffer)
    monkeypatch.setattr(attachments, "_MAX_PDF_PAGES", 5)
    monkeypatch.setattr(PageObject, "extract_text", lambda *_a, **_k: pytest.fail("a page was read"))
    notice = parse_bytes(buffer.getvalue(), ParseOptions(source="big.pdf", kind="document"))
    assert [(i.code, i.message) for i in notice.issues] == [("E104", "pdf too large: 6 pages (limit 5)")]


def test_special_files_and_links_out_of_the_folder_are_error_rows(tmp_path: Path):
    outside = tmp_path / "secret.txt"
    outside.write_text("机密正文不应出现在输出中。", encoding="utf-8")
    src = _notices(tmp_path / "src", 1)
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "leak.txt").symlink_to(outside)
    (src / "inside.txt").symlink_to(src / "n00.txt")  # a link within the folder is followed
    os.mkfifo(src / "pipe.txt")
    result = _cli("parse", str(src), "-o", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr
    errors = {Path(e["source"]).name: e for e in pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()}
    assert {k: e["code"] for k, e in errors.items()} == {"zero.txt": "E100", "leak.txt": "E100", "pipe.txt": "E100"}
    assert "FIFO" in errors["pipe.txt"]["message"] and "outside" in errors["leak.txt"]["message"]
    notices = pq.read_table(tmp_path / "out" / "notices.parquet").to_pylist()
    assert sorted(Path(n["source"]).name for n in notices) == ["inside.txt", "n00.txt"]
    assert not any("机密" in n["text"] for n in notices)


def test_named_special_files_are_not_read(tmp_path: Path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # named on the command line: followed, then refused
    os.mkfifo(tmp_path / "pipe.html")
    result = _cli("parse", str(tmp_path / "zero.txt"), str(tmp_path / "pipe.html"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    errors = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert sorted(e["message"] for e in errors) == ["not a regular file (a FIFO)",
                                                    "not a regular file (a character device)"]


def test_unsupported_files_in_a_folder_are_warning_rows(tmp_path: Path):
    src = _notices(tmp_path / "src", 1)
    for name in ("old.doc", "sheet.xlsx", "photo.jpg", "README.md", "Makefile"):
        (src / name).write_bytes(b"\xd0\xcf\x11\xe0 not a notice")
    (src / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (src / "page.html").write_text("<p>一、总体情况</p>", encoding="utf-8")
    (src / "page.json").write_text('{"url": "https://example.org/page.html"}', encoding="utf-8")  # a sidecar
    (src / "manifest.parquet").write_bytes(b"PAR1")  # the crawl store's own files stay quiet
    (src / ".DS_Store").write_bytes(b"\0")
    summary = parse_paths([str(src)], tmp_path / "out", progress=False)
    codes = {Path(e["source"]).name: (e["code"], e["message"]) for e in summary.errors}
    assert sorted(codes) == ["Makefile", "README.md", "broken.docx", "old.doc", "photo.jpg", "sheet.xlsx"]
    assert codes["old.doc"] == ("W105", "unsupported file type '.doc': skipped")
    assert codes["broken.docx"][0] == "E107" and "unreadable docx" in codes["broken.docx"][1]
    assert summary.failed  # the broken .docx; the W105 rows alone would not fail the run
    assert summary.notices == 8  # inputs: the two notices, the broken .docx and five W105 rows


def test_walk_lists_every_entry_once_in_order(tmp_path: Path):
    src = _notices(tmp_path / "src", 2)
    (src / "loop.txt").symlink_to("loop.txt")
    (src / "x.md").write_text("x", encoding="utf-8")
    entries = [(e.path.name, e.problem.code if e.problem else None) for e in iter_entries([str(src)])]
    assert entries == [("loop.txt", "E100"), ("n00.txt", None), ("n01.txt", None), ("x.md", "W105")]


# --- quiet -------------------------------------------------------------------------------------


def test_quiet_still_prints_errors(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _cli("parse", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1 and result.stdout == ""
    assert "E103" in result.stderr and "empty.txt" in result.stderr


# --- everything at once ------------------------------------------------------------------------


def _hostile_folder(root: Path) -> tuple[Path, set[str]]:
    """Good notices mixed with one of every hostile file above; returns the folder and the bad names."""
    src = _notices(root / "src", 6)
    _notices(src / "sub", 2)
    (src / "good.docx").write_bytes(_docx(["关于整改情况的通报", "一、总体情况", "发现问题5项。"]))
    (root / "outside.txt").write_text("机密", encoding="utf-8")
    (src / "a.txt").symlink_to("b.txt")
    (src / "b.txt").symlink_to("a.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "leak.txt").symlink_to(root / "outside.txt")
    os.mkfifo(src / "pipe.txt")
    (src / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (src / "broken.docx").write_bytes(b"PK\x03\x04")
    (src / "binary.txt").write_bytes(b"\x00\x01" * 300)
    (src / "empty.html").write_bytes(b"")
    (src / os.fsdecode(b"\xb6\xd4.txt")).write_text(NOTICE.format(n=7), encoding="utf-8")  # good, odd name
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (40 << 20))
        archive.writestr("[Content_Types].xml", b"<Types/>")
    (src / "bomb.docx").write_bytes(bomb.getvalue())
    bad = {"a.txt", "b.txt", "zero.txt", "leak.txt", "pipe.txt", "old.doc", "broken.docx", "binary.txt",
           "empty.html", "bomb.docx"}
    return src, bad


def test_batch_over_a_hostile_folder_writes_every_good_notice_and_a_rerun_deletes_nothing(tmp_path: Path):
    src, bad = _hostile_folder(tmp_path)
    out = tmp_path / "out"
    first = _cli("batch", str(src), "-o", str(out), "--workers", "2", "--buckets", "8")
    assert first.returncode == 1 and "Traceback" not in first.stderr, first.stderr
    notices = _table(out, "notices")
    assert len(notices) == 10 and len({n["source"] for n in notices}) == 10  # 8 .txt, the .docx, the odd name
    errors = _table(out, "errors")
    assert sorted(Path(e["source"]).name for e in errors) == sorted(bad)  # one row per bad input
    assert not any("机密" in n["text"] for n in notices)
    before = _parts(out)
    again = _cli("batch", str(src), "-o", str(out), "--workers", "2")
    assert again.returncode == 1 and "0 inputs parsed, 20 unchanged" in again.stdout, again.stdout + again.stderr
    assert _parts(out) == before
