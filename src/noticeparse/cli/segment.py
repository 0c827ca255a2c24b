"""``noticeparse segment``: a thin click wrapper over ``noticeparse.segment.segmenter.segment_text``."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from noticeparse.cli.options import FLAGS
from noticeparse.errors import Code
from noticeparse.segment import BACKENDS, BackendUnavailable

__all__ = ["segment"]


def _lines(paths: tuple[str, ...], failures: list[str]) -> Iterator[str]:
    """The text lines of every input: files and folders as ``parse`` reads them, ``-`` stdin.

    An HTML page (or a GBK one) is decoded and cut to its text first, so its tags are never
    segmented; a PDF/DOCX/OFD gives its text layer. Unreadable inputs are reported, not fatal.
    """
    from noticeparse.parse import iter_inputs

    for path in paths or ("-",):
        if path == "-":
            yield from _text_lines(sys.stdin.buffer.read(), None, None, "<stdin>", failures)
            continue
        if not os.path.lexists(path):  # named as given (the reader's source drops a leading /)
            failures.append(f"{Code.E100} {path}: no such file or folder")
            continue
        found = False
        for item in iter_inputs([path]):
            found = True
            if item.error is not None or item.data is None:
                code, message = (item.error.code, item.error.message) if item.error else (Code.E100, "no data")
                failures.append(f"{code} {item.source}: {message}")
                continue
            yield from _text_lines(item.data, item.kind, item.declared_encoding, item.source, failures)
        if not found:
            failures.append(f"{Code.E100} {path}: no inputs in this folder")


def _text_lines(data: bytes, kind: str | None, encoding: str | None, source: str, failures: list[str]) -> Iterator[str]:
    from noticeparse.errors import NoticeError
    from noticeparse.parse import decode_bytes, extract_page, looks_like_html

    if kind == "document":
        from noticeparse.parse import attachment_text

        result = attachment_text(data, source)
        if result.error is not None:
            failures.append(f"{result.error.code} {source}: {result.error.message}")
        yield from result.text.splitlines()
        return
    try:
        text = decode_bytes(data, encoding).text if data.strip() else ""
    except NoticeError as exc:
        failures.append(f"{exc.code} {source}: {exc.message}")
        return
    if kind == "html" or (kind is None and looks_like_html(text)):
        try:
            text = extract_page(text).text
        except NoticeError as exc:  # over a markup cap
            failures.append(f"{exc.code} {source}: {exc.message}")
            return
    yield from text.splitlines()


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--backend", type=click.Choice(sorted(BACKENDS)), default="jieba", show_default=True,
              help="The segmenter under the lexicon and entity layer.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list per line: [token, start, end, pos, entity_kind] items.")
@FLAGS["rules_root"]
def segment(paths: tuple[str, ...], backend: str, as_json: bool, rules_root: Path | None) -> None:
    """Segment text from PATHS (files or folders, or stdin, or -) into words, one output line per input line.

    HTML pages (any encoding) are cut to their text first, as ``parse`` does; folders are
    read like ``parse`` reads them. Inputs that cannot be read are listed on stderr (exit 1).

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
    failures: list[str] = []
    for line in _lines(paths, failures):
        tokens = segment_text(line, rules, segmenter)
        if as_json:
            items = [[t.text, t.start, t.end, t.pos, t.entity_kind] for t in tokens]
            click.echo(json.dumps(items, ensure_ascii=False))
        else:
            click.echo(" ".join(t.text for t in tokens))
    for failure in failures:
        click.echo(f"error {failure}", err=True)
    if failures:
        sys.exit(1)
