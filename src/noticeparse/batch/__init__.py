"""Runs over many inputs: one-shot ``parse``, incremental ``batch`` (state, engines, progress), run files.

The face of the stage: other stages import only from here.
"""

from noticeparse.batch.run import BatchOptions, Summary, parse_paths, print_summary, run_batch
from noticeparse.batch.runner import run_pipeline

__all__ = ["BatchOptions", "Summary", "parse_paths", "print_summary", "run_batch", "run_pipeline"]
