"""Shared fixtures: the rules, the bundled samples and the optional ../shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from noticeparse.rules import RuleSet, load_rules

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "raw" / "samples"
SEED = SAMPLES / "binhaiwan-2022-05-20.txt"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*/expected.json")


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED_CORPUS / "hardcases" / "gold.jsonl").exists():
        pytest.skip("../shared/corpus is not here (a user's clone has none)")
    return SHARED_CORPUS
