"""Score the HTML stage on the real pages of ``../shared/corpus`` (ccdi-html, govcn-html).

Per page template (the body selector of the site's profile), fields are counted exact against
the truth: govcn pages against ``govcn-html/gold.jsonl`` (title, publish_date) and the page's own
信息公开 table read with a plain regex (issuer, written_date, doc_number); ccdi pages against
their ``ArticleTitle``/``PubDate`` meta tags. The generic extractors for pages no profile knows
(our fallback block, trafilatura, GNE: optional, ``pip install -e '.[generic]'``) are compared on
title, date and body character F1.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from noticeparse.evaluation.corpus import read_jsonl
from noticeparse.parse import (
    ParseOptions,
    decode_bytes,
    extract_page,
    iso_date,
    node_text,
    parse_bytes,
)
from noticeparse.settings import Settings
from noticeparse.sites import load_profile, unknown_profile

__all__ = ["PageReport", "char_f1", "generic_systems", "score_pages"]

FAMILY = {"ccdi-html": "trs", "govcn-html": "govcn"}
FIELDS = ("title", "publish_date", "issuer", "written_date", "doc_number")
_CELL = re.compile(r"<td[^>]*>\s*<b>([^<]*)</b>\s*</td>\s*<td[^>]*>([^<]*)</td>")
_META = re.compile(r'<meta\s+name="(ArticleTitle|PubDate)"\s+content="([^"]*)"', re.IGNORECASE)
_TABLE_TRUTH = {"发文机关": "issuer", "成文日期": "written_date", "发文字号": "doc_number"}
Generic = Callable[[str], dict[str, str]]


def _squash(text: str) -> str:
    return re.sub(r"[\s\u200b\ufeff\u3000]+", "", text or "")


def char_f1(got: str, want: str) -> float:
    """Character-level F1 of two texts, spaces ignored (a bag of characters).

    >>> round(char_f1("一二三", "一二四"), 3)
    0.667
    """
    a, b = Counter(_squash(got)), Counter(_squash(want))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _govcn_truth(page: str, gold: dict[str, Any]) -> dict[str, str]:
    truth = {"title": gold["title"], "publish_date": gold["publish_date"], "body": gold["body"]}
    for label, value in _CELL.findall(page):
        name = _TABLE_TRUTH.get(_squash(label).rstrip("：:"))
        if name:
            value = " ".join(html.unescape(value).split())
            truth[name] = iso_date(value) or value if name == "written_date" else value
    return truth


def _ccdi_truth(page: str) -> dict[str, str]:
    """Meta tags first; a blank one falls back to the visible title and 发布时间 line (as tests do)."""
    from lxml import html as lxml_html

    meta = {k.lower(): html.unescape(v) for k, v in _META.findall(page)}
    root = lxml_html.document_fromstring(page)
    body = root.cssselect(".Article_61 .content") or root.cssselect(".content")
    title = " ".join(re.sub(r"<[^>]+>", " ", meta.get("articletitle", "")).split())
    visible = [" ".join(el.text_content().split()) for el in [*root.cssselect(".tit p"), *root.cssselect(".tit")]]
    daty = " ".join(el.text_content() for el in root.cssselect(".daty"))
    return {"title": title or next((t for t in visible if t), ""),
            "publish_date": iso_date(meta.get("pubdate")) or iso_date(daty) or "",
            "body": node_text(body[0]) if body else ""}


def corpus_pages(corpus: Path) -> list[tuple[str, Path, dict[str, str]]]:
    """(corpus folder, page, truth) for every HTML page of ccdi-html and govcn-html."""
    pages = []
    gold = {record["id"]: record for record in read_jsonl(corpus / "govcn-html" / "gold.jsonl")}
    for name in FAMILY:
        for path in sorted((corpus / name).glob("*.html")):
            page = decode_bytes(path.read_bytes()).text
            if name == "govcn-html" and path.stem in gold:
                pages.append((name, path, _govcn_truth(page, gold[path.stem])))
            elif name == "ccdi-html":
                pages.append((name, path, _ccdi_truth(page)))
    return pages


@dataclass
class PageReport:
    """Exact-field counts per template, and generic extractors' scores per corpus."""

    templates: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # template → field → [ok, n]
    generic: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)  # system → corpus → metric
    misses: list[str] = field(default_factory=list)

    def render(self, misses: bool = True) -> str:
        lines = ["html pages: exact fields per template (site profile)"]
        lines.append(f"{'template':<34} " + " ".join(f"{f:>13}" for f in FIELDS))
        for template, per_field in self.templates.items():
            cells = [f"{per_field[f][0]}/{per_field[f][1]}" if f in per_field else "-" for f in FIELDS]
            lines.append(f"{template:<34} " + " ".join(f"{c:>13}" for c in cells))
        if self.generic:
            lines.append("pages no profile knows: generic extractors (title exact, date exact, body char F1)")
            lines.append(f"{'system':<22} {'corpus':<11} {'pages':>5} {'title':>7} {'date':>7} {'body F1':>8}")
            for system, per_corpus in self.generic.items():
                for name, s in per_corpus.items():
                    lines.append(f"{system:<22} {name:<11} {int(s['pages']):>5} {s['title']:>7.3f} "
                                 f"{s['date']:>7.3f} {s['body_f1']:>8.4f}")
        if misses:
            lines += [f"  {m}" for m in self.misses]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {"templates": self.templates, "generic": self.generic}


