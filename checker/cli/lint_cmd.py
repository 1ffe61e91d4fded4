"""`checker lint RULES...`: every problem in every rule file, before any data is touched."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import EXIT_INCOMPLETE, EXIT_OK, echo_diagnostics, rule_paths
from checker.compile import compile_files


@click.command("lint")
@click.argument("rules", nargs=-1, required=True, type=click.Path(path_type=Path))
def lint_command(rules: tuple[Path, ...]) -> None:
    """Check rule files (syntax, names, units, codes); exit 0 when clean, 2 on errors."""
    paths, missing = rule_paths(rules)
    for m in missing:
        click.echo(f"{m}: E107 no such rule file or folder", err=True)
    result = compile_files(paths)
    echo_diagnostics(result.diagnostics)
    program = result.program
    errors = len(result.errors) + len(missing)
    click.echo(
        f"{len(program.files)} file(s), {len(program.rules)} rule(s) after unrolling, {len(program.targets)} target(s): "
        + ("clean" if not errors else f"{errors} error(s)"),
        err=bool(errors),
    )
    sys.exit(EXIT_INCOMPLETE if errors else EXIT_OK)
