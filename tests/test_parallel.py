"""A many-unit dataset evaluated in parts (units split between processes) gives exactly what evaluating it
whole gives: the same findings in the same order, the same counts, the same code checks and scores."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import checker.evaluate as evaluation
from checker.cli import main
from checker.codes import CodeGraph
from checker.evaluate import evaluate, unit_parts
from checker.importers import load_many
from checker.importers.actuals import apply_actuals
from checker.pipeline import CheckRequest, load_program, run_check, standard_rules
from checker.workers import Forked, can_fork
from tests.builders import edit_file

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2021"
SPEND = "05_支出总表.csv"
needs_fork = pytest.mark.skipif(not can_fork(), reason="units are evaluated in parts only where fork is safe (Linux)")


def _key(key: str):  # type: ignore[no-untyped-def]
    return edit_file("manifest.toml", lambda t: t.replace('key = "260002-2021"', f'key = "{key}"'))


VARIANTS = {
    "a": [],
    "b-transposed": [edit_file(SPEND, lambda t: t.replace("\n2010399,其他政府办公厅(室)及相关机构事务支出,1925.14,0.00,1925.14",
                                                          "\n2010399,其他政府办公厅(室)及相关机构事务支出,1925.41,0.00,1925.14", 1))],
    "c-missing-table": [lambda f: (f / "09_政府性基金支出表.csv").unlink()],
    "d": [],
    "e-bad-target": [edit_file("indicators.csv", lambda t: t.replace(",≥12,", ",≥约十二,", 1))],
}


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("province")
    units = root / "units"
    actuals = ["_ds,项目,指标名称,实际完成值,偏差原因"]
    spending = ["_ds,项目,预算数,执行数"]
    for name, changes in VARIANTS.items():
        folder = units / name
        shutil.copytree(SEED, folder, ignore=shutil.ignore_patterns("*-illustrative.csv"))
        _key(name)(folder)
        for change in changes:
            change(folder)
        actuals += [f"{name},{line}" for line in _rows(SEED / "actuals-illustrative.csv")]
        spending += [f"{name},{line}" for line in _rows(SEED / "spending-illustrative.csv")]
    (root / "actuals.csv").write_text("\n".join(actuals) + "\n", encoding="utf-8")
    (root / "spending.csv").write_text("\n".join(spending) + "\n", encoding="utf-8")
    return root


def _rows(path: Path) -> list[str]:
    """The data rows of one unit's actuals file (comments and header left out)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return lines[1:]


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evaluation, "PARALLEL_ROWS", 0)  # split even a small dataset


@needs_fork
@pytest.mark.usefixtures("in_parts")
@pytest.mark.parametrize("jobs", [2, 3, 5])
def test_units_evaluated_in_parts_give_the_findings_of_the_whole(province: Path, jobs: int) -> None:
    dataset = load_many([province / "units"])
    for path in (province / "actuals.csv", province / "spending.csv"):
        dataset = apply_actuals(dataset, path)
    program, _ = load_program(standard_rules(dataset))
    graph = CodeGraph.build(dataset=dataset)
    whole = evaluate(program, dataset, graph)
    parts = evaluate(program, dataset, graph, jobs=jobs)
    assert parts.parts == jobs and whole.parts == 1
    assert parts.fallback == []
    assert len(unit_parts(dataset, jobs)) == jobs
    # the failures this province was built with are there, so the comparison is not of two empty lists
    failed = {(f.dataset, f.rule) for f in whole.findings if f.outcome.value == "failed"}
    assert ("b-transposed", "BD-ROLLUP-FUNC") in failed
    assert any("2010399" in f.culprit for f in whole.findings if f.dataset == "b-transposed")
    assert parts.findings == whole.findings
    assert parts.passed == whole.passed and parts.checked == whole.checked


@needs_fork
@pytest.mark.usefixtures("in_parts")
def test_check_in_parts_reports_the_same(province: Path) -> None:
    request = {"datasets": [province / "units"], "actuals": [province / "actuals.csv", province / "spending.csv"]}
    one = run_check(CheckRequest(**request, jobs=1))  # type: ignore[arg-type]
    two = run_check(CheckRequest(**request, jobs=2))  # type: ignore[arg-type]
    assert two.results.parts == 2 and one.results.parts == 1
    assert two.report.findings == one.report.findings
    assert two.report.scores == one.report.scores and one.report.scores
    assert two.report.summary == one.report.summary
    five = run_check(CheckRequest(**request, jobs=5))  # type: ignore[arg-type]
    assert five.results.parts == 5  # this process: no units, only the code checks and the scores
    assert five.report.findings == one.report.findings and five.report.scores == one.report.scores


