"""Benchmark at province scale against a hand-written baseline (issue 8).  Not part of the test suite.

    python bench/run.py                      # 100, 1,000 and 10,000 units
    python bench/run.py --units 10000        # one scale
    python bench/run.py --units 10000 --layout folders    # the province as one folder per unit
    python bench/run.py --units 1000 --profile evaluate   # cProfile one phase (top 40 by cumulative time)
    python bench/run.py --units 10000 --jobs 1  # checker check in one process (default: the machine's cores)

For each scale, in one process: generate the province (``province.py``; cached in the temp folder, not
timed), then run ``checker check`` exactly as the CLI does (``pipeline.run_check`` on the province — one
stacked folder of all units, or with ``--layout folders`` one folder per unit — with the actuals and
spending files, and ``--jobs`` processes), timing each of its phases from inside (load with the actuals,
compile, graph, evaluate — with the code checks and scores done beside it — and the report), then the
same check in one process (``jobs=1``, for the speed-up), ``checker score``'s computation, parse +
compile of a generated 1,000-rule file, and — like with like, one process each — the rollup and
row-identity rules alone through the checker beside the hand-written baseline (``baseline.py``) doing the
same checks on the loaded frames.  With the stacked layout the unit folders are loaded too, for
comparison, and must give the same dataset.  Peak memory is this process's; a worker process's is its own.

It asserts that every injected error was found (by rule id, unit and subject), that nothing else failed,
that the culprit of every transposed digit is named, and that the baseline and the checker report the
same failures: a fast wrong answer does not pass.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import pstats
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import RULES, baseline
from meter import MEMORY_NOTE, Meter
from province import Province, generate
from rules1000 import rule_file

import checker.pipeline as pipeline
from checker.codes import CodeGraph
from checker.compile import compile_sources
from checker.evaluate import evaluate
from checker.findings import Outcome
from checker.importers import load_many
from checker.importers.derive import ACTUAL_COLUMNS
from checker.report import Report

LOAD_LABELS = {"stacked": "load: stacked folder + actuals", "folders": "load: unit folders + actuals"}
COMPARISON = "load: unit folders (comparison)"
EVALUATE = "evaluate rules (+ code checks, scores beside)"
CHECK_PHASES = {  # name in checker.pipeline → phase of `checker check`
    "load_many": "load", "load_program": "compile rulesets", "evaluate": EVALUATE,
    "problem_findings": "report", "budget_by_class": "report", "indicator_rows": "report",
}
BESIDE = "  of which code checks + scores (beside)"
REPEATS = 3  # runs of the rollup/identity rules and of the baseline: the ratio is of their medians  # timed inside the evaluate phase, not metered apart
FAILING = (Outcome.FAILED, Outcome.ERROR, Outcome.NOT_EVALUATED)


@dataclasses.dataclass(slots=True)
class Result:
    """The figures of one scale, and what the checks of correctness found."""

    units: int
    layout: str
    sizes: dict[str, int]
    figures: dict[str, dict[str, float]]
    check_total: float
    verdict: list[str]


@contextmanager
def instrumented(meter: Meter, captured: dict[str, Any], layout: str) -> Iterator[None]:
    """Time run_check's phases from inside by wrapping what it calls (restored afterwards)."""
    saved: dict[str, Any] = {name: getattr(pipeline, name) for name in (*CHECK_PHASES, "_codes_and_scores")}
    labels = {**CHECK_PHASES, "load_many": LOAD_LABELS[layout]}
    build, report_of = CodeGraph.__dict__["build"], Report.__dict__["of"]

    def graph(*args: Any, **kwargs: Any) -> CodeGraph:
        with meter.phase("graph build", collect=False):
            captured["graph"] = build.__func__(CodeGraph, *args, **kwargs)
        return captured["graph"]

    try:
        for name, label in labels.items():
            setattr(pipeline, name, meter.wrap(label, saved[name], collect=False))
        pipeline._codes_and_scores = meter.stopwatch(BESIDE, saved["_codes_and_scores"])  # type: ignore[attr-defined]
        CodeGraph.build = graph  # type: ignore[method-assign, assignment]
        Report.of = classmethod(meter.wrap("report", report_of.__func__, collect=False))  # type: ignore[method-assign, assignment]
        yield
    finally:
        for name, func in saved.items():
            setattr(pipeline, name, func)
        CodeGraph.build, Report.of = build, report_of  # type: ignore[method-assign]


