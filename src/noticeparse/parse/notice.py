"""The one-notice parse: bytes → text → chrome → extractors → kind and cases → outline nodes → words (pure).

``parse_bytes`` decodes and turns a page into text, read with its site family's
selectors (``noticeparse.sites``); ``parse_text`` strips the site chrome and runs the
parse plan (``noticeparse.extract.PLAN``: the normalised view, the header, every
extractor in its declared order, the words, the ``Notice`` built from the field
registry, the offsets mapped back to the stored text). This module supplies the plan's
steps that belong to this stage. A failing step becomes a ``ParseIssue`` on the
notice; parsing never raises on text.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from noticeparse.errors import Code, NoticeError
from noticeparse.extract import Slots, parse_ymd, prefilter_engine, read_info_lines, record_tables, run_plan
from noticeparse.parse.budget import NoticeTimeout, time_budget
from noticeparse.parse.chrome import strip_chrome
from noticeparse.parse.html import extract_page, looks_like_html
from noticeparse.parse.inputs import RawInput, source_name
from noticeparse.parse.normalize import decode_bytes, normalize_text, replace_surrogates
from noticeparse.parse.offsets import compose_runs
from noticeparse.parse.options import ParseOptions
from noticeparse.parse.remap import remap_notice
from noticeparse.parse.view import TextView, build_view
from noticeparse.records import Header, Notice, NoticeMeta, ParseIssue
from noticeparse.segment import get_segmenter, segment_notice
from noticeparse.sites import page_profile, pick_header

__all__ = ["failed_notice", "input_id", "mark_duplicates", "parse_bytes", "parse_input", "parse_text"]

# an attachment's warning (the notice is parsed without it) as the error of a document parsed alone
_DOCUMENT_ERRORS = {Code.W104: Code.E104, Code.W106: Code.E106, Code.W107: Code.E107}
MAX_CHARS = 2_000_000  # a notice is a few thousand characters; more is a dump, not a notice


def parse_text(text: str, options: ParseOptions | None = None) -> Notice:
    """Parse one notice's text (page chrome may still be in it) into a ``Notice``.

    >>> notice = parse_text("关于整改的通报\\n一、总体情况\\n2021年8月5日,市委第二巡察组进驻。")
    >>> notice.meta.title, [d.date_start.isoformat() for d in notice.dates]
    ('关于整改的通报', ['2021-08-05'])
    """
    options = options or ParseOptions()
    with prefilter_engine(options.settings.prefilter):
        return _parse_text(text, options)


def _parse_text(text: str, options: ParseOptions, *, header: Header | None = None,
                sha256: str | None = None, encoding: str | None = None) -> Notice:
    """The stored text (decoded, chrome stripped) and its identity, then the parse plan (``extract.PLAN``)."""
    rules = options.ruleset()
    source = _safe_source(options.source)
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    text = replace_surrogates(text)  # UTF-8, hence Parquet, cannot hold lone surrogates; W202 counts them
    if len(text) > MAX_CHARS:
        return failed_notice(source, NoticeError(Code.E104, f"{len(text)} characters (limit {MAX_CHARS})"), digest)
    normalized = normalize_text(text)
    stripped = strip_chrome(normalized.text, rules)
    body = stripped.text  # stored as it is; every rule matches on the view the plan's first step builds
    issues: list[ParseIssue] = []
    if not body.strip():
        issues.append(ParseIssue("chrome", Code.E300, "no text left after removing site chrome"))
    if "\ufffd" in body:
        issues.append(ParseIssue("decode", Code.W202, f"{body.count(chr(0xFFFD))} replacement characters"))
    identity = {
        "notice_id": input_id(source, digest), "source": source, "sha256": digest,
        "content_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(), "url": options.url,
        "final_url": options.final_url or options.url, "fetched_at": options.fetched_at, "encoding": encoding,
        "chrome": stripped.chrome, "offset_runs": compose_runs(stripped.runs, normalized.offset_map),
    }
    page_header = header and header.mapped(replace_surrogates)  # values Parquet can store, as the text's
    inputs = {"body": body, "page_header": page_header, "chrome_fields": stripped.fields, "options": options,
              "rules": rules}
    notice: Notice = run_plan(inputs, issues, supplied=supplied_steps(identity))["notice"]
    return dataclasses.replace(notice, issues=_safe_issues(issues))


def supplied_steps(identity: dict[str, Any]) -> dict[str, Callable[[Slots], Any]]:
    """The plan's steps this stage implements (``run=None`` in ``extract.PLAN``), for the notice ``identity``."""
    return {"view": _view, "header": _header, "segment": _words, "notice": lambda s: _notice(s, identity),
            "remap": lambda s: remap_notice(s.notice, s.view)}


