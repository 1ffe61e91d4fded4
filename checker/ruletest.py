"""Rule cases written by the auditor next to the rules (as ``opa test`` and dbt unit tests do).

A case file ``NAME.cases.toml`` sits beside ``NAME.rules``.  Each ``[[case]]`` gives a small inline
dataset (tables as columns + rows of published text, indicators, stated figures), or a dataset folder as
its base, and the findings expected: rule id, optionally the subject, and the outcome::

    [[case]]
    name = "收支总表不平衡"
    tables."收支总表" = { columns = ["收支", "项目", "预算数"], rows = [
        ["收入", "收入总计", "100.00"], ["支出", "支出总计", "90.00"] ] }
    expect = [ { rule = "BD-T1-BALANCE", outcome = "failed" } ]

``run_cases`` reports each expectation met or not (with what was found instead), and coverage: rules
with no case, and rules that never failed in any case (a rule that cannot fail is not tested).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.codes import CodeGraph
from checker.compile import compile_files
from checker.compile.program import Program
from checker.dataset.model import Dataset
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.evaluate import evaluate
from checker.findings import Finding, Outcome
from checker.importers import load_dataset
from checker.importers.assemble import assemble
from checker.importers.cells import RawTable
from checker.importers.manifest import Manifest, TableEntry

SUFFIX = ".cases.toml"
OUTCOMES = {o.value for o in Outcome} | {"absent"}  # absent: the rule reports nothing for the subject


@dataclass(frozen=True, slots=True)
class Expectation:
    rule: str
    outcome: str
    subject: str | None = None


@dataclass(slots=True)
class Case:
    name: str
    file: str
    raw: Mapping[str, Any]
    expect: list[Expectation]
    base: Path | None = None


@dataclass(slots=True)
class CaseResult:
    case: Case
    missed: list[tuple[Expectation, list[Finding]]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.missed and not self.error


@dataclass(slots=True)
class Suite:
    """Every case's result, and coverage of the program's rules."""

    results: list[CaseResult]
    untested: list[str]
    never_failed: list[str]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def case_files(items: Iterable[Path]) -> list[Path]:
    """Case files named directly, beside named rule files, or in named folders."""
    out: list[Path] = []
    for item in items:
        if item.is_dir():
            out.extend(sorted(item.rglob(f"*{SUFFIX}")))
        elif item.name.endswith(SUFFIX):
            out.append(item)
        elif item.with_name(item.stem + SUFFIX).is_file():
            out.append(item.with_name(item.stem + SUFFIX))
    return list(dict.fromkeys(out))


def load_cases(path: Path) -> tuple[list[Path], list[Case]]:
    """The rule files a case file tests and its cases; DiagnosticError (E330) for a malformed file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
        raise DiagnosticError([Diagnostic("E330", f"cannot read rule cases: {exc}", where=str(path))]) from exc
    rules = raw.get("rules") or [path.name.removesuffix(SUFFIX) + ".rules"]
    rule_paths = [path.parent / r for r in ([rules] if isinstance(rules, str) else rules)]
    cases = [_case(c, i, path) for i, c in enumerate(raw.get("case", []), 1)]
    return rule_paths, cases


def _case(raw: Mapping[str, Any], index: int, path: Path) -> Case:
    where = f"{path} case {index}"
    expect = []
    for e in raw.get("expect", []):
        outcome = str(e.get("outcome", "")).lower()
        if "rule" not in e or outcome not in OUTCOMES:
            raise DiagnosticError([Diagnostic("E330", f"an expectation needs rule and outcome "
                                                      f"({', '.join(sorted(OUTCOMES))}): {e}", where=where)])
        expect.append(Expectation(str(e["rule"]), outcome, e.get("subject")))
    base = path.parent / raw["base"] if raw.get("base") else None
    return Case(str(raw.get("name", f"case {index}")), str(path), raw, expect, base)


