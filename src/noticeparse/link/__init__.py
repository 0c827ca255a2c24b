"""Linking notices across an output: inspection rounds, their units over time, units and their names.

The face of the stage: other stages import only from here. ``link_output(OUT)`` reads a whole
output (``parse``'s files or ``batch``'s dataset) through ``store.connect`` (DuckDB views over the
Parquet files) and commits the tables of ``store.LINK_TABLES`` in a new snapshot beside the
per-notice ones; ``link_folder`` writes them into a folder (``batch`` calls it on the snapshot it is
about to commit). They are recomputed from the per-notice tables every time, never merged by hand.
"""

from noticeparse.link.output import link_output
from noticeparse.link.run import LinkSummary, link_folder

__all__ = ["LinkSummary", "link_folder", "link_output"]
