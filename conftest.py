"""Collection settings for the doctests under src/ (pytest's testpaths include it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """spacy_component imports spaCy at module level (its factory must register on import).

    Without the optional spaCy extra there is nothing of it to test; importing spaCy takes over a
    second, so its doctests run where the slow tests run (``make test``), not in ``make test-fast``.
    """
    if collection_path.name != "spacy_component.py":
        return None
    return importlib.util.find_spec("spacy") is None or "not slow" in (config.option.markexpr or "")
