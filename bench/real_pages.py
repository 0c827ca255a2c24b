"""The real-pages bench: the full parse on one core beside JioNLP ``extract_time``, with stage shares.

    python bench/real_pages.py [--json bench/real_pages.json] [--batch]

Real pages are every HTML page of ../shared/corpus and raw/samples (those present).
Both are timed in CPU time (``time.process_time``) in this one process, on the same
texts, in the same run. Stage shares come from timing the stage functions while the
pages are parsed (exclusive time: an extractor's time is not counted in its caller's);
``rows`` is ``notice_columns`` (the batch's column lists), ``table`` is ``to_table`` over all pages.
``--batch`` also runs ``noticeparse batch`` on the pages at 1 and 2 workers, and the
start-up of a fresh worker (rules, segmenter and a first notice) is timed in a subprocess.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
WARM_UP = "关于开展专项检查的通知\n2020年3月1日,检查组进驻,副部长李金早发现问题12个。"  # 李金早: an unknown word


def real_pages() -> list[Path]:
    """raw/samples, then every HTML page under ../shared/corpus (when present)."""
    samples = sorted(p for p in (ROOT / "raw" / "samples").glob("*") if p.suffix in {".txt", ".html"})
    return samples + (sorted(CORPUS.rglob("*.html")) if CORPUS.is_dir() else [])


class StageClock:
    """Exclusive CPU time by stage, from wrapped functions (a stack: nested time goes to the inner)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[list[Any]] = []  # [stage, started, child seconds]

    def wrap(self, stage: str | Callable[..., str], func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kw: Any) -> Any:
            name = stage(*args) if callable(stage) else stage
            self._stack.append([name, time.process_time(), 0.0])
            try:
                return func(*args, **kw)
            finally:
                name, started, children = self._stack.pop()
                spent = time.process_time() - started
                self.seconds[name] += spent - children
                if self._stack:
                    self._stack[-1][2] += spent
        return timed


@contextlib.contextmanager
def stage_clock() -> Iterator[StageClock]:
    """Wrap the pipeline's stage functions for the duration (restored after)."""
    from noticeparse.extract import chain
    from noticeparse.parse import notice
    from noticeparse.segment import backends, segmenter

    clock = StageClock()
    patches = [
        (notice, "extract_page", "html"), (notice, "strip_chrome", "chrome"),
        (notice, "decode_bytes", "decode"), (notice, "normalize_text", "normalize"),
        (chain, "run_guarded", lambda stage, *_a: f"extract {stage}"),
        (notice, "run_guarded", lambda stage, *_a: "segment (entity-aware)" if stage == "segment" else f"extract {stage}"),
        (segmenter.Segmenter, "_protected", "segment: protected spans"),
        (segmenter.Segmenter, "_cut_gap", "segment: gaps, placing, Token objects"),
        (backends.JiebaBackend, "cut", "segment: backend cut"),
        (backends.JiebaBackend, "_tag_unknown", "segment: POS of unknown words"),
    ]
    saved = [(owner, name, owner.__dict__[name]) for owner, name, _stage in patches]
    try:
        for owner, name, stage in patches:
            setattr(owner, name, clock.wrap(stage, owner.__dict__[name]))
        yield clock
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def measure_parse(files: list[Path], *, stages: bool) -> tuple[dict[str, Any], list[str]]:
    """Parse ``files`` (rows and tables too); chars/s in CPU time, and the stage shares if asked."""
    from noticeparse.parse import ParseOptions, parse_bytes
    from noticeparse.rules import load_rules
    from noticeparse.store.parquet import to_table
    from noticeparse.store.rows import notice_columns

    rules = load_rules()
    for table, columns in notice_columns(parse_bytes(WARM_UP.encode(), ParseOptions(rules=rules)), "").items():
        to_table(table, columns, "")  # what a worker pays once: rules, dictionaries, Arrow's first conversions
    payloads = [(str(f), f.read_bytes()) for f in files]
    with stage_clock() if stages else contextlib.nullcontext() as clock:
        texts: list[str] = []
        tables: dict[str, dict[str, list[Any]]] = defaultdict(dict)
        started = time.process_time()
        for path, data in payloads:
            notice = parse_bytes(data, ParseOptions(source=path, rules=rules))
            rows_started = time.process_time()
            for table, columns in notice_columns(notice, rules.sha256).items():  # as the batch does
                for column, values in columns.items():
                    tables[table].setdefault(column, []).extend(values)
            if clock is not None:
                clock.seconds["rows"] += time.process_time() - rows_started
            texts.append(notice.text)
        table_started = time.process_time()
        for table, columns in tables.items():
            to_table(table, columns, rules.sha256)
        if clock is not None:
            clock.seconds["table"] += time.process_time() - table_started
        seconds = time.process_time() - started
    chars = sum(len(t) for t in texts)
    result: dict[str, Any] = {"notices": len(texts), "chars": chars, "seconds": seconds, "chars_per_s": chars / seconds}
    if clock is not None:
        rest = seconds - sum(clock.seconds.values())
        shares = {**clock.seconds, "other (parse glue)": rest}
        result["stages"] = {k: round(v / seconds, 4) for k, v in sorted(shares.items(), key=lambda kv: -kv[1])}
    return result, texts


