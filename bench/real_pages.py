"""The real-pages bench: the full parse on one core beside JioNLP ``extract_time``, with stage shares.

    python bench/real_pages.py [--json bench/real_pages.json] [--batch] [--synthetic N] [--corpus DIR]

Real pages are every HTML page of ../shared/corpus (or ``--corpus``) and raw/samples (those present).
The full parse (a fresh process each time), JioNLP ``extract_time`` and the composite a
user would assemble instead (trafilatura for the page, jieba's cut, ``extract_time`` and
``extract_money``) are timed in CPU time (``time.process_time``), on the same pages and
texts, in the same run, taken in turn ``ROUNDS`` times: the best of each. Stage shares come from timing the stage functions while the
pages are parsed (exclusive time: an extractor's time is not counted in its caller's);
``rows`` is ``notice_columns`` (the batch's column lists), ``table`` is ``to_table`` over all pages.
``--batch`` also runs ``noticeparse batch`` on the pages at 1 and 2 workers, and on
``--synthetic N`` notices of bench/generate.py (2,000 unless told; 0: none), where start-up
does not dominate. Each batch row has its wall and CPU seconds (the command and its workers),
and the fixed cost (``fixed_seconds``: the same command on one notice: start-up, the pool,
the state) so ``marginal_notices_per_s`` is the rate once running: (N − 1) / (seconds − fixed).
The start-up of a fresh process (imports, rules, segmenter, a first notice, then a first real
page: the first of the pages) is timed in a subprocess, in wall and CPU seconds and by step.
``normalised_view`` is what the normalised view (parse/view.py, parse/remap.py) costs on these
pages, simplified all: the full parse with the view off and on, each the best of ``VIEW_PASSES``
fresh passes taken in turn, and the slowdown of on over off (issue 22 allows 5%); its stages,
``normalise (view)`` and ``normalise (remap)``, are among the stage shares.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import multiprocessing
import resource
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
VIEW_PASSES = 3
ROUNDS = 3  # the full parse, JioNLP and the composite, in turn: the best of each
WARM_UP = "关于开展专项检查的通知\n2020年3月1日,检查组进驻,副部长李金早发现问题12个。"  # 李金早: an unknown word


def real_pages(corpus: Path = CORPUS) -> list[Path]:
    """raw/samples, then every HTML page under ../shared/corpus (when present)."""
    samples = sorted(p for p in (ROOT / "raw" / "samples").glob("*") if p.suffix in {".txt", ".html"})
    return samples + (sorted(corpus.rglob("*.html")) if corpus.is_dir() else [])


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


def _step_stage(step: Any, *_args: Any) -> str:
    """The stage a step of the parse plan is counted under (its own calls of patched functions apart)."""
    if step.name == "segment":
        return "segment (entity-aware)"
    return f"parse: {step.name}" if step.run is None else f"extract {step.name}"


@contextlib.contextmanager
def stage_clock() -> Iterator[StageClock]:
    """Wrap the pipeline's stage functions for the duration (restored after)."""
    from noticeparse.extract import plan
    from noticeparse.parse import notice
    from noticeparse.segment import backends, segmenter

    clock = StageClock()
    patches = [
        (notice, "extract_page", "html"), (notice, "strip_chrome", "chrome"),
        (notice, "decode_bytes", "decode"), (notice, "normalize_text", "normalize"),
        (notice, "build_view", "normalise (view)"), (notice, "remap_notice", "normalise (remap)"),
        (plan, "_run_step", _step_stage),
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


def measure_parse(files: list[Path], *, stages: bool, normalise: bool = True) -> tuple[dict[str, Any], list[str]]:
    """Parse ``files`` (rows and tables too); chars/s in CPU time, and the stage shares if asked."""
    from noticeparse.parse import ParseOptions, parse_bytes
    from noticeparse.rules import load_rules
    from noticeparse.segment import preload_segmenter
    from noticeparse.settings import Settings
    from noticeparse.store.parquet import to_table
    from noticeparse.store.rows import notice_columns

    rules = load_rules()
    preload_segmenter("jieba", rules)  # jieba's own dictionaries load lazily, on the first text rjieba cannot cut
    for table, columns in notice_columns(parse_bytes(WARM_UP.encode(), ParseOptions(rules=rules)), "").items():
        to_table(table, columns, "")  # what a worker pays once: rules, dictionaries, Arrow's first conversions
    payloads = [(str(f), f.read_bytes()) for f in files]
    with stage_clock() if stages else contextlib.nullcontext() as clock:
        texts: list[str] = []
        tables: dict[str, dict[str, list[Any]]] = defaultdict(dict)
        started = time.process_time()
        for path, data in payloads:
            notice = parse_bytes(data, ParseOptions(source=path, rules=rules, settings=Settings(normalise=normalise)))
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


def _quiet(func: Callable[[str], Any], text: str) -> None:
    with contextlib.suppress(Exception), contextlib.redirect_stdout(io.StringIO()):
        func(text)


def measure_jionlp(texts: list[str]) -> dict[str, float] | None:
    """JioNLP ``extract_time`` over ``texts`` in CPU time (None when JioNLP is not installed)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            from jionlp.algorithm.ner import extract_time
    except Exception:  # noqa: BLE001 - not installed here: nothing to compare
        return None
    logging.disable(logging.ERROR)
    _quiet(extract_time, WARM_UP)
    started = time.process_time()
    for text in texts:
        _quiet(extract_time, text)
    seconds = time.process_time() - started
    return {"seconds": seconds, "chars_per_s": sum(len(t) for t in texts) / seconds}


def measure_composite(files: list[Path], texts: list[str]) -> dict[str, float] | None:
    """What a user would assemble instead, in CPU time: trafilatura for the page (a .txt as it is),
    jieba's cut, JioNLP's ``extract_time`` and ``extract_money``; None when one is not installed.

    chars/s counts noticeparse's texts of the same pages (``texts``), so the ratio is one of seconds.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jieba
            import trafilatura
            from jionlp.algorithm.ner import extract_money, extract_time
    except Exception:  # noqa: BLE001 - not installed here: nothing to compare
        return None
    logging.disable(logging.ERROR)
    jieba.initialize()
    pages = [(f.suffix == ".html", f.read_bytes()) for f in files]
    for func in (extract_time, extract_money, jieba.lcut):
        _quiet(func, WARM_UP)
    started = time.process_time()
    for is_html, data in pages:
        text = (trafilatura.extract(data) if is_html else data.decode("utf-8", "replace")) or ""
        jieba.lcut(text)
        _quiet(extract_time, text)
        _quiet(extract_money, text)
    seconds = time.process_time() - started
    return {"seconds": seconds, "chars_per_s": sum(len(t) for t in texts) / seconds}


_STARTUP = """import time
wall, cpu = time.perf_counter(), time.process_time()
steps = {}
def step(name):
    global wall, cpu
    steps[name] = [time.perf_counter() - wall, time.process_time() - cpu]
    wall, cpu = time.perf_counter(), time.process_time()
from noticeparse.settings import Settings
from noticeparse.parse import ParseOptions, parse_bytes
from noticeparse.rules import load_rules
from noticeparse.segment import get_segmenter
step("imports")
rules = load_rules()
step("rules (read, compile)")
get_segmenter("jieba", rules).warm()
step("segmenter (rjieba, lexicon; jieba lazily)")
parse_bytes(WARM_UP.encode(), ParseOptions(rules=rules))
step("first notice")
parse_bytes(PAGE.read_bytes(), ParseOptions(source=str(PAGE), rules=rules))
step("first real page")
print(json.dumps(steps))
"""


def measure_startup(page: Path) -> dict[str, Any]:
    """Seconds (wall and CPU) for a fresh process to import, load rules and the segmenter and parse a first
    notice (the start-up), then ``page`` (a step of its own, not in the sums: the lazily loaded dictionaries)."""
    code = f"import json\nfrom pathlib import Path\nWARM_UP = {WARM_UP!r}\nPAGE = Path({str(page)!r})\n{_STARTUP}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    steps = json.loads(out.stdout.splitlines()[-1])
    start_up = [spent for name, spent in steps.items() if name != "first real page"]
    return {"seconds": sum(w for w, _c in start_up), "cpu_seconds": sum(c for _w, c in start_up),
            "steps": {name: {"seconds": round(w, 3), "cpu_seconds": round(c, 3)} for name, (w, c) in steps.items()}}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for children and their waited-for workers
    return usage.ru_utime + usage.ru_stime


def _run_batch(pages: Path, out: Path, workers: int) -> tuple[float, float]:
    """Wall and CPU seconds of one ``noticeparse batch`` command (its workers' CPU included)."""
    command = [sys.executable, "-m", "noticeparse.cli", "batch", str(pages), "-o", str(out), "--workers", str(workers)]
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - started, _children_cpu() - cpu


def measure_batch(files: list[Path], workers: int) -> dict[str, float]:
    """``noticeparse batch`` over a copy of ``files`` with ``workers`` processes, and over one of them alone."""
    with tempfile.TemporaryDirectory() as tmp:
        pages, single = Path(tmp) / "pages", Path(tmp) / "single"
        pages.mkdir()
        single.mkdir()
        for i, f in enumerate(files):
            shutil.copy(f, pages / f"{i:05d}-{f.name}")
        shutil.copy(files[0], single / files[0].name)
        fixed, _ = _run_batch(single, Path(tmp) / "out-single", workers)
        seconds, cpu = _run_batch(pages, Path(tmp) / "out", workers)
    return {"workers": workers, "notices": len(files), "seconds": seconds, "notices_per_s": len(files) / seconds,
            "cpu_seconds": cpu, "fixed_seconds": fixed,
            "marginal_notices_per_s": (len(files) - 1) / max(seconds - fixed, 1e-9)}


def synthetic_notices(folder: Path, count: int) -> list[Path]:
    """``count`` notices of bench/generate.py (seed 7) under ``folder``."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    generate(folder, count)
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in {".txt", ".html"})


def _fresh(files: list[Path], *, stages: bool, normalise: bool = True) -> tuple[dict[str, Any], list[str]]:
    """``measure_parse`` in a fresh process: no memoised cut of an earlier pass serves this one."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measure, ([str(f) for f in files], stages, normalise))


def _measure(files: list[str], stages: bool, normalise: bool) -> tuple[dict[str, Any], list[str]]:
    return measure_parse([Path(f) for f in files], stages=stages, normalise=normalise)


def measure_view(files: list[Path]) -> dict[str, float]:
    """The full parse with the normalised view off and on (best of fresh passes in turn), and the slowdown."""
    best = {False: float("inf"), True: float("inf")}
    for _ in range(VIEW_PASSES):
        for normalise in (False, True):
            best[normalise] = min(best[normalise], _fresh(files, stages=False, normalise=normalise)[0]["seconds"])
    return {"off_seconds": round(best[False], 3), "on_seconds": round(best[True], 3),
            "slowdown": round(best[True] / best[False] - 1, 4)}


def _interleaved(files: list[Path]) -> tuple[dict[str, Any], dict[str, float] | None, dict[str, float] | None]:
    """The full parse (a fresh process each time), JioNLP and the composite, taken in turn ``ROUNDS`` times: the best of each."""
    def best(old: dict[str, Any] | None, new: dict[str, Any] | None) -> Any:
        return new if old is None or (new is not None and new["seconds"] < old["seconds"]) else old

    parse: dict[str, Any] | None = None
    jionlp = composite = None
    for _ in range(ROUNDS):
        fresh, texts = _fresh(files, stages=False)
        parse = best(parse, fresh)
        jionlp = best(jionlp, measure_jionlp(texts))
        composite = best(composite, measure_composite(files, texts))
    assert parse is not None
    return parse, jionlp, composite


def run(batch: bool = False, synthetic: int = 0, corpus: Path = CORPUS) -> dict[str, Any]:
    """Every real-pages measure, as one JSON-ready dict."""
    files = real_pages(corpus)
    parse, jionlp, composite = _interleaved(files)
    staged, _ = _fresh(files, stages=True)  # a pass of its own: the wrappers cost time too
    parse["stages"] = staged["stages"]
    results: dict[str, Any] = {"pages": len(files), "full_parse_one_core": parse, "normalised_view": measure_view(files)}
    if jionlp:
        results["jionlp_extract_time"] = jionlp
        results["ratio"] = parse["chars_per_s"] / jionlp["chars_per_s"]
    if composite:
        results["composite"] = composite
        results["ratio_composite"] = parse["chars_per_s"] / composite["chars_per_s"]
    if batch:
        startup = measure_startup(files[0])
        results["startup_seconds"] = startup["seconds"]
        results["startup"] = startup
        results["batch"] = [measure_batch(files, n) for n in (1, 2)]
        if synthetic:
            with tempfile.TemporaryDirectory() as tmp:
                notices = synthetic_notices(Path(tmp), synthetic)
                results["batch_synthetic"] = [measure_batch(notices, n) for n in (1, 2)]
    return results


def print_table(results: dict[str, Any]) -> None:
    parse = results["full_parse_one_core"]
    print(f"real pages: {results['pages']} pages, {parse['chars']:,} chars")
    print(f"full parse, one core: {parse['chars_per_s']:,.0f} chars/s")
    if "ratio" in results:
        print(f"JioNLP extract_time: {results['jionlp_extract_time']['chars_per_s']:,.0f} chars/s; "
              f"ratio {results['ratio']:.2f}×")
    if "ratio_composite" in results:
        print(f"composite (trafilatura + jieba + extract_time + extract_money): "
              f"{results['composite']['chars_per_s']:,.0f} chars/s; ratio {results['ratio_composite']:.2f}×")
    for stage, share in parse["stages"].items():
        print(f"  {stage:<34} {share:6.1%}")
    view = results["normalised_view"]
    print(f"normalised view off {view['off_seconds']:.2f} s, on {view['on_seconds']:.2f} s CPU: "
          f"slowdown {view['slowdown']:+.1%} (view and remap {sum(v for k, v in parse['stages'].items() if k.startswith('normalise')):.1%} of the parse)")
    if "batch" in results:
        startup = results["startup"]
        print(f"start-up of a fresh process: {startup['seconds']:.2f} s wall, {startup['cpu_seconds']:.2f} s CPU")
        for step, spent in startup["steps"].items():
            print(f"  {step:<38} {spent['seconds']:6.2f} s wall {spent['cpu_seconds']:6.2f} s CPU")
        for key in ("batch", "batch_synthetic"):
            for row in results.get(key, []):
                print(f"{key}, {row['notices']} notices, {row['workers']} worker(s): {row['notices_per_s']:.1f} "
                      f"notices/s ({row['seconds']:.1f} s wall, {row['cpu_seconds']:.1f} s CPU); fixed "
                      f"{row['fixed_seconds']:.1f} s, then {row['marginal_notices_per_s']:.1f} notices/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "real_pages.json")
    parser.add_argument("--batch", action="store_true", help="also time the batch at 1 and 2 workers")
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic notices for the batch (0: none)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the shared corpus (default ../shared/corpus)")
    args = parser.parse_args()
    results = run(batch=args.batch, synthetic=args.synthetic, corpus=args.corpus)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)


if __name__ == "__main__":
    main()
