"""Issue 28: text kept, bytes repaired; a declared charset that misreads the bytes loses, with a warning.

One stray byte in an otherwise valid UTF-8 file (a cut character, one ``\\xff``) used to make
the whole notice an E101 row with no text; GBK bytes under ``<meta charset=big5>`` were
stored as mojibake with no word. Now the text is kept with the bad bytes as U+FFFD and a
W203 row saying how many; a declared charset whose reading is far less plausible than
another codec's (or that does not read the bytes at all) loses to it with a W204 row.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.parse import ParseOptions, decode_bytes, parse_bytes

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"
NOTICE = "关于整改情况的通报\n一、总体情况\n2021年8月5日,市委第二巡察组进驻,发现问题3项,整改资金120万元。\n"
TRADITIONAL = "關於整改情況的通報\n一、總體情況\n2021年8月5日，市委第二巡察組進駐，發現問題3項。\n"


def _codes(notice) -> list[str]:
    return [issue.code for issue in notice.issues]


@pytest.mark.parametrize(("damage", "bad", "runs"), [
    (lambda b: b[:40] + b"\xff" + b[40:], 1, 1),  # one stray byte
    (lambda b: b + "。".encode()[:2], 2, 1),  # a file cut inside its last character (2 of its 3 bytes left)
    (lambda b: b.replace("一、".encode(), b"\xc0\xaf" + "一、".encode()).replace("二、".encode(), "二、".encode() + b"\xfe"),
     3, 3),  # an overlong pair (two errors) and a byte no UTF-8 has
], ids=["stray-byte", "cut-character", "three-bad-bytes"])
def test_a_few_bad_bytes_keep_the_text(rules, damage, bad: int, runs: int):
    data = damage((NOTICE + "二、下一步工作\n持续推进整改。").encode())
    notice = parse_bytes(data, ParseOptions(source="a.txt", rules=rules))
    assert "E101" not in _codes(notice) and notice.meta.title == "关于整改情况的通报"
    assert notice.text.count("\ufffd") == runs
    [repaired] = [i for i in notice.issues if i.code == "W203"]
    assert repaired.message == f"{bad} undecodable byte{'s' * (bad > 1)} replaced with {runs} U+FFFD (read as utf-8)"
    assert [q.value for q in notice.quantities if q.unit == "元"] == [1_200_000]


def test_a_stray_byte_in_a_gbk_file_keeps_the_text(rules):
    head, rest = NOTICE.split("\n", 1)
    data = head.encode("gbk") + b"\n" + rest.encode("gbk") + b"\xff" + "二、下一步工作\n".encode("gbk")
    notice = parse_bytes(data, ParseOptions(source="a.txt", rules=rules))
    assert "W203" in _codes(notice) and notice.meta.title == "关于整改情况的通报"


def test_many_bad_bytes_are_no_repair():
    noise = bytes(b for b in os.urandom(4000) if b)  # no NUL: not refused as binary, yet no text either
    decoded = None
    try:
        decoded = decode_bytes(noise)
    except Exception as exc:  # noqa: BLE001 - an E101 is as good an answer as any for noise
        assert getattr(exc, "code", None) == "E101"
    assert decoded is None or decoded.how != "repaired"


@pytest.mark.parametrize("declared", [None, "big5"], ids=["meta", "sidecar"])
def test_gbk_bytes_under_a_big5_label_are_read_as_gbk(rules, declared: str | None):
    page = f"<html><head><meta charset=big5><title>通报</title></head><body><p>{NOTICE}</p></body></html>"
    notice = parse_bytes(page.encode("gbk"), ParseOptions(source="a.html", kind="html", rules=rules,
                                                          declared_encoding=declared))
    assert "关于整改情况的通报" in notice.text and "发现问题3项" in notice.text
    [note] = [i for i in notice.issues if i.code == "W204"]
    assert f"the {'declared' if declared else 'meta'} charset big5hkscs" in note.message and "gb18030" in note.message


def test_big5_bytes_under_a_gb2312_label_are_read_as_big5(rules):
    page = f"<meta charset=gb2312><p>{TRADITIONAL}</p>"
    notice = parse_bytes(page.encode("big5"), ParseOptions(source="a.html", kind="html", rules=rules))
    assert "關於整改情況的通報" in notice.text and "W204" in _codes(notice)


def test_a_label_that_does_not_decode_is_said(rules):
    notice = parse_bytes(f"<meta charset=utf-8><p>{NOTICE}</p>".encode("gbk"),
                         ParseOptions(source="a.html", kind="html", rules=rules))
    assert "关于整改情况的通报" in notice.text
    [note] = [i for i in notice.issues if i.code == "W204"]
    assert "the meta charset utf-8 does not decode these bytes; read as gb18030" in note.message


def test_right_labels_and_real_pages_give_no_warning(rules):
    assert not decode_bytes(f"<meta charset=gbk><p>{NOTICE}</p>".encode("gbk")).warnings
    assert not decode_bytes(f"<meta charset=big5><p>{TRADITIONAL}</p>".encode("big5")).warnings
    for sample in SAMPLES.iterdir():
        decoded = decode_bytes(sample.read_bytes())
        assert not decoded.warnings, (sample.name, decoded.warnings)


def test_the_warning_is_an_errors_row_and_the_notice_is_kept(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "cut.txt").write_bytes(NOTICE.encode() + "。".encode()[:1])
    result = CliRunner().invoke(main, ["parse", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output  # a warning, not a failed input
    errors = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert [(e["code"], e["message"]) for e in errors if e["code"] == "W203"] == [
        ("W203", "1 undecodable byte replaced with 1 U+FFFD (read as utf-8)")]
    assert pq.read_table(tmp_path / "out" / "notices.parquet").num_rows == 1
