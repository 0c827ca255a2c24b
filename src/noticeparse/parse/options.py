"""``ParseOptions``: everything that says how one input is parsed: the run's ``Settings`` and the input's facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from noticeparse.rules import RuleSet, load_rules
from noticeparse.settings import Settings

__all__ = ["ParseOptions"]


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How to parse one input (all fields optional).

    Args:
        settings: how the run parses (rules root, time budget, segmenter backend, prefilter, segmenting).
        rules: the settings' rules, loaded (``load_rules(settings.rules_root)`` when None).
        reference_date: resolves relative dates when the notice has no publish date.
        source: where the input came from (a path or URL), stored as is.
        url: the page's URL as asked for (the notice's ``url``).
        final_url: the URL that answered, after redirects (resolves links; its date is a fallback
            publish date); ``url`` when None.
        fetched_at: when the page was fetched (from the raw store's sidecar).
        kind: ``"html"``, ``"text"`` or ``"document"`` (PDF/DOCX/OFD); sniffed when None.
        declared_encoding: the charset a server or sidecar declared for the bytes.
        appendix: text of the page's attachments, joined to the notice.
        family: the site family the crawler recorded for the page (``rules/sites/<family>.yaml``);
            detected from the page when None or unknown to the rules.

    >>> ParseOptions(source="a.txt").settings.segment
    True
    """

    settings: Settings = field(default_factory=Settings)
    rules: RuleSet | None = None
    reference_date: date | None = None
    source: str | None = None
    url: str | None = None
    final_url: str | None = None
    fetched_at: str | None = None
    kind: str | None = None
    declared_encoding: str | None = None
    appendix: str = ""
    family: str | None = None

    def ruleset(self) -> RuleSet:
        """The rules to parse with: ``rules``, else those of the settings' rules root."""
        return self.rules or load_rules(self.settings.rules_root)