@needs_fork
@pytest.mark.usefixtures("in_parts")
def test_the_part_with_the_work_beside_gets_fewer_units(province: Path) -> None:
    dataset = load_many([province / "units"])
    assert [len(p) for p in unit_parts(dataset, 2)] == [2, 3]
    assert [len(p) for p in unit_parts(dataset, 2, beside=0.33)] == [2, 3]
    assert [len(p) for p in unit_parts(dataset, 2, beside=0.6)] == [1, 4]
    assert [len(p) for p in unit_parts(dataset, 5, beside=0.33)] == [0, 1, 1, 2, 1]
    assert [k for part in unit_parts(dataset, 5, beside=0.33) for k in part] == dataset.keys


def test_one_part_when_splitting_would_not_pay(province: Path) -> None:
    dataset = load_many([province / "units"])
    assert unit_parts(dataset, 2) == [dataset.keys]  # a few thousand rows: below PARALLEL_ROWS
    assert unit_parts(dataset, 1) == [dataset.keys]


def test_a_part_holds_its_units_rows_only(province: Path) -> None:
    dataset = load_many([province / "units"])
    part = dataset.only(["b-transposed", "d"])
    assert part.keys == ["b-transposed", "d"]
    for kind, table in part.tables.items():
        assert set(table.frame["_ds"]) <= {"b-transposed", "d"}
        whole = dataset.tables[kind].frame
        assert len(table.frame) == whole["_ds"].isin(["b-transposed", "d"]).sum()
    assert set(part.indicators["_ds"]) == {"b-transposed", "d"}


@needs_fork
def test_work_runs_in_another_process_and_comes_back() -> None:
    child = Forked(os.getpid)
    assert child.result() != os.getpid()
    assert child.failure == ""


@needs_fork
def test_a_failing_worker_is_redone_here_and_says_why() -> None:
    parent = os.getpid()

    def only_here() -> str:
        if os.getpid() != parent:
            raise RuntimeError("not in the worker")
        return "done here"

    child = Forked(only_here)
    assert child.result() == "done here"
    assert "not in the worker" in child.failure


@needs_fork
def test_a_worker_writes_nothing_to_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    def noisy() -> int:
        print("from the worker")
        print("from the worker", file=sys.stderr)
        return 5

    assert Forked(noisy).result() == 5
    out, err = capfd.readouterr()
    assert "from the worker" not in out + err


@needs_fork
@pytest.mark.usefixtures("in_parts")
def test_the_command_line_gives_the_same_report_with_any_number_of_processes(province: Path, tmp_path: Path) -> None:
    reports = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.json"
        args = ["check", str(province / "units"), "--actuals", str(province / "actuals.csv"),
                "--actuals", str(province / "spending.csv"), "-j", jobs, "-f", "json", "-o", str(out)]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 1, result.output  # the province has failures
        report = json.loads(out.read_text(encoding="utf-8"))
        report.pop("generated_at", None)
        reports[jobs] = report
    assert reports["1"] == reports["2"] and reports["1"]["findings"]
    bad = CliRunner().invoke(main, ["check", str(province / "units"), "-j", "0"])
    assert bad.exit_code == 2 and "-j" in bad.output


@pytest.mark.parametrize(("cpu_max", "cap"), [("max 100000", None), ("150000 100000", 2), ("50000 100000", 1),
                                              ("garbled", None)])
def test_default_jobs_keep_within_a_containers_cpu_quota(cpu_max: str, cap: int | None, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.pipeline as pipeline

    (tmp_path / "cpu.max").write_text(cpu_max, encoding="ascii")
    monkeypatch.setattr(pipeline, "CPU_MAX", tmp_path / "cpu.max")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    assert pipeline.default_jobs() == max(1, min(cores, cap or cores, 8))
    monkeypatch.setattr(pipeline, "CPU_MAX", tmp_path / "absent")
    assert pipeline.default_jobs() == max(1, min(cores, 8))