def measure_jionlp(texts: list[str]) -> dict[str, float] | None:
    """JioNLP ``extract_time`` over ``texts`` in CPU time (None when JioNLP is not installed)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            from jionlp.algorithm.ner import extract_time
    except Exception:  # noqa: BLE001 - not installed here: nothing to compare
        return None
    logging.disable(logging.ERROR)
    with contextlib.suppress(Exception), contextlib.redirect_stdout(io.StringIO()):
        extract_time(WARM_UP)
    started = time.process_time()
    for text in texts:
        with contextlib.suppress(Exception), contextlib.redirect_stdout(io.StringIO()):
            extract_time(text)
    seconds = time.process_time() - started
    return {"seconds": seconds, "chars_per_s": sum(len(t) for t in texts) / seconds}


def measure_startup() -> float:
    """Wall seconds for a fresh process to load rules and the segmenter and parse a first notice."""
    code = ("import time; t = time.perf_counter()\n"
            "from noticeparse.parse import ParseOptions, parse_bytes\n"
            f"parse_bytes({WARM_UP!r}.encode(), ParseOptions())\n"
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def measure_batch(files: list[Path], workers: int) -> dict[str, float]:
    """``noticeparse batch`` over a copy of the pages with ``workers`` processes (wall time)."""
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for i, f in enumerate(files):
            shutil.copy(f, pages / f"{i:04d}-{f.name}")
        command = [sys.executable, "-m", "noticeparse.cli", "batch", str(pages), "-o", str(Path(tmp) / "out"),
                   "--workers", str(workers)]
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        seconds = time.perf_counter() - started
    return {"workers": workers, "seconds": seconds, "notices_per_s": len(files) / seconds}


def _fresh(files: list[Path], *, stages: bool) -> tuple[dict[str, Any], list[str]]:
    """``measure_parse`` in a fresh process: no memoised cut of an earlier pass serves this one."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measure, ([str(f) for f in files], stages))


def _measure(files: list[str], stages: bool) -> tuple[dict[str, Any], list[str]]:
    return measure_parse([Path(f) for f in files], stages=stages)


def run(batch: bool = False) -> dict[str, Any]:
    """Every real-pages measure, as one JSON-ready dict."""
    files = real_pages()
    parse, texts = _fresh(files, stages=False)
    staged, _ = _fresh(files, stages=True)  # a pass of its own: the wrappers cost time too
    parse["stages"] = staged["stages"]
    results: dict[str, Any] = {"pages": len(files), "full_parse_one_core": parse}
    jionlp = measure_jionlp(texts)
    if jionlp:
        results["jionlp_extract_time"] = jionlp
        results["ratio"] = parse["chars_per_s"] / jionlp["chars_per_s"]
    if batch:
        results["startup_seconds"] = measure_startup()
        results["batch"] = [measure_batch(files, n) for n in (1, 2)]
    return results


def print_table(results: dict[str, Any]) -> None:
    parse = results["full_parse_one_core"]
    print(f"real pages: {results['pages']} pages, {parse['chars']:,} chars")
    print(f"full parse, one core: {parse['chars_per_s']:,.0f} chars/s")
    if "ratio" in results:
        print(f"JioNLP extract_time: {results['jionlp_extract_time']['chars_per_s']:,.0f} chars/s; "
              f"ratio {results['ratio']:.2f}×")
    for stage, share in parse["stages"].items():
        print(f"  {stage:<34} {share:6.1%}")
    if "batch" in results:
        print(f"start-up per worker: {results['startup_seconds']:.2f} s")
        for row in results["batch"]:
            print(f"batch, {row['workers']} worker(s): {row['notices_per_s']:.1f} notices/s ({row['seconds']:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "real_pages.json")
    parser.add_argument("--batch", action="store_true", help="also time the batch at 1 and 2 workers")
    args = parser.parse_args()
    results = run(batch=args.batch)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)


if __name__ == "__main__":
    main()
