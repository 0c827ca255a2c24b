"""Review: the static HTML report of a run and the diff of two runs.

The face of the stage: other stages import only from here.
"""

from noticeparse.review.diff import diff_runs, render, to_json
from noticeparse.review.report import write_report

__all__ = ["diff_runs", "render", "to_json", "write_report"]
