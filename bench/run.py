"""``make bench``: throughput and memory of the full parse, the batch, and JioNLP side by side.

    python bench/run.py [--count 10000] [--large 100000] [--json bench/results.json]

Reports notices/s, chars/s and peak RSS (of the whole process tree) for: the full
parse on one core (every extractor, outline, segmentation, table rows), the batch
on every core at ``--count`` and at ``--large`` notices, ``report`` over each batch's
output (time, peak RSS, bytes written), and JioNLP's extract_time
and extract_money on the same texts when JioNLP is installed. Then the real-pages set
(``bench/real_pages.py``: CPU time beside JioNLP extract_time, stage shares, start-up, batch at
1 and 2 workers).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_pages
from generate import generate

from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.rules import load_rules
from noticeparse.store.rows import notice_rows

SAMPLE = 300  # notices timed in-process for the per-core figures
WARM_UP = "关于开展专项检查的通知\n2020年3月1日,检查组进驻,发现问题12个。"
REAL = [Path("raw/samples"), Path("../shared/corpus/ccdi-html")]  # real pages (the second when present)


def _tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def _measured(command: list[str]) -> tuple[str, float, int, int]:
    """Run a command; its stdout, wall time, peak RSS of its process tree and exit code."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    stop.set()
    sampler.join()
    return output, time.perf_counter() - started, peak, process.returncode


def run_batch_measured(archive: Path, out: Path) -> dict[str, float]:
    """Run ``noticeparse batch`` in a subprocess; wall time and peak RSS of its process tree."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "noticeparse.cli", "batch", str(archive), "-o", str(out)]
    output, seconds, peak, code = _measured(command)
    notices = int(next(line.split()[0] for line in output.splitlines() if "inputs parsed" in line))
    chars = sum(path.stat().st_size for path in archive.rglob("n*")) / 3  # UTF-8 Han: ~3 bytes a char
    return {"notices": notices, "seconds": seconds, "notices_per_s": notices / seconds,
            "chars_per_s": chars / seconds, "peak_rss_mb": peak / 2**20, "exit_code": code}


def run_report_measured(parsed: Path, out: Path) -> dict[str, float]:
    """Run ``noticeparse report`` over a batch output; wall time, peak RSS, bytes written, index size."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "noticeparse.cli", "report", str(parsed), "-o", str(out)]
    output, seconds, peak, code = _measured(command)
    pages = int(output.split()[0]) if output.split() and output.split()[0].isdigit() else 0
    written = sum(path.stat().st_size for path in out.glob("*.html"))
    index = out / "index.html"
    return {"notices": pages, "seconds": seconds, "notices_per_s": pages / seconds if seconds else 0.0,
            "peak_rss_mb": peak / 2**20, "bytes_written": written,
            "index_bytes": index.stat().st_size if index.exists() else 0, "exit_code": code}


def per_core(files: list[Path]) -> tuple[dict[str, float], list[str]]:
    """Full parse of ``files`` in a fresh process; also returns their stored texts.

    Each set runs in its own process so that one set's memoised segmentation never
    serves the other; the process loads rules and jieba on a text of its own first.
    """
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_per_core, ([str(f) for f in files],))


def _per_core(files: list[str]) -> tuple[dict[str, float], list[str]]:
    rules = load_rules()
    notice_rows(parse_bytes(WARM_UP.encode(), ParseOptions(rules=rules)), rules.sha256)  # load rules and jieba
    payloads = [(f, Path(f).read_bytes()) for f in files]
    texts, started = [], time.perf_counter()
    for path, data in payloads:
        notice = parse_bytes(data, ParseOptions(source=path, rules=rules))
        notice_rows(notice, rules.sha256)
        texts.append(notice.text)
    seconds = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    return {"notices": len(texts), "seconds": seconds, "notices_per_s": len(texts) / seconds,
            "chars_per_s": chars / seconds}, texts


