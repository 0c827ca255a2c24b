"""A profile's pace and limits reach the crawl: delay, since, max_pages, max_articles.

By priority: default < profile < pipeline file < command line (``settings.settle``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from noticeparse.crawl import DELAY, CrawlOptions, with_limits
from noticeparse.sites import ProfileError, load_profile, load_profile_file


def _profile(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(f"extends: trs\nstart: ['http://127.0.0.1:9/list/']\n{extra}", encoding="utf-8")
    return path


def test_profile_delay_and_since_are_used(tmp_path: Path) -> None:
    profile = load_profile_file(_profile(tmp_path, "delay: 0.5\nsince: 2024-01-01\nmax_pages: 7\n"))
    options = with_limits(CrawlOptions(), profile)
    assert (options.delay, options.since, options.max_pages) == (0.5, date(2024, 1, 1), 7)


def test_given_values_beat_the_profile(tmp_path: Path) -> None:
    profile = load_profile_file(_profile(tmp_path, "delay: 0.5\nsince: 2024-01-01\n"))
    options = with_limits(CrawlOptions(), profile, cmdline={"delay": 0.0, "since": date(2025, 3, 1), "max_pages": 2})
    assert (options.delay, options.since, options.max_pages) == (0.0, date(2025, 3, 1), 2)


def test_pipeline_file_beats_the_profile_and_the_command_line_beats_both(tmp_path: Path) -> None:
    profile = load_profile_file(_profile(tmp_path, "delay: 0.5\nmax_pages: 7\nmax_articles: 9\n"))
    pipeline = {"delay": 1.5, "max_pages": 3, "max_articles": None, "since": None}
    options = with_limits(CrawlOptions(), profile, pipeline=pipeline, cmdline={"max_pages": 2, "delay": None})
    assert (options.delay, options.max_pages, options.max_articles) == (1.5, 2, 9)


def test_an_unknown_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown crawl limits"):
        with_limits(CrawlOptions(), load_profile("trs"), cmdline={"max_page": 2})


def test_defaults_without_profile_values() -> None:
    options = with_limits(CrawlOptions(), load_profile("trs"))
    assert options.delay == DELAY and options.since is None


@pytest.mark.parametrize("extra", ["delay: -1\n", "delay: fast\n", "since: yesterday\n"])
def test_bad_pace_is_refused(tmp_path: Path, extra: str) -> None:
    with pytest.raises(ProfileError):
        load_profile_file(_profile(tmp_path, extra))
