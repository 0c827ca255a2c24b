"""The tables across notices, recomputed by DuckDB from the per-notice tables and the ref links.

``round_notices`` is every ref with the round it belongs to (``resolve.py``); from it and the
``round_refs``, ``round_ref_units``, ``notices`` and ``outline`` views, SQL computes ``rounds`` (one
row per round), ``round_timeline`` (one row per round, unit and notice) and ``round_units`` (one row
per round and unit: the notice of each stage and its date, days from the feedback to the first
report, and the problems stated, the findings extracted, rectified and the completion rate of the
latest report). A notice's date is its publication date, else its signing date.
"""

from __future__ import annotations

import duckdb

__all__ = ["round_tables"]

_REPORT = "('progress', 'final')"
_FEEDBACK = "(t.stage = 'feedback' OR (t.stage = 'lookback' AND t.stage_rule_id = 'round.stage_feedback'))"
_ENTRY = "(t.stage = 'entry' OR (t.stage = 'lookback' AND t.stage_rule_id = 'round.stage_entry'))"

_VIEWS = f"""
CREATE OR REPLACE TEMP VIEW linked AS
SELECT l.key, r.*, coalesce(n.publish_date, n.signed_date) AS notice_date, n.title
FROM round_refs r JOIN ref_links l USING (notice_id, ref_id) JOIN notices n USING (notice_id)
WHERE l.key IS NOT NULL;
CREATE OR REPLACE TEMP VIEW ref_units AS
SELECT u.notice_id, u.ref_id, coalesce(m.unit_id, u.unit_key) AS unit_id, u.unit, u.char_start AS unit_start,
       u.feedback_date AS own_feedback, count(*) OVER (PARTITION BY u.notice_id, u.ref_id) AS n_units
FROM round_ref_units u LEFT JOIN unit_map m ON m.unit_key = u.unit_key;
CREATE OR REPLACE TEMP VIEW findings AS
SELECT notice_id, count(*) FILTER (WHERE is_finding) AS findings FROM outline GROUP BY notice_id;
CREATE OR REPLACE TEMP VIEW timeline AS
SELECT t.key, u.unit_id, u.unit, u.unit_start, t.notice_id, t.stage, t.stage_rule_id, t.notice_date,
       coalesce(u.own_feedback, t.feedback_date) AS feedback_date,
       CASE WHEN u.n_units = 1 THEN t.stated_problems END AS stated_problems,
       CASE WHEN t.stage IN {_REPORT} THEN coalesce(f.findings, 0) END AS findings_extracted,
       CASE WHEN u.n_units = 1 THEN t.rectified END AS rectified,
       CASE WHEN u.n_units = 1 THEN t.completion_rate END AS completion_rate,
       {_ENTRY} AS is_entry, {_FEEDBACK} AS is_feedback, t.stage IN {_REPORT} AS is_report,
       u.own_feedback IS NOT NULL AS own_feedback
FROM linked t JOIN ref_units u USING (notice_id, ref_id) LEFT JOIN findings f USING (notice_id);
CREATE OR REPLACE TEMP VIEW unit_feedback AS
SELECT key, unit_id, mode(feedback_date) AS feedback_date FROM timeline WHERE feedback_date IS NOT NULL GROUP BY ALL;
"""

