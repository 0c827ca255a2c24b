"""Compose the stages: bytes → text → chrome → extractors → ``Notice`` (pure).

Extractors run in a fixed order so that earlier finds mask later ones:
document numbers and 《titles》 before dates (〔2021〕 is never a date, and a
date inside a title belongs to the title), and
everything before quantities (the serial of a document number, digits in a
title, a date or an outline marker are never quantities). A failing extractor
becomes a ``ParseIssue`` on the notice; parsing itself never raises on text.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from noticeparse.chrome import strip_chrome
from noticeparse.errors import NoticeError
from noticeparse.extract.contact import extract_contacts
from noticeparse.extract.date import extract_dates
from noticeparse.extract.doc_number import extract_doc_numbers
from noticeparse.extract.metadata import extract_metadata, parse_ymd
from noticeparse.extract.outline import extract_outline, innermost_nodes
from noticeparse.extract.quantity import extract_quantities
from noticeparse.extract.title import extract_titles, link_titles
from noticeparse.html_text import html_to_text, looks_like_html
from noticeparse.normalize import decode_bytes, normalize_text
from noticeparse.offsets import compose_runs
from noticeparse.records import (
    Contact,
    DateMention,
    DocNumber,
    Notice,
    NoticeMeta,
    OutlineNode,
    ParseIssue,
    Quantity,
    Title,
)
from noticeparse.rules import RuleSet, load_rules

__all__ = ["Entities", "extract_entities", "failed_notice", "parse_bytes", "parse_text"]

T = TypeVar("T")
MAX_CHARS = 2_000_000  # a notice is a few thousand characters; more is a dump, not a notice


def _run(stage: str, issues: list[ParseIssue], func: Callable[..., list[T]], *args: Any, **kw: Any) -> list[T]:
    try:
        return func(*args, **kw)
    except Exception as exc:  # noqa: BLE001 - one extractor's bug must not lose the rest of the notice
        issues.append(ParseIssue(stage, "E200", f"{type(exc).__name__}: {exc}"))
        return []


def _with_nodes(records: Sequence[T], outline: list[OutlineNode]) -> tuple[T, ...]:
    ids = innermost_nodes(outline, [r.start for r in records]) if records else []  # type: ignore[attr-defined]
    return tuple(
        dataclasses.replace(r, node_id=node_id)  # type: ignore[type-var]
        for r, node_id in zip(records, ids, strict=True)
    )


def _spans(*groups: Sequence[Any]) -> list[tuple[int, int]]:
    return [(r.start, r.end) for group in groups for r in group]


@dataclass(frozen=True, slots=True)
class Entities:
    """What the extractors found in one text, before outline nodes are attached."""

    doc_numbers: list[DocNumber]
    titles: list[Title]
    contacts: list[Contact]
    outline: list[OutlineNode]
    dates: list[DateMention]
    quantities: list[Quantity]


def extract_entities(
    text: str, rules: RuleSet, *, reference_date: date | None = None, issues: list[ParseIssue] | None = None
) -> Entities:
    """Run every extractor on ``text`` in order, each masked by what came before.

    A failing extractor adds an E200 issue to ``issues`` and finds nothing.
    """
    issues = issues if issues is not None else []
    doc_numbers = _run("doc_number", issues, extract_doc_numbers, text, rules)
    titles, doc_numbers = link_titles(text, _run("title", issues, extract_titles, text, rules), doc_numbers, rules)
    contacts = _run("contact", issues, extract_contacts, text, rules, mask=_spans(doc_numbers))
    outline = _run("outline", issues, extract_outline, text, rules)
    dates = _run("date", issues, extract_dates, text, rules, reference_date=reference_date,
                 mask=_spans(doc_numbers, titles, contacts))
    markers = [(n.marker_start, n.marker_end) for n in outline]
    quantities = _run("quantity", issues, extract_quantities, text, rules,
                      mask=_spans(doc_numbers, titles, dates, contacts) + markers)
    return Entities(doc_numbers, titles, contacts, outline, dates, quantities)


def parse_text(
    text: str,
    *,
    source: str | None = None,
    reference_date: date | None = None,
    rules: RuleSet | None = None,
    header: dict[str, str] | None = None,
    sha256: str | None = None,
    encoding: str | None = None,
) -> Notice:
    """Parse one notice's text into a ``Notice``.

    Args:
        text: the notice as text (page chrome may still be in it).
        source: where it came from (a path or URL), stored as is.
        reference_date: resolves relative dates when the notice has no publish date.
        rules: a loaded ``RuleSet``; the default rules when None.
        header: fields already known from the page (title, publish_date, source_label).

    >>> notice = parse_text("关于整改的通报\\n一、总体情况\\n2021年8月5日,市委第二巡察组进驻。")
    >>> notice.meta.title, [d.date_start.isoformat() for d in notice.dates]
    ('关于整改的通报', ['2021-08-05'])
    """
    rules = rules or load_rules()
    issues: list[ParseIssue] = []
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if len(text) > MAX_CHARS:
        return failed_notice(source, NoticeError("E104", f"{len(text)} characters (limit {MAX_CHARS})"), digest)
    normalized = normalize_text(text)
    stripped = strip_chrome(normalized.text, rules)
    body = stripped.text
    fields = {**stripped.fields, **(header or {})}
    if not body.strip():
        issues.append(ParseIssue("chrome", "E300", "no text left after removing site chrome"))
    if "\ufffd" in body:
        issues.append(ParseIssue("decode", "W202", f"{body.count(chr(0xFFFD))} replacement characters"))
    reference = parse_ymd(fields.get("publish_date")) or reference_date
    found = extract_entities(body, rules, reference_date=reference, issues=issues)
    dates, outline = found.dates, found.outline
    meta = _run("metadata", issues, lambda: [extract_metadata(body, rules, dates=dates, header=fields)])
    return Notice(
        notice_id=digest[:16],
        source=source,
        text=body,
        sha256=digest,
        encoding=encoding,
        meta=meta[0] if meta else NoticeMeta(),
        outline=tuple(outline),
        doc_numbers=_with_nodes(found.doc_numbers, outline),
        titles=_with_nodes(found.titles, outline),
        dates=_with_nodes(dates, outline),
        quantities=_with_nodes(found.quantities, outline),
        contacts=_with_nodes(found.contacts, outline),
        chrome=stripped.chrome,
        issues=tuple(issues),
        offset_runs=compose_runs(stripped.runs, normalized.offset_map),
    )


def failed_notice(source: str | None, error: NoticeError, sha256: str = "", stage: str = "read") -> Notice:
    """A notice that could not be parsed: no text, one error."""
    return Notice(
        notice_id=(sha256 or hashlib.sha256((source or "").encode()).hexdigest())[:16],
        source=source,
        text="",
        sha256=sha256,
        encoding=None,
        meta=NoticeMeta(),
        issues=(ParseIssue(stage, error.code, error.message),),
    )


def parse_bytes(
    data: bytes,
    *,
    source: str | None = None,
    declared_encoding: str | None = None,
    reference_date: date | None = None,
    rules: RuleSet | None = None,
    kind: str | None = None,
    url: str | None = None,
    appendix: str = "",
) -> Notice:
    """Decode and parse one raw input (text or HTML); bad input gives an error notice.

    ``kind`` is ``"html"`` or ``"text"``; when None it is sniffed from the content.
    """
    digest = hashlib.sha256(data).hexdigest()
    if kind == "document":
        return _parse_document(data, source=source, digest=digest, reference_date=reference_date, rules=rules)
    try:
        if not data.strip():
            raise NoticeError("E103", "empty input")
        decoded = decode_bytes(data, declared_encoding)
    except NoticeError as exc:
        return failed_notice(source, exc, digest, stage="decode")
    text, header = decoded.text, {}
    if kind == "html" or (kind is None and looks_like_html(text)):
        page = html_to_text(text, url=url)
        text, header = page.text, page.fields
    if appendix:  # attachment text (PDF/DOCX/OFD) belongs to the notice
        text = f"{text}\n{appendix}"
    return parse_text(
        text, source=source, reference_date=reference_date, rules=rules,
        header=header, sha256=digest, encoding=decoded.encoding,
    )


def _parse_document(
    data: bytes, *, source: str | None, digest: str, reference_date: date | None, rules: RuleSet | None
) -> Notice:
    """A PDF, DOCX or OFD file as a notice of its own (its text layer, page by page)."""
    from noticeparse.attachments import attachment_text

    result = attachment_text(data, source or "")
    if result.error is not None:  # the attachment codes W106/W107 are fatal for a standalone document
        code = result.error.code.replace("W", "E", 1)
        return failed_notice(source, NoticeError(code, result.error.message), digest, stage="decode")
    return parse_text(result.text, source=source, reference_date=reference_date, rules=rules, sha256=digest)
