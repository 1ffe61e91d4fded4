"""``target`` statements: the indicators a selector matches, each against the rule file's target."""

from __future__ import annotations

import fnmatch
from typing import Any

import numpy as np

from checker.compile import program as p
from checker.evaluate.achieve import achievement
from checker.evaluate.context import Context
from checker.evaluate.describe import decimal_of
from checker.findings import Finding, Outcome, Severity


def _matches(values: np.ndarray, pattern: str) -> np.ndarray:
    if pattern == "*":
        return np.ones(len(values), dtype=bool)
    compact = "".join(pattern.split())
    return np.array([fnmatch.fnmatchcase("".join(str(v).split()), compact) for v in values], dtype=bool)


def target_findings(target: p.CompiledTarget, ctx: Context, keep_passed: bool = False) -> list[Finding]:
    ind = ctx.dataset.indicators
    base: dict[str, Any] = dict(rule=target.id, title=target.title, severity=Severity.parse(target.severity),
                rule_location=str(target.location), family="绩效目标")
    selected = np.flatnonzero(_matches(ind["项目"].to_numpy(dtype=object), target.project)
                              & _matches(ind["指标名称"].to_numpy(dtype=object), target.indicator))
    if len(selected) == 0:
        return [Finding(**base, outcome=Outcome.NOT_EVALUATED, subject=f"{target.project}/{target.indicator}",
                        message=f"{target.title}：没有与“{target.project}/{target.indicator}”匹配的指标")]
    result = achievement(ind, selected, target.tolerance, target.target)
    out = []
    for j, pos in enumerate(selected):
        row = ind.iloc[pos]
        outcome = (Outcome.ERROR if isinstance(result.why[j], str) and result.why[j].startswith("ERROR:")
                   else Outcome.NOT_EVALUATED if not result.present[j]
                   else Outcome.PASSED if result.met[j] else Outcome.FAILED)
        if outcome is Outcome.PASSED and not keep_passed:
            continue
        subject = f"{row['项目']}/{row['指标名称']}"
        why = str(result.why[j] or "").removeprefix("ERROR:")
        words = {Outcome.PASSED: "达到目标", Outcome.FAILED: "未达到目标",
                 Outcome.NOT_EVALUATED: f"未能检查（{why}）", Outcome.ERROR: f"无法比较（{why}）"}[outcome]
        out.append(Finding(
            **base, outcome=outcome, subject=subject, dataset=str(row["_ds"]),
            message=target.message or f"{subject}：实际 {result.actual[j] or '—'}，目标 {target.target.describe()}，{words}",
            expected=target.target.describe(), actual=str(result.actual[j]) or None,
            difference=decimal_of(result.diff[j]) if result.diff[j] is not None else None,
            unit=target.target.unit, data_location=f"{row['_file']}:{row['_line']}",
            document_location=f"{row['项目']} · {row['指标名称']} ({row['_doc']})",
        ))
    return out
