"""Issue 28: a report names its pages from a safe mapping of the id, never from the data as a path.

A crafted output whose ``notice_id`` held ``../`` wrote pages outside the report folder, and
a 300-character id ended in a traceback with no index. Here an output is crafted with ids
holding ``../``, ``/``, NUL, 300 characters and right-to-left marks: every page lands in the
report folder under a hashed name, nothing is written anywhere else, the index is written
and links every page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from noticeparse.batch.run import parse_paths
from noticeparse.review import write_report
from noticeparse.review.page_data import read_data_block
from noticeparse.review.report import page_name

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw" / "samples" / "binhaiwan-2022-05-20.txt"
CRAFTED = [
    "../../nest/deeper/escape/pwned-traversal",
    "/etc/passwd",
    "a/b",
    "nul\x00byte",
    "x" * 300,
    "\u202etxt.lmth\u202c",  # right-to-left override
    "..",
    "notice-hdeadbeef",  # looks like one of our hashed names
]


def _crafted_output(tmp_path: Path) -> Path:
    """The seed parsed, then each table's rows repeated under every crafted id (plain files, as a hand-made output)."""
    parsed = tmp_path / "parsed"
    parse_paths([str(SEED)], parsed, progress=False)
    crafted = tmp_path / "work" / "crafted"
    crafted.mkdir(parents=True)
    for table in parsed.glob("*.parquet"):
        rows = pq.read_table(table)
        if "notice_id" not in rows.schema.names or not rows.num_rows:
            pq.write_table(rows, crafted / table.name)
            continue
        pieces = [rows.set_column(rows.schema.get_field_index("notice_id"), "notice_id",
                                  pa.array([nid] * rows.num_rows, pa.string())) for nid in sorted(CRAFTED)]
        pq.write_table(pa.concat_tables(pieces), crafted / table.name)
    return crafted


def _files(root: Path) -> set[str]:
    return {str(Path(folder) / name) for folder, _, names in os.walk(root) for name in names}


def test_crafted_ids_write_nothing_outside_the_report(tmp_path: Path):
    crafted = _crafted_output(tmp_path)
    before = _files(tmp_path)
    report = tmp_path / "work" / "report"
    index, pages = write_report(crafted, report)
    assert index == report / "index.html" and index.is_file() and pages == len(CRAFTED)
    new = _files(tmp_path) - before
    assert all(Path(path).parent in {report, report / "assets", report / "search"} for path in new), sorted(new)
    names = {page_name(nid) for nid in CRAFTED}
    assert len(names) == len(CRAFTED) and names <= {Path(p).name for p in new}
    assert all(name.startswith("notice-h") and len(name) < 60 for name in names)
    data = read_data_block(index.read_text(encoding="utf-8"), "index-data")
    at = data["cols"].index("page")
    assert sorted(row[at] for row in data["rows"]) == sorted(names)  # the index links each page by its name
    html = index.read_text(encoding="utf-8")  # its first rows as HTML link the same names
    assert sum(f'href="{name}"' in html for name in names) == len(names) and 'href="../' not in html


@pytest.mark.parametrize("nid", ["245d9d671bfda290", "0" * 64])
def test_ordinary_ids_keep_their_page_names(nid: str):
    assert page_name(nid) == f"notice-{nid}.html"
