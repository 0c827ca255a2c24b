"""Evaluation: P/R/F1 against the annotated shared corpus, beside the JioNLP baseline, the
textview-dev set (kind, form and extractors on texts as found), the kinds-dev set (kind and form) and the
cases-dev set (persons, posts and penalties).

The face of the stage: other stages import only from here.
"""

from noticeparse.evaluation.cases import CASES_DEV_SET, render_case_scores, score_case_set
from noticeparse.evaluation.corpus import default_corpus
from noticeparse.evaluation.evaluate import run_eval
from noticeparse.evaluation.kinds import KINDS_DEV, score_kinds
from noticeparse.evaluation.rounds import TARGETS, RoundsScores, default_rounds_data, run_rounds_eval
from noticeparse.evaluation.textview import DEV_SET, read_dev_set, score_textview

__all__ = [
    "CASES_DEV_SET",
    "DEV_SET",
    "KINDS_DEV",
    "TARGETS",
    "RoundsScores",
    "default_corpus",
    "default_rounds_data",
    "read_dev_set",
    "render_case_scores",
    "run_eval",
    "run_rounds_eval",
    "score_case_set",
    "score_kinds",
    "score_textview",
]
