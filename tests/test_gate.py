"""The quality gate on ../shared/corpus/hardcases runs in CI (skips without the corpus)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

GATE = Path(__file__).with_name("gate.py")


def _gate():
    spec = importlib.util.spec_from_file_location("gate", GATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_f1_stays_above_the_pinned_floors(shared_corpus: Path):
    gate = _gate()
    assert gate.check(shared_corpus) == []


def test_baseline_pins_every_type_and_the_corpus(shared_corpus: Path):
    gate = _gate()
    baseline = json.loads(gate.BASELINE.read_text(encoding="utf-8"))
    assert set(baseline["floors"]) == {"dates", "quantities", "money", "doc_numbers", "titles", "outline markers"}
    if baseline["corpus_sha256"] != gate.corpus_sha(shared_corpus):
        pytest.fail("the hardcases changed since the floors were pinned: re-run tests/gate.py --update")


def test_floors_cannot_be_lowered_silently(shared_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    gate = _gate()
    fake = tmp_path / "baseline.json"
    fake.write_text(json.dumps({"floors": {"dates": 1.01}}), encoding="utf-8")
    monkeypatch.setattr(gate, "BASELINE", fake)
    with pytest.raises(SystemExit, match="would drop"):
        gate.update(shared_corpus, allow_regression=False, reason=None)
