"""``checker diff OLD.json NEW.json``: findings new, fixed and still open between two JSON reports.

Exit 0 when nothing is newly open, 1 when something is, 2 when a report cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import guarded
from checker.report.diff import diff_reports, load_report, render_diff


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@guarded
def diff_command(old: Path, new: Path, fmt: str) -> None:
    """Compare two JSON reports (checker check --format json) of the same data by finding fingerprint.

    A finding is open when it failed or errored. Exit 0 when nothing is newly open, 1 when something is.
    """
    result = diff_reports(load_report(old), load_report(new))
    click.echo(render_diff(result, fmt), nl=False)
    sys.exit(result.exit_status)
