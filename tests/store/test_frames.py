"""``noticeparse.read``: the same DataFrames from ``parse``'s files and ``batch``'s Hive folders.

Found trying the output as an analyst (issue 16): ``node_id`` came back float64, dates as
objects, ``errors`` was missing on a clean run, ``pub_year`` was text in the Hive layout
(``WHERE pub_year >= 2023`` failed) and the two layouts had different columns.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import noticeparse
from noticeparse.batch.run import BatchOptions, parse_paths, run_batch
from noticeparse.store import TABLES, connect

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, parsed_samples: Path) -> dict[str, Path]:
    hive = tmp_path_factory.mktemp("batch")
    run_batch([str(SAMPLES)], hive, options=BatchOptions(workers=1, progress=False))
    return {"parse": parsed_samples, "batch": hive}


@pytest.mark.parametrize("layout", ["parse", "batch"])
def test_every_table_with_its_contract_columns(outputs: dict[str, Path], layout: str) -> None:
    run = noticeparse.read(outputs[layout])
    for name, schema in TABLES.items():
        assert list(run[name].columns) == schema.names, name
    assert run.errors.empty  # a clean run: the table is there, empty, with its columns


@pytest.mark.parametrize("layout", ["parse", "batch"])
def test_nullable_dtypes(outputs: dict[str, Path], layout: str) -> None:
    run = noticeparse.read(outputs[layout])
    assert str(run.outline["node_id"].dtype) == "Int32"
    assert str(run.outline["parent_id"].dtype) == "Int32"  # roots have none: <NA>, not NaN
    assert pd.api.types.is_datetime64_any_dtype(run.notices["publish_date"])
    assert str(run.notices["pub_year"].dtype) == "Int16"
    assert str(run.dates["resolved"].dtype) == "boolean"
    assert str(run.errors["code"].dtype) == "string"


def test_both_layouts_give_the_same_frames(outputs: dict[str, Path]) -> None:
    parsed, batched = noticeparse.read(outputs["parse"]), noticeparse.read(outputs["batch"])
    for name in ("notices", "quantities", "dates", "outline"):
        left = parsed[name].drop(columns=["rules_sha256"], errors="ignore").reset_index(drop=True)
        right = batched[name].drop(columns=["rules_sha256"], errors="ignore").reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=name)


@pytest.fixture(scope="module")
def with_undated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A sample and a notice with no date anywhere (pub_year null), in both layouts."""
    folder = tmp_path_factory.mktemp("undated")
    (folder / "undated.txt").write_text("关于追回资金情况的说明\n经核查，已追回违规发放的补贴资金12万元。\n", encoding="utf-8")
    (folder / "seed.txt").write_bytes((SAMPLES / "xunshi-progress-2023-06-16.txt").read_bytes())
    files, hive = tmp_path_factory.mktemp("parse"), tmp_path_factory.mktemp("batch")
    parse_paths([str(folder)], files, progress=False)
    run_batch([str(folder)], hive, options=BatchOptions(workers=1, progress=False))
    return {"parse": files, "batch": hive}


def test_pub_year_is_an_integer_and_null_when_unknown(with_undated: dict[str, Path]) -> None:
    years = {}
    outputs = with_undated
    for layout, out in outputs.items():
        con = connect(out)
        assert con.execute("SELECT typeof(pub_year) FROM notices LIMIT 1").fetchone() == ("SMALLINT",), layout
        years[layout] = con.execute("SELECT count(*) FROM notices WHERE pub_year >= 2023").fetchone()
        # a join on pub_year works across tables
        con.execute("SELECT count(*) FROM notices n JOIN quantities q USING (notice_id, pub_year)").fetchone()
        assert con.execute("SELECT count(*) FROM notices WHERE pub_year IS NULL").fetchone()[0] >= 1
        assert len(con.execute("DESCRIBE notices").fetchall()) == len(TABLES["notices"])
    assert years["parse"] == years["batch"]
    assert not list(outputs["batch"].glob("*/pub_year=unknown"))


def test_context_gives_the_sentence_with_the_value_marked(outputs: dict[str, Path]) -> None:
    run = noticeparse.read(outputs["parse"])
    row = run.quantities.iloc[0]
    snippet = run.context(row)
    assert f"【{row['text']}】" in snippet
    assert "。" not in snippet[:-1]  # one sentence
    assert run.snippets("quantities").str.contains("【").all()


