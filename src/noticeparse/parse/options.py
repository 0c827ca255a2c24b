"""``ParseOptions``: everything that says how one input is parsed, in one object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from noticeparse.rules import RuleSet

__all__ = ["ParseOptions"]


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How to parse one input (all fields optional).

    Args:
        rules: a loaded ``RuleSet``; the default rules when None.
        reference_date: resolves relative dates when the notice has no publish date.
        source: where the input came from (a path or URL), stored as is.
        url: the page's URL as asked for (the notice's ``url``).
        final_url: the URL that answered, after redirects (resolves links; its date is a fallback
            publish date); ``url`` when None.
        fetched_at: when the page was fetched (from the raw store's sidecar).
        kind: ``"html"``, ``"text"`` or ``"document"`` (PDF/DOCX/OFD); sniffed when None.
        declared_encoding: the charset a server or sidecar declared for the bytes.
        appendix: text of the page's attachments, joined to the notice.
        segment: cut the text into words (``Notice.tokens``, ``terms``, ``topics``).
        backend: the segmenter backend (jieba, rjieba, pkuseg, char).
        normalise: match the rules on the normalised view (traditional → simplified, glosses and
            odd digits folded: ``parse/view.py``); False matches on the stored text as it is.

    >>> ParseOptions(source="a.txt").segment
    True
    """

    rules: RuleSet | None = None
    reference_date: date | None = None
    source: str | None = None
    url: str | None = None
    final_url: str | None = None
    fetched_at: str | None = None
    kind: str | None = None
    declared_encoding: str | None = None
    appendix: str = ""
    segment: bool = True
    backend: str = "jieba"
    normalise: bool = True