def _view(s: Slots) -> tuple[str, TextView, str | None, tuple[str, ...]]:
    """Plan step ``view``: the text every rule matches on (``parse/view.py``), kept to map offsets back."""
    view = build_view(s.body, s.rules, enabled=s.options.settings.normalise)
    return view.text, view, view.script, view.folds


def _header(s: Slots) -> tuple[Header, date | None]:
    """Plan step ``header``: the page's header with the text's 信息公开 lines and chrome fields, through the view."""
    text_table, _lines = read_info_lines(s.text, s.rules)  # a 信息公开 page saved as text
    header = pick_header([("text_table", text_table), ("chrome", s.chrome_fields)], s.page_header)
    if s.options.settings.normalise:  # header values as the rules read them, as the body (a traditional title)
        header = header.mapped(lambda value: build_view(value, s.rules).text)
    return header, parse_ymd(header.get("publish_date")) or s.options.reference_date


def _words(s: Slots) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]]:
    """Plan step ``segment``: tokens (entities and lexicon terms whole), finding terms and topics."""
    if not (s.options.settings.segment and s.body):
        return (), (), ()
    draft = Notice("", None, s.text, "", None, s.meta or NoticeMeta(), **record_tables(s))
    return segment_notice(draft, s.rules, get_segmenter(s.options.settings.backend, s.rules))


def _notice(s: Slots, identity: dict[str, Any]) -> Notice:
    """Plan step ``notice``: every registry table, each record with its outline node (the view's text until remap)."""
    meta = dataclasses.replace(s.meta or NoticeMeta(), script=s.script, normalised=s.folds)
    return Notice(text=s.text, meta=meta, **identity, **record_tables(s))


def _safe_source(source: str | None) -> str | None:
    """The source as Parquet can store it: a file name that is not UTF-8 escaped (``source_name``)."""
    return None if source is None else source_name(source)


def _safe_issues(issues: Sequence[ParseIssue]) -> tuple[ParseIssue, ...]:
    """Issues whose messages Parquet can store (a message may quote an undecodable file name)."""
    return tuple(dataclasses.replace(i, message=replace_surrogates(i.message)) for i in issues)