_ROUNDS = """
SELECT * REPLACE (coalesce(entry_notices, []) AS entry_notices, coalesce(feedback_notices, []) AS feedback_notices,
                  coalesce(progress_notices, []) AS progress_notices, coalesce(final_notices, []) AS final_notices,
                  coalesce(lookback_notices, []) AS lookback_notices, coalesce(mention_notices, []) AS mention_notices)
FROM (SELECT key, any_value(body ORDER BY term NULLS LAST) AS body,
       CASE WHEN split_part(key, '/', 2) = '-' THEN NULL ELSE split_part(key, '/', 2) END AS term,
       any_value(round) AS round, bool_or(lookback) AS lookback,
       min(period_start) AS period_start, max(period_end) AS period_end,
       coalesce((SELECT list(unit_id ORDER BY first_date NULLS LAST, first_start) FROM (
           SELECT unit_id, min(notice_date) AS first_date, min(unit_start) AS first_start FROM timeline t2
           WHERE t2.key = linked.key GROUP BY unit_id)), []) AS units,
       (SELECT count(DISTINCT unit_id) FROM timeline t3 WHERE t3.key = linked.key) AS n_units,
       list(DISTINCT notice_id ORDER BY notice_id) FILTER (WHERE stage = 'entry') AS entry_notices,
       list(DISTINCT notice_id ORDER BY notice_id) FILTER (WHERE stage = 'feedback') AS feedback_notices,
       list(DISTINCT notice_id ORDER BY notice_id) FILTER (WHERE stage = 'progress') AS progress_notices,
       list(DISTINCT notice_id ORDER BY notice_id) FILTER (WHERE stage = 'final') AS final_notices,
       list(DISTINCT notice_id ORDER BY notice_id) FILTER (WHERE stage = 'lookback') AS lookback_notices,
       list(DISTINCT notice_id ORDER BY notice_id) FILTER (WHERE stage = 'mention') AS mention_notices,
       count(DISTINCT notice_id) AS n_notices, min(notice_date) AS first_date, max(notice_date) AS last_date
FROM linked GROUP BY key) ORDER BY key
"""

_TIMELINE = """
SELECT t.key, t.unit_id, t.notice_id, t.stage, t.notice_date, f.feedback_date,
       CAST(t.notice_date - f.feedback_date AS INTEGER) AS days_from_feedback,
       t.stated_problems, t.findings_extracted, t.rectified, t.completion_rate
FROM timeline t LEFT JOIN unit_feedback f USING (key, unit_id)
ORDER BY t.key, t.unit_id, t.notice_date NULLS LAST, t.notice_id
"""

_ROUND_UNITS = """
WITH per_unit AS (
  SELECT key, unit_id, arg_min(unit, (notice_date, unit_start)) AS unit,
         arg_min(notice_id, (notice_date, notice_id)) FILTER (WHERE is_entry) AS entry_notice,
         min(notice_date) FILTER (WHERE is_entry) AS entry_date,
         arg_min(notice_id, (NOT own_feedback, notice_date, notice_id)) FILTER (WHERE is_feedback) AS feedback_notice,
         list(notice_id ORDER BY notice_date NULLS LAST, notice_id) FILTER (WHERE stage = 'progress') AS progress_notices,
         list(notice_date ORDER BY notice_date NULLS LAST, notice_id) FILTER (WHERE stage = 'progress') AS progress_dates,
         arg_max(notice_id, (notice_date, notice_id)) FILTER (WHERE stage = 'final') AS final_notice,
         max(notice_date) FILTER (WHERE stage = 'final') AS final_date,
         min(notice_date) FILTER (WHERE is_report) AS first_report_date,
         arg_max(notice_id, (notice_date, notice_id)) FILTER (WHERE is_report) AS latest_report,
         count(DISTINCT notice_id) FILTER (WHERE is_report) AS n_reports
  FROM timeline GROUP BY key, unit_id
)
SELECT p.key, p.unit_id, p.unit, p.entry_notice, p.entry_date, p.feedback_notice, f.feedback_date,
       coalesce(p.progress_notices, []) AS progress_notices, coalesce(p.progress_dates, []) AS progress_dates,
       p.final_notice, p.final_date, p.first_report_date,
       CAST(p.first_report_date - f.feedback_date AS INTEGER) AS days_to_first_report, p.latest_report,
       r.stated_problems, r.findings_extracted, r.rectified, r.completion_rate, p.n_reports
FROM per_unit p LEFT JOIN unit_feedback f USING (key, unit_id)
LEFT JOIN timeline r ON r.key = p.key AND r.unit_id = p.unit_id AND r.notice_id = p.latest_report
ORDER BY p.key, p.unit_id
"""


def round_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """``rounds``, ``round_timeline`` and ``round_units`` as DuckDB tables (their names by output table).

    They stay in DuckDB (which spills to disk past its memory limit) and are written from there in
    batches: nothing of the archive is held in Python.
    """
    con.execute(_VIEWS)
    made = {"rounds": _ROUNDS, "round_timeline": _TIMELINE, "round_units": _ROUND_UNITS}
    for name, sql in made.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE link_{name} AS {sql}")
    return {name: f"link_{name}" for name in made}
