"""The command line's settings flags: one flag per ``Settings`` field, shared by every command that parses.

``settings_options`` adds them all to a command, which receives the values given as one
``cmdline`` mapping (None where a flag was not given) to lay over the lower layers
(``settings.settle``: default < pipeline file < command line). The three documented
environment variables are read here, once, as their flags' values, and nowhere else.
A new option is one ``Settings`` field and one entry of ``FLAGS`` (``tests/cli`` checks both ways).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from noticeparse.segment import BACKENDS
from noticeparse.settings import NOTICE_TIMEOUT, PREFILTERS

__all__ = ["FLAGS", "settings_options"]

F = TypeVar("F", bound=Callable[..., Any])

FLAGS: dict[str, Callable[[F], F]] = {
    "rules_root": click.option(
        "--rules", "rules_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
        envvar="NOTICEPARSE_RULES", help="Rules folder, site profiles included (default: the project's rules/; "
        "$NOTICEPARSE_RULES)."),
    "notice_timeout": click.option(
        "--notice-timeout", type=click.FloatRange(min=0), metavar="SECONDS", envvar="NOTICEPARSE_NOTICE_TIMEOUT",
        help=f"Time budget per notice (default {NOTICE_TIMEOUT:g}; 0: none; $NOTICEPARSE_NOTICE_TIMEOUT); "
        "a notice over it is an E201 error row."),
    "backend": click.option(
        "--backend", type=click.Choice(sorted(BACKENDS)),
        help="Segmenter backend for tokens, terms and topics (default jieba)."),
    "prefilter": click.option(
        "--prefilter", type=click.Choice(PREFILTERS), envvar="NOTICEPARSE_PREFILTER",
        help="Rule prefilter: python (default, every rule everywhere), hyperscan (required) or auto "
        "(Hyperscan when installed); the same results either way ($NOTICEPARSE_PREFILTER)."),
    "segment": click.option(
        "--segment/--no-segment", default=None,
        help="Cut the text into words (default yes); --no-segment leaves tokens, terms and topics empty."),
    "normalise": click.option(
        "--normalise/--no-normalise", default=None,
        help="Match the rules on the normalised view: traditional characters, glosses and odd digits folded "
        "(default yes); spans always point into the stored text."),
}


def settings_options(func: F) -> F:
    """Every settings flag on a command; the command gets them as ``cmdline={field: value or None}``."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        cmdline = {name: kwargs.pop(name) for name in FLAGS}
        return func(*args, cmdline=cmdline, **kwargs)

    wrapped: Any = command
    for flag in reversed(FLAGS.values()):
        wrapped = flag(wrapped)
    return wrapped  # type: ignore[no-any-return]
