"""Shared fixtures: the rules, the bundled samples parsed once, and the optional ../shared corpus.

Fixtures are listed in tests/README.md. The session fixtures are read-only: a test that
changes an output copies it first.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.records import Notice
from noticeparse.rules import RuleSet, load_rules

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "raw" / "samples"
SEED = SAMPLES / "binhaiwan-2022-05-20.txt"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(Path(__file__).parent))  # the helper modules beside this file (documents.py)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*/expected.json")


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    """The project's rules, loaded once."""
    return load_rules()


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """../shared/corpus, or a skip (a user's clone has none)."""
    if not (SHARED_CORPUS / "hardcases" / "gold.jsonl").exists():
        pytest.skip("../shared/corpus is not here (a user's clone has none)")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def parsed_samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``noticeparse parse raw/samples -o OUT`` once per session (the command's own code, in process): OUT."""
    from noticeparse.cli import main

    out = tmp_path_factory.mktemp("samples") / "parsed"
    result = CliRunner().invoke(main, ["parse", str(SAMPLES), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def sample_notices() -> dict[str, Notice]:
    """Every bundled sample parsed once, by file name, its source ``raw/samples/<name>`` (as golden files have it)."""
    paths = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html"})
    return {p.name: parse_bytes(p.read_bytes(), ParseOptions(source=f"raw/samples/{p.name}")) for p in paths}
