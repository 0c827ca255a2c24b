"""The one-notice parse: bytes → text → chrome → extractors → kind and cases → outline nodes → words (pure).

``parse_bytes`` decodes and turns a page into text; ``parse_text`` strips the site
chrome, runs the extractor chain (``noticeparse.extract``), attaches each record to
its innermost outline node, reads the metadata and segments the text
(``noticeparse.segment``), so that a ``Notice`` carries everything its tables hold.
A failing stage becomes a ``ParseIssue`` on the notice; parsing never raises on text.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from noticeparse.errors import NoticeError
from noticeparse.extract import (
    classify_notice,
    extract_aliases,
    extract_cases,
    extract_entities,
    extract_measures,
    extract_metadata,
    extract_rounds,
    node_index,
    parse_ymd,
    read_info_lines,
    run_guarded,
    stated_case_count,
    summarize_findings,
    with_canonical_names,
)
from noticeparse.parse.budget import NoticeTimeout, notice_budget, time_budget
from noticeparse.parse.chrome import strip_chrome
from noticeparse.parse.html import extract_page, looks_like_html
from noticeparse.parse.inputs import RawInput, source_name
from noticeparse.parse.normalize import decode_bytes, normalize_text, replace_surrogates
from noticeparse.parse.offsets import compose_runs
from noticeparse.parse.options import ParseOptions
from noticeparse.parse.remap import remap_notice
from noticeparse.parse.view import build_view
from noticeparse.records import Notice, NoticeMeta, ParseIssue
from noticeparse.rules import RuleSet, load_rules
from noticeparse.segment import get_segmenter, segment_notice

__all__ = ["failed_notice", "input_id", "mark_duplicates", "parse_bytes", "parse_input", "parse_text"]

MAX_CHARS = 2_000_000  # a notice is a few thousand characters; more is a dump, not a notice


def _with_nodes(records: Sequence[Any], nodes: list[int | None]) -> tuple[Any, ...]:
    """Each record with its innermost outline node (none for a span in the title: ``RoundRef.where``)."""
    return tuple(dataclasses.replace(r, node_id=nodes[r.start] if getattr(r, "where", "text") == "text" else None)
                 for r in records)


def parse_text(text: str, options: ParseOptions | None = None) -> Notice:
    """Parse one notice's text (page chrome may still be in it) into a ``Notice``.

    >>> notice = parse_text("关于整改的通报\\n一、总体情况\\n2021年8月5日,市委第二巡察组进驻。")
    >>> notice.meta.title, [d.date_start.isoformat() for d in notice.dates]
    ('关于整改的通报', ['2021-08-05'])
    """
    return _parse_text(text, options or ParseOptions())


def _parse_text(text: str, options: ParseOptions, *, header: dict[str, str] | None = None,
                sha256: str | None = None, encoding: str | None = None) -> Notice:
    rules = options.rules or load_rules()
    source = _safe_source(options.source)
    issues: list[ParseIssue] = []
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    text = replace_surrogates(text)  # UTF-8, hence Parquet, cannot hold lone surrogates; W202 counts them
    header = {k: replace_surrogates(v) for k, v in header.items()} if header else header
    if len(text) > MAX_CHARS:
        return failed_notice(source, NoticeError("E104", f"{len(text)} characters (limit {MAX_CHARS})"), digest)
    normalized = normalize_text(text)
    stripped = strip_chrome(normalized.text, rules)
    body = stripped.text  # stored as it is; every rule below matches on the view
    view = build_view(body, rules, enabled=options.normalise)
    text = view.text
    text_table, _lines = read_info_lines(text, rules)  # a 信息公开 page saved as text
    fields = _viewed({**stripped.fields, **text_table, **(header or {})}, rules, options)
    if not body.strip():
        issues.append(ParseIssue("chrome", "E300", "no text left after removing site chrome"))
    if "\ufffd" in body:
        issues.append(ParseIssue("decode", "W202", f"{body.count(chr(0xFFFD))} replacement characters"))
    reference = parse_ymd(fields.get("publish_date")) or options.reference_date
    found = extract_entities(text, rules, reference_date=reference, issues=issues)
    dates, outline = found.dates, found.outline
    meta = run_guarded("metadata", issues, lambda: [extract_metadata(text, rules, dates=dates, header=fields)])
    # the kind follows the metadata (it reads the title); a discipline notice's cases follow the kind
    kind = run_guarded("kind", issues, lambda: [classify_notice(meta[0].title if meta else None, text, rules,
                                                                folds=view.folds)])
    if meta and kind:
        meta = [dataclasses.replace(meta[0], kind=kind[0].kind, kind_rule_id=kind[0].rule_id, form=kind[0].form,
                                    form_rule_id=kind[0].form_rule_id)]
    cases = run_guarded("case", issues, extract_cases, text, rules, kind=kind[0].kind if kind else None,
                        form=kind[0].form if kind else None, dates=dates,
                        quantities=found.quantities)
    if meta:
        meta = [_with_stated_cases(meta[0], text, cases, rules, issues)]
    aliases = run_guarded("alias", issues, extract_aliases, text, rules)
    if meta:
        meta = run_guarded("alias", issues, lambda: [with_canonical_names(meta[0], text, aliases, rules)]) or meta
    rounds = run_guarded("round", issues, lambda: [extract_rounds(  # the rounds it names, the units it writes
        text, rules, meta=meta[0] if meta else NoticeMeta(), dates=dates, aliases=aliases)])
    measures = run_guarded("measure", issues, extract_measures, text, outline, dates, rules, cases)
    outline = run_guarded("measure", issues, summarize_findings, outline, measures) or outline
    nodes = node_index(outline, len(text))
    notice = Notice(
        notice_id=input_id(source, digest),
        source=source,
        text=text,  # the view until remap_notice puts the stored text back
        sha256=digest,
        content_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        url=options.url,
        final_url=options.final_url or options.url,
        fetched_at=options.fetched_at,
        encoding=encoding,
        meta=dataclasses.replace(meta[0] if meta else NoticeMeta(), script=view.script, normalised=view.folds),
        outline=tuple(outline),
        doc_numbers=_with_nodes(found.doc_numbers, nodes),
        titles=_with_nodes(found.titles, nodes),
        dates=_with_nodes(dates, nodes),
        quantities=_with_nodes(found.quantities, nodes),
        contacts=_with_nodes(found.contacts, nodes),
        cases=_with_nodes(cases, nodes),
        measures=_with_nodes(measures, nodes),
        aliases=_with_nodes(aliases, nodes),
        round_refs=_with_nodes(rounds[0].refs, nodes) if rounds else (),
        unit_mentions=_with_nodes(rounds[0].mentions, nodes) if rounds else (),
        chrome=stripped.chrome,
        issues=_safe_issues(issues),
        offset_runs=compose_runs(stripped.runs, normalized.offset_map),
    )
    notice = _segmented(notice, rules, options) if options.segment and body else notice
    return remap_notice(notice, view)


def _viewed(fields: dict[str, str], rules: RuleSet, options: ParseOptions) -> dict[str, str]:
    """Header values as the rules read them: through the view, as the body (a traditional title)."""
    if not options.normalise:
        return dict(fields)
    return {key: build_view(value, rules).text for key, value in fields.items()}


def _with_stated_cases(meta: NoticeMeta, body: str, cases: Sequence[Any], rules: RuleSet,
                       issues: list[ParseIssue]) -> NoticeMeta:
    """A case notice's own case count (通报5起); a W301 issue when the cases found are not as many.

    Read in a case notice, or a notice with cases that is no commentary (which quotes other notices' counts).
    """
    if (meta.kind not in set(rules["case"].data["case_kinds"]) and not cases) or meta.form == "commentary":
        return meta
    stated = run_guarded("case", issues, lambda: [stated_case_count(body, rules)])
    if not stated or stated[0] is None:
        return meta
    if stated[0] != len(cases):
        issues.append(ParseIssue("case", "W301", f"the notice states {stated[0]} cases, {len(cases)} found"))
    return dataclasses.replace(meta, stated_cases=stated[0])


def _segmented(notice: Notice, rules: RuleSet, options: ParseOptions) -> Notice:
    """The notice with its words, or with an E200 issue when the segmenter fails."""
    issues: list[ParseIssue] = []
    found: list[Any] = run_guarded(
        "segment", issues, lambda: [segment_notice(notice, rules, get_segmenter(options.backend, rules))])
    if not found:
        return dataclasses.replace(notice, issues=notice.issues + _safe_issues(issues))
    tokens, terms, topics = found[0]
    return dataclasses.replace(notice, tokens=tokens, terms=terms, topics=topics)


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
    source = options.source
    digest = hashlib.sha256(data).hexdigest()
    if options.kind == "document":
        return _parse_document(data, options, digest)
    try:
        if not data.strip():
            raise NoticeError("E103", "empty input")
        decoded = decode_bytes(data, options.declared_encoding)
    except NoticeError as exc:
        return failed_notice(source, exc, digest, stage="decode")
    text, header = decoded.text, {}
    if options.kind == "html" or (options.kind is None and looks_like_html(text)):
        page = extract_page(text, url=options.final_url or options.url, rules=options.rules)
        text, header = page.text, page.fields
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
    if result.error is not None:  # the attachment codes W106/W107 are fatal for a standalone document
        code = result.error.code.replace("W", "E", 1)
        return failed_notice(options.source, NoticeError(code, result.error.message), digest, stage="decode")
    return _parse_text(result.text, options, sha256=digest)


def parse_input(item: RawInput, options: ParseOptions | None = None) -> Notice:
    """Parse one input found by ``iter_inputs``; never raises (a failure becomes the notice's error)."""
    if item.error is not None:
        return failed_notice(item.source, item.error)
    if item.data is None:
        return failed_notice(item.source, NoticeError("E100", "no data"))
    options = dataclasses.replace(
        options or ParseOptions(), source=item.source, kind=item.kind, declared_encoding=item.declared_encoding,
        url=item.url, final_url=item.final_url, fetched_at=item.fetched_at, appendix=item.attachment_text)
    if options.segment:  # the dictionaries load once per process, outside any notice's budget
        get_segmenter(options.backend, options.rules or load_rules()).warm()
    try:
        with time_budget(notice_budget()):
            notice = parse_bytes(item.data, options)
    except NoticeTimeout as exc:
        digest = hashlib.sha256(item.data).hexdigest()  # the same notice id as a parse would give
        return failed_notice(item.source, NoticeError("E201", str(exc)), sha256=digest, stage="parse")
    if item.attachment_issues:
        extra = [ParseIssue("attachment", code, f"{url}: {message}") for code, message, url in item.attachment_issues]
        notice = dataclasses.replace(notice, issues=notice.issues + _safe_issues(extra))
    return notice