def _score_profiles(pages: list[tuple[str, Path, dict[str, str]]], report: PageReport) -> None:
    for name, path, truth in pages:
        family = FAMILY[name]
        page = decode_bytes(path.read_bytes()).text
        selector = extract_page(page, profile=load_profile(family)).body_selector
        notice = parse_bytes(path.read_bytes(), ParseOptions(source=path.name, kind="html", settings=Settings(segment=False)))
        meta = notice.meta
        got = {"title": meta.title, "publish_date": meta.publish_date, "issuer": meta.issuer,
               "written_date": meta.written_date, "doc_number": meta.doc_number}
        per_field = report.templates.setdefault(f"{name} {family} {selector}", {})
        for key in FIELDS:
            if key not in truth:
                continue
            want, have = truth[key], got[key]
            have_text = have if isinstance(have, str) else have.isoformat() if have is not None else ""
            ok = _squash(have_text) == _squash(want)
            counts = per_field.setdefault(key, [0, 0])
            counts[0] += ok
            counts[1] += 1
            if not ok:
                report.misses.append(f"{path.name} {key}: {have_text!r} != {want!r}")


def _fallback(page: str) -> dict[str, str]:
    """Our fallback for unknown templates: no body selector, the densest block and the meta tags."""
    result = extract_page(page, profile=unknown_profile())
    return {"title": result.fields.get("title", ""), "publish_date": result.fields.get("publish_date", ""),
            "body": result.text}


def _trafilatura(page: str) -> dict[str, str]:
    import trafilatura

    found = trafilatura.bare_extraction(page, with_metadata=True, include_tables=True, as_dict=True)
    doc: dict[str, Any] = found if isinstance(found, dict) else {}
    return {"title": doc.get("title") or "", "publish_date": iso_date(doc.get("date")) or "",
            "body": doc.get("text") or ""}


def _gne(page: str) -> dict[str, str]:
    from gne import GeneralNewsExtractor

    try:
        doc = GeneralNewsExtractor().extract(page)
    except Exception:  # noqa: BLE001 -- GNE raises on pages it cannot read; that is a miss, not a crash
        doc = {}
    return {"title": doc.get("title") or "", "publish_date": iso_date(doc.get("publish_time")) or "",
            "body": doc.get("content") or ""}


def _cascade(page: str) -> dict[str, str]:
    """What ``parse`` does on an unknown template: our fallback, then trafilatura's date if missing."""
    from noticeparse.parse import fallback_date

    got = _fallback(page)
    if not got["publish_date"]:
        got["publish_date"] = fallback_date(page) or ""
    return got


def generic_systems() -> dict[str, Generic]:
    """The generic extractors that can run here (trafilatura and GNE only when installed)."""
    systems: dict[str, Generic] = {"noticeparse fallback": _fallback, "noticeparse cascade": _cascade}
    for module, system in (("trafilatura", _trafilatura), ("gne", _gne)):
        try:
            __import__(module)
        except ImportError:
            continue
        systems[module] = system
    return systems


def _score_generic(pages: list[tuple[str, Path, dict[str, str]]], report: PageReport,
                   systems: dict[str, Generic]) -> None:
    for system, extract in systems.items():
        per_corpus = report.generic.setdefault(system, {})
        for name, path, truth in pages:
            got = extract(decode_bytes(path.read_bytes()).text)
            s = per_corpus.setdefault(name, {"pages": 0, "title": 0.0, "date": 0.0, "body_f1": 0.0})
            s["pages"] += 1
            s["title"] += _squash(got["title"]) == _squash(truth["title"])
            s["date"] += bool(truth["publish_date"]) and got["publish_date"] == truth["publish_date"]
            s["body_f1"] += char_f1(got["body"], truth["body"])
        for s in per_corpus.values():
            for key in ("title", "date", "body_f1"):
                s[key] /= s["pages"]


def score_pages(corpus: Path, *, generic: bool = True) -> PageReport:
    """Score every HTML page of the corpus; ``generic`` adds the generic extractors' table."""
    pages = corpus_pages(corpus)
    report = PageReport()
    _score_profiles(pages, report)
    if generic:
        _score_generic(pages, report, generic_systems())
    return report
