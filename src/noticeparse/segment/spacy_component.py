"""spaCy integration: the ``noticeparse`` pipeline component (分词与实体).

``spacy.blank("zh")`` cuts Chinese into single characters (its default ``char``
segmenter, which needs no model or download). The ``noticeparse`` component merges
those characters into the words of our entity-aware ``Segmenter``, sets each
token's ``tag_`` to our POS (``pos_`` to its Universal Dependencies tag) and puts our
entities (dates, document numbers, quantities, 《titles》, contacts) into ``doc.ents``
(money is ``MONEY``, other quantities ``QUANTITY``). Each entity carries its record:
``ent._.value`` is its normalised value (a quantity's number in the unit's base, a
date's first day, a document number's canonical form, a title, a contact's value),
``ent._.unit`` a quantity's unit, ``ent._.role`` its role where the record has one, and
``ent._.record`` the whole frozen record. On a Doc cut by another
tokenizer it merges wherever the boundaries allow, and the entities are still set::

    import spacy
    import noticeparse.segment.spacy_component  # registers the factory
    nlp = spacy.blank("zh")
    nlp.add_pipe("noticeparse", config={"backend": "jieba"})
    doc = nlp("2021年11月18日,市委第二巡察组向新区党工委反馈巡察意见")
    [(ent.label_, ent._.value) for ent in doc.ents]   # [('DATE', datetime.date(2021, 11, 18))]

Importing this module needs spaCy (``pip install 'noticeparse[spacy]'``).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from noticeparse.extract import extract_entities
from noticeparse.fields import ENTITIES
from noticeparse.records import Token
from noticeparse.rules import load_rules
from noticeparse.segment.segmenter import get_segmenter, outline_markers

__all__ = ["NoticeSegmentation", "blank_nlp", "make_noticeparse", "universal_pos"]

ENTITY_LABELS = {item.entity.kind: item.entity.spacy_label for item in ENTITIES if item.entity}
MONEY_LABEL = "MONEY"  # spaCy's label for money; a quantity of category money gets it
# the record attribute that is an entity's normalised value, by entity kind
_VALUE_OF = {"quantity": "value", "date": "date_start", "doc_number": "canonical", "title": "title",
             "contact": "value"}
# our POS tags (jieba's ICTCLAS set, rules/lexicon) to Universal Dependencies: longest prefix wins
_UPOS = {"n": "NOUN", "nr": "PROPN", "ns": "PROPN", "nt": "PROPN", "nz": "PROPN", "v": "VERB", "vn": "NOUN",
         "vd": "ADV", "a": "ADJ", "ad": "ADV", "an": "NOUN", "d": "ADV", "m": "NUM", "mq": "NUM", "q": "NOUN",
         "t": "NOUN", "s": "NOUN", "f": "ADP", "p": "ADP", "c": "CCONJ", "u": "PART", "e": "INTJ",
         "y": "PART", "o": "INTJ", "r": "PRON", "i": "NOUN", "l": "NOUN", "j": "PROPN", "b": "ADJ",
         "z": "ADJ", "h": "NOUN", "k": "NOUN", "g": "NOUN", "x": "X", "w": "PUNCT", "eng": "X"}
_PUNCT = set("，。、；：？！“”‘’（）《》〔〕【】…—·,.;:?!\"'()[]<>-")


def universal_pos(tag: str, text: str = "") -> str:
    """The Universal Dependencies POS of one of our tags (``X`` when unknown).

    >>> universal_pos("nt"), universal_pos("m"), universal_pos("x", "，"), universal_pos("vn")
    ('PROPN', 'NUM', 'PUNCT', 'NOUN')
    """
    if text and all(ch in _PUNCT or ch.isspace() for ch in text):
        return "PUNCT"
    for size in range(len(tag), 0, -1):
        if tag[:size] in _UPOS:
            return _UPOS[tag[:size]]
    return "X"


for _name in ("value", "unit", "role", "record"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class NoticeSegmentation:
    """Retokenize a Doc into our words and set our entities as ``doc.ents``."""

    def __init__(self, backend: str = "jieba", rules_root: str | None = None, set_ents: bool = True) -> None:
        self.rules = load_rules(rules_root)
        self.segmenter = get_segmenter(backend, self.rules)
        self.set_ents = set_ents

    def __call__(self, doc: Doc) -> Doc:
        """Merge the Doc's tokens into our words (where aligned), tag them, set the entities."""
        found = extract_entities(doc.text, self.rules)
        records = {(r.start, r.end, item.entity.kind): r for item in ENTITIES if item.entity
                   for r in getattr(found, item.table)}
        entities = sorted([*records, *outline_markers(found.outline, self.rules)])
        tokens = self.segmenter.cut(doc.text, entities)
        self._merge(doc, tokens)
        tags = {t.start: t.pos for t in tokens}
        for token in doc:
            tag = tags.get(token.idx)
            if tag:
                token.tag_ = tag
                token.pos_ = universal_pos(tag, token.text)
        if self.set_ents:
            doc.ents = self._entities(doc, records)
        return doc

    @staticmethod
    def _merge(doc: Doc, tokens: list[Token]) -> None:
        with doc.retokenize() as retokenizer:
            for token in tokens:
                span = doc.char_span(token.start, token.end)  # None when not on token boundaries
                if span is not None and len(span) > 1:
                    retokenizer.merge(span)

    @staticmethod
    def _entities(doc: Doc, records: dict[tuple[int, int, str], Any]) -> list[Span]:
        spans = []
        for (start, end, kind), record in sorted(records.items(), key=lambda kv: kv[0]):
            label = ENTITY_LABELS.get(kind, kind.upper())
            if kind == "quantity" and getattr(record, "category", None) == "money":
                label = MONEY_LABEL
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None:
                continue
            span._.record = record
            span._.value = getattr(record, _VALUE_OF.get(kind, "value"), None)
            span._.unit = getattr(record, "unit", None) if kind == "quantity" else None
            span._.role = getattr(record, "role", None)
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
