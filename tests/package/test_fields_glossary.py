"""The column glossary (docs/columns.md) and the README's short one, checked against the registry.

Every column of every output table (``store.TABLES``: the notices schema and the field
registry; ``LINK_TABLES``: the tables across notices) is explained once, and nothing is explained that is not a column, so the glossary
cannot drift when a field is added (issue 26).
"""

from __future__ import annotations

import re
from pathlib import Path

from noticeparse.store.schema import LINK_TABLES, TABLES

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "columns.md"
SHARED = "Columns every table shares"
_ROW = re.compile(r"^\| `(\w+)` \| (.+) \|$")


def _sections() -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    current = None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), {})
        elif current is not None and (row := _ROW.match(line)):
            assert row.group(1) not in current, f"{row.group(1)} twice in one section"
            current[row.group(1)] = row.group(2)
    return sections


ALL = {**TABLES, **LINK_TABLES}


def test_every_table_has_a_section_and_every_section_a_table():
    assert set(_sections()) == {SHARED, *ALL}


def test_every_column_is_explained_once_and_only_columns_are():
    sections = _sections()
    shared = sections[SHARED]
    assert set(shared) <= {c for schema in ALL.values() for c in schema.names}
    for table, schema in ALL.items():
        own = sections[table]
        assert not set(own) & set(shared), f"{table}: {sorted(set(own) & set(shared))} are shared columns"
        missing = set(schema.names) - set(shared) - set(own)
        assert not missing, f"docs/columns.md does not explain {table}.{sorted(missing)}"
        unknown = set(own) - set(schema.names)
        assert not unknown, f"docs/columns.md explains {table}.{sorted(unknown)}, which are not columns"
        assert all(len(text) > 3 for text in own.values())


def test_the_readme_glossary_names_real_columns_and_links_the_whole():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## What the columns mean"):]
    block = block[:block.index("\n## ", 5)]
    named = set(re.findall(r"^\| `(\w+)`", block, re.MULTILINE))
    every = {c for schema in ALL.values() for c in schema.names}
    assert len(named) >= 10 and named <= every, sorted(named - every)
    assert "docs/columns.md" in block
    for column in ("role", "bound", "part_of", "measures_done", "script", "form"):
        assert column in named, column
