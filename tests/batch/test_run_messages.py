"""What ``parse`` and ``batch`` say about their inputs, and an empty stdin (issue 26).

Warnings print as warnings (``warning W105 …``, never ``error W105``); a rerun names the codes
of inputs unchanged since an earlier run with what they mean, never ``error W106 … :`` with an
empty message; an empty stdin writes nothing and says so, the earlier output kept byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from noticeparse.cli import main

SEED = Path(__file__).resolve().parents[2] / "raw" / "samples" / "xunshi-progress-2023-06-16.txt"


def _cli(*args: str, stdin: bytes = b"") -> Result:
    done = CliRunner().invoke(main, list(args), input=stdin)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / "in" / "readme.md").write_text("# notes\n", encoding="utf-8")
    return tmp_path / "in"


def _files(folder: Path) -> dict[str, bytes | str]:
    """Every file's bytes and every link's target below ``folder`` (the committed snapshot and its links)."""
    return {str(p.relative_to(folder)): (str(p.readlink()) if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_symlink() or p.is_file()}


def _issues(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("warning", "error"))]


def test_a_warning_prints_as_a_warning(folder: Path, tmp_path: Path):
    done = _cli("parse", str(folder), "-o", str(tmp_path / "out"), "--quiet")
    assert done.exit_code == 0
    assert _issues(done.stderr) == ["warning W105 in/readme.md: unsupported file type '.md': skipped"]


def test_a_rerun_names_earlier_codes_with_their_meaning(folder: Path, tmp_path: Path):
    first = _cli("batch", str(folder), "-o", str(tmp_path / "out"), "--workers", "1")
    again = _cli("batch", str(folder), "-o", str(tmp_path / "out"), "--workers", "1")
    assert first.exit_code == again.exit_code == 0
    assert _issues(first.stderr) == ["warning W105 in/readme.md: unsupported file type '.md': skipped"]
    assert _issues(again.stderr) == [
        ("warning W105 ×1 in inputs parsed by an earlier run: a file in an input folder that is not of a "
         "notice type (.txt/.html/.pdf/.docx/.ofd): skipped (rows of the errors table)")]
    assert not any(line.rstrip().endswith(":") for line in again.stderr.splitlines())


@pytest.mark.parametrize("stdin", [b"", b"  \n\n"], ids=["empty", "blank"])
def test_an_empty_stdin_writes_nothing_and_says_so(stdin: bytes, tmp_path: Path):
    out = tmp_path / "out"
    assert _cli("parse", str(SEED), "-o", str(out), "--quiet").exit_code == 0
    before = _files(out)
    done = _cli("parse", "-", "-o", str(out), stdin=stdin)
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr.strip() == f"Error: stdin is empty: nothing parsed, nothing written to {out}"
    assert _files(out) == before
    fresh = _cli("parse", "-", "-o", str(tmp_path / "fresh"), stdin=stdin)
    assert fresh.exit_code == 1 and not (tmp_path / "fresh").exists()


def test_an_empty_folder_keeps_the_earlier_output_and_says_so(tmp_path: Path):
    out, empty = tmp_path / "out", tmp_path / "empty"
    empty.mkdir()
    assert _cli("parse", str(SEED), "-o", str(out), "--quiet").exit_code == 0
    before = _files(out)
    done = _cli("parse", str(empty), "-o", str(out))
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr.strip() == f"Error: no inputs in {empty}: nothing parsed, nothing written to {out}"
    assert _files(out) == before


def test_the_row_counts_stand_in_one_column() -> None:
    from noticeparse.batch.run import Summary

    lines = Summary(Path("out"), counts={"notices": 1, "case_violations": 7, "units_conflicts": 0}).render().splitlines()
    table = lines[: next(i for i, line in enumerate(lines) if "inputs parsed" in line)]
    assert len({len(line) for line in table}) == 1, "\n" + "\n".join(table)  # every count ends in one column


def test_a_rerun_with_nothing_new_says_so_instead_of_a_table_of_zeros() -> None:
    from noticeparse.batch.run import Summary

    text = Summary(Path("out"), skipped=8).render()
    assert text.splitlines()[0] == "nothing new: the output keeps the rows of its 8 unchanged inputs"
    assert "written" not in text and "0 inputs parsed, 8 unchanged" in text
