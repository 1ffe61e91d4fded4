"""`checker score DATASET --actuals FILE...`: year-end self-evaluation (or, with --as-of, monitoring lights).

Exit 0 when the scores were computed (findings do not change it), 2 when the data, the actuals or the
policy could not be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import EXIT_INCOMPLETE, echo_diagnostics, guarded, rule_paths
from checker.cli.score_view import render_scores
from checker.dataset.model import Dataset
from checker.importers import load_many
from checker.pipeline import default_jobs
from checker.report import Report, render_html, render_xlsx
from checker.report.jsontext import dumps
from checker.report.selfeval_xlsx import render_selfeval_xlsx
from checker.score import has_actuals, load_policy, report_rows, score_dataset, sheet_plain, standard_policy
from checker.score.monitor import parse_month
from checker.score.sheet import ScoreSheet

FORMATS = ("text", "json", "html", "xlsx")


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    month = parse_month(value)
    if month is None:
        raise click.BadParameter(f"{value!r} is not a month; write YYYY-MM, e.g. 2021-06")
    return month


@click.command("score")
@click.argument("datasets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--actuals", multiple=True, type=click.Path(path_type=Path),
              help="Indicator actuals and/or actual spending (CSV or XLSX).")
@click.option("--rules", "-r", "rules", multiple=True, type=click.Path(path_type=Path),
              help="A rule file holding the scoring policy (default: the shipped rulesets/scoring.rules).")
@click.option("--as-of", "as_of", callback=_month, metavar="YYYY-MM",
              help="Monitoring: the actuals are to the end of this month; show progress and lights.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="xlsx is the standard 项目支出绩效自评表 (needs -o).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file instead of printing.")
@guarded
def score_command(datasets: tuple[Path, ...], actuals: tuple[Path, ...], rules: tuple[Path, ...],
                  as_of: tuple[int, int] | None, fmt: str, output: Path | None) -> None:
    """Score each project's indicators against their targets (绩效自评): marks, score, reasons, grade."""
    rule_files, missing = rule_paths(rules)
    if missing:
        _fail(f"no such rule file or folder: {', '.join(map(str, missing))}")
    policy, warnings = load_policy(rule_files) if rule_files else (standard_policy(), [])
    echo_diagnostics(warnings)
    dataset = _load(datasets, actuals)
    echo_diagnostics(dataset.problems)
    sheet = score_dataset(dataset, policy, as_of)
    body = _render(sheet, dataset, fmt)
    if output is not None:
        output.write_bytes(body) if isinstance(body, bytes) else output.write_text(body, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    elif isinstance(body, bytes):
        _fail("--format xlsx writes a workbook: give -o FILE.xlsx")
    else:
        click.echo(body, nl=False)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_INCOMPLETE)


def _load(datasets: tuple[Path, ...], actuals: tuple[Path, ...]) -> Dataset:
    dataset = load_many(list(datasets), default_jobs(), actuals)
    if not has_actuals(dataset):
        _fail("nothing to score: the dataset has no actuals; give --actuals FILE (实际完成值 and/or 执行数)")
    return dataset


def _render(sheet: ScoreSheet, dataset: Dataset, fmt: str) -> str | bytes:
    plain = sheet_plain(sheet, dataset.problems)
    if fmt == "json":
        return dumps(plain) + "\n"
    if fmt == "text":
        return render_scores(plain)
    if fmt == "xlsx" and sheet.as_of is None:
        return render_selfeval_xlsx(plain)
    report = Report.of(sheet.findings, scores=report_rows(plain), datasets=[
        {"key": u.key, "department": u.department, "year": u.year, "document": u.document} for u in dataset.units])
    return render_html(report) if fmt == "html" else render_xlsx(report)
