"""The ``noticeparse`` command group; each command group lives in a module of its own."""

from __future__ import annotations

import click

from noticeparse.about import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="noticeparse")
def main() -> None:
    """Turn Chinese government and party notices into structured Parquet."""


def _register() -> None:
    """Every command module's commands, in the order ``--help`` lists them."""
    from noticeparse.cli.crawl import crawl
    from noticeparse.cli.eval import evaluate_cmd, evaluate_rounds_cmd
    from noticeparse.cli.link import link
    from noticeparse.cli.parse import batch, extract, parse, run
    from noticeparse.cli.query import query, shell
    from noticeparse.cli.review import diff, report
    from noticeparse.cli.rules import rules
    from noticeparse.cli.segment import segment

    for command in (parse, batch, run, link, query, shell, rules, extract, evaluate_cmd, evaluate_rounds_cmd, crawl,
                    segment, report, diff):
        main.add_command(command)


_register()

if __name__ == "__main__":
    main()
