"""The main job, end to end: data in → code graph → compiled rules → findings → a Report.

``run_check`` is what ``checker check`` calls; it never prints.  Rules that do not compile, or data
that cannot be read at all, raise DiagnosticError (exit 2); everything else becomes findings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from checker.codes import CodeGraph, check_dataset, load_code_lists
from checker.compile import compile_files
from checker.compile.program import Program
from checker.dataset.model import Dataset, from_micros
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.evaluate import Results, evaluate
from checker.findings import Finding, Outcome, Severity, exit_status
from checker.importers import load_many
from checker.report import Report
from checker.report.waivers import apply_waivers, load_waivers
from checker.resources import shipped
from checker.score import report_scores

STANDARD = {"预算": ("budget-disclosure.rules", "performance.rules"), "决算": ("final-accounts.rules",)}
CLASS_TABLES = (("支出总表", "合计"), ("决算支出表", "本年支出合计"))


@dataclass(slots=True)
class CheckRequest:
    datasets: Sequence[Path]
    rules: Sequence[Path] = ()
    actuals: Sequence[Path] = ()
    code_lists: Sequence[Path] = ()
    year: str | None = None
    waivers: Path | None = None
    fail_on: Severity = Severity.ERROR
    keep_passed: bool = False
    today: date | None = None
    progress: Callable[[int, int], None] | None = None
    jobs: int = 1  # processes for a large dataset (units split between them); ``default_jobs()`` = the cores


@dataclass(slots=True)
class CheckRun:
    report: Report
    dataset: Dataset
    program: Program
    results: Results
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_status(self.report.findings, self.report.fail_on)


def standard_rules(dataset: Dataset) -> list[Path]:
    """The shipped rulesets that fit the documents in the dataset (预算 and/or 决算)."""
    folder = shipped("rulesets")
    names: list[str] = []
    for unit in dataset.units:
        for name in STANDARD.get(unit.document, STANDARD["预算"]):
            if name not in names:
                names.append(name)
    return [_shown(folder / n) for n in names if (folder / n).is_file()]


def _shown(path: Path) -> Path:
    """A path as findings show it: relative to the working directory when it lies below it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def load_program(paths: Sequence[Path]) -> tuple[Program, list[Diagnostic]]:
    """Compile rule files; DiagnosticError (exit 2) when any has an error."""
    result = compile_files(list(paths))
    if result.errors:
        raise DiagnosticError(result.diagnostics)
    return result.program, result.diagnostics


def run_check(request: CheckRequest) -> CheckRun:
    dataset = load_many(request.datasets, request.jobs, request.actuals)
    program, warnings = load_program(request.rules or standard_rules(dataset))
    lists = [cl for path in request.code_lists for cl in load_code_lists(path, year=request.year)]
    graph = CodeGraph.build(year=request.year, lists=lists, dataset=dataset)
    results = evaluate(program, dataset, graph, keep_passed=request.keep_passed, progress=request.progress,
                       jobs=request.jobs, beside=partial(_codes_and_scores, graph, dataset, program))
    code_findings, scores = results.beside
    findings = [*problem_findings(dataset), *code_findings, *results.findings]
    if request.waivers is not None:
        findings, waiver_findings = apply_waivers(findings, load_waivers(request.waivers), request.today or date.today())
        findings += waiver_findings
    report = Report.of(
        findings,
        datasets=[{"key": u.key, "department": u.department, "year": u.year, "document": u.document,
                   "source": u.source} for u in dataset.units],
        rulesets=[{"name": n, "file": f} for n, f in zip(program.names, program.files, strict=True) if n],
        checked=results.checked, passed=results.passed, fail_on=request.fail_on,
        tolerance_policy="per published term: half the last printed place (0.005 万元 for two decimals), "
                         "unless a rule states its own tolerance",
        budget_by_class=budget_by_class(dataset), indicators=indicator_rows(dataset, findings),
        rule_titles={**{r.id: r.title for r in program.rules}, **{t.id: t.title for t in program.targets}},
        scores=scores,
    )
    return CheckRun(report, dataset, program, results, warnings)


def _codes_and_scores(graph: CodeGraph, dataset: Dataset, program: Program) -> tuple[list[Finding], list[dict[str, Any]] | None]:
    """The code checks and the scores: what ``check`` reports beside the rules' findings."""
    return check_dataset(graph, dataset), report_scores(dataset, program)


CPU_MAX = Path("/sys/fs/cgroup/cpu.max")  # a container's CPU quota (cgroup v2): "QUOTA PERIOD" or "max PERIOD"


def default_jobs() -> int:
    """The cores this process may use — its CPU affinity, within a container's CPU quota — at most 8 (each
    part holds a share of the data in memory)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = _cpu_quota()
    return max(1, min(cores, quota or cores, 8))


def _cpu_quota() -> int | None:
    """The CPUs a cgroup v2 quota allows (rounded up), or None without one."""
    try:
        quota, period = CPU_MAX.read_text(encoding="ascii").split()[:2]
        return None if quota == "max" else max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError):
        return None


def problem_findings(dataset: Dataset) -> list[Finding]:
    """Every problem met reading the data, as a finding (nothing read badly goes unreported)."""
    out = []
    for d in dataset.problems:
        severity = Severity.WARNING if not d.is_error else Severity.ERROR
        out.append(Finding(
            rule=d.code, title="数据读取问题", severity=severity, outcome=Outcome.FAILED,
            subject=d.location, message=d.message + (f"（{d.hint}）" if d.hint else ""),
            data_location=d.location, family="数据",
        ))
    return out


def budget_by_class(dataset: Dataset) -> list[dict[str, object]]:
    """Class-level (3-digit) spending for the budget-structure chart."""
    for kind, column in CLASS_TABLES:
        table = dataset.tables.get(kind)
        if table is None or column not in table.frame:
            continue
        f = table.frame
        rows = f[f["科目编码"].astype(str).str.len() == 3]
        return [{"dataset": str(ds), "code": str(code), "name": str(name), "amount": from_micros(int(amount))}
                for ds, code, name, amount in zip(rows["_ds"], rows["科目编码"], rows["科目名称"], rows[column],
                                                  strict=True)]
    return []


def indicator_rows(dataset: Dataset, findings: list[Finding]) -> list[dict[str, object]]:
    """Each indicator with its target, actual and achievement outcome (from PF-MET) for the chart."""
    met = {(f.dataset, f.subject): f.outcome.value for f in findings if f.rule == "PF-MET"}
    f = dataset.indicators
    columns = [f[c].to_numpy(dtype=object) for c in ("_ds", "项目", "指标名称", "指标值")]
    actuals = f["实际完成值"].to_numpy(dtype=object) if "实际完成值" in f else np.full(len(f), None, dtype=object)
    out = []
    for ds, project, name, target, actual in zip(*columns, actuals, strict=True):
        has_actual = isinstance(actual, str) and actual != ""
        outcome = met.get((str(ds), f"{project}/{name}"), "passed" if has_actual else "not_evaluated")
        out.append({"dataset": str(ds), "project": str(project), "indicator": str(name), "target": str(target),
                    "actual": actual if has_actual else None, "outcome": outcome})
    return out
