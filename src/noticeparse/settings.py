"""Settings: how a run parses, in one frozen object, and every default in one place.

``Settings`` goes whole from the command line to every worker process (trafilatura's
options object): the rules root, the time budget per notice, the segmenter backend, the
rule prefilter. It is frozen and holds only plain values, so it pickles. Nothing reads
a setting from the environment: the command line reads its documented variables once
(``NOTICEPARSE_RULES``, ``NOTICEPARSE_NOTICE_TIMEOUT``, ``NOTICEPARSE_PREFILTER``), as
its flags' defaults, into the settings.

Where several places may set one value, each is a named layer, lowest first (Scrapy's
settings priorities): ``default`` < ``profile`` (a site profile) < ``pipeline`` (a
pipeline file) < ``cmdline``. ``settle`` is the one function that resolves them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

__all__ = [
    "CRAWL_LIMITS", "DELAY", "MAX_ARTICLES", "MAX_PAGES", "NOTICE_TIMEOUT", "PREFILTERS", "PRIORITIES", "Settings",
    "settings_from", "settle",
]

PRIORITIES = ("default", "profile", "pipeline", "cmdline")  # lowest first

BACKEND = "jieba"  # the segmenter backend (rules/lexicon loads into jieba's own Tokenizer)
NOTICE_TIMEOUT = 60.0  # seconds per notice; a hostile page becomes an E201 row, the worker goes on
PREFILTERS = ("python", "hyperscan", "auto")  # python: every rule everywhere (exact and the default)
MAX_PAGES = 100  # list pages per crawl run
MAX_ARTICLES = 1000  # articles per crawl run: a list page with 10k links is walked over several runs
DELAY = 2.0  # mean seconds between requests to one host (jittered ±50%)
CRAWL_LIMITS: Mapping[str, Any] = {"max_pages": MAX_PAGES, "max_articles": MAX_ARTICLES, "delay": DELAY, "since": None}


@dataclass(frozen=True, slots=True)
class Settings:
    """How a run parses: one value per option, the same in the parent and in every worker.

    Args:
        rules_root: the rules folder (``--rules``); the project's ``rules/`` when None.
        notice_timeout: seconds one notice may take (``--notice-timeout``); 0 or None: no budget.
        backend: the segmenter backend (``--backend``: jieba, rjieba, pkuseg, char).
        prefilter: the rule prefilter (``--prefilter``: python, hyperscan or auto).
        segment: cut the text into words (``--no-segment`` leaves tokens, terms and topics empty).
        normalise: match the rules on the normalised view (traditional → simplified, glosses and odd
            digits folded: ``parse/view.py``); False (``--no-normalise``) matches on the stored text.

    >>> import pickle
    >>> settings = Settings(backend="char", notice_timeout=5)
    >>> pickle.loads(pickle.dumps(settings)) == settings, settings.budget
    (True, 5.0)
    """

    rules_root: Path | None = None
    notice_timeout: float | None = NOTICE_TIMEOUT
    backend: str = BACKEND
    prefilter: str = "python"
    segment: bool = True
    normalise: bool = True

    def __post_init__(self) -> None:
        """Values of the wrong kind are refused here, not deep in a worker."""
        if self.prefilter not in PREFILTERS:
            raise ValueError(f"prefilter is one of {', '.join(PREFILTERS)}, not {self.prefilter!r}")
        if self.notice_timeout is not None and self.notice_timeout < 0:
            raise ValueError(f"notice_timeout is a number of seconds >= 0, not {self.notice_timeout!r}")

    @property
    def output_variant(self) -> str:
        """The settings that change what a parse writes, as text ('' for the defaults): part of a batch's fingerprint.

        >>> Settings().output_variant, Settings(backend="char").output_variant, Settings(normalise=False).output_variant
        ('', ' backend=char', ' no-normalise')
        """
        words = " no-segment" if not self.segment else f" backend={self.backend}" if self.backend != BACKEND else ""
        return words + ("" if self.normalise else " no-normalise")

    @property
    def budget(self) -> float | None:
        """The time budget per notice in seconds, or None for none."""
        return float(self.notice_timeout) if self.notice_timeout else None



def settings_from(layers: Mapping[str, Mapping[str, Any] | None]) -> Settings:
    """The settings the layers give over the defaults (``settle``); a name ``Settings`` lacks is refused.

    >>> settings_from({"pipeline": {"backend": "char"}, "cmdline": {"backend": None, "notice_timeout": 0}})
    Settings(rules_root=None, notice_timeout=0, backend='char', prefilter='python', segment=True, normalise=True)
    """
    defaults = {f.name: getattr(Settings(), f.name) for f in fields(Settings)}
    chosen = settle({"default": defaults, **layers})
    if unknown := set(chosen) - set(defaults):
        raise ValueError(f"unknown settings {sorted(unknown)}; known: {', '.join(defaults)}")
    return Settings(**chosen)


def settle(layers: Mapping[str, Mapping[str, Any] | None]) -> dict[str, Any]:
    """Each key's value from the highest-priority layer that sets it (None is not set).

    Layers are named by ``PRIORITIES``; a missing layer sets nothing.

    >>> settle({"default": {"max_pages": 100, "delay": 2.0}, "profile": {"delay": 0.5},
    ...         "cmdline": {"max_pages": None, "delay": 0.0}})
    {'max_pages': 100, 'delay': 0.0}
    """
    if unknown := set(layers) - set(PRIORITIES):
        raise ValueError(f"unknown settings layers {sorted(unknown)}; lowest first: {', '.join(PRIORITIES)}")
    chosen: dict[str, Any] = {}
    for name in PRIORITIES:
        for key, value in (layers.get(name) or {}).items():
            if value is not None:
                chosen[key] = value
            else:
                chosen.setdefault(key, None)
    return chosen
