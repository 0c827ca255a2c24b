"""Evaluation: P/R/F1 against the annotated shared corpus, beside the JioNLP baseline.

The face of the stage: other stages import only from here.
"""

from noticeparse.evaluation.corpus import default_corpus
from noticeparse.evaluation.evaluate import run_eval
from noticeparse.evaluation.rounds import TARGETS, RoundsScores, default_rounds_data, run_rounds_eval

__all__ = ["TARGETS", "RoundsScores", "default_corpus", "default_rounds_data", "run_eval", "run_rounds_eval"]
