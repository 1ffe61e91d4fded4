"""Evaluate a compiled Program over a Dataset (one or many units) and a code graph → Findings.

Vectorised: each rule is a handful of array operations over all subjects of all units at once.  A rule
reads one unit's cells at a time (a cell belongs to one unit), so a large dataset can be evaluated in
parts — units split between processes — with exactly the findings of evaluating it whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from checker.compile.program import Program
from checker.dataset.model import Dataset
from checker.evaluate.context import Context, GraphViews
from checker.evaluate.culprit import blame
from checker.evaluate.materialize import findings_of
from checker.evaluate.run import PASSED, RuleRun, run_rule
from checker.evaluate.targets import target_findings
from checker.findings import Finding
from checker.workers import Forked, can_fork

__all__ = ["PARALLEL_ROWS", "Results", "evaluate", "unit_parts"]

PARALLEL_ROWS = 200_000  # table rows from which a dataset of several units is evaluated in parts
BESIDE_SHARE = 0.3  # work done beside the rules (code checks, scores), as a share of the rules' (measured)


@dataclass(slots=True)
class Results:
    """Findings of a run, and how many subjects each rule passed (passes are counted, not listed).

    ``runs`` are the rule runs made in this process (a run in parts keeps only its own part's);
    ``parts`` says how many parts the units were evaluated in, ``fallback`` why a part was redone here;
    ``beside`` is what the ``beside`` work gave."""

    findings: list[Finding]
    runs: list[RuleRun] = field(default_factory=list)
    passed: dict[str, int] = field(default_factory=dict)
    checked: dict[str, int] = field(default_factory=dict)
    parts: int = 1
    fallback: list[str] = field(default_factory=list)
    beside: Any = None


@dataclass(slots=True)
class Part:
    """What one part of the units gave: findings per compiled rule and per target, in program order."""

    by_rule: list[list[Finding]]
    by_target: list[list[Finding]]
    passed: dict[str, int]
    checked: dict[str, int]
    runs: list[RuleRun] = field(default_factory=list)


def evaluate(program: Program, dataset: Dataset, graph: GraphViews | None = None, *, keep_passed: bool = False,
             progress: Callable[[int, int], None] | None = None, jobs: int = 1,
             beside: Callable[[], Any] | None = None) -> Results:
    """Every rule and target of ``program`` over ``dataset``.  With ``jobs`` > 1 and at least
    ``PARALLEL_ROWS`` table rows, the units are split into ``jobs`` parts evaluated side by side.

    ``beside`` is other work on the same data that does not need the findings (``Results.beside`` holds
    its answer): done here, after this process's part of the units, which is smaller by as much — so
    only the workers' findings travel between processes, not what ``beside`` gives."""
    parts = unit_parts(dataset, jobs, BESIDE_SHARE if beside is not None else 0.0)
    if len(parts) <= 1:
        results = _merge([_evaluate_part(program, dataset, graph, keep_passed, progress, dataset)], [])
        results.beside = beside() if beside is not None else None
        return results
    others = [Forked(partial(_part_of, program, dataset, keys, graph, keep_passed)) for keys in parts[1:]]
    mine = _evaluate_part(program, dataset.only(parts[0]), graph, keep_passed, progress, dataset)
    mine.runs = []  # the runs of one part are not the dataset's
    done_beside = beside() if beside is not None else None
    results = _merge([mine, *(o.result() for o in others)], [o.failure for o in others if o.failure])
    results.beside = done_beside
    return results


def unit_parts(dataset: Dataset, jobs: int, beside: float = 0.0) -> list[list[str]]:
    """The units in ``jobs`` consecutive parts — one part when splitting would not pay (one core, one unit,
    a small dataset, no fork) or could change a result (rows of no listed unit).  Parts hold equal shares
    of the units, but the first holds ``beside`` (a share of the whole) fewer, for the work done beside."""
    keys = dataset.keys
    rows = sum(len(t.frame) for t in dataset.tables.values())
    if jobs <= 1 or len(keys) < 2 or rows < PARALLEL_ROWS or not can_fork():
        return [keys]
    listed = set(keys)
    frames = [t.frame for t in dataset.tables.values()] + [dataset.indicators, dataset.stated]
    frames += [dataset.spending] if dataset.spending is not None else []
    if any("_ds" in f and not f["_ds"].isin(listed).all() for f in frames):
        return [keys]
    jobs = min(jobs, len(keys))
    each = (1 + beside) / jobs  # of the units' work, with the work beside counted in
    ends = [round(max(0.0, each * (i + 1) - beside) * len(keys)) for i in range(jobs - 1)] + [len(keys)]
    starts = [0, *ends[:-1]]
    return [keys[a:b] for a, b in zip(starts, ends, strict=True)]


def _part_of(program: Program, dataset: Dataset, keys: list[str], graph: GraphViews | None,
             keep_passed: bool) -> Part:
    """One part of the units, evaluated in a worker process (its runs stay there)."""
    part = _evaluate_part(program, dataset.only(keys), graph, keep_passed, None, dataset)
    part.runs = []
    return part


def _evaluate_part(program: Program, dataset: Dataset, graph: GraphViews | None, keep_passed: bool,
                   progress: Callable[[int, int], None] | None, whole: Dataset) -> Part:
    ctx = Context(dataset, graph, names_from=whole)
    part = Part([], [], {}, {})
    total = len(program.rules) + len(program.targets)
    for n, rule in enumerate(program.rules, 1):
        run = run_rule(rule, ctx)
        part.runs.append(run)
        part.passed[rule.id] = part.passed.get(rule.id, 0) + run.count(PASSED)
        part.checked[rule.id] = part.checked.get(rule.id, 0) + len(run.outcome) + len(run.lacking)
        if progress is not None:
            progress(n, total)
    blames = blame(part.runs)
    part.by_rule = [list(findings_of(run, keep_passed, blames)) for run in part.runs]
    for n, target in enumerate(program.targets, len(program.rules) + 1):
        found = target_findings(target, ctx, keep_passed=True)
        part.passed[target.id] = part.passed.get(target.id, 0) + sum(1 for f in found if f.outcome.value == "passed")
        part.checked[target.id] = part.checked.get(target.id, 0) + len(found)
        part.by_target.append([f for f in found if keep_passed or f.outcome.value != "passed"])
        if progress is not None:
            progress(n, total)
    return part


def _merge(parts: list[Part], fallback: list[str]) -> Results:
    """The parts' findings in the order evaluating the whole gives: rule by rule, each rule's units in order."""
    results = Results([], runs=[r for p in parts for r in p.runs], parts=len(parts), fallback=fallback)
    seen: set[str] = set()
    for i in range(len(parts[0].by_rule)):
        for part in parts:
            for finding in part.by_rule[i]:
                if finding.fingerprint in seen:  # one rule unrolled over columns lacks a table once, not per column
                    continue
                seen.add(finding.fingerprint)
                results.findings.append(finding)
    for i in range(len(parts[0].by_target)):
        for part in parts:
            results.findings.extend(part.by_target[i])
    for part in parts:
        for counts, into in ((part.passed, results.passed), (part.checked, results.checked)):
            for rule_id, n in counts.items():
                into[rule_id] = into.get(rule_id, 0) + n
    return results
