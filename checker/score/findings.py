"""What scoring finds beside the scores: unexplained deviations, things it could not score, missing levels.

``SC-NO-REASON`` (warning): an indicator missed its target, or far exceeded it, and states no 偏差原因.
``SC-NOT-SCORED`` (warning): an indicator or an execution rate could not be scored (no or unreadable actual,
no spending, no budget).  ``SC-UNIT`` (error): an actual whose unit or grade scale does not convert to its
target's.  ``SC-LEVEL-MISSING`` (info): a project has no indicator of a weighed level; its marks moved.
In monitoring mode only the last three apply (a target is not yet missed mid-year).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.findings import Finding, Outcome, Severity
from checker.score.columns import records
from checker.score.measure import MISMATCH, SCORED

if TYPE_CHECKING:
    from checker.score.sheet import ScoreSheet

FAMILY = "绩效自评"
NEEDED = ("ds", "project", "name", "status", "reason", "note", "deviation", "met", "exceeded", "target_text",
          "actual_text", "_file", "_line", "_doc")
TITLES = {
    "SC-NO-REASON": "未达标或大幅超额的指标说明偏差原因",
    "SC-NOT-SCORED": "指标未能评分",
    "SC-UNIT": "实际值与目标的单位或等级体系不能换算",
    "SC-LEVEL-MISSING": "项目缺少某一层级的指标",
}


def score_findings(sheet: ScoreSheet) -> list[Finding]:
    """The findings of a scored sheet, in the data's order."""
    years = sheet.years
    rows, out = sheet.indicators.loc[:, list(NEEDED)], []
    unscored = rows[~rows["status"].eq(SCORED)]
    for r in records(unscored):
        rule = "SC-UNIT" if r["status"] == MISMATCH else "SC-NOT-SCORED"
        out.append(_finding(rule, r, r["reason"], years))
    if sheet.as_of is None:
        scored = rows["status"].eq(SCORED)
        silent = scored & rows["deviation"].eq("") & (~rows["met"].astype(bool) | rows["exceeded"].astype(bool))
        for r in records(rows[silent]):
            out.append(_finding("SC-NO-REASON", r, _why(r), years))
    projects = sheet.projects
    unscored_exec = ~projects["exec_status"].eq(SCORED) & (projects["exec_marks"] > 0)
    for r in records(projects.loc[unscored_exec, ["ds", "project", "exec_reason"]]):
        out.append(_finding("SC-NOT-SCORED", {**r, "name": "预算执行率"}, r["exec_reason"], years))
    for r in records(projects.loc[projects["note"].ne(""), ["ds", "project", "note"]]):
        out.append(_finding("SC-LEVEL-MISSING", {**r, "name": ""}, r["note"], years))
    return out


def _why(r: dict[str, Any]) -> str:
    if r["met"]:
        return f"{r['note']}，应写明偏差原因"
    return f"实际{r['actual_text']}未达到目标{r['target_text']}，应写明偏差原因分析及改进措施"


def _finding(rule: str, r: dict[str, Any], message: str, years: dict[str, str]) -> Finding:
    subject = f"{r['project']}/{r['name']}" if r["name"] else str(r["project"])
    severity = {"SC-UNIT": Severity.ERROR, "SC-LEVEL-MISSING": Severity.INFO}.get(rule, Severity.WARNING)
    line = r.get("_line") or ""
    return Finding(
        rule=rule, title=TITLES[rule], severity=severity, outcome=Outcome.FAILED, subject=subject,
        message=f"{subject}：{message}", dataset=str(r["ds"]), year=years.get(str(r["ds"]), ""),
        expected=r.get("target_text") or None, actual=r.get("actual_text") or None, family=FAMILY,
        data_location=f"{r['_file']}:{line}" if r.get("_file") else "", document_location=r.get("_doc") or "",
    )
