"""Evaluation: P/R/F1 against the annotated shared corpus, beside the JioNLP baseline, the forms set
(dates, money and counts as written), the textview-dev set (kind, form and extractors on texts as
found), the kinds-dev set (kind and form), the cases-dev set (persons, posts and penalties) and the
rounds dev sets (rounds and units across notices).

The face of the stage: other stages import only from here.
"""

from noticeparse.evaluation.cases import CASES_DEV_SET, render_case_scores, score_case_set
from noticeparse.evaluation.corpus import default_corpus
from noticeparse.evaluation.evaluate import run_eval
from noticeparse.evaluation.forms import FORMS, run_forms
from noticeparse.evaluation.kinds import KINDS_DEV, score_kinds
from noticeparse.evaluation.rounds import (
    ROUND_SETS,
    TARGETS,
    RoundsScores,
    default_rounds_data,
    default_rounds_sets,
    run_rounds_eval,
)
from noticeparse.evaluation.textview import DEV_SET, read_dev_set, score_textview

__all__ = [
    "CASES_DEV_SET",
    "DEV_SET",
    "FORMS",
    "KINDS_DEV",
    "ROUND_SETS",
    "TARGETS",
    "RoundsScores",
    "default_corpus",
    "default_rounds_data",
    "default_rounds_sets",
    "read_dev_set",
    "render_case_scores",
    "run_eval",
    "run_forms",
    "run_rounds_eval",
    "score_case_set",
    "score_kinds",
    "score_textview",
]
