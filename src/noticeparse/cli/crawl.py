"""The ``noticeparse crawl`` command: a thin click wrapper over ``crawl.crawl``.

Registered in ``cli.py`` with ``main.add_command(crawl)``.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from noticeparse.cli.options import FLAGS
from noticeparse.crawl import DELAY, MAX_BYTES, TIMEOUT
from noticeparse.sites import ProfileError, families

__all__ = ["crawl"]


class _Family(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2; 8.1 is supported
    """A family of the rules' ``sites/`` folder, or ``auto``: checked when the profile loads, listed in --help."""

    name = "family"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[auto|" + "|".join(families()) + "]"


def _parse_since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter("use YYYY-MM-DD") from exc


@click.command("crawl")
@click.argument("target")
@click.option("--family", type=_Family(), default="auto", show_default=True,
              help="Site family of a list-page URL (a file of the rules' sites/ folder); auto detects it from the page.")
@click.option("--since", callback=_parse_since, help="Stop at articles older than this date (YYYY-MM-DD).")
@click.option("--max-pages", type=click.IntRange(min=1),
              help="Stop after this many list pages [default: the profile's max_pages, else 100].")
@click.option("--max-articles", type=click.IntRange(min=1),
              help="Fetch at most this many articles per run; the next run goes on where this one stopped "
                   "[default: the profile's max_articles, else 1000].")
@click.option("--delay", type=click.FloatRange(min=0),
              help="Mean seconds between requests to the host, jittered ±50% (0 only for a local test server) "
                   f"[default: the profile's delay, else {DELAY:g}].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=TIMEOUT, show_default=True,
              help="Seconds to wait for a connection or a read, and for a whole response.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=MAX_BYTES, show_default=True,
              help="Size cap per response, on the decompressed bytes.")
@click.option("--no-attachments", is_flag=True, help="Do not fetch PDF/DOCX/OFD attachments.")
@click.option("-o", "--output", "raw_root", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The raw store folder; pages go to RAW/<site>/<yyyy>/<sha256>.html.")
@FLAGS["rules_root"]
def crawl(target: str, family: str, since: date | None, max_pages: int | None, max_articles: int | None,
          delay: float | None, timeout: float, max_bytes: int, no_attachments: bool, raw_root: Path,
          rules_root: Path | None) -> None:
    """Crawl TARGET (a list page URL, or a site profile .yaml) into the raw store RAW.

    Polite by default: robots.txt obeyed, one request at a time with a 1–3 s jittered
    delay, retries with backoff, a size cap, a deadline per response, conditional GET,
    the site's origin only (scheme, host and port).
    A second run fetches only what is new; a killed run resumes where it stopped.
    """
    from noticeparse.crawl import CrawlOptions, site_profile, with_limits
    from noticeparse.crawl import crawl as run_crawl

    options = CrawlOptions(rules_root=rules_root, timeout=timeout, max_bytes=max_bytes, attachments=not no_attachments)
    try:
        profile = site_profile(target, family, options)
    except (ProfileError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"family {profile.family}: {profile.start[0]}", err=True)
    options = with_limits(options, profile, cmdline={
        "max_pages": max_pages, "max_articles": max_articles, "delay": delay, "since": since})
    from noticeparse.progress import Ticker

    ticker = Ticker()
    report = run_crawl(profile, raw_root, options, on_progress=lambda r: ticker.tick(r.status))
    ticker.tick(report.status, force=True)
    ticker.close()
    click.echo(report.render())
    for warning in report.warnings[:50]:
        click.echo(f"warning {warning}", err=True)
    for error in report.errors[:50]:
        click.echo(f"error {error}", err=True)
    if report.new_articles == 0 and report.errors and not report.known_articles:
        sys.exit(1)