def run_scale(units: int, seed: int, meter: Meter, profile: str | None, layout: str = "stacked",
              jobs: int = 1) -> Result:
    start = time.perf_counter()
    province = generate(units, seed, layouts=(layout,))
    print(f"\n== {units:,} units, {layout} ({province.dataset(layout)}; generated or reused in "
          f"{time.perf_counter() - start:.1f} s), checker check with {jobs} process(es)")
    captured: dict[str, Any] = {}
    request = pipeline.CheckRequest(datasets=[province.dataset(layout)],
                                    actuals=[province.actuals, province.spending], jobs=jobs)
    with instrumented(meter, captured, layout), profiled(profile == "check"):
        start = time.perf_counter()
        run = pipeline.run_check(request)
        check_total = time.perf_counter() - start
    dataset, program, graph = run.dataset, run.program, captured["graph"]
    one = dataclasses.replace(request, jobs=1)
    serial = meter.run("checker check in one process (jobs=1)", lambda: pipeline.run_check(one)) if jobs > 1 else run
    same = []
    if layout == "stacked":
        folders = meter.run(COMPARISON, lambda: load_many([province.data]))
        same = [same_data(dataset, folders)]
        del folders
    with profiled(profile == "score"):
        meter.run("checker score (score + JSON)", lambda: _score(dataset))
    meter.run("compile 1,000-rule file", lambda: compile_sources([("bench-1000.rules", rule_file(1000))]))
    subset = dataclasses.replace(program, rules=tuple(r for r in program.rules if r.id in RULES), targets=())
    checked: Any = None
    by_hand: Any = None
    for _ in range(REPEATS):  # alternately, each figure the median of its runs (both vary with the heap)
        with profiled(profile == "evaluate" and checked is None):
            checked = meter.run("checker: rollup + identity rules", lambda: evaluate(subset, dataset, graph))
        by_hand = meter.run("baseline: same checks by hand", lambda: baseline(dataset))
    if jobs > 1:
        meter.run(f"checker: rollup + identity rules, {jobs} processes",
                  lambda: evaluate(subset, dataset, graph, jobs=jobs))
    verdict = verify(province, run.report.findings, checked.findings, by_hand, same)
    if serial.report.findings != run.report.findings or serial.report.scores != run.report.scores:
        verdict = [*verdict, f"jobs={jobs} and jobs=1 differ"] if verdict[0].startswith("all ") else verdict
        verdict[0] = f"jobs={jobs} and jobs=1 differ: " + verdict[0]
    elif jobs > 1:
        verdict = [verdict[0] + f"; jobs={jobs} and jobs=1 report the same findings and scores", *verdict[1:]]
    return Result(units, layout, sizes(dataset, province),
                  {k: dataclasses.asdict(v) for k, v in meter.figures.items()}, check_total, verdict)


def same_data(stacked: Any, folders: Any) -> str:
    """"" when the stacked folder gave the unit folders' dataset — units, tables, values and dtypes of every
    frame but _file/_line and the columns the actuals fill in, problems — else what differs."""
    if stacked.units != folders.units or list(stacked.tables) != list(folders.tables):
        return "stacked ≠ folders: units or tables differ"
    actual = {"_file", "_line", "实际完成值", "偏差原因", *ACTUAL_COLUMNS}
    pairs = [(t.frame, stacked.tables[k].frame) for k, t in folders.tables.items()]
    pairs += [(folders.indicators, stacked.indicators), (folders.stated, stacked.stated)]
    for a, b in pairs:
        keep = [c for c in a.columns if c not in actual]
        if list(keep) != [c for c in b.columns if c not in actual] or not a[keep].equals(b[keep]):
            return "stacked ≠ folders: " + ", ".join(map(str, keep[:3]))
    if [(p.code, p.message) for p in stacked.problems] != [(p.code, p.message) for p in folders.problems]:
        return "stacked ≠ folders: problems"
    return ""


def _score(dataset: Any) -> str:
    from checker.score import score_dataset, sheet_plain

    sheet = score_dataset(dataset)
    return json.dumps(sheet_plain(sheet, dataset.problems), ensure_ascii=False, default=str)


@contextmanager
def profiled(on: bool) -> Iterator[None]:
    if not on:
        yield
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def sizes(dataset: Any, province: Province) -> dict[str, int]:
    return {"table rows": sum(len(t.frame) for t in dataset.tables.values()), "indicators": len(dataset.indicators),
            "stated figures": len(dataset.stated), "injected errors": sum(province.injected().values()),
            "expected findings": len(province.expected())}


