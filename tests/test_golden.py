"""Golden files: every bundled sample in raw/samples parses to its committed expected.json.

`make golden` (pytest --update-golden) rewrites them after a deliberate change, so
that the change shows up in review as a diff of tests/golden/<case>/expected.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noticeparse.records import Notice
from noticeparse.review.diff import diff_tables, render
from noticeparse.store.rows import notice_document

SAMPLES = Path(__file__).resolve().parents[1] / "raw" / "samples"
GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html"})


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_sample_matches_golden(path: Path, request: pytest.FixtureRequest, sample_notices: dict[str, Notice]):
    expected_file = GOLDEN / path.stem / "expected.json"
    got = notice_document(sample_notices[path.name])
    if request.config.getoption("--update-golden"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(json.dumps(got, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                 encoding="utf-8")
        return
    if not expected_file.exists():
        pytest.fail(f"no golden file for {path.name}: run `make golden` and review it")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    # the diff of `noticeparse diff`: rows matched by content, each change a line naming its columns
    changes = diff_tables(expected, got, expected_file.relative_to(GOLDEN.parent.parent), Path(f"parse of {path.name}"))
    if changes.differing():
        pytest.fail(f"{path.name} no longer parses to its golden file (`make golden` after a deliberate change):\n"
                    + render(changes, limit=0, tokens=True), pytrace=False)
