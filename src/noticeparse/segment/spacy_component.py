"""spaCy integration: the ``noticeparse`` pipeline component (分词与实体).

``spacy.blank("zh")`` cuts Chinese into single characters (its default ``char``
segmenter, which needs no model or download). The ``noticeparse`` component merges
those characters into the words of our entity-aware ``Segmenter``, sets each
token's ``tag_`` to our POS and puts our entities (dates, document numbers,
quantities, 《titles》, contacts) into ``doc.ents``. On a Doc cut by another
tokenizer it merges wherever the boundaries allow, and the entities are still set::

    import spacy
    import noticeparse.segment.spacy_component  # registers the factory
    nlp = spacy.blank("zh")
    nlp.add_pipe("noticeparse", config={"backend": "jieba"})
    doc = nlp("2021年11月18日,市委第二巡察组向新区党工委反馈巡察意见")

Importing this module needs spaCy (``pip install 'noticeparse[spacy]'``).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from noticeparse.fields import ENTITIES
from noticeparse.records import Token
from noticeparse.rules import load_rules
from noticeparse.segment.segmenter import find_entities, get_segmenter

__all__ = ["NoticeSegmentation", "blank_nlp", "make_noticeparse"]

ENTITY_LABELS = {item.entity.kind: item.entity.spacy_label for item in ENTITIES if item.entity}


class NoticeSegmentation:
    """Retokenize a Doc into our words and set our entities as ``doc.ents``."""

    def __init__(self, backend: str = "jieba", rules_root: str | None = None, set_ents: bool = True) -> None:
        self.rules = load_rules(rules_root)
        self.segmenter = get_segmenter(backend, self.rules)
        self.set_ents = set_ents

    def __call__(self, doc: Doc) -> Doc:
        """Merge the Doc's tokens into our words (where aligned), tag them, set the entities."""
        entities = find_entities(doc.text, self.rules)
        tokens = self.segmenter.cut(doc.text, entities)
        self._merge(doc, tokens)
        tags = {t.start: t.pos for t in tokens}
        for token in doc:
            tag = tags.get(token.idx)
            if tag:
                token.tag_ = tag
        if self.set_ents:
            doc.ents = self._entities(doc, entities)
        return doc

    @staticmethod
    def _merge(doc: Doc, tokens: list[Token]) -> None:
        with doc.retokenize() as retokenizer:
            for token in tokens:
                span = doc.char_span(token.start, token.end)  # None when not on token boundaries
                if span is not None and len(span) > 1:
                    retokenizer.merge(span)

    @staticmethod
    def _entities(doc: Doc, entities: list[tuple[int, int, str]]) -> list[Span]:
        spans = []
        for start, end, kind in entities:
            if kind not in ENTITY_LABELS:
                continue  # an outline marker is a token of its own, not an entity
            span = doc.char_span(start, end, label=ENTITY_LABELS.get(kind, kind.upper()),
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        return filter_spans(spans)


@Language.factory(
    "noticeparse",
    default_config={"backend": "jieba", "rules_root": None, "set_ents": True},
)
def make_noticeparse(nlp: Language, name: str, backend: str, rules_root: str | None,
                     set_ents: bool) -> NoticeSegmentation:
    """The spaCy factory behind ``nlp.add_pipe("noticeparse")``."""
    del nlp, name
    return NoticeSegmentation(backend, rules_root, set_ents)


def blank_nlp(backend: str = "jieba", **config: Any) -> Language:
    """``spacy.blank("zh")`` (char segmenter, no model) plus the ``noticeparse`` component."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("noticeparse", config={"backend": backend, **config})
    return nlp
