"""The annotated shared corpus (``../shared/corpus``): where it is, the seed's hand counts, hardcase files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["SEED_COUNTS", "SEED_FILE", "default_corpus", "read_hardcase", "read_jsonl"]

SEED_FILE = "seed-binhaiwan-2022-05-20.txt"
SEED_COUNTS = {"doc_numbers": 14, "titles": 52, "dates": 59, "date ranges": 5, "quantities": 55,
               "contacts": 4, "sections": 3, "sub-sections": 15, "findings": 32, "measures": 94}


def default_corpus() -> Path | None:
    """``../shared/corpus`` beside the project checkout, when present."""
    path = Path(__file__).resolve().parents[4] / "shared" / "corpus"
    return path if path.is_dir() else None


def read_hardcase(path: Path) -> tuple[dict[str, str], str]:
    """Split a hardcase file into its header fields and its body (after the ``---`` line)."""
    raw = path.read_text(encoding="utf-8")
    head, _, body = raw.partition("\n---\n")
    fields = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in fields.items()}, body


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file of the corpus (gold, index); none when the file is absent."""
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
