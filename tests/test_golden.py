"""Golden files: every bundled sample in raw/samples parses to its committed expected.json.

`make golden` (pytest --update-golden) rewrites them after a deliberate change, so
that the change shows up in review as a diff of tests/golden/<case>/expected.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noticeparse.records import Notice
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
    for table in sorted(set(expected) | set(got)):
        want, have = expected.get(table, []), got.get(table, [])
        removed = [row for row in want if row not in have]
        added = [row for row in have if row not in want]
        assert not removed and not added, f"{table}: -{removed[:3]} +{added[:3]}"
