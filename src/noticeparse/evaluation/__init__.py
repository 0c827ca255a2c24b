"""Evaluation: P/R/F1 against the annotated shared corpus, beside the JioNLP baseline; the case dev set.

The face of the stage: other stages import only from here.
"""

from noticeparse.evaluation.cases import DEV_SET, render_case_scores, score_case_set
from noticeparse.evaluation.corpus import default_corpus
from noticeparse.evaluation.evaluate import run_eval

__all__ = ["DEV_SET", "default_corpus", "render_case_scores", "run_eval", "score_case_set"]
