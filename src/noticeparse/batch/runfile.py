"""Pipeline run configurations: ``pipeline/NAME.toml`` (sources, raw store, output, engine)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TOP_KEYS = {"name", "raw", "output", "engine", "scheduler", "workers", "buckets", "stages", "sources", "rules"}
_SOURCE_KEYS = {"path", "list_url", "profile", "family", "since", "max_pages", "max_articles", "delay"}
STAGES = ("crawl", "parse", "report")


class ConfigError(ValueError):
    """A pipeline file is malformed."""


@dataclass(frozen=True)
class Source:
    """One source: a local folder or file (``path``), or a site to crawl (``list_url``/``profile``)."""

    path: str | None = None
    list_url: str | None = None
    profile: str | None = None
    family: str = "auto"
    since: str | None = None
    max_pages: int | None = None
    max_articles: int | None = None
    delay: float | None = None


@dataclass(frozen=True)
class PipelineConfig:
    """A whole run: where raw pages go, where Parquet goes, how to parse, which stages."""

    name: str
    raw: Path
    output: Path
    sources: tuple[Source, ...]
    engine: str = "local"
    scheduler: str | None = None
    workers: int | None = None
    buckets: int | None = None
    stages: tuple[str, ...] = ("parse",)
    rules: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def load_config(path: Path) -> PipelineConfig:
    """Read and check a pipeline file; relative paths are relative to the project root.

    The project root is the folder above ``pipeline/`` (or the file's own folder).
    """
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown keys {sorted(unknown)}")
    base = path.resolve().parent.parent if path.resolve().parent.name == "pipeline" else path.resolve().parent
    sources = []
    for item in raw.get("sources", []):
        if set(item) - _SOURCE_KEYS:
            raise ConfigError(f"{path}: unknown source keys {sorted(set(item) - _SOURCE_KEYS)}")
        if sum(bool(item.get(k)) for k in ("path", "list_url", "profile")) != 1:
            raise ConfigError(f"{path}: each source needs exactly one of path, list_url, profile")
        for key in ("path", "profile"):  # relative to the project, never to where the command runs
            if item.get(key):
                item = {**item, key: str(base / item[key])}
        sources.append(Source(**item))
    stages = tuple(raw.get("stages", ["parse"]))
    if set(stages) - set(STAGES):
        raise ConfigError(f"{path}: unknown stages {sorted(set(stages) - set(STAGES))}; known: {STAGES}")
    engine = raw.get("engine", "local")
    if engine not in {"local", "dask"} or (engine == "dask" and not raw.get("scheduler")):
        raise ConfigError(f"{path}: engine is local, or dask with a scheduler = 'tcp://HOST:PORT'")
    return PipelineConfig(
        name=raw.get("name", path.stem),
        raw=base / raw.get("raw", "raw"),
        output=base / raw.get("output", "parsed"),
        sources=tuple(sources),
        engine=engine,
        scheduler=raw.get("scheduler"),
        workers=raw.get("workers") or None,
        buckets=raw.get("buckets"),
        stages=stages,
        rules=base / raw["rules"] if raw.get("rules") else None,
    )