def jionlp(texts: list[str]) -> dict[str, dict[str, float]]:
    """JioNLP extract_time and extract_money on the same texts, when installed."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            from jionlp.algorithm.ner import extract_money, extract_time
    except Exception:  # noqa: BLE001 - not installed here: nothing to compare
        return {}
    logging.disable(logging.ERROR)
    chars = sum(len(t) for t in texts)
    results = {}
    for name, func in (("extract_time", extract_time), ("extract_money", extract_money)):
        started = time.perf_counter()
        for text in texts:
            with contextlib.suppress(Exception), contextlib.redirect_stdout(io.StringIO()):
                func(text)
        seconds = time.perf_counter() - started
        results[name] = {"seconds": seconds, "chars_per_s": chars / seconds}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000, help="0 skips the large batch")
    parser.add_argument("--work", type=Path, default=Path("bench/out"))
    parser.add_argument("--json", type=Path, default=Path("bench/results.json"))
    args = parser.parse_args()
    small = generate(args.work / f"archive-{args.count}", args.count)
    results: dict[str, object] = {
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                    "python": platform.python_version(), "system": platform.platform()},
    }
    single, texts = per_core(sorted(small.rglob("n*"))[:SAMPLE])
    results["full_parse_one_core"] = single
    samples = sorted(p for folder in REAL if folder.is_dir() for p in folder.iterdir() if p.suffix in {".txt", ".html"})
    real, real_texts = per_core(samples)  # no repeats: JioNLP caches results for a text it has seen
    results["full_parse_one_core_real_samples"] = real
    results[f"batch_{args.count}"] = run_batch_measured(small, args.work / "out-small")
    results[f"report_{args.count}"] = run_report_measured(args.work / "out-small", args.work / "report-small")
    if args.large:
        large = generate(args.work / f"archive-{args.large}", args.large)
        results[f"batch_{args.large}"] = run_batch_measured(large, args.work / "out-large")
        results[f"report_{args.large}"] = run_report_measured(args.work / "out-large", args.work / "report-large")
    comparison = jionlp(texts)
    if comparison:
        results["jionlp"] = comparison
        results["ratio_full_parse_vs_jionlp_extract_time"] = (
            single["chars_per_s"] / comparison["extract_time"]["chars_per_s"])
        real_comparison = jionlp(real_texts)
        results["jionlp_real_samples"] = real_comparison
        results["ratio_real_samples"] = real["chars_per_s"] / real_comparison["extract_time"]["chars_per_s"]
    results["real_pages"] = real_pages.run(batch=True)  # CPU time, in-process, beside JioNLP
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)


def print_table(results: dict[str, object]) -> None:
    print(f"{'measure':<28} {'notices':>8} {'notices/s':>10} {'chars/s':>11} {'peak RSS MB':>12}")
    for key, value in results.items():
        if isinstance(value, dict) and "chars_per_s" in value:
            print(f"{key:<28} {value.get('notices', ''):>8} {value.get('notices_per_s', 0):>10.1f} "
                  f"{value['chars_per_s']:>11.0f} {value.get('peak_rss_mb', 0):>12.0f}")
    for key, value in results.items():
        if key.startswith("report_") and isinstance(value, dict):
            print(f"{key:<28} {value['notices']:>8} {value['notices_per_s']:>10.1f} {'':>11} "
                  f"{value['peak_rss_mb']:>12.0f}  {value['bytes_written'] / 2**20:.0f} MB written, "
                  f"index {value['index_bytes'] / 2**20:.1f} MB, {value['seconds']:.0f} s")
    for key in ("jionlp", "jionlp_real_samples"):
        for name, value in (results.get(key) or {}).items():  # type: ignore[union-attr]
            print(f"{key.replace('_', ' ') + ' ' + name:<28} {'':>8} {'':>10} {value['chars_per_s']:>11.0f}")
    if "ratio_full_parse_vs_jionlp_extract_time" in results:
        print(f"full parse / JioNLP extract_time (chars/s): synthetic "
              f"{results['ratio_full_parse_vs_jionlp_extract_time']:.2f}×, real samples {results['ratio_real_samples']:.2f}×")
    print(f"machine: {results['machine']}")
    if "real_pages" in results:
        real_pages.print_table(results["real_pages"])  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
