"""``checker diff``: new, fixed and still-open findings between two JSON reports, and its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_cases import BALANCE, GROWTH, MAIL, MISSING, ROLLUP, WAIVED

from checker.cli import main
from checker.diagnostics import DiagnosticError
from checker.findings import Finding, Outcome
from checker.report import Report, diff_reports, load_report, render_diff, render_json


def _write(path: Path, findings: list[Finding], when: str) -> Path:
    path.write_text(render_json(Report.of(findings, generated_at=when)), encoding="utf-8")
    return path


@pytest.fixture
def reports(tmp_path: Path) -> tuple[Path, Path]:
    # before: ROLLUP and BALANCE open, GROWTH open, MAIL not evaluated
    old = _write(tmp_path / "old.json", [ROLLUP, BALANCE, GROWTH, MAIL.with_(outcome=Outcome.NOT_EVALUATED)],
                 "2025-03-01T08:00:00+00:00")
    # after: BALANCE fixed (gone), GROWTH waived, ROLLUP still open with another value, MAIL now failing,
    # the 208 roll-up newly failing, a missing table not evaluated
    new = _write(tmp_path / "new.json",
                 [ROLLUP.with_(actual=ROLLUP.actual - 1), GROWTH.with_(outcome=Outcome.WAIVED), MAIL,
                  WAIVED.with_(outcome=Outcome.FAILED, waiver=""), MISSING], "2025-03-08T08:00:00+00:00")
    return old, new


def test_new_fixed_and_still_open_by_fingerprint(reports: tuple[Path, Path]) -> None:
    result = diff_reports(load_report(reports[0]), load_report(reports[1]))
    assert [f["fingerprint"] for f in result.new_findings] == [WAIVED.fingerprint, MAIL.fingerprint]
    assert {f["fingerprint"] for f in result.fixed} == {BALANCE.fingerprint, GROWTH.fingerprint}
    assert [f["fingerprint"] for f in result.still_open] == [ROLLUP.fingerprint]
    assert result.still_open[0]["actual"] == "2761.35"  # as the newer report has it
    assert result.exit_status == 1


def test_nothing_new_exits_0(tmp_path: Path) -> None:
    old = _write(tmp_path / "a.json", [ROLLUP, BALANCE], "1")
    new = _write(tmp_path / "b.json", [ROLLUP], "2")
    result = diff_reports(load_report(old), load_report(new))
    assert (len(result.new_findings), len(result.fixed), len(result.still_open), result.exit_status) == (0, 1, 1, 0)


def test_cli_text_and_exit_1_on_new_failures(reports: tuple[Path, Path]) -> None:
    run = CliRunner().invoke(main, ["diff", str(reports[0]), str(reports[1])])
    assert run.exit_code == 1, run.output
    lines = run.output.splitlines()
    assert lines[0] == "checker diff: 2 new, 2 fixed, 1 still open"
    assert "new (2)" in lines and "fixed (2)" in lines and "still open (1)" in lines
    assert any(line.startswith("  error   FC-ROLLUP  支出总表 208 社会保障和就业支出") for line in lines)


def test_cli_json(reports: tuple[Path, Path]) -> None:
    run = CliRunner().invoke(main, ["diff", str(reports[1]), str(reports[1]), "--format", "json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert data["schema"] == "checker.diff/1"
    assert data["counts"] == {"new": 0, "fixed": 0, "still_open": 3}


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "E322 not valid JSON"),
    ("[1, 2]", "E322 not a checker JSON report"),
    ('{"schema": "checker.codes/1", "findings": []}', "schema 'checker.codes/1'"),
    ('{"schema": "checker.report/1", "findings": [{"outcome": "failed"}]}', "findings[0] has no fingerprint"),
    ('{"schema": "checker.report/1", "findings": [{"fingerprint": "a", "outcome": "bad"}]}', "unknown outcome"),
], ids=["syntax", "array", "other-schema", "no-fingerprint", "bad-outcome"])
def test_cli_bad_report_is_one_line_and_exit_2(tmp_path: Path, reports: tuple[Path, Path], content: str,
                                                message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    run = CliRunner().invoke(main, ["diff", str(reports[0]), str(bad)])
    assert run.exit_code == 2
    assert len(run.output.strip().splitlines()) == 1 and message in run.output
    assert run.output.startswith(str(bad))


def test_missing_report_is_exit_2(tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["diff", str(tmp_path / "none.json"), str(tmp_path / "none.json")])
    assert run.exit_code == 2 and len(run.output.strip().splitlines()) == 1


def test_json_syntax_error_points_at_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "schema": ,\n}', encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        load_report(bad)
    assert caught.value.diagnostics[0].location == f"{bad}:2:13"


def test_render_diff_rejects_unknown_format(reports: tuple[Path, Path]) -> None:
    result = diff_reports(load_report(reports[0]), load_report(reports[1]))
    with pytest.raises(ValueError, match="unknown diff format"):
        render_diff(result, "xml")
