"""Word segmentation (分词), entity-aware, with the findings' terms and topics.

The face of the stage: other stages import only from here. The spaCy component
(``noticeparse.segment.spacy_component``) is loaded by spaCy's entry point, not here,
so that spaCy stays optional.
"""

from noticeparse.segment.backends import BACKENDS, BackendUnavailable
from noticeparse.segment.scoring import recall_by_class, score_words, word_class
from noticeparse.segment.segmenter import (
    Segmentation,
    Segmenter,
    find_entities,
    get_segmenter,
    load_lexicon,
    notice_entities,
    outline_markers,
    preload_segmenter,
    segment_notice,
    segment_text,
)
from noticeparse.segment.topics import content_words, finding_terms, finding_topics, tag_topics

__all__ = [
    "BACKENDS",
    "BackendUnavailable",
    "Segmentation",
    "Segmenter",
    "content_words",
    "find_entities",
    "finding_terms",
    "finding_topics",
    "get_segmenter",
    "load_lexicon",
    "notice_entities",
    "outline_markers",
    "preload_segmenter",
    "recall_by_class",
    "score_words",
    "segment_notice",
    "segment_text",
    "tag_topics",
    "word_class",
]
