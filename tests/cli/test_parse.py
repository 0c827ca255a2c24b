"""The CLI end to end: real files in, real Parquet out, read back with pyarrow and DuckDB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.parse import inputs as sources
from noticeparse.store.schema import SCHEMA_VERSION, TABLES

SAMPLES = Path(__file__).resolve().parents[2] / "raw" / "samples"


@pytest.fixture(scope="module")
def parsed(parsed_samples: Path) -> Path:
    return parsed_samples


@pytest.mark.slow
def test_the_installed_command_parses_the_samples(tmp_path: Path):
    """The entry point in a process of its own, as a user runs it (the fixture runs the same code in process)."""
    done = subprocess.run([sys.executable, "-m", "noticeparse.cli", "parse", str(SAMPLES), "-o", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "notices" in done.stdout and "errors: none" in done.stdout


def test_every_table_is_written_with_the_contract_schema(parsed: Path):
    for name, schema in TABLES.items():
        table = pq.read_table(parsed / f"{name}.parquet")
        assert table.schema.equals(schema, check_metadata=False), name
        meta = pq.read_metadata(parsed / f"{name}.parquet")
        assert meta.row_group(0).column(0).compression == "ZSTD" or meta.num_rows == 0
        kv = table.schema.metadata
        assert kv[b"schema_version"].decode() == SCHEMA_VERSION and len(kv[b"rules_sha256"]) == 64


def test_duckdb_can_query_the_output(parsed: Path):
    con = duckdb.connect()
    notices = con.execute(f"SELECT count(*) FROM '{parsed}/notices.parquet'").fetchone()[0]
    assert notices == len([p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html"}])
    [(unit, total)] = con.execute(
        f"SELECT unit, sum(value) FROM '{parsed}/quantities.parquet' WHERE unit = '亩' GROUP BY unit"
    ).fetchall()
    assert unit == "亩" and total > 714
    spans = con.execute(
        f"""SELECT count(*) FROM '{parsed}/dates.parquet' d JOIN '{parsed}/notices.parquet' n USING (notice_id)
            WHERE substr(n.text, d.char_start + 1, d.char_end - d.char_start) <> d.text"""
    ).fetchone()[0]
    assert spans == 0


def test_no_temp_files_are_left(parsed: Path):
    # the tables (links into the committed snapshot), the snapshots, the link that names the committed one, the lock
    layout = [".noticeparse.lock", "_snapshots", "current"]
    assert sorted(p.name for p in parsed.iterdir()) == sorted([*layout, *(f"{name}.parquet" for name in TABLES)])
    assert len(list((parsed / "_snapshots").iterdir())) == 1


def test_bad_inputs_become_error_rows_not_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "binary.txt").write_bytes(b"\x00\xff\x00\x10" * 100)
    (src / "empty.txt").write_bytes(b"")
    (src / "huge.txt").write_bytes("正文".encode() * 600)
    (src / "ok.html").write_bytes("<p>一、总体情况</p><p>2021年8月5日开展巡察。</p>".encode())
    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    result = CliRunner().invoke(main, ["parse", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert sorted(e["code"] for e in errors) == ["E102", "E103", "E104"]
    # sources are relative to the input root, never the parsing machine's absolute path
    assert all(e["source"].startswith("in/") and e["message"] for e in errors)
    assert pq.read_table(tmp_path / "out" / "notices.parquet").num_rows == 1


def test_stdin(tmp_path: Path):
    text = "关于整改的通报\n一、总体情况\n2021年8月5日,市委第二巡察组进驻,发现问题32项。"
    result = CliRunner().invoke(main, ["parse", "-", "-o", str(tmp_path)], input=text.encode())
    assert result.exit_code == 0, result.output
    [row] = pq.read_table(tmp_path / "notices.parquet").to_pylist()
    assert row["source"] == "<stdin>" and row["title"] == "关于整改的通报"
    assert pq.read_table(tmp_path / "quantities.parquet").column("value").to_pylist() == [32.0]


def test_missing_path_is_a_usage_error_and_writes_nothing(tmp_path: Path):
    out = tmp_path / "o"
    first = CliRunner().invoke(main, ["parse", str(SAMPLES / "binhaiwan-2022-05-20.txt"), "-o", str(out)])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "nope.txt"), "-o", str(out)])
    assert result.exit_code == 2 and "no such file or folder" in result.output
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before  # the earlier output is whole
    assert pq.read_table(out / "notices.parquet").num_rows == 1


def test_rules_check_passes():
    # the pump check runs in `make test` and in tests/rules/test_pump.py
    result = CliRunner().invoke(main, ["rules", "check", "--no-pump"])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output


def test_extract_prints_json_lines():
    result = CliRunner().invoke(main, ["extract", "doc_numbers", "见宁政发[2019]3号文"])
    assert result.exit_code == 0 and '"canonical": "宁政发〔2019〕3号"' in result.output


COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(name: str):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert main.commands[name].help, f"{name} has no docstring"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"noticeparse {name}" in readme, f"README does not show `noticeparse {name}`"


def test_documents_are_notices_and_attachments_are_not(tmp_path: Path):
    import docx

    src = tmp_path / "in"
    src.mkdir()
    document = docx.Document()
    for line in ["关于整改情况的通报", "一、总体情况", "2021年8月5日至9月8日,市委第二巡察组进驻,发现问题32项。"]:
        document.add_paragraph(line)
    document.save(src / "notice.docx")
    (src / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    (src / "P020220101.pdf").write_bytes(b"%PDF-1.4 attachment of a crawled page")
    (src / "P020220101.json").write_text('{"kind": "attachment", "parent": "http://x/a.html"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    [notice] = pq.read_table(tmp_path / "out" / "notices.parquet").to_pylist()
    assert notice["title"] == "关于整改情况的通报" and notice["source"].endswith("notice.docx")
    assert pq.read_table(tmp_path / "out" / "dates.parquet").column("text").to_pylist() == ["2021年8月5日至9月8日"]
    errors = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert [(e["code"], Path(e["source"]).name) for e in errors] == [("E107", "scan.pdf")]
