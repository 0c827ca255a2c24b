"""Run a pipeline file: its stages in order, each skipping what is already done."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from noticeparse.batch.run import BatchOptions, print_summary, run_batch
from noticeparse.batch.runfile import PipelineConfig, load_config
from noticeparse.settings import settings_from


def parse_sources(config: PipelineConfig) -> list[str]:
    """The folders the parse stage reads: local sources, plus the raw store when crawling."""
    paths = [s.path for s in config.sources if s.path]
    if any(s.list_url or s.profile for s in config.sources) and str(config.raw) not in paths:
        paths.append(str(config.raw))
    return [p for p in paths if p]


def run_pipeline(path: Path, *, engine: str | None = None, scheduler: str | None = None,
                 workers: int | None = None, wait: float = 0.0, cmdline: Mapping[str, Any] | None = None) -> int:
    """Run every stage of the pipeline file at ``path``; return the exit code (1 if any input failed).

    The run's settings are the defaults, then the file's, then ``cmdline`` (the command line's flags).
    """
    config = load_config(path)
    settings = settings_from({"pipeline": config.settings, "cmdline": cmdline})
    failed = False
    if "crawl" in config.stages:
        from noticeparse.crawl import crawl_sources

        failed |= crawl_sources(config, settings.rules_root) != 0
    if "parse" in config.stages:
        # the file's scheduler and workers belong to the file's engine: --engine on the command line drops them
        chosen = engine or config.engine
        same = chosen == config.engine
        options = BatchOptions(engine=chosen, workers=workers or (config.workers if same else None),
                               scheduler=scheduler or (config.scheduler if same else None), buckets=config.buckets,
                               wait=wait)
        summary = run_batch(parse_sources(config), config.output, settings=settings, options=options)
        print_summary(summary)
        failed |= summary.failed
    if "report" in config.stages:
        from noticeparse.review import write_report

        index, pages = write_report(config.output, config.output.parent / "report", progress=True)
        print(f"report: {index} ({pages} notice pages)")
    return 1 if failed else 0
