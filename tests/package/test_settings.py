"""One settings object: defaults in one module, layers by named priority, nothing read from the environment."""

from __future__ import annotations

import pickle
from dataclasses import fields
from pathlib import Path

import pytest

from noticeparse.rules import default_rules_root
from noticeparse.settings import CRAWL_LIMITS, PRIORITIES, Settings, settings_from, settle


def test_the_highest_layer_that_sets_a_value_wins():
    layers = {"cmdline": {"a": 4, "b": None}, "default": {"a": 1, "b": 1, "c": 1}, "pipeline": {"a": 3, "c": None},
              "profile": {"a": 2, "b": 2}}
    assert settle(layers) == {"a": 4, "b": 2, "c": 1}
    assert PRIORITIES == ("default", "profile", "pipeline", "cmdline")
    with pytest.raises(ValueError, match="unknown settings layers"):
        settle({"environment": {"a": 1}})


def test_settings_from_layers_refuses_unknown_names_and_bad_values():
    chosen = settings_from({"pipeline": {"backend": "char", "segment": False}, "cmdline": {"backend": "rjieba"}})
    assert (chosen.backend, chosen.segment, chosen.prefilter) == ("rjieba", False, "python")
    with pytest.raises(ValueError, match="unknown settings"):
        settings_from({"cmdline": {"workers": 2}})
    with pytest.raises(ValueError, match="prefilter is one of"):
        settings_from({"cmdline": {"prefilter": "fast"}})
    with pytest.raises(ValueError, match="notice_timeout"):
        Settings(notice_timeout=-1)


def test_settings_are_frozen_and_travel_whole_to_a_worker():
    settings = Settings(rules_root=Path("/x/rules"), notice_timeout=0.5, backend="char", prefilter="auto")
    assert pickle.loads(pickle.dumps(settings)) == settings
    with pytest.raises(AttributeError):
        settings.backend = "jieba"  # type: ignore[misc]
    assert {f.name for f in fields(Settings)} == {"rules_root", "notice_timeout", "backend", "prefilter", "segment", "normalise"}


def test_the_library_reads_no_environment_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    for name in ("NOTICEPARSE_RULES", "NOTICEPARSE_NOTICE_TIMEOUT", "NOTICEPARSE_PREFILTER"):
        monkeypatch.setenv(name, str(tmp_path))
    assert default_rules_root() != tmp_path
    assert Settings() == settings_from({})
    assert Settings().budget == 60.0 and Settings().prefilter == "python"


def test_crawl_limit_defaults_live_here():
    assert set(CRAWL_LIMITS) == {"max_pages", "max_articles", "delay", "since"}
