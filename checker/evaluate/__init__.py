"""Evaluate a compiled Program over a Dataset (one or many units) and a code graph → Findings.

Vectorised: each rule is a handful of array operations over all subjects of all units at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from checker.compile.program import Program
from checker.dataset.model import Dataset
from checker.evaluate.context import Context, GraphViews
from checker.evaluate.culprit import blame
from checker.evaluate.materialize import findings_of
from checker.evaluate.run import PASSED, RuleRun, run_rule
from checker.evaluate.targets import target_findings
from checker.findings import Finding

__all__ = ["Results", "evaluate"]


@dataclass(slots=True)
class Results:
    """Findings of a run, and how many subjects each rule passed (passes are counted, not listed)."""

    findings: list[Finding]
    runs: list[RuleRun] = field(default_factory=list)
    passed: dict[str, int] = field(default_factory=dict)
    checked: dict[str, int] = field(default_factory=dict)


def evaluate(program: Program, dataset: Dataset, graph: GraphViews | None = None, *, keep_passed: bool = False,
             progress: Callable[[int, int], None] | None = None) -> Results:
    ctx = Context(dataset, graph)
    results = Results([])
    total = len(program.rules) + len(program.targets)
    for n, rule in enumerate(program.rules, 1):
        run = run_rule(rule, ctx)
        results.runs.append(run)
        results.passed[rule.id] = results.passed.get(rule.id, 0) + run.count(PASSED)
        results.checked[rule.id] = results.checked.get(rule.id, 0) + len(run.outcome) + len(run.lacking)
        if progress is not None:
            progress(n, total)
    blames = blame(results.runs)
    seen: set[str] = set()
    for run in results.runs:
        for finding in findings_of(run, keep_passed, blames):
            if finding.fingerprint in seen:  # one rule unrolled over columns lacks a table once, not per column
                continue
            seen.add(finding.fingerprint)
            results.findings.append(finding)
    for n, target in enumerate(program.targets, len(program.rules) + 1):
        found = target_findings(target, ctx, keep_passed=True)
        results.passed[target.id] = sum(1 for f in found if f.outcome.value == "passed")
        results.checked[target.id] = len(found)
        results.findings.extend(f for f in found if keep_passed or f.outcome.value != "passed")
        if progress is not None:
            progress(n, total)
    return results