def case_dataset(case: Case) -> Dataset:
    """The case's dataset: its base folder with the inline tables/figures laid over it."""
    key = str(case.raw.get("key", "CASE"))
    inline = _inline_manifest(case, key)
    sources = {entry.file: entry for entry in inline.tables}
    figures = {name: case.raw[name] for name in ("indicators", "stated") if name in case.raw}

    def load(name: str) -> RawTable:
        spec = case.raw["tables"][sources[name].kind] if name in sources else figures[name]
        return _raw_table(spec, f"{case.file}#{case.name}/{name}")

    dataset = assemble(inline, key, load, f"{case.file}#{case.name}") if (sources or figures) else None
    if case.base is None:
        if dataset is None:
            raise DiagnosticError([Diagnostic("E330", "a case needs tables, figures or a base dataset",
                                              where=case.file)])
        return dataset
    base = load_dataset(case.base)
    if dataset is None:
        return base
    base.tables.update({k: _rekey(t, base.keys[0]) for k, t in dataset.tables.items()})
    base.problems.extend(dataset.problems)
    for name in figures:
        setattr(base, name, getattr(dataset, name).assign(_ds=base.keys[0]))
    return base


def _rekey(table: Any, key: str) -> Any:
    table.frame = table.frame.assign(_ds=key)
    return table


def _inline_manifest(case: Case, key: str) -> Manifest:
    tables = case.raw.get("tables", {})
    entries = tuple(TableEntry(kind=str(kind), file=f"{kind}.csv", title=str(kind), unit=str(t.get("unit", "万元")),
                               places=int(t.get("places", 2))) for kind, t in tables.items())
    return Manifest(key=key, department=str(case.raw.get("department", "测试单位")),
                    year=str(case.raw.get("year", "2021")), document=str(case.raw.get("document", "预算")),
                    indicators="indicators" if "indicators" in case.raw else "",
                    stated="stated" if "stated" in case.raw else "", tables=entries)


def _raw_table(spec: Mapping[str, Any], file: str) -> RawTable:
    header = [str(c) for c in spec.get("columns", [])]
    rows = [["" if v is None else str(v) for v in row] for row in spec.get("rows", [])]
    return RawTable(file=file, header=header, rows=rows, lines=list(range(2, len(rows) + 2)))


def run_cases(paths: Sequence[Path]) -> Suite:
    """Run every case of the given case files against the rules each names."""
    results: list[CaseResult] = []
    programs: list[Program] = []
    for path in paths:
        rule_paths, cases = load_cases(path)
        compiled = compile_files(rule_paths)
        if compiled.errors:
            raise DiagnosticError(compiled.diagnostics)
        programs.append(compiled.program)
        results.extend(run_case(compiled.program, case) for case in cases)
    return Suite(results, *_coverage(programs, results))


def run_case(program: Program, case: Case) -> CaseResult:
    result = CaseResult(case)
    try:
        dataset = case_dataset(case)
    except DiagnosticError as exc:
        result.error = "; ".join(d.message for d in exc.diagnostics)
        return result
    graph = CodeGraph.build(dataset=dataset)
    result.findings = evaluate(program, dataset, graph, keep_passed=True).findings
    for e in case.expect:
        found = [f for f in result.findings if f.rule == e.rule and (e.subject is None or f.subject == e.subject)]
        if e.outcome == "absent":
            if found:
                result.missed.append((e, found))
            continue
        if not any(f.outcome.value == e.outcome for f in found) or (
                e.subject is None and e.outcome == "passed" and any(f.outcome.value != "passed" for f in found)):
            result.missed.append((e, found))
    return result


def _coverage(programs: list[Program], results: list[CaseResult]) -> tuple[list[str], list[str]]:
    ids = list(dict.fromkeys(i for program in programs for i in program.rule_ids))
    tested = {e.rule for r in results for e in r.case.expect}
    failed = {f.rule for r in results for f in r.findings if f.outcome is Outcome.FAILED}
    return [i for i in ids if i not in tested], [i for i in ids if i not in failed]