def test_read_of_a_folder_without_tables_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no Parquet tables"):
        noticeparse.read(tmp_path)


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_query_writes_every_row_as_csv_json_or_parquet(outputs: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    from click.testing import CliRunner

    from noticeparse.cli import main

    target = tmp_path / f"q.{fmt}"
    sql = "SELECT notice_id, pub_year, text, char_start FROM quantities ORDER BY ALL"
    done = CliRunner().invoke(main, ["query", "-d", str(outputs["batch"]), "-f", fmt, "-o", str(target), sql])
    assert done.exit_code == 0, done.output
    frame = {"csv": pd.read_csv, "json": lambda p: pd.read_json(p, lines=True), "parquet": pd.read_parquet}[fmt](target)
    expected = noticeparse.read(outputs["batch"]).quantities
    assert len(frame) == len(expected)
    assert list(frame.columns) == ["notice_id", "pub_year", "text", "char_start"]
    assert set(frame["text"]) == set(expected["text"])


def test_query_parquet_without_a_file_is_a_usage_error(outputs: dict[str, Path]) -> None:
    from click.testing import CliRunner

    from noticeparse.cli import main

    done = CliRunner().invoke(main, ["query", "-d", str(outputs["parse"]), "-f", "parquet", "SELECT 1"])
    assert done.exit_code == 2 and "needs -o FILE" in done.output


def test_report_reads_a_batch_output_a_part_at_a_time(outputs: dict[str, Path]) -> None:
    """The report streams: every notice comes once, with its own rows only, a Hive part per group."""
    from noticeparse.store import count_notices, iter_notice_groups

    groups = list(iter_notice_groups(outputs["batch"], skip={"tokens"}))
    notices = [n["notice_id"] for g in groups for n in g["notices"]]
    assert len(groups) > 1 and len(notices) == len(set(notices)) == count_notices(outputs["batch"])
    for group in groups:
        ids = {n["notice_id"] for n in group["notices"]}
        assert "tokens" not in group
        assert all(r["notice_id"] in ids for name, rows in group.items() for r in rows), "rows of another group"
    whole = noticeparse.read(outputs["batch"])
    assert sum(len(g["quantities"]) for g in groups) == len(whole.quantities)


def test_report_reads_parse_files_in_batches(outputs: dict[str, Path], monkeypatch, tmp_path: Path) -> None:
    """``parse``'s single files are merged batch by batch on notice_id, never read whole (issue 16)."""
    import shutil

    import pyarrow.parquet as pq

    from noticeparse.store import find_tables, iter_notice_groups, reader

    paths = {name: path for name, path in find_tables(outputs["parse"]).items() if name != "tokens"}
    whole = list(reader._read_files_whole(paths, 2))  # the reference: every table read, then cut
    monkeypatch.setattr(reader, "_BATCH_ROWS", 7)  # batches end inside notices' rows
    monkeypatch.setattr(reader, "read_arrow", lambda *a, **k: pytest.fail("a table was read whole"))
    merged = list(iter_notice_groups(outputs["parse"], skip={"tokens"}, size=2))
    assert len(merged) == len(whole) > 2 and merged == whole
    assert sum(len(g["quantities"]) for g in merged) == pq.read_metadata(paths["quantities"]).num_rows

    # a file not sorted by notice_id (written by hand) is read whole, the groups the same
    monkeypatch.undo()
    for path in paths.values():
        shutil.copy(path, tmp_path / path.name)
    notices = pq.read_table(paths["notices"])
    pq.write_table(notices.take(list(reversed(range(notices.num_rows)))), tmp_path / "notices.parquet")
    assert not reader.is_sorted_by_notice(tmp_path / "notices.parquet")
    assert reader.is_sorted_by_notice(tmp_path / "quantities.parquet")
    assert list(iter_notice_groups(tmp_path, size=2)) == whole


def test_script_and_folds_of_a_reposted_notice(tmp_path: Path) -> None:
    """notices.script and notices.normalised (issue 22) through the reader and DuckDB alike."""
    twins = ROOT / "tests" / "data" / "textview"
    parse_paths([str(twins / "discipline-traditional-glossed.txt"), str(twins / "discipline-simplified.txt")],
                tmp_path, progress=False)
    notices = noticeparse.read(tmp_path).notices.sort_values("source")
    assert notices["script"].tolist() == ["simplified", "traditional"]
    assert [list(v) for v in notices["normalised"]] == [[], ["normalise.pinyin_gloss", "normalise.spaced_thousands",
                                                             "normalise.chinese_zero", "normalise.traditional"]]
    rows = connect(tmp_path).execute(
        "SELECT script, len(normalised) FROM notices WHERE list_contains(normalised, 'normalise.traditional')").fetchall()
    assert rows == [("traditional", 4)]
