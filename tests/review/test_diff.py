"""``noticeparse diff``: two runs of the same code agree; a changed rule shows up row by row.

The end-to-end cases parse raw/samples (twice with the project rules, once with a
copy of rules/ in which one unit is removed from quantity.yaml, and with the seed
edited: two values changed, a sentence inserted); the unit cases build tiny tables by hand.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from noticeparse.batch.run import parse_paths
from noticeparse.cli.review import diff
from noticeparse.review.diff import diff_rows, diff_runs, render
from noticeparse.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw" / "samples"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, parsed_samples: Path) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("diff")
    rules = work / "rules"
    shutil.copytree(ROOT / "rules", rules)
    quantity = rules / "quantity.yaml"
    source = quantity.read_text(encoding="utf-8")
    changed, n = re.subn(r"(unit_count: '.*)\|名\|", r"\1|", source)
    if n != 1:
        pytest.fail("quantity.yaml no longer lists |名| in unit_count: pick another rule edit for this test")
    quantity.write_text(changed, encoding="utf-8")
    out = {"old": parsed_samples}
    for name, root in [("same", None), ("edited", rules)]:
        out[name] = work / name
        parse_paths([str(SAMPLES)], out[name], settings=Settings(rules_root=root), progress=False)
    return out


def test_two_runs_of_the_same_code_do_not_differ(runs):
    result = CliRunner().invoke(diff, [str(runs["old"]), str(runs["same"])])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("no differences in ")


def test_a_changed_rule_shows_the_rows_it_changed(runs):
    result = CliRunner().invoke(diff, [str(runs["old"]), str(runs["edited"]), "--limit", "0"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(re.match(r"quantities: \+0 -\d+ ~0", line) for line in lines), result.output
    assert "  - binhaiwan-2022-05-20 [7886,7889) 12名 quantity.main" in lines
    assert re.match(
        r"\d+ added, \d+ removed, \d+ changed rows in \d+ of \d+ tables \(.*quantities", lines[-1]
    )
    assert "dates" not in lines[-1]


def test_json_format_and_fail_on(runs):
    old, new = str(runs["old"]), str(runs["edited"])
    result = CliRunner().invoke(diff, [old, new, "--format", "json"])
    report = json.loads(result.output)
    assert result.exit_code == 1 and report["differs"] is True
    removed = report["tables"]["quantities"]["removed"]
    assert removed and all(row["text"].endswith("名") for row in removed)
    assert isinstance(removed[0]["node_id"], int)  # stored rows, not the comparison view
    assert CliRunner().invoke(diff, [old, new, "--fail-on", "dates,titles"]).exit_code == 0
    assert CliRunner().invoke(diff, [old, new, "--fail-on", "quantities"]).exit_code == 1
    assert CliRunner().invoke(diff, [old, new, "--fail-on", "none"]).exit_code == 0
    bad = CliRunner().invoke(diff, [old, new, "--fail-on", "quantites"])
    assert bad.exit_code == 2 and "no table quantites" in bad.output


def test_a_longer_match_is_one_changed_row_not_a_removal_and_an_addition():
    old = [
        {"notice_id": "a", "char_start": 10, "char_end": 19, "text": "2021年8月5日", "rule_id": "date.ymd"}
    ]
    new = [
        {
            "notice_id": "a",
            "char_start": 10,
            "char_end": 29,
            "text": "2021年8月5日至2021年9月8日",
            "rule_id": "date.range",
        }
    ]
    table = diff_rows("dates", old, new)
    assert (table.added, table.removed) == ([], [])
    assert table.changed[0].columns == {
        "char_end": (19, 29),
        "text": ("2021年8月5日", "2021年8月5日至2021年9月8日"),
        "rule_id": ("date.ymd", "date.range"),
    }


def test_repeated_rows_and_tables_without_spans():
    terms = [{"notice_id": "a", "term": "整改", "count": 3}] * 2
    assert diff_rows("terms", terms, terms[:1]).removed == terms[:1]
    assert diff_rows("terms", terms, terms).count == 0


def _write(folder: Path, tables: dict[str, list[dict]]) -> Path:
    folder.mkdir()
    for name, rows in tables.items():
        pq.write_table(pa.Table.from_pylist(rows), folder / f"{name}.parquet")
    return folder


def test_renumbered_outline_nodes_are_not_changes(tmp_path):
    notice = {"notice_id": "a", "source": "x.txt", "text": "一、甲\n二、乙 2021年", "rules_sha256": "1"}
    node = {"notice_id": "a", "parent_id": None, "level": 1, "heading": "乙", "char_start": 4, "char_end": 12}
    date = {"notice_id": "a", "char_start": 7, "char_end": 12, "text": "2021年"}
    old = _write(
        tmp_path / "old",
        {
            "notices": [notice],
            "outline": [{**node, "node_id": 1}],
            "dates": [{**date, "node_id": 1}],
            "widgets": [{"notice_id": "a", "w": 1}],
        },
    )
    first = {**node, "node_id": 1, "heading": "甲", "char_start": 0, "char_end": 4}
    new = _write(
        tmp_path / "new",
        {
            "notices": [{**notice, "rules_sha256": "2"}],
            "outline": [first, {**node, "node_id": 2}],
            "dates": [{**date, "node_id": 2}],
            "widgets": [{"notice_id": "a", "w": 2}],
        },
    )
    result = diff_runs(old, new)
    assert result.differing() == ["outline", "widgets"]  # rules_sha256 is provenance, node 1→2 a renumbering
    assert [r["heading"] for r in result.tables["outline"].added] == ["甲"]
    text = render(result)
    assert "  + x [0,4) 甲" in text and "widgets: +1 -1 ~0" in text


def _edited_copies(tmp_path: Path, edit) -> tuple[Path, Path]:
    """raw/samples parsed as they are (old/) and with ``edit`` applied to the seed (new/)."""
    for side in ("old", "new"):
        shutil.copytree(SAMPLES, tmp_path / side / "samples")
    seed = tmp_path / "new" / "samples" / "binhaiwan-2022-05-20.txt"
    seed.write_text(edit(seed.read_text(encoding="utf-8")), encoding="utf-8")
    for side in ("old", "new"):
        parse_paths([str(tmp_path / side / "samples")], tmp_path / f"out-{side}", progress=False)
    return tmp_path / "out-old", tmp_path / "out-new"


def test_a_two_value_edit_is_two_changed_rows(tmp_path):
    """Issue 26: two values edited in one sample gave 293 added and 298 removed rows in 9 tables."""
    def edit(text: str) -> str:
        assert text.count("37.30亿元") == 1 and text.count("约714亩") == 1
        return text.replace("37.30亿元", "38.30亿元").replace("约714亩", "约1714亩")  # one longer: offsets move

    old, new = _edited_copies(tmp_path, edit)
    result = CliRunner().invoke(diff, [str(old), str(new)])
    assert result.exit_code == 1
    changed = [line for line in result.output.splitlines() if line.startswith("  ")]
    assert len(changed) == 2, result.output
    assert changed[0].endswith("约1714亩 quantity.main: text '约714亩' → '约1714亩', value 714.0 → 1714.0")
    assert changed[1].endswith("38.30亿元 quantity.main: text '37.30亿元' → '38.30亿元', "
                               "value 3730000000.0 → 3830000000.0")
    lines = result.output.splitlines()
    assert lines[2].startswith("text of binhaiwan-2022-05-20 edited: ")
    assert re.fullmatch(r"0 added, 0 removed, 4 changed rows in 2 of \d+ tables \(quantities, tokens\); "
                        r"notices 8 → 8; 1 text\(s\) edited", lines[-1]), lines[-1]
    tokens = CliRunner().invoke(diff, [str(old), str(new), "--tokens"]).output
    assert "  ~ binhaiwan-2022-05-20 [3570,3577) 38.30亿元: token '37.30亿元' → '38.30亿元'" in tokens


def test_an_inserted_sentence_adds_its_rows_and_moves_no_other(tmp_path):
    sentence = "2021年12月，新区追回资金12万元。"

    def edit(text: str) -> str:
        at = text.index("\n二、")  # a new paragraph in the body: every later span moves
        return f"{text[:at]}\n{sentence}{text[at:]}"

    old, new = _edited_copies(tmp_path, edit)
    result = diff_runs(old, new)
    assert {name: (len(t.added), len(t.removed), len(t.changed)) for name, t in result.tables.items()
            if t.count and name not in {"tokens", "terms"}} == {"dates": (1, 0, 0), "quantities": (1, 0, 0)}
    assert [r["text"] for r in result.tables["quantities"].added] == ["12万元"]
