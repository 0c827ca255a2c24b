"""``noticeparse segment`` on files and folders as ``parse`` reads them.

Bug caught: an HTML or GBK file was read as UTF-8 text and its raw tags were segmented
(``< p >``), or it failed to decode; folders were not accepted.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from noticeparse.cli.segment import segment

PAGE = ("<html><head><meta charset='gbk'><style>p{margin:0}</style></head><body>"
        "<div class='TRS_Editor'><p>落实“三重一大”制度</p><p>2021年8月5日进驻</p></div></body></html>")


def test_gbk_html_file_is_cut_to_its_text(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_bytes(PAGE.encode("gbk"))
    result = CliRunner().invoke(segment, [str(page)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["落实 “ 三重一大 ” 制度", "2021年8月5日 进驻"]


def test_html_on_stdin_is_cut_to_its_text() -> None:
    result = CliRunner().invoke(segment, ["--backend", "char"], input=PAGE.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert "<" not in result.output and "margin" not in result.output


def test_folders_are_read_like_parse(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("巡察组进驻\n", encoding="utf-8")
    (tmp_path / "a" / "two.html").write_bytes(PAGE.encode("gbk"))
    (tmp_path / "a" / "two.json").write_text("{}", encoding="utf-8")  # a sidecar: not an input
    result = CliRunner().invoke(segment, [str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["巡察组 进驻", "落实 “ 三重一大 ” 制度", "2021年8月5日 进驻"]


def test_unreadable_input_is_an_error_line_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff\x00\x10" * 100)
    result = CliRunner().invoke(segment, [str(tmp_path / "bin.txt"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "E102" in result.output and "E100" in result.output


def test_a_missing_path_and_an_empty_folder_are_said_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = CliRunner().invoke(segment, [str(missing)])
    assert result.exit_code == 1 and f"error E100 {missing}: no such file or folder" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(segment, [str(empty)])
    assert result.exit_code == 1 and f"error E100 {empty}: no inputs in this folder" in result.output
