"""The JSON report (schema ``checker.report/1``, checker/data/report.schema.json, docs/report-format.md).

Decimals are written as exact strings ("2762.35"), never as floats; keys keep their order so the output is
stable enough to diff and to keep as a golden file.
"""

from __future__ import annotations

from typing import Any

from checker.findings import Finding
from checker.report.jsontext import dumps
from checker.report.model import SCHEMA, TOOL, Report, cell_text, report_findings, value_text


def finding_json(f: Finding) -> dict[str, Any]:
    """A finding as plain JSON values (Decimals as exact strings)."""
    return {
        "rule": f.rule,
        "title": f.title,
        "family": f.family,
        "severity": f.severity.label,
        "outcome": f.outcome.value,
        "subject": f.subject,
        "message": f.message,
        "explanation": f.explanation,
        "dataset": f.dataset,
        "year": f.year,
        "expected": value_text(f.expected),
        "actual": value_text(f.actual),
        "difference": value_text(f.difference),
        "tolerance": value_text(f.tolerance),
        "tolerance_note": f.tolerance_note,
        "unit": f.unit,
        "rule_location": f.rule_location,
        "data_location": f.data_location,
        "document_location": f.document_location,
        "operands": [
            {"label": o.label, "value": value_text(o.value), "data_location": o.data_location} for o in f.operands
        ],
        "culprit": f.culprit,
        "slip": f.slip,
        "waiver": f.waiver,
        "fingerprint": f.fingerprint,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return cell_text(value)


def report_json(report: Report) -> dict[str, Any]:
    """The whole report as plain JSON values, in schema order."""
    s = report.summary
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "generated_at": report.generated_at,
        "tool": {"name": TOOL, "version": report.tool_version},
        "fail_on": report.fail_on.label,
        "tolerance_policy": report.tolerance_policy,
        "summary": {
            "verdict": report.verdict, "exit_status": report.exit_status, "total": s.total,
            "by_outcome": dict(s.by_outcome), "failed_by_severity": dict(s.failed_by_severity),
            "datasets": s.datasets, "rules": s.rules,
        },
        "rulesets": _plain(report.rulesets),
        "datasets": _plain(report.datasets),
        "rules": _rules(report),
        "findings": [finding_json(f) for f in report_findings(report)],
    }
    if report.scores is not None:
        out["scores"] = _plain(report.scores)
    return out


def _rules(report: Report) -> dict[str, dict[str, Any]]:
    titles = report.titles()
    return {rule: {"title": titles.get(rule, ""), "checked": report.checked.get(rule, 0),
                   "passed": report.passed.get(rule, 0)} for rule in report.rule_ids()}


def render_json(report: Report) -> str:
    """The JSON report as text (UTF-8, Chinese kept readable, two-space indent, final newline)."""
    return dumps(report_json(report)) + "\n"

