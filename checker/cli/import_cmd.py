"""``checker import SOURCE -o DATASET_DIR [--xlsx BOOK.xlsx] [--stacked]``: read a source, write the canonical
format."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from checker.cli.common import echo_diagnostics, guarded
from checker.cli.dataset_view import console, render_counts, render_tables
from checker.dataset.summary import describe
from checker.importers import load_dataset
from checker.importers.canonical import write_canonical, write_workbook


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The dataset folder to write (CSV files and manifest.toml).")
@click.option("--xlsx", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the dataset as one XLSX workbook.")
@click.option("--stacked", is_flag=True,
              help="Write many units as one folder (units.csv, one file per table kind), not a folder each.")
@guarded
def import_command(source: Path, output: Path, xlsx: Path | None, stacked: bool) -> None:
    """Read SOURCE (a disclosure .pdf or .txt, a dataset folder or .xlsx workbook) and write it as a dataset folder.

    Problems met while reading are printed on stderr; they are findings to read, so the exit code is 0
    unless nothing could be read (2).
    """
    dataset = load_dataset(source)
    written = write_canonical(dataset, output, stacked=stacked)
    if xlsx is not None:
        written += write_workbook(dataset, xlsx)
    echo_diagnostics(dataset.problems)
    out = console()
    summary = describe(dataset)
    render_tables(out, summary)
    render_counts(out, summary)
    out.print(Text(f"wrote {output} ({len(written)} files)" + (f" and {xlsx}" if xlsx else "")))
