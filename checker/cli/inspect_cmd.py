"""``checker inspect DATASET [--format text|json]``: what was read — tables, indicators, figures, problems."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.text import Text

from checker.cli.common import guarded
from checker.cli.dataset_view import (
    console,
    render_counts,
    render_indicators,
    render_stated,
    render_tables,
    render_units,
)
from checker.dataset.summary import describe
from checker.importers import load_dataset


@click.command("inspect")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@guarded
def inspect_command(dataset: Path, fmt: str) -> None:
    """Show what DATASET (a dataset folder, .xlsx workbook, or disclosure .pdf or .txt) holds once read.

    Problems met while reading are part of what was read: they are listed, and the exit code is 0.
    """
    data = load_dataset(dataset)
    summary = describe(data)
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    out = console()
    render_units(out, summary)
    render_tables(out, summary)
    if summary["indicators"]:
        render_indicators(out, summary)
    if summary["stated_figures"]:
        render_stated(out, summary)
    render_counts(out, summary)
    for problem in data.problems:
        out.print(Text(problem.render()))
