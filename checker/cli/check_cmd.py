"""`checker check DATASET... --rules RULES...`: the main job — findings and reports, exit 0/1/2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import (
    EXIT_INCOMPLETE,
    echo_diagnostics,
    guarded,
    progress_bar,
    rule_paths,
    write_reports,
)
from checker.findings import Severity
from checker.pipeline import CheckRequest, default_jobs, run_check
from checker.report.render import FORMATS, render


@click.command("check")
@click.argument("datasets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rules", "-r", "rules", multiple=True, type=click.Path(path_type=Path),
              help="Rule files or folders (default: the shipped standard rulesets for the document kind).")
@click.option("--actuals", multiple=True, type=click.Path(path_type=Path),
              help="Indicator actuals / actual spending (CSV or XLSX).")
@click.option("--codes", "code_lists", multiple=True, type=click.Path(path_type=Path),
              help="Official classification-code lists (CSV or XLSX).")
@click.option("--year", help="Fiscal year of the code lists.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS), help="Report format(s).")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Report file, or a folder to write every chosen format into (checker.<ext>).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Exit 1 when a finding at or above this severity failed.")
@click.option("--waivers", type=click.Path(path_type=Path), help="Accepted findings (CSV or TOML).")
@click.option("--show-passed", is_flag=True, help="List passed subjects too (they are always counted).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for a large dataset of many units (default: the machine's cores; 1 = one process). "
                   "The findings are the same either way.")
@guarded
def check_command(datasets: tuple[Path, ...], rules: tuple[Path, ...], actuals: tuple[Path, ...],
                  code_lists: tuple[Path, ...], year: str | None, formats: tuple[str, ...], output: Path | None,
                  fail_on: str, waivers: Path | None, show_passed: bool, jobs: int | None) -> None:
    """Check datasets (canonical folders, XLSX workbooks, disclosure PDFs or text) against rules."""
    rule_files, missing = rule_paths(rules)
    if missing:
        click.echo(f"error: no such rule file or folder: {', '.join(map(str, missing))}", err=True)
        sys.exit(EXIT_INCOMPLETE)
    with progress_bar("checking") as progress:
        run = run_check(CheckRequest(
            datasets=datasets, rules=rule_files, actuals=actuals, code_lists=code_lists, year=year,
            waivers=waivers, fail_on=Severity.parse(fail_on), keep_passed=show_passed, progress=progress,
            jobs=jobs or default_jobs(),
        ))
    echo_diagnostics(run.warnings)
    chosen = formats or ("text",)
    if output is None:
        for fmt in chosen:
            body = render(run.report, fmt)
            click.echo(body if isinstance(body, str) else "(binary output needs -o)")
    else:
        for path in write_reports(run.report, chosen, output):
            click.echo(f"wrote {path}", err=True)
        if "text" not in chosen:
            click.echo(render(run.report, "text"))
    sys.exit(run.exit_code)
