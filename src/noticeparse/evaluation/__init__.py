"""Evaluation: the forms set, and P/R/F1 against the annotated shared corpus, beside the JioNLP baseline.

The face of the stage: other stages import only from here.
"""

from noticeparse.evaluation.corpus import default_corpus
from noticeparse.evaluation.evaluate import run_eval
from noticeparse.evaluation.forms import FORMS, run_forms

__all__ = ["FORMS", "default_corpus", "run_eval", "run_forms"]
