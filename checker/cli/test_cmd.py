"""`checker test RULES...`: run the rule cases written beside the rules; exit 0 all met, 1 otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK, guarded
from checker.ruletest import CaseResult, Suite, case_files, run_cases


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--coverage/--no-coverage", default=True, show_default=True, help="List rules no case tests.")
@guarded
def test_command(paths: tuple[Path, ...], coverage: bool) -> None:
    """Run rule cases (NAME.cases.toml beside NAME.rules, or folders of them)."""
    files = case_files(paths)
    if not files:
        click.echo("error: no rule cases found (NAME.cases.toml beside NAME.rules)", err=True)
        sys.exit(EXIT_INCOMPLETE)
    suite = run_cases(files)
    for result in suite.results:
        _echo_result(result)
    if coverage:
        _echo_coverage(suite)
    met = sum(r.passed for r in suite.results)
    click.echo(f"{met}/{len(suite.results)} case(s) met their expectations")
    sys.exit(EXIT_OK if suite.passed else EXIT_FINDINGS)


def _echo_result(result: CaseResult) -> None:
    mark = "ok  " if result.passed else "FAIL"
    click.echo(f"{mark} {Path(result.case.file).name} · {result.case.name}")
    if result.error:
        click.echo(f"       could not build the case: {result.error}")
    for expectation, found in result.missed:
        subject = f" {expectation.subject}" if expectation.subject else ""
        click.echo(f"       - expected {expectation.rule}{subject}: {expectation.outcome}")
        if not found:
            click.echo(f"       + found no finding of {expectation.rule}{subject}")
        for f in found[:5]:
            click.echo(f"       + found {f.rule} {f.subject}: {f.outcome.value} — {f.message}")


def _echo_coverage(suite: Suite) -> None:
    if suite.untested:
        click.echo(f"coverage: {len(suite.untested)} rule(s) have no case: {', '.join(suite.untested)}")
    if suite.never_failed:
        click.echo(f"coverage: {len(suite.never_failed)} rule(s) never failed in any case: "
                   f"{', '.join(suite.never_failed)}")
