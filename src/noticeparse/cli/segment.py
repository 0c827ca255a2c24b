"""``noticeparse segment``: a thin click wrapper over ``noticeparse.segment.segmenter.segment_text``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from noticeparse.segment import BACKENDS, BackendUnavailable

__all__ = ["segment"]


def _lines(paths: tuple[str, ...]) -> Iterator[str]:
    for path in paths or ("-",):
        if path == "-":
            yield from (line.rstrip("\r\n") for line in sys.stdin)
            continue
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"cannot read {path}: {exc}") from exc
        yield from text.splitlines()


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--backend", type=click.Choice(sorted(BACKENDS)), default="jieba", show_default=True,
              help="The segmenter under the lexicon and entity layer.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list per line: [token, start, end, pos, entity_kind] items.")
@click.option("--rules", "rules_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Rules folder (default: the project's rules/).")
def segment(paths: tuple[str, ...], backend: str, as_json: bool, rules_root: Path | None) -> None:
    """Segment text from PATHS (or stdin, or -) into words, one output line per input line.

    Dates, document numbers, quantities, 《titles》 and contacts come out as one
    token each, and lexicon terms (rules/lexicon/) are never split. Offsets in
    --json are characters into the input line.

    \b
    echo '市委第二巡察组向新区党工委反馈“三重一大”问题' | noticeparse segment
    市委 第二 巡察组 向 新区 党工委 反馈 “ 三重一大 ” 问题
    """
    from noticeparse.rules import load_rules
    from noticeparse.segment import get_segmenter, segment_text

    rules = load_rules(rules_root)
    try:
        segmenter = get_segmenter(backend, rules)
    except BackendUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    for line in _lines(paths):
        tokens = segment_text(line, rules, segmenter)
        if as_json:
            items = [[t.text, t.start, t.end, t.pos, t.entity_kind] for t in tokens]
            click.echo(json.dumps(items, ensure_ascii=False))
        else:
            click.echo(" ".join(t.text for t in tokens))
