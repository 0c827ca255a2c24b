"""Runs over many inputs: one-shot ``parse``, incremental ``batch`` (state, engines, progress), run files.

The face of the stage: other stages import only from here.
"""

from noticeparse.batch.engines import SchedulerError
from noticeparse.batch.faults import OutputError
from noticeparse.batch.processes import Stopped, stop_on_signals
from noticeparse.batch.run import (
    BatchOptions,
    NothingToParse,
    OptionsError,
    OutputLayoutError,
    Summary,
    check_layout,
    missing_paths,
    parse_paths,
    print_summary,
    run_batch,
)
from noticeparse.batch.runner import run_pipeline
from noticeparse.batch.state import StateLocked

__all__ = [
    "BatchOptions",
    "NothingToParse",
    "OptionsError",
    "OutputError",
    "OutputLayoutError",
    "SchedulerError",
    "StateLocked",
    "Stopped",
    "Summary",
    "check_layout",
    "missing_paths",
    "parse_paths",
    "print_summary",
    "run_batch",
    "run_pipeline",
    "stop_on_signals",
]