def input_id(source: str | None, sha256: str) -> str:
    """The id of one input: its source and its bytes' hash, so two saved copies are two rows.

    Without a source it is the bytes' hash, as the content of stdin is all there is.

    >>> input_id("raw/a.html", "ab" * 32) != input_id("raw/b.html", "ab" * 32)
    True
    """
    if not source:
        return (sha256 or hashlib.sha256(b"").hexdigest())[:16]
    return hashlib.sha256(f"{source}\0{sha256}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def mark_duplicates(notices: Iterable[Notice], seen: dict[str, str] | None = None) -> Iterator[Notice]:
    """Set ``duplicate_of`` on every notice whose stored text an earlier one already had.

    ``seen`` maps content_sha256 to the first notice_id; pass one dict to span several calls.
    """
    seen = {} if seen is None else seen
    for notice in notices:
        content = notice.content_sha256
        if not content or not notice.text:
            yield notice
            continue
        first = seen.setdefault(content, notice.notice_id)
        yield dataclasses.replace(notice, duplicate_of=first) if first != notice.notice_id else notice


def failed_notice(source: str | None, error: NoticeError, sha256: str = "", stage: str = "read") -> Notice:
    """A notice that could not be parsed: no text, one error."""
    return Notice(
        notice_id=input_id(source, sha256),
        source=_safe_source(source),
        text="",
        sha256=sha256,
        encoding=None,
        meta=NoticeMeta(),
        issues=_safe_issues([ParseIssue(stage, error.code, error.message)]),
    )


def parse_bytes(data: bytes, options: ParseOptions | None = None) -> Notice:
    """Decode and parse one raw input (text, HTML or a document); bad input gives an error notice.

    ``options.kind`` is ``"html"``, ``"text"`` or ``"document"``; when None it is sniffed.

    >>> parse_bytes(b"").issues[0].code
    'E103'
    """
    options = options or ParseOptions()
    with prefilter_engine(options.settings.prefilter):
        return _parse_bytes(data, options)


def _parse_bytes(data: bytes, options: ParseOptions) -> Notice:
    source = options.source
    digest = hashlib.sha256(data).hexdigest()
    if options.kind == "document":
        return _parse_document(data, options, digest)
    try:
        if not data.strip():
            raise NoticeError(Code.E103, "empty input")
        decoded = decode_bytes(data, options.declared_encoding)
    except NoticeError as exc:
        return failed_notice(source, exc, digest, stage="decode")
    text, header = decoded.text, None
    if options.kind == "html" or (options.kind is None and looks_like_html(text)):
        url = options.final_url or options.url
        rules = options.ruleset()
        profile = page_profile(options.family, url, text, rules.root)  # the family's own selectors
        try:
            page = extract_page(text, profile=profile, url=url, rules=rules)
        except NoticeError as exc:  # over a markup cap: no tree was built
            return failed_notice(source, exc, digest, stage="html")
        text, header = page.text, page.header
    if options.appendix:  # attachment text (PDF/DOCX/OFD) belongs to the notice
        text = f"{text}\n{options.appendix}"
    notice = _parse_text(text, options, header=header, sha256=digest, encoding=decoded.encoding)
    if not decoded.warnings:
        return notice
    said = tuple(ParseIssue("decode", code, message) for code, message in decoded.warnings)  # W203, W204
    return dataclasses.replace(notice, issues=(*said, *notice.issues))


def _parse_document(data: bytes, options: ParseOptions, digest: str) -> Notice:
    """A PDF, DOCX or OFD file as a notice of its own (its text layer, page by page)."""
    from noticeparse.parse.attachments import attachment_text

    result = attachment_text(data, options.source or "")
    if result.error is not None:  # an attachment's warning is fatal for a standalone document
        code = _DOCUMENT_ERRORS[result.error.code]
        return failed_notice(options.source, NoticeError(code, result.error.message), digest, stage="decode")
    return _parse_text(result.text, options, sha256=digest)


def parse_input(item: RawInput, options: ParseOptions | None = None) -> Notice:
    """Parse one input found by ``iter_inputs``; never raises (a failure becomes the notice's error)."""
    if item.error is not None:
        return failed_notice(item.source, item.error)
    if item.data is None:
        return failed_notice(item.source, NoticeError(Code.E100, "no data"))
    options = dataclasses.replace(
        options or ParseOptions(), source=item.source, kind=item.kind, declared_encoding=item.declared_encoding,
        url=item.url, final_url=item.final_url, fetched_at=item.fetched_at, appendix=item.attachment_text,
        family=item.family)
    if options.settings.segment:  # the dictionaries load once per process, outside any notice's budget
        get_segmenter(options.settings.backend, options.ruleset()).warm()
    try:
        with time_budget(options.settings.budget):
            notice = parse_bytes(item.data, options)
    except NoticeTimeout as exc:
        digest = hashlib.sha256(item.data).hexdigest()  # the same notice id as a parse would give
        return failed_notice(item.source, NoticeError(Code.E201, str(exc)), sha256=digest, stage="parse")
    if item.attachment_issues:
        extra = [ParseIssue("attachment", code, f"{url}: {message}") for code, message, url in item.attachment_issues]
        notice = dataclasses.replace(notice, issues=notice.issues + _safe_issues(extra))
    return notice
