"""``make bench``: ``noticeparse link`` over 10k, 50k and 100k synthetic notices on one core, time and peak RSS.

    python bench/link_bench.py [--sample 2000] [--sizes 10000,50000,100000] [--json bench/link.json]

The synthetic archive (``generate.py``) carries rounds: every 20 notices are one round of one
place's committee (entry, five units' feedback, progress and final reports, mentions). Parsing
100,000 notices takes most of an hour here, so ``--sample`` of them are parsed once
(``noticeparse parse``) and their per-notice tables are repeated, each copy's notices, round bodies
and unit keys renamed (``东莞市委`` → ``东莞市委·3``), into outputs of each size: copies are other
places' rounds, with the rows, names and links of real parses. ``link`` then runs in a fresh
process pinned to one core (``taskset -c 0``, DuckDB on one thread: ``link --threads 1``),
and the peak RSS of its process tree is sampled. Memory is flat when the peak at the largest size is
close to the peak at the smallest.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from run import _measured

LINKED = ("notices", "round_refs", "round_ref_units", "unit_mentions", "outline")
# columns renamed in each copy: notice ids, round keys and bodies, unit keys
RENAMED = {"notice_id", "key", "body", "unit_key", "name_key", "source"}


def parsed_sample(work: Path, sample: int) -> Path:
    """``sample`` synthetic notices parsed once into ``work/sample-N`` (kept between runs)."""
    out = work / f"sample-{sample}"
    if (out / "round_refs.parquet").is_file():
        return out
    archive = generate(work / f"archive-{sample}", sample)
    subprocess.run([sys.executable, "-m", "noticeparse.cli", "parse", str(archive), "-o", str(out), "--quiet"],
                   check=True)
    return out


def _renamed(column: pa.ChunkedArray, name: str, copy: int) -> pa.ChunkedArray:
    """A column of one copy: ids and keys suffixed so that each copy is other notices, rounds and units."""
    if name not in RENAMED or copy == 0:
        return column
    if name == "key":  # body/term/round → body·copy/term/round
        parts = pc.split_pattern(column, "/", max_splits=1)
        head = pc.list_element(parts, 0)
        tail = pc.list_element(parts, 1)
        return pc.binary_join_element_wise(pc.binary_join_element_wise(head, f"·{copy}", ""), tail, "/")
    return pc.binary_join_element_wise(column, f"·{copy}", "")


def scaled_output(sample: Path, out: Path, size: int) -> Path:
    """An output of ``size`` notices: the sample's linked tables, copied and renamed."""
    if (out / ".complete").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    ids = sorted(pq.read_table(sample / "notices.parquet", columns=["notice_id"]).column(0).to_pylist())
    copies = -(-size // len(ids))
    last = pa.array(ids[: size - (copies - 1) * len(ids)])
    for name in LINKED:
        table = pq.read_table(sample / f"{name}.parquet")
        with pq.ParquetWriter(out / f"{name}.parquet", table.schema, compression="zstd") as writer:
            for copy in range(copies):
                part = table if copy < copies - 1 else table.filter(pc.is_in(table.column("notice_id"), last))
                writer.write_table(pa.table({c: _renamed(part.column(c), c, copy) for c in part.column_names},
                                            schema=table.schema))
    (out / ".complete").touch()
    return out


def measure(output: Path) -> dict[str, float]:
    """``noticeparse link`` on one core: wall time, peak RSS of the process tree."""
    command = [sys.executable, "-m", "noticeparse.cli", "link", str(output), "--threads", "1"]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    text, seconds, peak, code = _measured(command)
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak / 2**20, 1), "exit_code": code,
            "summary": text.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--work", type=Path, default=Path("bench/out"))
    parser.add_argument("--json", type=Path, default=Path("bench/link.json"))
    args = parser.parse_args()
    sample = parsed_sample(args.work, args.sample)
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        output = scaled_output(sample, args.work / f"link-{size}", size)
        results[str(size)] = measure(output)
        print(f"link {size:>7} notices: {results[str(size)]['seconds']:>6.2f} s, "
              f"peak RSS {results[str(size)]['peak_rss_mb']:>6.0f} MB  ({results[str(size)]['summary']})")
    sizes = sorted(results, key=int)
    results["rss_ratio_largest_to_smallest"] = round(
        results[sizes[-1]]["peak_rss_mb"] / results[sizes[0]]["peak_rss_mb"], 2)  # type: ignore[index]
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"peak RSS {sizes[-1]} vs {sizes[0]} notices: x{results['rss_ratio_largest_to_smallest']}")


if __name__ == "__main__":
    main()
