"""Year-end self-evaluation (绩效自评) and mid-year monitoring (绩效监控) of performance indicators.

``score_dataset(dataset, policy, as_of=None)`` scores every indicator and project of a dataset with
actuals by a scoring policy (``rulesets/scoring.rules`` by default; docs/scoring.md): marks, score and
the reason for every lost point, the execution rate, totals and grades — or, with ``as_of``, progress
against the expected-to-date and traffic lights.  ``sheet_plain`` turns the result into plain data
(schema ``checker.scores/1``); ``report_rows`` makes its flat rows of ``Report.scores`` (``checker score``),
``report_scores`` the per-project rows ``checker check`` reports.
"""

from __future__ import annotations

from checker.score.plain import SCHEMA, sheet_plain
from checker.score.policy import grade_of, load_policy, policy_of, standard_policy
from checker.score.rows import report_rows, report_scores, total_rows
from checker.score.sheet import ScoreSheet, has_actuals, score_dataset

__all__ = [
    "SCHEMA",
    "ScoreSheet",
    "grade_of",
    "has_actuals",
    "load_policy",
    "policy_of",
    "report_rows",
    "report_scores",
    "score_dataset",
    "sheet_plain",
    "standard_policy",
    "total_rows",
]
