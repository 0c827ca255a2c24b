"""Pipeline run configurations: ``pipeline/NAME.toml`` (sources, raw store, output, engine)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from noticeparse.settings import Settings

# how notices are parsed: the pipeline layer of the run's settings, one key per Settings field ("rules" is
# rules_root, a path relative to the project folder)
_SETTINGS_KEYS = {("rules" if f.name == "rules_root" else f.name): f.name for f in fields(Settings)}
_TOP_KEYS = {"name", "raw", "output", "engine", "scheduler", "workers", "buckets", "stages", "sources", *_SETTINGS_KEYS}
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
    settings: dict[str, Any] = field(default_factory=dict)  # the file's settings layer (rules_root, backend …)


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
        settings={name: raw.get(key) for key, name in _SETTINGS_KEYS.items()}
        | {"rules_root": base / raw["rules"] if raw.get("rules") else None},
    )
