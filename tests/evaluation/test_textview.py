"""The textview-dev scoring (evaluation/textview.py): kind and form per half, extractors on twins.

A two-text set is written here (a plain discipline notice and its traditional, glossed twin) so
the counting is checked exactly; the real set's tune half is held to the floors it reached when the
rules were tuned on it (the test half is reported by `make eval`, never tuned on here).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.evaluation import DEV_SET, score_textview

PLAIN = "关于给予X某某同志党内警告处分的决定\n秀纪发〔2016〕27号\n2016年6月30日，给予X某某党内警告处分。\n"
FOUND = "關於給予X某某同志黨內警告處(chǔ)分的決定\n秀紀發[2016]27號\n2016年6月30日，給予X某某黨內警告處(chǔ)分。\n"


def _gold(text: str, **fields) -> dict:
    number = "秀纪发〔2016〕27号" if "纪发" in text else "秀紀發[2016]27號"
    start = text.index(number)
    date_at = text.index("2016年6月30日")
    return {
        "kind": "典型问题通报", "split": "tune", "twin": None, "script": "simplified",
        "doc_numbers": [{"text": number, "start": start, "end": start + len(number), "canonical": "秀纪发〔2016〕27号"}],
        "titles": [], "quantities": [],
        "dates": [{"text": "2016年6月30日", "start": date_at, "end": date_at + 10, "date_start": "2016-06-30",
                   "date_end": "2016-06-30"}],
        "cases": {"count": 1, "persons": [{"name": "X某某", "penalties": [["党纪", "警告"]]}]},
        **fields,
    }


@pytest.fixture
def dev_set(tmp_path: Path) -> Path:
    (tmp_path / "plain").mkdir()
    (tmp_path / "found").mkdir()
    (tmp_path / "plain" / "p1.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "found" / "f1.txt").write_text(FOUND, encoding="utf-8")
    records = [
        {"id": "p1", "file": "plain/p1.txt", "genre_group": "plain", "form": "notice", **_gold(PLAIN)},
        {"id": "f1", "file": "found/f1.txt", "genre_group": "found", "form": "repost",
         **_gold(FOUND, twin="p1", script="traditional")},
    ]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                         encoding="utf-8")
    return tmp_path


def test_a_twin_scores_as_its_plain_text_and_the_view_makes_the_difference(dev_set: Path):
    half = score_textview(dev_set, splits=("tune",)).halves["tune"]
    assert {k: (t.right, t.total) for k, t in half.kinds.kind_by_form.items()} == {"notice": (1, 1), "repost": (1, 1)}
    assert {k: (t.right, t.total) for k, t in half.kinds.form_by_form.items()} == {"notice": (1, 1), "repost": (1, 1)}
    for group in ("plain", "found", "twins: found", "twins: plain", "traditional twins: found"):
        assert half.f1[group]["doc_numbers"].f1 == 1.0, group
        assert half.f1[group]["dates"].f1 == 1.0, group
    assert half.f1["found, view off"]["doc_numbers"].f1 == 0.0  # 秀紀發 is no canonical 秀纪发 without the view
    assert half.case_count["found"].right == half.case_count["plain"].right  # what the cases make of it: issue 23
    assert half.f1["found"]["penalties"].gold_hit == half.f1["plain"]["penalties"].gold_hit == 1


@pytest.mark.slow  # a whole CLI run in a fresh process or over a dev set: `make test` runs it
def test_eval_command_prints_and_writes_the_halves(tmp_path: Path):
    if not (DEV_SET / "gold.jsonl").is_file():
        pytest.skip("tests/data/textview-dev is not here")
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(main, ["eval", "--corpus", str(tmp_path / "none"), "--split", "tune", "--no-misses",
                                       "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "textview-dev, tune half" in result.output and "test half" not in result.output
    assert set(json.loads(out.read_text(encoding="utf-8"))["textview_dev"]) == {"tune"}


# the tune half when its rules were last tuned (issue 22): a rule change may raise these, never lower them
TUNE_FLOORS = {"kind originals": 1.0, "kind retellings and reposts": 1.0, "form": 0.95}


def test_tune_half_holds_its_floors():
    if not (DEV_SET / "gold.jsonl").is_file():
        pytest.skip("tests/data/textview-dev is not here")
    half = score_textview(splits=("tune",)).halves["tune"]
    retold = [half.kinds.kind_by_form[f] for f in ("news", "repost")]
    assert half.kinds.kind_by_form["notice"].share >= TUNE_FLOORS["kind originals"]
    assert sum(t.right for t in retold) / sum(t.total for t in retold) >= TUNE_FLOORS["kind retellings and reposts"]
    forms = half.kinds.form_by_form.values()
    assert sum(t.right for t in forms) / sum(t.total for t in forms) >= TUNE_FLOORS["form"]
    traditional, plain = half.f1["traditional twins: found"], half.f1["traditional twins: plain"]
    for name, score in traditional.items():
        assert score.f1 >= plain[name].f1 - 0.02, name