def verify(province: Province, findings: list[Any], subset: list[Any], by_hand: list[tuple[str, str, str]],
           same: list[str]) -> list[str]:
    """Every injected error found, nothing else failing, culprits named, baseline = checker (and, when
    both layouts were loaded, the same dataset from each)."""
    expected = {(f.dataset, f.rule, f.subject) for f in province.expected()}
    failing = {(f.dataset, f.rule, f.subject): f for f in findings if f.outcome in FAILING}
    missing, unexpected = expected - failing.keys(), failing.keys() - expected
    transposed = [failing[(f.dataset, f.rule, f.subject)] for f in province.expected()
                  if f.kind == "transposition" and f.rule == "BD-T3-SPLIT" and (f.dataset, f.rule, f.subject) in failing]
    unnamed = [f for f in transposed if f"支出总表 {f.subject} 合计" not in f.culprit]
    ours = {(f.rule, f.dataset, f.subject) for f in subset if f.outcome in FAILING}
    theirs = set(by_hand)
    problems = [f"missing {sorted(missing)[:5]}" if missing else "",
                f"unexpected {sorted(unexpected)[:5]}" if unexpected else "",
                f"culprit not named for {[f.subject for f in unnamed][:5]}" if unnamed else "",
                f"baseline ≠ checker: {sorted(ours ^ theirs)[:5]}" if ours != theirs else "", *same]
    problems = [p for p in problems if p]
    slips = sum("颠倒" in f.slip for f in transposed)
    return problems or [f"all {len(expected):,} expected findings found, nothing else failed; culprit named for "
                        f"{len(transposed)} transposed digits ({slips} read as transposed); baseline and checker "
                        f"agree on {len(theirs):,} rollup/identity failures"
                        + ("; the stacked folder and the unit folders give the same dataset" if same else "")]


def print_scale(result: Result) -> None:
    print("  " + ", ".join(f"{v:,} {k}" for k, v in result.sizes.items()))
    print(f"  {'phase':<50} {'seconds':>9} {'peak RSS':>10} {'rise':>9}   ({MEMORY_NOTE})")
    for label, f in result.figures.items():
        print(f"  {label:<50} {f['seconds']:9.2f} {f['peak_mib']:8.0f} M {f['rise_mib']:+7.0f} M")
    print(f"  {'checker check end to end':<50} {result.check_total:9.2f}")
    ratio = result.figures["checker: rollup + identity rules"]["seconds"] / result.figures[
        "baseline: same checks by hand"]["seconds"]
    print(f"  {'ratio checker / baseline (like with like)':<50} {ratio:9.2f}×")
    for line in result.verdict:
        print(f"  verify: {line}")


def summary(results: list[Result]) -> None:
    """One table across scales: seconds per phase."""
    labels = list(dict.fromkeys(k for r in results for k in r.figures))
    head = "".join(f"{r.units:>12,}" for r in results)
    print(f"\n{'seconds by phase':<52}{head}")
    for label in labels:
        print(f"{label:<52}" + "".join(f"{r.figures.get(label, {}).get('seconds', 0):12.2f}" for r in results))
    print(f"{'checker check end to end':<52}" + "".join(f"{r.check_total:12.2f}" for r in results))
    ratios = [r.figures["checker: rollup + identity rules"]["seconds"]
              / r.figures["baseline: same checks by hand"]["seconds"] for r in results]
    print(f"{'ratio checker / baseline':<52}" + "".join(f"{x:11.2f}×" for x in ratios))
    print(f"{'peak RSS of any phase (MiB)':<52}" + "".join(
        f"{max(f['peak_mib'] for f in r.figures.values()):12.0f}" for r in results))
    print(f"max RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    parser.add_argument("--profile", choices=("check", "evaluate", "score"), help="cProfile one phase")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--jobs", type=int, default=pipeline.default_jobs(),
                        help="processes for checker check (default: the machine's cores)")
    parser.add_argument("--layout", choices=tuple(LOAD_LABELS), default="stacked",
                        help="the province as one stacked folder (and the unit folders loaded for "
                        "comparison), or as one folder per unit")
    args = parser.parse_args(argv)
    results = []
    for units in args.units:
        meter = Meter(args.tracemalloc, median=("checker: rollup + identity rules", "baseline: same checks by hand"))
        result = run_scale(units, args.seed, meter, args.profile, args.layout, args.jobs)
        print_scale(result)
        results.append(result)
    summary(results)
    if args.json:
        args.json.write_text(json.dumps([dataclasses.asdict(r) for r in results], ensure_ascii=False, indent=1))
    failed = [r for r in results if not r.verdict[0].startswith("all ")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

